package io.tourbook.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.http.Problems;
import io.tourbook.platform.testsupport.DatabaseSnapshot;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.SchemaSamples;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Random malformed requests to every route of every route table: broken and non-object JSON, wrong
 * types, huge numbers, hostile unicode, nulls, deep nesting, odd ids, query values and content
 * types, from the owner, strangers and forged callers. Not one may be a 5xx, every 4xx is a
 * problem+json, a body that breaks its route's schema is never accepted, and no database changes.
 *
 * <p>Reproducible: the seed is printed; run again with {@code -Dtourbook.fuzz.seed=<seed>}, and
 * more requests per route with {@code -Dtourbook.fuzz.requests=<n>}.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Security: fuzzing every route")
class FuzzTest {

  private static final long SEED = Long.getLong("tourbook.fuzz.seed", System.nanoTime());
  private static final int REQUESTS_PER_ROUTE = Integer.getInteger("tourbook.fuzz.requests", 30);
  private static final int MAX_REROLLS = 20;

  /** Ids that are malformed, or well-formed but name nothing. */
  private static final List<String> IDS =
      List.of(
          "",
          " ",
          "..",
          "../../iam/accounts",
          "%00",
          "a%00b",
          "%2e%2e%2f",
          "null",
          "-1",
          "1e309",
          "x".repeat(65),
          "x".repeat(3000),
          "名前",
          "\uD83D\uDE00",
          "\u202Eevil",
          "a b",
          "a.b",
          "a;b",
          "<script>",
          "${jndi:ldap://x}",
          "no-such-id-" + "0123456789");

  /** Strings no field wants as they are: control, invisible, bidi, astral and broken characters. */
  private static final List<String> UNICODE =
      List.of(
          "\u0000",
          "\u200B\u200D\uFEFF",
          "\u202E\u2066",
          "\uD83D\uDCA9",
          "e\u0301\u0301\u0301",
          "\uD800",
          "\uFFFF",
          "ℌ𝔢𝔩𝔩𝔬",
          "\r\n\t");

  /** Header values a client library lets through (no control characters) but no server wants. */
  private static final List<String> HEADER_VALUES =
      List.of("", " ", "x".repeat(300), "a b", "$ne", "{\"$gt\":\"\"}", "../..", "é", "Bearer");

  /** Bodies that are not JSON, or not a JSON object. */
  private static final List<String> BROKEN =
      List.of(
          "{",
          "}",
          "[",
          "nul",
          "{\"a\":}",
          "{'a':1}",
          "{\"a\":1,}",
          "{\"a\" 1}",
          "\u0000",
          "[]",
          "\"text\"",
          "42",
          "null",
          "true",
          "{\"a\":NaN}",
          "{\"a\":Infinity}",
          "{\"a\":1e999999}",
          "{\"a\":" + "9".repeat(5000) + "}",
          "[".repeat(5000) + "]".repeat(5000),
          "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
          "\uFEFF{",
          "<xml/>");

  private static final List<String> CONTENT_TYPES =
      List.of(
          "application/json",
          "application/json",
          "application/json",
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/json; charset=utf-16");

  private final Random random = new Random(SEED);
  private final List<String> problems = new ArrayList<>();
  private SecurityWorld world;

  @Test
  @DisplayName(
      "N random malformed requests per route: no 5xx, a problem+json for every 4xx, no invalid body accepted, no state changed")
  void everyRouteSurvivesMalformedRequests(Vertx vertx) throws Exception {
    System.out.printf(
        "Fuzzing with -Dtourbook.fuzz.seed=%d -Dtourbook.fuzz.requests=%d%n",
        SEED, REQUESTS_PER_ROUTE);
    world = SecurityWorld.start(vertx);
    try {
      DatabaseSnapshot before = world.settledSnapshot();
      int sent = 0;
      for (SecurityWorld.Route route : world.routes()) {
        SchemaSamples samples = route.entry().bodySchema().map(SchemaSamples::of).orElse(null);
        List<String> parameters = world.queryParameters(route);
        for (int i = 0; i < REQUESTS_PER_ROUTE; i++) {
          fuzz(route, samples, parameters);
          sent++;
        }
      }
      assertThat(problems).as("seed " + SEED).isEmpty();
      assertThat(sent).isEqualTo(world.routes().size() * REQUESTS_PER_ROUTE);
      assertThat(before.differences(world.snapshot())).as("changed state, seed " + SEED).isEmpty();
    } finally {
      world.stop();
    }
  }

  private void fuzz(SecurityWorld.Route route, SchemaSamples samples, List<String> parameters)
      throws Exception {
    String path = path(route, samples);
    if (!parameters.isEmpty() && random.nextInt(3) > 0) {
      path += "?" + query(parameters);
    }
    String body = route.writes() || random.nextInt(5) == 0 ? body(samples) : null;
    HttpRequest<Buffer> request =
        world
            .platform
            .node
            .request(route.entry().method(), path, caller(route))
            .putHeader(
                "Idempotency-Key",
                random.nextInt(4) == 0 ? pick(HEADER_VALUES) : UUID.randomUUID().toString());
    HttpResponse<Buffer> response;
    if (body == null) {
      response = Eventually.await(request.send());
    } else {
      request.putHeader("Content-Type", pick(CONTENT_TYPES));
      response = Eventually.await(request.sendBuffer(Buffer.buffer(body)));
    }
    int status = response.statusCode();
    String described =
        route + " as " + path + " with " + SecurityWorld.abbreviate(body) + " -> " + status;
    if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
      problems.add(described + " " + response.bodyAsString());
    } else if (status >= 400 && !Problems.isProblem(response)) {
      problems.add(described + " without a problem+json body: " + response.bodyAsString());
    } else if (status < 300 && samples != null && body != null) {
      problems.add(described + ": a body that breaks " + samples.resource() + " was accepted");
    }
  }

