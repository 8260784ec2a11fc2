package io.tourbook.assignment.events;

import io.tourbook.assignment.impl.WaitingRetry;
import io.tourbook.contracts.events.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Events that may mean a realtor became available (group assignment): a realtor account that is now
 * active, verified and available, and a released assignment. Each schedules a retry of the waiting
 * tours; they change nothing else.
 */
public final class RetryTriggers {

  private final WaitingRetry retry;

  public RetryTriggers(WaitingRetry retry) {
    this.retry = retry;
  }

  public Future<Void> onAccount(EventEnvelope event) {
    JsonObject account = event.data();
    JsonObject availability =
        account.getValue("availability") instanceof JsonObject object ? object : new JsonObject();
    if ("realtor".equals(account.getValue("role"))
        && "active".equals(account.getValue("status"))
        && Boolean.TRUE.equals(account.getValue("verified"))
        && "available".equals(availability.getValue("status"))) {
      retry.kickLater();
    }
    return Future.succeededFuture();
  }

  public Future<Void> onAssignment(EventEnvelope event) {
    if ("released".equals(event.data().getValue("status"))) {
      retry.kickLater();
    }
    return Future.succeededFuture();
  }
}
