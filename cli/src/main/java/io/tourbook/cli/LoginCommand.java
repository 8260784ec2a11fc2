package io.tourbook.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "login",
    description = {
      "Log in and keep the session in $XDG_CONFIG_HOME/tourbook/credentials, else"
          + " $HOME/.config/tourbook/credentials (mode 0600).",
      "The password is read from $TOURBOOK_PASSWORD, else prompted without echo, else read from"
          + " the first line of standard input."
    })
final class LoginCommand extends AdminCommand {

  @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "Admin email.")
  String email;

  @Override
  void execute() {
    String url = client.url(terminal(), null);
    char[] password = terminal().password("Password for " + email + ": ");
    JsonObject answer;
    try {
      answer =
          new AdminApi(url, null)
              .post(
                  "/iam/login",
                  new JsonObject().put("email", email).put("password", new String(password)));
    } catch (CliException refused) {
      if (refused.exitCode() == CliException.NOT_AUTHORIZED) {
        throw CliException.notAuthorized(
            "The node refused the login: wrong email or password, or the account is suspended.");
      }
      throw refused;
    } finally {
      Arrays.fill(password, '\0');
    }
    String token = answer.getString("accessToken");
    if (token == null) {
      throw CliException.failed("The node at " + url + " answered the login without a token.");
    }
    Instant expiresAt = Instant.now().plusSeconds(answer.getLong("expiresIn", 0L));
    new Credentials(url, email, token, expiresAt).save(Credentials.file(terminal()));
    List<String> roles = roles(token);
    String note =
        roles.contains("admin") ? "" : " This account is not an admin: admin commands will refuse.";
    output()
        .done(
            "Logged in to "
                + url
                + " as "
                + email
                + " (roles: "
                + String.join(", ", roles)
                + "), until "
                + output().time(expiresAt.toString())
                + "."
                + note,
            new JsonObject()
                .put("url", url)
                .put("email", email)
                .put("roles", new JsonArray(roles))
                .put("expiresAt", expiresAt.toString()));
  }

  /** The roles claim of the token, read only to tell the user; the node verifies the token. */
  private static List<String> roles(String token) {
    String[] parts = token.split("\\.");
    try {
      JsonObject claims =
          new JsonObject(
              new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      return claims.getJsonArray("roles", new JsonArray()).stream().map(String::valueOf).toList();
    } catch (RuntimeException unreadable) {
      return List.of();
    }
  }
}
