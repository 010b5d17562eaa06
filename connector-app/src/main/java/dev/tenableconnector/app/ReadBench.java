package dev.tenableconnector.app;

import dev.tenableconnector.core.export.ExportFormat;
import dev.tenableconnector.core.export.InventoryExporter;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.query.InventoryQuery;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.PageRequest;
import dev.tenableconnector.core.store.RecordPage;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The read side of an inventory already stored ({@code bench --reads}): pages of 50 findings for
 * queries on indexed fields and on plugin facts, counts by severity, and a JSONL export of every
 * finding to nowhere, each timed, with the heap watched; what the API and {@code export} do,
 * without the HTTP around them.
 */
final class ReadBench {
  private static final int PAGES = 25;

  private ReadBench() {}

  static void run(InventoryStore store, PrintWriter out) throws Exception {
    long findings = store.count(Entity.FINDING);
    out.printf("bench reads: %,d findings, %,d assets%n", findings, store.count(Entity.ASSET));
    String asset = firstKey(store, "externalAssetId");
    String plugin = firstKey(store, "pluginId");
    List<String> queries =
        List.of(
            "",
            "finding.severity:5",
            "finding.severity:>=4 finding.status:OPEN",
            "finding.status:FIXED",
            "finding.plugin:" + plugin,
            "finding.assetId:" + asset,
            "finding.lastFound:>now-7d",
            "finding.cve:CVE-2024*");
    for (String q : queries) {
      List<Double> millis = new ArrayList<>();
      long total = 0;
      long spent = 0;
      for (int i = 0; i < PAGES && (i < 3 || spent < 15_000_000_000L); i++) {
        long start = System.nanoTime();
        RecordPage page =
            store.page(
                new PageRequest(
                    Entity.FINDING,
                    Map.of(),
                    null,
                    false,
                    0,
                    50,
                    q.isEmpty() ? null : InventoryQuery.parse(q)));
        millis.add((System.nanoTime() - start) / 1e6);
        spent += System.nanoTime() - start;
        total = page.total();
      }
      Collections.sort(millis);
      out.printf(
          "bench reads: page of 50, q=%-42s total %,10d: p50 %,8.1f ms, p95 %,8.1f ms (%d pages)%n",
          q.isEmpty() ? "(none)" : q,
          total,
          millis.get(millis.size() / 2),
          millis.get((int) Math.ceil(millis.size() * 0.95) - 1),
          millis.size());
    }
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      int values = store.countBy(Entity.FINDING, "findingSeverity", null).size();
      out.printf(
          "bench reads: counts by severity (%d values) in %,.0f ms%n",
          values, (System.nanoTime() - start) / 1e6);
    }
    try (MemoryWatch memory = new MemoryWatch()) {
      long cpuBefore = cpuNanos();
      long start = System.nanoTime();
      long n =
          InventoryExporter.export(
              store, Entity.FINDING, ExportFormat.JSONL, OutputStream.nullOutputStream());
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = (cpuNanos() - cpuBefore) / 1e9;
      out.printf(
          "bench reads: export findings --format jsonl: %,d records in %.1f s, %,.0f records/s,"
              + " %.1f cpu-s per million, peak heap %d MB%n",
          n, seconds, n / seconds, cpu / (n / 1e6), memory.peakHeapMb());
    }
  }

  private static String firstKey(InventoryStore store, String field) {
    RecordPage page =
        store.page(new PageRequest(Entity.FINDING, Map.of(), null, false, 0, 1, null));
    if (page.items().isEmpty()) {
      return "none";
    }
    var record =
        dev.tenableconnector.core.model.RecordJson.read(Entity.FINDING, page.items().get(0).data());
    return String.valueOf(record.get(field));
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
