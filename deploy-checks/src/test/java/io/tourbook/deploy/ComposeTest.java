package io.tourbook.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
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

@DisplayName("docker-compose.yml, its LocalStack init and the Dockerfile")
class ComposeTest {

  private static final String APP_IMAGE = "tourbook:local";

  private static Map<String, Map<String, Object>> services;
  private static Map<String, Map<String, Object>> nodes;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() {
    Map<String, Object> compose =
        AppEnvironment.read(Repository.root().resolve("docker-compose.yml"));
    services = new TreeMap<>();
    ((Map<String, Object>) compose.get("services"))
        .forEach((name, body) -> services.put(name, (Map<String, Object>) body));
    nodes = new TreeMap<>();
    services.forEach(
        (name, body) -> {
          if (APP_IMAGE.equals(body.get("image"))) {
            nodes.put(name, body);
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> environment(Map<String, Object> service) {
    return (Map<String, Object>) service.getOrDefault("environment", Map.of());
  }

  @SuppressWarnings("unchecked")
  private static List<String> command(Map<String, Object> service) {
    return (List<String>) service.get("command");
  }

  private static List<String> servicesOf(Map<String, Object> node) {
    List<String> command = command(node);
    int option = command.indexOf("--services");
    assertThat(option).as("a node names its services").isNotNegative();
    return Arrays.stream(command.get(option + 1).split(",")).map(String::strip).toList();
  }

  @Test
  @DisplayName("Two or more app nodes run clustered, each with its own service set")
  void clusteredNodes() {
    assertThat(nodes).hasSizeGreaterThanOrEqualTo(2);
    Set<List<String>> serviceSets = new java.util.HashSet<>();
    nodes.values().forEach(node -> assertThat(command(node)).contains("--cluster"));
    nodes.values().forEach(node -> serviceSets.add(servicesOf(node)));
    assertThat(serviceSets).hasSameSizeAs(nodes.values());
  }

  @Test
  @DisplayName("Every environment key the nodes get is one the app reads")
  void environmentKeysAreReadByTheApp() {
    Set<String> readByApp = AppEnvironment.variables(Repository.root().resolve("config"));
    nodes.forEach(
        (name, node) ->
            assertThat(readByApp)
                .as("variables read by the app, against those node %s sets", name)
                .containsAll(environment(node).keySet()));
  }

  @Test
  @DisplayName("Every service of the app, and the bridge, is deployed on some node")
  void everyServiceIsDeployed() {
    Set<String> known = new TreeSet<>(ServiceCatalog.serviceNames(Repository.root()));
    List<String> deployed = new ArrayList<>();
    nodes.values().forEach(node -> deployed.addAll(servicesOf(node)));

    assertThat(known).containsAll(deployed);
    assertThat(deployed).containsAll(known);
    assertThat(ServiceCatalog.serviceNames(Repository.root())).hasSizeGreaterThanOrEqualTo(8);
  }

  @Test
  @DisplayName("Each node binds Hazelcast to its own fixed address, which every member list holds")
  @SuppressWarnings("unchecked")
  void nodesJoinOverTcpIp() {
    nodes.forEach(
        (name, node) -> {
          String host = (String) environment(node).get("CLUSTER_HOST");
          List<String> members =
              Arrays.asList(((String) environment(node).get("CLUSTER_MEMBERS")).split(","));
          Map<String, Object> network =
              (Map<String, Object>) ((Map<String, Object>) node.get("networks")).get("default");
          assertThat(network.get("ipv4_address")).as(name).isEqualTo(host);
          nodes
              .values()
              .forEach(
                  other ->
                      assertThat(members)
                          .contains((String) environment(other).get("CLUSTER_HOST")));
        });
  }

  @Test
  @DisplayName("The proxy routes each service's mount to the node running it, as the ALB does")
  @SuppressWarnings("unchecked")
  void proxyRoutesEveryMountToItsNode() throws Exception {
    String proxy =
        Files.readString(
            Repository.root().resolve("docker/nginx/tourbook.conf"), StandardCharsets.UTF_8);
    Map<String, Object> mounts =
        (Map<String, Object>)
            TerraformModule.load(Repository.terraform()).locals().get("service_mounts");
    String defaultNode =
        ((String)
            Pattern.compile("location / \\{ proxy_pass http://(\\w+);")
                .matcher(proxy)
                .results()
                .findFirst()
                .orElseThrow()
                .group(1));
    nodes.forEach(
        (name, node) -> {
          String upstream = name.replace('-', '_');
          for (String service : servicesOf(node)) {
            Object mount = mounts.get(service);
            if (mount == null) {
              continue;
            }
            boolean routed =
                proxy.contains(
                    "location /api/v1/" + mount + " { proxy_pass http://" + upstream + "; }");
            assertThat(
                    routed
                        || (upstream.equals(defaultNode)
                            && !proxy.contains("/api/v1/" + mount + " ")))
                .as("/api/v1/%s reaches %s", mount, name)
                .isTrue();
          }
        });
  }

  @Test
  @DisplayName("Every long-running container has a health check")
  void healthChecksEverywhere() {
    services.forEach(
        (name, service) -> {
          if (!"no".equals(service.get("restart"))) {
            assertThat(service).as("service %s", name).containsKey("healthcheck");
          }
        });
    assertThat(services).containsKeys("mongo", "mongo-init", "redis", "localstack");
    assertThat(services.get("mongo").get("image")).isEqualTo("mongo:7");
    assertThat(services.get("redis").get("image")).isEqualTo("redis:7");
    assertThat(command(services.get("mongo"))).contains("--replSet");
  }

  @Test
  @DisplayName("LocalStack's init creates exactly the queues and the bus of config/default.yaml")
  @SuppressWarnings("unchecked")
  void localStackCreatesTheConfiguredResources() throws Exception {
    String script =
        Files.readString(
            Repository.root().resolve("docker/localstack/init-aws.sh"), StandardCharsets.UTF_8);
    Set<String> scriptQueues = new TreeSet<>();
    Matcher queues = Pattern.compile("\\b([a-z0-9-]+\\.fifo)\\b").matcher(script);
    while (queues.find()) {
      scriptQueues.add(queues.group(1));
    }
    Matcher bus = Pattern.compile("create-event-bus --name (\\S+)").matcher(script);

    Map<String, Object> bridge =
        (Map<String, Object>)
            AppEnvironment.read(Repository.root().resolve("config/default.yaml")).get("bridge");
    Set<String> configQueues = new TreeSet<>();
    ((Map<String, Object>) bridge.get("streams"))
        .values()
        .forEach(sink -> configQueues.add((String) ((Map<String, Object>) sink).get("sqs-queue")));

    assertThat(scriptQueues).isEqualTo(configQueues);
    assertThat(bus.find()).isTrue();
    assertThat(bus.group(1))
        .isEqualTo(((Map<String, Object>) bridge.get("eventbridge")).get("bus-name"));
    assertThat(script).contains("FifoQueue=true");
  }

  @Test
  @DisplayName("The Dockerfile builds with the wrapper and runs tourbook.jar as a non-root user")
  void dockerfile() throws Exception {
    String dockerfile =
        Files.readString(Repository.root().resolve("Dockerfile"), StandardCharsets.UTF_8);
    assertThat(Pattern.compile("(?m)^FROM ").matcher(dockerfile).results().count())
        .isGreaterThanOrEqualTo(2);
    assertThat(dockerfile)
        .contains("./mvnw")
        .contains("verticles/app/target/tourbook.jar")
        .contains("HEALTHCHECK")
        .containsPattern("(?m)^USER tourbook$");

    String pom = Files.readString(Repository.root().resolve("pom.xml"), StandardCharsets.UTF_8);
    Matcher modules = Pattern.compile("<module>([^/<]+)").matcher(pom);
    while (modules.find()) {
      assertThat(dockerfile)
          .as("the build stage copies the reactor module %s", modules.group(1))
          .contains("COPY " + modules.group(1) + "/");
    }
  }
}
