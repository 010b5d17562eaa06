package dev.tenableconnector.core.store;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.query.SqlDialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The inventory in one SQLite file: WAL journal so readers never wait for the writer, immediate
 * write transactions so two writers queue instead of failing, schema by Flyway migrations. One
 * connection writes chunks, one writes run bookkeeping, a few read.
 */
public final class SqliteInventoryStore extends JdbcInventoryStore {
  private static final Logger log = LoggerFactory.getLogger(SqliteInventoryStore.class);
  private static final int READERS = 3;

  /** How many SQLite virtual-machine steps pass between two looks at a read's budget (~1 ms). */
  private static final int BUDGET_STEPS = 10_000;

  private static final int PAGE_SIZE = 32_768;

  private final Path file;
  private final SQLiteDataSource dataSource;
  private final SqliteChunkWriter chunkWriter;
  private final Connection control;
  private final Connection checkpointConnection;
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final List<Connection> allReaders = new ArrayList<>();

  /** The budget of the read each query connection runs now (null while it is free). */
  private final java.util.Map<Connection, java.util.concurrent.atomic.AtomicReference<QueryBudget>>
      readerBudgets = new java.util.IdentityHashMap<>();

  private final ScheduledExecutorService heartbeats;
  private final SqliteRunLocks runLocks;

  private final long walLimitFrames;

