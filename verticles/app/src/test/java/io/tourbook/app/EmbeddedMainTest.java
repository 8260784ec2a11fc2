package io.tourbook.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The development launcher's backing services, as far as the dev mailbox is concerned. */
@ExtendWith(VertxExtension.class)
class EmbeddedMainTest {

  @Test
  @DisplayName(
      "The development jar serves its sent mail only while its own SMTP server is the one in use")
  void sentMailOnlyWithEmbeddedSmtp(Vertx vertx) throws Exception {
    JsonObject configured = TestBackingServices.get().config();
    Backing external = Eventually.await(EmbeddedMain.start(vertx, configured));
    try {
      assertThat(external.sentMail()).isEmpty();
    } finally {
      Eventually.await(external.stop(vertx));
    }

    JsonObject embeddedSmtp = TestBackingServices.get().config();
    embeddedSmtp.getJsonObject("smtp").put("host", "");
    embeddedSmtp.getJsonObject("embedded").put("persistent", false);
    Backing embedded = Eventually.await(EmbeddedMain.start(vertx, embeddedSmtp));
    try {
      assertThat(embedded.sentMail()).isPresent();
      assertThat(Eventually.await(embedded.sentMail().orElseThrow().list())).isEmpty();
      assertThat(Backing.configured(vertx, configured).result().sentMail()).isEmpty();
    } finally {
      Eventually.await(embedded.stop(vertx));
    }
  }
}
