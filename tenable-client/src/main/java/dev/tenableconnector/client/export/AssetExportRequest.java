package dev.tenableconnector.client.export;

import dev.tenableconnector.client.model.TenableAsset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of an asset export, v1 ({@code POST /assets/export}) or v2
 * ({@code POST /assets/v2/export}), with every documented filter as a typed option. Built with
 * {@link #builder()}; {@link Builder#build()} reports every invalid option at once.
 */
public final class AssetExportRequest implements ExportRequest<TenableAsset> {
  public static final int MIN_CHUNK_SIZE = 100;
  public static final int MAX_CHUNK_SIZE = 10_000;

  private final ExportKind<TenableAsset> kind;
  private final Map<String, Object> body;

  private AssetExportRequest(ExportKind<TenableAsset> kind, Map<String, Object> body) {
    this.kind = kind;
    this.body = body;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ExportKind<TenableAsset> kind() {
    return kind;
  }

  @Override
  public Map<String, Object> body() {
    return body;
  }

  @Override
  public String toString() {
    return kind + " export " + body;
  }

  /** Options of an asset export; unset options are not sent. */
  public static final class Builder {
    private boolean v2;
    private int chunkSize = 1000;
    private Boolean includeOpenPorts;
    private Boolean includeResourceTags;
    private final Map<String, Object> filters = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    /** Uses {@code POST /assets/v2/export}, which adds {@code since} and {@code types}. */
    public Builder v2() {
      this.v2 = true;
      return this;
    }

    /** Assets per chunk, 100 to 10000 (Tenable answers 400 outside); default 1000. */
    public Builder chunkSize(int chunkSize) {
      this.chunkSize = chunkSize;
      return this;
    }

    public Builder includeOpenPorts(boolean include) {
      this.includeOpenPorts = include;
      return this;
    }

    public Builder includeResourceTags(boolean include) {
      this.includeResourceTags = include;
      return this;
    }

    public Builder createdAfter(Instant t) {
      return epoch("created_at", t);
    }

    public Builder updatedAfter(Instant t) {
      return epoch("updated_at", t);
    }

    public Builder terminatedAfter(Instant t) {
      return epoch("terminated_at", t);
    }

    public Builder terminated(boolean only) {
      return put("is_terminated", only);
    }

    public Builder deletedAfter(Instant t) {
      return epoch("deleted_at", t);
    }

    public Builder deleted(boolean only) {
      return put("is_deleted", only);
    }

    public Builder licensed(boolean licensed) {
      return put("is_licensed", licensed);
    }

    public Builder firstScanAfter(Instant t) {
      return epoch("first_scan_time", t);
    }

    public Builder lastAuthenticatedScanAfter(Instant t) {
      return epoch("last_authenticated_scan_time", t);
    }

    public Builder lastAssessedAfter(Instant t) {
      return epoch("last_assessed", t);
    }

    public Builder hasServicenowSysid(boolean has) {
      return put("servicenow_sysid", has);
    }

    /** Assets seen by any of these sources (case-sensitive, e.g. {@code NESSUS_AGENT}). */
    public Builder sources(List<String> sources) {
      return put("sources", List.copyOf(sources));
    }

    public Builder hasPluginResults(boolean has) {
      return put("has_plugin_results", has);
    }

    /** Assets carrying any of these values of a tag category ({@code tag.<category>}). */
    public Builder tag(String category, List<String> values) {
      if (category == null || category.isBlank() || values == null || values.isEmpty()) {
        problems.add("tag: needs a category and at least one value");
        return this;
      }
      return put("tag." + category, List.copyOf(values));
    }

    public Builder networkId(String networkId) {
      return put("network_id", networkId);
    }

    public Builder lastScanId(String scanId) {
      return put("last_scan_id", scanId);
    }

    /** v2 only: assets updated, deleted or terminated since then, whatever their state. */
    public Builder since(Instant t) {
      return epoch("since", t);
    }

    /** v2 only: asset types such as {@code host} or {@code webapp}. */
    public Builder types(List<String> types) {
      return put("types", List.copyOf(types));
    }

    private Builder epoch(String key, Instant t) {
      if (t == null) {
        problems.add(key + ": a time is required");
        return this;
      }
      return put(key, t.getEpochSecond());
    }

    private Builder put(String key, Object value) {
      if (value == null) {
        problems.add(key + ": a value is required");
      } else {
        filters.put(key, value);
      }
      return this;
    }

    public AssetExportRequest build() {
      List<String> all = new ArrayList<>(problems);
      if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
        all.add("chunk_size: must be between " + MIN_CHUNK_SIZE + " and " + MAX_CHUNK_SIZE
            + " (was " + chunkSize + ")");
      }
      if (!v2 && (filters.containsKey("since") || filters.containsKey("types"))) {
        all.add("since/types: only the v2 asset export takes them (call v2())");
      }
      if (!all.isEmpty()) {
        throw new IllegalArgumentException("invalid asset export: " + String.join("; ", all));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("chunk_size", chunkSize);
      if (includeOpenPorts != null) {
        body.put("include_open_ports", includeOpenPorts);
      }
      if (includeResourceTags != null) {
        body.put("include_resource_tags", includeResourceTags);
      }
      if (!filters.isEmpty()) {
        body.put("filters", Collections.unmodifiableMap(new LinkedHashMap<>(filters)));
      }
      return new AssetExportRequest(v2 ? ExportKind.ASSETS_V2 : ExportKind.ASSETS,
          Collections.unmodifiableMap(body));
    }
  }
}
