package io.tourbook.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the CLI reads from and writes to: the output streams, environment variables, standard input
 * and the console (null when there is none, as under a pipe or in tests).
 */
record Terminal(
    PrintStream out,
    PrintStream err,
    Map<String, String> environment,
    InputStream stdin,
    Console console) {

  static final int DEFAULT_WIDTH = 100;

  static Terminal system(PrintStream out, PrintStream err) {
    return new Terminal(out, err, System.getenv(), System.in, System.console());
  }

  String variable(String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** Columns of the terminal: {@code COLUMNS} when the shell exports it, else 100. */
  int width() {
    String columns = variable("COLUMNS");
    if (columns != null) {
      try {
        int width = Integer.parseInt(columns.trim());
        if (width >= 20) {
          return width;
        }
      } catch (NumberFormatException notANumber) {
        // Falls back to the default width below.
      }
    }
    return DEFAULT_WIDTH;
  }

  /**
   * The password: {@code TOURBOOK_PASSWORD}, else a prompt without echo on the console, else the
   * first line of standard input.
   */
  char[] password(String prompt) {
    String fromEnvironment = variable("TOURBOOK_PASSWORD");
    if (fromEnvironment != null) {
      return fromEnvironment.toCharArray();
    }
    if (console != null) {
      char[] typed = console.readPassword("%s", prompt);
      return typed == null ? new char[0] : typed;
    }
    try {
      String line =
          new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
      return line == null ? new char[0] : line.toCharArray();
    } catch (java.io.IOException e) {
      throw CliException.failed(
          "Could not read the password from standard input: " + e.getMessage());
    }
  }
}
