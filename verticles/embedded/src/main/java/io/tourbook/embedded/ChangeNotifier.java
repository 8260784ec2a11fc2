package io.tourbook.embedded;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the commands the embedded MongoDB server has run, and wakes listeners when the count
 * moves. Change-stream cursors that came back empty wait on it for the next command that may have
 * written.
 */
final class ChangeNotifier {

  private final AtomicLong version = new AtomicLong();
  private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();

  /** Cursor id -> the version at which its last getMore started and came back empty. */
  private final Map<Long, Long> idleCursors = new ConcurrentHashMap<>();

  long version() {
    return version.get();
  }

  /** Records that a command ran, and runs (once) every listener registered before this call. */
  void changed() {
    version.incrementAndGet();
    for (Runnable listener : listeners) {
      if (listeners.remove(listener)) {
        listener.run();
      }
    }
  }

  /**
   * Registers {@code listener} for the next {@link #changed()}, unless the version has already
   * moved past {@code seenVersion}: then nothing is registered and this returns false. When it
   * returns true the listener runs exactly once, unless {@link #cancel cancelled} first.
   */
  boolean awaitChangeAfter(long seenVersion, Runnable listener) {
    listeners.add(listener);
    // If a change raced in, whoever removes the listener owns it: changed() runs it, or this call
    // takes it back and reports false.
    return version.get() == seenVersion || !listeners.remove(listener);
  }

  void cancel(Runnable listener) {
    listeners.remove(listener);
  }

  /** How many listeners wait for the next change. */
  int waiting() {
    return listeners.size();
  }

  /** The version at which the cursor's last getMore started and came back empty, or null. */
  Long idleSince(long cursorId) {
    return idleCursors.get(cursorId);
  }

  void markIdle(long cursorId, long sinceVersion) {
    idleCursors.put(cursorId, sinceVersion);
  }

  void forget(long cursorId) {
    idleCursors.remove(cursorId);
  }
}
