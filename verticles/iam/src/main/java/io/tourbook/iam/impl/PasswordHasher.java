package io.tourbook.iam.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (Bouncy Castle) in the PHC string format {@code
 * $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>}, so a stored hash keeps the cost it
 * was made with and verifies after the configured cost changes.
 *
 * <p>Every method is CPU- and memory-heavy by design: call them off the event loop only. Passwords
 * are NFKC-normalised first, so the same password typed on different keyboards matches.
 */
public final class PasswordHasher {

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  private final SecureRandom random = new SecureRandom();
  private final String decoy;

  /** Computes one decoy hash: call the constructor off the event loop too. */
  public PasswordHasher(int memoryKib, int iterations, int parallelism) {
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.parallelism = parallelism;
    byte[] unguessable = new byte[SALT_BYTES];
    random.nextBytes(unguessable);
    this.decoy = hash(ENCODER.encodeToString(unguessable));
  }

  /** The PHC string of {@code password} with a fresh random salt and the configured cost. */
  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
    return "$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s"
        .formatted(
            memoryKib,
            iterations,
            parallelism,
            ENCODER.encodeToString(salt),
            ENCODER.encodeToString(hash));
  }

  /**
   * Whether {@code password} matches {@code encoded}, compared in constant time. A null or
   * unreadable {@code encoded} (no such account) is checked against a decoy hash of the same cost
   * and never matches, so the answer takes as long either way.
   */
  public boolean verify(String password, String encoded) {
    Matcher phc = encoded == null ? null : PHC.matcher(encoded);
    if (phc == null || !phc.matches()) {
      verify(password, decoy);
      return false;
    }
    byte[] expected = DECODER.decode(phc.group(5));
    byte[] actual =
        derive(
            password,
            DECODER.decode(phc.group(4)),
            Integer.parseInt(phc.group(1)),
            Integer.parseInt(phc.group(2)),
            Integer.parseInt(phc.group(3)),
            expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Whether {@code encoded} was made with another cost than the configured one. */
  public boolean needsRehash(String encoded) {
    Matcher phc = PHC.matcher(encoded);
    return !phc.matches()
        || Integer.parseInt(phc.group(1)) != memoryKib
        || Integer.parseInt(phc.group(2)) != iterations
        || Integer.parseInt(phc.group(3)) != parallelism;
  }

  private static byte[] derive(
      String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(
        Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
