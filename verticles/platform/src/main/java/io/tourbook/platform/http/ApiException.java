package io.tourbook.platform.http;

import io.vertx.core.json.JsonArray;

/**
 * A request that cannot be served as asked, with the HTTP status and a detail safe to show the
 * client. Handlers throw it (or fail the context with it); {@link ApiErrors} turns it into
 * problem+json.
 */
public final class ApiException extends RuntimeException {

  private final int status;
  private final JsonArray errors;

  public ApiException(int status, String detail) {
    this(status, detail, null);
  }

  /**
   * @param errors the individual problems (e.g. one per invalid field), sent as the {@code errors}
   *     member of the problem; null for none
   */
  public ApiException(int status, String detail, JsonArray errors) {
    // No stack trace: this is an expected outcome, not a bug to debug.
    super(detail, null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("Not an error status: " + status);
    }
    this.status = status;
    this.errors = errors;
  }

  public int status() {
    return status;
  }

  public String detail() {
    return getMessage();
  }

  public JsonArray errors() {
    return errors;
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(400, detail);
  }

  public static ApiException invalid(String detail, JsonArray errors) {
    return new ApiException(400, detail, errors);
  }

  public static ApiException unauthorized(String detail) {
    return new ApiException(401, detail);
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(403, detail);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, detail);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, detail);
  }

  public static ApiException payloadTooLarge(String detail) {
    return new ApiException(413, detail);
  }

  public static ApiException unprocessable(String detail) {
    return new ApiException(422, detail);
  }

  public static ApiException tooManyRequests(String detail) {
    return new ApiException(429, detail);
  }

  public static ApiException unavailable(String detail) {
    return new ApiException(503, detail);
  }
}
