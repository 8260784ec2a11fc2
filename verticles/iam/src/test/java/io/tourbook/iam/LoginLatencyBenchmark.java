package io.tourbook.iam;

import static io.tourbook.iam.IamNode.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.testsupport.TestBackingServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Login latency with the configured Argon2id cost (config/default.yaml), against GET /iam/jwks on
 * the same node and run as the baseline. Not part of the build's tests; run it with {@code ./mvnw
 * -B -o -q -pl verticles/iam -am verify -Dtest=LoginLatencyBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Login latency benchmark")
class LoginLatencyBenchmark {

  private static final int WARMUP = 10;
  private static final int SAMPLES = 50;

  @Test
  @DisplayName("p50 of sequential logins, and its ratio to a bare public route")
  void loginLatency(Vertx vertx) throws Exception {
    TestBackingServices backing = TestBackingServices.get();
    backing.reset();
    JsonObject config = backing.config();
    IamNode iam = IamNode.start(vertx, config);
    try {
      iam.register("customer", "bench@example.com");
      JsonObject password = config.getJsonObject("iam").getJsonObject("password");
      List<Long> logins = new ArrayList<>();
      List<Long> baseline = new ArrayList<>();
      for (int i = 0; i < WARMUP + SAMPLES; i++) {
        long start = System.nanoTime();
        assertThat(iam.login("bench@example.com", PASSWORD).statusCode()).isEqualTo(200);
        long login = System.nanoTime() - start;
        start = System.nanoTime();
        assertThat(iam.get("/jwks", null).statusCode()).isEqualTo(200);
        long jwks = System.nanoTime() - start;
        if (i >= WARMUP) {
          logins.add(login);
          baseline.add(jwks);
        }
      }
      double loginP50 = percentile(logins, 50);
      double jwksP50 = percentile(baseline, 50);
      System.out.printf(
          "Login latency, Argon2id m=%d KiB t=%d p=%d, %d sequential logins: p50 %.1f ms, p95 %.1f ms;"
              + " GET /iam/jwks p50 %.2f ms; ratio login/jwks p50 %.0fx%n",
          password.getInteger("argon2-memory-kib"),
          password.getInteger("argon2-iterations"),
          password.getInteger("argon2-parallelism"),
          SAMPLES,
          loginP50,
          percentile(logins, 95),
          jwksP50,
          loginP50 / jwksP50);
    } finally {
      iam.stop();
    }
  }

  private static double percentile(List<Long> nanos, int percent) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1);
    return sorted.get(index) / 1_000_000.0;
  }
}
