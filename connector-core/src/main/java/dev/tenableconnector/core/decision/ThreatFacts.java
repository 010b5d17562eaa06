package dev.tenableconnector.core.decision;

import java.util.Map;

/**
 * What the imported threat feeds say, as the priority reads them: CISA's KEV entries and FIRST's
 * latest EPSS score per CVE, each with the snapshot it came from (null when none was imported).
 */
public record ThreatFacts(
    Map<String, KevEntry> kev,
    Snapshot kevSnapshot,
    Map<String, EpssScore> epss,
    Snapshot epssSnapshot) {

  /** A KEV entry: when CISA added the CVE and the remediation due date it set. */
  public record KevEntry(String cveId, String dateAdded, String dueDate) {}

  /** FIRST's EPSS for a CVE on a day: probability (0-1) and percentile (0-1). */
  public record EpssScore(String cveId, double epss, double percentile, String scoreDate) {}

  /** An imported feed file: its version and date as the publisher states them. */
  public record Snapshot(long id, String version, String published, String sha256) {}

  public static ThreatFacts none() {
    return new ThreatFacts(Map.of(), null, Map.of(), null);
  }
}
