package io.tourbook.contracts.events;

import java.util.List;
import java.util.Objects;

/**
 * A consumer group's durable subscription to one stream, with the event types it wants. A pattern
 * is an exact type or a prefix glob ending in {@code .*}: {@code listing.*} accepts {@code
 * listing.created} but not {@code listingx.created}.
 */
public record Subscription(StreamId stream, String group, List<String> typePatterns) {

  private static final String GLOB = ".*";

  public Subscription {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(group, "group");
    typePatterns = List.copyOf(typePatterns);
    if (group.isBlank() || group.contains(".")) {
      throw new IllegalArgumentException("group must be a non-empty name without dots: " + group);
    }
    if (typePatterns.isEmpty()) {
      throw new IllegalArgumentException("a subscription needs at least one type pattern");
    }
  }

  /** {@code <stream>.<group>}, e.g. {@code listing.listings.iam}: the checkpoint key. */
  public String id() {
    return stream.name() + "." + group;
  }

  /** The event-bus address the group consumes with request/reply: {@code events.<id>}. */
  public String address() {
    return "events." + id();
  }

  public boolean accepts(String type) {
    return typePatterns.stream().anyMatch(pattern -> matches(pattern, type));
  }

  private static boolean matches(String pattern, String type) {
    if (pattern.endsWith(GLOB)) {
      String prefix = pattern.substring(0, pattern.length() - 1);
      return type.startsWith(prefix);
    }
    return pattern.equals(type);
  }
}
