package io.tourbook.scheduling.impl;

import io.tourbook.contracts.Times;
import io.tourbook.scheduling.mail.ScheduleMailer;
import io.tourbook.scheduling.mail.ScheduleMailer.Kind;
import io.tourbook.scheduling.model.Schedules;
import io.tourbook.scheduling.model.SchedulingSettings;
import io.tourbook.scheduling.model.Slot;
import io.tourbook.scheduling.model.SlotPlanner;
import io.tourbook.scheduling.model.TourRequest;
import io.tourbook.scheduling.store.ContactStore;
import io.tourbook.scheduling.store.ScheduleStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What scheduling does, level-triggered on the state of a tour or on the clock:
 *
 * <ul>
 *   <li>A tour with a realtor (ASSIGNED or SCHEDULED) gets a schedule in the slot assignment booked
 *       for it; the schedule changes when the tour's assignment or slot changed since it was made.
 *       Scheduling records slots; it never picks one.
 *   <li>A CANCELLED tour's schedule is cancelled (assignment frees the realtor's slot); a tour the
 *       platform cancelled because no realtor could take it gets its customer one e-mail saying so.
 *   <li>After each of these, the customer and the realtor are mailed about the schedule's current
 *       revision, once each: a recipient's mail is recorded with the schedule after it was sent. A
 *       crash between sending and recording sends that mail once more on redelivery.
 *   <li>Scans: schedules whose end has passed complete (schedule.completed); schedules starting
 *       within the reminder time get one reminder, claimed before sending, so two nodes never both
 *       send it and a crash loses it rather than repeating it.
 * </ul>
 */
public final class Scheduler {

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final int SCAN_BATCH = 100;
  private static final List<String> RECIPIENTS = List.of(Schedules.CUSTOMER, Schedules.REALTOR);
  private static final String PENDING = "PENDING";
  private static final String ASSIGNED = "ASSIGNED";
  private static final String SCHEDULED = "SCHEDULED";
  private static final String CANCELLED = "CANCELLED";
  private static final String NO_REALTOR = "no-realtor";

  private final ScheduleStore schedules;
  private final ContactStore contacts;
  private final ScheduleMailer mailer;
  private final SchedulingSettings settings;
  private final SlotPlanner planner;
  private final Clock clock;

  public Scheduler(
      ScheduleStore schedules,
      ContactStore contacts,
      ScheduleMailer mailer,
      SchedulingSettings settings,
      Clock clock) {
    this.schedules = schedules;
    this.contacts = contacts;
    this.mailer = mailer;
    this.settings = settings;
    this.planner = new SlotPlanner(settings);
    this.clock = clock;
  }

  /** Brings the tour's schedule in line with the tour, then notifies about it. */
  public Future<Void> onTour(TourRequest tour) {
    if (CANCELLED.equals(tour.status())) {
      return cancel(tour);
    }
    if (PENDING.equals(tour.status())) {
      return unassign(tour);
    }
    if ((ASSIGNED.equals(tour.status()) || SCHEDULED.equals(tour.status()))
        && tour.realtorId() != null) {
      return ensureScheduled(tour).compose(this::notify);
    }
    return Future.succeededFuture();
  }

  /**
   * Tells the customer, once per wait, that no realtor can take their tour yet and when the
   * platform gives up; nothing when the tour has a realtor again by now.
   *
   * @param since when the tour's current wait began
   * @param cancelAt when the platform cancels it unless a realtor takes it first
   */
  public Future<Void> onWaiting(String tourId, String customerId, String since, String cancelAt) {
    String notice = tourId + ":waiting:" + since;
    return schedules
        .find(Schedules.idOf(tourId))
        .compose(
            schedule ->
                placedSince(schedule, Times.parse(since))
                    ? Future.succeededFuture(true)
                    : schedules.noticeSent(notice))
        .compose(
            done ->
                done
                    ? Future.succeededFuture()
                    : contact(customerId)
                        .compose(
                            contact -> mailer.sendWaiting(contact, tourId, Times.parse(cancelAt)))
                        .compose(v -> schedules.markNoticeSent(notice, clock.instant())));
  }

