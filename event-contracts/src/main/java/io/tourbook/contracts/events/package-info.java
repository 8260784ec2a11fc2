/**
 * The event contracts between services (DESIGN §3): the streams, the event type catalogue, how a
 * change maps to a type, the CloudEvents envelope, its JSON Schemas and the subscription registry.
 *
 * <p>Producers never publish by hand: a write stamps its document with {@code lastChange {type, at,
 * actor}} and the dispatcher turns the change stream into envelopes with {@link
 * io.tourbook.contracts.events.ChangeTypes} and {@link io.tourbook.contracts.events.EventEnvelope}.
 */
package io.tourbook.contracts.events;
