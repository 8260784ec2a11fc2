package io.tourbook.platform.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Carries an {@link EventEnvelope} over the event bus as the object itself on this node: it is
 * immutable, so a delivery needs no copy. A partition's deliveries are local, and each had cost an
 * envelope written to JSON, the JSON copied by the bus and read back by the consumer (three deep
 * copies of its data and a time printed and parsed), a sixth of a subscription's time. Across nodes
 * it travels as its JSON.
 */
final class EnvelopeCodec implements MessageCodec<EventEnvelope, EventEnvelope> {

  private static final String NAME = "tourbook-event-envelope";

  /** Makes the codec the bus's default for envelopes; once per Vert.x instance. */
  static void register(Vertx vertx) {
    try {
      vertx.eventBus().registerDefaultCodec(EventEnvelope.class, new EnvelopeCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // Another DurableEvents of this Vert.x instance registered it.
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, EventEnvelope envelope) {
    Buffer json = envelope.toJson().toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public EventEnvelope decodeFromWire(int position, Buffer buffer) {
    int length = buffer.getInt(position);
    int start = position + Integer.BYTES;
    return EventEnvelope.fromJson(new JsonObject(buffer.getBuffer(start, start + length)));
  }

  @Override
  public EventEnvelope transform(EventEnvelope envelope) {
    return envelope;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