  /**
   * Whether the schedule shows the tour placed (or closed) after its wait began. A schedule still
   * scheduled from before the wait is stale: this node has not yet seen the tour lose its realtor.
   */
  private static boolean placedSince(JsonObject schedule, Instant since) {
    if (schedule == null || Schedules.UNASSIGNED.equals(schedule.getString("status"))) {
      return false;
    }
    Instant updated = Times.parse(schedule.getString("updatedAt"));
    return !Schedules.SCHEDULED.equals(schedule.getString("status"))
        || since == null
        || updated == null
        || !updated.isBefore(since);
  }

  /**
   * A tour back to PENDING (its realtor went off duty, or it asked for new times) no longer holds
   * its schedule: it becomes unassigned, so nobody is reminded of it or sees it complete, and the
   * realtor is told. The customer hears next when the tour has a new realtor or starts waiting.
   */
  private Future<Void> unassign(TourRequest tour) {
    String scheduleId = Schedules.idOf(tour.tourId());
    return schedules
        .find(scheduleId)
        .compose(
            existing -> {
              if (existing == null) {
                return Future.succeededFuture();
              }
              if (!Schedules.SCHEDULED.equals(existing.getString("status"))) {
                return notify(existing);
              }
              return schedules
                  .unassign(scheduleId, existing.getInteger("revision", 1), clock.instant())
                  .compose(done -> schedules.find(scheduleId))
                  .compose(this::notify);
            });
  }

  private Future<JsonObject> ensureScheduled(TourRequest tour) {
    String scheduleId = Schedules.idOf(tour.tourId());
    return schedules
        .find(scheduleId)
        .compose(
            existing -> {
              if (existing == null) {
                return create(tour, scheduleId);
              }
              boolean newAssignment =
                  !Objects.equals(existing.getString("assignmentId"), tour.assignmentId())
                      || !Objects.equals(existing.getString("realtorId"), tour.realtorId());
              boolean newTimes =
                  Schedules.SCHEDULED.equals(existing.getString("status"))
                      && tour.slot() != null
                      && !(tour.slot().start().equals(Times.parse(existing.getString("start")))
                          && tour.slot().end().equals(Times.parse(existing.getString("end"))));
              return newAssignment || newTimes
                  ? replan(tour, existing)
                  : Future.succeededFuture(existing);
            });
  }

  private Future<JsonObject> create(TourRequest tour, String scheduleId) {
    return slotOf(tour)
        .compose(
            slot ->
                schedules.insertIfAbsent(
                    Schedules.created(tour, slot, settings.zone().getId(), clock.instant())))
        .compose(inserted -> schedules.find(scheduleId))
        .onSuccess(
            schedule ->
                LOG.info(
                    "Tour {} scheduled {} to {} with realtor {}",
                    tour.tourId(),
                    schedule.getString("start"),
                    schedule.getString("end"),
                    schedule.getString("realtorId")));
  }

  /** The tour's new slot, or new realtor, recorded on its schedule. */
  private Future<JsonObject> replan(TourRequest tour, JsonObject existing) {
    String scheduleId = existing.getString("_id");
    int revision = existing.getInteger("revision", 1);
    return slotOf(tour)
        .compose(
            slot ->
                schedules.replan(
                    scheduleId,
                    revision,
                    Schedules.slotFields(tour, slot, settings.zone().getId()),
                    clock.instant()))
        .compose(
            replanned ->
                replanned
                    ? schedules.find(scheduleId)
                    : Future.failedFuture(
                        new IllegalStateException(
                            "schedule " + scheduleId + " changed meanwhile")));
  }

  private Future<Void> cancel(TourRequest tour) {
    String scheduleId = Schedules.idOf(tour.tourId());
    return schedules
        .find(scheduleId)
        .compose(
            existing -> {
              if (existing == null) {
                return NO_REALTOR.equals(tour.cancelReason())
                    ? noRealtor(tour)
                    : Future.succeededFuture();
              }
              String status = existing.getString("status");
              if (Schedules.COMPLETED.equals(status)) {
                return Future.succeededFuture();
              }
              Future<Boolean> cancelled =
                  Schedules.SCHEDULED.equals(status) || Schedules.UNASSIGNED.equals(status)
                      ? schedules.cancel(
                          scheduleId,
                          existing.getInteger("revision", 1),
                          tour.cancelReason(),
                          clock.instant())
                      : Future.succeededFuture(true);
              return cancelled.compose(done -> schedules.find(scheduleId)).compose(this::notify);
            });
  }

