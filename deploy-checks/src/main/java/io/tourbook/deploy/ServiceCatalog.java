package io.tourbook.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The names of the services a node can deploy: each {@code ServiceModule} listed in a {@code
 * verticles/*} module's {@code META-INF/services} file, named by the literal its {@code name()}
 * returns.
 */
public final class ServiceCatalog {

  static final String SPI =
      "src/main/resources/META-INF/services/io.tourbook.platform.ServiceModule";
  private static final Pattern NAME =
      Pattern.compile("String\\s+name\\(\\)\\s*\\{\\s*return\\s+\"([a-z]+)\"\\s*;");

  private ServiceCatalog() {}

  /**
   * @throws IllegalStateException if a listed module's source cannot be found or its name() does
   *     not return a literal
   */
  public static Set<String> serviceNames(Path repositoryRoot) {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> modules = Files.list(repositoryRoot.resolve("verticles"))) {
      for (Path module : modules.sorted().toList()) {
        Path spi = module.resolve(SPI);
        if (!Files.isRegularFile(spi)) {
          continue;
        }
        for (String line : Files.readAllLines(spi, StandardCharsets.UTF_8)) {
          String className = line.strip();
          if (!className.isEmpty() && !className.startsWith("#")) {
            names.add(nameOf(module, className));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the service modules", e);
    }
    return names;
  }

  private static String nameOf(Path module, String className) throws IOException {
    Path source = module.resolve("src/main/java").resolve(className.replace('.', '/') + ".java");
    if (!Files.isRegularFile(source)) {
      throw new IllegalStateException("no source for service module " + className);
    }
    Matcher matcher = NAME.matcher(Files.readString(source, StandardCharsets.UTF_8));
    if (!matcher.find()) {
      throw new IllegalStateException(className + ".name() does not return a literal");
    }
    return matcher.group(1);
  }
}
