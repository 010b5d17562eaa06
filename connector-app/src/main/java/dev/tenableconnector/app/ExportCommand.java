package dev.tenableconnector.app;

import dev.tenableconnector.core.export.ExportFormat;
import dev.tenableconnector.core.export.InventoryExporter;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.query.InventoryQuery;
import dev.tenableconnector.core.query.QueryException;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes the inventory's assets or findings out, streaming, as JSONL, CSV or OCSF events. */
@Command(name = "export", mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = {"Writes the stored assets or findings to stdout (or --output) in the normalized"
        + " model: one JSON object per line (jsonl) keyed by target field names, or CSV with a header;"
        + " or findings as OCSF 1.3.0 Vulnerability Finding events (ocsf), one per line.",
        "Every field is present: empty lists are [], other empty values null (jsonl) or empty (csv).",
        "--query selects records, e.g. 'inventory:(source:\"Tenable\") finding.severity:>=4' (see docs/query.md)."})
final class ExportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "assets|findings", description = "What to export.")
  String what;

  @Option(names = "--db", paramLabel = "PATH|URL", defaultValue = "data/tenable-connector.db",
      description = "Inventory: a SQLite file or jdbc:postgresql://host:port/db (default: ${DEFAULT-VALUE}).")
  String db;

  @Option(names = "--format", defaultValue = "jsonl",
      description = "jsonl, csv, or ocsf (findings only) (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"--query", "-q"}, paramLabel = "QUERY", description = "Only the records that match this query.")
  String query;

  @Option(names = "--output", paramLabel = "FILE", description = "Write to this file instead of stdout.")
  Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    Entity entity;
    ExportFormat exportFormat;
    InventoryQuery parsed;
    try {
      entity = switch (what.toLowerCase(Locale.ROOT)) {
        case "assets" -> Entity.ASSET;
        case "findings" -> Entity.FINDING;
        default -> throw new IllegalArgumentException("export what? '" + what + "' (expected assets or findings)");
      };
      exportFormat = ExportFormat.parse(format);
      if (exportFormat == ExportFormat.OCSF && entity != Entity.FINDING) {
        throw new IllegalArgumentException("--format ocsf exports findings (OCSF Vulnerability Finding events);"
            + " export assets as jsonl or csv");
      }
      parsed = query == null ? null : InventoryQuery.parse(query);
    } catch (QueryException e) {
      err.println("export: --query " + e.getMessage());
      err.println("  " + query);
      err.println("  " + " ".repeat(e.position()) + "^");
      return ExitCodes.USAGE;
    } catch (IllegalArgumentException e) {
      err.println("export: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (!InventoryStores.exists(db)) {
      err.println("export: there is no inventory at " + db + "; run `bin/tenable-connector sync --db "
          + db + "` first");
      return ExitCodes.USAGE;
    }
    try (InventoryStore store = InventoryStores.open(db, System.getenv())) {
      spec.commandLine().getOut().flush();
      if (output != null) {
        try (OutputStream file = new BufferedOutputStream(new FileOutputStream(output.toFile()), 1 << 16)) {
          long n = InventoryExporter.export(store, entity, exportFormat, parsed, file);
          err.printf("export: %,d %s written to %s%n", n, entity.plural(), output);
        }
      } else {
        OutputStream stdout = new BufferedOutputStream(System.out, 1 << 16);
        InventoryExporter.export(store, entity, exportFormat, parsed, stdout);
        stdout.flush();
      }
    }
    return ExitCodes.OK;
  }
}
