package io.tourbook.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.testsupport.AuthorizationMatrix;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Authorization across every service")
class AuthorizationMatrixTest {

  @Test
  @DisplayName(
      "Every route of every service answers every role, and anonymous callers, as its route table says")
  void everyRouteTimesEveryRole(Vertx vertx) throws Exception {
    Platform platform = Platform.start(vertx);

    assertThat(platform.node.node.routes().tables())
        .containsKeys(
            "iam",
            "listings",
            "carts",
            "payments",
            "tours",
            "availability",
            "assignments",
            "schedules");
    try {
      assertThat(Platform.await(AuthorizationMatrix.violations(platform.node))).isEmpty();
    } finally {
      Platform.await(platform.node.stop());
    }
  }
}
