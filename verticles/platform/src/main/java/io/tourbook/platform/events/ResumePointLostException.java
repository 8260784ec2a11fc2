package io.tourbook.platform.events;

/**
 * The change stream can no longer resume from a subscription's checkpoint: the events after it are
 * gone from the oplog. Restarting from "now" would skip them silently, so the subscription stops
 * and reports DOWN until an operator decides.
 */
public final class ResumePointLostException extends RuntimeException {

  public ResumePointLostException(String message, Throwable cause) {
    super(message, cause);
  }
}
