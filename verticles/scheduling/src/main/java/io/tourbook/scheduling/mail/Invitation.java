package io.tourbook.scheduling.mail;

import io.tourbook.contracts.Times;
import io.tourbook.scheduling.model.Address;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailAttachment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The iCalendar invitation (RFC 5545, iTIP) a schedule's e-mails carry: METHOD:REQUEST while the
 * tour is on, METHOD:CANCEL once it is cancelled. The UID is the schedule's, so a calendar updates
 * the same event when the tour moves (SEQUENCE is the schedule's revision) and removes it on
 * cancel. LOCATION is the first stop's address, where people meet (absent for a tour from before
 * stops carried one).
 */
final class Invitation {

  private static final int MAX_LINE_OCTETS = 75;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Invitation() {}

  static MailAttachment of(
      JsonObject schedule, boolean cancelled, String organizer, String summary) {
    String method = cancelled ? "CANCEL" : "REQUEST";
    List<String> lines =
        new ArrayList<>(
            List.of(
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//tourbook//scheduling//EN",
                "METHOD:" + method,
                "BEGIN:VEVENT",
                "UID:" + schedule.getString("_id") + "@tourbook",
                "SEQUENCE:" + schedule.getInteger("revision", 1),
                "DTSTAMP:" + STAMP.format(Instant.now()),
                "DTSTART:" + STAMP.format(Times.parse(schedule.getString("start"))),
                "DTEND:" + STAMP.format(Times.parse(schedule.getString("end"))),
                "SUMMARY:" + escape(summary)));
    Address meetingPoint = firstStopAddress(schedule);
    if (meetingPoint != null) {
      lines.add("LOCATION:" + escape(meetingPoint.oneLine()));
    }
    lines.addAll(
        List.of(
            "ORGANIZER:mailto:" + organizer,
            "STATUS:" + (cancelled ? "CANCELLED" : "CONFIRMED"),
            "END:VEVENT",
            "END:VCALENDAR"));
    String text = String.join("\r\n", lines.stream().map(Invitation::fold).toList()) + "\r\n";
    return MailAttachment.create()
        .setName("invite.ics")
        .setContentType("text/calendar; charset=UTF-8; method=" + method)
        .setData(Buffer.buffer(text));
  }

  private static Address firstStopAddress(JsonObject schedule) {
    JsonArray stops = schedule.getJsonArray("stops");
    return stops == null || stops.isEmpty() || !(stops.getValue(0) instanceof JsonObject first)
        ? null
        : Address.fromJson(first.getValue("address"));
  }

  /**
   * A content line folded as RFC 5545 (3.1) asks: at most 75 octets a line, the rest on lines
   * starting with a space, never inside a UTF-8 character. A long address would exceed it.
   */
  private static String fold(String line) {
    StringBuilder folded = new StringBuilder();
    int octets = 0;
    for (int i = 0; i < line.length(); ) {
      int codePoint = line.codePointAt(i);
      int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
      if (octets + size > MAX_LINE_OCTETS) {
        folded.append("\r\n ");
        octets = 1;
      }
      folded.appendCodePoint(codePoint);
      octets += size;
      i += Character.charCount(codePoint);
    }
    return folded.toString();
  }

  /** Text as an iCalendar TEXT value: backslash, semicolon, comma and newline escaped. */
  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n");
  }
}
