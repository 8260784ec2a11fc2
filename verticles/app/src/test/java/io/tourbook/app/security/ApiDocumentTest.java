package io.tourbook.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.app.ApiContract;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The served API document against the routes the node really has. It also leaves the document in
 * {@code target/openapi.json}, where {@code .ci/run} lints it with Redocly.
 */
@DisplayName("The API document")
class ApiDocumentTest extends WorldTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");

  @Test
  @DisplayName(
      "documents every route of every route table, each operation with its own operationId")
  void everyRouteIsDocumentedWithAnOperationId() throws Exception {
    JsonObject document = world.openApi();
    Files.writeString(Path.of("target", "openapi.json"), document.encodePrettily());

    List<String> undocumented = new ArrayList<>();
    for (SecurityWorld.Route route : world.routes()) {
      if (!world.documented(route)) {
        undocumented.add(route.entry().method() + " " + route.template());
      }
    }
    List<String> operationIds = new ArrayList<>();
    List<String> withoutId = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject operations = paths.getJsonObject(path);
      for (String method : operations.fieldNames()) {
        if (METHODS.contains(method)) {
          String id = operations.getJsonObject(method).getString("operationId");
          if (id == null) {
            withoutId.add(method + " " + path);
          } else {
            operationIds.add(id);
          }
        }
      }
    }

    assertThat(undocumented).as("routes missing from /openapi.json").isEmpty();
    assertThat(withoutId).as("operations without an operationId").isEmpty();
    assertThat(new HashSet<>(operationIds)).as("distinct operationIds").hasSameSizeAs(operationIds);
    assertThat(operationIds).hasSizeGreaterThanOrEqualTo(world.routes().size());
  }

  @Test
  @DisplayName(
      "describes what every GET route really answers its owner, field for field (strict schemas)")
  void everyReadAnswersAsDocumented() throws Exception {
    ApiContract contract = new ApiContract(world.openApi());
    int reads = 0;
    for (SecurityWorld.Route route : world.routes()) {
      if (route.entry().method() == HttpMethod.GET && !route.template().endsWith("/stream")) {
        String path = world.ownedPath(route);
        contract.check(
            HttpMethod.GET, path, world.send(HttpMethod.GET, path, world.ownerOf(route), null));
        reads++;
      }
    }
    // The platform's own reads that no route table holds: the probes, which carry every check.
    for (String probe : List.of("/health/live", "/health/ready")) {
      contract.check(HttpMethod.GET, probe, world.send(HttpMethod.GET, probe, null, null));
      reads++;
    }
    assertThat(contract.violations()).as("of %d answers checked", contract.checked()).isEmpty();
    assertThat(contract.checked()).as("JSON answers checked, of %d reads", reads).isPositive();
  }
}
