package dev.tenableconnector.core.store;

import dev.tenableconnector.core.model.Entity;
import java.util.Optional;

/**
 * Where the inventory ({@link Inventory}) and the sync bookkeeping ({@link RunLog}) live, in one
 * database. The contract every engine implements (SQLite, PostgreSQL): records upserted by external
 * id one chunk per transaction together with the chunk's progress; the delta watermark moved only
 * by a completed run; one run per connector.
 */
public interface InventoryStore extends RunLog, Inventory, AutoCloseable {
  /** For messages: the engine and where the data is, never credentials. */
  String describe();

  ChunkTransaction beginChunk(long runId, String exportUuid, int chunkId, Entity entity);

  /** How much space the inventory takes (file and log, or the database), for reports. */
  long sizeBytes();

  /**
   * Stops every read running now (each ends with {@link QueryStoppedException} naming {@code why}),
   * so that a stop is not held up by a slow query. Writes are not touched.
   */
  void stopQueries(String why);

  /**
   * The first sign of a damaged database that a read or write met (SQLite's "malformed" or "not a
   * database", PostgreSQL's data-corruption errors), for health checks; empty while none was seen.
   */
  Optional<String> damage();

  /** The bookkeeping connection, for a module's own tables in the same database. */
  SqlAccess sql();

  @Override
  void close();
}
