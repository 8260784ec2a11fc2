package io.tourbook.iam.throttle;

/** Too many recent attempts from this client; it may try again after {@link #retryAfterSeconds}. */
public final class ThrottledException extends RuntimeException {

  private final long retryAfterSeconds;

  public ThrottledException(String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