  private SqliteInventoryStore(Path file, long walLimitFrames, int busySeconds)
      throws SQLException {
    this.file = file;
    this.walLimitFrames = walLimitFrames;
    if (isEmpty(file)) { // new: open() has just created it, empty and private
      // Rows are a few KiB of JSON: with the default 4 KiB pages most of each page stays empty
      // and inserts run at half the speed (measured: 43k vs 93k rows/s). The page size must be
      // set before anything else touches a new file, the WAL switch included.
      try (Connection init =
              java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
          Statement s = init.createStatement()) {
        s.execute("PRAGMA page_size = " + PAGE_SIZE);
        s.execute("VACUUM");
      }
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setBusyTimeout(busySeconds * 1000);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    config.setCacheSize(-65_536);
    dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration/sqlite")
          .javaMigrations(new CompactFindings("5"), new BackfillHistory("8"))
          .loggers("slf4j")
          .load()
          .migrate();
    } catch (org.flywaydb.core.api.FlywayException e) {
      throw new StoreException(Migrations.failure(file.toString(), e), e);
    }
    chunkWriter = new SqliteChunkWriter(dataSource.getConnection());
    checkpointConnection = dataSource.getConnection();
    control = dataSource.getConnection();
    for (int i = 0; i < READERS; i++) {
      Connection reader = dataSource.getConnection();
      var slot = new java.util.concurrent.atomic.AtomicReference<QueryBudget>();
      // SQLite asks this handler every BUDGET_STEPS steps; a non-zero answer ends the statement
      // with SQLITE_INTERRUPT, however long it would otherwise have run.
      org.sqlite.ProgressHandler.setHandler(
          reader,
          BUDGET_STEPS,
          new org.sqlite.ProgressHandler() {
            @Override
            protected int progress() {
              QueryBudget budget = slot.get();
              return budget != null && budget.exhausted() ? 1 : 0;
            }
          });
      readerBudgets.put(reader, slot);
      allReaders.add(reader);
      readers.add(reader);
    }
    heartbeats =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "inventory-housekeeping");
              t.setDaemon(true);
              return t;
            });
    heartbeats.scheduleWithFixedDelay(this::checkpoint, 1, 1, TimeUnit.SECONDS);
    runLocks = new SqliteRunLocks(this, control, heartbeats);
  }

  /** Opens (creating when missing, migrating when older) the inventory file. */
  public static SqliteInventoryStore open(Path file) {
    return open(file, WAL_LIMIT_FRAMES, SqliteLockWait.DEFAULT_SECONDS);
  }

  /** The same, with the lock wait {@link SqliteLockWait#SETTING} gives in {@code env}. */
  public static SqliteInventoryStore open(Path file, java.util.Map<String, String> env) {
    return open(file, WAL_LIMIT_FRAMES, SqliteLockWait.seconds(env));
  }

  /** The same, truncating the write-ahead log past {@code walLimitFrames} (tests use a few). */
  static SqliteInventoryStore open(Path file, long walLimitFrames) {
    return open(file, walLimitFrames, SqliteLockWait.DEFAULT_SECONDS);
  }

  private static SqliteInventoryStore open(Path file, long walLimitFrames, int busySeconds) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      refuseReadOnly(file);
      createPrivately(file);
      return new SqliteInventoryStore(file, walLimitFrames, busySeconds);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + file, e);
    } catch (SQLException e) {
      throw new StoreException("cannot open the inventory " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every command writes to the inventory it opens (migrations, run records, the write-ahead log
   * beside the file): a file or folder it cannot write is refused up front, naming which, instead
   * of SQLite's "unable to open database file" or a failure half-way through a run.
   */
  private static void refuseReadOnly(Path file) {
    Path folder = file.toAbsolutePath().getParent();
    String what =
        Files.exists(file) && !Files.isWritable(file)
            ? "the file " + file
            : folder != null && !Files.isWritable(folder) ? "its folder " + folder : null;
    if (what != null) {
      throw StoreException.withRemedy(
          "the inventory "
              + file
              + " cannot be written ("
              + what
              + " is read-only or on a read-only file system); every command writes to it (the"
              + " schema, run records, the write-ahead log beside it).",
          "make it writable, or copy the file to a writable place and give that to --db.");
    }
  }

  private static boolean isEmpty(Path file) {
    try {
      return !Files.exists(file) || Files.size(file) == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Creates a new inventory file readable and writable by its owner only (0600): it holds every
   * host's weaknesses and the sealed keys. SQLite gives its -wal and -shm files the same mode.
   */
  private static void createPrivately(Path file) throws IOException {
    if (Files.exists(file)) {
      return;
    }
    try {
      Files.createFile(
          file,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file); // Windows: the folder's access control applies
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      // another process created it first
    }
  }

  @Override
  public String describe() {
    return "SQLite " + file.toAbsolutePath();
  }

  @Override
  public long sizeBytes() {
    long size = 0;
    for (String suffix : new String[] {"", "-wal"}) {
      try {
        size += Files.size(Path.of(file + suffix));
      } catch (IOException e) {
        // no log file right now
      }
    }
    return size;
  }

  public Path file() {
    return file;
  }

  @Override
  public RunLock lock(String connector, String account) {
    return runLocks.lock(connector, account);
  }

  /**
   * Copies the write-ahead log into the file without holding up the writer (PASSIVE). Under a
   * writer that never pauses, a passive checkpoint never catches up, the log is never restarted and
   * grows without bound (to 8 times the database in a 10-million-finding sync, each commit adding
   * new copies of the same index pages); so once it holds more than {@link #WAL_LIMIT_FRAMES}
   * frames (by default), the checkpoint takes the chunk writer's turn between two chunks (SQLite's
   * busy handler alone never wins it), finishes, and truncates the log (TRUNCATE), which holds the
   * writer up only for the frames not copied yet.
   */
  private void checkpoint() {
    synchronized (checkpointConnection) {
      try (Statement s = checkpointConnection.createStatement()) {
        long frames = 0;
        try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
          if (rs.next()) {
            frames = rs.getLong(2);
          }
        }
        if (frames > walLimitFrames) {
          chunkWriter.between(
              () -> {
                try {
                  s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                } catch (SQLException e) {
                  log.debug("truncating checkpoint failed: {}", e.toString());
                }
              },
              BETWEEN_CHUNKS_SECONDS); // a chunk that long is rare; the next round tries again
        }
      } catch (SQLException e) {
        log.debug("checkpoint failed: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Runs a small update between two chunk transactions of this store (the chunk writer is held up
   * meanwhile), so that the chunks of a long run cannot starve it.
   */
  void updateBetweenChunks(String sql, Object... args) {
    try {
      if (!chunkWriter.between(() -> update(sql, args), BETWEEN_CHUNKS_SECONDS)) {
        throw new StoreException(
            "no pause between chunk transactions in " + BETWEEN_CHUNKS_SECONDS + " s", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a pause between chunks", e);
    }
  }

  private static final long BETWEEN_CHUNKS_SECONDS = 30;

  /** The run locks, for tests that shorten their heartbeat. */
  SqliteRunLocks runLocks() {
    return runLocks;
  }

  /** About 128 MB of log at the store's 32 KiB pages. */
  static final long WAL_LIMIT_FRAMES = 4096;

  // ---- chunk writes ----

  @Override
  public ChunkTransaction beginChunk(long runId, String exportUuid, int chunkId, Entity entity) {
    return chunkWriter.begin(runId, exportUuid, chunkId, entity);
  }

  // ---- connections ----

  @Override
  protected SqlDialect dialect() {
    return SqlDialect.SQLITE;
  }

  @Override
  protected <T> T write(Work<T> work) {
    synchronized (control) {
      try {
        return work.run(control);
      } catch (SQLException e) {
        throw new StoreException("database error: " + noteDamage(e).getMessage(), e);
      } catch (StoreException e) {
        throw noteDamage(e);
      }
    }
  }

  @Override
  protected <T> T read(QueryBudget budget, Work<T> work) {
    Connection c;
    try {
      c = readers.poll(connectionWait(budget).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a database connection", e);
    }
    if (c == null) {
      throw new StoreBusyException(
          "the inventory is busy: all "
              + READERS
              + " query connections stayed in use for "
              + QueryBudget.describe(connectionWait(budget))
              + "; try again shortly");
    }
    var slot = readerBudgets.get(c);
    slot.set(budget);
    running.add(budget);
    try {
      budget.check();
      return work.run(c);
    } catch (SQLException | StoreException e) {
      if (!(e instanceof QueryStoppedException) && budget.exhausted()) {
        throw budget.stoppedException();
      }
      throw failure(e);
    } finally {
      slot.set(null);
      running.remove(budget);
      readers.add(c);
    }
  }

  @Override
  public void close() {
    stopQueries("the inventory is closing");
    heartbeats.shutdownNow();
    synchronized (checkpointConnection) {
      try (Statement s = checkpointConnection.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch (SQLException e) {
        log.debug("final checkpoint failed: {}", e.toString());
      }
    }
    chunkWriter.close();
    List<Connection> all = new ArrayList<>(allReaders);
    all.add(control);
    all.add(checkpointConnection);
    for (Connection c : all) {
      try {
        c.close();
      } catch (SQLException e) {
        log.debug("closing a connection failed: {}", e.toString());
      }
    }
  }
}
