package io.tourbook.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;

@Command(name = "logout", description = "Forget the session (deletes the credentials file).")
final class LogoutCommand extends AdminCommand {

  @Override
  void execute() {
    boolean removed = Credentials.delete(Credentials.file(terminal()));
    output()
        .done(
            removed ? "Logged out." : "Not logged in; nothing to do.",
            new JsonObject().put("loggedOut", removed));
  }
}
