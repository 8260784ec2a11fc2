package io.tourbook.iam.impl;

/** Too many failed logins for the account or the client address; try again after a while. */
public final class LoginThrottledException extends RuntimeException {

  private final long retryAfterSeconds;

  public LoginThrottledException(long retryAfterSeconds) {
    super("Too many failed logins; try again later.", null, false, false);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
