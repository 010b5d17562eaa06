package dev.tenableconnector.core.sync;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.ChunkCounts;
import dev.tenableconnector.core.store.ChunkTransaction;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.RejectedRecord;
import dev.tenableconnector.core.store.StoreRow;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that writes to the store. Chunk handlers (several, in parallel) parse and
 * transform records and hand batches to their {@link Sink}; the writer applies one chunk at a time,
 * in the order the chunks opened, each in its own transaction. So parsing and writing overlap on
 * different cores while each chunk stays atomic, and a sink's bounded queue keeps memory flat when
 * parsing runs ahead of the disk.
 */
final class StoreWriter implements AutoCloseable {
  /**
   * How far (in KiB of row data) a chunk's handler may run ahead of the writer: enough for the
   * handlers of the next chunks to keep parsing while the writer stores the current one, small
   * enough to keep the heap flat.
   */
  private static final int BUDGET_KIB = 16 * 1024;

  private static final Sink STOP = new Sink(null, 0, null, 0, null);

  private final InventoryStore store;
  private final BlockingQueue<Sink> order = new LinkedBlockingQueue<>();
  private final Thread thread;

  StoreWriter(InventoryStore store) {
    this.store = store;
    this.thread = new Thread(this::loop, "inventory-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Opens the sink of one chunk; the writer serves sinks in the order they were opened. */
  Sink open(long runId, String exportUuid, int chunkId, Entity entity) {
    Sink sink = new Sink(this, runId, exportUuid, chunkId, entity);
    order.add(sink);
    return sink;
  }

  private void loop() {
    while (true) {
      Sink sink;
      try {
        sink = order.take();
      } catch (InterruptedException e) {
        return;
      }
      if (sink == STOP) {
        return;
      }
      sink.apply(store);
    }
  }

  @Override
  public void close() {
    order.add(STOP);
    try {
      thread.join(TimeUnit.MINUTES.toMillis(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What a chunk handler sends to the writer. */
  private sealed interface Item permits Batch, Reject, Commit, Rollback {}

  private record Batch(List<StoreRow> rows, int kib) implements Item {}

  private record Reject(RejectedRecord record) implements Item {}

  private record Commit(ChunkCounts handlerCounts) implements Item {}

  private record Rollback() implements Item {}

  /** One chunk's way to the writer. Used by one handler thread; the writer reads the other end. */
  static final class Sink {
    private final StoreWriter writer;
    private final long runId;
    private final String exportUuid;
    private final int chunkId;
    private final Entity entity;
    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final Semaphore budget = new Semaphore(BUDGET_KIB);
    private final CompletableFuture<ChunkCounts> done = new CompletableFuture<>();

    private final Thread producer = Thread.currentThread();

    Sink(StoreWriter writer, long runId, String exportUuid, int chunkId, Entity entity) {
      this.writer = writer;
      this.runId = runId;
      this.exportUuid = exportUuid;
      this.chunkId = chunkId;
      this.entity = entity;
    }

    void write(List<StoreRow> rows) throws Exception {
      long bytes = 0;
      for (StoreRow row : rows) {
        bytes += row.bytes();
      }
      int kib = (int) Math.min(BUDGET_KIB, bytes >> 10);
      while (!budget.tryAcquire(kib, 200, TimeUnit.MILLISECONDS)) {
        if (done.isDone()) {
          await();
          throw new IllegalStateException("chunk " + chunkId + " was already finished");
        }
        if (!writer.thread.isAlive()) {
          throw new IllegalStateException("the inventory writer has stopped");
        }
      }
      send(new Batch(rows, kib));
    }

    void reject(RejectedRecord record) throws Exception {
      send(new Reject(record));
    }

    /** Commits the chunk and waits until it is stored; returns what it did. */
    ChunkCounts commit(ChunkCounts handlerCounts) throws Exception {
      send(new Commit(handlerCounts));
      return await();
    }

    /**
     * Undoes the chunk and waits until the writer has rolled it back. Runs even when the handler
     * thread was interrupted (an export being stopped): the interrupt is set aside until the writer
     * has the rollback, or the writer would hold the chunk's transaction forever.
     */
    void rollback() {
      boolean interrupted = Thread.interrupted();
      try {
        send(new Rollback());
        await();
      } catch (Exception e) {
        // The writer failed on this chunk already, which rolled it back.
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private ChunkCounts await() throws Exception {
      try {
        return done.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof Exception ex ? ex : new IllegalStateException(cause);
      }
    }

    /** Queues an item; the queue is unbounded (batches are bounded by {@link #budget}). */
    private void send(Item item) throws Exception {
      if (done.isDone()) {
        await();
        throw new IllegalStateException("chunk " + chunkId + " was already finished");
      }
      if (!writer.thread.isAlive()) {
        throw new IllegalStateException("the inventory writer has stopped");
      }
      items.add(item);
    }

    private void apply(InventoryStore store) {
      ChunkCounts counts = new ChunkCounts();
      try (ChunkTransaction tx = store.beginChunk(runId, exportUuid, chunkId, entity)) {
        while (true) {
          Item item = items.poll(1, TimeUnit.SECONDS);
          if (item == null) {
            if (!producer.isAlive()) {
              // The handler's thread is gone without finishing the chunk: undo it.
              tx.rollback();
              done.complete(null);
              return;
            }
            continue;
          }
          if (item instanceof Batch batch) {
            tx.write(entity, batch.rows(), counts);
            budget.release(batch.kib());
          } else if (item instanceof Reject reject) {
            tx.reject(reject.record());
          } else if (item instanceof Commit commit) {
            counts.add(commit.handlerCounts());
            tx.commit(counts);
            done.complete(counts);
            return;
          } else {
            tx.rollback();
            done.complete(null);
            return;
          }
        }
      } catch (Throwable e) {
        done.completeExceptionally(e);
        items.clear();
      }
    }
  }
}
