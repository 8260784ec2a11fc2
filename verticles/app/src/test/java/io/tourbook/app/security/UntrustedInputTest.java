package io.tourbook.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.Problems;
import io.tourbook.platform.testsupport.DatabaseSnapshot;
import io.tourbook.platform.testsupport.SchemaSamples;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What callers send, generated from the route tables and each route's JSON Schema: mass assignment
 * (OWASP API3), NoSQL operator injection in bodies, path ids and query parameters, and unrestricted
 * resource consumption (API4: body size, page size, string and array lengths). Every attack is sent
 * by the legitimate owner of a real resource, so an attack that got through would change something;
 * none may, and no refusal may leak another user's data.
 */
@DisplayName(
    "Security: mass assignment, operator injection, resource consumption (OWASP API3, API4)")
class UntrustedInputTest extends WorldTest {

  /** Fields a caller must never set, with the value an attacker would give them. */
  private static final Map<String, Object> PRIVILEGED =
      Map.ofEntries(
          Map.entry("id", "attacker-id"),
          Map.entry("_id", "attacker-id"),
          Map.entry("ownerId", "attacker"),
          Map.entry("providerId", "attacker"),
          Map.entry("customerId", "attacker"),
          Map.entry("realtorId", "attacker"),
          Map.entry("status", "COMPLETED"),
          Map.entry("role", "admin"),
          Map.entry("roles", new JsonArray().add("admin")),
          Map.entry("verified", true),
          Map.entry("passwordHash", "x"),
          Map.entry("lastChange", new JsonObject().put("type", "forged").put("actor", "attacker")),
          Map.entry("price", new JsonObject().put("amount", 0).put("currency", "USD")),
          Map.entry("amount", 0),
          Map.entry("tourFee", new JsonObject().put("amount", 0).put("currency", "USD")),
          Map.entry("paymentId", "attacker"),
          Map.entry("createdAt", "2000-01-01T00:00:00Z"));

  /** MongoDB operator objects, put where a string belongs. */
  private static final List<JsonObject> OPERATORS =
      List.of(
          new JsonObject().put("$ne", ""),
          new JsonObject().put("$gt", ""),
          new JsonObject().put("$where", "sleep(100) || true"),
          new JsonObject().put("$regex", ".*"));

  /** The same operators as text, for path ids and query values. */
  private static final List<String> OPERATOR_TEXTS =
      List.of(
          "{\"$ne\":\"\"}",
          "{\"$gt\":\"\"}",
          "{\"$where\":\"sleep(100) || true\"}",
          "{\"$regex\":\".*\"}",
          "$ne",
          ".*",
          "^(a+)+$",
          "' || '1'=='1");

  private DatabaseSnapshot before;
  private final List<String> problems = new ArrayList<>();
  private int sent;

  @BeforeEach
  void settle() throws Exception {
    problems.clear();
    sent = 0;
    before = world.settledSnapshot();
  }

  @Test
  @DisplayName(
      "Mass assignment: an id, owner, status, role, lastChange or price added to any object of any write body is a 400")
  void privilegedFieldsAreRejected() throws Exception {
    for (SecurityWorld.Route route : schemaRoutes()) {
      SchemaSamples samples = SchemaSamples.of(route.entry().bodySchema().orElseThrow());
      for (SchemaSamples.Field field : samples.fields()) {
        if (!field.isObject()) {
          continue;
        }
        JsonObject known = field.schema().getJsonObject("properties", new JsonObject());
        for (Map.Entry<String, Object> extra : PRIVILEGED.entrySet()) {
          if (known.containsKey(extra.getKey())) {
            continue;
          }
          JsonObject object =
              ((JsonObject) field.value()).copy().put(extra.getKey(), extra.getValue());
          JsonObject body =
              field.pointer().isEmpty() ? object : samples.with(field.pointer(), object);
          expectInvalid(route, body);
        }
      }
    }
    assertRefusedWithoutChange(schemaRoutes().size() * PRIVILEGED.size() / 2);
  }

  @Test
  @DisplayName(
      "Operator injection: $ne, $gt, $where or $regex in any string field of any body is a 400")
  void operatorsInBodiesAreRejected() throws Exception {
    for (SecurityWorld.Route route : schemaRoutes()) {
      SchemaSamples samples = SchemaSamples.of(route.entry().bodySchema().orElseThrow());
      for (SchemaSamples.Field field : samples.fields()) {
        if (field.isString()) {
          for (JsonObject operator : OPERATORS) {
            expectInvalid(route, samples.with(field.pointer(), operator));
          }
        } else if (field.isObject()) {
          JsonObject object =
              ((JsonObject) field.value())
                  .copy()
                  .put("$where", "true")
                  .put("$or", new JsonArray().add(new JsonObject()));
          expectInvalid(
              route, field.pointer().isEmpty() ? object : samples.with(field.pointer(), object));
        }
      }
    }
    assertRefusedWithoutChange(schemaRoutes().size() * OPERATORS.size());
  }

