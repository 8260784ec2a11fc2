package io.tourbook.platform.cluster;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import io.tourbook.platform.health.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Creates a node's Vert.x: with metrics, and on a Hazelcast cluster when asked. */
public final class NodeVertx {

  private static final String CLUSTER_XML = "config/cluster.xml";

  private NodeVertx() {}

  public static Future<Vertx> create(JsonObject config, boolean clustered) {
    VertxOptions options = new VertxOptions().setMetricsOptions(Metrics.options());
    if (!clustered) {
      return Future.succeededFuture(Vertx.builder().with(options).build());
    }
    JsonObject cluster = config.getJsonObject("cluster", new JsonObject());
    String host = cluster.getString("host", "127.0.0.1");
    options.getEventBusOptions().setHost(host);
    return Vertx.builder()
        .with(options)
        .withClusterManager(new HazelcastClusterManager(hazelcast(cluster, host)))
        .buildClustered();
  }

  /** config/cluster.xml with the members, host and port of the {@code cluster.*} config. */
  static Config hazelcast(JsonObject cluster, String host) {
    Config hazelcast = new ClasspathXmlConfig(CLUSTER_XML);
    hazelcast.setClusterName(cluster.getString("name", hazelcast.getClusterName()));
    NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(cluster.getInteger("port", 5701)).setPortAutoIncrement(true);
    network.getInterfaces().setEnabled(true).setInterfaces(java.util.List.of(host));
    var tcpIp = network.getJoin().getTcpIpConfig().setEnabled(true);
    tcpIp.getMembers().clear();
    JsonArray members = cluster.getJsonArray("members", new JsonArray().add(host));
    members.forEach(member -> tcpIp.addMember(String.valueOf(member)));
    network.getJoin().getMulticastConfig().setEnabled(false);
    return hazelcast;
  }
}
