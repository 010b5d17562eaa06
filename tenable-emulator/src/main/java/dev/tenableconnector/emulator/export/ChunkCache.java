package dev.tenableconnector.emulator.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the chunks of export jobs before they are downloaded, as Tenable prepares them while an
 * export is PROCESSING, so that a download sends bytes instead of generating records: gzip files in
 * a directory of its own, one background thread, at most {@code maxBytes} in all (past that, chunks
 * are generated as they are downloaded), deleted with their job and when the emulator stops. A
 * rendered chunk is the same JSON the live path writes (it has no record faults; a download that
 * must have them goes live).
 */
public final class ChunkCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChunkCache.class);

  private final Path dir;
  private final long maxBytes;
  private final Clock clock;
  private final ChunkStreamer streamer = new ChunkStreamer();
  private final ExecutorService renderer;
  private final Map<String, Map<Integer, Path>> rendered = new ConcurrentHashMap<>();
  private final Map<String, ExportJob> jobs = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();

  public ChunkCache(long maxBytes, Clock clock) {
    this.maxBytes = maxBytes;
    this.clock = clock;
    try {
      this.dir = Files.createTempDirectory("tenable-emulator-chunks");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the emulator's chunk directory", e);
    }
    this.renderer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "emulator-chunk-renderer");
              t.setDaemon(true);
              return t;
            });
  }

  /** Renders the job's chunks in the background, in id order, while it lasts and space remains. */
  public void prepare(ExportJob job) {
    forgetOver();
    jobs.put(job.uuid(), job);
    renderer.submit(() -> render(job));
  }

  private void render(ExportJob job) {
    int count = job.chunkCount();
    for (int index = 0; index < count; index++) {
      if (job.over(clock.instant()) || !jobs.containsKey(job.uuid())) {
        forget(job);
        return;
      }
      if (bytes.get() >= maxBytes) {
        return;
      }
      Path file = dir.resolve(job.uuid() + "-" + index + ".json.gz");
      Path partial = dir.resolve(job.uuid() + "-" + index + ".partial");
      try {
        try (OutputStream out = new FastGzip(Files.newOutputStream(partial))) {
          streamer.write(job, index, List.of(), out);
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        bytes.addAndGet(Files.size(file));
        rendered.computeIfAbsent(job.uuid(), k -> new ConcurrentHashMap<>()).put(index, file);
      } catch (IOException | RuntimeException e) {
        log.warn("rendering chunk {} of export {} failed: {}", index + 1, job.uuid(), e.toString());
        delete(partial);
        return;
      }
      if (!jobs.containsKey(job.uuid())) {
        forget(job); // forgotten while this chunk was rendered
        return;
      }
    }
  }

  /** The gzip file of a rendered chunk (plan index), if it is ready. */
  public Optional<Path> get(ExportJob job, int index) {
    Map<Integer, Path> files = rendered.get(job.uuid());
    return files == null ? Optional.empty() : Optional.ofNullable(files.get(index));
  }

  /** Deletes the job's rendered chunks and renders no more of them. */
  public void forget(ExportJob job) {
    jobs.remove(job.uuid());
    Map<Integer, Path> files = rendered.remove(job.uuid());
    if (files != null) {
      for (Path file : files.values()) {
        long size = sizeOf(file);
        if (delete(file)) {
          bytes.addAndGet(-size);
        }
      }
    }
  }

  /** Forgets the jobs that are over (cancelled, expired, purged). */
  private void forgetOver() {
    for (ExportJob job : List.copyOf(jobs.values())) {
      if (job.over(clock.instant())) {
        forget(job);
      }
    }
  }

  /** The bytes on disk now, for tests and logs. */
  public long bytesHeld() {
    return bytes.get();
  }

  @Override
  public void close() {
    renderer.shutdownNow();
    for (ExportJob job : List.copyOf(jobs.values())) {
      forget(job);
    }
    try (var files = Files.list(dir)) {
      files.forEach(ChunkCache::delete);
    } catch (IOException e) {
      log.debug("listing {} failed: {}", dir, e.toString());
    }
    delete(dir);
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static boolean delete(Path file) {
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("deleting {} failed: {}", file, e.toString());
      return false;
    }
  }

  /** gzip at the fastest level, as the live path writes it. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
