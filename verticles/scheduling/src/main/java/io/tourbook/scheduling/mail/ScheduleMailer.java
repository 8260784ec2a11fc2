package io.tourbook.scheduling.mail;

import io.tourbook.contracts.Times;
import io.tourbook.scheduling.model.Address;
import io.tourbook.scheduling.model.Schedules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The e-mails about a schedule, to its customer and its realtor, over SMTP. */
public final class ScheduleMailer {

  /** What a mail tells. */
  public enum Kind {
    SCHEDULED,
    RESCHEDULED,
    CANCELLED,
    REMINDER,
    /** To a realtor: the tour is no longer theirs (they went off duty, or it moved to another). */
    UNASSIGNED
  }

  private static final Logger LOG = LoggerFactory.getLogger(ScheduleMailer.class);
  private static final String NO_REALTOR = "no-realtor";
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.ENGLISH);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

  private final MailClient client;
  private final String from;

  public ScheduleMailer(MailClient client, String from) {
    this.client = client;
    this.from = from;
  }

  /**
   * A client for the {@code smtp} section: host, port, from, and optionally starttls
   * (DISABLED|OPTIONAL|REQUIRED), username and password.
   */
  public static ScheduleMailer create(Vertx vertx, JsonObject config) {
    JsonObject smtp = config.getJsonObject("smtp", new JsonObject());
    MailConfig mail =
        new MailConfig()
            .setHostname(smtp.getString("host"))
            .setPort(smtp.getInteger("port", 25))
            .setStarttls(
                StartTLSOptions.valueOf(
                    smtp.getString("starttls", "OPTIONAL").toUpperCase(Locale.ROOT)))
            .setKeepAlive(true);
    String username = smtp.getString("username", "");
    if (username.isEmpty()) {
      mail.setLogin(LoginOption.DISABLED);
    } else {
      mail.setLogin(LoginOption.REQUIRED)
          .setUsername(username)
          .setPassword(smtp.getString("password", ""));
    }
    return new ScheduleMailer(
        MailClient.createShared(vertx, mail, "scheduling"),
        smtp.getString("from", "tourbook@localhost"));
  }

  /**
   * Mails {@code contact} about {@code schedule}, naming the other party (the realtor to the
   * customer, the customer to the realtor) when scheduling knows them, with the iCalendar
   * invitation.
   *
   * @param recipient {@link Schedules#CUSTOMER} or {@link Schedules#REALTOR}
   * @param other the other party's contact, or null
   */
  public Future<Void> send(
      Kind kind, String recipient, JsonObject contact, JsonObject other, JsonObject schedule) {
    return deliver(message(kind, recipient, contact, other, schedule));
  }

  /** Tells the customer that nobody could take their tour, which the platform has cancelled. */
  public Future<Void> sendNoRealtor(JsonObject contact, String tourId) {
    String name = contact.getString("name");
    String text =
        "Hello"
            + (name == null || name.isBlank() ? "" : " " + name)
            + ",\n\nno realtor was free at the times you asked for, so your property tour is"
            + " cancelled and your tour fee is refunded.\n\nTour "
            + tourId
            + "\n";
    return deliver(
        new MailMessage()
            .setFrom(from)
            .setTo(contact.getString("email"))
            .setSubject("Your tour could not be booked")
            .setText(text));
  }

  /**
   * Tells the customer that no realtor can take their tour yet: it waits, and is cancelled and
   * refunded in full at {@code cancelAt} unless a realtor takes it first.
   */
  public Future<Void> sendWaiting(JsonObject contact, String tourId, Instant cancelAt) {
    String name = contact.getString("name");
    String text =
        "Hello"
            + (name == null || name.isBlank() ? "" : " " + name)
            + ",\n\nno realtor is free at the times you asked for yet. Your property tour waits,"
            + " and we e-mail you as soon as a realtor takes it."
            + (cancelAt == null
                ? ""
                : " If none can by "
                    + DAY.format(cancelAt.atZone(ZoneOffset.UTC))
                    + ", "
                    + TIME.format(cancelAt.atZone(ZoneOffset.UTC))
                    + " UTC, it is cancelled and your tour fee is refunded in full.")
            + " You can also give other times or cancel it.\n\nTour "
            + tourId
            + "\n";
    return deliver(
        new MailMessage()
            .setFrom(from)
            .setTo(contact.getString("email"))
            .setSubject("Your tour is waiting for a realtor")
            .setText(text));
  }

  /**
   * Mails {@code contact} that a cancelled tour's payment was refunded.
   *
   * @param refund one of the payment's {@code refunds}: {@code {tourId, amount {amount, currency},
   *     percent}}
   */
  public Future<Void> sendRefund(JsonObject contact, JsonObject refund) {
    return deliver(refundMessage(contact, refund));
  }

  /** Sends {@code message} and logs its recipients and subject, never its content. */
  private Future<Void> deliver(MailMessage message) {
    return client
        .sendMail(message)
        .onSuccess(sent -> LOG.info("Mail sent to {}: {}", message.getTo(), message.getSubject()))
        .mapEmpty();
  }

  public Future<Void> close() {
    return client.close();
  }

  MailMessage refundMessage(JsonObject contact, JsonObject refund) {
    JsonObject amount = refund.getJsonObject("amount", new JsonObject());
    String money =
        String.format(
            Locale.ENGLISH,
            "%.2f %s",
            amount.getNumber("amount", 0).doubleValue(),
            amount.getString("currency", ""));
    String name = contact.getString("name");
    String text =
        "Hello"
            + (name == null || name.isBlank() ? "" : " " + name)
            + ",\n\nyour cancelled property tour "
            + refund.getString("tourId", "")
            + " is refunded: "
            + money
            + (refund.getInteger("percent", 100) < 100
                ? " (" + refund.getInteger("percent") + "% of what you paid, by our refund policy)"
                : "")
            + ".\nIt reaches your card within a few business days.\n";
    return new MailMessage()
        .setFrom(from)
        .setTo(contact.getString("email"))
        .setSubject("Your refund: " + money)
        .setText(text);
  }

  MailMessage message(
      Kind kind, String recipient, JsonObject contact, JsonObject other, JsonObject schedule) {
    ZoneId zone = zone(schedule.getString("timeZone"));
    Instant start = Times.parse(schedule.getString("start"));
    Instant end = Times.parse(schedule.getString("end"));
    String when =
        DAY.format(start.atZone(zone))
            + ", "
            + TIME.format(start.atZone(zone))
            + "-"
            + TIME.format(end.atZone(zone))
            + " ("
            + zone.getId()
            + ")";
    boolean realtor = Schedules.REALTOR.equals(recipient);
    String subject =
        switch (kind) {
          case SCHEDULED -> (realtor ? "New tour: " : "Your tour is booked: ") + when;
          case RESCHEDULED -> (realtor ? "Tour moved: " : "Your tour has a new time: ") + when;
          case CANCELLED -> (realtor ? "Tour cancelled: " : "Your tour is cancelled: ") + when;
          case REMINDER -> (realtor ? "Upcoming tour: " : "Reminder, your tour: ") + when;
          case UNASSIGNED -> "Tour no longer yours: " + when;
        };
    StringBuilder text = new StringBuilder();
    String name = contact.getString("name");
    text.append("Hello").append(name == null || name.isBlank() ? "" : " " + name).append(",\n\n");
    text.append(
        switch (kind) {
          case SCHEDULED ->
              realtor ? "you have a new property tour on " : "your property tour is booked for ";
          case RESCHEDULED ->
              realtor ? "a property tour of yours moved to " : "your property tour moved to ";
          case CANCELLED ->
              realtor
                  ? "this property tour is cancelled and your time is free again: "
                  : NO_REALTOR.equals(schedule.getString("cancelReason"))
                      ? "no realtor was free at the times you asked for, so your property tour is"
                          + " cancelled and your tour fee is refunded in full: "
                      : "your property tour is cancelled: ";
          case UNASSIGNED ->
              "this property tour is no longer yours (you went off duty, or it moved to another"
                  + " realtor) and your time is free again: ";
          case REMINDER ->
              realtor
                  ? "a reminder of your property tour on "
                  : "a reminder: your property tour is on ";
        });
    text.append(when).append(".\n\n");
    boolean cancels = kind == Kind.CANCELLED || kind == Kind.UNASSIGNED;
    if (!cancels) {
      text.append("Itinerary:\n");
      JsonArray stops = schedule.getJsonArray("stops", new JsonArray());
      for (int i = 0; i < stops.size(); i++) {
        JsonObject stop = stops.getJsonObject(i);
        String title = stop.getString("title");
        Address address = Address.fromJson(stop.getValue("address"));
        text.append(String.format(Locale.ENGLISH, "%2d. ", i + 1))
            .append(TIME.format(Times.parse(stop.getString("start")).atZone(zone)))
            .append("-")
            .append(TIME.format(Times.parse(stop.getString("end")).atZone(zone)))
            .append("  ")
            .append(title == null ? "Listing " + stop.getString("listingId") : title)
            .append('\n');
        if (address != null) {
          // Under the title: past " 1. 10:00-10:30  ".
          text.append(" ".repeat(17)).append(address.oneLine()).append('\n');
        }
      }
      text.append('\n');
    }
    if (other != null) {
      text.append(realtor ? "Customer: " : "Your realtor: ")
          .append(other.getString("name", other.getString("email")));
      if (other.getString("phone") != null) {
        text.append(", ").append(other.getString("phone"));
      }
      text.append('\n');
    }
    text.append("Tour ").append(schedule.getString("tourId")).append('\n');
    return new MailMessage()
        .setFrom(from)
        .setTo(contact.getString("email"))
        .setSubject(subject)
        .setText(text.toString())
        .setAttachment(List.of(Invitation.of(schedule, cancels, from, "Property tour")));
  }

  private static ZoneId zone(String id) {
    try {
      return id == null ? ZoneId.of("UTC") : ZoneId.of(id);
    } catch (DateTimeException e) {
      return ZoneId.of("UTC");
    }
  }
}
