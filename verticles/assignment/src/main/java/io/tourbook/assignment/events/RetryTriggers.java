package io.tourbook.assignment.events;

import io.tourbook.assignment.impl.Assigner;
import io.tourbook.assignment.impl.WaitingRetry;
import io.tourbook.contracts.events.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Events that may change who is free when (group assignment): a realtor account (on duty: retry the
 * waiting tours; off duty or suspended: reassign their upcoming tours), and a released assignment
 * (retry the waiting tours).
 */
public final class RetryTriggers {

  private final WaitingRetry retry;
  private final Assigner assigner;

  public RetryTriggers(WaitingRetry retry, Assigner assigner) {
    this.retry = retry;
    this.assigner = assigner;
  }

  /**
   * A realtor on duty (their calendar may have changed: working hours, blocked times) retries the
   * waiting tours; a realtor off duty or suspended gives up the tours they had not started, which
   * are assigned again (level triggered: nothing to give up the second time).
   */
  public Future<Void> onAccount(EventEnvelope event) {
    JsonObject account = event.data();
    if (!"realtor".equals(account.getValue("role"))
        || !(account.getValue("_id") instanceof String realtorId)) {
      return Future.succeededFuture();
    }
    JsonObject availability =
        account.getValue("availability") instanceof JsonObject object ? object : new JsonObject();
    if ("active".equals(account.getValue("status"))
        && Boolean.TRUE.equals(account.getValue("verified"))
        && "available".equals(availability.getValue("status"))) {
      retry.kickLater();
      return Future.succeededFuture();
    }
    return retry.release(() -> assigner.reassignUpcoming(realtorId)).mapEmpty();
  }

  public Future<Void> onAssignment(EventEnvelope event) {
    if ("released".equals(event.data().getValue("status"))) {
      retry.kickLater();
    }
    return Future.succeededFuture();
  }
}
