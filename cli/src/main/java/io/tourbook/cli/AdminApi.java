package io.tourbook.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The node's HTTP API under {@code /api/v1}, as the CLI calls it: blocking, JSON in and out, and
 * every failure turned into a {@link CliException} that says what to do.
 */
final class AdminApi {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final String url;
  private final String token;

  /** {@code token} may be null for the public routes (login). */
  AdminApi(String url, String token) {
    this.url = url;
    this.token = token;
  }

  JsonObject get(String path, Map<String, Object> query) {
    return send(request(path + queryString(query)).GET());
  }

  JsonObject post(String path, JsonObject body) {
    return send(request(path).POST(bodyOf(body)).header("Content-Type", "application/json"));
  }

  JsonObject put(String path, JsonObject body) {
    return send(request(path).PUT(bodyOf(body)).header("Content-Type", "application/json"));
  }

  /**
   * Reads a Server-Sent-Events stream and hands each event's data to {@code onEvent} until the
   * stream ends or {@code onEvent} returns false.
   */
  void stream(String path, Map<String, Object> query, Predicate<String> onEvent) {
    HttpRequest request =
        HttpRequest.newBuilder(uri(path + queryString(query)))
            .header("Accept", "text/event-stream")
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    HttpResponse<Stream<String>> response = call(request, HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = response.body()) {
      if (response.statusCode() != 200) {
        throw failure(response.statusCode(), String.join("\n", lines.toList()));
      }
      StringBuilder data = new StringBuilder();
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (data.length() > 0 && !onEvent.test(data.toString())) {
            return;
          }
          data.setLength(0);
        } else if (line.startsWith("data:")) {
          data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
        }
      }
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri(path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private URI uri(String path) {
    try {
      return URI.create(url.replaceAll("/+$", "") + "/api/v1" + path);
    } catch (IllegalArgumentException malformed) {
      throw CliException.failed(
          "The node URL " + url + " is not a valid URL; give one like http://localhost:8080.");
    }
  }

  private JsonObject send(HttpRequest.Builder request) {
    HttpResponse<String> response =
        call(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() / 100 != 2) {
      throw failure(response.statusCode(), response.body());
    }
    String body = response.body();
    if (body == null || body.isBlank()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(body);
    } catch (DecodeException notJson) {
      throw CliException.failed(
          "The node at " + url + " did not answer with JSON; is --url the tourbook node?");
    }
  }

  private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (HttpConnectTimeoutException | ConnectException unreachable) {
      throw unreachable();
    } catch (HttpTimeoutException slow) {
      throw CliException.failed(
          "The node at " + url + " did not answer in time; check that it is healthy (/health).");
    } catch (IOException e) {
      throw CliException.failed(
          "Lost the connection to " + url + " (" + e.getMessage() + "); try again.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failed("Interrupted.");
    }
  }

  private CliException unreachable() {
    return CliException.failed(
        "Cannot reach the node at "
            + url
            + ". Check that it is running, and the URL given with --url or TOURBOOK_URL.");
  }

  /** The problem+json detail of a failed call, with what to do about it. */
  private static CliException failure(int status, String body) {
    String detail = detail(body);
    return switch (status) {
      case 401 ->
          CliException.notAuthorized(
              "Not logged in, or the session expired ("
                  + detail
                  + "). Run: tourbook-admin login --email EMAIL");
      case 403 ->
          CliException.notAuthorized(
              "This account is not allowed to do that: admin commands need an admin account ("
                  + detail
                  + ").");
      case 404 -> CliException.failed("Not found: " + detail);
      case 429 -> CliException.failed("Too many requests: " + detail + " Wait a moment and retry.");
      default ->
          CliException.failed(
              status >= 500
                  ? "The node failed (" + status + "): " + detail + " Check its log and /health."
                  : "Refused (" + status + "): " + detail);
    };
  }

  private static String detail(String body) {
    if (body == null || body.isBlank()) {
      return "no details";
    }
    try {
      JsonObject problem = new JsonObject(body);
      String detail = problem.getString("detail", problem.getString("title"));
      return detail == null ? body.strip() : detail;
    } catch (DecodeException | ClassCastException notProblem) {
      return body.length() > 200 ? body.substring(0, 200) + "…" : body.strip();
    }
  }

  private static HttpRequest.BodyPublisher bodyOf(JsonObject body) {
    return body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8);
  }

  /** Encodes the non-null parameters, in their order. */
  static String queryString(Map<String, Object> query) {
    StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach(
        (name, value) -> {
          if (value != null) {
            joined.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
          }
        });
    return joined.toString();
  }

  /** Path segments are the ids the user typed: encoded, so they can never change the path. */
  static String segment(String id) {
    if (id.isBlank() || id.equals(".") || id.equals("..")) {
      throw CliException.failed("'" + id + "' is not an id.");
    }
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