  @Test
  @DisplayName(
      "Operator injection: operators in path ids are a 400 or 404; in query values a 4xx or nothing found; as bracketed names ignored or a 4xx")
  void operatorsInPathsAndQueriesFindNothing() throws Exception {
    int queried = 0;
    for (SecurityWorld.Route route : world.routes()) {
      String token = world.ownerOf(route);
      if (route.template().contains(":")) {
        for (String text : OPERATOR_TEXTS) {
          String path = route.template().replaceAll(":[A-Za-z]+", SecurityWorld.encode(text));
          check(route.entry().method(), path, token, route.writes() ? "{}" : null, 400, 404);
        }
      }
      if (route.entry().method() != HttpMethod.GET) {
        continue;
      }
      String path = world.ownedPath(route);
      String baseline = world.send(HttpMethod.GET, path, token, null).bodyAsString();
      List<String> parameters = world.queryParameters(route);
      queried += parameters.size();
      for (String name : parameters) {
        for (String text : OPERATOR_TEXTS) {
          expectNothingFound(path + "?" + name + "=" + SecurityWorld.encode(text), token);
        }
        HttpResponse<Buffer> bracketed =
            world.send(
                HttpMethod.GET,
                path + "?" + SecurityWorld.encode(name + "[$ne]") + "=x",
                token,
                null);
        sent++;
        if (!(refused(bracketed) || bracketed.bodyAsString().equals(baseline))) {
          problems.add(name + "[$ne] on " + path + " -> " + bracketed.statusCode());
        }
      }
    }
    assertThat(queried).as("query parameters from /openapi.json").isGreaterThanOrEqualTo(20);
    assertRefusedWithoutChange(world.routes().size());
  }

  @Test
  @DisplayName(
      "A body over http.body-limit-bytes is a 413 problem on every route, before anything runs")
  void oversizedBodiesAre413() throws Exception {
    long limit = world.platform.node.config.getJsonObject("http").getLong("body-limit-bytes");
    String oversized = new JsonObject().put("title", "a".repeat((int) limit)).encode();
    for (SecurityWorld.Route route : world.routes()) {
      if (route.writes()) {
        check(route.entry().method(), world.ownedPath(route), world.ownerOf(route), oversized, 413);
      }
    }
    assertRefusedWithoutChange(5);
  }

  @Test
  @DisplayName(
      "A query parameter the API document does not declare for the route is a 400 on every route, the same way")
  void undeclaredQueryParametersAre400() throws Exception {
    int routes = 0;
    for (SecurityWorld.Route route : world.routes()) {
      if (!world.documented(route)) {
        continue;
      }
      routes++;
      check(
          route.entry().method(),
          world.ownedPath(route) + "?unheardOf=1",
          world.ownerOf(route),
          route.writes() ? "{}" : null,
          400);
    }
    assertThat(routes).as("documented routes").isGreaterThanOrEqualTo(40);
    assertRefusedWithoutChange(routes);
  }

  @Test
  @DisplayName(
      "Page sizes are capped at http.max-page-size on every paged list; a page or size that is not a positive number once is a 400")
  void pageSizesAreCapped() throws Exception {
    int max = Pages.from(world.platform.node.config).maxSize();
    int paged = 0;
    for (SecurityWorld.Route route : world.routes()) {
      if (route.entry().method() != HttpMethod.GET) {
        continue;
      }
      String path = world.ownedPath(route);
      String token = world.ownerOf(route);
      HttpResponse<Buffer> plain = world.send(HttpMethod.GET, path, token, null);
      if (plain.statusCode() != 200 || !plain.bodyAsString().contains("\"totalPages\"")) {
        continue;
      }
      paged++;
      HttpResponse<Buffer> huge = world.send(HttpMethod.GET, path + "?size=1000000", token, null);
      sent++;
      JsonObject page = huge.statusCode() == 200 ? huge.bodyAsJsonObject() : null;
      if (page == null
          || page.getInteger("size") > max
          || page.getJsonArray("items").size() > max) {
        problems.add(
            "size=1000000 on " + path + " -> " + huge.statusCode() + " " + huge.bodyAsString());
      }
      for (String query :
          List.of(
              "size=0",
              "size=-1",
              "size=abc",
              "size=1e3",
              "size=99999999999999999999",
              "size=5&size=6",
              "page=0",
              "page=-3",
              "page=x",
              "page=99999999999")) {
        check(HttpMethod.GET, path + "?" + query, token, null, 400);
      }
    }
    assertThat(paged).as("paged list routes").isGreaterThanOrEqualTo(6);
    assertRefusedWithoutChange(paged);
  }

