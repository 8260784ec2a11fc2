package io.tourbook.platform.node;

import static io.tourbook.platform.http.Problems.assertProblem;
import static io.tourbook.platform.testsupport.TestNode.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.http.ThingsService;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HttpServerVerticleTest {

  private TestNode node;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext testContext) {
    TestBackingServices.get().reset();
    JsonObject config = TestBackingServices.get().config();
    config.getJsonObject("http").put("body-limit-bytes", 1024).put("max-page-size", 50);
    ThingsService.node(vertx, config)
        .onComplete(
            testContext.succeeding(
                started -> {
                  node = started;
                  testContext.completeNow();
                }));
  }

  @Test
  @DisplayName("A path no route matches is a 404 problem")
  void unknownRouteIsProblem(VertxTestContext testContext) {
    expect(
        node.get("/api/v1/nowhere/at/all", null),
        testContext,
        response -> {
          JsonObject problem = assertProblem(response, 404);
          assertThat(problem.getString("instance")).isEqualTo("/api/v1/nowhere/at/all");
        });
  }

  @Test
  @DisplayName("A method a path does not support is a 405 problem")
  void wrongMethodIsProblem(VertxTestContext testContext) {
    expect(
        node.client.put("/health").send(), testContext, response -> assertProblem(response, 405));
  }

  @Test
  @DisplayName("A malformed JSON body is a 400, never a 500")
  void malformedJsonIsBadRequest(VertxTestContext testContext) {
    expect(
        node.post("/api/v1/things/open", null, "{\"title\": \"unterminated"),
        testContext,
        response -> assertProblem(response, 400));
  }

  @Test
  @DisplayName("A body that is JSON but not an object is a 400")
  void arrayBodyIsBadRequest(VertxTestContext testContext) {
    expect(
        node.post("/api/v1/things/open", null, "[{\"title\": \"a\"}]"),
        testContext,
        response -> assertProblem(response, 400));
  }

  @Test
  @DisplayName("A body with a field the schema does not know is a 400 naming it")
  void unknownFieldIsBadRequest(VertxTestContext testContext) {
    expect(
        node.post("/api/v1/things/open", null, "{\"title\": \"a\", \"colour\": \"red\"}"),
        testContext,
        response -> {
          JsonObject problem = assertProblem(response, 400);
          assertThat(problem.getJsonArray("errors").encode()).contains("colour");
        });
  }

  @Test
  @DisplayName("A body failing the schema lists the errors")
  void invalidBodyListsErrors(VertxTestContext testContext) {
    expect(
        node.post("/api/v1/things/open", null, "{\"price\": {\"amount\": -3}}"),
        testContext,
        response -> {
          JsonObject problem = assertProblem(response, 400);
          JsonArray errors = problem.getJsonArray("errors");
          assertThat(errors).isNotEmpty();
          assertThat(errors.encode()).contains("title").contains("/price/amount");
        });
  }

  @Test
  @DisplayName("An operator key such as $ne is rejected before it can reach MongoDB")
  void operatorKeyIsBadRequest(VertxTestContext testContext) {
    expect(
        node.post("/api/v1/things/open", null, "{\"title\": {\"$ne\": 1}}"),
        testContext,
        response -> {
          JsonObject problem = assertProblem(response, 400);
          assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("pointer"))
              .isEqualTo("/title/$ne");
        });
  }

  @Test
  @DisplayName(
      "Operator and dotted keys are rejected deep inside arrays, where the schema allows any object")
  void deepForbiddenKeysAreBadRequest(VertxTestContext testContext) {
    expect(
        node.post(
            "/api/v1/things/open",
            null,
            "{\"title\": \"a\", \"notes\": [{\"ok\": 1}, {\"a.b\": 1, \"x\": {\"$where\": \"1\"}}]}"),
        testContext,
        response -> {
          JsonObject problem = assertProblem(response, 400);
          assertThat(
                  problem.getJsonArray("errors").stream()
                      .map(e -> ((JsonObject) e).getString("pointer")))
              .containsExactlyInAnyOrder("/notes/1/a.b", "/notes/1/x/$where");
        });
  }

  @Test
  @DisplayName("A key with a NUL is rejected")
  void nulKeyIsBadRequest(VertxTestContext testContext) {
    expect(
        node.post(
            "/api/v1/things/open", null, "{\"title\": \"a\", \"notes\": [{\"a\\u0000b\": 1}]}"),
        testContext,
        response -> assertProblem(response, 400));
  }

  @Test
  @DisplayName("Deeply nested arrays are a 400, not a stack overflow")
  void deepNestingIsBadRequest(VertxTestContext testContext) {
    String body = "{\"title\":\"a\",\"notes\":" + "[".repeat(400) + "]".repeat(400) + "}";
    expect(
        node.post("/api/v1/things/open", null, body),
        testContext,
        response -> assertProblem(response, 400));
  }

  @Test
  @DisplayName("A valid body reaches the handler unchanged")
  void validBodyIsAccepted(VertxTestContext testContext) {
    String body = "{\"title\":\"Loft\",\"price\":{\"amount\":12.5},\"notes\":[{\"k\":\"v\"}]}";
    expect(
        node.post("/api/v1/things/open", null, body),
        testContext,
        response -> {
          assertThat(response.statusCode()).isEqualTo(201);
          assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject(body));
        });
  }

  @Test
  @DisplayName("A form or multipart content type is a 415 problem, on a GET too (not a 500)")
  void formContentTypesAreUnsupported(VertxTestContext testContext) {
    var checkpoint = testContext.checkpoint(3);
    for (var request :
        List.of(
            node.client
                .get("/api/v1/things/page")
                .putHeader("Content-Type", "multipart/form-data; boundary=x"),
            node.client
                .get("/api/v1/things/page")
                .putHeader("Content-Type", "application/x-www-form-urlencoded"),
            node.client
                .post("/api/v1/things/open")
                .putHeader("Content-Type", "multipart/form-data; boundary=x"))) {
      request
          .sendBuffer(Buffer.buffer("a=1"))
          .onComplete(
              testContext.succeeding(
                  response ->
                      testContext.verify(
                          () -> {
                            assertProblem(response, 415);
                            checkpoint.flag();
                          })));
    }
  }

  @Test
  @DisplayName(
      "A JSON body sent as text/plain, or with no content type, is a 415 problem on every validated route")
  void jsonBodiesMustSaySo(VertxTestContext testContext) {
    String body = "{\"title\":\"Loft\"}";
    var checkpoint = testContext.checkpoint(2);
    for (var request :
        List.of(
            node.client.post("/api/v1/things/open").putHeader("Content-Type", "text/plain"),
            node.client.post("/api/v1/things/open"))) {
      request
          .sendBuffer(Buffer.buffer(body))
          .onComplete(
              testContext.succeeding(
                  response ->
                      testContext.verify(
                          () -> {
                            assertProblem(response, 415);
                            checkpoint.flag();
                          })));
    }
  }

  @Test
  @DisplayName("A body over http.body-limit-bytes is a 413 problem")
  void oversizedBodyIsTooLarge(VertxTestContext testContext) {
    String body = new JsonObject().put("title", "x".repeat(4096)).encode();
    expect(
        node.post("/api/v1/things/open", null, body),
        testContext,
        response -> assertProblem(response, 413));
  }

  @Test
  @DisplayName("ServiceException codes that are HTTP statuses pass through with their message")
  void serviceExceptionCodesMapToStatuses(Vertx vertx, VertxTestContext testContext) {
    List<Integer> codes = List.of(400, 402, 403, 404, 409, 413, 422, 429, 503);
    var checkpoint = testContext.checkpoint(codes.size());
    for (int code : codes) {
      node.get("/api/v1/things/service-errors/" + code, null)
          .onComplete(
              testContext.succeeding(
                  response ->
                      testContext.verify(
                          () -> {
                            JsonObject problem = assertProblem(response, code);
                            assertThat(problem.getString("detail"))
                                .isEqualTo("service said " + code);
                            checkpoint.flag();
                          })));
    }
  }

  @Test
  @DisplayName("Any other ServiceException code is a 500 that does not reveal the message")
  void unknownServiceCodeIsInternal(VertxTestContext testContext) {
    expect(
        node.get("/api/v1/things/service-errors/7", null),
        testContext,
        response -> {
          assertProblem(response, 500);
          assertThat(response.bodyAsString()).doesNotContain("service said");
        });
  }

  @Test
  @DisplayName("An unexpected exception is a 500 that does not leak its message")
  void unexpectedExceptionIsInternal(VertxTestContext testContext) {
    expect(
        node.get("/api/v1/things/boom", null),
        testContext,
        response -> {
          assertProblem(response, 500);
          assertThat(response.bodyAsString()).doesNotContain("secret");
        });
  }

  @Test
  @DisplayName("An id that is not 1-64 of [A-Za-z0-9_-] is a 400")
  void invalidPathIdIsBadRequest(VertxTestContext testContext) {
    expect(
        node.get("/api/v1/things/bad%24id", node.token("u1", "customer")),
        testContext,
        response -> assertProblem(response, 400));
  }

  @Test
  @DisplayName(
      "Page size is capped at http.max-page-size; non-numeric or non-positive paging is a 400")
  void pagingIsCappedAndChecked(VertxTestContext testContext) {
    var checkpoint = testContext.checkpoint(4);
    node.get("/api/v1/things/page?page=3&size=1000", null)
        .onComplete(
            testContext.succeeding(
                response ->
                    testContext.verify(
                        () -> {
                          assertThat(response.bodyAsJsonObject())
                              .isEqualTo(
                                  new JsonObject()
                                      .put("items", new JsonArray())
                                      .put("page", 3)
                                      .put("size", 50)
                                      .put("total", 0)
                                      .put("totalPages", 0));
                          checkpoint.flag();
                        })));
    for (String query : List.of("page=0", "size=abc", "size=-5")) {
      node.get("/api/v1/things/page?" + query, null)
          .onComplete(
              testContext.succeeding(
                  response ->
                      testContext.verify(
                          () -> {
                            assertProblem(response, 400);
                            checkpoint.flag();
                          })));
    }
  }

  @Test
  @DisplayName("/openapi.json is the platform document merged with each mount's fragment")
  void openApiMergesMountFragments(VertxTestContext testContext) {
    expect(
        node.get("/openapi.json", null),
        testContext,
        response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          JsonObject document = response.bodyAsJsonObject();
          assertThat(document.getString("openapi")).startsWith("3.1");
          assertThat(document.getJsonObject("paths").fieldNames())
              .contains(
                  "/health",
                  "/ready",
                  "/metrics",
                  "/openapi.json",
                  "/api/v1/things",
                  "/api/v1/things/{id}",
                  "/api/v1/commands",
                  "/api/v1/commands/{id}");
          JsonObject components = document.getJsonObject("components");
          assertThat(components.getJsonObject("responses").fieldNames())
              .contains("Thing", "Problem");
          assertThat(components.getJsonObject("schemas").fieldNames())
              .contains("Problem", "Command");
          assertThat(
                  components
                      .getJsonObject("securitySchemes")
                      .getJsonObject("bearerAuth")
                      .getString("bearerFormat"))
              .isEqualTo("JWT");
        });
  }
}
