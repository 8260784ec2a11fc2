package io.tourbook.scheduling;

import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.tourbook.platform.NodeContext;
import io.tourbook.scheduling.events.AccountEvents;
import io.tourbook.scheduling.events.AssignmentEvents;
import io.tourbook.scheduling.events.PaymentEvents;
import io.tourbook.scheduling.events.TourEvents;
import io.tourbook.scheduling.http.ScheduleRoutes;
import io.tourbook.scheduling.impl.Scheduler;
import io.tourbook.scheduling.mail.ScheduleMailer;
import io.tourbook.scheduling.model.SchedulingSettings;
import io.tourbook.scheduling.store.ContactStore;
import io.tourbook.scheduling.store.ScheduleStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling service: schedules assigned tours without overlap per realtor, mails customers and
 * realtors, sends reminders and completes tours whose time has passed; mails customers their
 * refunds.
 */
public final class SchedulingVerticle extends VerticleBase {

  /** The consumer group of this service's subscriptions. */
  private static final String GROUP = "scheduling";

  private static final Logger LOG = LoggerFactory.getLogger(SchedulingVerticle.class);

  private final NodeContext node;
  private final Clock clock;
  private MongoClient mongo;
  private ScheduleMailer mailer;
  private long scanTimer = -1;
  private Future<Void> scan = Future.succeededFuture();

  public SchedulingVerticle(NodeContext node) {
    this.node = node;
    this.clock = node.clock();
  }

  @Override
  public Future<?> start() {
    JsonObject config = node.config();
    SchedulingSettings settings;
    try {
      settings = SchedulingSettings.from(config);
    } catch (IllegalArgumentException invalid) {
      return Future.failedFuture(invalid);
    }
    mongo = node.mongo("scheduling");
    mailer = ScheduleMailer.create(vertx, config);
    ScheduleStore schedules = new ScheduleStore(mongo);
    ContactStore contacts = new ContactStore(mongo);
    Scheduler scheduler = new Scheduler(schedules, contacts, mailer, settings, clock);
    TourEvents tours = new TourEvents(scheduler);
    AccountEvents accounts = new AccountEvents(contacts);
    PaymentEvents refunds = new PaymentEvents(contacts, mailer, mongo, clock);
    AssignmentEvents waiting = new AssignmentEvents(scheduler);
    return schedules
        .createIndexes()
        .compose(
            v ->
                node.events()
                    .consume(
                        SubscriptionRegistry.get(Streams.IAM_ACCOUNTS, GROUP), accounts::handle))
        .compose(
            v ->
                node.events()
                    .consume(SubscriptionRegistry.get(Streams.TOUR_TOURS, GROUP), tours::handle))
        .compose(
            v ->
                node.events()
                    .consume(
                        SubscriptionRegistry.get(Streams.PAYMENT_PAYMENTS, GROUP), refunds::handle))
        .compose(
            v ->
                node.events()
                    .consume(
                        SubscriptionRegistry.get(Streams.ASSIGNMENT_ASSIGNMENTS, GROUP),
                        waiting::handle))
        .onSuccess(
            v -> {
              scanTimer = vertx.setPeriodic(settings.scanInterval(), id -> scan(scheduler));
              node.routes()
                  .register(
                      "scheduling",
                      ScheduleRoutes.MOUNT,
                      new ScheduleRoutes(schedules, node.pages()).table(node.auth()));
            });
  }

  /** One scan at a time: completions first, then reminders of what is still to come. */
  private void scan(Scheduler scheduler) {
    if (!scan.isComplete()) {
      return;
    }
    scan =
        scheduler
            .completeEnded()
            .compose(completed -> scheduler.remindDue())
            .<Void>mapEmpty()
            .recover(
                failure -> {
                  LOG.warn("Schedule scan failed: {}", failure.getMessage());
                  return Future.succeededFuture();
                });
  }

  /** Lets a running scan finish before the clients it uses close. */
  @Override
  public Future<?> stop() {
    if (scanTimer >= 0) {
      vertx.cancelTimer(scanTimer);
    }
    return scan.eventually(
        () ->
            Future.all(
                mailer == null ? Future.succeededFuture() : mailer.close(),
                mongo == null ? Future.succeededFuture() : mongo.close()));
  }
}