  /**
   * The owner's real resource for reads and for writes whose body is checked against a schema (the
   * body is always broken); otherwise a malformed or unknown id, so a command never runs for real.
   */
  private String path(SecurityWorld.Route route, SchemaSamples samples) {
    if (!route.template().contains(":")) {
      return route.template();
    }
    boolean owned = (!route.writes() || samples != null) && random.nextBoolean();
    if (owned) {
      return world.ownedPath(route);
    }
    return route.template().replaceAll(":[A-Za-z]+", SecurityWorld.encode(pick(IDS)));
  }

  private String query(List<String> parameters) {
    List<String> pairs = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      String name = random.nextInt(6) == 0 ? pick(UNICODE) + "x" : pick(parameters);
      pairs.add(SecurityWorld.encode(name) + "=" + SecurityWorld.encode(queryValue()));
    }
    return String.join("&", pairs);
  }

  private String queryValue() {
    return switch (random.nextInt(8)) {
      case 0 -> "";
      case 1 -> "1e309";
      case 2 -> "-99999999999999999999";
      case 3 -> pick(UNICODE);
      case 4 -> "x".repeat(1000);
      case 5 -> "1,2,3,4";
      case 6 -> "NaN";
      default -> "{\"$gt\":\"\"}";
    };
  }

  /** The owner's token mostly; sometimes none, a broken one or someone else's. */
  private String caller(SecurityWorld.Route route) {
    return switch (random.nextInt(12)) {
      case 0 -> null;
      case 1 -> "not-a-token." + pick(HEADER_VALUES);
      case 2 -> world.customerB.token();
      case 3 -> world.providerB.token();
      default -> world.ownerOf(route);
    };
  }

  /** A body its route must refuse: broken JSON, or JSON that its schema rejects. */
  private String body(SchemaSamples samples) {
    if (samples == null || random.nextInt(4) == 0) {
      return pick(BROKEN);
    }
    for (int i = 0; i < MAX_REROLLS; i++) {
      String candidate = mutate(samples);
      if (candidate != null) {
        return candidate;
      }
    }
    return pick(BROKEN);
  }

  /** One mutation of the sample, or null when it happens to stay valid. */
  private String mutate(SchemaSamples samples) {
    List<SchemaSamples.Field> fields = samples.fields();
    SchemaSamples.Field field = fields.get(random.nextInt(fields.size()));
    if (field.pointer().isEmpty()) {
      JsonObject extra = samples.sample().put(pick(UNICODE) + "field", pick(UNICODE));
      return samples.valid(extra) ? null : extra.encode();
    }
    switch (random.nextInt(6)) {
      case 0 -> {
        String marker = "\"__fuzz__\"";
        String huge = pick(List.of("1e999", "-1e999", "123456789012345678901234567890", "-1e400"));
        return samples.with(field.pointer(), "__fuzz__").encode().replace(marker, huge);
      }
      case 1 -> {
        return invalidOrNull(samples, samples.with(field.pointer(), wrongType(field.value())));
      }
      case 2 -> {
        return invalidOrNull(samples, samples.with(field.pointer(), null));
      }
      case 3 -> {
        int length = field.schema().getInteger("maxLength", 16) + 1;
        return invalidOrNull(samples, samples.with(field.pointer(), pick(UNICODE).repeat(length)));
      }
      case 4 -> {
        Object nested = "deep";
        for (int depth = 0; depth < 200; depth++) {
          nested =
              random.nextBoolean()
                  ? new JsonArray().add(nested)
                  : new JsonObject().put("d", nested);
        }
        return invalidOrNull(samples, samples.with(field.pointer(), nested));
      }
      default -> {
        String encoded = samples.sample().encode();
        return encoded.substring(0, random.nextInt(encoded.length()));
      }
    }
  }

  private static String invalidOrNull(SchemaSamples samples, JsonObject body) {
    return samples.valid(body) ? null : body.encode();
  }

  private Object wrongType(Object value) {
    List<Object> others = new ArrayList<>();
    others.add(random.nextLong());
    others.add(random.nextDouble() * 1e300);
    others.add(random.nextBoolean());
    others.add(pick(UNICODE));
    others.add(new JsonArray().add(pick(UNICODE)));
    others.add(new JsonObject().put("k", random.nextInt()));
    others.removeIf(other -> other.getClass() == value.getClass());
    return pick(others);
  }

  private <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