  /**
   * Tells the customer, once, that the platform cancelled their tour because no realtor could take
   * it. Recorded after sending: a crash in between sends it once more on redelivery.
   */
  private Future<Void> noRealtor(TourRequest tour) {
    String notice = tour.tourId() + ":" + NO_REALTOR;
    return schedules
        .noticeSent(notice)
        .compose(
            sent ->
                sent
                    ? Future.succeededFuture()
                    : contact(tour.customerId())
                        .compose(contact -> mailer.sendNoRealtor(contact, tour.tourId()))
                        .compose(v -> schedules.markNoticeSent(notice, clock.instant())));
  }

  /**
   * The slot assignment booked for the tour, with each stop's time. Scheduling never picks a time
   * itself: a tour without a slot fails (and is parked in dead letters for admins to see).
   */
  private Future<Slot> slotOf(TourRequest tour) {
    if (tour.slot() == null || tour.slot().end() == null) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "tour " + tour.tourId() + " has a realtor but no booked slot"));
    }
    return Future.succeededFuture(planner.layout(tour.slot(), tour.stops()));
  }

  /**
   * Mails whoever has not been mailed about the schedule's current revision. A recipient whose
   * contact scheduling has not learned yet fails the event, which is then redelivered.
   *
   * <p>The realtor's record names the account mailed, so a tour that moved to another realtor (or
   * lost its realtor) tells the one who had it that it is no longer theirs, once, and the new one
   * gets it as a new tour. The customer is not mailed about an unassigned schedule: they hear next
   * when it has a new realtor (a new revision) or starts waiting ({@link #onWaiting}).
   */
  private Future<Void> notify(JsonObject schedule) {
    if (schedule == null || Schedules.COMPLETED.equals(schedule.getString("status"))) {
      return Future.succeededFuture();
    }
    int revision = schedule.getInteger("revision", 1);
    JsonObject notified = schedule.getJsonObject("notifications", new JsonObject());
    Future<Void> chain = Future.succeededFuture();
    for (String recipient : RECIPIENTS) {
      JsonObject sent = notified.getJsonObject(recipient);
      if (sent != null && sent.getInteger("revision", 0) >= revision) {
        continue;
      }
      chain =
          chain.compose(
              v ->
                  Schedules.CUSTOMER.equals(recipient)
                      ? notifyCustomer(schedule, revision)
                      : notifyRealtor(schedule, revision, sent));
    }
    return chain;
  }

  private Future<Void> notifyCustomer(JsonObject schedule, int revision) {
    String status = schedule.getString("status");
    if (Schedules.UNASSIGNED.equals(status)) {
      return Future.succeededFuture();
    }
    Kind kind =
        Schedules.CANCELLED.equals(status)
            ? Kind.CANCELLED
            : revision == 1 ? Kind.SCHEDULED : Kind.RESCHEDULED;
    return mail(kind, Schedules.CUSTOMER, schedule.getString("customerId"), schedule, revision);
  }

  /**
   * @param sent what the realtor side was last mailed: {@code {revision, accountId, released}}, or
   *     null
   */
  private Future<Void> notifyRealtor(JsonObject schedule, int revision, JsonObject sent) {
    String current = schedule.getString("realtorId");
    String status = schedule.getString("status");
    String previous = sent == null ? null : sent.getString("accountId");
    boolean previousReleased = sent != null && sent.getBoolean("released", false);
    if (Schedules.UNASSIGNED.equals(status)) {
      return mail(Kind.UNASSIGNED, Schedules.REALTOR, current, schedule, revision);
    }
    boolean newToCurrent = previous == null || !previous.equals(current) || previousReleased;
    if (Schedules.CANCELLED.equals(status) && previousReleased && current.equals(previous)) {
      // They were told it is no longer theirs; the cancellation is not their news.
      return Future.succeededFuture();
    }
    Future<Void> releasePrevious =
        previous != null && !previous.equals(current) && !previousReleased
            ? send(Kind.UNASSIGNED, Schedules.REALTOR, previous, schedule)
            : Future.succeededFuture();
    Kind kind =
        Schedules.CANCELLED.equals(status)
            ? Kind.CANCELLED
            : newToCurrent ? Kind.SCHEDULED : Kind.RESCHEDULED;
    return releasePrevious.compose(v -> mail(kind, Schedules.REALTOR, current, schedule, revision));
  }

  /**
   * Mails the account about the schedule and records it for {@code revision}; an {@link
   * Kind#UNASSIGNED} mail is recorded as the account's release. A crash in between mails it once
   * more on redelivery.
   */
  private Future<Void> mail(
      Kind kind, String recipient, String accountId, JsonObject schedule, int revision) {
    return send(kind, recipient, accountId, schedule)
        .compose(
            sent ->
                schedules.markNotified(
                    schedule.getString("_id"),
                    recipient,
                    accountId,
                    revision,
                    kind == Kind.UNASSIGNED,
                    clock.instant()));
  }

  private Future<Void> send(Kind kind, String recipient, String accountId, JsonObject schedule) {
    return contact(accountId)
        .compose(
            contact ->
                otherParty(schedule, recipient)
                    .compose(other -> mailer.send(kind, recipient, contact, other, schedule)));
  }

  private static String accountOf(JsonObject schedule, String recipient) {
    return schedule.getString(recipient.equals(Schedules.CUSTOMER) ? "customerId" : "realtorId");
  }

  private Future<JsonObject> contact(String accountId) {
    if (accountId == null) {
      return Future.failedFuture(new IllegalStateException("a schedule without an account id"));
    }
    return contacts
        .find(accountId)
        .compose(
            contact ->
                contact == null || contact.getString("email") == null
                    ? Future.failedFuture(
                        new IllegalStateException("no e-mail address known for " + accountId))
                    : Future.succeededFuture(contact));
  }

  /** Completes the schedules that have ended: each one schedule.completed, once. */
  public Future<Integer> completeEnded() {
    Instant now = clock.instant();
    return schedules
        .ended(now, SCAN_BATCH)
        .compose(
            ended -> {
              List<Future<Boolean>> done = new ArrayList<>();
              for (JsonObject schedule : ended) {
                done.add(
                    schedules.complete(
                        schedule.getString("_id"), schedule.getInteger("revision", 1), now));
              }
              return Future.all(done)
                  .map(all -> (int) all.<Boolean>list().stream().filter(b -> b).count());
            });
  }

  /** Sends the reminders that are due, one per schedule. */
  public Future<Integer> remindDue() {
    Instant now = clock.instant();
    return schedules
        .dueForReminder(now, now.plus(settings.reminderBefore()), SCAN_BATCH)
        .compose(
            due -> {
              Future<Integer> chain = Future.succeededFuture(0);
              for (JsonObject schedule : due) {
                chain =
                    chain.compose(sent -> remind(schedule, now).map(ok -> ok ? sent + 1 : sent));
              }
              return chain;
            });
  }

  /**
   * Claims the reminder, then mails the customer and the realtor. If the first mail fails nothing
   * was sent and the claim is given back for the next scan; a failure after that is only logged, so
   * nobody is reminded twice.
   */
  private Future<Boolean> remind(JsonObject schedule, Instant now) {
    String scheduleId = schedule.getString("_id");
    return schedules
        .claimReminder(scheduleId, schedule.getInteger("revision", 1), now)
        .compose(
            claimed -> {
              if (!claimed) {
                return Future.succeededFuture(false);
              }
              return send(
                      Kind.REMINDER,
                      Schedules.CUSTOMER,
                      accountOf(schedule, Schedules.CUSTOMER),
                      schedule)
                  .recover(
                      failure ->
                          schedules
                              .releaseReminder(scheduleId, now)
                              .compose(v -> Future.failedFuture(failure)))
                  .compose(
                      v ->
                          send(
                              Kind.REMINDER,
                              Schedules.REALTOR,
                              accountOf(schedule, Schedules.REALTOR),
                              schedule))
                  .map(true)
                  .recover(
                      failure -> {
                        LOG.warn(
                            "Reminder of schedule {} not sent to everyone: {}",
                            scheduleId,
                            failure.getMessage());
                        return Future.succeededFuture(false);
                      });
            });
  }

  /** The contact of the schedule's other party than {@code recipient}, or null if unknown here. */
  private Future<JsonObject> otherParty(JsonObject schedule, String recipient) {
    String otherId =
        accountOf(
            schedule,
            Schedules.CUSTOMER.equals(recipient) ? Schedules.REALTOR : Schedules.CUSTOMER);
    return otherId == null ? Future.succeededFuture() : contacts.find(otherId);
  }
}
