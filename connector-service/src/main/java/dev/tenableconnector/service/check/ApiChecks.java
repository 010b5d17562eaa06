package dev.tenableconnector.service.check;

import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableClient;
import dev.tenableconnector.client.TenableError;
import dev.tenableconnector.client.export.AssetExportRequest;
import dev.tenableconnector.client.export.ExportApi;
import dev.tenableconnector.client.export.ExportKind;
import dev.tenableconnector.client.export.ExportState;
import dev.tenableconnector.client.export.ExportStatus;
import dev.tenableconnector.client.model.Role;
import dev.tenableconnector.client.model.TenableSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Test Connection's checks against the API: the keys, their role and permissions, a data fetch. */
final class ApiChecks {
  private static final Logger log = LoggerFactory.getLogger(ConnectionTester.class);

  private final ConnectionTester.Options options;

  ApiChecks(ConnectionTester.Options options) {
    this.options = options;
  }

  // ---- 3. authentication ----

  CheckOutcome authenticate(TenableClient client, TenableSession[] session) {
    try {
      session[0] = client.session();
      TenableSession s = session[0];
      if (s.containerUuid() == null && s.permissions() < 0) {
        // Not Tenable's session shape (no container, no permissions): whatever answered, its
        // words (a user name, say) are not repeated here; the export checks below decide.
        return CheckOutcome.passed("the keys were accepted (GET /session answered 200)");
      }
      return CheckOutcome.passed(
          "the keys belong to "
              + (s.username() != null ? s.username() : "user " + s.uuid())
              + (s.containerName() != null ? " in container " + s.containerName() : "")
              + (Boolean.FALSE.equals(s.enabled()) ? " (the user is disabled)" : ""));
    } catch (TenableApiException e) {
      if (e.error() == TenableError.AUTHENTICATION) {
        return CheckOutcome.failed(
            "Tenable rejected the keys (HTTP 401): they are wrong, revoked, or were"
                + " regenerated (regenerating keys in Tenable revokes the previous pair)",
            "Copy the current access and secret keys from Tenable (Settings > My Account > API Keys) and enter both again.");
      }
      if (e.error() == TenableError.PERMISSION) {
        // 403 means the keys were recognised; the authorization check will say what is missing.
        return CheckOutcome.passed(
            "the keys are valid (GET /session answered 403, not 401; the user's role could not be read)");
      }
      return CheckOutcome.failed("GET /session failed: " + ourWords(e), e.remedy());
    }
  }

  // ---- 4. authorization ----

  CheckOutcome authorize(TenableClient client, TenableSession session, boolean findings) {
    String roleText = "";
    String belowBasic = null;
    if (session != null) {
      if (Boolean.FALSE.equals(session.enabled())) {
        return CheckOutcome.failed(
            "the Tenable user " + session.username() + " is disabled",
            "Enable the user in Tenable (Settings > Access Control > Users) or use another user's keys.");
      }
      int permissions = session.permissions();
      Role role = session.role();
      if (permissions >= 0 && !Role.canExport(permissions)) {
        // A custom role reports its own value, which may be below Basic (16) and still carry the
        // export privilege: the job lists and the data fetch below decide, not the number.
        belowBasic =
            "warning: the user's role is "
                + role.label()
                + " ("
                + permissions
                + "), below Basic (16); a custom role with the export privilege can still export, which"
                + " the data fetch checks; ";
      } else {
        roleText =
            "role " + role.label() + (permissions >= 0 ? " (" + permissions + ")" : "") + "; ";
      }
    }
    List<String> allowed = new ArrayList<>();
    List<String> unlisted = new ArrayList<>();
    List<ExportKind<?>> kinds =
        findings ? List.of(ExportKind.ASSETS, ExportKind.VULNS) : List.of(ExportKind.ASSETS);
    for (ExportKind<?> kind : kinds) {
      String what = kind == ExportKind.VULNS ? "vulnerability exports" : "asset exports";
      try {
        client.exports().list(kind);
        allowed.add(what);
      } catch (TenableApiException e) {
        if (e.httpStatus() == 404 || e.httpStatus() == 405 || e.httpStatus() == 501) {
          // A gateway or an older API without the job list: not a refusal; the data fetch
          // below starts a real export and so proves (or refutes) export permission.
          unlisted.add(what);
          continue;
        }
        if (e.error() == TenableError.PERMISSION) {
          if (belowBasic != null) {
            return CheckOutcome.failed(
                "the user's role is "
                    + session.role().label()
                    + " ("
                    + session.permissions()
                    + "); exports need at least Basic (16), and Tenable refused "
                    + what
                    + " (HTTP 403 on GET "
                    + kind.jobPath()
                    + "/status)",
                "Give the API user the Basic (16) role or higher (Administrator (64) on FedRAMP/GovCloud), or a"
                    + " custom role with the export privilege (TIO_BACKEND.EXPORT.MANAGE_OWN), and Can View on the assets.");
          }
          return CheckOutcome.failed(
              "Tenable refused "
                  + what
                  + " (HTTP 403 on GET "
                  + kind.jobPath()
                  + "/status)"
                  + (allowed.isEmpty()
                      ? ""
                      : "; " + String.join(" and ", allowed) + " are allowed"),
              "The user lacks the permission to export "
                  + (kind == ExportKind.VULNS ? "vulnerabilities" : "assets")
                  + ": give it the Basic (16) role or higher, or a custom role with TIO_BACKEND.EXPORT.MANAGE_OWN,"
                  + " and Can View on the assets (Access Control > Permissions).");
        }
        return CheckOutcome.failed(
            "GET " + kind.jobPath() + "/status failed: " + ourWords(e), e.remedy());
      }
    }
    String listed = allowed.isEmpty() ? "" : String.join(" and ", allowed) + " allowed";
    String notListed =
        unlisted.isEmpty()
            ? ""
            : (listed.isEmpty() ? "" : "; ")
                + "the job list of "
                + String.join(" and ", unlisted)
                + " is not available (HTTP 404), so the data fetch checks export access";
    return CheckOutcome.passed(
        (belowBasic != null ? belowBasic : roleText)
            + listed
            + notListed
            + (findings
                ? ""
                : " (vulnerability exports not checked: the connector syncs assets only)"));
  }

