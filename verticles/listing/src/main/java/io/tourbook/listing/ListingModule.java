package io.tourbook.listing;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.vertx.core.Deployable;

/** The listing service: providers' properties, geo search, and {@code listing.service}. */
public final class ListingModule implements ServiceModule {

  @Override
  public String name() {
    return "listing";
  }

  @Override
  public Deployable verticle(NodeContext node) {
    return new ListingVerticle(node);
  }
}
