package io.tourbook.platform.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.Key;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node's JWT keys, signing and verification through Nimbus JOSE+JWT: the public keys every
 * token is verified against and, where configured, the private key that signs new tokens.
 *
 * <p>Keys come from {@code jwt.private-key} (PEM, PKCS#8) and {@code jwt.public-keys} (PEMs; list
 * the old and the new key while rotating). When neither is set, a development key pair is generated
 * once and kept under {@code <data.dir>/jwt/}, so tokens survive a restart and every node sharing
 * that directory trusts them. Each key's {@code kid} is its RFC 7638 thumbprint.
 */
public final class JwtKeys {

  /** The only algorithms ever configurable: asymmetric, so a verifier can never forge a token. */
  public static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");

  private final JWSAlgorithm algorithm;
  static final String DEFAULT_ISSUER = "http://localhost:8080";

  private final String issuer;
  private final String audience;
  private final long ttlSeconds;
  private final long skewSeconds;
  private final Map<String, JWK> publicKeys;
  private final Map<String, PublicKey> verificationKeys;
  private final String signingKid;
  private final JWSSigner signer;
  private final DefaultJWTProcessor<SecurityContext> processor;

  private JwtKeys(JsonObject jwt, String issuer, JWSAlgorithm algorithm, JwtKeyMaterial keys) {
    this.algorithm = algorithm;
    this.issuer = issuer;
    this.audience = jwt.getString("audience");
    this.ttlSeconds = jwt.getInteger("token-ttl-seconds", 300);
    this.skewSeconds = jwt.getInteger("clock-skew-seconds", 10);
    this.publicKeys = keys.publicKeys();
    this.verificationKeys = keys.verificationKeys();
    this.signingKid = keys.signingKid();
    this.signer = keys.signer();
    this.processor = processor();
  }

