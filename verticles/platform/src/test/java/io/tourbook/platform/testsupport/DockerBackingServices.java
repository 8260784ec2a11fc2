package io.tourbook.platform.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * MongoDB (a single-node replica set, so change streams work) and Redis in Docker containers. Only
 * loaded once Testcontainers is known to be on the classpath.
 */
final class DockerBackingServices implements AutoCloseable {

  private static final int REDIS_PORT = 6379;

  private final MongoDBContainer mongo;
  private final GenericContainer<?> redis;

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

  @Override
  public void close() {
    redis.stop();
    mongo.stop();
  }
}
