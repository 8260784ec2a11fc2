package io.tourbook.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits and syncs an MVStore (opened with auto-commit disabled) on one thread, for all the
 * replies waiting on it: a group commit. A reply registered with {@link #afterNextCommit} is
 * released once a commit that started after the registration has reached the disk, so several
 * writes share one commit and one fsync.
 *
 * <p>Commands run under the read side of a lock and a commit takes the write side, so a commit
 * never stores half of a command (a document without its index entries or its oplog entry).
 */
final class GroupCommit {

  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  private final MVStore store;
  private final ReentrantReadWriteLock commandsVersusCommit = new ReentrantReadWriteLock();
  private final Object monitor = new Object();
  private final Thread committer;

  // Guarded by monitor.
  private List<Consumer<Throwable>> waiting = new ArrayList<>();
  private boolean closed;

  // True from the start of a commit until its fsync is done: a reply that reads committed data
  // must still wait for the disk.
  private volatile boolean syncing;

  GroupCommit(MVStore store) {
    this.store = store;
    this.committer = new Thread(this::commitLoop, "embedded-mongo-commit");
    committer.setDaemon(true);
    committer.start();
  }

  /** Runs one command so that no commit sees it half done. */
  void runCommand(Runnable command) {
    commandsVersusCommit.readLock().lock();
    try {
      command.run();
    } finally {
      commandsVersusCommit.readLock().unlock();
    }
  }

  /**
   * Whether everything the store holds is on disk. Called by a command (under the read lock), it
   * also says whether the command's own writes are.
   */
  boolean durable() {
    return !syncing && !store.hasUnsavedChanges();
  }

  /**
   * Calls {@code done} on the commit thread once a commit that starts after this call is on disk,
   * with null, or with the failure if that commit failed (or the store closed first).
   */
  void afterNextCommit(Consumer<Throwable> done) {
    synchronized (monitor) {
      if (closed) {
        done.accept(new IllegalStateException("The embedded MongoDB is stopping"));
        return;
      }
      waiting.add(done);
      monitor.notifyAll();
    }
  }

  /** Stops the commit thread after it has committed what waits; the store stays open. */
  void close() throws InterruptedException {
    synchronized (monitor) {
      closed = true;
      monitor.notifyAll();
    }
    committer.join();
  }

  private void commitLoop() {
    while (true) {
      List<Consumer<Throwable>> batch;
      synchronized (monitor) {
        while (waiting.isEmpty() && !closed) {
          try {
            monitor.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
          }
        }
        if (waiting.isEmpty()) {
          return;
        }
        batch = waiting;
        waiting = new ArrayList<>();
      }
      Throwable failure = commit();
      batch.forEach(done -> done.accept(failure));
    }
  }

  private Throwable commit() {
    try {
      syncing = true;
      commandsVersusCommit.writeLock().lock();
      try {
        store.commit();
      } finally {
        commandsVersusCommit.writeLock().unlock();
      }
      store.sync();
      return null;
    } catch (RuntimeException e) {
      log.error("The embedded MongoDB could not commit its store: {}", e.getMessage(), e);
      return e;
    } finally {
      syncing = false;
    }
  }
}
