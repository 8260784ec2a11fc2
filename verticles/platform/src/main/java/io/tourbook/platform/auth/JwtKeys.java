package io.tourbook.platform.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's JWT keys: the public keys every token is verified against and, where configured, the
 * private key that signs new tokens.
 *
 * <p>Keys come from {@code jwt.private-key} (PEM, PKCS#8) and {@code jwt.public-keys} (PEMs; list
 * the old and the new key while rotating). When neither is set, a development key pair is generated
 * once and kept under {@code <data.dir>/jwt/}, so tokens survive a restart and every node sharing
 * that directory trusts them. Each key's {@code kid} is its RFC 7638 thumbprint.
 */
public final class JwtKeys {

  /** The only algorithms ever accepted: asymmetric, so a verifier can never forge a token. */
  public static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final int P256_COORDINATE_BYTES = 32;
  private static final int MIN_RSA_BITS = 2048;

  private final String algorithm;
  private final String issuer;
  private final String audience;
  private final int ttlSeconds;
  private final Map<String, PublicKey> publicKeys;
  private final String signingKid;
  private final JWTAuth signer;

  private JwtKeys(
      JsonObject jwtConfig, Map<String, PublicKey> publicKeys, String signingKid, JWTAuth signer) {
    this.algorithm = jwtConfig.getString("algorithm");
    this.issuer = jwtConfig.getString("issuer");
    this.audience = jwtConfig.getString("audience");
    this.ttlSeconds = jwtConfig.getInteger("token-ttl-seconds", 900);
    this.publicKeys = publicKeys;
    this.signingKid = signingKid;
    this.signer = signer;
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
    return vertx
        .executeBlocking(() -> readKeys(jwt, algorithm, Path.of(dataDir, "jwt")))
        .map(material -> create(vertx, jwt, algorithm, material));
  }

  public String algorithm() {
    return algorithm;
  }

  /** The {@code kid} of the signing key, or null when this node only verifies. */
  public String signingKeyId() {
    return signingKid;
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
    JsonObject payload = claims.copy();
    payload.remove("iss");
    payload.remove("aud");
    JWTOptions options =
        new JWTOptions().setAlgorithm(algorithm).setIssuer(issuer).setAudience(List.of(audience));
    if (!payload.containsKey("exp")) {
      options.setExpiresInSeconds(ttlSeconds);
    }
    return signer.generateToken(payload, options);
  }

  /** The public keys as a JWK Set ({@code {"keys": [...]}}); never any private material. */
  public JsonObject jwks() {
    JsonArray keys = new JsonArray();
    publicKeys.forEach((kid, key) -> keys.add(publicJwk(key).put("kid", kid)));
    return new JsonObject().put("keys", keys);
  }

  /**
   * A verifying provider: accepts tokens signed by any listed public key with the allow-listed
   * algorithm and a known {@code kid}, issued by {@code jwt.issuer} for {@code jwt.audience}, and
   * not expired. Never "none", never an HMAC algorithm.
   */
  public JWTAuth provider(Vertx vertx) {
    JWTAuthOptions options =
        new JWTAuthOptions()
            .setJWTOptions(
                new JWTOptions()
                    .setAlgorithm(algorithm)
                    .setIssuer(issuer)
                    .setAudience(List.of(audience)));
    publicKeys.forEach(
        (kid, key) ->
            options.addPubSecKey(
                new PubSecKeyOptions()
                    .setAlgorithm(algorithm)
                    .setId(kid)
                    .setBuffer(pem("PUBLIC KEY", key.getEncoded()))));
    return new AllowListedJwtAuth(JWTAuth.create(vertx, options), algorithm, publicKeys.keySet());
  }

  private static JwtKeys create(
      Vertx vertx, JsonObject jwt, String algorithm, KeyMaterial material) {
    JWTAuth signer = null;
    if (material.privateKey() != null) {
      signer =
          JWTAuth.create(
              vertx,
              new JWTAuthOptions()
                  .addPubSecKey(
                      new PubSecKeyOptions()
                          .setAlgorithm(algorithm)
                          .setId(material.signingKid())
                          .setBuffer(pem("PRIVATE KEY", material.privateKey().getEncoded()))));
    }
    return new JwtKeys(jwt, material.publicKeys(), material.signingKid(), signer);
  }

  private record KeyMaterial(
      Map<String, PublicKey> publicKeys, PrivateKey privateKey, String signingKid) {}

  private static KeyMaterial readKeys(JsonObject jwt, String algorithm, Path devKeyDir)
      throws IOException, GeneralSecurityException {
    String privatePem = jwt.getString("private-key", "");
    List<String> publicPems = publicKeyPems(jwt.getValue("public-keys"));
    if (privatePem.isBlank() && publicPems.isEmpty()) {
      List<String> devPems = devKeyPair(algorithm, devKeyDir);
      privatePem = devPems.get(0);
      publicPems = devPems.subList(1, devPems.size());
    }
    Map<String, PublicKey> publicKeys = new LinkedHashMap<>();
    for (String pem : publicPems) {
      PublicKey key = parsePublicKey(algorithm, pem);
      publicKeys.put(thumbprint(key), key);
    }
    if (privatePem.isBlank()) {
      return new KeyMaterial(Map.copyOf(publicKeys), null, null);
    }
    PrivateKey privateKey = parsePrivateKey(algorithm, privatePem);
    PublicKey signingPublicKey = matchingPublicKey(algorithm, privateKey, publicKeys.values());
    String signingKid = thumbprint(signingPublicKey);
    publicKeys.putIfAbsent(signingKid, signingPublicKey);
    return new KeyMaterial(Map.copyOf(publicKeys), privateKey, signingKid);
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
  private static List<String> devKeyPair(String algorithm, Path dir)
      throws IOException, GeneralSecurityException {
    Path file = dir.resolve("dev-" + algorithm.toLowerCase() + ".pem");
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

  private static KeyPair generate(String algorithm) throws GeneralSecurityException {
    if (algorithm.equals("RS256")) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(MIN_RSA_BITS);
      return generator.generateKeyPair();
    }
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static PublicKey parsePublicKey(String algorithm, String pem)
      throws GeneralSecurityException {
    PublicKey key =
        keyFactory(algorithm).generatePublic(new X509EncodedKeySpec(der("PUBLIC KEY", pem)));
    checkFits(algorithm, key);
    return key;
  }

  private static PrivateKey parsePrivateKey(String algorithm, String pem)
      throws GeneralSecurityException {
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new GeneralSecurityException(
          "jwt.private-key must be a PKCS#8 PEM (BEGIN PRIVATE KEY)");
    }
    return keyFactory(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der("PRIVATE KEY", pem)));
  }

