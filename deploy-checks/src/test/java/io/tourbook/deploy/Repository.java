package io.tourbook.deploy;

import java.nio.file.Path;

/** The repository root the checks read, as the build passes it. */
final class Repository {

  private Repository() {}

  static Path root() {
    return Path.of(System.getProperty("tourbook.root", "..")).toAbsolutePath().normalize();
  }

  static Path terraform() {
    return root().resolve("terraform");
  }
}
