package dev.tenableconnector.emulator.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenableconnector.emulator.data.AssetIdentity;
import dev.tenableconnector.emulator.data.AssetState;
import dev.tenableconnector.emulator.data.Hash;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The filters of an asset export (v1, or v2 with {@code since} and {@code types}), validated like
 * the API does, and the rule that decides whether an asset is in the export. Deleted and terminated
 * assets are in it only when the filters ask for them (or, in v2, when {@code since} covers them).
 */
final class AssetQuery {
  private static final Set<String> V1 =
      Set.of(
          "created_at",
          "updated_at",
          "terminated_at",
          "is_terminated",
          "deleted_at",
          "is_deleted",
          "is_licensed",
          "first_scan_time",
          "last_authenticated_scan_time",
          "last_assessed",
          "servicenow_sysid",
          "sources",
          "has_plugin_results",
          "network_id",
          "last_scan_id");
  private static final Set<String> V2_ONLY = Set.of("since", "types");

  private final long seed;
  Instant createdAt;
  Instant updatedAt;
  Instant terminatedAt;
  Boolean isTerminated;
  Instant deletedAt;
  Boolean isDeleted;
  Boolean isLicensed;
  Instant firstScanTime;
  Instant lastAuthenticatedScanTime;
  Instant lastAssessed;
  Boolean servicenowSysid;
  Set<String> sources;
  Boolean hasPluginResults;
  String networkId;
  String lastScanId;
  Instant since;
  Set<String> types;
  final Map<Integer, Set<String>> tags = new HashMap<>();

  AssetQuery(long seed) {
    this.seed = seed;
  }

  static AssetQuery parse(JsonNode filters, boolean v2, long seed) {
    AssetQuery q = new AssetQuery(seed);
    if (filters == null || filters.isNull() || filters.isMissingNode()) {
      return q;
    }
    FilterReader r = new FilterReader();
    if (!filters.isObject()) {
      throw new BadRequest("filters must be an object");
    }
    r.names(
        filters,
        q.tags,
        name ->
            V1.contains(name) || v2 && V2_ONLY.contains(name)
                ? null
                : "unknown filter '"
                    + name
                    + "'"
                    + (V2_ONLY.contains(name) ? " (only the v2 asset export takes it)" : ""));
    if (v2 && !q.tags.isEmpty()) {
      // "The tag.<category> filter is not supported" by POST /assets/v2/export.
      filters
          .fieldNames()
          .forEachRemaining(
              name -> {
                if (name.startsWith("tag.")) {
                  r.problems.add("filter '" + name + "' is not supported by the v2 asset export");
                }
              });
    }
    q.createdAt = r.epoch(filters, "created_at");
    q.updatedAt = r.epoch(filters, "updated_at");
    q.terminatedAt = r.epoch(filters, "terminated_at");
    q.isTerminated = r.bool(filters, "is_terminated");
    q.deletedAt = r.epoch(filters, "deleted_at");
    q.isDeleted = r.bool(filters, "is_deleted");
    q.isLicensed = r.bool(filters, "is_licensed");
    q.firstScanTime = r.epoch(filters, "first_scan_time");
    q.lastAuthenticatedScanTime = r.epoch(filters, "last_authenticated_scan_time");
    q.lastAssessed = r.epoch(filters, "last_assessed");
    q.servicenowSysid = r.bool(filters, "servicenow_sysid");
    q.sources = r.strings(filters, "sources", null);
    q.hasPluginResults = r.bool(filters, "has_plugin_results");
    q.networkId = r.text(filters, "network_id");
    q.lastScanId = r.text(filters, "last_scan_id");
    if (v2) {
      q.since = r.epoch(filters, "since");
      q.types = r.strings(filters, "types", false);
    }
    r.fail();
    return q;
  }

  /** Adds a {@code tag.<category>} filter; Tenable writes spaces in categories as underscores. */
  static void tag(Map<Integer, Set<String>> tags, String category, Set<String> values) {
    if (values == null) {
      return;
    }
    String wanted = category.replace(' ', '_');
    for (int c = 0; c < AssetIdentity.TAGS.length; c++) {
      if (AssetIdentity.TAGS[c][0].equalsIgnoreCase(wanted)) {
        tags.put(c, lower(values));
        return;
      }
    }
    tags.put(-1, values); // a category no asset has: nothing matches
  }

  static Set<String> lower(Set<String> values) {
    Set<String> out = new java.util.HashSet<>();
    values.forEach(v -> out.add(v.toLowerCase(java.util.Locale.ROOT)));
    return out;
  }

  boolean matches(AssetState a) {
    AssetIdentity id = a.identity();
    boolean wantsDeleted = deletedAt != null || Boolean.TRUE.equals(isDeleted);
    boolean wantsTerminated = terminatedAt != null || Boolean.TRUE.equals(isTerminated);
    if (since != null) {
      if (before(a.updatedAt(), since)) {
        return false;
      }
    } else {
      if (a.deletedAt() != null && !wantsDeleted || a.terminatedAt() != null && !wantsTerminated) {
        return false;
      }
      if (wantsDeleted && a.deletedAt() == null || wantsTerminated && a.terminatedAt() == null) {
        return false;
      }
    }
    if (Boolean.FALSE.equals(isDeleted) && a.deletedAt() != null
        || Boolean.FALSE.equals(isTerminated) && a.terminatedAt() != null) {
      return false;
    }
    if (deletedAt != null && before(a.deletedAt(), deletedAt)
        || terminatedAt != null && before(a.terminatedAt(), terminatedAt)
        || createdAt != null && before(a.createdAt(), createdAt)
        || updatedAt != null && before(a.updatedAt(), updatedAt)
        || firstScanTime != null && before(a.firstSeen(), firstScanTime)
        || lastAssessed != null && before(a.lastScanAt(), lastAssessed)) {
      return false;
    }
    if (lastAuthenticatedScanTime != null
        && (!id.hasAgent() || before(a.lastScanAt(), lastAuthenticatedScanTime))) {
      return false;
    }
    if (isLicensed != null && id.licensed() != isLicensed
        || servicenowSysid != null && id.hasServicenowSysid() != servicenowSysid
        || Boolean.FALSE.equals(hasPluginResults)) {
      return false;
    }
    if (sources != null && id.sources().stream().noneMatch(sources::contains)) {
      return false;
    }
    if (networkId != null && !networkId.equalsIgnoreCase(id.networkId())) {
      return false;
    }
    if (lastScanId != null
        && !lastScanId.equals(Hash.uuid(seed, id.index() % 97, 301, 0).toString())) {
      return false;
    }
    if (types != null && !types.contains("host")) {
      return false;
    }
    return tagsMatch(tags, id);
  }

  static boolean tagsMatch(Map<Integer, Set<String>> tags, AssetIdentity id) {
    for (Map.Entry<Integer, Set<String>> t : tags.entrySet()) {
      String value = t.getKey() < 0 ? null : id.tag(t.getKey());
      if (value == null || !t.getValue().contains(value.toLowerCase(java.util.Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  static boolean before(Instant value, Instant bound) {
    return value == null || value.isBefore(bound);
  }
}
