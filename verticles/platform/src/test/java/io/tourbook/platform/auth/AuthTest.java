package io.tourbook.platform.auth;

import static io.tourbook.platform.http.Problems.assertProblem;
import static io.tourbook.platform.testsupport.TestNode.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.http.ThingsService;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AuthTest {

  private static final String THING = "/api/v1/things/t1";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private TestNode node;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext testContext) {
    TestBackingServices.get().reset();
    ThingsService.node(vertx, TestBackingServices.get().config())
        .onComplete(
            testContext.succeeding(
                started -> {
                  node = started;
                  TestBackingServices.get().markAccountsActive("u1");
                  testContext.completeNow();
                }));
  }

  private void expectUnauthorized(String token, VertxTestContext testContext) {
    expect(
        node.get(THING, token),
        testContext,
        response -> {
          assertProblem(response, 401);
          assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
        });
  }

  private JsonObject claims() {
    return new JsonObject().put("sub", "u1").put("roles", new JsonArray().add(Roles.CUSTOMER));
  }

  /** A provider that signs with the node's own private key, but with options a test chooses. */
  private JWTAuth forger(Vertx vertx, String kid) throws Exception {
    Path keyFile =
        Path.of(node.config.getJsonObject("data").getString("dir"), "jwt", "dev-rs256.pem");
    Matcher privateKey =
        Pattern.compile("-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----")
            .matcher(Files.readString(keyFile));
    assertThat(privateKey.find()).isTrue();
    return JWTAuth.create(
        vertx,
        new JWTAuthOptions()
            .addPubSecKey(
                new PubSecKeyOptions()
                    .setAlgorithm("RS256")
                    .setId(kid)
                    .setBuffer(privateKey.group())));
  }

  private JWTOptions valid() {
    return new JWTOptions()
        .setAlgorithm("RS256")
        .setIssuer(node.auth.keys().issuer())
        .setAudience(List.of("tourbook-api"))
        .setExpiresInSeconds(300);
  }

  /** Signs any header and payload, well-formed or not, with the node's own RSA key. */
  private String signedByNodeKey(String algorithm, JsonObject header, String payload)
      throws Exception {
    Path keyFile =
        Path.of(node.config.getJsonObject("data").getString("dir"), "jwt", "dev-rs256.pem");
    Matcher pem =
        Pattern.compile("-----BEGIN PRIVATE KEY-----([^-]+)-----END PRIVATE KEY-----")
            .matcher(Files.readString(keyFile));
    assertThat(pem.find()).isTrue();
    PrivateKey key =
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem.group(1))));
    String signingInput =
        BASE64URL.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8))
            + "."
            + BASE64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    Signature signature = Signature.getInstance(algorithm);
    signature.initSign(key);
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + BASE64URL.encodeToString(signature.sign());
  }

  private JsonObject rs256Header() {
    return new JsonObject()
        .put("alg", "RS256")
        .put("typ", "JWT")
        .put("kid", node.auth.keys().signingKeyId());
  }

  /** A complete, valid payload as JSON text, with {@code exp} written as {@code expText}. */
  private String payload(String subject, String expText) {
    long now = Instant.now().getEpochSecond();
    return "{\"sub\":\""
        + subject
        + "\",\"roles\":[\"customer\"],\"iss\":\""
        + node.auth.keys().issuer()
        + "\",\"aud\":\"tourbook-api\",\"iat\":"
        + now
        + ",\"exp\":"
        + expText
        + "}";
  }

  private static String inFiveMinutes() {
    return String.valueOf(Instant.now().plusSeconds(300).getEpochSecond());
  }

  private static String unsigned(JsonObject header, JsonObject payload) {
    return BASE64URL.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8))
        + "."
        + BASE64URL.encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("A valid token reaches the handler, which sees the caller's subject and roles")
  void validTokenIsAccepted(VertxTestContext testContext) {
    expect(
        node.get(THING, node.token("u1", Roles.CUSTOMER, Roles.REALTOR)),
        testContext,
        response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          JsonObject body = response.bodyAsJsonObject();
          assertThat(body.getString("subject")).isEqualTo("u1");
          assertThat(body.getJsonArray("roles")).containsExactlyInAnyOrder("customer", "realtor");
        });
  }

  @Test
  @DisplayName("No token is a 401 problem")
  void missingTokenIsUnauthorized(VertxTestContext testContext) {
    expectUnauthorized(null, testContext);
  }

  @Test
  @DisplayName("A garbage token is a 401 problem")
  void garbageTokenIsUnauthorized(VertxTestContext testContext) {
    expectUnauthorized("not.a.token", testContext);
  }

  @Test
  @DisplayName("An expired token is a 401 problem")
  void expiredTokenIsUnauthorized(VertxTestContext testContext) {
    long past = Instant.now().minusSeconds(60).getEpochSecond();
    expectUnauthorized(node.auth.keys().sign(claims().put("exp", past)), testContext);
  }

  @Test
  @DisplayName("A token with alg none is a 401 problem")
  void unsignedTokenIsUnauthorized(VertxTestContext testContext) {
    JsonObject header =
        new JsonObject()
            .put("alg", "none")
            .put("typ", "JWT")
            .put("kid", node.auth.keys().signingKeyId());
    JsonObject payload =
        claims()
            .put("iss", node.auth.keys().issuer())
            .put("aud", "tourbook-api")
            .put("exp", Instant.now().plusSeconds(300).getEpochSecond());
    expectUnauthorized(unsigned(header, payload) + ".", testContext);
  }

  @Test
  @DisplayName("A token without a kid is a 401 problem, not a server error")
  void tokenWithoutKidIsUnauthorized(Vertx vertx, VertxTestContext testContext) throws Exception {
    String signed = node.auth.keys().sign(claims());
    String[] parts = signed.split("\\.");
    JsonObject header =
        new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(parts[0])));
    header.remove("kid");
    String unkeyed =
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(header.encode().getBytes())
            + "."
            + parts[1]
            + "."
            + parts[2];
    expectUnauthorized(unkeyed, testContext);
  }

  @Test
  @DisplayName("An HS256 token keyed with the public key (algorithm confusion) is a 401 problem")
  void hmacTokenIsUnauthorized(VertxTestContext testContext) throws Exception {
    JwtKeys keys = node.auth.keys();
    JsonObject header =
        new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", keys.signingKeyId());
    JsonObject payload =
        claims()
            .put("iss", node.auth.keys().issuer())
            .put("aud", "tourbook-api")
            .put("exp", Instant.now().plusSeconds(300).getEpochSecond());
    String signingInput = unsigned(header, payload);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(keys.jwks().encode().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature =
        BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    expectUnauthorized(signingInput + "." + signature, testContext);
  }

  @Test
  @DisplayName("A token for another audience is a 401 problem")
  void wrongAudienceIsUnauthorized(Vertx vertx, VertxTestContext testContext) throws Exception {
    String token =
        forger(vertx, node.auth.keys().signingKeyId())
            .generateToken(claims(), valid().setAudience(List.of("another-api")));
    expectUnauthorized(token, testContext);
  }

  @Test
  @DisplayName("A token from another issuer is a 401 problem")
  void wrongIssuerIsUnauthorized(Vertx vertx, VertxTestContext testContext) throws Exception {
    String token =
        forger(vertx, node.auth.keys().signingKeyId())
            .generateToken(claims(), valid().setIssuer("someone-else"));
    expectUnauthorized(token, testContext);
  }

  @Test
  @DisplayName("The forging helper's tokens are accepted when nothing is wrong with them")
  void forgerControlIsAccepted(Vertx vertx, VertxTestContext testContext) throws Exception {
    String token = forger(vertx, node.auth.keys().signingKeyId()).generateToken(claims(), valid());
    expect(
        node.get(THING, token),
        testContext,
        response -> assertThat(response.statusCode()).isEqualTo(200));
  }

  @Test
  @DisplayName(
      "A token without exp is a 401 problem: signed by the node's key, it would never expire")
  void tokenWithoutExpiryIsUnauthorized(Vertx vertx, VertxTestContext testContext)
      throws Exception {
    JWTOptions forever = valid().setExpiresInSeconds(0);
    String token = forger(vertx, node.auth.keys().signingKeyId()).generateToken(claims(), forever);
    assertThat(
            new String(
                Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8))
        .doesNotContain("\"exp\"");
    expectUnauthorized(token, testContext);
  }

  @Test
  @DisplayName("A token naming an unknown kid is a 401 problem, even when signed by a known key")
  void unknownKidIsUnauthorized(Vertx vertx, VertxTestContext testContext) throws Exception {
    String token = forger(vertx, "some-other-kid").generateToken(claims(), valid());
    expectUnauthorized(token, testContext);
  }

  @Test
  @DisplayName("A token signed by a foreign key that claims the node's kid is a 401 problem")
  void foreignKeyIsUnauthorized(Vertx vertx, VertxTestContext testContext) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder()
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    JWTAuth foreign =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions()
                        .setAlgorithm("RS256")
                        .setId(node.auth.keys().signingKeyId())
                        .setBuffer(pem)));
    expectUnauthorized(foreign.generateToken(claims(), valid()), testContext);
  }

  @Test
  @DisplayName("A hand-signed token with nothing wrong is accepted: the control for the next tests")
  void handSignedControlIsAccepted(VertxTestContext testContext) throws Exception {
    String token = signedByNodeKey("SHA256withRSA", rs256Header(), payload("u1", inFiveMinutes()));
    expect(
        node.get(THING, token),
        testContext,
        response -> assertThat(response.statusCode()).isEqualTo(200));
  }

  @Test
  @DisplayName("exp as a string is a 401 problem, not a server error")
  void stringExpiryIsUnauthorized(VertxTestContext testContext) throws Exception {
    String exp = "\"" + inFiveMinutes() + "\"";
    expectUnauthorized(
        signedByNodeKey("SHA256withRSA", rs256Header(), payload("u1", exp)), testContext);
  }

  @Test
  @DisplayName("exp 1e300 is a 401 problem: it would never expire")
  void hugeExpiryIsUnauthorized(VertxTestContext testContext) throws Exception {
    expectUnauthorized(
        signedByNodeKey("SHA256withRSA", rs256Header(), payload("u1", "1e300")), testContext);
  }

  @Test
  @DisplayName("exp beyond the configured lifetime is a 401 problem, though validly signed")
  void expiryBeyondLifetimeIsUnauthorized(VertxTestContext testContext) throws Exception {
    String inADay = String.valueOf(Instant.now().plusSeconds(86_400).getEpochSecond());
    expectUnauthorized(
        signedByNodeKey("SHA256withRSA", rs256Header(), payload("u1", inADay)), testContext);
  }

  @Test
  @DisplayName("An unknown crit header is a 401 problem")
  void unknownCriticalHeaderIsUnauthorized(VertxTestContext testContext) throws Exception {
    JsonObject header =
        rs256Header().put("crit", new JsonArray().add("tourbook-x")).put("tourbook-x", true);
    expectUnauthorized(
        signedByNodeKey("SHA256withRSA", header, payload("u1", inFiveMinutes())), testContext);
  }

  @Test
  @DisplayName("RS384 with the node's own key is a 401 problem: only the configured alg is allowed")
  void otherAlgorithmWithTheNodeKeyIsUnauthorized(VertxTestContext testContext) throws Exception {
    expectUnauthorized(
        signedByNodeKey(
            "SHA384withRSA", rs256Header().put("alg", "RS384"), payload("u1", inFiveMinutes())),
        testContext);
  }

  @Test
  @DisplayName("A valid token whose subject has no account is a 401 problem")
  void unknownSubjectIsUnauthorized(VertxTestContext testContext) {
    String token =
        node.auth
            .keys()
            .sign(
                new JsonObject()
                    .put("sub", "nobody-" + java.util.UUID.randomUUID())
                    .put("roles", new JsonArray().add(Roles.CUSTOMER)));
    expect(
        node.get(THING, token),
        testContext,
        response ->
            assertThat(assertProblem(response, 401).getString("detail")).contains("no account"));
  }

  @Test
  @DisplayName("A suspended account's token is a 403 problem, and passes again once reactivated")
  void suspendedAccountIsForbiddenUntilReactivated(Vertx vertx, VertxTestContext testContext) {
    String token = node.auth.keys().sign(claims().put("sub", "s1"));
    AccountStates states = node.auth.accountStates();
    states
        .set("s1", AccountStates.SUSPENDED)
        .compose(v -> node.get(THING, token))
        .compose(
            suspended -> {
              testContext.verify(
                  () ->
                      assertThat(assertProblem(suspended, 403).getString("detail"))
                          .contains("suspended"));
              return states.set("s1", AccountStates.ACTIVE);
            })
        .compose(
            v ->
                Eventually.until(
                    vertx,
                    "the reactivated account's token to pass",
                    Duration.ofSeconds(10),
                    () -> node.get(THING, token).map(response -> response.statusCode()),
                    status -> status == 200))
        .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A caller without the required role gets a 403 problem")
  void wrongRoleIsForbidden(VertxTestContext testContext) {
    expect(
        node.post("/api/v1/things", node.token("c1", Roles.CUSTOMER), "{\"title\":\"x\"}"),
        testContext,
        response -> {
          JsonObject problem = assertProblem(response, 403);
          assertThat(problem.getString("detail")).contains("provider");
        });
  }

  @Test
  @DisplayName("A caller with one of the required roles passes")
  void rightRoleIsAccepted(VertxTestContext testContext) {
    expect(
        node.post(
            "/api/v1/things",
            node.token("p1", Roles.CUSTOMER, Roles.PROVIDER),
            "{\"title\":\"x\"}"),
        testContext,
        response -> assertThat(response.statusCode()).isEqualTo(201));
  }
}
