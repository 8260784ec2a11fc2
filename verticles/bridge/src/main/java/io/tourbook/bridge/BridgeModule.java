package io.tourbook.bridge;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;

/** The bridge to AWS SQS and EventBridge. */
public final class BridgeModule implements ServiceModule {

  @Override
  public String name() {
    return "bridge";
  }

  @Override
  public Deployable verticle(NodeContext node) {
    return new BridgeVerticle(node);
  }

  /**
   * On a worker thread: the AWS SDK builds, signs and encodes every call on the calling thread, and
   * on the event loop the bridge shared with services it held up the booking pipeline's hops behind
   * it.
   */
  @Override
  public DeploymentOptions deployment() {
    return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
  }
}
