package dev.tenableconnector.core.decision;

import dev.tenableconnector.core.model.FindingSeverity;
import dev.tenableconnector.core.model.NormalizedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Derives a finding's {@link FindingInsight} from its normalized record, its current episode, its
 * asset's ACR, the threat feeds and the remediation policy. Tenable's own scores (VPR, VPR v2, AES)
 * are never re-derived: the priority is SSVC's, and says what it was decided from.
 */
public final class InsightRules {
  private final RemediationPolicy policy;
  private final ThreatFacts feeds;
  private final Ssvc table;

  public InsightRules(RemediationPolicy policy, ThreatFacts feeds, Ssvc table) {
    this.policy = policy;
    this.feeds = feeds;
    this.table = table;
  }

  /** The same rules over other feed facts (a batch's EPSS scores, say). */
  public InsightRules withFeeds(ThreatFacts other) {
    return new InsightRules(policy, other, table);
  }

  /**
   * The insight of a finding. {@code episodeStart} and {@code closed} are its current episode's
   * (null when its history has none: the record's dates stand in); {@code acr} its asset's ACR.
   */
  public FindingInsight of(NormalizedRecord f, Instant episodeStart, Instant closed, Double acr) {
    Instant firstFound = f.instant("findingFirstFoundOn");
    if (closed == null && "FIXED".equals(f.text("findingStatus"))) {
      closed = f.instant("findingFixedOn");
    }
    Instant start =
        switch (policy.clockStart()) {
          case FIRST_FOUND -> firstFound;
          case EPISODE_START -> episodeStart != null ? episodeStart : firstFound;
          case PUBLISHED ->
              f.instant("vulnPublishedOn") != null ? f.instant("vulnPublishedOn") : firstFound;
        };
    Integer days = policy.days(FindingSeverity.ofLevel(f.integer("findingSeverity")));
    Instant warn = null;
    Instant due = null;
    if (days != null && start != null) {
      Duration window = Duration.ofDays(days);
      due = start.plus(window);
      warn = start.plusMillis((long) (window.toMillis() * policy.approachingAt()));
    } else {
      start = null;
    }

    List<String> cves = cves(f);
    ThreatFacts.KevEntry kev = null;
    for (String cve : cves) {
      ThreatFacts.KevEntry k = feeds.kev().get(cve);
      if (k != null && (kev == null || k.dateAdded().compareTo(kev.dateAdded()) < 0)) {
        kev = k;
      }
    }
    String kevDue = null;
    for (String cve : cves) {
      ThreatFacts.KevEntry k = feeds.kev().get(cve);
      if (k != null
          && k.dueDate() != null
          && (kevDue == null || k.dueDate().compareTo(kevDue) < 0)) {
        kevDue = k.dueDate();
      }
    }
    ThreatFacts.EpssScore epss = null;
    for (String cve : cves) {
      ThreatFacts.EpssScore e = feeds.epss().get(cve);
      if (e != null && (epss == null || e.epss() > epss.epss())) {
        epss = e;
      }
    }

    List<String> why = new ArrayList<>();
    Ssvc.Exploitation exploitation = exploitation(f, kev, why);
    CvssVector vector = vector(f);
    Ssvc.Automatable automatable = automatable(vector, why);
    Ssvc.TechnicalImpact impact = impact(vector, why);
    Ssvc.Level mission = policy.missionImpact(acr);
    why.add(
        "mission impact "
            + mission.name().toLowerCase(Locale.ROOT)
            + (acr == null
                ? " (the asset has no ACR; the policy assumes " + lower(policy.withoutAcr()) + ")"
                : " (asset ACR "
                    + number(acr)
                    + "; the policy: 1-"
                    + policy.lowUpTo()
                    + " low, "
                    + (policy.lowUpTo() + 1)
                    + "-"
                    + policy.mediumUpTo()
                    + " medium, "
                    + (policy.mediumUpTo() + 1)
                    + "-10 high)"));
    Ssvc.Row row = table.decide(exploitation, automatable, impact, mission);
    String reason =
        row.decision().name()
            + ": SSVC "
            + Ssvc.TABLE
            + " row "
            + row.number()
            + " ("
            + lower(exploitation).replace('_', ' ')
            + ", automatable "
            + lower(automatable)
            + ", technical impact "
            + lower(impact)
            + ", mission impact "
            + lower(mission)
            + "). "
            + String.join("; ", why)
            + "."
            + (epss == null
                ? ""
                : " EPSS "
                    + number(epss.epss())
                    + " (percentile "
                    + number(epss.percentile())
                    + ", "
                    + epss.cveId()
                    + ", scores of "
                    + epss.scoreDate()
                    + "), shown, not used by SSVC.");
    return new FindingInsight(
        start,
        warn,
        due,
        closed,
        kev != null,
        kev == null ? null : kev.dateAdded(),
        kevDue,
        epss == null ? null : epss.epss(),
        epss == null ? null : epss.percentile(),
        row.decision(),
        reason);
  }

