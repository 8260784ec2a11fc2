package io.tourbook.app;

import io.tourbook.embedded.BackingServices;
import io.tourbook.embedded.SentMessages;
import io.tourbook.platform.mail.SentMail;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;

/**
 * The launcher of the jar the README runs: {@link Main} plus the development servers of {@code
 * verticles/embedded}, started for every backing service the configuration leaves empty. The
 * production jar ({@code -Dproduction}) has neither this class nor those servers.
 */
public final class EmbeddedMain {

  private EmbeddedMain() {}

  public static void main(String[] args) {
    System.exit(Main.run(EmbeddedMain::start, args));
  }

  static Future<Backing> start(Vertx vertx, JsonObject config) {
    return BackingServices.start(vertx, config)
        .map(
            services ->
                new Backing() {
                  @Override
                  public JsonObject applyTo(JsonObject node) {
                    return services.settings().applyTo(node);
                  }

                  @Override
                  public Map<String, String> environment() {
                    return services.settings().asEnvironment();
                  }

                  @Override
                  public Optional<SentMail> sentMail() {
                    return services
                        .embeddedMail()
                        .map(
                            mail ->
                                () -> vertx.executeBlocking(() -> SentMessages.list(mail), false));
                  }

                  @Override
                  public Future<Void> stop(Vertx stopping) {
                    return services.stop(stopping);
                  }
                });
  }
}
