package io.tourbook.cli;

/** A failure the user can act on: its message says what to do, its exit code what kind it is. */
final class CliException extends RuntimeException {

  /** Exit code when not logged in, the session expired, or the account is not an admin. */
  static final int NOT_AUTHORIZED = 3;

  /** Exit code of any other failure. */
  static final int FAILED = 1;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  static CliException failed(String message) {
    return new CliException(FAILED, message);
  }

  static CliException notAuthorized(String message) {
    return new CliException(NOT_AUTHORIZED, message);
  }

  int exitCode() {
    return exitCode;
  }
}
