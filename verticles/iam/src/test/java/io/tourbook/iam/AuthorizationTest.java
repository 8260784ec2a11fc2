package io.tourbook.iam;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.testsupport.AuthorizationMatrix;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Authorization: the route table's roles, and forged or stale tokens")
class AuthorizationTest {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private IamNode iam;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    iam = IamNode.start(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    iam.stop();
  }

  @Test
  @DisplayName("Every iam route answers every role, and anonymous callers, as its table says")
  void matrix() throws Exception {
    assertThat(await(AuthorizationMatrix.violations(iam.node))).isEmpty();
    assertThat(iam.node.node.routes().tables().get("iam").entries()).hasSize(15);
  }

  @Test
  @DisplayName("Forged, expired and misaddressed tokens are all 401 on an iam route")
  void forgedTokensAreRejected() throws Exception {
    String id = iam.register("customer", "eve@example.com").getString("id");
    String valid = iam.token("eve@example.com");
    assertThat(iam.get("/me", valid).statusCode()).isEqualTo(200);

    String kid = iam.node.auth.keys().signingKeyId();
    long now = Instant.now().getEpochSecond();
    JsonObject claims =
        new JsonObject()
            .put("sub", id)
            .put("roles", new JsonArray().add("customer"))
            .put("iss", iam.node.auth.keys().issuer())
            .put("aud", "tourbook-api")
            .put("iat", now)
            .put("exp", now + 240);
    JsonObject header = new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid);
    assertThat(iam.get("/me", rs256(header, claims)).statusCode())
        .as("the forging code signs like iam")
        .isEqualTo(200);

    String publicPem = pem("PUBLIC KEY");
    List<String> attacks =
        List.of(
            unsigned(header.copy().put("alg", "none"), claims),
            hs256(
                header.copy().put("alg", "HS256"),
                claims,
                publicPem.getBytes(StandardCharsets.US_ASCII)),
            hs256(header.copy().put("alg", "HS256"), claims, der(publicPem)),
            iam.node.auth.keys().sign(claims.copy().put("exp", now - 60)),
            rs256(header, claims.copy().put("exp", now - 60)),
            rs256(header, claims.copy().put("aud", "another-api")),
            rs256(header, claims.copy().put("iss", "someone-else")),
            rs256(header.copy().put("kid", "unknown-key"), claims),
            tampered(valid),
            valid.substring(0, valid.length() - 4) + "AAAA",
            "not.a.token");
    for (String attack : attacks) {
      assertThat(iam.get("/me", attack).statusCode()).as(attack).isEqualTo(401);
    }
    assertThat(
            await(
                    iam.node
                        .request(HttpMethod.GET, IamNode.API + "/me", null)
                        .putHeader("Authorization", "Basic ZXZlOnNlY3JldA==")
                        .send())
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  @DisplayName(
      "A suspended account's token stops working on iam at once, and expires within its lifetime")
  void suspendedAccountToken() throws Exception {
    String id = iam.register("provider", "sam@example.com").getString("id");
    String token = iam.token("sam@example.com");
    String admin = iam.adminToken();
    iam.send(
        io.vertx.core.http.HttpMethod.PUT,
        "/accounts/" + id + "/status",
        admin,
        "{\"status\":\"suspended\"}");
    assertThat(iam.get("/me", token).statusCode()).isEqualTo(403);

    String payload = token.split("\\.")[1];
    JsonObject claims =
        new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isLessThanOrEqualTo(300);
    String afterLifetime =
        iam.node
            .auth
            .keys()
            .sign(
                new JsonObject()
                    .put("sub", id)
                    .put("roles", new JsonArray().add("provider"))
                    .put("exp", claims.getLong("iat") - 60));
    assertThat(iam.get("/me", afterLifetime).statusCode()).isEqualTo(401);
  }

  private String tampered(String token) {
    String[] parts = token.split("\\.");
    JsonObject claims =
        new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    claims.put("roles", new JsonArray().add("admin"));
    return parts[0] + "." + encode(claims) + "." + parts[2];
  }

  private static String encode(JsonObject json) {
    return BASE64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static String unsigned(JsonObject header, JsonObject claims) {
    return encode(header) + "." + encode(claims) + ".";
  }

  private static String hs256(JsonObject header, JsonObject claims, byte[] secret)
      throws Exception {
    String signingInput = encode(header) + "." + encode(claims);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    return signingInput
        + "."
        + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Signs with the node's own (development) private key: only the claims or header are wrong. */
  private String rs256(JsonObject header, JsonObject claims) throws Exception {
    PrivateKey key =
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(der(pem("PRIVATE KEY"))));
    String signingInput = encode(header) + "." + encode(claims);
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(key);
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + BASE64URL.encodeToString(signature.sign());
  }

  private String pem(String type) throws Exception {
    Path file = Path.of(iam.config.getJsonObject("data").getString("dir"), "jwt", "dev-rs256.pem");
    Matcher matcher = PEM.matcher(Files.readString(file));
    while (matcher.find()) {
      if (matcher.group(1).equals(type)) {
        return matcher.group();
      }
    }
    throw new IllegalStateException("No " + type + " in " + file);
  }

  private static byte[] der(String pem) {
    Matcher matcher = PEM.matcher(pem);
    if (!matcher.find()) {
      throw new IllegalArgumentException("Not a PEM");
    }
    return Base64.getMimeDecoder().decode(matcher.group(2));
  }
}