  private Ssvc.Exploitation exploitation(
      NormalizedRecord f, ThreatFacts.KevEntry kev, List<String> why) {
    String maturity = f.text("exploitCodeMaturity");
    maturity = maturity == null ? "" : maturity.toUpperCase(Locale.ROOT);
    if (kev != null) {
      ThreatFacts.Snapshot s = feeds.kevSnapshot();
      why.add(
          "exploitation active: "
              + kev.cveId()
              + " is in CISA's KEV catalogue (added "
              + kev.dateAdded()
              + (s == null ? "" : "; catalogue " + s.version() + " of " + s.published())
              + ")");
      return Ssvc.Exploitation.ACTIVE;
    }
    if (Boolean.TRUE.equals(f.get("onCisaKev"))) {
      why.add("exploitation active: Tenable marks it as on CISA's KEV catalogue (VPR v2)");
      return Ssvc.Exploitation.ACTIVE;
    }
    if (maturity.equals("HIGH")) {
      why.add("exploitation active: Tenable's VPR exploit code maturity is HIGH");
      return Ssvc.Exploitation.ACTIVE;
    }
    if (Boolean.TRUE.equals(f.get("isExploitAvailable"))) {
      why.add("exploitation public PoC: Tenable reports an exploit available");
      return Ssvc.Exploitation.PUBLIC_POC;
    }
    if (maturity.equals("FUNCTIONAL")
        || maturity.equals("POC")
        || maturity.equals("PROOF_OF_CONCEPT")) {
      why.add("exploitation public PoC: Tenable's VPR exploit code maturity is " + maturity);
      return Ssvc.Exploitation.PUBLIC_POC;
    }
    why.add(
        "exploitation none: no CVE in CISA's KEV"
            + (feeds.kevSnapshot() == null ? " (no KEV catalogue imported)" : "")
            + ", no known exploit from Tenable");
    return Ssvc.Exploitation.NONE;
  }

  private static Ssvc.Automatable automatable(CvssVector v, List<String> why) {
    if (v == null) {
      why.add("automatable no (no CVSS vector to judge from)");
      return Ssvc.Automatable.NO;
    }
    boolean yes = v.automatable();
    why.add(
        "automatable "
            + (yes ? "yes" : "no")
            + " (CVSS v"
            + v.version()
            + " "
            + v.automatableMetrics()
            + ", a proxy)");
    return yes ? Ssvc.Automatable.YES : Ssvc.Automatable.NO;
  }

  private static Ssvc.TechnicalImpact impact(CvssVector v, List<String> why) {
    if (v == null) {
      why.add("technical impact partial (no CVSS vector to judge from)");
      return Ssvc.TechnicalImpact.PARTIAL;
    }
    boolean total = v.totalImpact();
    why.add(
        "technical impact "
            + (total ? "total" : "partial")
            + " (CVSS v"
            + v.version()
            + " "
            + v.impactMetrics()
            + ", a proxy)");
    return total ? Ssvc.TechnicalImpact.TOTAL : Ssvc.TechnicalImpact.PARTIAL;
  }

  /** The finding's base vector: CVSS v3 where Tenable gives one, else v4, else v2. */
  static CvssVector vector(NormalizedRecord f) {
    for (String field : List.of("cvss3Vector", "cvss4Vector", "cvss2Vector")) {
      CvssVector v = CvssVector.parse(f.text(field));
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static List<String> cves(NormalizedRecord f) {
    List<String> out = new ArrayList<>();
    for (String cve : f.strings("cveId")) {
      out.add(cve.strip().toUpperCase(Locale.ROOT));
    }
    return out;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
