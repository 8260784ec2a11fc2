package io.tourbook.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ChangeNotifier")
class ChangeNotifierTest {

  private final ChangeNotifier notifier = new ChangeNotifier();
  private final AtomicInteger runs = new AtomicInteger();
  private final Runnable listener = runs::incrementAndGet;

  @Test
  @DisplayName("runs a waiting listener once, on the next change")
  void runsListenerOnceOnNextChange() {
    assertThat(notifier.awaitChangeAfter(notifier.version(), listener)).isTrue();
    assertThat(runs).hasValue(0);

    notifier.changed();
    notifier.changed();

    assertThat(runs).hasValue(1);
    assertThat(notifier.waiting()).isZero();
  }

  @Test
  @DisplayName("does not register a listener when a change already happened since the version seen")
  void refusesWhenVersionMoved() {
    long seen = notifier.version();
    notifier.changed();

    assertThat(notifier.awaitChangeAfter(seen, listener)).isFalse();
    notifier.changed();

    assertThat(runs).hasValue(0);
  }

  @Test
  @DisplayName("a cancelled listener does not run")
  void cancelledListenerDoesNotRun() {
    notifier.awaitChangeAfter(notifier.version(), listener);

    notifier.cancel(listener);
    notifier.changed();

    assertThat(runs).hasValue(0);
  }

  @Test
  @DisplayName("remembers cursors that came back empty until forgotten")
  void tracksIdleCursors() {
    notifier.markIdle(42, 7);

    assertThat(notifier.idleSince(42)).isEqualTo(7);
    notifier.forget(42);
    assertThat(notifier.idleSince(42)).isNull();
  }
}
