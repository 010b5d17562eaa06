package dev.tenableconnector.core.decision;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CVSS base vector's metrics (v2, v3 or v4, with or without its {@code CVSS:3.1/} or {@code
 * CVSS2#} prefix), and the two SSVC inputs it stands in for: automatable (reachable over the
 * network with low complexity, no privileges and no user action) and total technical impact (high
 * or complete loss of both confidentiality and integrity). Both are proxies, as CERT/CC's SSVC
 * guidance allows; the reason text says so.
 */
public record CvssVector(int version, String text, Map<String, String> metrics) {

  /** The vector in {@code text}, or null when it is empty or has no base metrics. */
  public static CvssVector parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String body = text.strip();
    int hash = body.indexOf('#');
    if (hash >= 0) {
      body = body.substring(hash + 1);
    }
    Map<String, String> metrics = new LinkedHashMap<>();
    for (String part : body.split("/")) {
      int colon = part.indexOf(':');
      if (colon > 0 && !part.startsWith("CVSS")) {
        metrics.put(part.substring(0, colon), part.substring(colon + 1));
      }
    }
    if (!metrics.containsKey("AV")) {
      return null;
    }
    int version =
        metrics.containsKey("AT") || metrics.containsKey("VC")
            ? 4
            : metrics.containsKey("Au") ? 2 : 3;
    return new CvssVector(version, text.strip(), Map.copyOf(metrics));
  }

  /** Whether an attacker can automate exploitation: AV:N/AC:L with no privileges or user action. */
  public boolean automatable() {
    boolean network = "N".equals(metrics.get("AV")) && "L".equals(metrics.get("AC"));
    return switch (version) {
      case 2 -> network && "N".equals(metrics.get("Au"));
      case 4 ->
          network
              && "N".equals(metrics.get("AT"))
              && "N".equals(metrics.get("PR"))
              && "N".equals(metrics.get("UI"));
      default -> network && "N".equals(metrics.get("PR")) && "N".equals(metrics.get("UI"));
    };
  }

  /** Whether the impact is total: confidentiality and integrity both lost in full. */
  public boolean totalImpact() {
    return switch (version) {
      case 2 -> "C".equals(metrics.get("C")) && "C".equals(metrics.get("I"));
      case 4 -> "H".equals(metrics.get("VC")) && "H".equals(metrics.get("VI"));
      default -> "H".equals(metrics.get("C")) && "H".equals(metrics.get("I"));
    };
  }

  /** The metrics that decided {@link #automatable()}, as the reason shows them. */
  String automatableMetrics() {
    return switch (version) {
      case 2 -> pick("AV", "AC", "Au");
      case 4 -> pick("AV", "AC", "AT", "PR", "UI");
      default -> pick("AV", "AC", "PR", "UI");
    };
  }

  /** The metrics that decided {@link #totalImpact()}. */
  String impactMetrics() {
    return version == 4 ? pick("VC", "VI") : pick("C", "I");
  }

  private String pick(String... names) {
    StringBuilder out = new StringBuilder();
    for (String n : names) {
      out.append(out.length() == 0 ? "" : "/")
          .append(n)
          .append(':')
          .append(metrics.getOrDefault(n, "?"));
    }
    return out.toString();
  }
}