  @Test
  @DisplayName(
      "Every string of every body schema has a length cap and every array an item cap; one over the cap is a 400")
  void stringAndArrayLengthsAreCapped() throws Exception {
    List<String> uncapped = new ArrayList<>();
    for (SecurityWorld.Route route : schemaRoutes()) {
      SchemaSamples samples = SchemaSamples.of(route.entry().bodySchema().orElseThrow());
      for (SchemaSamples.Field field : samples.fields()) {
        JsonObject schema = field.schema();
        String where = samples.resource() + "#" + field.pointer();
        if (field.isString()) {
          if (schema.containsKey("maxLength")) {
            expectInvalid(
                route,
                samples.with(field.pointer(), "a".repeat(schema.getInteger("maxLength") + 1)));
          } else if (!bounded(schema)) {
            uncapped.add(where + " (string without maxLength)");
          }
        } else if (field.isArray()) {
          if (schema.containsKey("maxItems")) {
            JsonArray longer = new JsonArray();
            for (int i = 0; i <= schema.getInteger("maxItems"); i++) {
              longer.add(((JsonArray) field.value()).getValue(0));
            }
            expectInvalid(route, samples.with(field.pointer(), longer));
          } else {
            uncapped.add(where + " (array without maxItems)");
          }
        } else if (field.value() instanceof Number && !schema.containsKey("maximum")) {
          uncapped.add(where + " (number without maximum)");
        }
      }
    }
    assertThat(uncapped).isEmpty();
    assertRefusedWithoutChange(schemaRoutes().size());
  }

  /** A string schema whose values are bounded without maxLength: an enum, a const or a pattern. */
  private static boolean bounded(JsonObject schema) {
    if (schema.containsKey("enum") || schema.containsKey("const")) {
      return true;
    }
    String pattern = schema.getString("pattern", "");
    return pattern.startsWith("^") && pattern.endsWith("$") && !pattern.matches(".*[*+].*");
  }

  private List<SecurityWorld.Route> schemaRoutes() {
    return world.routes().stream().filter(route -> route.entry().bodySchema().isPresent()).toList();
  }

  /** Sends a body to the route as its owner and expects a 400 problem that lists what is wrong. */
  private void expectInvalid(SecurityWorld.Route route, JsonObject body) throws Exception {
    HttpResponse<Buffer> response =
        check(
            route.entry().method(),
            world.ownedPath(route),
            world.ownerOf(route),
            body.encode(),
            400);
    if (response.statusCode() == 400
        && response.bodyAsJsonObject().getJsonArray("errors", new JsonArray()).isEmpty()) {
      problems.add(route + " refused " + body.encode() + " without saying why");
    }
  }

  private void expectNothingFound(String path, String token) throws Exception {
    HttpResponse<Buffer> response = world.send(HttpMethod.GET, path, token, null);
    sent++;
    if (refused(response)) {
      noLeak(path, null, response);
      return;
    }
    JsonObject page = response.statusCode() == 200 ? response.bodyAsJsonObject() : null;
    if (page == null || !page.getJsonArray("items", new JsonArray()).isEmpty()) {
      problems.add("GET " + path + " -> " + response.statusCode() + " " + response.bodyAsString());
    }
  }

  private HttpResponse<Buffer> check(
      HttpMethod method, String path, String token, String body, Integer... statuses)
      throws Exception {
    HttpResponse<Buffer> response = world.send(method, path, token, body);
    sent++;
    if (!List.of(statuses).contains(response.statusCode()) || !Problems.isProblem(response)) {
      problems.add(
          method
              + " "
              + path
              + " "
              + SecurityWorld.abbreviate(body)
              + " -> "
              + response.statusCode()
              + " "
              + response.bodyAsString());
    } else {
      noLeak(path, body, response);
    }
    return response;
  }

  private static boolean refused(HttpResponse<Buffer> response) {
    return response.statusCode() >= 400
        && response.statusCode() < 500
        && Problems.isProblem(response);
  }

  /** A refusal names nothing of the world's users beyond what the request itself named. */
  private void noLeak(String path, String body, HttpResponse<Buffer> response) {
    String answer = response.bodyAsString();
    for (String id : world.ids()) {
      if (answer.contains(id) && !path.contains(id) && (body == null || !body.contains(id))) {
        problems.add(path + " leaked " + id + ": " + answer);
      }
    }
  }

  private void assertRefusedWithoutChange(int atLeast) {
    assertThat(problems).isEmpty();
    assertThat(sent).as("requests sent").isGreaterThanOrEqualTo(atLeast);
    assertThat(before.differences(world.snapshot())).as("changed state").isEmpty();
  }
}
