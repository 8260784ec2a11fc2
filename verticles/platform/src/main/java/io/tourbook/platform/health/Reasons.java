package io.tourbook.platform.health;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Why a check failed, in words safe to answer to anyone: the kind of failure and its message with
 * every address and URI taken out (they can hold credentials), cut to a readable length.
 */
final class Reasons {

  private static final int MAX_LENGTH = 200;
  private static final Pattern URI = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://\\S+");
  private static final Pattern ADDRESS =
      Pattern.compile("[\\w.-]*[\\w-]+(:\\d{1,5})|\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9a-fA-F:]+]");

  private Reasons() {}

  static String of(Throwable failure) {
    if (failure instanceof ConnectException) {
      return "connection refused";
    }
    if (failure instanceof UnknownHostException) {
      return "unknown host";
    }
    if (failure instanceof TimeoutException
        || failure.getClass().getSimpleName().contains("Timeout")) {
      return "timed out";
    }
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    String safe = ADDRESS.matcher(URI.matcher(message).replaceAll("<uri>")).replaceAll("<address>");
    String reason = safe.isBlank() ? failure.getClass().getSimpleName() : safe.strip();
    return reason.length() <= MAX_LENGTH ? reason : reason.substring(0, MAX_LENGTH) + "...";
  }
}
