package io.tourbook.availability.model;

/** A span of time in epoch millis, start inclusive, end exclusive. */
public record Span(long start, long end) {

  public boolean overlaps(long otherStart, long otherEnd) {
    return start < otherEnd && otherStart < end;
  }

  /** How Redis holds it: {@code start:end}. */
  public String member() {
    return start + ":" + end;
  }

  /** A member written by {@link #member()} (anything after the second part is ignored). */
  public static Span parse(String member) {
    String[] parts = member.split(":");
    return new Span(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
  }
}
