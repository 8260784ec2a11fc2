package io.tourbook.platform.testproxy;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** A test service proxy that tells which node served the call. */
@ProxyGen
@VertxGen
public interface NodeInfoService {

  String ADDRESS = "test.node-info.service";

  static NodeInfoService createProxy(Vertx vertx) {
    return new NodeInfoServiceVertxEBProxy(vertx, ADDRESS);
  }

  Future<JsonObject> describe(String caller);
}
