package io.tourbook.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SubscriptionRegistryTest {

  @Test
  @DisplayName("there is one subscription per (stream, group)")
  void idsAreUnique() {
    List<String> ids = SubscriptionRegistry.all().stream().map(Subscription::id).toList();

    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("every pattern of a subscription accepts at least one type of its stream")
  void everyPatternMatchesAType() {
    for (Subscription subscription : SubscriptionRegistry.all()) {
      for (String pattern : subscription.typePatterns()) {
        Subscription single = new Subscription(subscription.stream(), "probe", List.of(pattern));

        assertThat(EventTypes.typesOf(subscription.stream()))
            .as("%s pattern %s", subscription.id(), pattern)
            .anyMatch(single::accepts);
      }
    }
  }

  @Test
  @DisplayName("a subscription never accepts a type of another stream")
  void subscriptionsStayInTheirStream() {
    for (Subscription subscription : SubscriptionRegistry.all()) {
      EventTypes.all().stream()
          .filter(subscription::accepts)
          .forEach(
              type ->
                  assertThat(EventTypes.streamOf(type))
                      .as("%s accepts %s", subscription.id(), type)
                      .isEqualTo(subscription.stream()));
    }
  }

  @Test
  @DisplayName("the bridge takes every type of every stream")
  void bridgeTakesEverything() {
    assertThat(SubscriptionRegistry.forGroup("bridge"))
        .extracting(Subscription::stream)
        .containsExactlyInAnyOrderElementsOf(Streams.ALL);
    for (Subscription subscription : SubscriptionRegistry.forGroup("bridge")) {
      assertThat(EventTypes.typesOf(subscription.stream())).allMatch(subscription::accepts);
    }
  }

  @Test
  @DisplayName("the registry holds the table of DESIGN §3")
  void holdsTheDesignTable() {
    assertThat(SubscriptionRegistry.forGroup("iam"))
        .extracting(Subscription::id)
        .containsExactlyInAnyOrder(
            "iam.accounts.iam", "listing.listings.iam", "payment.payments.iam", "tour.tours.iam");
    assertThat(SubscriptionRegistry.forGroup("tour"))
        .extracting(Subscription::id)
        .containsExactlyInAnyOrder(
            "payment.payments.tour", "assignment.assignments.tour", "scheduling.schedules.tour");
    assertThat(SubscriptionRegistry.forGroup("availability"))
        .extracting(Subscription::id)
        .containsExactlyInAnyOrder(
            "iam.accounts.availability", "assignment.assignments.availability");

    Subscription listing = SubscriptionRegistry.find("iam.accounts.listing").orElseThrow();
    assertThat(listing.accepts(EventTypes.IAM_ACCOUNT_VERIFIED)).isTrue();
    assertThat(listing.accepts(EventTypes.IAM_ACCOUNT_STATUS_CHANGED)).isTrue();
    assertThat(listing.accepts(EventTypes.IAM_ACCOUNT_CREATED)).isFalse();

    Subscription tourPayments = SubscriptionRegistry.find("payment.payments.tour").orElseThrow();
    assertThat(tourPayments.accepts(EventTypes.PAYMENT_SUCCEEDED)).isTrue();
    assertThat(tourPayments.accepts(EventTypes.PAYMENT_FAILED)).isFalse();

    assertThat(SubscriptionRegistry.find("iam.accounts.availability").orElseThrow().typePatterns())
        .containsExactlyInAnyOrder(
            EventTypes.IAM_ACCOUNT_CREATED,
            EventTypes.IAM_ACCOUNT_VERIFIED,
            EventTypes.IAM_ACCOUNT_STATUS_CHANGED,
            EventTypes.IAM_REALTOR_AVAILABILITY_CHANGED);
    assertThat(SubscriptionRegistry.find("tour.tours.assignment").orElseThrow().typePatterns())
        .containsExactlyInAnyOrder(
            EventTypes.TOUR_CREATED,
            EventTypes.TOUR_CANCELLED,
            EventTypes.TOUR_COMPLETED,
            EventTypes.TOUR_RESCHEDULE_REQUESTED);
    assertThat(SubscriptionRegistry.forGroup("assignment"))
        .extracting(Subscription::id)
        .containsExactlyInAnyOrder(
            "tour.tours.assignment",
            "iam.accounts.assignment",
            "assignment.assignments.assignment");
    assertThat(SubscriptionRegistry.find("iam.accounts.assignment").orElseThrow().typePatterns())
        .containsExactlyInAnyOrder(
            EventTypes.IAM_REALTOR_AVAILABILITY_CHANGED,
            EventTypes.IAM_ACCOUNT_STATUS_CHANGED,
            EventTypes.IAM_ACCOUNT_VERIFIED);
    assertThat(
            SubscriptionRegistry.find("assignment.assignments.assignment")
                .orElseThrow()
                .typePatterns())
        .containsExactly(EventTypes.ASSIGNMENT_RELEASED);
    assertThat(SubscriptionRegistry.find("tour.tours.scheduling").orElseThrow().typePatterns())
        .containsExactlyInAnyOrder(
            EventTypes.TOUR_CREATED,
            EventTypes.TOUR_ASSIGNED,
            EventTypes.TOUR_CANCELLED,
            EventTypes.TOUR_RESCHEDULE_REQUESTED);
    assertThat(SubscriptionRegistry.forGroup("scheduling"))
        .extracting(Subscription::id)
        .containsExactlyInAnyOrder(
            "tour.tours.scheduling",
            "iam.accounts.scheduling",
            "payment.payments.scheduling",
            "assignment.assignments.scheduling");
    assertThat(
            SubscriptionRegistry.find("assignment.assignments.scheduling")
                .orElseThrow()
                .typePatterns())
        .containsExactly(EventTypes.ASSIGNMENT_WAITING);
    assertThat(
            SubscriptionRegistry.find("payment.payments.scheduling").orElseThrow().typePatterns())
        .containsExactly(EventTypes.PAYMENT_REFUNDED);
    assertThat(SubscriptionRegistry.forGroup("payment"))
        .extracting(Subscription::id)
        .containsExactly("tour.tours.payment");
    assertThat(SubscriptionRegistry.find("tour.tours.payment").orElseThrow().typePatterns())
        .containsExactly(EventTypes.TOUR_CANCELLED);
    assertThat(SubscriptionRegistry.find("iam.accounts.scheduling").orElseThrow().typePatterns())
        .containsExactlyInAnyOrder(
            EventTypes.IAM_ACCOUNT_CREATED,
            EventTypes.IAM_ACCOUNT_VERIFIED,
            EventTypes.IAM_ACCOUNT_STATUS_CHANGED,
            EventTypes.IAM_REALTOR_AVAILABILITY_CHANGED);
    assertThat(SubscriptionRegistry.forStream(Streams.TOUR_TOURS))
        .extracting(Subscription::group)
        .containsExactlyInAnyOrder("iam", "assignment", "scheduling", "payment", "bridge");
  }

  @Test
  @DisplayName("ids and addresses follow events.<stream>.<group>")
  void addresses() {
    Subscription subscription = SubscriptionRegistry.find("listing.listings.iam").orElseThrow();

    assertThat(subscription.stream()).isEqualTo(Streams.LISTING_LISTINGS);
    assertThat(subscription.group()).isEqualTo("iam");
    assertThat(subscription.address()).isEqualTo("events.listing.listings.iam");
    assertThat(SubscriptionRegistry.liveAddress(Streams.SCHEDULING_SCHEDULES))
        .isEqualTo("events.scheduling.schedules");
    assertThat(SubscriptionRegistry.find("listing.listings.nobody")).isEmpty();
  }

  @Test
  @DisplayName("a glob matches whole segments only")
  void globMatchesWholeSegments() {
    Subscription listings = new Subscription(Streams.LISTING_LISTINGS, "g", List.of("listing.*"));

    assertThat(listings.accepts("listing.created")).isTrue();
    assertThat(listings.accepts("listings.created")).isFalse();
    assertThat(listings.accepts("listing")).isFalse();
  }
}
