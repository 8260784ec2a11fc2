package io.tourbook.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** Assertions on RFC 9457 problem responses. */
public final class Problems {

  private Problems() {}

  /** Asserts a problem+json response with {@code status} and all the members, and returns it. */
  public static JsonObject assertProblem(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo("about:blank");
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).isNotBlank();
    assertThat(problem.getString("instance")).startsWith("/");
    return problem;
  }

  /**
   * Whether the response is a complete problem+json for its own status; for checks that collect
   * every offending request before failing.
   */
  public static boolean isProblem(HttpResponse<Buffer> response) {
    if (!"application/problem+json".equals(response.getHeader("Content-Type"))) {
      return false;
    }
    try {
      JsonObject problem = response.bodyAsJsonObject();
      return problem != null
          && Integer.valueOf(response.statusCode()).equals(problem.getInteger("status"))
          && problem.getString("title") != null
          && problem.getString("detail") != null;
    } catch (RuntimeException notJson) {
      return false;
    }
  }
}
