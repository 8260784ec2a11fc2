package io.tourbook.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.events.Subscription;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Consumer-group rules generated from the subscription registry")
class ConsumerGroupRulesTest {

  private static Map<String, JsonObject> committedPatterns() throws Exception {
    Path file = Repository.root().resolve(ConsumerGroupRules.FILE);
    JsonObject groups =
        new JsonObject(Files.readString(file, StandardCharsets.UTF_8))
            .getJsonObject("locals")
            .getJsonObject("consumer_groups");
    Map<String, JsonObject> patterns = new TreeMap<>();
    groups.forEach(
        entry -> patterns.put(entry.getKey(), new JsonObject((String) entry.getValue())));
    return patterns;
  }

  @Test
  @DisplayName("The committed terraform/consumer_groups.tf.json is what the registry generates")
  void committedFileIsCurrent() throws Exception {
    Path file = Repository.root().resolve(ConsumerGroupRules.FILE);
    if (Boolean.getBoolean("tourbook.regenerate")) {
      ConsumerGroupRules.write(Repository.root());
    }
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .as(
            "%s is stale: rerun this test with -Dtourbook.regenerate=true and commit the file",
            ConsumerGroupRules.FILE)
        .isEqualTo(ConsumerGroupRules.render());
  }

  @Test
  @DisplayName("Each rule's pattern accepts exactly the types its group subscribes to")
  void patternsCoverExactlyTheRegistry() throws Exception {
    Map<String, JsonObject> patterns = committedPatterns();
    Set<String> groups =
        SubscriptionRegistry.all().stream()
            .map(Subscription::group)
            .filter(group -> !group.equals(ConsumerGroupRules.BRIDGE_GROUP))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(patterns.keySet()).containsExactlyInAnyOrderElementsOf(groups);

    for (String group : groups) {
      Set<String> subscribed = new TreeSet<>();
      Set<String> matched = new TreeSet<>();
      for (String type : EventTypes.all()) {
        boolean wanted =
            SubscriptionRegistry.forGroup(group).stream()
                .anyMatch(
                    subscription ->
                        subscription.stream().equals(EventTypes.streamOf(type))
                            && subscription.accepts(type));
        if (wanted) {
          subscribed.add(type);
        }
        if (ConsumerGroupRules.matches(patterns.get(group), type)) {
          matched.add(type);
        }
      }
      assertThat(matched).as("types the rule of group %s matches", group).isEqualTo(subscribed);
      assertThat(subscribed).as("group %s subscribes to something", group).isNotEmpty();
    }
  }

  @Test
  @DisplayName("A glob becomes a prefix matcher and an exact type stays exact")
  void patternShape() {
    JsonObject listing = ConsumerGroupRules.patterns().get("listing");
    assertThat(listing.getJsonArray("source")).containsExactly("tourbook.iam");
    assertThat(listing.getJsonArray("detail-type"))
        .containsExactly("iam.account.status-changed", "iam.account.verified");

    JsonObject iam = ConsumerGroupRules.patterns().get("iam");
    assertThat(iam.getJsonArray("detail-type"))
        .contains(new JsonObject().put("prefix", "listing."));
    assertThat(ConsumerGroupRules.matches(iam, "listing.created")).isTrue();
    assertThat(ConsumerGroupRules.matches(listing, "iam.account.created")).isFalse();
  }
}
