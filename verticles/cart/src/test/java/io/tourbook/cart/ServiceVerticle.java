package io.tourbook.cart;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceBinder;

/** Binds a test implementation of a service-proxy interface at its address, until undeployed. */
final class ServiceVerticle<T> extends VerticleBase {

  private final Class<T> type;
  private final String address;
  private final T implementation;
  private MessageConsumer<JsonObject> consumer;

  ServiceVerticle(Class<T> type, String address, T implementation) {
    this.type = type;
    this.address = address;
    this.implementation = implementation;
  }

  @Override
  public Future<?> start() {
    consumer = new ServiceBinder(vertx).setAddress(address).register(type, implementation);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }
}
