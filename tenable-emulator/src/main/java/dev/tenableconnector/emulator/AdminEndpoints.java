package dev.tenableconnector.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.emulator.data.AssetState;
import dev.tenableconnector.emulator.data.FindingWriter;
import dev.tenableconnector.emulator.data.RecordWriter;
import dev.tenableconnector.emulator.data.SyntheticEstate;
import dev.tenableconnector.emulator.data.TrueTransition;
import dev.tenableconnector.emulator.export.BadRequest;
import dev.tenableconnector.emulator.fault.FaultRule;
import dev.tenableconnector.emulator.http.Reply;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code /_emulator/...} paths Tenable does not have: advance time, set faults, read requests.
 */
final class AdminEndpoints {
  private final TenableEmulator emulator;
  private final ObjectMapper mapper = new ObjectMapper();

  AdminEndpoints(TenableEmulator emulator) {
    this.emulator = emulator;
  }

  Reply handle(String method, String path, byte[] body) {
    switch (method + " " + path) {
      case "POST /_emulator/advance" -> {
        int step = emulator.advance();
        return JsonReplies.json(
            200,
            mapper
                .createObjectNode()
                .put("step", step)
                .put("time", emulator.estate().view().time().toString()));
      }
      case "GET /_emulator/faults" -> {
        ObjectNode out = mapper.createObjectNode();
        ArrayNode list = out.putArray("faults");
        emulator.faults().describe().forEach(list::add);
        return JsonReplies.json(200, out);
      }
      case "POST /_emulator/faults" -> {
        try {
          JsonNode specs = mapper.readTree(body).path("faults");
          List<FaultRule> rules = new ArrayList<>();
          List<String> problems = new ArrayList<>();
          for (JsonNode spec : specs) {
            try {
              rules.add(FaultRule.parse(spec.asText()));
            } catch (IllegalArgumentException e) {
              problems.add(e.getMessage());
            }
          }
          if (!problems.isEmpty()) {
            throw new BadRequest(String.join("; ", problems));
          }
          rules.forEach(emulator.faults()::add);
          return JsonReplies.json(200, mapper.createObjectNode().put("added", rules.size()));
        } catch (IOException e) {
          throw new BadRequest("expected {\"faults\": [\"chunk:503\", ...]}");
        }
      }
      case "DELETE /_emulator/faults" -> {
        emulator.faults().clear();
        return JsonReplies.json(200, mapper.createObjectNode().put("cleared", true));
      }
      case "GET /_emulator/requests" -> {
        ArrayNode out = mapper.createArrayNode();
        for (RecordedRequest r : emulator.requests()) {
          out.add(
              mapper.valueToTree(
                  Map.of(
                      "at",
                      r.at().toString(),
                      "method",
                      r.method(),
                      "path",
                      r.path(),
                      "status",
                      r.status(),
                      "headers",
                      r.headers())));
        }
        return JsonReplies.json(200, out);
      }
      case "GET /_emulator/transitions" -> {
        return JsonReplies.json(200, transitions());
      }
      case "GET /_emulator/info" -> {
        SyntheticEstate.View view = emulator.estate().view();
        return JsonReplies.json(
            200,
            mapper
                .createObjectNode()
                .put("seed", emulator.config().estate().seed())
                .put("assets", view.assetCount())
                .put("findingsPerAsset", emulator.config().estate().findingsPerAsset())
                .put("step", view.step())
                .put("time", view.time().toString()));
      }
      default -> {
        return JsonReplies.error(
            404, "Not Found", "Unknown emulator endpoint " + method + " " + path);
      }
    }
  }

  /**
   * Every finding's true changes of state up to the current step, to check a recorded history
   * against: {@code [{finding_id, asset_uuid, asset_removed_at, transitions: [{at, from, to}]}]}.
   */
  private ArrayNode transitions() {
    SyntheticEstate.View view = emulator.estate().view();
    ArrayNode out = mapper.createArrayNode();
    for (int i = 0; i < view.assetCount(); i++) {
      AssetState asset = view.asset(i);
      List<List<TrueTransition>> findings = view.transitions(asset);
      for (int slot = 0; slot < findings.size(); slot++) {
        ObjectNode f = out.addObject();
        f.put("finding_id", FindingWriter.findingId(view.seed(), i, slot));
        f.put("asset_uuid", asset.identity().uuid());
        Instant removed = asset.deletedAt() != null ? asset.deletedAt() : asset.terminatedAt();
        f.put("asset_removed_at", removed == null ? null : RecordWriter.time(removed));
        ArrayNode list = f.putArray("transitions");
        for (TrueTransition t : findings.get(slot)) {
          list.addObject()
              .put("at", RecordWriter.time(t.at()))
              .put("from", t.from())
              .put("to", t.to());
        }
      }
    }
    return out;
  }
}
