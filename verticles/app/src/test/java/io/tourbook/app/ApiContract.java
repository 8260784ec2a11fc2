package io.tourbook.app;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The node's own /openapi.json as a check on real answers: each JSON response is validated against
 * the schema the document gives for its operation and status; what does not match is kept for the
 * test to report. A status the operation does not document is a violation too.
 */
public final class ApiContract {

  private static final String DOCUMENT_URI = "https://tourbook.io/openapi.json";

  private final JsonObject document;
  private final SchemaRepository repository;
  private final Map<Pattern, String> templates = new ConcurrentHashMap<>();
  private final List<String> violations = new ArrayList<>();
  private int checked;

  public ApiContract(JsonObject served) {
    // A copy: the schema repository writes its bookkeeping into what it dereferences.
    this.document = served.copy();
    this.repository =
        SchemaRepository.create(
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri(DOCUMENT_URI)
                .setOutputFormat(OutputFormat.Basic));
    repository.dereference(DOCUMENT_URI, JsonSchema.of(document.copy()));
    for (String template : document.getJsonObject("paths").fieldNames()) {
      String regex = Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
      templates.put(Pattern.compile(regex), template);
    }
  }

  /** Checks one answer to {@code method path} (the query string is ignored). */
  public synchronized void check(HttpMethod method, String path, HttpResponse<Buffer> response) {
    String bare = path.split("\\?", 2)[0];
    String template =
        templates.entrySet().stream()
            .filter(entry -> entry.getKey().matcher(bare).matches())
            .map(Map.Entry::getValue)
            .min((a, b) -> Integer.compare(a.split("\\{").length, b.split("\\{").length))
            .orElse(null);
    String operation = method + " " + bare + " -> " + response.statusCode();
    if (template == null) {
      violations.add(operation + ": no such path in the document");
      return;
    }
    String methodKey = method.name().toLowerCase(Locale.ROOT);
    String status = Integer.toString(response.statusCode());
    String responsePointer =
        "/paths/" + escape(template) + "/" + methodKey + "/responses/" + status;
    JsonObject declared = resolve(responsePointer);
    if (declared == null) {
      violations.add(operation + ": status not documented for " + template);
      return;
    }
    if (declared.getValue("$ref") instanceof String ref) {
      // A shared response such as #/components/responses/Problem: its schema is found there.
      responsePointer = ref.substring(1);
    }
    String contentType = response.getHeader("Content-Type");
    if (contentType == null || !contentType.contains("json") || response.body() == null) {
      return;
    }
    String pointer =
        responsePointer
            + "/content/"
            + escape(
                contentType.contains("problem") ? "application/problem+json" : "application/json")
            + "/schema";
    if (resolve(pointer) == null) {
      violations.add(
          operation
              + ": a JSON body the document gives no schema for ("
              + pointer
              + "): "
              + abbreviate(response.bodyAsString()));
      return;
    }
    checked++;
    OutputUnit result =
        repository
            .validator(
                JsonSchema.of(
                    new JsonObject()
                        // As a URI fragment: the braces of a path template percent-encoded.
                        .put(
                            "$ref",
                            DOCUMENT_URI + "#" + pointer.replace("{", "%7B").replace("}", "%7D"))))
            .validate(Json.decodeValue(response.body()));
    if (!Boolean.TRUE.equals(result.getValid())) {
      List<String> errors = new ArrayList<>();
      if (result.getErrors() != null) {
        result
            .getErrors()
            .forEach(error -> errors.add(error.getInstanceLocation() + " " + error.getError()));
      }
      violations.add(operation + ": " + errors + " in " + abbreviate(response.bodyAsString()));
    }
  }

  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  public synchronized int checked() {
    return checked;
  }

  private JsonObject resolve(String pointer) {
    Object found = JsonPointer.from(pointer).queryJson(document);
    return found instanceof JsonObject schema ? schema : null;
  }

  private static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  private static String abbreviate(String body) {
    return body.length() > 1500 ? body.substring(0, 1500) + "..." : body;
  }
}
