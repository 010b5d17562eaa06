package dev.tenableconnector.app;

import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.store.ChunkCounts;
import dev.tenableconnector.core.store.RunExport;
import dev.tenableconnector.core.store.RunFailure;
import dev.tenableconnector.core.store.RunRecord;
import java.io.PrintWriter;
import java.time.Duration;

/** Prints a run the way the sync, demo and runs commands show it. */
final class RunSummary {
  private RunSummary() {}

  static void print(PrintWriter out, RunRecord run) {
    Duration elapsed = run.elapsed();
    out.printf(
        "Run %d of connector '%s': %s %s%s%s%n",
        run.runId(),
        run.connector(),
        run.mode(),
        run.status(),
        elapsed == null ? "" : String.format(" in %.1f s", elapsed.toMillis() / 1000.0),
        run.resumedCount() > 0
            ? " (resumed " + run.resumedCount() + "x after an interruption)"
            : "");
    out.println(
        "  scope " + run.scope() + ", preset " + run.preset() + ", map \"" + run.mapName() + "\"");
    counts(out, "assets", run.counts(Entity.ASSET), true);
    if (!"assets".equals(run.scope())) {
      counts(out, "findings", run.counts(Entity.FINDING), false);
    }
    if (elapsed != null && !elapsed.isZero()) {
      double seconds = elapsed.toNanos() / 1e9;
      out.printf(
          "  throughput: %,.0f findings/s, %,.0f assets/s%n",
          run.counts(Entity.FINDING).seen / seconds, run.counts(Entity.ASSET).seen / seconds);
    }
    for (RunExport export : run.exports()) {
      out.printf(
          "  export %-17s %s %s%s%n",
          export.phase(),
          export.exportUuid(),
          export.status(),
          export.outcome() == null || export.outcome().equals("COMPLETED")
              ? ""
              : " (" + export.outcome() + ")");
    }
    out.println(
        "  watermark: "
            + (run.watermarkBefore() == null ? "none (full import)" : run.watermarkBefore())
            + " -> "
            + (run.watermarkAfter() == null ? "unchanged" : run.watermarkAfter()));
    if (run.errorMessage() != null) {
      out.println(
          "  error: "
              + run.errorCode()
              + (run.tenableStatus() == null ? "" : " (HTTP " + run.tenableStatus() + ")")
              + ": "
              + run.errorMessage());
      if (run.remedy() != null) {
        out.println("  remedy: " + run.remedy());
      }
    }
  }

  private static void counts(PrintWriter out, String label, ChunkCounts c, boolean asset) {
    out.printf(
        "  %-9s seen %,d, inserted %,d, updated %,d, unchanged %,d, rejected %,d",
        label + ":", c.seen, c.inserted, c.updated, c.unchanged, c.rejected);
    if (asset) {
      out.printf(", newly deleted %,d, newly terminated %,d%n", c.deleted, c.terminated);
    } else {
      out.printf(
          ", newly fixed %,d%s%n",
          c.fixed,
          c.filtered > 0 ? String.format(", filtered out by the preset %,d", c.filtered) : "");
    }
  }

  /** The one line a failed sync ends with: cause, Tenable status and remedy. */
  static String failureLine(RunFailure failure) {
    return "sync failed: "
        + failure.message()
        + (failure.tenableStatus() == null ? "" : " [HTTP " + failure.tenableStatus() + "]")
        + (failure.remedy() == null ? "" : " Remedy: " + failure.remedy());
  }
}
