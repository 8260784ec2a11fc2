package de.bwaldvogel.mongo.backend;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EqualityIndex: the embedded server's non-unique index")
class EqualityIndexTest {

  private final EqualityIndex<Long> byTour =
      new EqualityIndex<>("tour_ids", List.of(new IndexKey("tours.tourId", true)), false);

  @Test
  @DisplayName("serves plain values only; operators, arrays, null and other fields scan")
  void servesPlainValuesOnly() {
    assertThat(byTour.canHandle(new Document("tours.tourId", "t1"))).isTrue();
    assertThat(byTour.canHandle(new Document("tours.tourId", "t1").append("_id", "a1"))).isTrue();
    assertThat(byTour.canHandle(new Document("tours.tourId", new Document("$ne", "t1")))).isFalse();
    assertThat(byTour.canHandle(new Document("tours.tourId", List.of("t1")))).isFalse();
    assertThat(byTour.canHandle(new Document("tours.tourId", null))).isFalse();
    assertThat(byTour.canHandle(new Document("status", "active"))).isFalse();
  }

  @Test
  @DisplayName("serves $in of plain values, each document once; $in with an operator scans")
  void servesInOfPlainValues() {
    byTour.add(account("a1", "t1", "t2"), 1L, null);
    byTour.add(account("a2", "t3"), 2L, null);

    Document either = new Document("tours.tourId", new Document("$in", List.of("t2", "t1", "t3")));
    assertThat(byTour.canHandle(either)).isTrue();
    assertThat(byTour.getPositions(either)).containsExactly(1L, 2L);
    assertThat(byTour.getPositions(new Document("tours.tourId", new Document("$in", List.of()))))
        .isEmpty();
    Document withOperator =
        new Document("tours.tourId", new Document("$in", List.of("t1", new Document("$ne", "t2"))));
    assertThat(byTour.canHandle(withOperator)).isFalse();
  }

  @Test
  @DisplayName("finds a document by any element of its array, and forgets it on update and removal")
  void findsByArrayElementsThroughChanges() {
    Document first = account("a1", "t1", "t2");
    Document second = account("a2", "t2", "t3");
    byTour.add(first, 1L, null);
    byTour.add(second, 2L, null);

    assertThat(byTour.getPositions(new Document("tours.tourId", "t2"))).containsExactly(1L, 2L);
    assertThat(byTour.getPositions(new Document("tours.tourId", "t3"))).containsExactly(2L);

    byTour.updateInPlace(first, account("a1", "t1"), 1L, null);
    assertThat(byTour.getPositions(new Document("tours.tourId", "t2"))).containsExactly(2L);
    assertThat(byTour.remove(second)).isEqualTo(2L);
    assertThat(byTour.getPositions(new Document("tours.tourId", "t2"))).isEmpty();
    assertThat(byTour.getPositions(new Document("tours.tourId", "t1"))).containsExactly(1L);
    assertThat(byTour.getCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a compound index serves its first key alone, through updates and removals")
  void compoundIndexServesItsFirstKey() {
    EqualityIndex<Long> byCustomer =
        new EqualityIndex<>(
            "customer_created",
            List.of(new IndexKey("customerId", true), new IndexKey("createdAt", false)),
            false);
    Document first = tour("t1", "c1", "2026-12-01");
    byCustomer.add(first, 1L, null);
    byCustomer.add(tour("t2", "c1", "2026-12-02"), 2L, null);
    byCustomer.add(tour("t3", "c2", "2026-12-01"), 3L, null);

    Document customer = new Document("customerId", "c1");
    Document customerSince =
        new Document("customerId", "c1").append("createdAt", new Document("$gt", "2026-12-01"));
    assertThat(byCustomer.canHandle(customer)).isTrue();
    assertThat(byCustomer.canHandle(customerSince)).isTrue();
    assertThat(byCustomer.canHandle(new Document("createdAt", "2026-12-01"))).isFalse();
    assertThat(byCustomer.getPositions(customer)).containsExactly(1L, 2L);
    assertThat(byCustomer.getPositions(customerSince)).containsExactly(1L, 2L);
    assertThat(
            byCustomer.getPositions(
                new Document("customerId", "c1").append("createdAt", "2026-12-02")))
        .containsExactly(2L);

    byCustomer.updateInPlace(first, tour("t1", "c2", "2026-12-01"), 1L, null);
    assertThat(byCustomer.getPositions(customer)).containsExactly(2L);
    assertThat(byCustomer.getPositions(new Document("customerId", "c2"))).containsExactly(3L, 1L);
    byCustomer.remove(tour("t2", "c1", "2026-12-02"));
    assertThat(byCustomer.getPositions(customer)).isEmpty();
  }

  @Test
  @DisplayName("numbers match across types, as MongoDB compares them")
  void numbersMatchAcrossTypes() {
    EqualityIndex<Long> byCount =
        new EqualityIndex<>("count", List.of(new IndexKey("count", true)), false);
    byCount.add(new Document("_id", "c1").append("count", 3), 1L, null);
    assertThat(byCount.getPositions(new Document("count", 3L))).containsExactly(1L);
    assertThat(byCount.getPositions(new Document("count", 3.0))).containsExactly(1L);
  }

  private static Document tour(String id, String customerId, String createdAt) {
    return new Document("_id", id).append("customerId", customerId).append("createdAt", createdAt);
  }

  private static Document account(String id, String... tourIds) {
    return new Document("_id", id)
        .append(
            "tours", java.util.Arrays.stream(tourIds).map(t -> new Document("tourId", t)).toList());
  }
}
