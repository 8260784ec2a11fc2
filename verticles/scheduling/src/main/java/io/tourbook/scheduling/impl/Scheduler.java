package io.tourbook.scheduling.impl;

import io.tourbook.scheduling.mail.ScheduleMailer;
import io.tourbook.scheduling.mail.ScheduleMailer.Kind;
import io.tourbook.scheduling.model.Reservation;
import io.tourbook.scheduling.model.Schedules;
import io.tourbook.scheduling.model.SchedulingSettings;
import io.tourbook.scheduling.model.Slot;
import io.tourbook.scheduling.model.SlotPlanner;
import io.tourbook.scheduling.model.TourRequest;
import io.tourbook.scheduling.store.CalendarStore;
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
 *   <li>A tour with a realtor (ASSIGNED or SCHEDULED) gets a schedule; it gets a new slot when its
 *       assignment changed or the customer asked for new times since the schedule was made.
 *   <li>A CANCELLED tour's schedule is cancelled and the realtor's slot freed.
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
  private static final String ASSIGNED = "ASSIGNED";
  private static final String SCHEDULED = "SCHEDULED";
  private static final String CANCELLED = "CANCELLED";

  private final ScheduleStore schedules;
  private final CalendarStore calendars;
  private final ContactStore contacts;
  private final ScheduleMailer mailer;
  private final SchedulingSettings settings;
  private final SlotPlanner planner;
  private final Clock clock;

  public Scheduler(
      ScheduleStore schedules,
      CalendarStore calendars,
      ContactStore contacts,
      ScheduleMailer mailer,
      SchedulingSettings settings,
      Clock clock) {
    this.schedules = schedules;
    this.calendars = calendars;
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
    if ((ASSIGNED.equals(tour.status()) || SCHEDULED.equals(tour.status()))
        && tour.realtorId() != null) {
      return ensureScheduled(tour).compose(this::notify);
    }
    return Future.succeededFuture();
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
                      && tour.preferencesVersion() > existing.getInteger("preferencesVersion", 0);
              return newAssignment || newTimes
                  ? replan(tour, existing)
                  : Future.succeededFuture(existing);
            });
  }

  private Future<JsonObject> create(TourRequest tour, String scheduleId) {
    return reserve(tour.realtorId(), scheduleId, tour, 1)
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

  /**
   * A new slot for an existing schedule, with the tour's current realtor. The slot is reserved
   * before the schedule changes and the old realtor's slot freed after, so a crash in between
   * leaves a realtor blocked, never double-booked.
   */
  private Future<JsonObject> replan(TourRequest tour, JsonObject existing) {
    String scheduleId = existing.getString("_id");
    String previousRealtor = existing.getString("realtorId");
    int revision = existing.getInteger("revision", 1);
    return reserve(tour.realtorId(), scheduleId, tour, 1)
        .compose(
            slot ->
                schedules.replan(
                    scheduleId,
                    revision,
                    Schedules.slotFields(tour, slot, settings.zone().getId()),
                    clock.instant()))
        .compose(
            replanned -> {
              if (!replanned) {
                return Future.failedFuture(
                    new IllegalStateException("schedule " + scheduleId + " changed meanwhile"));
              }
              return previousRealtor == null || previousRealtor.equals(tour.realtorId())
                  ? Future.<Void>succeededFuture()
                  : release(previousRealtor, scheduleId, 1);
            })
        .compose(v -> schedules.find(scheduleId));
  }

  private Future<Void> cancel(TourRequest tour) {
    String scheduleId = Schedules.idOf(tour.tourId());
    return schedules
        .find(scheduleId)
        .compose(
            existing -> {
              if (existing == null) {
                // A slot reserved just before a crash, for a schedule never stored, is freed too.
                return release(tour.realtorId(), scheduleId, 1);
              }
              if (Schedules.COMPLETED.equals(existing.getString("status"))) {
                return Future.succeededFuture();
              }
              Future<Boolean> cancelled =
                  Schedules.SCHEDULED.equals(existing.getString("status"))
                      ? schedules.cancel(
                          scheduleId, existing.getInteger("revision", 1), clock.instant())
                      : Future.succeededFuture(true);
              return cancelled
                  .compose(done -> release(existing.getString("realtorId"), scheduleId, 1))
                  .compose(v -> schedules.find(scheduleId))
                  .compose(this::notify);
            });
  }

  /**
   * Takes a slot for the schedule in the realtor's calendar: reads the calendar, plans around every
   * other reservation in it, and writes it back only if nobody wrote it meanwhile; else again, up
   * to {@code reserve-attempts} times. The schedule's own earlier slot, if any, is replaced, so a
   * redelivered event reserves nothing twice.
   */
  private Future<Slot> reserve(String realtorId, String scheduleId, TourRequest tour, int attempt) {
    Instant now = clock.instant();
    return calendars
        .load(realtorId)
        .compose(
            calendar -> {
              List<Reservation> others = new ArrayList<>();
              for (Reservation slot : calendar.slots()) {
                if (!slot.scheduleId().equals(scheduleId)
                    && slot.end().isAfter(now.minus(settings.calendarRetention()))) {
                  others.add(slot);
                }
              }
              Slot slot = planner.plan(tour, others, now).orElse(null);
              if (slot == null) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "no free slot for tour "
                            + tour.tourId()
                            + " with realtor "
                            + realtorId
                            + " within the search horizon"));
              }
              List<Reservation> updated = new ArrayList<>(others);
              updated.add(new Reservation(scheduleId, slot.start(), slot.end()));
              return calendars
                  .save(calendar, updated)
                  .compose(
                      saved -> {
                        if (saved) {
                          return Future.succeededFuture(slot);
                        }
                        if (attempt >= settings.reserveAttempts()) {
                          return Future.failedFuture(
                              new IllegalStateException(
                                  "calendar of realtor " + realtorId + " kept changing"));
                        }
                        LOG.debug(
                            "Calendar of realtor {} changed under tour {}; planning again",
                            realtorId,
                            tour.tourId());
                        return reserve(realtorId, scheduleId, tour, attempt + 1);
                      });
            });
  }

  /** Frees the schedule's slot in the realtor's calendar, if it holds one. */
  private Future<Void> release(String realtorId, String scheduleId, int attempt) {
    if (realtorId == null) {
      return Future.succeededFuture();
    }
    return calendars
        .load(realtorId)
        .compose(
            calendar -> {
              List<Reservation> kept =
                  calendar.slots().stream()
                      .filter(slot -> !slot.scheduleId().equals(scheduleId))
                      .toList();
              if (kept.size() == calendar.slots().size()) {
                return Future.succeededFuture();
              }
              return calendars
                  .save(calendar, kept)
                  .compose(
                      saved -> {
                        if (saved) {
                          return Future.<Void>succeededFuture();
                        }
                        if (attempt >= settings.reserveAttempts()) {
                          return Future.failedFuture(
                              new IllegalStateException(
                                  "calendar of realtor " + realtorId + " kept changing"));
                        }
                        return release(realtorId, scheduleId, attempt + 1);
                      });
            });
  }

  /**
   * Mails whoever has not been mailed about the schedule's current revision. A recipient whose
   * contact scheduling has not learned yet fails the event, which is then redelivered.
   */
  private Future<Void> notify(JsonObject schedule) {
    if (schedule == null || Schedules.COMPLETED.equals(schedule.getString("status"))) {
      return Future.succeededFuture();
    }
    int revision = schedule.getInteger("revision", 1);
    Kind kind =
        Schedules.CANCELLED.equals(schedule.getString("status"))
            ? Kind.CANCELLED
            : revision == 1 ? Kind.SCHEDULED : Kind.RESCHEDULED;
    JsonObject notified = schedule.getJsonObject("notifications", new JsonObject());
    Future<Void> chain = Future.succeededFuture();
    for (String recipient : RECIPIENTS) {
      JsonObject sent = notified.getJsonObject(recipient);
      if (sent != null && sent.getInteger("revision", 0) >= revision) {
        continue;
      }
      String accountId = accountOf(schedule, recipient);
      chain =
          chain.compose(
              v ->
                  contact(accountId)
                      .compose(contact -> mailer.send(kind, recipient, contact, schedule))
                      .compose(
                          sentNow ->
                              schedules.markNotified(
                                  schedule.getString("_id"),
                                  recipient,
                                  revision,
                                  clock.instant())));
    }
    return chain;
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
              return remindOne(schedule, Schedules.CUSTOMER)
                  .recover(
                      failure ->
                          schedules
                              .releaseReminder(scheduleId, now)
                              .compose(v -> Future.failedFuture(failure)))
                  .compose(v -> remindOne(schedule, Schedules.REALTOR))
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

  private Future<Void> remindOne(JsonObject schedule, String recipient) {
    return contact(accountOf(schedule, recipient))
        .compose(contact -> mailer.send(Kind.REMINDER, recipient, contact, schedule));
  }
}
