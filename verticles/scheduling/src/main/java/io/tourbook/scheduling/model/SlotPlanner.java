package io.tourbook.scheduling.model;

import io.tourbook.scheduling.model.TourRequest.Stop;
import io.tourbook.scheduling.model.TourRequest.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays a tour out in the slot assignment booked for it: each stop's visit from the slot's start, in
 * visiting order. A tour lasts {@code per-listing} at each stop, plus the travel between stops at
 * {@code travel-kmh} over the itinerary's legs, plus {@code base} at the end; the slot's end is
 * assignment's, computed by the same rule.
 */
public final class SlotPlanner {

  private final SchedulingSettings settings;

  public SlotPlanner(SchedulingSettings settings) {
    this.settings = settings;
  }

  /** The tour's visits within its booked slot. */
  public Slot layout(Window booked, List<Stop> stops) {
    List<Slot.StopTime> times = new ArrayList<>();
    Instant at = booked.start();
    for (int i = 0; i < stops.size(); i++) {
      Stop stop = stops.get(i);
      if (i > 0) {
        at = at.plus(travel(stop.legKm()));
      }
      Instant end = at.plus(settings.perListing());
      times.add(new Slot.StopTime(stop.listingId(), stop.title(), stop.address(), at, end));
      at = end;
    }
    return new Slot(booked.start(), booked.end(), List.copyOf(times));
  }

  /** Travel time of a leg, rounded up to the second. */
  private Duration travel(double legKm) {
    return Duration.ofSeconds((long) Math.ceil(legKm / settings.travelKmh() * 3600));
  }
}
