package dev.tenableconnector.emulator.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tenableconnector.emulator.data.AssetState;
import dev.tenableconnector.emulator.data.AssetV2Writer;
import dev.tenableconnector.emulator.data.FindingState;
import dev.tenableconnector.emulator.data.FindingWriter;
import dev.tenableconnector.emulator.data.RecordFault;
import dev.tenableconnector.emulator.data.RecordWriter;
import dev.tenableconnector.emulator.data.SyntheticEstate;
import dev.tenableconnector.emulator.fault.FaultRule;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes one chunk of an export as a JSON array straight to the response stream, generating each
 * record as it goes, so a chunk of any size needs no memory. Record faults replace the records at
 * the positions they name.
 */
public final class ChunkStreamer {
  private final JsonFactory factory = new JsonFactory();

  /** Writes the chunk; returns the number of records written. */
  public long write(ExportJob job, int chunkIndex, List<FaultRule> recordFaults, OutputStream out)
      throws IOException {
    return write(job, job.view(), chunkIndex, recordFaults, out);
  }

  /**
   * The same chunk (its range of assets, its filters) as {@code view} has it rather than the
   * export's own snapshot: the {@code revised} fault's other version.
   */
  public long write(
      ExportJob job,
      SyntheticEstate.View view,
      int chunkIndex,
      List<FaultRule> recordFaults,
      OutputStream out)
      throws IOException {
    RecordWriter writer = new RecordWriter(view.seed());
    AssetV2Writer v2Writer = new AssetV2Writer(writer);
    FindingWriter findingWriter =
        new FindingWriter(
            view.seed(),
            option(recordFaults, FaultRule.Kind.HUGE_OUTPUT, "mb", 50) << 20,
            (int) option(recordFaults, FaultRule.Kind.MANY_CVES, "count", 100_000));
    int[] range = job.range(chunkIndex);
    long position = 0;
    boolean duplicates = recordFaults.stream().anyMatch(r -> r.kind() == FaultRule.Kind.DUPLICATE);
    boolean openedWithPrevious = chunkIndex == 0;
    try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartArray();
      for (int i = range[0]; i < range[1]; i++) {
        AssetState asset = view.asset(i);
        if (job.assetQuery() != null) {
          if (job.assetQuery().matches(asset)) {
            if (job.v2()) {
              v2Writer.write(
                  g, asset, fault(recordFaults, position++), job.openPorts(), job.resourceTags());
            } else {
              writer.writeAsset(
                  g, asset, fault(recordFaults, position++), job.openPorts(), job.resourceTags());
            }
          }
          continue;
        }
        if (!job.vulnQuery().assetMatches(asset) || !job.vulnQuery().mayMatch(asset)) {
          continue;
        }
        if (duplicates && !openedWithPrevious) {
          openedWithPrevious = true;
          writePreviousChunksLast(job, view, chunkIndex, findingWriter, g);
        }
        String assetJson = null;
        for (FindingState f : view.findings(asset)) {
          if (job.vulnQuery().findingMatches(f)) {
            if (assetJson == null) {
              assetJson = findingWriter.findingAsset(asset);
            }
            RecordFault fault = fault(recordFaults, position++);
            findingWriter.writeFinding(g, asset, assetJson, f, view.findingIds(), fault);
            if (fault == RecordFault.DUPLICATE) {
              findingWriter.writeFinding(
                  g, asset, assetJson, f, view.findingIds(), RecordFault.NONE);
            }
          }
        }
      }
      g.writeEndArray();
    }
    return position;
  }

  /** The last finding the chunk before this one holds, written again (the duplicate fault). */
  private static void writePreviousChunksLast(
      ExportJob job,
      SyntheticEstate.View view,
      int chunkIndex,
      FindingWriter findingWriter,
      JsonGenerator g)
      throws IOException {
    int[] previous = job.range(chunkIndex - 1);
    for (int i = previous[1] - 1; i >= previous[0]; i--) {
      AssetState asset = view.asset(i);
      if (!job.vulnQuery().assetMatches(asset) || !job.vulnQuery().mayMatch(asset)) {
        continue;
      }
      FindingState last = null;
      for (FindingState f : view.findings(asset)) {
        if (job.vulnQuery().findingMatches(f)) {
          last = f;
        }
      }
      if (last != null) {
        findingWriter.writeFinding(
            g, asset, findingWriter.findingAsset(asset), last, view.findingIds(), RecordFault.NONE);
        return;
      }
    }
  }

  private static long option(List<FaultRule> faults, FaultRule.Kind kind, String name, long dflt) {
    for (FaultRule rule : faults) {
      if (rule.kind() == kind) {
        return Long.parseLong(rule.option(name, Long.toString(dflt)));
      }
    }
    return dflt;
  }

  private static RecordFault fault(List<FaultRule> faults, long position) {
    for (FaultRule rule : faults) {
      int every = Integer.parseInt(rule.option("every", "100"));
      if (position % every == every - 1) {
        return switch (rule.kind()) {
          case MISSING_KEYS -> RecordFault.MISSING_KEYS;
          case BAD_VALUE -> RecordFault.BAD_VALUE;
          case NOT_AN_OBJECT -> RecordFault.NOT_AN_OBJECT;
          case HUGE_OUTPUT -> RecordFault.HUGE_OUTPUT;
          case MANY_CVES -> RecordFault.MANY_CVES;
          case DUPLICATE -> RecordFault.DUPLICATE;
          default -> RecordFault.NONE;
        };
      }
    }
    return RecordFault.NONE;
  }
}
