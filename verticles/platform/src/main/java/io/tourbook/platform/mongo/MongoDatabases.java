package io.tourbook.platform.mongo;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

/**
 * The node's MongoDB ({@code mongo.uri}), one database per service. Clients are shared by name, so
 * the verticle instances of a service on one node share one connection pool; each user closes its
 * own client, which releases its share.
 */
public final class MongoDatabases {

  private final Vertx vertx;
  private final String uri;

  private MongoDatabases(Vertx vertx, String uri) {
    this.vertx = vertx;
    this.uri = uri;
  }

  public static MongoDatabases from(Vertx vertx, JsonObject config) {
    return new MongoDatabases(
        vertx, config.getJsonObject("mongo", new JsonObject()).getString("uri", ""));
  }

  /** Whether a MongoDB is configured at all. */
  public boolean configured() {
    return !uri.isBlank();
  }

  /** A client of {@code database}, shared with every other user of that database on this node. */
  public MongoClient client(String database) {
    return client(database, database, new JsonObject());
  }

  /**
   * A client of {@code database} with its own pool, named {@code pool}, and the Vert.x MongoDB
   * client {@code options} on top of the connection string.
   */
  public MongoClient client(String database, String pool, JsonObject options) {
    return MongoClient.createShared(
        vertx, options.copy().put("connection_string", uri).put("db_name", database), pool);
  }
}
