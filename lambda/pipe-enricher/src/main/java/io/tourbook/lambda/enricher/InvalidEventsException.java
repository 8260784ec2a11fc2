package io.tourbook.lambda.enricher;

import java.util.List;

/**
 * Some records of a batch do not hold a valid tourbook envelope. The enricher fails the whole batch
 * with it: the pipe retries, and after the queue's maxReceiveCount the messages move to the
 * stream's dead-letter queue, so an invalid event never reaches the bus and is never dropped
 * silently.
 */
public final class InvalidEventsException extends RuntimeException {

  private final List<String> problems;

  InvalidEventsException(List<String> problems) {
    super("invalid events in batch: " + String.join(" | ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per invalid record: its SQS message id and what is wrong (never the data). */
  public List<String> problems() {
    return problems;
  }
}
