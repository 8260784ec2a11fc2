package io.tourbook.assignment.impl;

import io.tourbook.assignment.AssignmentSettings;
import io.tourbook.assignment.model.Tour;
import io.tourbook.assignment.store.AssignmentStore;
import io.tourbook.assignment.store.DuplicateAssignment;
import io.tourbook.contracts.Times;
import io.tourbook.contracts.availability.AvailabilityService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives a tour a realtor and a time slot together, and frees the slot when the tour ends. This is
 * the one place a tour's slot is decided; scheduling records it.
 *
 * <p>The policy ({@link SlotPolicy}): the nearest realtor free in the earliest preferred window
 * that fits; else the nearest realtor's earliest free slot on the day of the earliest preferred
 * time; else the tour waits. The slot is claimed in Redis (availability.service, one Lua script)
 * before the assignment is stored, so no two tours of a realtor ever overlap; the store's unique
 * key is the second guard for the tour: at most one active assignment per tour (a redelivered
 * event, or a retry racing with it, makes no second one).
 */
public final class Assigner {

  /** What became of a tour. */
  public enum Outcome {
    ASSIGNED,
    ALREADY_ASSIGNED,
    NOBODY_AVAILABLE,
    CLOSED
  }

  private record Candidate(String realtorId, double distanceKm, JsonObject slot) {}

  private final AssignmentStore store;
  private final AvailabilityService availability;
  private final AssignmentSettings settings;
  private final SlotPolicy policy;
  private final Clock clock;

