package dev.tenableconnector.app;

import dev.tenableconnector.client.export.ExportStatus;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.ChunkCounts;
import dev.tenableconnector.core.store.RunMode;
import dev.tenableconnector.core.sync.SyncProgress;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress display on the terminal (rewritten in place, at most a few times a second);
 * off when the output is not a terminal, so logs and pipes stay clean.
 */
final class ProgressDisplay implements SyncProgress {
  private final PrintWriter err;
  private final boolean enabled;
  private final long startNanos = System.nanoTime();
  private final AtomicLong assets = new AtomicLong();
  private final AtomicLong findings = new AtomicLong();
  private final AtomicLong chunks = new AtomicLong();
  private volatile String phase = "";
  private volatile long runId;
  private volatile String exportUuid;
  private volatile String state = "";
  private volatile long lastDraw;
  private volatile boolean drawn;

  ProgressDisplay(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  static boolean onTerminal() {
    return System.console() != null;
  }

  @Override
  public void runStarted(long runId, RunMode mode, boolean resumed) {
    this.runId = runId;
    line(
        (resumed ? "resuming" : "starting")
            + " run "
            + runId
            + " ("
            + mode.name().toLowerCase(java.util.Locale.ROOT)
            + ")");
  }

  @Override
  public void exportStarted(String phase, String exportUuid, boolean adopted) {
    this.phase = phase;
    this.exportUuid = exportUuid;
    this.state = adopted ? "following" : "started";
    draw(true);
  }

  @Override
  public void exportStatus(String phase, ExportStatus status) {
    this.state = status.state().toString();
    draw(false);
  }

  @Override
  public void chunkStored(String phase, Entity entity, ChunkCounts counts) {
    chunks.incrementAndGet();
    (entity == Entity.ASSET ? assets : findings).addAndGet(counts.seen);
    draw(false);
  }

  @Override
  public void exportRestarted(String phase, String outcome, String message) {
    line("export " + phase + " ended " + outcome + "; starting a new one");
  }

  private void draw(boolean force) {
    long now = System.nanoTime();
    if (!enabled || !force && now - lastDraw < 250_000_000L) {
      return;
    }
    lastDraw = now;
    double seconds = Math.max(0.001, (now - startNanos) / 1e9);
    String text =
        String.format(
            "%s export %s: %d chunks, %,d assets, %,d findings (%,.0f records/s)",
            phase,
            state,
            chunks.get(),
            assets.get(),
            findings.get(),
            (assets.get() + findings.get()) / seconds);
    synchronized (err) {
      err.print("\r" + text + "\u001b[K");
      err.flush();
      drawn = true;
    }
  }

  private void line(String text) {
    if (!enabled) {
      return;
    }
    synchronized (err) {
      err.print((drawn ? "\r\u001b[K" : "") + text + System.lineSeparator());
      err.flush();
      drawn = false;
    }
  }

  /** Ends the progress line so what follows starts on a clean line. */
  /**
   * What a stop in the middle means for the user, said when the process is interrupted (Ctrl-C,
   * SIGTERM): the stored chunks stay, the next sync resumes, the watermark has not moved.
   */
  String interruptedNote() {
    if (runId == 0) {
      return "sync: interrupted before a run started; the inventory is unchanged.";
    }
    return "sync: interrupted during the "
        + (phase.isEmpty() ? "first" : phase)
        + " phase of run "
        + runId
        + " ("
        + chunks.get()
        + " chunks stored). Nothing stored is lost and the watermark has not moved: the next"
        + " `sync` with the same settings resumes run "
        + runId
        + ", downloading only the chunks not stored yet"
        + (exportUuid == null
            ? ""
            : ", from Tenable export "
                + exportUuid
                + " while it lasts (Tenable keeps"
                + " finished exports about a day; after that a new export is started)")
        + ".";
  }

  void finish() {
    if (enabled && drawn) {
      synchronized (err) {
        err.print("\r\u001b[K");
        err.flush();
        drawn = false;
      }
    }
  }
}
