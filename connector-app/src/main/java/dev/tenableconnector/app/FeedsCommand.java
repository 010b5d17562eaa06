package dev.tenableconnector.app;

import dev.tenableconnector.core.insight.DecisionTables;
import dev.tenableconnector.core.insight.FeedException;
import dev.tenableconnector.core.insight.FeedImport;
import dev.tenableconnector.core.insight.InsightRefresh;
import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The threat feeds the priority reads: CISA's KEV catalogue and FIRST's EPSS scores. */
@Command(
    name = "feeds",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = {
      "The threat feeds findings are prioritised with (see docs/priority.md): `feeds import` reads"
          + " files, `feeds update` fetches them, `feeds status` shows what is imported."
    },
    subcommands = {FeedsCommand.Import.class, FeedsCommand.Update.class, FeedsCommand.Status.class})
final class FeedsCommand implements Callable<Integer> {
  /** Where CISA publishes the KEV catalogue. */
  static final String KEV_URL =
      "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json";

  /** Where FIRST's EPSS scores of the day are published. */
  static final String EPSS_URL = "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      versionProvider = TenableConnectorCli.VersionProvider.class,
      description =
          "Imports CISA's KEV catalogue (its JSON) and/or FIRST's EPSS scores (its CSV, plain or"
              + " gzipped) from files, then refreshes every finding's priority.")
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin InventoryOption inventory;

    @Option(names = "--kev", paramLabel = "FILE", description = "CISA's KEV catalogue, JSON.")
    Path kev;

    @Option(names = "--epss", paramLabel = "FILE", description = "FIRST's EPSS scores, CSV(.gz).")
    Path epss;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      List<String> problems = new ArrayList<>();
      if (kev == null && epss == null) {
        problems.add("give --kev FILE, --epss FILE or both");
      }
      for (Path p : new Path[] {kev, epss}) {
        if (p != null && !Files.isReadable(p)) {
          problems.add(p + " cannot be read");
        }
      }
      if (!problems.isEmpty()) {
        problems.forEach(p -> err.println("feeds import: " + p));
        return ExitCodes.USAGE;
      }
      if (!inventory.exists("feeds import", err)) {
        return ExitCodes.USAGE;
      }
      return load(
          spec,
          inventory.db,
          kev,
          kev == null ? null : kev.toString(),
          epss,
          epss == null ? null : epss.toString(),
          "feeds import");
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      versionProvider = TenableConnectorCli.VersionProvider.class,
      description =
          "Fetches CISA's KEV catalogue and FIRST's EPSS scores from their public addresses (or"
              + " those given) and imports them; without a network, use `feeds import`.")
  static final class Update implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin InventoryOption inventory;

    @Option(
        names = "--kev-url",
        paramLabel = "URL",
        defaultValue = KEV_URL,
        description = "Default: ${DEFAULT-VALUE}")
    URI kevUrl;

    @Option(
        names = "--epss-url",
        paramLabel = "URL",
        defaultValue = EPSS_URL,
        description = "Default: ${DEFAULT-VALUE}")
    URI epssUrl;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        defaultValue = "2m",
        description = "How long each download may take (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      if (!inventory.exists("feeds update", err)) {
        return ExitCodes.USAGE;
      }
      Path dir = Files.createTempDirectory("tenable-feeds");
      try {
        Path kevFile = dir.resolve("kev.json");
        Path epssFile = dir.resolve("epss.csv.gz");
        HttpClient http =
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        for (Object[] d : new Object[][] {{kevUrl, kevFile, "KEV"}, {epssUrl, epssFile, "EPSS"}}) {
          String failure = fetch(http, (URI) d[0], (Path) d[1], timeout);
          if (failure != null) {
            err.println(
                "feeds update: cannot fetch "
                    + d[2]
                    + " from "
                    + d[0]
                    + ": "
                    + failure
                    + "; nothing was imported (`feeds import` takes files)");
            return ExitCodes.FAILED;
          }
        }
        return load(
            spec,
            inventory.db,
            kevFile,
            kevUrl.toString(),
            epssFile,
            epssUrl.toString(),
            "feeds update");
      } finally {
        try (var files = Files.list(dir)) {
          for (Path p : files.toList()) {
            Files.deleteIfExists(p);
          }
        }
        Files.deleteIfExists(dir);
      }
    }

    /** Downloads {@code url} into {@code file}; the reason it failed, or null. */
    private static String fetch(HttpClient http, URI url, Path file, Duration timeout) {
      try {
        HttpResponse<InputStream> r =
            http.send(
                HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body()) {
          if (r.statusCode() != 200) {
            return "HTTP " + r.statusCode();
          }
          Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return null;
      } catch (IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      versionProvider = TenableConnectorCli.VersionProvider.class,
      description = "Shows the imported feeds: version, date, age, records, SHA-256, source.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin InventoryOption inventory;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (!inventory.exists("feeds status", spec.commandLine().getErr())) {
        return ExitCodes.USAGE;
      }
      try (InventoryStore store = InventoryStores.open(inventory.db, System.getenv())) {
        List<DecisionTables.Snapshot> snapshots = DecisionTables.latestSnapshots(store.sql());
        if (snapshots.isEmpty()) {
          out.println(
              "No feed imported yet: `feeds import --kev FILE --epss FILE` or `feeds update`.");
        }
        for (DecisionTables.Snapshot s : snapshots) {
          print(out, s);
        }
      }
      return ExitCodes.OK;
    }
  }

  /** Imports the files given, refreshes the priorities, and says what was done. */
  static int load(
      CommandSpec spec,
      String db,
      Path kev,
      String kevSource,
      Path epss,
      String epssSource,
      String command) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (InventoryStore store = InventoryStores.open(db, System.getenv())) {
      Instant now = Instant.now();
      for (Object[] f :
          new Object[][] {
            {FeedImport.Feed.KEV, kev, kevSource}, {FeedImport.Feed.EPSS, epss, epssSource}
          }) {
        if (f[1] == null) {
          continue;
        }
        FeedImport.Result r;
        try {
          r =
              FeedImport.importFile(
                  store.sql(), (FeedImport.Feed) f[0], (Path) f[1], (String) f[2], now);
        } catch (FeedException e) {
          err.println(command + ": " + e.getMessage() + "; nothing of it was imported");
          return ExitCodes.USAGE;
        }
        out.printf(
            "%s %s of %s: %,d records%s, sha256 %s%s%n",
            r.feed(),
            r.version(),
            r.published(),
            r.records(),
            r.rejected() == 0 ? "" : String.format(", %,d set aside", r.rejected()),
            r.sha256(),
            r.unchanged() ? " (the same file as the last import: nothing changed)" : "");
        for (String p : r.problems()) {
          err.println(command + ": " + r.feed() + " " + p);
        }
        if (r.rejected() > r.problems().size()) {
          err.printf(
              "%s: %s and %,d more set aside%n",
              command, r.feed(), r.rejected() - r.problems().size());
        }
      }
      InsightRefresh.Result refreshed = InsightRefresh.refresh(store);
      out.printf("priorities refreshed for %,d findings%n", refreshed.findings());
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void print(PrintWriter out, DecisionTables.Snapshot s) {
    String age = "";
    if (s.published() != null) {
      long days =
          ChronoUnit.DAYS.between(LocalDate.parse(s.published()), LocalDate.now(ZoneOffset.UTC));
      age = " (" + days + (days == 1 ? " day" : " days") + " old)";
    }
    out.printf(
        "%-4s %s of %s%s: %,d records, sha256 %s, imported %s from %s%n",
        s.feed(),
        s.version(),
        s.published(),
        age,
        s.records(),
        s.sha256(),
        s.importedAt(),
        s.source());
  }
}
