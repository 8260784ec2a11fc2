package io.tourbook.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("config/cluster.xml")
class ClusterXmlTest {

  @Test
  @DisplayName(
      "is valid for the Hazelcast that vertx-hazelcast brings, with TCP/IP join on loopback")
  void isValidHazelcastConfig() {
    Config config = new ClasspathXmlConfig("config/cluster.xml");

    assertThat(config.getClusterName()).isEqualTo("tourbook");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isTrue();
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
    assertThat(config.getMapConfigs()).containsKeys("__vertx.haInfo", "__vertx.nodeInfo");
  }
}
