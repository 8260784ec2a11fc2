package io.tourbook.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that talks to a node: its options, the logged-in API, and the output. */
abstract class AdminCommand implements Callable<Integer> {

  private static final Pattern LAT_LON =
      Pattern.compile("-?\\d{1,3}(\\.\\d+)?,-?\\d{1,3}(\\.\\d+)?");

  @Spec CommandSpec spec;

  @Mixin ClientOptions client;

  /** Does the work; failures are {@link CliException}s or usage errors. */
  abstract void execute();

  @Override
  public Integer call() {
    execute();
    return 0;
  }

  Terminal terminal() {
    return ((TourbookAdmin) spec.root().userObject()).terminal();
  }

  Output output() {
    ZoneId zone = client.utc ? ZoneOffset.UTC : ZoneId.systemDefault();
    return new Output(terminal(), client.output, zone);
  }

  /** The API with the stored session, which must be for the node this command talks to. */
  AdminApi api() {
    Credentials session =
        Credentials.load(Credentials.file(terminal()))
            .orElseThrow(
                () ->
                    CliException.notAuthorized(
                        "Not logged in. Run: tourbook-admin login --email EMAIL"));
    String url = client.url(terminal(), session.url());
    if (!url.equals(session.url())) {
      // The token is never sent to a node other than the one that issued it.
      throw CliException.notAuthorized(
          "You are logged in to "
              + session.url()
              + ", not "
              + url
              + ". Run: tourbook-admin login --url "
              + url
              + " --email EMAIL");
    }
    if (session.expired(Instant.now())) {
      throw CliException.notAuthorized(
          "Your session expired at "
              + output().time(session.expiresAt().toString())
              + ". Run: tourbook-admin login --email "
              + session.email());
    }
    return new AdminApi(url, session.accessToken());
  }

  static Map<String, Object> query() {
    return new LinkedHashMap<>();
  }

  /** A {@code LAT,LON} option, checked before it is sent. */
  String latLon(String value, String option) {
    if (value != null && !LAT_LON.matcher(value.replace(" ", "")).matches()) {
      throw new ParameterException(spec.commandLine(), option + " must be LAT,LON, e.g. 6.45,3.39");
    }
    return value == null ? null : value.replace(" ", "");
  }
}
