package io.tourbook.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventSchemasTest {

  private static EventSchemas schemas;

  @BeforeAll
  static void load() {
    schemas = EventSchemas.load();
  }

  static Set<String> types() {
    return EventTypes.all();
  }

  private static JsonObject validEnvelope(String type) {
    return SampleData.envelope(type, SampleData.forType(type)).toJson();
  }

  @Test
  @DisplayName("there is one data schema per catalogued type, and no other")
  void schemaFilesMatchTheCatalogue() throws IOException, URISyntaxException {
    Path dir =
        Path.of(EventSchemas.class.getClassLoader().getResource(EventSchemas.RESOURCE_DIR).toURI());
    Set<String> schemaTypes;
    try (Stream<Path> files = Files.list(dir)) {
      schemaTypes =
          files
              .map(file -> file.getFileName().toString())
              .map(name -> name.substring(0, name.length() - EventSchemas.SCHEMA_SUFFIX.length()))
              .filter(name -> !name.equals("envelope") && !name.equals("common"))
              .collect(Collectors.toSet());
    }

    assertThat(schemaTypes).isEqualTo(EventTypes.all());
  }

  @Test
  @DisplayName("the schemas forbid exactly the secret fields that Secrets strips")
  void schemaSecretsMatchSecretsFields() throws IOException {
    try (var in =
        EventSchemas.class
            .getClassLoader()
            .getResourceAsStream(EventSchemas.RESOURCE_DIR + "common.schema.json")) {
      JsonObject common = new JsonObject(new String(in.readAllBytes()));
      JsonObject forbidden =
          common.getJsonObject("$defs").getJsonObject("noSecrets").getJsonObject("properties");

      assertThat(forbidden.fieldNames()).isEqualTo(Secrets.FIELDS);
    }
  }

  @ParameterizedTest
  @MethodSource("types")
  @DisplayName("a well-formed event of each type is valid")
  void sampleOfEveryTypeIsValid(String type) {
    JsonObject envelope = validEnvelope(type);

    assertThat(schemas.validate(envelope).errors()).isEmpty();
    assertThatCode(() -> schemas.assertValid(envelope)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("an envelope without id is rejected")
  void missingIdIsRejected() {
    JsonObject envelope = validEnvelope(EventTypes.TOUR_CREATED);
    envelope.remove("id");

    EventSchemas.ValidationResult result = schemas.validate(envelope);

    assertThat(result.valid()).isFalse();
    assertThat(result.errors())
        .anyMatch(error -> error.startsWith("envelope") && error.contains("id"));
    assertThatThrownBy(() -> schemas.assertValid(envelope))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("an envelope with another specversion is rejected")
  void badSpecVersionIsRejected() {
    JsonObject envelope = validEnvelope(EventTypes.TOUR_CREATED).put("specversion", "0.3");

    assertThat(schemas.validate(envelope).valid()).isFalse();
  }

  @Test
  @DisplayName("an envelope with an unknown top-level attribute is rejected")
  void unknownAttributeIsRejected() {
    JsonObject envelope = validEnvelope(EventTypes.TOUR_CREATED).put("priority", "high");

    assertThat(schemas.validate(envelope).valid()).isFalse();
  }

  @Test
  @DisplayName("an envelope names the schema of its data (dataschema), and another one is rejected")
  void dataschemaNamesTheTypesSchema() {
    JsonObject envelope = validEnvelope(EventTypes.TOUR_CREATED);

    assertThat(envelope.getString("dataschema"))
        .isEqualTo("https://tourbook.io/schemas/tour.created.schema.json");
    assertThat(schemas.validate(envelope).valid()).isTrue();
    assertThat(
            schemas
                .validate(
                    envelope.put("dataschema", EventEnvelope.dataschema(EventTypes.TOUR_CANCELLED)))
                .errors())
        .anySatisfy(error -> assertThat(error).startsWith("dataschema:"));
  }

  @Test
  @DisplayName("a malformed time or traceparent is rejected")
  void malformedTimeOrTraceparentIsRejected() {
    assertThat(schemas.validate(validEnvelope(EventTypes.TOUR_CREATED).put("time", "noon")).valid())
        .isFalse();
    assertThat(
            schemas
                .validate(validEnvelope(EventTypes.TOUR_CREATED).put("traceparent", "abc"))
                .valid())
        .isFalse();
  }

  @Test
  @DisplayName("an unknown type, or attributes that disagree with the type, are rejected")
  void inconsistentAttributesAreRejected() {
    assertThat(
            schemas.validate(validEnvelope(EventTypes.TOUR_CREATED).put("type", "tour.exploded")))
        .extracting(EventSchemas.ValidationResult::valid)
        .isEqualTo(false);
    assertThat(
            schemas
                .validate(validEnvelope(EventTypes.TOUR_CREATED).put("stream", "listing.listings"))
                .errors())
        .anyMatch(error -> error.startsWith("stream"));
    assertThat(
            schemas
                .validate(validEnvelope(EventTypes.TOUR_CREATED).put("source", "/tourbook/iam"))
                .errors())
        .anyMatch(error -> error.startsWith("source"));
    assertThat(
            schemas
                .validate(validEnvelope(EventTypes.TOUR_CREATED).put("subject", "tour-2"))
                .errors())
        .anyMatch(error -> error.startsWith("subject"));
  }

  @Test
  @DisplayName("data missing a required field or with a wrong enum value is rejected")
  void invalidDataIsRejected() {
    JsonObject noCustomer = validEnvelope(EventTypes.TOUR_CREATED);
    noCustomer.getJsonObject("data").remove("customerId");
    JsonObject lowercaseStatus = validEnvelope(EventTypes.TOUR_CREATED);
    lowercaseStatus.getJsonObject("data").put("status", "pending");
    JsonObject noStamp = validEnvelope(EventTypes.LISTING_UPDATED);
    noStamp.getJsonObject("data").remove("lastChange");

    assertThat(schemas.validate(noCustomer).errors()).anyMatch(error -> error.startsWith("data"));
    assertThat(schemas.validate(lowercaseStatus).valid()).isFalse();
    assertThat(schemas.validate(noStamp).valid()).isFalse();
  }

  @Test
  @DisplayName("data may carry fields the schema does not know")
  void additionalDataFieldsAreAllowed() {
    JsonObject envelope = validEnvelope(EventTypes.LISTING_CREATED);
    envelope.getJsonObject("data").put("bedrooms", 3).put("photos", new JsonArray().add("a.jpg"));

    assertThat(schemas.validate(envelope).errors()).isEmpty();
  }

  @Test
  @DisplayName("times may be ISO-8601 strings or MongoDB extended JSON dates")
  void extendedJsonDatesAreAccepted() {
    JsonObject envelope = validEnvelope(EventTypes.SCHEDULE_CREATED);
    JsonObject data = envelope.getJsonObject("data");
    data.put("start", "2025-03-01T10:00:00+01:00");
    data.put("end", new JsonObject().put("$date", new JsonObject().put("$numberLong", "17")));
    data.getJsonObject("lastChange").put("at", new JsonObject().put("$date", 1740824130000L));

    assertThat(schemas.validate(envelope).errors()).isEmpty();

    data.put("end", new JsonObject().put("$date", "tomorrow"));
    assertThat(schemas.validate(envelope).valid()).isFalse();
  }

  @Test
  @DisplayName("a secret anywhere in data is rejected")
  void secretInDataIsRejected() {
    JsonObject topLevel = validEnvelope(EventTypes.IAM_ACCOUNT_CREATED);
    topLevel.getJsonObject("data").put("passwordHash", "$argon2id$...");
    JsonObject nested = validEnvelope(EventTypes.PAYMENT_SUCCEEDED);
    nested
        .getJsonObject("data")
        .put(
            "cartItems",
            new JsonArray().add(new JsonObject().put("listingId", "l1").put("token", "t")));

    assertThat(schemas.validate(topLevel).errors()).contains("data: secret field $.passwordHash");
    assertThat(schemas.validate(nested).errors())
        .contains("data: secret field $.cartItems[0].token");
    assertThatThrownBy(() -> schemas.assertValid(nested))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token");
  }

  @Test
  @DisplayName("the JSON Schemas alone forbid secrets at any depth")
  void schemasAloneForbidSecrets() {
    JsonObject envelope = validEnvelope(EventTypes.IAM_ACCOUNT_CREATED);
    envelope.getJsonObject("data").getJsonObject("availability").put("apiKey", "k");

    assertThat(schemas.validate(envelope).errors())
        .anyMatch(error -> error.startsWith("data/availability/apiKey"));
  }
}
