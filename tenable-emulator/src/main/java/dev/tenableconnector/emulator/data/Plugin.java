package dev.tenableconnector.emulator.data;

import com.fasterxml.jackson.core.io.SerializedString;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** One synthetic plugin: what findings of it share, and its JSON object. */
public record Plugin(
    int index,
    long id,
    String name,
    String family,
    String type,
    int severityId,
    int port,
    String protocol,
    String service,
    List<String> cves,
    Double vprScore,
    Double epssScore,
    Platform platform,
    Set<String> roles,
    Instant published,
    Rendered rendered) {
  private static final String[] SEVERITIES = {"info", "low", "medium", "high", "critical"};

  /** The plugin's JSON object as every finding of it carries it, rendered once. */
  public record Rendered(String json, String output, SerializedString serialized) {
    static Rendered of(String json, String name, int severityId) {
      return new Rendered(json, outputFor(name, severityId), new SerializedString(json));
    }
  }

  public String json() {
    return rendered.json();
  }

  /** The plugin output a finding of it shows. */
  public String output() {
    return rendered.output();
  }

  public SerializedString serialized() {
    return rendered.serialized();
  }

  /** Whether this plugin can report on a host of this platform and role (null: no role). */
  public boolean appliesTo(Platform host, String role) {
    return platform.runsOn(host) && (roles.isEmpty() || role != null && roles.contains(role));
  }

  public String severity() {
    return SEVERITIES[severityId];
  }

  private static String outputFor(String name, int severityId) {
    if (severityId == 0) {
      return "\nInformation about this scan :\n\nNessus version : 10.7.3\nScanner IP : 10.0.0.5\n";
    }
    int lt = name.indexOf("< ");
    String version = lt < 0 ? "2.14" : name.substring(lt + 2).split(" ")[0];
    return "\n  Installed version : "
        + version
        + "-legacy\n  Fixed version     : "
        + version
        + "\n";
  }
}
