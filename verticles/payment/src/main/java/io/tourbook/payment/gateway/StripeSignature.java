package io.tourbook.payment.gateway;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Stripe's {@code Stripe-Signature} header: {@code t=<unix seconds>,v1=<hex>[,v1=...]},
 * where each {@code v1} may be the HMAC-SHA256, keyed with the endpoint's signing secret, of {@code
 * "<t>.<raw body>"}. Signatures are compared in constant time, and a timestamp further from now
 * than the tolerance is refused, so a captured request cannot be replayed later.
 */
public final class StripeSignature {

  private static final String HMAC = "HmacSHA256";
  private static final int MAX_HEADER_LENGTH = 4096;

  private final byte[] secret;
  private final Duration tolerance;

  public StripeSignature(String secret, Duration tolerance) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.tolerance = tolerance;
  }

  /** Why the request is not signed by Stripe, or empty when it is. */
  public Optional<String> problem(String header, Buffer payload, Instant now) {
    if (header == null || header.isBlank() || header.length() > MAX_HEADER_LENGTH) {
      return Optional.of("The Stripe-Signature header is missing.");
    }
    Long timestamp = null;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      int equals = part.indexOf('=');
      if (equals <= 0) {
        continue;
      }
      String key = part.substring(0, equals).trim();
      String value = part.substring(equals + 1).trim();
      if (key.equals("t")) {
        try {
          timestamp = Long.parseLong(value);
        } catch (NumberFormatException notANumber) {
          return Optional.of("The Stripe-Signature timestamp is not a number.");
        }
      } else if (key.equals("v1")) {
        signatures.add(value);
      }
    }
    if (timestamp == null || signatures.isEmpty()) {
      return Optional.of("The Stripe-Signature header has no timestamp or no v1 signature.");
    }
    long age = Math.abs(now.getEpochSecond() - timestamp);
    if (age > tolerance.toSeconds()) {
      return Optional.of("The Stripe-Signature timestamp is outside the tolerance.");
    }
    byte[] expected =
        HexFormat.of().formatHex(sign(timestamp, payload)).getBytes(StandardCharsets.US_ASCII);
    boolean matches = false;
    for (String signature : signatures) {
      // No early exit: every candidate is compared in constant time.
      matches |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
    return matches
        ? Optional.empty()
        : Optional.of("The Stripe-Signature does not match the payload.");
  }

  /** The header Stripe would send for {@code payload} at {@code timestamp}: tests sign with it. */
  public String header(long timestamp, Buffer payload) {
    return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(sign(timestamp, payload));
  }

  private byte[] sign(long timestamp, Buffer payload) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret, HMAC));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      mac.update(payload.getBytes());
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
