package io.tourbook.platform.node;

import static io.tourbook.platform.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What browsers, API gateways and load balancers expect of a node: HEAD and {@code Allow}, CORS
 * from config, and OIDC discovery of the tokens' keys.
 */
@ExtendWith(VertxExtension.class)
class BrowsersAndGatewaysTest {

  private static final String ALLOWED_ORIGIN = "https://app.example.com";

  @BeforeEach
  void reset() {
    TestBackingServices.get().reset();
  }

  /** Starts a node with no service (the platform's own routes), runs {@code calls}, stops it. */
  private static <T> Future<T> onNode(
      Vertx vertx, JsonObject config, Function<TestNode, Future<T>> calls) {
    return TestNode.start(vertx, config, List.of())
        .compose(node -> calls.apply(node).eventually(node::stop));
  }

  private static HttpRequest<Buffer> preflight(TestNode node, String origin) {
    return node.request(HttpMethod.OPTIONS, "/api/v1/commands", null)
        .putHeader("Origin", origin)
        .putHeader("Access-Control-Request-Method", "GET")
        .putHeader("Access-Control-Request-Headers", "authorization");
  }

  @Test
  @DisplayName("A 405 names the allowed methods in Allow, on the node's routes and a service's")
  void methodNotAllowedCarriesAllow(Vertx vertx, VertxTestContext testContext) {
    onNode(
            vertx,
            TestBackingServices.get().config(),
            node ->
                Future.all(
                    node.request(HttpMethod.PUT, "/health/ready", null).send(),
                    node.request(HttpMethod.DELETE, "/api/v1/commands", null).send(),
                    node.request(HttpMethod.POST, "/api/v1/commands/some-id", null).send()))
        .onComplete(
            testContext.succeeding(
                all ->
                    testContext.verify(
                        () -> {
                          for (int i = 0; i < 3; i++) {
                            HttpResponse<Buffer> response = all.resultAt(i);
                            assertProblem(response, 405);
                            assertThat(response.getHeader("Allow")).isEqualTo("GET, HEAD");
                          }
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("HEAD on a service's GET route answers as GET does, without a body")
  void headOnAGetRoute(Vertx vertx, VertxTestContext testContext) {
    onNode(
            vertx,
            TestBackingServices.get().config(),
            node -> {
              String admin = node.token("head-admin", "admin");
              return Future.all(
                  node.request(HttpMethod.HEAD, "/api/v1/commands", admin).send(),
                  node.request(HttpMethod.HEAD, "/api/v1/commands", null).send(),
                  node.request(HttpMethod.HEAD, "/openapi.json", null).send());
            })
        .onComplete(
            testContext.succeeding(
                all ->
                    testContext.verify(
                        () -> {
                          HttpResponse<Buffer> asAdmin = all.resultAt(0);
                          assertThat(asAdmin.statusCode()).isEqualTo(200);
                          assertThat(asAdmin.getHeader("Content-Type"))
                              .startsWith("application/json");
                          assertThat(asAdmin.body()).isNull();
                          HttpResponse<Buffer> anonymous = all.resultAt(1);
                          assertThat(anonymous.statusCode()).isEqualTo(401);
                          assertThat(anonymous.body()).isNull();
                          HttpResponse<Buffer> document = all.resultAt(2);
                          assertThat(document.statusCode()).isEqualTo(200);
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("A CORS preflight is allowed for a configured origin and refused for another")
  void corsFromConfig(Vertx vertx, VertxTestContext testContext) {
    JsonObject config = TestBackingServices.get().config();
    config
        .getJsonObject("http")
        .getJsonObject("cors")
        .put("allowed-origins", new JsonArray().add(ALLOWED_ORIGIN));
    onNode(
            vertx,
            config,
            node -> {
              String admin = node.token("cors-admin", "admin");
              return Future.all(
                  preflight(node, ALLOWED_ORIGIN).send(),
                  preflight(node, "https://evil.example.net").send(),
                  node.request(HttpMethod.GET, "/api/v1/commands", admin)
                      .putHeader("Origin", ALLOWED_ORIGIN)
                      .send());
            })
        .onComplete(
            testContext.succeeding(
                all ->
                    testContext.verify(
                        () -> {
                          HttpResponse<Buffer> allowed = all.resultAt(0);
                          assertThat(allowed.statusCode()).isIn(200, 204);
                          assertThat(allowed.getHeader("Access-Control-Allow-Origin"))
                              .isEqualTo(ALLOWED_ORIGIN);
                          assertThat(allowed.getHeader("Access-Control-Allow-Methods"))
                              .contains("GET");
                          assertThat(
                                  allowed.getHeader("Access-Control-Allow-Headers").toLowerCase())
                              .contains("authorization");
                          HttpResponse<Buffer> refused = all.resultAt(1);
                          assertProblem(refused, 403);
                          assertThat(refused.getHeader("Access-Control-Allow-Origin")).isNull();
                          HttpResponse<Buffer> actual = all.resultAt(2);
                          assertThat(actual.statusCode()).isEqualTo(200);
                          assertThat(actual.getHeader("Access-Control-Allow-Origin"))
                              .isEqualTo(ALLOWED_ORIGIN);
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "With no origin configured (the default) a preflight is refused and no CORS header sent")
  void noCorsByDefault(Vertx vertx, VertxTestContext testContext) {
    onNode(
            vertx,
            TestBackingServices.get().config(),
            node -> preflight(node, ALLOWED_ORIGIN).send())
        .onComplete(
            testContext.succeeding(
                response ->
                    testContext.verify(
                        () -> {
                          assertProblem(response, 405);
                          assertThat(response.getHeader("Allow")).isEqualTo("GET, HEAD");
                          assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("The discovery document names the issuer and a JWKS that verifies the node's tokens")
  void discoveryVerifiesIssuedTokens(Vertx vertx, VertxTestContext testContext) {
    JsonObject config = TestBackingServices.get().config();
    config.getJsonObject("http").put("public-url", "https://api.tourbook.test/");
    onNode(
            vertx,
            config,
            node -> {
              String token = node.token("discovered", "customer");
              return node.get("/.well-known/openid-configuration", null)
                  .compose(
                      discovery -> {
                        String jwksUri = discovery.bodyAsJsonObject().getString("jwks_uri");
                        return node.get(URI.create(jwksUri).getPath(), null)
                            .map(jwks -> List.of(discovery, jwks, token));
                      });
            })
        .onComplete(
            testContext.succeeding(
                answers ->
                    testContext.verify(
                        () -> {
                          @SuppressWarnings("unchecked")
                          HttpResponse<Buffer> discovery = (HttpResponse<Buffer>) answers.get(0);
                          @SuppressWarnings("unchecked")
                          HttpResponse<Buffer> jwks = (HttpResponse<Buffer>) answers.get(1);
                          String token = (String) answers.get(2);
                          assertThat(discovery.statusCode()).isEqualTo(200);
                          JsonObject document = discovery.bodyAsJsonObject();
                          assertThat(document.getString("issuer"))
                              .isEqualTo("https://api.tourbook.test");
                          assertThat(document.getString("jwks_uri"))
                              .isEqualTo("https://api.tourbook.test/.well-known/jwks.json");
                          assertThat(document.getJsonArray("id_token_signing_alg_values_supported"))
                              .containsExactly("RS256");
                          assertThat(jwks.statusCode()).isEqualTo(200);
                          assertThat(jwks.bodyAsString()).doesNotContain("\"d\"");

                          SignedJWT jwt = SignedJWT.parse(token);
                          JWKSet keys = JWKSet.parse(jwks.bodyAsString());
                          assertThat(
                                  jwt.verify(
                                      new RSASSAVerifier(
                                          keys.getKeyByKeyId(jwt.getHeader().getKeyID())
                                              .toRSAKey())))
                              .isTrue();
                          assertThat(jwt.getJWTClaimsSet().getIssuer())
                              .isEqualTo(document.getString("issuer"));
                          testContext.completeNow();
                        })));
  }
}