  /**
   * Loads the keys from {@code jwt.*}, or the development key pair under {@code data.dir}. Fails on
   * any algorithm other than RS256 and ES256, and on keys that do not fit the algorithm.
   */
  public static Future<JwtKeys> load(Vertx vertx, JsonObject config) {
    JsonObject jwt = config.getJsonObject("jwt", new JsonObject());
    String algorithm = jwt.getString("algorithm", "");
    if (!ALGORITHMS.contains(algorithm)) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "jwt.algorithm must be one of " + ALGORITHMS + ", not '" + algorithm + "'"));
    }
    String issuer = issuer(config);
    if (!issuer.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "jwt.issuer must be an http(s) URL without query or fragment, not '" + issuer + "'"));
    }
    String dataDir = config.getJsonObject("data", new JsonObject()).getString("dir", "./data");
    JWSAlgorithm parsed = JWSAlgorithm.parse(algorithm);
    return vertx.executeBlocking(
        () ->
            new JwtKeys(
                jwt, issuer, parsed, JwtKeyMaterial.read(jwt, parsed, Path.of(dataDir, "jwt"))));
  }

  /**
   * The issuer every node signs and verifies with: {@code jwt.issuer}, else the public URL {@code
   * http.public-url}, else {@value #DEFAULT_ISSUER}; a URL, without a trailing slash, under which
   * {@code /.well-known/openid-configuration} is served. The default does not follow the node's own
   * port: the nodes of one cluster must share an issuer, or a token one node issued would be
   * refused by the others (several local nodes listen on several ports).
   */
  public static String issuer(JsonObject config) {
    String configured = config.getJsonObject("jwt", new JsonObject()).getString("issuer", "");
    JsonObject http = config.getJsonObject("http", new JsonObject());
    String publicUrl = http.getString("public-url", "");
    String issuer =
        !configured.isBlank()
            ? configured.strip()
            : !publicUrl.isBlank() ? publicUrl.strip() : DEFAULT_ISSUER;
    return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
  }

  /** The {@code iss} of every token this node signs and accepts. */
  public String issuer() {
    return issuer;
  }

  public String algorithm() {
    return algorithm.getName();
  }

  /** The {@code kid} of the signing key, or null when this node only verifies. */
  public String signingKeyId() {
    return signingKid;
  }

  /** Lifetime of an access token ({@code jwt.token-ttl-seconds}). */
  public long ttlSeconds() {
    return ttlSeconds;
  }

  /**
   * Signs a token with the given claims (usually {@code sub} and {@code roles}). Adds {@code iss},
   * {@code aud}, {@code iat} and, unless the claims carry one, {@code exp} ({@code
   * jwt.token-ttl-seconds} from now); the header names the key's {@code kid}.
   *
   * @throws IllegalStateException when this node has no private key
   */
  public String sign(JsonObject claims) {
    if (signer == null) {
      throw new IllegalStateException(
          "No jwt.private-key configured: this node cannot sign tokens");
    }
    long now = Instant.now().getEpochSecond();
    JsonObject payload =
        new JsonObject()
            .put("exp", now + ttlSeconds)
            .mergeIn(claims)
            .put("iss", issuer)
            .put("aud", audience)
            .put("iat", now);
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(algorithm).keyID(signingKid).type(JOSEObjectType.JWT).build(),
              JWTClaimsSet.parse(payload.encode()));
      jwt.sign(signer);
      return jwt.serialize();
    } catch (ParseException | JOSEException e) {
      throw new IllegalArgumentException("Cannot sign these claims", e);
    }
  }

  /**
   * Verifies a token and returns its claims: signed with the configured algorithm by a listed key
   * named by its {@code kid}, no unknown {@code crit} header, issued by {@code jwt.issuer} for
   * {@code jwt.audience}, with {@code sub}, integral {@code iat} and {@code exp}, not expired, and
   * living no longer than {@code jwt.token-ttl-seconds} (plus {@code jwt.clock-skew-seconds}).
   *
   * @throws InvalidTokenException saying why the token is refused
   */
  public JsonObject verify(String token) {
    SignedJWT jwt;
    JsonObject claims;
    try {
      jwt = SignedJWT.parse(token);
      processor.process(jwt, null);
      claims = new JsonObject(jwt.getPayload().toString());
    } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
      throw new InvalidTokenException(e.getMessage());
    }
    checkClaimTypes(claims);
    return claims;
  }

  /**
   * Nimbus parses the standard claims leniently (a fractional {@code exp} is truncated, a huge one
   * saturates), so the raw types and the bound on the lifetime are checked here.
   */
  private void checkClaimTypes(JsonObject claims) {
    long now = Instant.now().getEpochSecond();
    long issuedAt = integral(claims, "iat");
    long expiresAt = integral(claims, "exp");
    if (!(claims.getValue("sub") instanceof String subject) || subject.isBlank()) {
      throw new InvalidTokenException("sub must be a non-empty string");
    }
    Object roles = claims.getValue("roles");
    if (roles != null
        && !(roles instanceof JsonArray array
            && array.stream().allMatch(String.class::isInstance))) {
      throw new InvalidTokenException("roles must be an array of strings");
    }
    long longest = ttlSeconds + skewSeconds;
    if (issuedAt > now + skewSeconds
        || expiresAt - issuedAt > longest
        || expiresAt - now > longest) {
      throw new InvalidTokenException("Token lifetime exceeds jwt.token-ttl-seconds");
    }
  }

  private static long integral(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    throw new InvalidTokenException(name + " must be an integral number of seconds");
  }

  /** The public keys as a JWK Set ({@code {"keys": [...]}}); never any private material. */
  public JsonObject jwks() {
    return new JsonObject(
        new JWKSet(List.copyOf(publicKeys.values())).toPublicJWKSet().toString(true));
  }

  /** Refused whatever the header claims: another algorithm, a missing or unknown {@code kid}. */
  private DefaultJWTProcessor<SecurityContext> processor() {
    DefaultJWTProcessor<SecurityContext> jwtProcessor = new DefaultJWTProcessor<>();
    jwtProcessor.setJWSKeySelector(
        (header, context) -> {
          Key key = header.getKeyID() == null ? null : verificationKeys.get(header.getKeyID());
          return algorithm.equals(header.getAlgorithm()) && key != null
              ? List.of(key)
              : List.<Key>of();
        });
    DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier =
        new DefaultJWTClaimsVerifier<>(
            Set.of(audience),
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("sub", "iat", "exp"),
            Set.of());
    claimsVerifier.setMaxClockSkew((int) skewSeconds);
    jwtProcessor.setJWTClaimsSetVerifier(claimsVerifier);
    return jwtProcessor;
  }

  /** A token that is not accepted; the message says why, for logs, never for the client. */
  public static final class InvalidTokenException extends RuntimeException {
    InvalidTokenException(String reason) {
      super(reason, null, false, false);
    }
  }
}
