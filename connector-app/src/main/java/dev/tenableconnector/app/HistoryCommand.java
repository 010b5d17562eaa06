package dev.tenableconnector.app;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.core.model.FindingSeverity;
import dev.tenableconnector.core.store.FindingHistory;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Shows one finding's history: the changes of state the syncs recorded, and its episodes. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = {
      "Shows a finding's recorded history, oldest first: each change of state (when, from, to,"
          + " the run that saw it, the severity and modification then, and whether Tenable merged"
          + " several changes between two syncs), then its episodes from found to fixed.",
      "--format json prints the transitions as a JSON array (see docs/history.md)."
    })
final class HistoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin InventoryOption inventory;

  @Option(
      names = "--finding",
      required = true,
      paramLabel = "ID",
      description = "The finding's externalFindingId.")
  String finding;

  @Mixin TextOrJsonOption output = new TextOrJsonOption();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (output.problem().isPresent()) {
      err.println("history: " + output.problem().get());
      return ExitCodes.USAGE;
    }
    if (!inventory.exists("history", err)) {
      return ExitCodes.USAGE;
    }
    Optional<FindingHistory> history;
    try (InventoryStore store = InventoryStores.open(inventory.db, System.getenv())) {
      history = store.history(finding);
    }
    if (history.isEmpty()) {
      err.println("history: no finding '" + finding + "' in " + inventory.db);
      return ExitCodes.FAILED;
    }
    if (output.json()) {
      json(out, history.get());
    } else {
      text(out, history.get());
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** The transitions as a JSON array, each with at, from, to, runId and what else was recorded. */
  static void json(PrintWriter out, FindingHistory h) throws IOException {
    JsonGenerator g = new ObjectMapper().getFactory().createGenerator(out);
    g.useDefaultPrettyPrinter();
    g.writeStartArray();
    for (FindingHistory.Transition t : h.transitions()) {
      g.writeStartObject();
      g.writeStringField("at", t.at().toString());
      g.writeStringField("from", t.from());
      g.writeStringField("to", t.to());
      g.writeNumberField("runId", t.runId());
      if (t.severity() == null) {
        g.writeNullField("severity");
      } else {
        g.writeNumberField("severity", t.severity());
      }
      FindingSeverity name = FindingSeverity.ofLevel(t.severity());
      g.writeStringField("severityName", name == null ? null : name.key());
      g.writeStringField("modification", t.modification());
      g.writeStringField("flag", t.flag());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.flush();
    out.println();
  }

  private static void text(PrintWriter out, FindingHistory h) {
    out.printf(
        "Finding %s: %d changes, %d episodes%n",
        h.findingId(), h.transitions().size(), h.episodes().size());
    for (FindingHistory.Transition t : h.transitions()) {
      FindingSeverity s = FindingSeverity.ofLevel(t.severity());
      out.printf(
          "  %s  %-9s -> %-16s run %d  %s%s%s%n",
          t.at(),
          t.from() == null ? "(new)" : t.from(),
          t.to(),
          t.runId(),
          s == null ? "" : s.label(),
          t.modification() == null || t.modification().equals("NONE")
              ? ""
              : ", " + t.modification(),
          t.flag() == null ? "" : "  [" + t.flag() + "]");
    }
    out.println("Episodes:");
    for (FindingHistory.Episode e : h.episodes()) {
      out.printf(
          "  %d. %s -> %s%n",
          e.number(),
          e.opened(),
          e.closed() == null ? "open" : e.closed() + " (" + e.closeReason() + ")");
    }
  }
}
