package io.tourbook.platform.cluster;

import com.hazelcast.config.AwsConfig;
import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.tourbook.platform.health.Metrics;
import io.tourbook.platform.trace.TraceparentTracer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Creates a node's Vert.x: with metrics, carrying W3C trace context across HTTP and the event bus,
 * and on a Hazelcast cluster when asked.
 */
public final class NodeVertx {

  private static final String CLUSTER_XML = "config/cluster.xml";
  static final String TCP_IP = "tcp-ip";
  static final String AWS = "aws";
  private static final int AWS_PORT_RANGE = 7;

  private NodeVertx() {}

  public static Future<Vertx> create(JsonObject config, boolean clustered) {
    VertxOptions options = options();
    if (!clustered) {
      return Future.succeededFuture(
          Vertx.builder().with(options).withTracer(TraceparentTracer.FACTORY).build());
    }
    JsonObject cluster = config.getJsonObject("cluster", new JsonObject());
    String host = NodeAddress.resolve(cluster.getString("host", "127.0.0.1"));
    options.getEventBusOptions().setHost(host).setPort(cluster.getInteger("event-bus-port", 0));
    return Vertx.builder()
        .with(options)
        .withTracer(TraceparentTracer.FACTORY)
        .withClusterManager(new HazelcastClusterManager(hazelcast(cluster, host)))
        .buildClustered();
  }

  /** A node's options: metrics on, tracing on (see {@link TraceparentTracer}). */
  public static VertxOptions options() {
    return new VertxOptions()
        .setMetricsOptions(Metrics.options())
        .setTracingOptions(new TracingOptions());
  }

  /**
   * config/cluster.xml with the name, host and port of the {@code cluster.*} config, and the join
   * that {@code cluster.discovery} names: {@code tcp-ip} (the {@code cluster.members}) or {@code
   * aws} (Hazelcast's built-in AWS discovery: on ECS, the tasks of {@code cluster.aws.ecs-cluster},
   * by default the task's own cluster).
   */
  static Config hazelcast(JsonObject cluster, String host) {
    Config hazelcast = new ClasspathXmlConfig(CLUSTER_XML);
    hazelcast.setClusterName(cluster.getString("name", hazelcast.getClusterName()));
    NetworkConfig network = hazelcast.getNetworkConfig();
    int port = cluster.getInteger("port", 5701);
    network.setPort(port).setPortAutoIncrement(true);
    network.getInterfaces().setEnabled(true).setInterfaces(java.util.List.of(host));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    String discovery = cluster.getString("discovery", TCP_IP);
    switch (discovery) {
      case TCP_IP -> {
        var tcpIp = join.getTcpIpConfig().setEnabled(true);
        tcpIp.getMembers().clear();
        JsonArray members = cluster.getJsonArray("members", new JsonArray().add(host));
        members.forEach(member -> tcpIp.addMember(String.valueOf(member)));
      }
      case AWS -> {
        join.getTcpIpConfig().setEnabled(false);
        AwsConfig aws = join.getAwsConfig().setEnabled(true);
        // The ports a member may have taken: the same range as port auto-increment on a task.
        aws.setProperty("hz-port", port + "-" + (port + AWS_PORT_RANGE));
        JsonObject settings = cluster.getJsonObject("aws", new JsonObject());
        setIfPresent(aws, "region", settings.getString("region"));
        setIfPresent(aws, "cluster", settings.getString("ecs-cluster"));
      }
      default ->
          throw new IllegalArgumentException(
              "cluster.discovery must be " + TCP_IP + " or " + AWS + ", not " + discovery);
    }
    return hazelcast;
  }

  private static void setIfPresent(AwsConfig aws, String property, String value) {
    if (value != null && !value.isBlank()) {
      aws.setProperty(property, value.strip());
    }
  }
}
