package io.tourbook.contracts.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Event ids derived from resume tokens, so a redelivered change keeps its id. */
public final class EventIds {

  private static final int ID_HEX_CHARS = 32;

  private EventIds() {}

  /** MessageDigest.getInstance looks the provider up on every call; a digest is reusable. */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every JVM provides SHA-256", e);
            }
          });

  /** The first 32 hex characters of SHA-256(stream name + resume token JSON). */
  public static String fromResumeToken(StreamId stream, String resumeTokenJson) {
    byte[] digest =
        SHA_256.get().digest((stream.name() + resumeTokenJson).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, ID_HEX_CHARS / 2);
  }
}
