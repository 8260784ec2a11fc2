package io.tourbook.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.StreamId;
import io.tourbook.contracts.events.Streams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("terraform/ agrees with config/, the streams and the services")
class TerraformContractsTest {

  private static final Pattern VARIABLE = Pattern.compile("var\\.([A-Za-z_][A-Za-z0-9_]*)");

  private static TerraformModule root;
  private static Map<String, Object> config;

  @BeforeAll
  static void load() {
    root = TerraformModule.load(Repository.terraform());
    config = AppEnvironment.read(Repository.root().resolve("config/default.yaml"));
  }

  /**
   * A string as hcl4j leaves an interpolation it cannot resolve ({@code var.name_prefix-events}),
   * with every variable replaced by its default.
   */
  private static String withDefaults(Object value) {
    Matcher matcher = VARIABLE.matcher(String.valueOf(value));
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      Object variableDefault = root.variables().get(matcher.group(1)).get("default");
      matcher.appendReplacement(result, Matcher.quoteReplacement(String.valueOf(variableDefault)));
    }
    return matcher.appendTail(result).toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static Map<String, Object> bridgeConfig() {
    return map(config.get("bridge"));
  }

  @Test
  @DisplayName("The queue and bus names config/ uses are the ones Terraform creates")
  void configNamesExistInTerraform() {
    Map<String, Object> messaging = root.modules().get("messaging");
    Map<String, String> terraformQueues = new TreeMap<>();
    map(messaging.get("stream_queue_names"))
        .forEach((stream, name) -> terraformQueues.put(stream, withDefaults(name)));
    String terraformBus = withDefaults(messaging.get("event_bus_name"));

    Map<String, String> configQueues = new TreeMap<>();
    map(bridgeConfig().get("streams"))
        .forEach((stream, sink) -> configQueues.put(stream, (String) map(sink).get("sqs-queue")));
    assertThat(terraformQueues).isEqualTo(configQueues);
    assertThat(terraformBus).isEqualTo(map(bridgeConfig().get("eventbridge")).get("bus-name"));
  }

  @Test
  @DisplayName("The messaging module names its queues and bus from those inputs")
  void messagingUsesTheNames() {
    TerraformModule messaging =
        TerraformModule.load(Repository.terraform().resolve("modules/messaging"));
    Map<String, Object> stream = messaging.resources().get("aws_sqs_queue.stream");
    assertThat(text(stream, "for_each")).isEqualTo("var.stream_queue_names");
    assertThat(text(stream, "name")).isEqualTo("each.value");
    assertThat(stream).containsEntry("fifo_queue", true);
    assertThat(text(messaging.resources().get("aws_cloudwatch_event_bus.main"), "name"))
        .isEqualTo("var.event_bus_name");
    assertThat(text(messaging.resources().get("aws_cloudwatch_event_rule.group"), "for_each"))
        .isEqualTo("var.consumer_groups");
    assertThat(text(root.modules().get("messaging"), "consumer_groups"))
        .isEqualTo("local.consumer_groups");
  }

  /** An attribute as text: hcl4j keeps an unresolved reference as a symbol. */
  private static String text(Map<String, Object> block, String attribute) {
    return String.valueOf(block.get(attribute));
  }

  @Test
  @DisplayName("Terraform has one stream per stream of the contracts, keyed as config/ keys them")
  void streamsMatchContracts() {
    Map<String, String> expected = new TreeMap<>();
    for (StreamId stream : Streams.ALL) {
      expected.put(stream.name().replace('.', '-'), stream.service());
    }
    assertThat(new TreeMap<>(map(root.locals().get("streams")))).isEqualTo(expected);
    assertThat(map(bridgeConfig().get("streams")).keySet())
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
  }

  @Test
  @DisplayName("The default node groups deploy every service and the bridge, each once")
  @SuppressWarnings("unchecked")
  void nodeGroupsDeployEveryService() {
    Map<String, Object> groups = map(root.variables().get("node_groups").get("default"));
    List<String> deployed = new ArrayList<>();
    groups.values().forEach(group -> deployed.addAll((List<String>) map(group).get("services")));

    Set<String> expected = new TreeSet<>(ServiceCatalog.serviceNames(Repository.root()));
    assertThat(deployed).containsExactlyInAnyOrderElementsOf(expected);
    // The bridge serves no routes, so the load balancer has no path for it.
    Set<String> routed = new TreeSet<>(expected);
    routed.remove(ConsumerGroupRules.BRIDGE_GROUP);
    assertThat(map(root.locals().get("service_mounts")).keySet())
        .containsExactlyInAnyOrderElementsOf(routed);
  }

  @Test
  @DisplayName("Every environment variable and secret the tasks get is one the app reads")
  void taskEnvironmentIsReadByTheApp() {
    Set<String> readByApp = AppEnvironment.variables(Repository.root().resolve("config"));
    Path modules = Repository.terraform().resolve("modules");
    Map<String, Object> environment =
        map(TerraformModule.load(modules.resolve("compute")).locals().get("node_environment"));
    Map<String, Object> secrets =
        map(TerraformModule.load(modules.resolve("data")).locals().get("secret_values"));

    assertThat(environment).isNotEmpty();
    assertThat(readByApp).containsAll(environment.keySet());
    assertThat(secrets.keySet())
        .containsExactlyInAnyOrder(
            "MONGO_URI", "REDIS_URL", "JWT_PRIVATE_KEY", "JWT_PUBLIC_KEYS", "IAM_ADMIN_PASSWORD");
    assertThat(readByApp).containsAll(secrets.keySet());
  }
}
