package io.tourbook.contracts.events;

import static io.tourbook.contracts.events.Streams.IAM_ACCOUNTS;
import static io.tourbook.contracts.events.Streams.LISTING_LISTINGS;
import static io.tourbook.contracts.events.Streams.PAYMENT_PAYMENTS;
import static io.tourbook.contracts.events.Streams.TOUR_TOURS;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChangeTypesTest {

  private static JsonObject stamped(String type) {
    return new JsonObject().put("_id", "x").put("lastChange", SampleData.stamp(type));
  }

  @Test
  @DisplayName("an insert without a stamp maps to <entity>.created")
  void insertWithoutStampIsCreated() {
    JsonObject account = new JsonObject().put("_id", "a1").put("email", "a@example.com");

    assertThat(ChangeTypes.resolve(IAM_ACCOUNTS, "insert", null, account))
        .contains("iam.account.created");
    assertThat(ChangeTypes.resolve(TOUR_TOURS, "insert", null, new JsonObject()))
        .contains("tour.created");
  }

  @Test
  @DisplayName("an insert with a stamp takes the stamp's type")
  void insertWithStampTakesItsType() {
    assertThat(
            ChangeTypes.resolve(
                PAYMENT_PAYMENTS, "insert", null, stamped(EventTypes.PAYMENT_SUCCEEDED)))
        .contains(EventTypes.PAYMENT_SUCCEEDED);
  }

  @Test
  @DisplayName("an insert whose <entity>.created is not in the catalogue makes no event")
  void insertWithoutCataloguedCreatedTypeIsEmpty() {
    assertThat(ChangeTypes.resolve(PAYMENT_PAYMENTS, "insert", null, new JsonObject())).isEmpty();
  }

  @Test
  @DisplayName("an update takes the type of the lastChange object in updatedFields")
  void updateWithStampObjectInUpdatedFields() {
    JsonObject updated =
        new JsonObject()
            .put("status", "suspended")
            .put("lastChange", SampleData.stamp(EventTypes.IAM_ACCOUNT_STATUS_CHANGED));
    JsonObject documentWithLaterStamp = stamped(EventTypes.IAM_ACCOUNT_VERIFIED);

    assertThat(ChangeTypes.resolve(IAM_ACCOUNTS, "update", updated, documentWithLaterStamp))
        .contains(EventTypes.IAM_ACCOUNT_STATUS_CHANGED);
  }

  @Test
  @DisplayName("an update takes the type of a dotted lastChange.type in updatedFields")
  void updateWithDottedStampInUpdatedFields() {
    JsonObject updated =
        new JsonObject()
            .put("lastChange.type", EventTypes.TOUR_ASSIGNED)
            .put("lastChange.at", SampleData.AT.toString());

    assertThat(ChangeTypes.resolve(TOUR_TOURS, "update", updated, null))
        .contains(EventTypes.TOUR_ASSIGNED);
  }

  @Test
  @DisplayName("an update that does not restamp the document makes no event")
  void updateWithoutStampIsEmpty() {
    JsonObject updated = new JsonObject().put("viewCount", 12);
    JsonObject document = stamped(EventTypes.LISTING_UPDATED).put("viewCount", 12);

    assertThat(ChangeTypes.resolve(LISTING_LISTINGS, "update", updated, document)).isEmpty();
  }

  @Test
  @DisplayName("without updateDescription an update or replace takes the document's stamp")
  void nullUpdatedFieldsFallsBackToDocument() {
    JsonObject document = stamped(EventTypes.LISTING_UPDATED);

    assertThat(ChangeTypes.resolve(LISTING_LISTINGS, "update", null, document))
        .contains(EventTypes.LISTING_UPDATED);
    assertThat(ChangeTypes.resolve(LISTING_LISTINGS, "replace", null, document))
        .contains(EventTypes.LISTING_UPDATED);
    assertThat(ChangeTypes.resolve(LISTING_LISTINGS, "update", null, new JsonObject())).isEmpty();
    assertThat(ChangeTypes.resolve(LISTING_LISTINGS, "update", null, null)).isEmpty();
  }

  @Test
  @DisplayName("a delete maps to <entity>.deleted when the catalogue has it")
  void deleteIsDeleted() {
    assertThat(ChangeTypes.resolve(LISTING_LISTINGS, "delete", null, null))
        .contains(EventTypes.LISTING_DELETED);
    assertThat(ChangeTypes.resolve(TOUR_TOURS, "delete", null, null)).isEmpty();
  }

  @Test
  @DisplayName("a type outside the catalogue or of another stream makes no event")
  void unknownOrForeignTypeIsEmpty() {
    assertThat(ChangeTypes.resolve(LISTING_LISTINGS, "update", null, stamped("listing.renamed")))
        .isEmpty();
    assertThat(
            ChangeTypes.resolve(
                LISTING_LISTINGS,
                "update",
                new JsonObject().put("lastChange", SampleData.stamp(EventTypes.TOUR_CREATED)),
                null))
        .isEmpty();
    assertThat(
            ChangeTypes.resolve(
                LISTING_LISTINGS, "insert", null, stamped(EventTypes.PAYMENT_SUCCEEDED)))
        .isEmpty();
  }

  @Test
  @DisplayName("operations that change no document make no event")
  void otherOperationsAreEmpty() {
    assertThat(ChangeTypes.resolve(LISTING_LISTINGS, "invalidate", null, null)).isEmpty();
    assertThat(ChangeTypes.resolve(LISTING_LISTINGS, "drop", null, null)).isEmpty();
  }
}
