package io.tourbook.app.security;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class whose tests share one {@link SecurityWorld}: built once, since every test leaves it
 * as it found it (which each test checks), and stopped while Vert.x still runs.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WorldTest {

  SecurityWorld world;

  @BeforeAll
  void startWorld(Vertx vertx) throws Exception {
    world = SecurityWorld.start(vertx);
  }

  @AfterAll
  void stopWorld() throws Exception {
    world.stop();
  }
}
