package io.tourbook.iam;

import static io.tourbook.iam.IamNode.registration;
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
 * Registration latency for new and for known e-mails with the configured Argon2id cost
 * (config/default.yaml): the two should not be told apart. Not part of the build's tests; run it
 * with {@code ./mvnw -B -o -q -pl verticles/iam -am verify -Dtest=RegistrationTimingBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Registration timing benchmark")
class RegistrationTimingBenchmark {

  private static final int WARMUP = 5;
  private static final int SAMPLES = 30;

  @Test
  @DisplayName("p50 and p95 of registrations with new e-mails and with known ones, interleaved")
  void registrationTiming(Vertx vertx) throws Exception {
    TestBackingServices backing = TestBackingServices.get();
    backing.reset();
    JsonObject config = backing.config();
    config.getJsonObject("iam").put("register", new JsonObject().put("max-per-address", 10_000));
    IamNode iam = IamNode.start(vertx, config);
    try {
      iam.register("customer", "known@example.com");
      List<Long> fresh = new ArrayList<>();
      List<Long> known = new ArrayList<>();
      for (int i = 0; i < WARMUP + SAMPLES; i++) {
        long start = System.nanoTime();
        assertThat(
                iam.post("/register", null, registration("customer", "new" + i + "@example.com"))
                    .statusCode())
            .isEqualTo(201);
        long created = System.nanoTime() - start;
        start = System.nanoTime();
        assertThat(
                iam.post("/register", null, registration("customer", "known@example.com"))
                    .statusCode())
            .isEqualTo(201);
        long repeated = System.nanoTime() - start;
        if (i >= WARMUP) {
          fresh.add(created);
          known.add(repeated);
        }
      }
      System.out.printf(
          "Registration, %d of each: new e-mail p50 %.1f ms p95 %.1f ms; known e-mail p50 %.1f ms"
              + " p95 %.1f ms%n",
          SAMPLES,
          percentile(fresh, 50),
          percentile(fresh, 95),
          percentile(known, 50),
          percentile(known, 95));
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
