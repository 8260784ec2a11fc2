package io.tourbook.contracts.events;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates envelopes against the JSON Schemas in {@code schemas/} (draft 2020-12): the envelope,
 * then {@code data} against the schema of its type, then the attributes that must agree with each
 * other (stream, type, source, subject).
 *
 * <p>{@link #load()} reads class-path resources: call it once at start-up, off the event loop.
 * Validation itself is CPU-only and thread-safe.
 */
public final class EventSchemas {

  /** Where the schemas live on the class path; file {@code <name>.schema.json}. */
  public static final String RESOURCE_DIR = "schemas/";

  public static final String SCHEMA_SUFFIX = ".schema.json";
  static final String BASE_URI = "https://tourbook.io/schemas/";
  private static final String ENVELOPE = "envelope";
  private static final String COMMON = "common";
  private static final String SUBSCHEMA_FAILED = "A subschema had errors";

  /** The outcome of a validation, with one readable line per problem. */
  public record ValidationResult(boolean valid, List<String> errors) {
    public ValidationResult {
      errors = List.copyOf(errors);
    }
  }

  private final Validator envelopeValidator;
  private final Map<String, Validator> dataValidators;

  private EventSchemas(Validator envelopeValidator, Map<String, Validator> dataValidators) {
    this.envelopeValidator = envelopeValidator;
    this.dataValidators = dataValidators;
  }

  /** Loads the envelope schema and the data schema of every type in {@link EventTypes#all()}. */
  public static EventSchemas load() {
    JsonSchemaOptions options =
        new JsonSchemaOptions()
            .setDraft(Draft.DRAFT202012)
            .setBaseUri(BASE_URI)
            .setOutputFormat(OutputFormat.Basic);
    SchemaRepository repository = SchemaRepository.create(options);
    repository.dereference(readSchema(COMMON));
    Validator envelope = validator(repository, ENVELOPE);
    Map<String, Validator> data = new LinkedHashMap<>();
    for (String type : EventTypes.all()) {
      data.put(type, validator(repository, type));
    }
    return new EventSchemas(envelope, Map.copyOf(data));
  }

  public ValidationResult validate(JsonObject envelope) {
    List<String> errors = new ArrayList<>();
    collectErrors("envelope", envelopeValidator.validate(envelope), errors);
    if (errors.isEmpty()) {
      checkData(envelope, errors);
    }
    return new ValidationResult(errors.isEmpty(), errors);
  }

  /**
   * @throws IllegalArgumentException listing every problem, if the envelope is not valid
   */
  public void assertValid(JsonObject envelope) {
    ValidationResult result = validate(envelope);
    if (!result.valid()) {
      throw new IllegalArgumentException(
          "invalid event "
              + envelope.getString("type")
              + ": "
              + String.join("; ", result.errors()));
    }
  }

  private void checkData(JsonObject envelope, List<String> errors) {
    String type = envelope.getString("type");
    JsonObject data = envelope.getJsonObject("data");
    Validator dataValidator = dataValidators.get(type);
    if (dataValidator == null) {
      errors.add("type: unknown event type " + type);
      return;
    }
    StreamId stream = EventTypes.streamOf(type);
    if (!stream.name().equals(envelope.getString("stream"))) {
      errors.add("stream: " + type + " belongs to stream " + stream.name());
    }
    if (!stream.source().equals(envelope.getString("source"))) {
      errors.add("source: events of " + stream.name() + " come from " + stream.source());
    }
    String dataschema = envelope.getString("dataschema");
    if (dataschema != null && !dataschema.equals(EventEnvelope.dataschema(type))) {
      errors.add(
          "dataschema: events of type "
              + type
              + " are described by "
              + EventEnvelope.dataschema(type));
    }
    if (!envelope.getString("subject").equals(data.getValue("_id"))) {
      errors.add("subject: must equal data._id");
    }
    for (String secret : Secrets.find(data)) {
      errors.add("data: secret field " + secret);
    }
    collectErrors("data", dataValidator.validate(data), errors);
  }

  /** Adds one line per failed keyword, as {@code <root><instance path>: <message>}. */
  private static void collectErrors(String root, OutputUnit result, List<String> errors) {
    if (Boolean.TRUE.equals(result.getValid())) {
      return;
    }
    List<OutputUnit> units = result.getErrors();
    if (units == null || units.isEmpty()) {
      units = List.of(result);
    }
    for (OutputUnit unit : units) {
      // Combinators (allOf, $ref) repeat their children's failures without saying more.
      if (!SUBSCHEMA_FAILED.equals(unit.getError())) {
        errors.add(root + path(unit.getInstanceLocation()) + ": " + unit.getError());
      }
    }
  }

  /** The JSON Pointer of the instance, without the leading {@code #}: {@code /availability}. */
  private static String path(String instanceLocation) {
    if (instanceLocation == null) {
      return "";
    }
    return instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
  }

  private static Validator validator(SchemaRepository repository, String name) {
    JsonSchema schema = readSchema(name);
    repository.dereference(schema);
    return repository.validator(schema);
  }

  private static JsonSchema readSchema(String name) {
    String resource = RESOURCE_DIR + name + SCHEMA_SUFFIX;
    try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + resource);
      }
      return JsonSchema.of(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema resource " + resource, e);
    } catch (DecodeException e) {
      throw new IllegalStateException("schema resource " + resource + " is not JSON", e);
    }
  }
}
