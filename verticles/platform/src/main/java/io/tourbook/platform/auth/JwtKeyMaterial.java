package io.tourbook.platform.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key material behind {@link JwtKeys}: the PEMs of {@code jwt.*} parsed and checked against the
 * algorithm, or the development key pair generated once under {@code <data.dir>/jwt/}.
 *
 * @param publicKeys the public keys by {@code kid} (their RFC 7638 thumbprint), signing key first
 * @param verificationKeys the same keys as JCA keys, for verification
 * @param signingKid the {@code kid} of the signing key, or null when the node only verifies
 * @param signer signs with the private key, or null when the node only verifies
 */
record JwtKeyMaterial(
    Map<String, JWK> publicKeys,
    Map<String, PublicKey> verificationKeys,
    String signingKid,
    JWSSigner signer) {

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final int MIN_RSA_BITS = 2048;

  /**
   * Reads {@code jwt.private-key} and {@code jwt.public-keys}, or the development key pair under
   * {@code devKeyDir} when neither is set. Blocks: call it off the event loop.
   */
  static JwtKeyMaterial read(JsonObject jwt, JWSAlgorithm algorithm, Path devKeyDir)
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
    return new JwtKeyMaterial(publicKeys, verificationKeys, signingKid, signer);
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
}
