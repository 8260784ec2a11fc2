package io.tourbook.platform.testsupport;

import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * MongoDB (a single-node replica set, so change streams work), Redis and, on demand, LocalStack in
 * Docker containers. Only loaded once Testcontainers is known to be on the classpath.
 */
final class DockerBackingServices implements AutoCloseable {

  private static final int REDIS_PORT = 6379;
  private static final int LOCALSTACK_PORT = 4566;

  private final MongoDBContainer mongo;
  private final GenericContainer<?> redis;
  private GenericContainer<?> localStack;

  private DockerBackingServices(MongoDBContainer mongo, GenericContainer<?> redis) {
    this.mongo = mongo;
    this.redis = redis;
  }

  static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  static DockerBackingServices start() {
    MongoDBContainer mongo = new MongoDBContainer(DockerImageName.parse("mongo:7"));
    GenericContainer<?> redis =
        new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(REDIS_PORT);
    try {
      mongo.start();
      redis.start();
      return new DockerBackingServices(mongo, redis);
    } catch (RuntimeException e) {
      redis.stop();
      mongo.stop();
      throw e;
    }
  }

  String mongoUri() {
    // Direct to the one member: the replica set advertises a host name only valid in the container.
    return "mongodb://"
        + mongo.getHost()
        + ":"
        + mongo.getFirstMappedPort()
        + "/?directConnection=true";
  }

  String redisUrl() {
    return "redis://" + redis.getHost() + ":" + redis.getMappedPort(REDIS_PORT);
  }

  /** LocalStack with SQS and EventBridge, started on first use: most tests never need it. */
  synchronized URI localStack() {
    if (localStack == null) {
      GenericContainer<?> container =
          new GenericContainer<>(DockerImageName.parse("localstack/localstack:3.8"))
              .withEnv("SERVICES", "sqs,events")
              .withExposedPorts(LOCALSTACK_PORT)
              .waitingFor(Wait.forHttp("/_localstack/health").forPort(LOCALSTACK_PORT));
      container.start();
      localStack = container;
    }
    return URI.create(
        "http://" + localStack.getHost() + ":" + localStack.getMappedPort(LOCALSTACK_PORT));
  }

  @Override
  public synchronized void close() {
    if (localStack != null) {
      localStack.stop();
    }
    redis.stop();
    mongo.stop();
  }
}
