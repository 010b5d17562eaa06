package dev.tenableconnector.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.core.errors.ErrorCode;
import dev.tenableconnector.core.spec.ConnectorSpec;
import dev.tenableconnector.core.spec.Setting;
import dev.tenableconnector.core.spec.SpecValues;
import dev.tenableconnector.core.sync.ExportPreview;
import dev.tenableconnector.core.sync.SyncSettings;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Estimates a first sync from a throwaway export it cancels; stores nothing. */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = {
      "Estimates the assets, findings, bytes and time of a first sync with these settings, from a"
          + " throwaway vulns export it samples and then cancels, and says how it estimated."
          + " Nothing is stored. Keys and settings as for sync (docs/sync.md)."
    })
final class PreviewCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TenableAccessOptions tenable = new TenableAccessOptions();

  @Option(
      names = "--wait",
      defaultValue = "5m",
      description = "How long to wait for Tenable to cut the sample (default: ${DEFAULT-VALUE}).")
  Duration wait;

  @Mixin TextOrJsonOption output = new TextOrJsonOption();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (output.problem().isPresent()) {
      err.println("preview: " + output.problem().get());
      return ExitCodes.USAGE;
    }
    ConnectorSpec.Result checked =
        ConnectorSpec.validate(SpecOptions.given(spec), Setting.Surface.CLI);
    if (!checked.valid()) {
      checked.problems().forEach(p -> err.println("preview: " + p));
      return ExitCodes.USAGE;
    }
    SpecValues values = checked.values();
    TenableAccess access;
    try {
      access = tenable.resolve();
    } catch (TenableAccess.Problem e) {
      err.println("preview: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    SyncSettings settings = values.syncSettings("preview", access.url(), true);
    if (settings.scope() == dev.tenableconnector.core.sync.Scope.ASSETS) {
      err.println("preview: " + ExportPreview.ASSETS_ONLY);
      return ExitCodes.USAGE;
    }
    ExportPreview.Estimate e;
    try (TenableClient client =
        new TenableClient(values.client(access.url(), access.keys()).build())) {
      e = ExportPreview.estimate(client, settings, wait, Clock.systemUTC());
    } catch (TenableApiException x) {
      ErrorCode code = ErrorCode.of(x.error());
      err.println("preview failed: " + x.getMessage() + " Remedy: " + code.remedy());
      return code.exitCode();
    }
    if (output.json()) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(e.toJson(new ObjectMapper())));
    } else {
      out.printf("A first sync would import%s:%n", e.exact() ? "" : " about");
      out.printf(
          "  %,d findings on %,d assets (up to %,d assets in scope)%n",
          e.findings(), e.assetsWithFindings(), e.assets());
      out.printf(
          "  %s from Tenable (JSON), about %s in the inventory%n",
          megabytes(e.tenableBytes()), megabytes(e.storedBytes()));
      out.printf(
          "  Tenable's export: %s; the sync itself: %s%n",
          e.tenableTime() == null ? "unknown" : minutes(e.tenableTime()), minutes(e.syncTime()));
      out.println("How: " + e.how());
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
  }

  private static String minutes(Duration d) {
    long s = d.toSeconds();
    return s < 90 ? "about " + s + " s" : "about " + Math.round(s / 60.0) + " min";
  }
}
