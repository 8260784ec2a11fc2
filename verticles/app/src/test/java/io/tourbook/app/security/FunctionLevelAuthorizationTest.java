package io.tourbook.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.http.ApiErrors;
import io.tourbook.platform.testsupport.AuthorizationMatrix;
import io.tourbook.platform.testsupport.DatabaseSnapshot;
import io.tourbook.platform.testsupport.Eventually;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * OWASP API5:2023 Broken Function Level Authorization, generated from the route tables: every route
 * answers every role (and anonymous callers, tokens without a role or with an unknown one) as its
 * table says, and no method the table does not list runs anything.
 */
@DisplayName("Security: function-level authorization (OWASP API5)")
class FunctionLevelAuthorizationTest extends WorldTest {

  private static final List<HttpMethod> METHODS =
      List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  @Test
  @DisplayName(
      "Every route of every service and of the platform's admin routes answers every role, and anonymous callers, as its route table says")
  void everyRouteTimesEveryRole() throws Exception {
    assertThat(world.platform.node.node.routes().tables())
        .containsKeys(
            "iam",
            "listings",
            "carts",
            "payments",
            "tours",
            "availability",
            "assignments",
            "schedules",
            "events",
            "commands");
    DatabaseSnapshot before = world.settledSnapshot();

    assertThat(Eventually.await(AuthorizationMatrix.violations(world.platform.node))).isEmpty();
    assertThat(before.differences(world.snapshot())).as("changed state").isEmpty();
  }

  @Test
  @DisplayName(
      "A method a path does not list is a 404 or 405 problem for every caller, even an admin, and changes nothing")
  void unlistedMethodsRunNothing() throws Exception {
    DatabaseSnapshot before = world.settledSnapshot();
    Set<String> templates = new LinkedHashSet<>();
    world.routes().forEach(route -> templates.add(route.template()));
    List<String> problems = new ArrayList<>();
    int probed = 0;
    for (String template : templates) {
      String path = template.replaceAll(":[A-Za-z]+", "method-probe");
      for (HttpMethod method : METHODS) {
        if (served(method, path)) {
          continue;
        }
        probed++;
        HttpResponse<Buffer> response = world.send(method, path, world.admin.token(), "{}");
        if ((response.statusCode() != 404 && response.statusCode() != 405)
            || !response.getHeader("Content-Type").startsWith(ApiErrors.PROBLEM_JSON)) {
          problems.add(method + " " + path + " -> " + response.statusCode());
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(probed).isGreaterThan(templates.size());
    assertThat(before.differences(world.snapshot())).as("changed state").isEmpty();
  }

  /** Whether any route of the tables serves {@code method} at the concrete {@code path}. */
  private boolean served(HttpMethod method, String path) {
    return world.routes().stream()
        .anyMatch(
            route ->
                route.entry().method() == method
                    && path.replaceAll("/$", "")
                        .matches(
                            route
                                .template()
                                .replaceAll(":[A-Za-z]+", "[^/]+")
                                .replaceAll("/$", "")));
  }
}
