package io.tourbook.iam;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * The {@code iam.*} configuration (config/default.yaml), read once at start.
 *
 * @param adminEmail email of the first admin ({@code IAM_ADMIN_EMAIL}); empty: no bootstrap
 * @param adminPassword password of the first admin ({@code IAM_ADMIN_PASSWORD})
 * @param passwordMinLength minimum password length in characters
 * @param argon2MemoryKib Argon2id memory cost in KiB
 * @param argon2Iterations Argon2id passes over memory
 * @param argon2Parallelism Argon2id lanes
 * @param hashingThreads threads that hash passwords (bounding their memory); one per core when 0
 * @param clientAddressHeader the header a trusted proxy puts the client address in (its rightmost
 *     entry is used), or empty for the connection's address
 */
public record IamSettings(
    String adminEmail,
    String adminPassword,
    int passwordMinLength,
    int argon2MemoryKib,
    int argon2Iterations,
    int argon2Parallelism,
    int hashingThreads,
    String clientAddressHeader) {

  /** The shape the registration schema requires of an email. */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  public static IamSettings from(JsonObject config) {
    JsonObject iam = config.getJsonObject("iam", new JsonObject());
    JsonObject password = iam.getJsonObject("password", new JsonObject());
    JsonObject login = iam.getJsonObject("login", new JsonObject());
    int threads = password.getInteger("hashing-threads", 0);
    IamSettings settings =
        new IamSettings(
            iam.getString("admin-email", ""),
            iam.getString("admin-password", ""),
            password.getInteger("min-length", 10),
            password.getInteger("argon2-memory-kib", 19456),
            password.getInteger("argon2-iterations", 2),
            password.getInteger("argon2-parallelism", 1),
            threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
            login.getString("client-address-header", ""));
    settings.check();
    return settings;
  }

  public boolean bootstrapsAdmin() {
    return !adminEmail.isBlank() && !adminPassword.isEmpty();
  }

  private void check() {
    if (adminEmail.isBlank() != adminPassword.isEmpty()) {
      throw new IllegalArgumentException(
          "Set both iam.admin-email and iam.admin-password (IAM_ADMIN_EMAIL, IAM_ADMIN_PASSWORD), or"
              + " neither");
    }
    if (!adminEmail.isBlank() && !EMAIL.matcher(adminEmail.strip()).matches()) {
      throw new IllegalArgumentException("iam.admin-email is not an email address");
    }
    requirePositive("iam.password.min-length", passwordMinLength);
    requirePositive("iam.password.argon2-iterations", argon2Iterations);
    requirePositive("iam.password.argon2-parallelism", argon2Parallelism);
    if (argon2MemoryKib < 8 * argon2Parallelism) {
      throw new IllegalArgumentException(
          "iam.password.argon2-memory-kib must be at least 8 x argon2-parallelism");
    }
  }

  private static void requirePositive(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, not " + value);
    }
  }

  /** Leaves the admin password out, so the settings can be logged. */
  @Override
  public String toString() {
    return "IamSettings[adminEmail=%s, argon2id m=%d KiB t=%d p=%d, hashingThreads=%d]"
        .formatted(
            adminEmail, argon2MemoryKib, argon2Iterations, argon2Parallelism, hashingThreads);
  }
}
