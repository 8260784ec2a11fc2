package io.tourbook.assignment.impl;

import io.tourbook.assignment.AssignmentSettings;
import io.tourbook.assignment.model.Tour;
import io.tourbook.assignment.store.AssignmentStore;
import io.tourbook.assignment.store.DuplicateAssignment;
import io.tourbook.contracts.availability.AvailabilityService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a tour the nearest available realtor, and releases the realtor when the tour ends.
 *
 * <p>A realtor is claimed in Redis (availability.service) before the assignment is stored, so no
 * two tours ever take the same realtor; the store's unique keys are the second guard: at most one
 * active assignment per tour (a redelivered event, or a retry racing with it, makes no second one)
 * and per realtor (should the pool ever have forgotten a booking).
 */
public final class Assigner {

  private static final Logger LOG = LoggerFactory.getLogger(Assigner.class);

  /** What became of a tour. */
  public enum Outcome {
    ASSIGNED,
    ALREADY_ASSIGNED,
    NOBODY_AVAILABLE,
    CLOSED
  }

  private record Candidate(String realtorId, double distanceKm) {}

  private final AssignmentStore store;
  private final AvailabilityService availability;
  private final AssignmentSettings settings;

  public Assigner(
      AssignmentStore store, AvailabilityService availability, AssignmentSettings settings) {
    this.store = store;
    this.availability = availability;
    this.settings = settings;
  }

  /**
   * Assigns the nearest available realtor within {@code assignment.radius-km} of the tour, trying
   * candidates nearest first until a claim succeeds. Removes the tour from the waiting list when it
   * has a realtor; leaves the waiting list alone otherwise.
   */
  public Future<Outcome> assign(Tour tour) {
    return store
        .activeForTour(tour.id())
        .compose(
            active -> {
              if (active != null) {
                return Future.succeededFuture(Outcome.ALREADY_ASSIGNED);
              }
              return store
                  .isClosed(tour.id())
                  .compose(
                      closed -> closed ? Future.succeededFuture(Outcome.CLOSED) : round(tour, 1));
            })
        .compose(
            outcome ->
                outcome == Outcome.NOBODY_AVAILABLE
                    ? Future.succeededFuture(outcome)
                    : store.removeWaiting(tour.id()).map(outcome));
  }

  /**
   * Releases what the tour holds: every active assignment becomes released and its realtor's
   * booking ends. Idempotent; true when a realtor was freed by this call.
   */
  public Future<Boolean> close(String tourId) {
    return store
        .markClosed(tourId)
        .compose(v -> store.removeWaiting(tourId))
        .compose(v -> store.forTour(tourId))
        .compose(
            assignments -> {
              List<Future<Boolean>> releases = new ArrayList<>();
              for (JsonObject assignment : assignments) {
                releases.add(release(assignment));
              }
              return Future.all(releases)
                  .map(all -> all.<Boolean>list().stream().anyMatch(Boolean::booleanValue));
            });
  }

  /**
   * Ends an assignment: active -> released in the store, then the realtor's booking for its tour
   * (again, harmlessly, for one released before).
   */
  private Future<Boolean> release(JsonObject assignment) {
    String realtorId = assignment.getString("realtorId");
    String tourId = assignment.getString("tourId");
    Future<Boolean> released =
        AssignmentStore.ACTIVE.equals(assignment.getString("status"))
            ? store.release(assignment.getString("_id"))
            : Future.succeededFuture(false);
    return released.compose(freed -> availability.release(realtorId, tourId).map(v -> freed));
  }

  private Future<Outcome> round(Tour tour, int round) {
    return availability
        .findAvailable(tour.lat(), tour.lon(), settings.radiusKm(), settings.candidates())
        .compose(
            found -> {
              List<Candidate> candidates = candidates(found);
              return tryEach(tour, candidates, 0)
                  .compose(
                      outcome ->
                          outcome == Outcome.NOBODY_AVAILABLE
                                  && !candidates.isEmpty()
                                  && round < settings.maxRounds()
                              ? round(tour, round + 1)
                              : Future.succeededFuture(outcome));
            });
  }

