package io.tourbook.iam.throttle;

import io.tourbook.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login attempts, counted in Redis before the password is checked, so that concurrent guesses can
 * never check more passwords than the limits allow. Each step is one script: atomic, one command,
 * shared by every node on the Redis.
 *
 * <ul>
 *   <li>per account and address: {@code max-failures}, so that guesses from one address block that
 *       address only, never the account's owner elsewhere;
 *   <li>per address: {@code max-failures-per-address} over all accounts (credential stuffing);
 *   <li>per account from every address: past {@code account-backoff-after} failures, each further
 *       attempt waits twice as long as the one before, from {@code account-backoff-initial-seconds}
 *       up to {@code account-backoff-max-seconds} (a distributed guess slows down instead of
 *       locking the owner out).
 * </ul>
 *
 * A successful login gives its attempt back and clears the account's counts. When Redis cannot be
 * asked, login fails closed with 503. Accounts are keyed by a digest of the e-mail: no address is
 * stored in Redis.
 */
public final class LoginThrottle {

  private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
  private static final String PREFIX = "iam:login:";

  /**
   * KEYS: the (account, address), address and account counters and the account's back-off key.
   * ARGV: the pair and address limits, the back-off threshold, the window, the longest and the
   * first back-off. Returns 0 and counts the attempt, or the seconds to wait and counts nothing.
   */
  private static final String ATTEMPT =
      """
      local function wait_for(key, limit)
        if tonumber(redis.call('GET', key) or '0') >= limit then
          return math.max(redis.call('TTL', key), 1)
        end
        return 0
      end
      local wait = math.max(wait_for(KEYS[1], tonumber(ARGV[1])),
                            wait_for(KEYS[2], tonumber(ARGV[2])),
                            redis.call('TTL', KEYS[4]))
      if wait > 0 then
        return wait
      end
      for i = 1, 3 do
        if redis.call('INCR', KEYS[i]) == 1 then
          redis.call('EXPIRE', KEYS[i], ARGV[4])
        end
      end
      local over = tonumber(redis.call('GET', KEYS[3])) - tonumber(ARGV[3])
      if over >= 0 then
        local backoff = tonumber(ARGV[6]) * 2 ^ math.min(over, 30)
        redis.call('SET', KEYS[4], '1', 'EX', math.floor(math.min(tonumber(ARGV[5]), backoff)))
      end
      return 0
      """;

  /** KEYS as for ATTEMPT. Forgets the account's counts and gives the address its attempt back. */
  private static final String SUCCEEDED =
      """
      redis.call('DEL', KEYS[1], KEYS[3], KEYS[4])
      if redis.call('DECR', KEYS[2]) <= 0 then
        redis.call('DEL', KEYS[2])
      end
      return 0
      """;

  private final RedisAPI redis;
  private final ThrottleSettings settings;

  public LoginThrottle(RedisAPI redis, ThrottleSettings settings) {
    this.redis = redis;
    this.settings = settings;
  }

  /**
   * Counts an attempt on the account from the address; fails with {@link ThrottledException} when a
   * limit is reached (nothing is counted then), with 503 when Redis cannot be asked.
   */
  public Future<Void> attempt(String emailKey, String address) {
    return redis
        .eval(
            List.of(
                ATTEMPT,
                "4",
                pairKey(emailKey, address),
                addressKey(address),
                accountKey(emailKey),
                backoffKey(emailKey),
                String.valueOf(settings.maxFailuresPerAccountAndAddress()),
                String.valueOf(settings.maxFailuresPerAddress()),
                String.valueOf(settings.accountBackoffAfter()),
                String.valueOf(settings.windowSeconds()),
                String.valueOf(settings.accountBackoffMaxSeconds()),
                String.valueOf(settings.accountBackoffInitialSeconds())))
        .recover(failure -> unavailable(failure, "Login"))
        .compose(
            wait ->
                wait.toLong() > 0
                    ? Future.failedFuture(
                        new ThrottledException(
                            "Too many failed logins; try again later.", wait.toLong()))
                    : Future.succeededFuture());
  }

  /** After a successful login; best effort, since the login itself has succeeded. */
  public Future<Void> succeeded(String emailKey, String address) {
    return redis
        .eval(
            List.of(
                SUCCEEDED,
                "4",
                pairKey(emailKey, address),
                addressKey(address),
                accountKey(emailKey),
                backoffKey(emailKey)))
        .<Void>mapEmpty()
        .recover(
            failure -> {
              LOG.warn("Could not clear the login counts after a successful login", failure);
              return Future.succeededFuture();
            });
  }

  /** Fails closed: without its count, an attempt is not allowed. */
  static <T> Future<T> unavailable(Throwable failure, String action) {
    LOG.error("Throttling store unavailable", failure);
    return Future.failedFuture(
        ApiException.unavailable(action + " is unavailable; try again later."));
  }

  private static String pairKey(String emailKey, String address) {
    return PREFIX + "pair:" + digest(emailKey) + ":" + address;
  }

  private static String addressKey(String address) {
    return PREFIX + "address:" + address;
  }

  private static String accountKey(String emailKey) {
    return PREFIX + "account:" + digest(emailKey);
  }

  private static String backoffKey(String emailKey) {
    return PREFIX + "backoff:" + digest(emailKey);
  }

  private static String digest(String emailKey) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(emailKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
