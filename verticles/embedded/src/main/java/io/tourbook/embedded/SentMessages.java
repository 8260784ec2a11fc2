package io.tourbook.embedded;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the embedded GreenMail received, as JSON: one entry per message (GreenMail keeps a copy per
 * recipient), {@code {messageId, from, to, subject, receivedAt, text}}, oldest first.
 */
public final class SentMessages {

  private SentMessages() {}

  /** Reads every message GreenMail holds. Blocking. */
  public static JsonArray list(GreenMail mail) {
    Map<String, JsonObject> byId = new LinkedHashMap<>();
    for (MimeMessage message : mail.getReceivedMessages()) {
      try {
        String id = message.getMessageID();
        byId.computeIfAbsent(id == null ? String.valueOf(byId.size()) : id, key -> read(message));
      } catch (MessagingException unreadable) {
        throw new IllegalStateException("Cannot read a received message", unreadable);
      }
    }
    return new JsonArray(byId.values().stream().map(Object.class::cast).toList());
  }

  private static JsonObject read(MimeMessage message) {
    try {
      return new JsonObject()
          .put("messageId", message.getMessageID())
          .put("from", addresses(message.getFrom()))
          .put("to", addresses(message.getAllRecipients()))
          .put("subject", message.getSubject())
          .put(
              "receivedAt",
              message.getReceivedDate() == null
                  ? null
                  : message.getReceivedDate().toInstant().toString())
          .put("text", text(message));
    } catch (MessagingException | IOException unreadable) {
      throw new IllegalStateException("Cannot read a received message", unreadable);
    }
  }

  private static JsonArray addresses(Address[] addresses) {
    return new JsonArray(
        addresses == null
            ? List.of()
            : Arrays.stream(addresses).map(Address::toString).map(Object.class::cast).toList());
  }

  /** The first text/plain part, or null. */
  private static String text(Part part) throws MessagingException, IOException {
    if (part.isMimeType("text/plain")) {
      return String.valueOf(part.getContent());
    }
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        String text = text(child);
        if (text != null) {
          return text;
        }
      }
    }
    return null;
  }
}
