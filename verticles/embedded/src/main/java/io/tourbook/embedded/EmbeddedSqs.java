package io.tourbook.embedded;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** ElasticMQ: the SQS API, in this JVM, with its queues in memory. */
final class EmbeddedSqs {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedSqs.class);
  private static final String HOST = "127.0.0.1";

  private final SQSRestServer server;
  private final int port;

  private EmbeddedSqs(SQSRestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts ElasticMQ. Blocking.
   *
   * @param port the port to listen on, 0 for a free one
   * @param region the region in the queues' ARNs
   */
  static EmbeddedSqs start(int port, String region) {
    TheSQSRestServerBuilder builder =
        SQSRestServerBuilder.withInterface(HOST).withAWSRegion(region);
    builder = port == 0 ? builder.withDynamicPort() : builder.withPort(port);
    SQSRestServer server = builder.start();
    int bound = server.waitUntilStarted().localAddress().getPort();
    EmbeddedSqs sqs = new EmbeddedSqs(server, bound);
    log.info("Embedded SQS (ElasticMQ) on {}", sqs.endpoint());
    return sqs;
  }

  String endpoint() {
    return "http://" + HOST + ":" + port;
  }

  /** Stops the server and its actor system. Blocking. */
  void stop() {
    server.stopAndWait();
  }
}
