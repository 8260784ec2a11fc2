package io.tourbook.platform.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final int MIN_RSA_BITS = 2048;

  private final JWSAlgorithm algorithm;
  private final String issuer;
  private final String audience;
  private final long ttlSeconds;
  private final long skewSeconds;
  private final Map<String, JWK> publicKeys;
  private final Map<String, PublicKey> verificationKeys;
  private final String signingKid;
  private final JWSSigner signer;
  private final DefaultJWTProcessor<SecurityContext> processor;

  private JwtKeys(
      JsonObject jwt,
      JWSAlgorithm algorithm,
      Map<String, JWK> publicKeys,
      Map<String, PublicKey> verificationKeys,
      String signingKid,
      JWSSigner signer) {
    this.algorithm = algorithm;
    this.issuer = jwt.getString("issuer");
    this.audience = jwt.getString("audience");
    this.ttlSeconds = jwt.getInteger("token-ttl-seconds", 300);
    this.skewSeconds = jwt.getInteger("clock-skew-seconds", 10);
    this.publicKeys = publicKeys;
    this.verificationKeys = verificationKeys;
    this.signingKid = signingKid;
    this.signer = signer;
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
    String dataDir = config.getJsonObject("data", new JsonObject()).getString("dir", "./data");
    return vertx.executeBlocking(
        () -> create(jwt, JWSAlgorithm.parse(algorithm), Path.of(dataDir, "jwt")));
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

  private static JwtKeys create(JsonObject jwt, JWSAlgorithm algorithm, Path devKeyDir)
      throws IOException, GeneralSecurityException, JOSEException {
    String privatePem = jwt.getString("private-key", "");
    List<String> publicPems = publicKeyPems(jwt.getValue("public-keys"));
    if (privatePem.isBlank() && publicPems.isEmpty()) {
      List<String> devPems = devKeyPair(algorithm, devKeyDir);
      privatePem = devPems.get(0);
      publicPems = devPems.subList(1, devPems.size());
    }
    Map<String, JWK> publicKeys = new LinkedHashMap<>();
    Map<String, PublicKey> verificationKeys = new LinkedHashMap<>();
    List<PublicKey> parsed = new ArrayList<>();
    for (String pem : publicPems) {
      parsed.add(parsePublicKey(algorithm, pem));
    }
    PrivateKey privateKey = privatePem.isBlank() ? null : parsePrivateKey(algorithm, privatePem);
    String signingKid = null;
    if (privateKey != null) {
      PublicKey signingPublicKey = matchingPublicKey(algorithm, privateKey, parsed);
      signingKid = jwk(algorithm, signingPublicKey).getKeyID();
      parsed.add(0, signingPublicKey);
    }
    for (PublicKey key : parsed) {
      JWK jwk = jwk(algorithm, key);
      publicKeys.putIfAbsent(jwk.getKeyID(), jwk);
      verificationKeys.putIfAbsent(jwk.getKeyID(), key);
    }
    JWSSigner signer =
        privateKey == null
            ? null
            : privateKey instanceof ECPrivateKey ec
                ? new ECDSASigner(ec)
                : new RSASSASigner(privateKey);
    return new JwtKeys(jwt, algorithm, publicKeys, verificationKeys, signingKid, signer);
  }

  private static JWK jwk(JWSAlgorithm algorithm, PublicKey key) throws JOSEException {
    if (key instanceof RSAPublicKey rsa) {
      return new RSAKey.Builder(rsa)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(algorithm)
          .keyIDFromThumbprint()
          .build();
    }
    return new ECKey.Builder(Curve.P_256, (ECPublicKey) key)
        .keyUse(KeyUse.SIGNATURE)
        .algorithm(algorithm)
        .keyIDFromThumbprint()
        .build();
  }

  /** Accepts a JSON list of PEMs or, from an environment variable, one string holding several. */
  private static List<String> publicKeyPems(Object configured) {
    List<String> texts = new ArrayList<>();
    if (configured instanceof JsonArray array) {
      array.forEach(value -> texts.add(String.valueOf(value)));
    } else if (configured instanceof String text) {
      texts.add(text);
    }
    List<String> pems = new ArrayList<>();
    for (String text : texts) {
      Matcher matcher = PEM.matcher(text);
      while (matcher.find()) {
        pems.add(matcher.group());
      }
    }
    return pems;
  }

  /**
   * Returns the PEMs of the development key pair (private first), generating it on first use. The
   * file appears atomically (a hard link to a fully written temporary file), so nodes starting
   * together on one data directory all end up with the same pair.
   */
  private static List<String> devKeyPair(JWSAlgorithm algorithm, Path dir)
      throws IOException, GeneralSecurityException {
    Path file = dir.resolve("dev-" + algorithm.getName().toLowerCase() + ".pem");
    if (!Files.exists(file)) {
      Files.createDirectories(dir, ownerOnly("rwx------"));
      KeyPair pair = generate(algorithm);
      String pems =
          pem("PRIVATE KEY", pair.getPrivate().getEncoded())
              + pem("PUBLIC KEY", pair.getPublic().getEncoded());
      Path temporary = Files.createTempFile(dir, "dev-key", ".tmp", ownerOnly("rw-------"));
      try {
        Files.writeString(temporary, pems);
        Files.createLink(file, temporary);
      } catch (FileAlreadyExistsException anotherNodeWon) {
        // Keep the pair that is already there.
      } finally {
        Files.deleteIfExists(temporary);
      }
    }
    List<String> pems = new ArrayList<>();
    Matcher matcher = PEM.matcher(Files.readString(file));
    while (matcher.find()) {
      pems.add(matcher.group());
    }
    if (pems.size() != 2 || !pems.get(0).contains("PRIVATE KEY")) {
      throw new GeneralSecurityException("Unreadable development key pair " + file);
    }
    return pems;
  }

  private static FileAttribute<?>[] ownerOnly(String permissions) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
    };
  }

  private static KeyPair generate(JWSAlgorithm algorithm) throws GeneralSecurityException {
    if (algorithm.equals(JWSAlgorithm.RS256)) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(MIN_RSA_BITS);
      return generator.generateKeyPair();
    }
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static PublicKey parsePublicKey(JWSAlgorithm algorithm, String pem)
      throws GeneralSecurityException {
    PublicKey key =
        keyFactory(algorithm).generatePublic(new X509EncodedKeySpec(der("PUBLIC KEY", pem)));
    checkFits(algorithm, key);
    return key;
  }

  private static PrivateKey parsePrivateKey(JWSAlgorithm algorithm, String pem)
      throws GeneralSecurityException {
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new GeneralSecurityException(
          "jwt.private-key must be a PKCS#8 PEM (BEGIN PRIVATE KEY)");
    }
    return keyFactory(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der("PRIVATE KEY", pem)));
  }

  private static void checkFits(JWSAlgorithm algorithm, PublicKey key)
      throws GeneralSecurityException {
    if (key instanceof RSAPublicKey rsa) {
      if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
        throw new GeneralSecurityException("RSA keys need at least " + MIN_RSA_BITS + " bits");
      }
    } else if (key instanceof ECPublicKey ec) {
      if (ec.getParams().getCurve().getField().getFieldSize() != 256) {
        throw new GeneralSecurityException("ES256 needs a P-256 key");
      }
    } else {
      throw new GeneralSecurityException("Unsupported key type for " + algorithm);
    }
  }

  /**
   * The public half of the signing key: derived for RSA, found by a probe signature among the
   * listed keys for EC (whose PKCS#8 form need not carry it).
   */
  private static PublicKey matchingPublicKey(
      JWSAlgorithm algorithm, PrivateKey privateKey, List<PublicKey> candidates)
      throws GeneralSecurityException {
    if (privateKey instanceof RSAPrivateCrtKey rsa) {
      PublicKey derived =
          KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      checkFits(algorithm, derived);
      return derived;
    }
    byte[] probe = "tourbook key match".getBytes(StandardCharsets.UTF_8);
    Signature probeSigner = Signature.getInstance("SHA256withECDSA");
    probeSigner.initSign(privateKey);
    probeSigner.update(probe);
    byte[] signature = probeSigner.sign();
    for (PublicKey candidate : candidates) {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(candidate);
      verifier.update(probe);
      if (verifier.verify(signature)) {
        return candidate;
      }
    }
    throw new GeneralSecurityException(
        "jwt.public-keys must include the public key of jwt.private-key");
  }

  private static KeyFactory keyFactory(JWSAlgorithm algorithm) throws GeneralSecurityException {
    return KeyFactory.getInstance(algorithm.equals(JWSAlgorithm.RS256) ? "RSA" : "EC");
  }

  private static byte[] der(String type, String pem) throws GeneralSecurityException {
    Matcher matcher = PEM.matcher(pem);
    if (!matcher.find() || !matcher.group(1).equals(type)) {
      throw new GeneralSecurityException("Expected a PEM " + type);
    }
    return Base64.getMimeDecoder().decode(matcher.group(2));
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** A token that is not accepted; the message says why, for logs, never for the client. */
  public static final class InvalidTokenException extends RuntimeException {
    InvalidTokenException(String reason) {
      super(reason, null, false, false);
    }
  }
}
