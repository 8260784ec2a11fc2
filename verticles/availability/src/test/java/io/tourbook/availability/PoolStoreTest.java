package io.tourbook.availability;

import static io.tourbook.availability.PoolTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.availability.model.GeoPoint;
import io.tourbook.availability.model.RealtorAccount;
import io.tourbook.availability.store.PoolStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The pool's Redis scripts")
class PoolStoreTest {

  private static final GeoPoint BERLIN = new GeoPoint(52.52, 13.40);

  private Redis redis;
  private PoolStore store;

  @BeforeEach
  void connect(Vertx vertx) throws Exception {
    JsonObject config = PoolTesting.freshConfig();
    redis = Redis.createClient(vertx, config.getJsonObject("redis").getString("url"));
    store = new PoolStore(redis, Clock.systemUTC());
    await(store.loadScripts());
    await(store.markBuilt());
  }

  @AfterEach
  void close() throws Exception {
    await(redis.close());
  }

  private static RealtorAccount realtor(boolean inPool, long stateAt) {
    return new RealtorAccount("r-1", true, inPool, BERLIN, stateAt);
  }

  @Test
  @DisplayName("An older account state never undoes a newer one")
  void staleStateIsIgnored() throws Exception {
    assertThat(await(store.applyAccount(realtor(true, 2_000)))).isEqualTo("available");

    assertThat(await(store.applyAccount(realtor(false, 1_000)))).isEqualTo("stale");
    assertThat(await(store.nearby(52.52, 13.40, 1, 10))).hasSize(1);

    assertThat(await(store.applyAccount(realtor(false, 2_000)))).isEqualTo("unavailable");
    assertThat(await(store.nearby(52.52, 13.40, 1, 10))).isEmpty();
  }

  @Test
  @DisplayName("A released booking is not brought back by an older look at its assignment")
  void releasedBookingStaysReleased() throws Exception {
    RealtorAccount account = realtor(true, 1_000);
    await(store.applyAccount(account));
    assertThat(await(store.claim("r-1", "tour-1"))).isTrue();
    assertThat(await(store.release("r-1", "tour-1"))).isTrue();

    assertThat(await(store.book("r-1", "tour-1"))).isEqualTo("released");
    assertThat(await(store.rebuildRealtor(account, "tour-1", 0))).isEqualTo("available");
    assertThat(await(store.claim("r-1", "tour-2"))).isTrue();
    assertThat(await(store.book("r-1", "tour-3"))).isEqualTo("conflict");
  }

  @Test
  @DisplayName("Rebuild books a realtor for an active assignment Redis no longer knows")
  void rebuildBooksForActiveAssignments() throws Exception {
    RealtorAccount account = realtor(true, 1_000);

    assertThat(await(store.rebuildRealtor(account, "tour-1", 0))).isEqualTo("booked");
    assertThat(await(store.claim("r-1", "tour-2"))).isFalse();
    assertThat(await(store.claim("r-1", "tour-1"))).isTrue();
    assertThat(await(store.nearby(52.52, 13.40, 1, 10))).isEmpty();
  }

  @Test
  @DisplayName("Accounts that are not realtors never enter the pool")
  void othersAreIgnored() throws Exception {
    RealtorAccount customer = new RealtorAccount("c-1", false, false, BERLIN, 1_000);

    assertThat(await(store.applyAccount(customer))).isEqualTo("ignored");
    assertThat(await(store.knownRealtors())).isEmpty();
  }

  @Test
  @DisplayName("Scripts still run after Redis forgot them")
  void scriptsSurviveAFlush() throws Exception {
    await(store.applyAccount(realtor(true, 1_000)));
    await(redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")));

    assertThat(await(store.claim("r-1", "tour-1"))).isTrue();
    assertThat(await(store.release("r-1", "tour-1"))).isTrue();
    assertThat(await(store.claim("r-1", "tour-2"))).isTrue();
  }

  @Test
  @DisplayName("Without the built marker no claim succeeds")
  void noClaimBeforeBuilt() throws Exception {
    await(store.applyAccount(realtor(true, 1_000)));
    await(redis.send(Request.cmd(Command.DEL).arg(PoolStore.BUILT_KEY)));

    assertThat(await(store.isBuilt())).isFalse();
    assertThat(await(store.claim("r-1", "tour-1"))).isFalse();
  }
}
