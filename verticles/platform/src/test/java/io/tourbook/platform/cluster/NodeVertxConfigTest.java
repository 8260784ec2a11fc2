package io.tourbook.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Hazelcast configuration from cluster.*")
class NodeVertxConfigTest {

  private static JsonObject cluster(String discovery) {
    return new JsonObject()
        .put("name", "tourbook-test")
        .put("host", "10.0.1.5")
        .put("members", new JsonArray().add("10.0.1.5").add("10.0.1.6:5702"))
        .put("port", 5701)
        .put("discovery", discovery)
        .put(
            "aws",
            new JsonObject().put("region", "eu-west-1").put("ecs-cluster", "tourbook-nodes"));
  }

  @Test
  @DisplayName("tcp-ip joins the configured members only")
  void tcpIpJoinsMembers() {
    Config config = NodeVertx.hazelcast(cluster("tcp-ip"), "10.0.1.5");
    JoinConfig join = config.getNetworkConfig().getJoin();

    assertThat(config.getClusterName()).isEqualTo("tourbook-test");
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.1.5", "10.0.1.6:5702");
    assertThat(join.getAwsConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces())
        .containsExactly("10.0.1.5");
  }

  @Test
  @DisplayName("aws discovers the tasks of the ECS cluster over the auto-increment port range")
  void awsDiscoversEcsTasks() {
    Config config = NodeVertx.hazelcast(cluster("aws"), "10.0.1.5");
    JoinConfig join = config.getNetworkConfig().getJoin();

    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getAwsConfig().isEnabled()).isTrue();
    assertThat(join.getAwsConfig().getProperties())
        .containsEntry("hz-port", "5701-5708")
        .containsEntry("region", "eu-west-1")
        .containsEntry("cluster", "tourbook-nodes");
  }

  @Test
  @DisplayName("aws leaves region and ECS cluster to the task when they are empty")
  void awsDefaultsToTheTask() {
    JsonObject cluster = cluster("aws").put("aws", new JsonObject().put("region", ""));
    Config config = NodeVertx.hazelcast(cluster, "10.0.1.5");

    assertThat(config.getNetworkConfig().getJoin().getAwsConfig().getProperties())
        .containsOnlyKeys("hz-port");
  }

  @Test
  @DisplayName("An unknown discovery is refused")
  void unknownDiscoveryIsRefused() {
    assertThatThrownBy(() -> NodeVertx.hazelcast(cluster("multicast"), "10.0.1.5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tcp-ip or aws");
  }

  @Test
  @DisplayName("An empty cluster.host means the first private IPv4 address")
  void emptyHostTakesPrivateAddress() throws Exception {
    List<InetAddress> addresses =
        List.of(
            InetAddress.getByName("fe80::1"),
            InetAddress.getByName("169.254.172.2"),
            InetAddress.getByName("203.0.113.7"),
            InetAddress.getByName("172.28.0.11"),
            InetAddress.getByName("10.0.0.3"));

    assertThat(NodeAddress.firstSiteLocal(addresses)).isEqualTo("172.28.0.11");
    assertThat(NodeAddress.resolve(" 127.0.0.1 ")).isEqualTo("127.0.0.1");
    assertThatThrownBy(
            () -> NodeAddress.firstSiteLocal(List.of(InetAddress.getByName("203.0.113.7"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CLUSTER_HOST");
  }
}