  // ---- 5. data fetch ----

  CheckOutcome dataFetch(TenableClient client) {
    ExportApi exports = client.exports();
    // created_at = 1 s after the epoch selects every asset, and no sync asks for it, so Tenable's
    // duplicate-export rule (409) never hands this probe a sync's job, or a sync this probe's job.
    AssetExportRequest probe =
        AssetExportRequest.builder()
            .chunkSize(AssetExportRequest.MIN_CHUNK_SIZE)
            .createdAfter(Instant.ofEpochSecond(1))
            .build();
    ExportApi.StartedExport started;
    try {
      started = exports.start(probe);
    } catch (TenableApiException e) {
      if (e.error() == TenableError.RATE_LIMITED) {
        return CheckOutcome.failed(
            "Tenable refused a new export: the account is at its export concurrency or"
                + " rate limit (HTTP 429)",
            TenableError.RATE_LIMITED.remedy());
      }
      return CheckOutcome.failed(
          "starting a small asset export failed: " + ourWords(e), e.remedy());
    }
    String uuid = started.uuid();
    long deadline = System.nanoTime() + options.dataFetchBudget().toNanos();
    boolean finished = false;
    try {
      long pause = 250;
      while (true) {
        ExportStatus status = exports.status(ExportKind.ASSETS, uuid);
        if (!status.chunksAvailable().isEmpty()) {
          int chunkId = status.chunksAvailable().get(0);
          AtomicInteger records = new AtomicInteger();
          try (ExportApi.ChunkDownload<?> download =
              exports.chunk(ExportKind.ASSETS, uuid, chunkId, 1)) {
            download.chunk().read(r -> records.incrementAndGet());
          }
          finished = status.state() == ExportState.FINISHED;
          return CheckOutcome.passed(
              "read "
                  + records.get()
                  + " asset record"
                  + (records.get() == 1 ? "" : "s")
                  + " from chunk "
                  + chunkId
                  + " of a test export ("
                  + uuid
                  + "), then "
                  + (finished ? "left the finished export to expire" : "cancelled it"));
        }
        if (status.state() == ExportState.FINISHED) {
          finished = true;
          return CheckOutcome.passed(
              "the export API works, but the test export found no assets: the account has"
                  + " none, or this user cannot view any (runs will import nothing until it can)");
        }
        if (status.state() == ExportState.ERROR || status.state() == ExportState.CANCELLED) {
          finished = true;
          return CheckOutcome.failed(
              "Tenable ended the test export " + uuid + " as " + status.rawStatus(),
              "Tenable could not build the export; try again later, and contact Tenable support if it repeats.");
        }
        if (System.nanoTime() > deadline) {
          return CheckOutcome.failed(
              "Tenable had not produced the first chunk of a test export ("
                  + uuid
                  + ", "
                  + status.rawStatus()
                  + ") within "
                  + options.dataFetchBudget().toSeconds()
                  + " s",
              "Tenable queues exports when it is busy or other exports of this account are running; test again"
                  + " later, and make sure no other integration uses the same Tenable user.");
        }
        Thread.sleep(pause);
        pause = Math.min(pause * 2, 2_000);
      }
    } catch (TenableApiException e) {
      return CheckOutcome.failed("reading the test export failed: " + ourWords(e), e.remedy());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckOutcome.failed("interrupted", "Run the test again.");
    } catch (Exception e) {
      return CheckOutcome.failed(
          "reading the test export failed: " + e, "Run the test again; report it if it repeats.");
    } finally {
      if (!finished && !started.adopted()) {
        try {
          exports.cancel(ExportKind.ASSETS, uuid);
        } catch (RuntimeException e) {
          log.warn("could not cancel the Test Connection export {}: {}", uuid, e.toString());
        }
      }
    }
  }

  /**
   * A failed call in this project's words: the kind and the HTTP status only. Whatever answered may
   * not be Tenable (a URL pointing at an internal service), so its body, banner or error text is
   * never repeated to whoever runs the test.
   */
  static String ourWords(TenableApiException e) {
    String cause = e.getCause() == null ? "" : " (" + e.getCause().getClass().getSimpleName() + ")";
    return e.error().description()
        + (e.httpStatus() > 0 ? " (HTTP " + e.httpStatus() + ")" : cause);
  }
}
