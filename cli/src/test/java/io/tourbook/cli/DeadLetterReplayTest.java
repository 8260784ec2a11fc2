package io.tourbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.app.Platform;
import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.Subscription;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.tourbook.iam.IamModule;
import io.tourbook.platform.events.EventFixtures.GroupVerticle;
import io.tourbook.platform.testsupport.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real event parked after its one attempt, listed, shown and replayed with tourbook-admin: the
 * consumer group then handles it.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("tourbook-admin events deadletters")
class DeadLetterReplayTest {

  /** listing's subscription to account verifications, consumed here by a test group. */
  private static final Subscription VERIFICATIONS =
      SubscriptionRegistry.find("iam.accounts.listing").orElseThrow();

  private final AtomicBoolean healthy = new AtomicBoolean();
  private final List<EventEnvelope> handled = new CopyOnWriteArrayList<>();
  private Platform platform;
  private Cli cli;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    platform =
        Platform.start(
            vertx,
            config -> config.getJsonObject("events").put("max-attempts", 1),
            List.of(new IamModule()));
    Eventually.await(
        vertx.deployVerticle(
            new GroupVerticle(
                platform.node.node.events(),
                VERIFICATIONS,
                event -> {
                  if (!healthy.get()) {
                    return Future.failedFuture("the consumer is down");
                  }
                  handled.add(event);
                  return Future.succeededFuture();
                })));
    cli = Cli.forPort(platform.node.port);
    assertThat(cli.login(Platform.ADMIN_EMAIL, Platform.ADMIN_PASSWORD).exitCode()).isZero();
  }

  @AfterEach
  void stop() throws Exception {
    cli.close();
    Eventually.await(platform.node.stop());
  }

  @Test
  @DisplayName("A parked verification is listed, shown and replayed, and the group then handles it")
  void replayDeliversAParkedEvent() throws Exception {
    String providerId = platform.register("provider", Platform.email("parked"), new JsonObject());
    assertThat(cli.run("accounts", "verify", providerId).exitCode()).isZero();

    JsonObject letter = parked(providerId);
    String id = letter.getString("id");
    assertThat(letter.getString("type")).isEqualTo("iam.account.verified");
    assertThat(letter.getString("status")).isEqualTo("parked");
    Cli.Result table = cli.run("events", "deadletters", "list", "--status", "parked");
    assertThat(table.lines().get(1))
        .contains(id, "iam.accounts.listing", "iam.account.verified", providerId, "parked");
    assertThat(table.out()).contains("page 1 of 1 (1 total)");
    Cli.Result shown = cli.run("events", "deadletters", "show", id);
    assertThat(shown.out()).contains("envelope.subject", providerId);
    assertThat(
            cli.run("events", "deadletters", "show", id, "-o", "json").json().getString("eventId"))
        .isEqualTo(letter.getString("eventId"));
    assertThat(subscription().getInteger("deadLetters")).isEqualTo(1);
    assertThat(handled).isEmpty();

    healthy.set(true);
    Cli.Result replayed = cli.run("events", "deadletters", "replay", id);
    assertThat(replayed.exitCode()).as(replayed.err()).isZero();
    assertThat(replayed.out())
        .contains("Replayed iam.account.verified " + providerId + " to iam.accounts.listing");
    assertThat(handled).extracting(EventEnvelope::id).containsExactly(letter.getString("eventId"));
    assertThat(handled.get(0).data().getBoolean("verified")).isTrue();

    JsonObject after = cli.run("events", "deadletters", "show", id, "-o", "json").json();
    assertThat(after.getString("status")).isEqualTo("replayed");
    assertThat(subscription().getInteger("deadLetters")).isZero();
    Cli.Result again = cli.run("events", "deadletters", "replay", id, "-o", "json");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("already replayed");
  }

  /** Polls the CLI's JSON list until the subject's event is parked. */
  private JsonObject parked(String subject) throws Exception {
    return Eventually.until(
        "the verification of " + subject + " parked",
        Platform.DEADLINE,
        () ->
            cli
                .run(
                    "events",
                    "deadletters",
                    "list",
                    "--subscription",
                    VERIFICATIONS.id(),
                    "-o",
                    "json")
                .json()
                .getJsonArray("items")
                .stream()
                .map(JsonObject.class::cast)
                .filter(item -> subject.equals(item.getString("subject")))
                .findFirst()
                .orElse(null),
        item -> true);
  }

  private JsonObject subscription() {
    return cli.run("events", "subscriptions", "-o", "json").json().getJsonArray("items").stream()
        .map(JsonObject.class::cast)
        .filter(item -> VERIFICATIONS.id().equals(item.getString("subscription")))
        .findFirst()
        .orElseThrow();
  }
}
