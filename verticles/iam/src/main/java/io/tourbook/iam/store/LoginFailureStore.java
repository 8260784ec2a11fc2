package io.tourbook.iam.store;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Counts failed logins in Redis, per account and per client address, each in a fixed window that
 * starts at its first failure. The scripts make each step atomic, so nodes sharing the Redis share
 * the counts. Accounts are keyed by a digest of the email: no address is stored in Redis.
 */
public final class LoginFailureStore {

  /** KEYS: the counters; ARGV: their limits. Returns the seconds until every counter allows. */
  private static final String BLOCKED_FOR =
      """
      local wait = 0
      for i, key in ipairs(KEYS) do
        local count = tonumber(redis.call('GET', key) or '0')
        if count >= tonumber(ARGV[i]) then
          local ttl = redis.call('TTL', key)
          if ttl < 1 then ttl = 1 end
          if ttl > wait then wait = ttl end
        end
      end
      return wait
      """;

  /** KEYS: the counters; ARGV[1]: the window. Counts one failure on each. */
  private static final String COUNT_FAILURE =
      """
      for _, key in ipairs(KEYS) do
        if redis.call('INCR', key) == 1 then
          redis.call('EXPIRE', key, ARGV[1])
        end
      end
      return 0
      """;

  private static final String PREFIX = "iam:login-failures:";

  private final RedisAPI redis;
  private final int maxPerAccount;
  private final int maxPerAddress;
  private final int windowSeconds;

  public LoginFailureStore(
      RedisAPI redis, int maxPerAccount, int maxPerAddress, int windowSeconds) {
    this.redis = redis;
    this.maxPerAccount = maxPerAccount;
    this.maxPerAddress = maxPerAddress;
    this.windowSeconds = windowSeconds;
  }

  /** Seconds until a login for this account from this address may be tried; 0 means now. */
  public Future<Long> blockedFor(String emailKey, String address) {
    return redis
        .eval(
            List.of(
                BLOCKED_FOR,
                "2",
                accountKey(emailKey),
                addressKey(address),
                String.valueOf(maxPerAccount),
                String.valueOf(maxPerAddress)))
        .map(response -> response.toLong());
  }

  public Future<Void> countFailure(String emailKey, String address) {
    return redis
        .eval(
            List.of(
                COUNT_FAILURE,
                "2",
                accountKey(emailKey),
                addressKey(address),
                String.valueOf(windowSeconds)))
        .mapEmpty();
  }

  /** Forgets the account's failures after a successful login; the address keeps its count. */
  public Future<Void> clearAccount(String emailKey) {
    return redis.del(List.of(accountKey(emailKey))).mapEmpty();
  }

  private static String accountKey(String emailKey) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(emailKey.getBytes(StandardCharsets.UTF_8));
      return PREFIX + "account:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static String addressKey(String address) {
    return PREFIX + "address:" + address;
  }
}
