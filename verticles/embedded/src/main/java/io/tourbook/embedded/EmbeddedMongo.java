package io.tourbook.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.OrderedIndexH2Database;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mongo-java-server with its H2 backend and oplog, so change streams work, served on the loopback
 * interface.
 *
 * <p>The server's netty pipeline is assembled here rather than by {@code MongoServer} so that an
 * {@link AwaitDataHandler} can sit in front of the command handler: without it every open change
 * stream spins the server in a busy loop.
 */
final class EmbeddedMongo {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);
  private static final String HOST = "127.0.0.1";

  /** How far behind the oplog the clock may be before start-up refuses instead of waiting. */
  private static final long MAX_CLOCK_LAG_SECONDS = 5;

  // Swapped by wipe(); connections opened afterwards use the new one.
  private final AtomicReference<H2Backend> backend;
  private final boolean inMemory;
  private final long oplogMaxEntries;
  // Null unless the store is a file with durable writes.
  private final GroupCommit groupCommit;
  private final ChangeNotifier notifier;
  private final EventLoopGroup bossGroup;
  private final EventLoopGroup workerGroup;
  private final ChannelGroup clients;
  private final Channel serverChannel;

  private EmbeddedMongo(
      AtomicReference<H2Backend> backend,
      boolean inMemory,
      long oplogMaxEntries,
      GroupCommit groupCommit,
      ChangeNotifier notifier,
      EventLoopGroup bossGroup,
      EventLoopGroup workerGroup,
      ChannelGroup clients,
      Channel serverChannel) {
    this.backend = backend;
    this.inMemory = inMemory;
    this.oplogMaxEntries = oplogMaxEntries;
    this.groupCommit = groupCommit;
    this.notifier = notifier;
    this.bossGroup = bossGroup;
    this.workerGroup = workerGroup;
    this.clients = clients;
    this.serverChannel = serverChannel;
  }

  /**
   * Starts the server. Blocking.
   *
   * @param storeFile the H2 file that keeps data and oplog across restarts (created 0600, in a
   *     directory created 0700), or null to keep both in memory
   * @param durableWrites true: every reply waits until what the server has written is committed and
   *     synced to the file (a group commit), so nothing acknowledged is lost when the process is
   *     killed. false: H2 commits about once a second, and a killed process loses up to its last
   *     second of acknowledged writes (data and oplog together, so they stay consistent). Either
   *     way a stopped server loses nothing.
   * @param port the port to listen on, 0 for a free one
   * @param oplogMaxEntries how many oplog entries are kept (see {@link IndexedOplog})
   */
  static EmbeddedMongo start(Path storeFile, boolean durableWrites, int port, long oplogMaxEntries)
      throws IOException, InterruptedException {
    H2Backend opened = openBackend(storeFile, durableWrites, oplogMaxEntries);
    AtomicReference<H2Backend> backend = new AtomicReference<>(opened);
    GroupCommit groupCommit =
        storeFile != null && durableWrites ? new GroupCommit(opened.getMvStore()) : null;
    EventLoopGroup bossGroup = null;
    EventLoopGroup workerGroup = null;
    try {
      opened.enableOplog();
      if (storeFile != null) {
        waitUntilClockPassesOplog(opened);
      }
      ChangeNotifier notifier = new ChangeNotifier();
      bossGroup = eventLoops(1, "embedded-mongo-boss");
      workerGroup = eventLoops(0, "embedded-mongo-worker");
      ChannelGroup clients =
          new DefaultChannelGroup("embedded-mongo", GlobalEventExecutor.INSTANCE);
      Channel serverChannel =
          new ServerBootstrap()
              .group(bossGroup, workerGroup)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 100)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                      channel
                          .pipeline()
                          .addLast(new MongoWireReplyEncoder())
                          .addLast(new MongoWireMessageEncoder())
                          .addLast(new MongoWireProtocolHandler());
                      // Nearer the wire than AwaitDataHandler, which must see each reply as it
                      // is written.
                      if (groupCommit != null) {
                        channel.pipeline().addLast(new CommitBeforeReplyHandler(groupCommit));
                      }
                      channel
                          .pipeline()
                          .addLast(new AwaitDataHandler(notifier))
                          .addLast(new MongoDatabaseHandler(current(backend), clients))
                          .addLast(new MongoExceptionHandler());
                    }
                  })
              .bind(new InetSocketAddress(HOST, port))
              .sync()
              .channel();
      EmbeddedMongo server =
          new EmbeddedMongo(
              backend,
              storeFile == null,
              oplogMaxEntries,
              groupCommit,
              notifier,
              bossGroup,
              workerGroup,
              clients,
              serverChannel);
      log.info(
          "Embedded MongoDB on {} ({}{})",
          server.connectionString(),
          storeFile == null ? "in memory" : storeFile,
          groupCommit != null ? ", each reply after its commit" : "");
      return server;
    } catch (Exception e) {
      // Also catches what netty rethrows undeclared, such as a BindException.
      shutdown(bossGroup);
      shutdown(workerGroup);
      if (groupCommit != null) {
        groupCommit.close();
      }
      opened.close();
      throw e;
    }
  }

  /**
   * Accepted by the MongoDB drivers and the Vert.x MongoClient. {@code directConnection} because
   * the server is a standalone that must not be discovered as a replica set.
   */
  String connectionString() {
    InetSocketAddress address = (InetSocketAddress) serverChannel.localAddress();
    return "mongodb://" + HOST + ":" + address.getPort() + "/?directConnection=true";
  }

  /** How many change-stream getMores the server holds until the next write. */
  int heldGetMores() {
    return notifier.waiting();
  }

  /** Stops listening, closes client connections and closes the store. Blocking. */
  void stop() throws InterruptedException {
    serverChannel.close().syncUninterruptibly();
    clients.close().syncUninterruptibly();
    shutdown(workerGroup);
    shutdown(bossGroup);
    if (groupCommit != null) {
      groupCommit.close();
    }
    backend.get().close();
  }

  /**
   * Replaces an in-memory store with an empty one. Clients keep their connections, which now reach
   * the new store; cursors of the old one are gone. Dropping databases instead races with open
   * change-stream cursors and breaks the H2 backend's bookkeeping ("Expected
   * [H2UniqueIndex[name=_id_]] to be empty"). Blocking.
   */
  void wipe() {
    if (!inMemory) {
      throw new IllegalStateException("Only an in-memory embedded MongoDB can be wiped");
    }
    H2Backend fresh = new IndexedH2Backend(MVStore.open(null), oplogMaxEntries);
    fresh.enableOplog();
    backend.getAndSet(fresh).close();
  }

  /** A backend that forwards every call to the store in use at the time of the call. */
  private static MongoBackend current(AtomicReference<H2Backend> backend) {
    return (MongoBackend)
        Proxy.newProxyInstance(
            MongoBackend.class.getClassLoader(),
            new Class<?>[] {MongoBackend.class},
            (proxy, method, args) -> {
              try {
                return method.invoke(backend.get(), args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static H2Backend openBackend(Path storeFile, boolean durableWrites, long oplogMaxEntries)
      throws IOException {
    if (storeFile == null) {
      return new IndexedH2Backend(MVStore.open(null), oplogMaxEntries);
    }
    OwnerOnlyFiles.createDirectories(storeFile.toAbsolutePath().getParent());
    OwnerOnlyFiles.createOrRestrict(storeFile);
    MVStore.Builder store = new MVStore.Builder().fileName(storeFile.toString());
    // Without auto-commit nothing reaches the file but what GroupCommit commits.
    return new IndexedH2Backend(
        durableWrites ? store.autoCommitDisabled().open() : store.open(), oplogMaxEntries);
  }

  /** The H2 backend with an {@link IndexedOplog}. */
  private static final class IndexedH2Backend extends H2Backend {

    private final long oplogMaxEntries;

    IndexedH2Backend(MVStore store, long oplogMaxEntries) {
      super(store);
      this.oplogMaxEntries = oplogMaxEntries;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
      return OrderedIndexH2Database.open(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    protected Oplog createOplog() {
      MongoDatabase local = resolveDatabase("local");
      @SuppressWarnings("unchecked")
      MongoCollection<Document> entries =
          (MongoCollection<Document>) local.resolveCollection("oplog.rs", false);
      if (entries == null) {
        @SuppressWarnings("unchecked")
        MongoCollection<Document> created =
            (MongoCollection<Document>) local.createCollectionOrThrowIfExists("oplog.rs");
        entries = created;
      }
      return new IndexedOplog(this, entries, getCursorRegistry(), oplogMaxEntries);
    }
  }

  /**
   * mongo-java-server stamps oplog entries (and so resume tokens) with (wall-clock second, counter
   * that restarts at 1 with the process). Restarted within the second of its last write, it would
   * issue tokens that sort before the ones already in the oplog, and a change stream resuming from
   * those would skip the new entries. Waiting for the next second keeps tokens increasing.
   */
  private static void waitUntilClockPassesOplog(H2Backend backend) throws InterruptedException {
    Optional<Integer> lastSecond = lastOplogSecond(backend);
    if (lastSecond.isEmpty()) {
      return;
    }
    long lag = lastSecond.get() - Instant.now().getEpochSecond();
    if (lag >= MAX_CLOCK_LAG_SECONDS) {
      throw new IllegalStateException(
          "The system clock is "
              + lag
              + "s behind the embedded MongoDB oplog; refusing to start so change streams keep"
              + " their order");
    }
    while (Instant.now().getEpochSecond() <= lastSecond.get()) {
      long nextSecondMillis = (lastSecond.get() + 1) * 1000L - Instant.now().toEpochMilli();
      Thread.sleep(Math.max(1, nextSecondMillis));
    }
  }

  private static Optional<Integer> lastOplogSecond(H2Backend backend) {
    MongoCollection<?> oplog =
        backend.resolveDatabase("local").resolveCollection("oplog.rs", false);
    if (oplog == null) {
      return Optional.empty();
    }
    return oplog
        .queryAllAsStream()
        .map(entry -> entry.get("ts"))
        .filter(BsonTimestamp.class::isInstance)
        .map(ts -> ((BsonTimestamp) ts).getTime())
        .max(Integer::compare);
  }

  private static EventLoopGroup eventLoops(int threads, String name) {
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory(name, true), NioIoHandler.newFactory());
  }

  private static void shutdown(EventLoopGroup group) {
    if (group != null) {
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