  private Future<Outcome> tryEach(Tour tour, List<Candidate> candidates, int index) {
    if (index >= candidates.size()) {
      return Future.succeededFuture(Outcome.NOBODY_AVAILABLE);
    }
    return tryOne(tour, candidates.get(index))
        .compose(
            outcome ->
                outcome == Outcome.NOBODY_AVAILABLE
                    ? tryEach(tour, candidates, index + 1)
                    : Future.succeededFuture(outcome));
  }

  private Future<Outcome> tryOne(Tour tour, Candidate candidate) {
    return availability
        .claim(candidate.realtorId(), tour.id())
        .compose(
            claimed -> {
              if (!claimed) {
                return Future.succeededFuture(Outcome.NOBODY_AVAILABLE);
              }
              return store
                  .insertActive(tour, candidate.realtorId(), candidate.distanceKm())
                  .compose(stored -> closedMeanwhile(tour, stored))
                  .recover(failure -> storeFailed(tour, candidate, failure));
            });
  }

  /**
   * The tour may have been cancelled while a retry was assigning it: the close either saw this
   * assignment and released it, or this check sees the close and releases it here.
   */
  private Future<Outcome> closedMeanwhile(Tour tour, JsonObject stored) {
    return store
        .isClosed(tour.id())
        .compose(
            closed ->
                closed
                    ? release(stored).map(Outcome.CLOSED)
                    : Future.succeededFuture(Outcome.ASSIGNED));
  }

  private Future<Outcome> storeFailed(Tour tour, Candidate candidate, Throwable failure) {
    if (!(failure instanceof DuplicateAssignment)) {
      // The store failed after the claim: give the realtor back, then report the failure.
      return availability
          .release(candidate.realtorId(), tour.id())
          .transform(released -> Future.failedFuture(failure));
    }
    return store
        .activeForTour(tour.id())
        .compose(
            winner -> {
              if (winner == null) {
                return realtorTaken(tour, candidate);
              }
              // Another attempt assigned the tour first; its booking stays if it chose this
              // realtor.
              return candidate.realtorId().equals(winner.getString("realtorId"))
                  ? Future.succeededFuture(Outcome.ALREADY_ASSIGNED)
                  : availability
                      .release(candidate.realtorId(), tour.id())
                      .map(Outcome.ALREADY_ASSIGNED);
            });
  }

  /**
   * The realtor has an active assignment for another tour, so the pool had lost that booking: end
   * this claim and book the realtor for that tour again, then go on with the next candidate.
   */
  private Future<Outcome> realtorTaken(Tour tour, Candidate candidate) {
    return availability
        .release(candidate.realtorId(), tour.id())
        .compose(v -> store.activeForRealtor(candidate.realtorId()))
        .compose(
            holder -> {
              if (holder == null) {
                return Future.<Void>succeededFuture();
              }
              LOG.warn(
                  "Realtor {} was claimable while assigned to tour {}; restoring that booking",
                  candidate.realtorId(),
                  holder.getString("tourId"));
              return availability
                  .claim(candidate.realtorId(), holder.getString("tourId"))
                  .<Void>mapEmpty();
            })
        .map(Outcome.NOBODY_AVAILABLE);
  }

  /** Whether availability refused the request itself: asking again cannot help. */
  public static boolean isInvalid(Throwable failure) {
    return failure instanceof ServiceException refused
        && refused.failureCode() == AvailabilityService.INVALID;
  }

  private static List<Candidate> candidates(JsonArray found) {
    List<Candidate> candidates = new ArrayList<>();
    for (Object item : found) {
      if (item instanceof JsonObject realtor
          && realtor.getValue("realtorId") instanceof String realtorId) {
        Number distance =
            realtor.getValue("distanceKm") instanceof Number number ? number : Double.valueOf(0);
        candidates.add(new Candidate(realtorId, distance.doubleValue()));
      }
    }
    return candidates;
  }
}
