package io.tourbook.contracts.events;

import java.util.Objects;

/**
 * A producer collection whose change stream is a stream of events. {@code service} is also the
 * database name; {@code entity} is the prefix of the types the stream's inserts and deletes map to
 * ({@code iam.account} gives {@code iam.account.created}).
 */
public record StreamId(String service, String collection, String entity) {

  public StreamId {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(entity, "entity");
  }

  /** The stream name, {@code <service>.<collection>}, e.g. {@code iam.accounts}. */
  public String name() {
    return service + "." + collection;
  }

  /** The MongoDB database that owns the collection. */
  public String database() {
    return service;
  }

  /** The CloudEvents {@code source} of the stream's events, e.g. {@code /tourbook/iam}. */
  public String source() {
    return "/tourbook/" + service;
  }

  /** The stream of {@link Streams#ALL} with this name. */
  public static StreamId parse(String name) {
    return Streams.ALL.stream()
        .filter(stream -> stream.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown stream: " + name));
  }

  @Override
  public String toString() {
    return name();
  }
}
