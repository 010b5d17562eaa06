package dev.tenableconnector.client.http;

import dev.tenableconnector.client.TenableApiException;
import dev.tenableconnector.client.TenableError;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tenable's other answer to an export identical to one already running: besides the documented 409
 * with {@code active_job_id}, it has been seen to answer 429 with "Duplicate export (job_uuid=…
 * container_uuid=…). not allowed. Please modify request or wait until existing export is complete."
 * Waiting would not help (the job runs for minutes), so the transport does not retry it; the caller
 * adopts the named job as it does on a 409.
 */
public final class DuplicateExportException extends TenableApiException {
  private static final Pattern DUPLICATE =
      Pattern.compile("Duplicate export\\s*\\(\\s*job_uuid\\s*=\\s*([0-9a-fA-F-]{32,36})");

  private final String jobUuid;

  DuplicateExportException(String jobUuid, int httpStatus, String requestUuid, String message) {
    super(TenableError.CONFLICT, httpStatus, requestUuid, message);
    this.jobUuid = jobUuid;
  }

  /** The running job the response names. */
  public String jobUuid() {
    return jobUuid;
  }

  /** The job a duplicate-export refusal names, if the body is one. */
  static Optional<String> namedJob(String body) {
    if (body == null) {
      return Optional.empty();
    }
    Matcher m = DUPLICATE.matcher(body);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
