package io.tourbook.iam.throttle;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;

/**
 * Registrations per client address, counted in Redis (one atomic script) before any work is done;
 * fails closed with 503 when Redis cannot be asked.
 */
public final class RegistrationThrottle {

  /** KEYS[1]: the address's counter; ARGV: the limit, the window. Returns the seconds to wait. */
  private static final String ATTEMPT =
      """
      local count = redis.call('INCR', KEYS[1])
      if count == 1 then
        redis.call('EXPIRE', KEYS[1], ARGV[2])
      end
      if count > tonumber(ARGV[1]) then
        return math.max(redis.call('TTL', KEYS[1]), 1)
      end
      return 0
      """;

  private final RedisAPI redis;
  private final ThrottleSettings settings;

  public RegistrationThrottle(RedisAPI redis, ThrottleSettings settings) {
    this.redis = redis;
    this.settings = settings;
  }

  /** Counts a registration from the address, or fails with {@link ThrottledException}. */
  public Future<Void> attempt(String address) {
    return redis
        .eval(
            List.of(
                ATTEMPT,
                "1",
                "iam:register:address:" + address,
                String.valueOf(settings.registrationsPerAddress()),
                String.valueOf(settings.registrationWindowSeconds())))
        .recover(failure -> LoginThrottle.unavailable(failure, "Registration"))
        .compose(
            wait ->
                wait.toLong() > 0
                    ? Future.failedFuture(
                        new ThrottledException(
                            "Too many registrations from this address; try again later.",
                            wait.toLong()))
                    : Future.succeededFuture());
  }
}
