package io.tourbook.scheduling.mail;

import io.tourbook.scheduling.model.Times;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailAttachment;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The iCalendar invitation (RFC 5545, iTIP) a schedule's e-mails carry: METHOD:REQUEST while the
 * tour is on, METHOD:CANCEL once it is cancelled. The UID is the schedule's, so a calendar updates
 * the same event when the tour moves (SEQUENCE is the schedule's revision) and removes it on
 * cancel.
 */
final class Invitation {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Invitation() {}

  static MailAttachment of(
      JsonObject schedule, boolean cancelled, String organizer, String summary) {
    String method = cancelled ? "CANCEL" : "REQUEST";
    String text =
        String.join(
                "\r\n",
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
                "SUMMARY:" + escape(summary),
                "ORGANIZER:mailto:" + organizer,
                "STATUS:" + (cancelled ? "CANCELLED" : "CONFIRMED"),
                "END:VEVENT",
                "END:VCALENDAR")
            + "\r\n";
    return MailAttachment.create()
        .setName("invite.ics")
        .setContentType("text/calendar; charset=UTF-8; method=" + method)
        .setData(Buffer.buffer(text));
  }

  /** Text as an iCalendar TEXT value: backslash, semicolon, comma and newline escaped. */
  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n");
  }
}
