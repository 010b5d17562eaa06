package dev.tenableconnector.core.query;

import dev.tenableconnector.core.decision.DerivedFields;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.core.model.FieldCatalog;
import dev.tenableconnector.core.model.FieldType;
import dev.tenableconnector.core.model.TargetField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A field a query can name: a field of the normalized model, by its model name or a short alias
 * ({@code asset.name}, {@code finding.severity}), with its type and, where the store indexes it,
 * its column; or a field the inventory derives for findings ({@code finding.slaStatus}, {@code
 * finding.priority}, {@link DerivedFields}).
 */
public record QueryField(
    Entity entity, String name, FieldType type, String column, DerivedFields.Field derived) {

  private static final Map<String, String> ASSET_ALIASES =
      Map.ofEntries(
          Map.entry("id", "externalAssetId"),
          Map.entry("name", "assetName"),
          Map.entry("ip", "ipAddress"),
          Map.entry("mac", "macAddress"),
          Map.entry("os", "operatingSystemName"),
          Map.entry("status", "assetStatus"),
          Map.entry("cloud", "cloudProvider"),
          Map.entry("netbios", "netBiosName"),
          Map.entry("tag", "tags"),
          Map.entry("acr", "criticality"),
          Map.entry("aes", "exposureScore"),
          Map.entry("public", "isPublic"),
          Map.entry("type", "assetTypes"));
  private static final Map<String, String> FINDING_ALIASES =
      Map.ofEntries(
          Map.entry("id", "externalFindingId"),
          Map.entry("assetId", "externalAssetId"),
          Map.entry("name", "findingName"),
          Map.entry("severity", "findingSeverity"),
          Map.entry("status", "findingStatus"),
          Map.entry("plugin", "pluginId"),
          Map.entry("cve", "cveId"),
          Map.entry("port", "findingPort"),
          Map.entry("protocol", "findingProtocol"),
          Map.entry("vpr", "detectionScore"),
          Map.entry("cvss3", "cvss3Base"),
          Map.entry("cvss2", "cvssV2Base"),
          Map.entry("firstFound", "findingFirstFoundOn"),
          Map.entry("lastFound", "findingLastFoundOn"),
          Map.entry("fixed", "findingFixedOn"),
          Map.entry("exploitAvailable", "isExploitAvailable"),
          Map.entry("patchAvailable", "isPatchAvailable"),
          Map.entry("vpr2", "vprV2Score"),
          Map.entry("kev", "onCisaKev"),
          Map.entry("cvss4", "cvss4Base"),
          Map.entry("resurfaced", "findingResurfacedOn"),
          Map.entry("timeToFix", "timeTakenToFix"),
          Map.entry("modification", "severityModification"),
          Map.entry("published", "vulnPublishedOn"),
          Map.entry("patchPublished", "patchPublishedOn"));
  private static final Map<String, String> ASSET_COLUMNS =
      Map.of(
          "externalAssetId",
          "external_asset_id",
          "assetName",
          "asset_name",
          "assetStatus",
          "asset_status",
          "cloudProvider",
          "cloud_provider",
          "updatedAt",
          "updated_at");
  private static final Map<String, String> FINDING_COLUMNS =
      Map.of(
          "externalFindingId",
          "external_finding_id",
          "externalAssetId",
          "external_asset_id",
          "findingName",
          "finding_name",
          "findingSeverity",
          "finding_severity",
          "findingStatus",
          "finding_status",
          "pluginId",
          "plugin_id",
          "findingLastFoundOn",
          "last_found");

  /** The field {@code name} (model name or alias, any case) of the entity. */
  public static Optional<QueryField> of(Entity entity, String name) {
    Map<String, String> aliases = entity == Entity.ASSET ? ASSET_ALIASES : FINDING_ALIASES;
    String model = null;
    for (Map.Entry<String, String> alias : aliases.entrySet()) {
      if (alias.getKey().equalsIgnoreCase(name)) {
        model = alias.getValue();
      }
    }
    for (TargetField f : FieldCatalog.of(entity).fields()) {
      if (f.name().equalsIgnoreCase(model != null ? model : name)) {
        if (f.type() == FieldType.INTERFACE_LIST) {
          return Optional.empty();
        }
        Map<String, String> columns = entity == Entity.ASSET ? ASSET_COLUMNS : FINDING_COLUMNS;
        return Optional.of(new QueryField(entity, f.name(), f.type(), columns.get(f.name()), null));
      }
    }
    if (entity == Entity.FINDING) {
      for (DerivedFields.Field d : DerivedFields.FIELDS) {
        if (d.name().equalsIgnoreCase(name)) {
          return Optional.of(new QueryField(entity, d.name(), d.type(), null, d));
        }
      }
    }
    return Optional.empty();
  }

  /** Every name a query may use for the entity's fields, qualified ({@code asset.name}). */
  public static List<String> names(Entity entity) {
    String prefix = entity == Entity.ASSET ? "asset." : "finding.";
    List<String> names = new ArrayList<>();
    (entity == Entity.ASSET ? ASSET_ALIASES : FINDING_ALIASES)
        .keySet().stream().sorted().forEach(a -> names.add(prefix + a));
    for (TargetField f : FieldCatalog.of(entity).fields()) {
      if (f.type() != FieldType.INTERFACE_LIST) {
        names.add(prefix + f.name());
      }
    }
    if (entity == Entity.FINDING) {
      DerivedFields.FIELDS.forEach(d -> names.add(prefix + d.name()));
    }
    return names;
  }

  /** The known name closest to {@code written} (edit distance), for "did you mean". */
  static String nearest(String written, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String w = written.toLowerCase(Locale.ROOT);
    if (w.length() > 80) {
      w = w.substring(0, 80); // no name is longer; the distance costs the product of the lengths
    }
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
