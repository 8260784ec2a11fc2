package io.tourbook.app.security;

import io.tourbook.platform.auth.JwtKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens an attacker would try (RFC 8725 and the classic JWT library bugs), all claiming the
 * admin role: each must be refused with 401. Built by hand, since no JWT library will make most of
 * them.
 */
final class ForgedTokens {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private final PrivateKey signingKey;
  private final String publicKeyPem;
  private final String kid;
  private final String issuer;
  private final String audience;

  /**
   * The node's own development key pair (under {@code data.dir}), so that every forged token but
   * the one under test is otherwise perfect.
   */
  ForgedTokens(JsonObject config, String kid) throws Exception {
    String pems =
        Files.readString(
            Path.of(config.getJsonObject("data").getString("dir"), "jwt", "dev-rs256.pem"));
    Matcher matcher = PEM.matcher(pems);
    PrivateKey privateKey = null;
    String publicPem = null;
    while (matcher.find()) {
      if (matcher.group(1).equals("PRIVATE KEY")) {
        privateKey =
            KeyFactory.getInstance("RSA")
                .generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(matcher.group(2))));
      } else {
        publicPem = matcher.group();
      }
    }
    this.signingKey = privateKey;
    this.publicKeyPem = publicPem;
    this.kid = kid;
    JsonObject jwt = config.getJsonObject("jwt");
    this.issuer = JwtKeys.issuer(config);
    this.audience = jwt.getString("audience");
  }

  /** The subject of every token but one attack's: it must have an active account. */
  static final String SUBJECT = "forger";

  /** A correct token, the control: it must be accepted, or the attacks prove nothing. */
  String genuine() throws GeneralSecurityException {
    return rs256(header(), claims());
  }

  /** Each attack by name. */
  Map<String, String> attacks() throws GeneralSecurityException {
    Map<String, String> attacks = new LinkedHashMap<>();
    attacks.put("alg none", unsigned(header().put("alg", "none"), claims()));
    attacks.put("alg None", unsigned(header().put("alg", "None"), claims()));
    attacks.put(
        "HS256 signed with the RSA public key (PEM) as secret",
        hs256(header().put("alg", "HS256"), claims(), publicKeyPem));
    attacks.put(
        "expired", rs256(header(), claims().put("exp", now() - 120).put("iat", now() - 600)));
    attacks.put("no exp", rs256(header(), without(claims(), "exp")));
    attacks.put("not yet valid", rs256(header(), claims().put("nbf", now() + 3600)));
    attacks.put("wrong aud", rs256(header(), claims().put("aud", "someone-else")));
    attacks.put("no aud", rs256(header(), without(claims(), "aud")));
    attacks.put("wrong iss", rs256(header(), claims().put("iss", "https://evil.example")));
    attacks.put("no iss", rs256(header(), without(claims(), "iss")));
    attacks.put("unknown kid", rs256(header().put("kid", "attacker-key"), claims()));
    attacks.put("no kid", rs256(without(header(), "kid"), claims()));
    attacks.put("signed by another key with the node's kid", foreignKey());
    attacks.put("tampered payload", tamperedPayload());
    attacks.put("tampered signature", tamperedSignature());
    attacks.put("signature stripped", strip(genuine()));
    attacks.put("not a JWT", "not.a.jwt");
    attacks.put(
        "exp as a string", rs256(header(), claims().put("exp", String.valueOf(now() + 240))));
    attacks.put("exp 1e300", rs256(header(), claims().put("exp", 1e300)));
    attacks.put(
        "exp a day away (beyond the lifetime)",
        rs256(header(), claims().put("exp", now() + 86_400)));
    attacks.put("iat as a string", rs256(header(), claims().put("iat", String.valueOf(now()))));
    attacks.put("roles as a string", rs256(header(), claims().put("roles", "admin")));
    attacks.put(
        "unknown crit header",
        rs256(
            header().put("crit", new JsonArray().add("x-tourbook")).put("x-tourbook", 1),
            claims()));
    attacks.put("RS384 with the node's key", rs384(header().put("alg", "RS384"), claims()));
    attacks.put(
        "subject without an account",
        rs256(header(), claims().put("sub", "nobody-" + java.util.UUID.randomUUID())));
    return attacks;
  }

  private JsonObject header() {
    return new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid);
  }

  private JsonObject claims() {
    return new JsonObject()
        .put("sub", SUBJECT)
        .put("roles", new JsonArray().add("admin"))
        .put("iss", issuer)
        .put("aud", new JsonArray().add(audience))
        .put("iat", now())
        .put("exp", now() + 240);
  }

  private static JsonObject without(JsonObject json, String field) {
    json.remove(field);
    return json;
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  private static String encode(JsonObject json) {
    return BASE64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static String unsigned(JsonObject header, JsonObject claims) {
    return encode(header) + "." + encode(claims) + ".";
  }

  private String rs256(JsonObject header, JsonObject claims) throws GeneralSecurityException {
    return rs256(header, claims, signingKey);
  }

  private static String rs256(JsonObject header, JsonObject claims, PrivateKey key)
      throws GeneralSecurityException {
    String signingInput = encode(header) + "." + encode(claims);
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(key);
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + BASE64URL.encodeToString(signature.sign());
  }

  private String rs384(JsonObject header, JsonObject claims) throws GeneralSecurityException {
    String signingInput = encode(header) + "." + encode(claims);
    Signature signature = Signature.getInstance("SHA384withRSA");
    signature.initSign(signingKey);
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + BASE64URL.encodeToString(signature.sign());
  }

  private static String hs256(JsonObject header, JsonObject claims, String secret)
      throws GeneralSecurityException {
    String signingInput = encode(header) + "." + encode(claims);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    return signingInput
        + "."
        + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }

  private String foreignKey() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return rs256(header(), claims(), generator.generateKeyPair().getPrivate());
  }

  /** A genuine customer's token whose payload is swapped for one claiming admin. */
  private String tamperedPayload() throws GeneralSecurityException {
    JsonObject customer = claims().put("roles", new JsonArray().add("customer"));
    String[] parts = rs256(header(), customer).split("\\.");
    return parts[0] + "." + encode(claims()) + "." + parts[2];
  }

  private String tamperedSignature() throws GeneralSecurityException {
    String token = genuine();
    int last = token.length() - 5;
    char flipped = token.charAt(last) == 'A' ? 'B' : 'A';
    return token.substring(0, last) + flipped + token.substring(last + 1);
  }

  private static String strip(String token) {
    return token.substring(0, token.lastIndexOf('.') + 1);
  }
}
