package io.tourbook.iam.throttle;

import io.vertx.core.json.JsonObject;

/**
 * The {@code iam.login.*} and {@code iam.register.*} limits (config/default.yaml), read once at
 * start.
 *
 * @param maxFailuresPerAccountAndAddress login attempts one address may make on one account within
 *     the window before 429; a successful login gives them back
 * @param maxFailuresPerAddress failed logins one address may make on all accounts within the window
 * @param accountBackoffAfter failed logins on one account, from every address, within the window
 *     before each further attempt on it waits; the wait doubles with every failure
 * @param accountBackoffInitialSeconds the first such wait
 * @param accountBackoffMaxSeconds the longest such wait
 * @param windowSeconds how long an attempt counts, from the first one
 * @param registrationsPerAddress registrations one address may make within {@code
 *     registrationWindowSeconds}
 * @param registrationWindowSeconds how long a registration counts, from the first one
 * @param redisMaxPoolSize Redis connections of iam's client
 * @param redisMaxWaiting requests that may wait for one of them before the client refuses
 */
public record ThrottleSettings(
    int maxFailuresPerAccountAndAddress,
    int maxFailuresPerAddress,
    int accountBackoffAfter,
    int accountBackoffInitialSeconds,
    int accountBackoffMaxSeconds,
    int windowSeconds,
    int registrationsPerAddress,
    int registrationWindowSeconds,
    int redisMaxPoolSize,
    int redisMaxWaiting) {

  public static ThrottleSettings from(JsonObject config) {
    JsonObject iam = config.getJsonObject("iam", new JsonObject());
    JsonObject login = iam.getJsonObject("login", new JsonObject());
    JsonObject register = iam.getJsonObject("register", new JsonObject());
    ThrottleSettings settings =
        new ThrottleSettings(
            login.getInteger("max-failures", 5),
            login.getInteger("max-failures-per-address", 20),
            login.getInteger("account-backoff-after", 50),
            login.getInteger("account-backoff-initial-seconds", 1),
            login.getInteger("account-backoff-max-seconds", 900),
            login.getInteger("window-seconds", 900),
            register.getInteger("max-per-address", 20),
            register.getInteger("window-seconds", 3600),
            iam.getInteger("redis-max-pool-size", 8),
            iam.getInteger("redis-max-waiting", 2048));
    requirePositive("iam.login.max-failures", settings.maxFailuresPerAccountAndAddress);
    requirePositive("iam.login.max-failures-per-address", settings.maxFailuresPerAddress);
    requirePositive("iam.login.account-backoff-after", settings.accountBackoffAfter);
    requirePositive(
        "iam.login.account-backoff-initial-seconds", settings.accountBackoffInitialSeconds);
    requirePositive("iam.login.account-backoff-max-seconds", settings.accountBackoffMaxSeconds);
    requirePositive("iam.login.window-seconds", settings.windowSeconds);
    requirePositive("iam.register.max-per-address", settings.registrationsPerAddress);
    requirePositive("iam.register.window-seconds", settings.registrationWindowSeconds);
    requirePositive("iam.redis-max-pool-size", settings.redisMaxPoolSize);
    requirePositive("iam.redis-max-waiting", settings.redisMaxWaiting);
    return settings;
  }

  private static void requirePositive(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, not " + value);
    }
  }
}
