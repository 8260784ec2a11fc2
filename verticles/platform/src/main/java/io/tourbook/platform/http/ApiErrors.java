package io.tourbook.platform.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.serviceproxy.ServiceException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failed request becomes a response: every failure and every router-level
 * 404/405 is answered with {@code application/problem+json} (RFC 9457). Client errors say what was
 * wrong; server errors say nothing about the cause, which is logged instead.
 */
public final class ApiErrors {

  public static final String PROBLEM_JSON = "application/problem+json";

  /** {@link ServiceException} codes that are HTTP statuses by convention and pass through. */
  public static final Set<Integer> SERVICE_STATUSES =
      Set.of(400, 401, 402, 403, 404, 409, 413, 422, 429, 503);

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
  private static final String INTERNAL_DETAIL = "An unexpected error occurred.";
  private static final Handler<RoutingContext> HANDLER = ApiErrors::handle;

  private ApiErrors() {}

  /** The failure handler, also installed as the router's 404 and 405 error handler. */
  public static Handler<RoutingContext> handler() {
    return HANDLER;
  }

  private record Problem(int status, String detail, JsonArray errors) {}

  private static void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    Problem problem = problem(ctx);
    if (problem.status() >= 500) {
      LOG.error(
          "{} {} failed with {}",
          ctx.request().method(),
          ctx.request().path(),
          problem.status(),
          ctx.failure());
    }
    if (response.headWritten()) {
      // Part of a success was already sent: break the exchange rather than append an error to it.
      response.reset();
      return;
    }
    JsonObject body =
        new JsonObject()
            .put("type", "about:blank")
            .put("title", HttpResponseStatus.valueOf(problem.status()).reasonPhrase())
            .put("status", problem.status())
            .put("detail", problem.detail())
            .put("instance", ctx.request().path());
    if (problem.errors() != null) {
      body.put("errors", problem.errors());
    }
    if (problem.status() == 401 && !response.headers().contains("WWW-Authenticate")) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    response
        .setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
        .end(body.encode());
  }

  private static Problem problem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      return new Problem(api.status(), api.detail(), api.errors());
    }
    if (failure instanceof ServiceException service) {
      return SERVICE_STATUSES.contains(service.failureCode())
          ? new Problem(service.failureCode(), service.getMessage(), null)
          : internal();
    }
    if (failure instanceof ReplyException reply) {
      return reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
          ? internal()
          : new Problem(503, "A service needed for this request is unavailable.", null);
    }
    if (failure instanceof HttpException http) {
      return byStatus(http.getStatusCode());
    }
    if (failure instanceof DecodeException) {
      return new Problem(400, "The request body is not valid JSON.", null);
    }
    if (failure == null || (ctx.statusCode() >= 400 && ctx.statusCode() < 500)) {
      return byStatus(ctx.statusCode());
    }
    return internal();
  }

  private static Problem byStatus(int status) {
    String detail =
        switch (status) {
          case 400 -> "The request is malformed.";
          case 401 -> "A valid bearer token is required.";
          case 403 -> "You are not allowed to do this.";
          case 404 -> "There is nothing at this path.";
          case 405 -> "This method is not allowed on this resource.";
          case 413 -> "The request body is too large.";
          case 415 -> "The request body has an unsupported media type.";
          case 429 -> "Too many requests; try again later.";
          default -> null;
        };
    if (status >= 400 && status < 500) {
      return new Problem(status, detail != null ? detail : reason(status), null);
    }
    if (status == 503) {
      return new Problem(503, "The service is unavailable; try again later.", null);
    }
    return internal();
  }

  private static String reason(int status) {
    return HttpResponseStatus.valueOf(status).reasonPhrase() + ".";
  }

  private static Problem internal() {
    return new Problem(500, INTERNAL_DETAIL, null);
  }
}
