package io.tourbook.cli;

import picocli.CommandLine.Option;

/** Options every command that talks to a node takes. */
final class ClientOptions {

  static final String DEFAULT_URL = "http://localhost:8080";

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "Node URL. Default: $TOURBOOK_URL, else the URL you logged in to, else "
              + DEFAULT_URL
              + ".")
  String url;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table (fits the terminal) or json (one document). Default: ${DEFAULT-VALUE}.")
  Output.Format output;

  @Option(names = "--utc", description = "Show times in UTC instead of the local time zone.")
  boolean utc;

  /** --url, else TOURBOOK_URL, else {@code loggedIn} (may be null), else the default. */
  String url(Terminal terminal, String loggedIn) {
    String chosen = url != null ? url : terminal.variable("TOURBOOK_URL");
    if (chosen == null) {
      chosen = loggedIn != null ? loggedIn : DEFAULT_URL;
    }
    return normalized(chosen);
  }

  static String normalized(String url) {
    return url.strip().replaceAll("/+$", "");
  }
}
