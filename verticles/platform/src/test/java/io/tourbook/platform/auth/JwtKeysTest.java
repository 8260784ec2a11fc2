package io.tourbook.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tourbook.platform.testsupport.TestBackingServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class JwtKeysTest {

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static KeyPair ecKeyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static JsonObject config(String algorithm, String privateKey, JsonArray publicKeys) {
    JsonObject config = TestBackingServices.get().config();
    config
        .getJsonObject("jwt")
        .put("algorithm", algorithm)
        .put("private-key", privateKey)
        .put("public-keys", publicKeys);
    return config;
  }

  private static JsonObject claims() {
    return new JsonObject().put("sub", "u1").put("roles", new JsonArray().add("admin"));
  }

  @Test
  @DisplayName(
      "The dev key pair is generated once under data.dir, owner-only, and reused on restart")
  void devKeyPairIsPersistedAndReused(Vertx vertx, VertxTestContext testContext) {
    JsonObject config = TestBackingServices.get().config();
    Path keyFile = Path.of(config.getJsonObject("data").getString("dir"), "jwt", "dev-rs256.pem");
    JwtKeys.load(vertx, config)
        .compose(
            first ->
                JwtKeys.load(vertx, config)
                    .compose(
                        second -> {
                          String token = first.sign(claims());
                          testContext.verify(
                              () -> {
                                assertThat(second.signingKeyId()).isEqualTo(first.signingKeyId());
                                assertThat(second.jwks()).isEqualTo(first.jwks());
                                assertThat(
                                        PosixFilePermissions.toString(
                                            Files.getPosixFilePermissions(keyFile)))
                                    .isEqualTo("rw-------");
                              });
                          return Future.succeededFuture(second.verify(token));
                        }))
        .onComplete(
            testContext.succeeding(
                claims ->
                    testContext.verify(
                        () -> {
                          assertThat(claims.getString("sub")).isEqualTo("u1");
                          assertThat(claims.getString("iss")).isEqualTo(JwtKeys.DEFAULT_ISSUER);
                          assertThat(claims.getString("aud")).isEqualTo("tourbook-api");
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("Any algorithm but RS256 and ES256 is refused at load")
  void otherAlgorithmsAreRefused(Vertx vertx, VertxTestContext testContext) {
    var checkpoint = testContext.checkpoint(3);
    for (String algorithm : new String[] {"HS256", "none", "RS512"}) {
      JwtKeys.load(vertx, config(algorithm, "", new JsonArray()))
          .onComplete(
              testContext.failing(
                  error ->
                      testContext.verify(
                          () -> {
                            assertThat(error).hasMessageContaining("jwt.algorithm");
                            checkpoint.flag();
                          })));
    }
  }

  @Test
  @DisplayName("Configured ES256 keys sign and verify; the kid is in the header and the JWKS")
  void configuredEcKeysWork(Vertx vertx, VertxTestContext testContext) throws Exception {
    KeyPair pair = ecKeyPair();
    JsonObject config =
        config(
            "ES256",
            pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
            new JsonArray().add(pem("PUBLIC KEY", pair.getPublic().getEncoded())));
    JwtKeys.load(vertx, config)
        .compose(
            keys -> {
              String token = keys.sign(claims());
              JsonObject header =
                  new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0])));
              testContext.verify(
                  () -> {
                    assertThat(header.getString("alg")).isEqualTo("ES256");
                    assertThat(header.getString("kid")).isEqualTo(keys.signingKeyId());
                    JsonObject jwk = keys.jwks().getJsonArray("keys").getJsonObject(0);
                    assertThat(jwk.getString("kid")).isEqualTo(keys.signingKeyId());
                    assertThat(jwk.getString("crv")).isEqualTo("P-256");
                    assertThat(jwk.fieldNames()).doesNotContain("d");
                  });
              return Future.succeededFuture(keys.verify(token));
            })
        .onComplete(testContext.succeeding(claims -> testContext.completeNow()));
  }

  @Test
  @DisplayName("While rotating, tokens of the old key still verify on a node that lists both keys")
  void rotationAcceptsEveryListedKey(Vertx vertx, VertxTestContext testContext) throws Exception {
    KeyPair oldPair = ecKeyPair();
    KeyPair newPair = ecKeyPair();
    String oldPublic = pem("PUBLIC KEY", oldPair.getPublic().getEncoded());
    String newPublic = pem("PUBLIC KEY", newPair.getPublic().getEncoded());
    Future<JwtKeys> oldSigner =
        JwtKeys.load(
            vertx,
            config(
                "ES256",
                pem("PRIVATE KEY", oldPair.getPrivate().getEncoded()),
                new JsonArray().add(oldPublic)));
    Future<JwtKeys> verifier =
        JwtKeys.load(vertx, config("ES256", "", new JsonArray().add(oldPublic).add(newPublic)));
    Future.all(oldSigner, verifier)
        .compose(
            loaded -> {
              testContext.verify(
                  () -> {
                    assertThat(verifier.result().jwks().getJsonArray("keys")).hasSize(2);
                    assertThatThrownBy(() -> verifier.result().sign(claims()))
                        .isInstanceOf(IllegalStateException.class);
                  });
              return Future.succeededFuture(
                  verifier.result().verify(oldSigner.result().sign(claims())));
            })
        .onComplete(testContext.succeeding(claims -> testContext.completeNow()));
  }

  @Test
  @DisplayName("An EC private key whose public key is not listed is refused")
  void unmatchedEcPrivateKeyIsRefused(Vertx vertx, VertxTestContext testContext) throws Exception {
    JsonObject config =
        config(
            "ES256",
            pem("PRIVATE KEY", ecKeyPair().getPrivate().getEncoded()),
            new JsonArray().add(pem("PUBLIC KEY", ecKeyPair().getPublic().getEncoded())));
    JwtKeys.load(vertx, config)
        .onComplete(
            testContext.failing(
                error ->
                    testContext.verify(
                        () -> {
                          assertThat(error).hasMessageContaining("jwt.public-keys");
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("An RSA key's kid is its RFC 7638 thumbprint (the RFC's own example)")
  void kidIsRfc7638Thumbprint(Vertx vertx, VertxTestContext testContext) throws Exception {
    String n =
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(n));
    var publicKey =
        KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(modulus, BigInteger.valueOf(65537)));
    JwtKeys.load(
            vertx,
            config("RS256", "", new JsonArray().add(pem("PUBLIC KEY", publicKey.getEncoded()))))
        .onComplete(
            testContext.succeeding(
                keys ->
                    testContext.verify(
                        () -> {
                          JsonObject jwk = keys.jwks().getJsonArray("keys").getJsonObject(0);
                          assertThat(jwk.getString("n")).isEqualTo(n);
                          assertThat(jwk.getString("e")).isEqualTo("AQAB");
                          assertThat(jwk.getString("kid"))
                              .isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("A PKCS#1 private key is refused with a message saying PKCS#8 is needed")
  void pkcs1PrivateKeyIsRefused(Vertx vertx, VertxTestContext testContext) {
    JsonObject config =
        config(
            "RS256",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\n",
            new JsonArray());
    JwtKeys.load(vertx, config)
        .onComplete(
            testContext.failing(
                error ->
                    testContext.verify(
                        () -> {
                          assertThat(error).hasMessageContaining("PKCS#8");
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "The issuer is jwt.issuer, else http.public-url without its trailing slash; a bare name is"
          + " refused")
  void issuerIsAUrl(Vertx vertx, VertxTestContext testContext) {
    JsonObject config = TestBackingServices.get().config();
    config.getJsonObject("http").put("public-url", "https://api.example.com/");
    assertThat(JwtKeys.issuer(config)).isEqualTo("https://api.example.com");
    config.getJsonObject("jwt").put("issuer", "https://id.example.com/tourbook");
    assertThat(JwtKeys.issuer(config)).isEqualTo("https://id.example.com/tourbook");
    config.getJsonObject("jwt").put("issuer", "tourbook");
    JwtKeys.load(vertx, config)
        .onComplete(
            testContext.failing(
                error ->
                    testContext.verify(
                        () -> {
                          assertThat(error)
                              .hasMessageContaining("jwt.issuer must be an http(s) URL");
                          testContext.completeNow();
                        })));
  }
}
