package dev.tenableconnector.core.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Values a transform map can use that Tenable does not send as one field: the cloud provider type
 * of an asset, its lifecycle status, its tags as text, and the stable key of a finding that has no
 * {@code finding_id}. Written {@code @name} at the end of a source path.
 */
public enum DerivedValue {
  /**
   * {@code AWS}, {@code Azure} or {@code GCP} from the asset's cloud identifiers; otherwise {@code
   * OCI}, {@code Alibaba} or {@code VMWare, Inc} when a source of that name saw the asset.
   */
  CLOUD_TYPE("cloudType") {
    @Override
    void evaluate(JsonNode asset, List<JsonNode> out) {
      String type = cloudType(asset);
      if (type != null) {
        out.add(TextNode.valueOf(type));
      }
    }
  },
  /**
   * {@code DELETED} when the asset has a deletion time, else {@code TERMINATED}, else {@code
   * ACTIVE}.
   */
  ASSET_STATUS("assetStatus") {
    @Override
    void evaluate(JsonNode asset, List<JsonNode> out) {
      String status =
          present(asset, "deleted_at")
              ? "DELETED"
              : present(asset, "terminated_at") ? "TERMINATED" : "ACTIVE";
      out.add(TextNode.valueOf(status));
    }
  },
  /** Each tag as {@code Category:Value}. */
  TAGS("tags") {
    @Override
    void evaluate(JsonNode asset, List<JsonNode> out) {
      JsonNode tags = asset.get("tags");
      if (tags == null || !tags.isArray()) {
        return;
      }
      for (JsonNode tag : tags) {
        String key = tag.path("key").asText("");
        String value = tag.path("value").asText("");
        if (!key.isBlank() || !value.isBlank()) {
          out.add(TextNode.valueOf(key + ":" + value));
        }
      }
    }
  },
  /**
   * A finding's stable id when Tenable sends no {@code finding_id}: a name-based UUID of asset
   * UUID, plugin id, port and protocol, which is how Tenable defines one finding.
   */
  FINDING_KEY("findingKey") {
    @Override
    void evaluate(JsonNode finding, List<JsonNode> out) {
      String asset = finding.path("asset").path("uuid").asText("");
      String plugin = finding.path("plugin").path("id").asText("");
      if (asset.isBlank() || plugin.isBlank()) {
        return;
      }
      JsonNode port = finding.path("port");
      String number = port.path("port").asText("0");
      String protocol = port.path("protocol").asText("").toUpperCase(Locale.ROOT);
      String name =
          "tenable-finding:"
              + asset.toLowerCase(Locale.ROOT)
              + ":"
              + plugin
              + ":"
              + (number.isBlank() ? "0" : number)
              + ":"
              + protocol;
      out.add(
          TextNode.valueOf(
              UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString()));
    }
  };

  private final String name;

  DerivedValue(String name) {
    this.name = name;
  }

  public String derivedName() {
    return name;
  }

  abstract void evaluate(JsonNode node, List<JsonNode> out);

  static Optional<DerivedValue> named(String name) {
    return Arrays.stream(values()).filter(v -> v.name.equals(name)).findFirst();
  }

  static String names() {
    return Arrays.stream(values()).map(v -> "@" + v.name).collect(Collectors.joining(", "));
  }

  private static boolean present(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull() && !value.asText("").isBlank();
  }

  static String cloudType(JsonNode asset) {
    if (present(asset, "aws_ec2_instance_id") || present(asset, "aws_owner_id")) {
      return "AWS";
    }
    if (present(asset, "azure_vm_id") || present(asset, "azure_resource_id")) {
      return "Azure";
    }
    if (present(asset, "gcp_instance_id") || present(asset, "gcp_project_id")) {
      return "GCP";
    }
    JsonNode sources = asset.get("sources");
    if (sources != null && sources.isArray()) {
      for (JsonNode source : sources) {
        String name = source.path("name").asText("").toUpperCase(Locale.ROOT);
        if (name.contains("OCI") || name.contains("ORACLE")) {
          return "OCI";
        }
        if (name.contains("ALIBABA")) {
          return "Alibaba";
        }
        if (name.contains("VMWARE") || name.contains("VCENTER")) {
          return "VMWare, Inc";
        }
      }
    }
    return null;
  }
}
