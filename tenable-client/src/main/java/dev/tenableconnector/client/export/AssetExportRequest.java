package dev.tenableconnector.client.export;

import dev.tenableconnector.client.model.TenableAsset;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of an asset export, v1 ({@code POST /assets/export}) or v2 ({@code POST
 * /assets/v2/export}), with every documented filter as a typed option. Built with {@link
 * #builder()}; {@link Builder#build()} reports every invalid option at once.
 */
public final class AssetExportRequest implements ExportRequest<TenableAsset> {
  public static final int MIN_CHUNK_SIZE = 100;
  public static final int MAX_CHUNK_SIZE = 10_000;

  /** Tenable: "include_resource_tags: true allows a chunk_size of at most 1000". */
  public static final int MAX_CHUNK_SIZE_WITH_RESOURCE_TAGS = 1000;

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
    private final FilterSet filters = new FilterSet();

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
      filters.epoch("created_at", t);
      return this;
    }

    public Builder updatedAfter(Instant t) {
      filters.epoch("updated_at", t);
      return this;
    }

    public Builder terminatedAfter(Instant t) {
      filters.epoch("terminated_at", t);
      return this;
    }

    public Builder terminated(boolean only) {
      filters.put("is_terminated", only);
      return this;
    }

    public Builder deletedAfter(Instant t) {
      filters.epoch("deleted_at", t);
      return this;
    }

    public Builder deleted(boolean only) {
      filters.put("is_deleted", only);
      return this;
    }

    public Builder licensed(boolean licensed) {
      filters.put("is_licensed", licensed);
      return this;
    }

    public Builder firstScanAfter(Instant t) {
      filters.epoch("first_scan_time", t);
      return this;
    }

    public Builder lastAuthenticatedScanAfter(Instant t) {
      filters.epoch("last_authenticated_scan_time", t);
      return this;
    }

    public Builder lastAssessedAfter(Instant t) {
      filters.epoch("last_assessed", t);
      return this;
    }

    public Builder hasServicenowSysid(boolean has) {
      filters.put("servicenow_sysid", has);
      return this;
    }

    /** Assets seen by any of these sources (case-sensitive, e.g. {@code NESSUS_AGENT}). */
    public Builder sources(List<String> sources) {
      filters.put("sources", List.copyOf(sources));
      return this;
    }

    public Builder hasPluginResults(boolean has) {
      filters.put("has_plugin_results", has);
      return this;
    }

    /** Assets carrying any of these values of a tag category ({@code tag.<category>}). */
    public Builder tag(String category, List<String> values) {
      filters.tag(category, values);
      return this;
    }

    public Builder networkId(String networkId) {
      filters.put("network_id", networkId);
      return this;
    }

    public Builder lastScanId(String scanId) {
      filters.put("last_scan_id", scanId);
      return this;
    }

    /** v2 only: assets updated, deleted or terminated since then, whatever their state. */
    public Builder since(Instant t) {
      filters.epoch("since", t);
      return this;
    }

    /** v2 only: asset types such as {@code host} or {@code webapp}. */
    public Builder types(List<String> types) {
      filters.put("types", List.copyOf(types));
      return this;
    }

    public AssetExportRequest build() {
      List<String> all = filters.problems();
      if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
        all.add(
            "chunk_size: must be between "
                + MIN_CHUNK_SIZE
                + " and "
                + MAX_CHUNK_SIZE
                + " (was "
                + chunkSize
                + ")");
      }
      if (!v2 && (filters.has("since") || filters.has("types"))) {
        all.add("since/types: only the v2 asset export takes them (call v2())");
      }
      if (v2 && filters.hasTag()) {
        all.add("tag: the v2 asset export does not support tag.<category> filters");
      }
      if (Boolean.TRUE.equals(includeResourceTags)
          && chunkSize > MAX_CHUNK_SIZE_WITH_RESOURCE_TAGS) {
        all.add(
            "chunk_size: at most "
                + MAX_CHUNK_SIZE_WITH_RESOURCE_TAGS
                + " with include_resource_tags (was "
                + chunkSize
                + ")");
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
      filters.addTo(body);
      return new AssetExportRequest(
          v2 ? ExportKind.ASSETS_V2 : ExportKind.ASSETS, Collections.unmodifiableMap(body));
    }
  }
}
