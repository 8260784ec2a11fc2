package io.tourbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs tourbook-admin in this JVM against a node, with a home directory of its own ({@code HOME},
 * for the credentials file), a wide terminal, and optional environment variables and standard
 * input.
 */
final class Cli {

  static final int WIDTH = 220;

  final String url;
  final Path home;

  private Cli(String url, Path home) {
    this.url = url;
    this.home = home;
  }

  /** A CLI for the node at {@code port}; {@link #close()} deletes its home directory. */
  static Cli forPort(int port) {
    try {
      return new Cli("http://localhost:" + port, Files.createTempDirectory("tourbook-cli"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void close() throws IOException {
    try (Stream<Path> files = Files.walk(home)) {
      for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(file);
      }
    }
  }

  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {
    JsonObject json() {
      assertThat(exitCode).as(err).isZero();
      return new JsonObject(out);
    }

    /** The table's lines, header first, without the page line. */
    List<String> lines() {
      assertThat(exitCode).as(err).isZero();
      return Arrays.stream(out.split("\n")).filter(line -> !line.startsWith("page ")).toList();
    }

    List<String> header() {
      return Arrays.asList(lines().get(0).trim().split("\\s{2,}"));
    }
  }

  /** Runs with --url of this node appended to the command. */
  Result run(String... args) {
    return runWith(Map.of(), "", withUrl(args));
  }

  /** Runs exactly {@code args}, with these environment variables and standard input. */
  Result runWith(Map<String, String> environment, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> variables = new HashMap<>(environment);
    variables.putIfAbsent("COLUMNS", String.valueOf(WIDTH));
    variables.putIfAbsent("HOME", home.toString());
    int exit = TourbookAdmin.run(terminal(variables, out, err, stdin), args);
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The terminal of a run with these environment variables. */
  static Terminal terminal(
      Map<String, String> variables,
      ByteArrayOutputStream out,
      ByteArrayOutputStream err,
      String stdin) {
    return new Terminal(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        variables,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        null);
  }

  /** Where this CLI keeps its session: under {@code $HOME/.config}. */
  Path credentials() {
    return Credentials.file(
        terminal(
            Map.of("HOME", home.toString()),
            new ByteArrayOutputStream(),
            new ByteArrayOutputStream(),
            ""));
  }

  /** Logs in with the password on standard input. */
  Result login(String email, String password) {
    return runWith(Map.of(), password + "\n", withUrl("login", "--email", email));
  }

  String[] withUrl(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--url");
    all.add(url);
    return all.toArray(String[]::new);
  }
}
