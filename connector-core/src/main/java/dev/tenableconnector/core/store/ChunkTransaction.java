package dev.tenableconnector.core.store;

import dev.tenableconnector.core.model.Entity;
import java.util.List;

/**
 * The writes of one export chunk, in one transaction with the run's record that the chunk is done:
 * either everything of the chunk is stored and the chunk counts as done, or nothing is.
 */
public interface ChunkTransaction extends AutoCloseable {
  /**
   * Upserts the rows by key, counting what changed into {@code counts}; stores the shared parts of
   * the findings that changed.
   */
  void write(Entity entity, List<StoreRow> rows, ChunkCounts counts);

  void reject(RejectedRecord record);

  /** Records the chunk as done with its counts and commits. */
  void commit(ChunkCounts counts);

  /** Undoes everything written in this transaction. */
  void rollback();

  /** Rolls back unless committed. */
  @Override
  void close();
}
