package io.tourbook.platform.mail;

import static io.tourbook.platform.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.tourbook.embedded.BackingSettings;
import io.tourbook.platform.testsupport.AuthorizationMatrix;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The development mailbox: what the embedded SMTP server received, for admins. */
@ExtendWith(VertxExtension.class)
class DevMailTest {

  private static final String MAILBOX = "/api/v1/dev/mail";

  @BeforeEach
  void reset() {
    TestBackingServices.get().reset();
  }

  /** Sends one message to the test GreenMail over SMTP, off the event loop. */
  private static Future<Void> send(Vertx vertx, String to, String subject) {
    BackingSettings settings = TestBackingServices.get().settings();
    return vertx.executeBlocking(
        () -> {
          GreenMailUtil.sendTextEmail(
              to,
              "tourbook@localhost",
              subject,
              "Your tour is booked.",
              new ServerSetup(settings.smtpPort(), settings.smtpHost(), ServerSetup.PROTOCOL_SMTP));
          return null;
        });
  }

  @Test
  @DisplayName("With the embedded SMTP server, admins see each sent mail, newest first")
  void adminsListSentMail(Vertx vertx, VertxTestContext testContext) {
    TestNode.start(vertx, TestBackingServices.get().config(), List.of())
        .compose(
            node ->
                send(vertx, "ann@example.com", "First")
                    .compose(v -> send(vertx, "bob@example.com", "Second"))
                    .compose(
                        v ->
                            Future.all(
                                node.get(MAILBOX, node.token("mail-admin", "admin")),
                                node.get(MAILBOX, node.token("mail-customer", "customer")),
                                node.get(MAILBOX, null),
                                AuthorizationMatrix.violations(node)))
                    .eventually(node::stop))
        .onComplete(
            testContext.succeeding(
                all ->
                    testContext.verify(
                        () -> {
                          HttpResponse<Buffer> admin = all.resultAt(0);
                          assertThat(admin.statusCode()).isEqualTo(200);
                          JsonObject page = admin.bodyAsJsonObject();
                          assertThat(page.getLong("total")).isEqualTo(2);
                          JsonObject newest = page.getJsonArray("items").getJsonObject(0);
                          assertThat(newest.getString("subject")).isEqualTo("Second");
                          assertThat(newest.getJsonArray("to")).containsExactly("bob@example.com");
                          assertThat(newest.getJsonArray("from"))
                              .containsExactly("tourbook@localhost");
                          assertThat(newest.getString("text")).contains("Your tour is booked.");
                          assertThat(newest.getString("receivedAt")).isNotBlank();
                          assertProblem(all.resultAt(1), 403);
                          assertProblem(all.resultAt(2), 401);
                          List<String> violations = all.resultAt(3);
                          assertThat(violations).isEmpty();
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("With a real SMTP server configured, there is no mailbox route")
  void absentWithRealSmtp(Vertx vertx, VertxTestContext testContext) {
    JsonObject config = TestBackingServices.get().config();
    config.getJsonObject("smtp").put("host", "smtp.example.com").put("port", 587);
    TestNode.start(vertx, config, List.of())
        .compose(
            node ->
                node.get(MAILBOX, node.token("mail-admin", "admin"))
                    .map(
                        response -> {
                          assertThat(node.node.routes().tables()).doesNotContainKey("dev");
                          return response;
                        })
                    .eventually(node::stop))
        .onComplete(
            testContext.succeeding(
                response ->
                    testContext.verify(
                        () -> {
                          assertProblem(response, 404);
                          testContext.completeNow();
                        })));
  }
}