  public Assigner(
      AssignmentStore store,
      AvailabilityService availability,
      AssignmentSettings settings,
      SlotPolicy policy,
      Clock clock) {
    this.store = store;
    this.availability = availability;
    this.settings = settings;
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * Assigns a realtor within {@code assignment.radius-km} of the tour and a slot, trying candidates
   * nearest first until a claim succeeds. Removes the tour from the waiting list when it has a
   * realtor; leaves the waiting list alone otherwise.
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
                      closed ->
                          closed
                              ? Future.succeededFuture(Outcome.CLOSED)
                              : store.hint(tour.id()).compose(hint -> search(tour, hint)));
            })
        .compose(
            outcome ->
                outcome == Outcome.NOBODY_AVAILABLE
                    ? Future.succeededFuture(outcome)
                    : store
                        .removeWaiting(tour.id())
                        .compose(v -> store.removeHint(tour.id()))
                        .map(outcome));
  }

  /**
   * The policy's searches; first, for a tour taken from a realtor who went off duty, the exact slot
   * it had, with anyone else.
   */
  private Future<Outcome> search(Tour tour, JsonObject hint) {
    List<SlotPolicy.Search> searches = new ArrayList<>();
    Instant start = hint == null ? null : Times.parse(hint.getValue("start"));
    Instant end = hint == null ? null : Times.parse(hint.getValue("end"));
    if (start != null && end != null) {
      searches.add(new SlotPolicy.Search(start, end, true, true));
    }
    searches.addAll(policy.searches(tour, clock.instant()));
    return searchEach(tour, searches, 0);
  }

  /**
   * Releases the tour's assignment when the customer asked for new times since it was made: the
   * tour goes back to PENDING and is assigned again for the new times. True when it released one.
   */
  public Future<Boolean> releaseForNewTimes(Tour tour) {
    return store
        .activeForTour(tour.id())
        .compose(
            active ->
                active != null
                        && tour.preferencesVersion() > active.getInteger("preferencesVersion", 0)
                    ? release(active)
                    : Future.succeededFuture(false));
  }

  /**
   * Takes the realtor's tours that have not started yet away from them (they went off duty or were
   * suspended): each assignment is released, which puts its tour back to PENDING, and its slot is
   * kept as the hint its next assignment tries first. True when it released any.
   */
  public Future<Boolean> reassignUpcoming(String realtorId) {
    return store
        .upcomingForRealtor(realtorId, clock.instant())
        .compose(
            upcoming -> {
              Future<Boolean> chain = Future.succeededFuture(false);
              for (JsonObject assignment : upcoming) {
                chain =
                    chain.compose(
                        any ->
                            store
                                .putHint(
                                    assignment.getString("tourId"),
                                    assignment.getJsonObject("slot"))
                                .compose(v -> release(assignment))
                                .map(released -> any || released));
              }
              return chain;
            });
  }

  /**
   * Releases what the tour holds: every active assignment becomes released and its realtor's
   * booking ends. Idempotent; true when a realtor was freed by this call.
   */
  public Future<Boolean> close(String tourId) {
    return store
        .markClosed(tourId)
        .compose(v -> store.removeWaiting(tourId))
        .compose(v -> store.removeHint(tourId))
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

  /** Tries each place the policy gives, in order, until a claim succeeds. */
  private Future<Outcome> searchEach(Tour tour, List<SlotPolicy.Search> searches, int index) {
    if (index >= searches.size()) {
      return Future.succeededFuture(Outcome.NOBODY_AVAILABLE);
    }
    return round(tour, searches.get(index), 1)
        .compose(
            outcome ->
                outcome == Outcome.NOBODY_AVAILABLE
                    ? searchEach(tour, searches, index + 1)
                    : Future.succeededFuture(outcome));
  }

  /**
   * Asks availability who is free in the window, and claims the nearest first; asks again when
   * every candidate was taken meanwhile, up to {@code assignment.max-rounds}.
   */
  private Future<Outcome> round(Tour tour, SlotPolicy.Search search, int round) {
    JsonObject query =
        new JsonObject()
            .put("lat", tour.lat())
            .put("lon", tour.lon())
            .put("radiusKm", settings.radiusKm())
            .put("limit", settings.candidates())
            .put("tourId", tour.id())
            .put("lengthSeconds", policy.length(tour).toSeconds())
            .put(
                "window",
                new JsonObject()
                    .put("start", Times.format(search.start()))
                    .put("end", Times.format(search.end())))
            .put("exact", search.exact());
    if (tour.firstStop() != null) {
      query.put("firstStop", tour.firstStop());
    }
    if (tour.lastStop() != null) {
      query.put("lastStop", tour.lastStop());
    }
    return availability
        .findFree(query)
        .compose(
            found -> {
              List<Candidate> candidates = candidates(found);
              return tryEach(tour, candidates, 0)
                  .compose(
                      outcome ->
                          outcome == Outcome.NOBODY_AVAILABLE
                                  && !candidates.isEmpty()
                                  && round < settings.maxRounds()
                              ? round(tour, search, round + 1)
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
    JsonObject slot = candidate.slot().copy();
    if (tour.firstStop() != null) {
      slot.put("firstStop", tour.firstStop());
    }
    if (tour.lastStop() != null) {
      slot.put("lastStop", tour.lastStop());
    }
    return availability
        .claim(candidate.realtorId(), tour.id(), slot)
        .compose(
            claimed -> {
              if (!claimed) {
                return Future.succeededFuture(Outcome.NOBODY_AVAILABLE);
              }
              return store
                  .insertActive(tour, candidate.realtorId(), candidate.distanceKm(), slot)
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

  /**
   * The store failed after the claim. Another attempt may have assigned the tour first (a
   * duplicate): its booking stays if it chose this realtor, else this claim is given back. Any
   * other failure gives the claim back and is reported.
   */
  private Future<Outcome> storeFailed(Tour tour, Candidate candidate, Throwable failure) {
    if (!(failure instanceof DuplicateAssignment)) {
      return availability
          .release(candidate.realtorId(), tour.id())
          .transform(released -> Future.failedFuture(failure));
    }
    return store
        .activeForTour(tour.id())
        .compose(
            winner ->
                winner != null && candidate.realtorId().equals(winner.getString("realtorId"))
                    ? Future.succeededFuture(Outcome.ALREADY_ASSIGNED)
                    : availability
                        .release(candidate.realtorId(), tour.id())
                        .map(Outcome.ALREADY_ASSIGNED));
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
        candidates.add(
            new Candidate(
                realtorId,
                distance.doubleValue(),
                new JsonObject()
                    .put("start", realtor.getValue("start"))
                    .put("end", realtor.getValue("end"))));
      }
    }
    return candidates;
  }
}
