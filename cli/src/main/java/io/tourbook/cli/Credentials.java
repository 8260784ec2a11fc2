package io.tourbook.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

/**
 * The session of {@code login}: {@code $XDG_CONFIG_HOME/tourbook/credentials} (else {@code
 * $HOME/.config/tourbook/credentials}), readable by its owner only. It holds the node URL, the
 * email and the access token with its expiry; nothing prints the token.
 */
record Credentials(String url, String email, String accessToken, Instant expiresAt) {

  @Override
  public String toString() {
    return "Credentials[url=" + url + ", email=" + email + ", expiresAt=" + expiresAt + "]";
  }

  /**
   * Where the session is kept: under {@code $XDG_CONFIG_HOME}, else {@code $HOME/.config} (the XDG
   * Base Directory default), read from the environment as a shell user expects; the JVM's {@code
   * user.home} (from the password database) only when neither is set. A relative {@code
   * XDG_CONFIG_HOME} is ignored, as the specification says.
   */
  static Path file(Terminal terminal) {
    String xdg = terminal.variable("XDG_CONFIG_HOME");
    Path config;
    if (xdg != null && Path.of(xdg).isAbsolute()) {
      config = Path.of(xdg);
    } else {
      String home = terminal.variable("HOME");
      config = Path.of(home != null ? home : System.getProperty("user.home"), ".config");
    }
    return config.resolve("tourbook").resolve("credentials");
  }

  boolean expired(Instant now) {
    return !expiresAt.isAfter(now);
  }

  static Optional<Credentials> load(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      return Optional.of(
          new Credentials(
              json.getString("url"),
              json.getString("email"),
              json.getString("accessToken"),
              Instant.parse(json.getString("expiresAt"))));
    } catch (IOException | RuntimeException unreadable) {
      throw CliException.failed(
          "The credentials file "
              + file
              + " cannot be read; run tourbook-admin logout, then login again.");
    }
  }

  /**
   * Writes the session atomically: a temporary file created with mode 0600 (never wider, not even
   * for a moment), then moved over the old one.
   */
  void save(Path file) {
    try {
      Path directory = Files.createDirectories(file.getParent(), ownerOnly("rwx------"));
      Path temporary =
          Files.createTempFile(directory, "credentials", ".tmp", ownerOnly("rw-------"));
      try {
        Files.writeString(temporary, toJson().encodePrettily(), StandardCharsets.UTF_8);
        move(temporary, file);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw CliException.failed("Could not write " + file + ": " + e.getMessage());
    }
  }

  /** Removes the session; true if there was one. */
  static boolean delete(Path file) {
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw CliException.failed("Could not delete " + file + ": " + e.getMessage());
    }
  }

  private JsonObject toJson() {
    return new JsonObject()
        .put("url", url)
        .put("email", email)
        .put("accessToken", accessToken)
        .put("expiresAt", expiresAt.toString());
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException notAtomic) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static FileAttribute<?>[] ownerOnly(String permissions) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
    };
  }
}