  private static void checkFits(String algorithm, PublicKey key) throws GeneralSecurityException {
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
      String algorithm, PrivateKey privateKey, Iterable<PublicKey> candidates)
      throws GeneralSecurityException {
    if (privateKey instanceof RSAPrivateCrtKey rsa) {
      PublicKey derived =
          KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      checkFits(algorithm, derived);
      return derived;
    }
    byte[] probe = "tourbook key match".getBytes(StandardCharsets.UTF_8);
    String signatureAlgorithm = algorithm.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSA";
    Signature signer = Signature.getInstance(signatureAlgorithm);
    signer.initSign(privateKey);
    signer.update(probe);
    byte[] signature = signer.sign();
    for (PublicKey candidate : candidates) {
      Signature verifier = Signature.getInstance(signatureAlgorithm);
      verifier.initVerify(candidate);
      verifier.update(probe);
      if (verifier.verify(signature)) {
        return candidate;
      }
    }
    throw new GeneralSecurityException(
        "jwt.public-keys must include the public key of jwt.private-key");
  }

  private static KeyFactory keyFactory(String algorithm) throws GeneralSecurityException {
    return KeyFactory.getInstance(algorithm.equals("RS256") ? "RSA" : "EC");
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

  /** RFC 7638: SHA-256 over the required members in lexicographic order, base64url. */
  private static String thumbprint(PublicKey key) throws GeneralSecurityException {
    JsonObject jwk = publicJwk(key);
    String canonical =
        key instanceof RSAPublicKey
            ? "{\"e\":\"%s\",\"kty\":\"RSA\",\"n\":\"%s\"}"
                .formatted(jwk.getString("e"), jwk.getString("n"))
            : "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"%s\",\"y\":\"%s\"}"
                .formatted(jwk.getString("x"), jwk.getString("y"));
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
    return BASE64URL.encodeToString(digest);
  }

  private static JsonObject publicJwk(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return new JsonObject()
          .put("kty", "RSA")
          .put("use", "sig")
          .put("alg", "RS256")
          .put("n", base64url(rsa.getModulus(), 0))
          .put("e", base64url(rsa.getPublicExponent(), 0));
    }
    ECPublicKey ec = (ECPublicKey) key;
    return new JsonObject()
        .put("kty", "EC")
        .put("use", "sig")
        .put("alg", "ES256")
        .put("crv", "P-256")
        .put("x", base64url(ec.getW().getAffineX(), P256_COORDINATE_BYTES))
        .put("y", base64url(ec.getW().getAffineY(), P256_COORDINATE_BYTES));
  }

  /** Unsigned big-endian bytes, left-padded to {@code length} when it is not 0. */
  private static String base64url(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
    int size = Math.max(bytes.length - start, length);
    byte[] unsigned = new byte[size];
    System.arraycopy(bytes, start, unsigned, size - (bytes.length - start), bytes.length - start);
    return BASE64URL.encodeToString(unsigned);
  }

  /**
   * Rejects, before any signature check, a token whose header names another algorithm or an unknown
   * key; the library would too, but the allow-list should not rest on its defaults. After it,
   * rejects a token that carries no {@code exp}.
   */
  private static final class AllowListedJwtAuth implements JWTAuth {

    private final JWTAuth delegate;
    private final String algorithm;
    private final Set<String> kids;

    AllowListedJwtAuth(JWTAuth delegate, String algorithm, Set<String> kids) {
      this.delegate = delegate;
      this.algorithm = algorithm;
      this.kids = Set.copyOf(kids);
    }

    @Override
    public Future<User> authenticate(Credentials credentials) {
      if (!(credentials instanceof TokenCredentials token) || token.getToken() == null) {
        return Future.failedFuture("Bearer token required");
      }
      JsonObject header;
      try {
        String encoded = token.getToken().split("\\.", 2)[0];
        header =
            new JsonObject(
                new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
      } catch (RuntimeException malformed) {
        return Future.failedFuture("Malformed token");
      }
      if (!algorithm.equals(header.getValue("alg"))) {
        return Future.failedFuture("Token algorithm not allowed");
      }
      if (!(header.getValue("kid") instanceof String kid && kids.contains(kid))) {
        return Future.failedFuture("Unknown token key id");
      }
      // The library checks exp only when the token has one: a token without it would never expire.
      return delegate
          .authenticate(credentials)
          .compose(
              user ->
                  user.attributes().getValue("exp") instanceof Number
                      ? Future.succeededFuture(user)
                      : Future.failedFuture("Token without expiry"));
    }

    @Override
    public String generateToken(JsonObject claims, JWTOptions options) {
      throw new UnsupportedOperationException("A verifying provider does not sign");
    }

    @Override
    public String generateToken(JsonObject claims) {
      throw new UnsupportedOperationException("A verifying provider does not sign");
    }
  }
}
