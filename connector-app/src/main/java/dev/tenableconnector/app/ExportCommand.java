package dev.tenableconnector.app;

import dev.tenableconnector.core.export.ExportFormat;
import dev.tenableconnector.core.export.InventoryExporter;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.query.InventoryQuery;
import dev.tenableconnector.core.query.QueryException;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes the inventory's assets or findings out, streaming, as JSONL, CSV or OCSF events. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = {
      "Writes the stored assets or findings to stdout (or --output) in the normalized"
          + " model: one JSON object per line (jsonl) keyed by target field names, or CSV with a header;"
          + " or findings as OCSF 1.3.0 Vulnerability Finding events (ocsf), one per line.",
      "Every field is present: empty lists are [], other empty values null (jsonl) or empty (csv).",
      "--query selects records, e.g. 'inventory:(source:\"Tenable\") finding.severity:>=high' (see docs/query.md)."
    })
final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "assets|findings", description = "What to export.")
  String what;

  @Mixin InventoryOption inventory;

  @Option(
      names = "--format",
      defaultValue = "jsonl",
      description = "jsonl, csv, or ocsf (findings only) (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = {"--query", "-q"},
      paramLabel = "QUERY",
      description = "Only the records that match this query.")
  String query;

  @Option(
      names = "--keep-formulas",
      description =
          "CSV: write cells that start with =, +, -, @, tab or"
              + " carriage return as they are. By default such a cell gets a leading ' so that a spreadsheet"
              + " shows it instead of running it (OWASP's advice on CSV injection).")
  boolean keepFormulas;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write to this file instead of stdout.")
  Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    Entity entity;
    ExportFormat exportFormat;
    InventoryQuery parsed;
    try {
      entity =
          switch (what.toLowerCase(Locale.ROOT)) {
            case "assets" -> Entity.ASSET;
            case "findings" -> Entity.FINDING;
            default ->
                throw new IllegalArgumentException(
                    "export what? '" + what + "' (expected assets or findings)");
          };
      exportFormat = ExportFormat.parse(format);
      if (exportFormat == ExportFormat.OCSF && entity != Entity.FINDING) {
        throw new IllegalArgumentException(
            "--format ocsf exports findings (OCSF Vulnerability Finding events);"
                + " export assets as jsonl or csv");
      }
      parsed = query == null ? null : InventoryQuery.parseFor(query, entity);
    } catch (QueryException e) {
      err.println("export: --query " + e.getMessage());
      err.println("  " + query);
      err.println("  " + " ".repeat(e.position()) + "^");
      return ExitCodes.USAGE;
    } catch (IllegalArgumentException e) {
      err.println("export: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (!InventoryStores.exists(inventory.db)) {
      err.println(
          "export: there is no inventory at "
              + inventory.db
              + "; run `bin/tenable-connector sync --db "
              + inventory.db
              + "` first");
      return ExitCodes.USAGE;
    }
    Path partial = null;
    InventoryStore opened;
    try {
      opened = InventoryStores.open(inventory.db, System.getenv());
    } catch (RuntimeException e) {
      err.println("export failed: " + describe(e) + TenableConnectorCli.remedy(e));
      return ExitCodes.FAILED;
    }
    try (InventoryStore store = opened) {
      spec.commandLine().getOut().flush();
      if (output != null) {
        // Written beside the target and renamed when complete: a failed export leaves no partial
        // file, and an existing file is replaced only by a whole one.
        Path target = output.toAbsolutePath();
        partial =
            Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".partial");
        long n;
        try (OutputStream file =
            new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
          n = InventoryExporter.export(store, entity, exportFormat, parsed, file, csvFormulas());
        }
        Files.move(
            partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        partial = null;
        err.printf("export: %,d %s written to %s%n", n, entity.plural(), output);
      } else {
        OutputStream stdout = new BufferedOutputStream(System.out, 1 << 16);
        InventoryExporter.export(store, entity, exportFormat, parsed, stdout, csvFormulas());
        stdout.flush();
      }
    } catch (IOException | RuntimeException e) {
      err.println(
          "export failed: "
              + describe(e)
              + (output != null
                  ? "; " + output + " was not written"
                  : "; the output above is incomplete"));
      return ExitCodes.FAILED;
    } finally {
      if (partial != null) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException ignored) {
          // a temporary file in the output's folder; nothing more can be done about it
        }
      }
    }
    return ExitCodes.OK;
  }

  private InventoryExporter.CsvFormulas csvFormulas() {
    return keepFormulas
        ? InventoryExporter.CsvFormulas.KEEP
        : InventoryExporter.CsvFormulas.NEUTRALISE;
  }

  /** One line: the failure's own message, with the cause when it adds something. */
  private static String describe(Throwable e) {
    Throwable root = e;
    while ((root instanceof java.io.UncheckedIOException || root.getMessage() == null)
        && root.getCause() != null) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
  }
}
