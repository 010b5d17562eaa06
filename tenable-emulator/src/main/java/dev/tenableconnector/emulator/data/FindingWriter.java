package dev.tenableconnector.emulator.data;

import static dev.tenableconnector.emulator.data.RecordWriter.micros;
import static dev.tenableconnector.emulator.data.RecordWriter.time;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes synthetic vuln records as real exports have them: every key empty for the finding left
 * out.
 */
public final class FindingWriter {
  private final JsonFactory factory = new JsonFactory();
  private final long seed;
  private final long hugeOutputBytes;
  private final int manyCves;

  public FindingWriter(long seed) {
    this(seed, 50L << 20, 100_000);
  }

  /** With the sizes of the {@link RecordFault#HUGE_OUTPUT} and {@link RecordFault#MANY_CVES}. */
  public FindingWriter(long seed, long hugeOutputBytes, int manyCves) {
    this.seed = seed;
    this.hugeOutputBytes = hugeOutputBytes;
    this.manyCves = manyCves;
  }

  /** The {@code asset} sub-object that every finding of this asset carries, rendered once. */
  public String findingAsset(AssetState a) {
    AssetIdentity id = a.identity();
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      if (id.agentUuid() != null) {
        g.writeStringField("agent_uuid", id.agentUuid());
      }
      g.writeStringField("bios_uuid", id.biosUuid());
      g.writeStringField("device_type", id.systemType());
      g.writeStringField("fqdn", id.fqdn());
      // Real data sometimes has the IP where the hostname should be.
      g.writeStringField("hostname", id.index() % 23 == 0 ? id.ipv4s().get(0) : id.hostname());
      g.writeStringField("uuid", a.uuid());
      g.writeStringField("ipv4", id.ipv4s().get(0));
      if (!id.ipv6s().isEmpty()) {
        g.writeStringField("ipv6", id.ipv6s().get(0));
      }
      if (id.hasAgent()) {
        g.writeStringField("last_authenticated_results", time(a.lastScanAt()));
      }
      g.writeStringField("last_unauthenticated_results", time(a.lastScanAt()));
      g.writeStringField("mac_address", id.mac());
      if (id.netbiosName() != null) {
        g.writeStringField("netbios_name", id.netbiosName());
        g.writeStringField("netbios_workgroup", "CORP");
      }
      g.writeArrayFieldStart("operating_system");
      g.writeString(id.operatingSystem());
      g.writeEndArray();
      g.writeStringField("network_id", id.networkId());
      g.writeBooleanField("tracked", true);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** One finding record without empty keys; {@code assetJson} comes from {@link #findingAsset}. */
  public void writeFinding(
      JsonGenerator g,
      AssetState a,
      String assetJson,
      FindingState f,
      boolean findingIds,
      RecordFault fault)
      throws IOException {
    if (fault == RecordFault.NOT_AN_OBJECT) {
      RecordFault.writeNotAnObject(g, f.plugin().id() + a.index(), a.uuid());
      return;
    }
    int i = a.index();
    Plugin p = f.plugin();
    g.writeStartObject();
    if (fault == RecordFault.MISSING_KEYS) {
      g.writeObjectFieldStart("asset");
      g.writeStringField("hostname", a.identity().hostname());
      g.writeEndObject();
    } else {
      g.writeFieldName("asset");
      g.writeRawValue(assetJson);
    }
    if (fault == RecordFault.HUGE_OUTPUT) {
      // Streamed from a reader: the emulator never holds the value either.
      g.writeFieldName("output");
      g.writeString(
          new HugeText(hugeOutputBytes), (int) Math.min(Integer.MAX_VALUE, hugeOutputBytes));
    } else if (Hash.below(Hash.of(seed, i, 400, f.slot()), 20) != 0) {
      g.writeStringField(
          "output",
          p.severityId() == 0
              ? p.output()
              : p.output() + "  Path              : /opt/app-" + (i % 10) + "/\n");
    }
    g.writeFieldName("plugin");
    g.writeRawValue(
        fault == RecordFault.MANY_CVES
            ? new com.fasterxml.jackson.core.io.SerializedString(
                withManyCves(p.serialized().getValue()))
            : p.serialized());
    g.writeObjectFieldStart("port");
    g.writeNumberField("port", p.port());
    g.writeStringField("protocol", p.protocol());
    if (!p.service().isEmpty() && Hash.below(Hash.of(seed, i, 401, f.slot()), 3) != 0) {
      g.writeStringField("service", p.service());
    }
    g.writeEndObject();
    // The live API's scan object: no completed_at (Tenable's description has none either).
    Instant completed = f.active() ? f.lastFound() : f.lastFixed();
    g.writeObjectFieldStart("scan");
    g.writeStringField("schedule_uuid", "template-" + Hash.hex(seed, i % 31, 402, 0, 52));
    g.writeStringField("started_at", time(completed.minus(Duration.ofMinutes(20 + i % 40))));
    g.writeStringField(
        "uuid",
        i % 5 == 0
            ? Hash.hex(seed, i % 31, 403, 0, 8)
                + "-"
                + Hash.hex(seed, i % 31, 404, 0, 4)
                + "-"
                + Hash.hex(seed, i % 31, 405, 0, 4)
                + "-"
                + Hash.hex(seed, i % 31, 406, 0, 4)
                + "-"
                + Hash.hex(seed, i % 31, 407, 0, 28)
            : Hash.uuid(seed, i % 31, 408, 0).toString());
    g.writeStringField(
        "last_scan_target", i % 3 == 0 ? a.identity().ipv4s().get(0) : a.identity().fqdn());
    g.writeEndObject();
    g.writeStringField("severity", f.severity());
    if (fault == RecordFault.BAD_VALUE) {
      g.writeStringField("severity_id", "very high");
    } else {
      g.writeNumberField("severity_id", f.severityId());
    }
    g.writeNumberField("severity_default_id", f.severityDefaultId());
    g.writeStringField("severity_modification_type", f.modificationType());
    if ("RECASTED".equals(f.modificationType())) {
      g.writeStringField("recast_reason", "Raised by the exposure team");
      g.writeStringField("recast_rule_uuid", Hash.uuid(seed, 0, 409, 0).toString());
    }
    g.writeStringField("source", a.identity().hasAgent() ? "AGENT" : "NESSUS");
    if (findingIds) {
      g.writeStringField("finding_id", findingId(seed, i, f.slot()));
    }
    g.writeStringField("first_found", time(f.firstFound()));
    g.writeStringField("last_found", time(f.lastFound()));
    if (f.lastFixed() != null) {
      g.writeStringField("last_fixed", time(f.lastFixed()));
    }
    if (f.resurfaced() != null) {
      g.writeStringField("resurfaced_date", time(f.resurfaced()));
    }
    Long took = f.timeTakenToFix();
    if (took != null) {
      // The live API sends it as a string on some records and a number on others.
      if (Hash.below(Hash.of(seed, i, 411, f.slot()), 2) == 0) {
        g.writeStringField("time_taken_to_fix", Long.toString(took));
      } else {
        g.writeNumberField("time_taken_to_fix", took);
      }
    }
    g.writeStringField("state", f.state());
    // ISO text with microseconds, as the live API sends it (its description says an integer).
    g.writeStringField(
        "indexed", micros(f.indexed(), Hash.below(Hash.of(seed, i, 412, f.slot()), 1000)));
    g.writeEndObject();
  }

  /** Tenable's {@code finding_id} of the finding in a slot of an asset. */
  public static String findingId(long seed, int asset, int slot) {
    return Hash.uuid(seed, asset, 410, slot).toString();
  }

  /** The plugin object with {@link #manyCves} CVE ids in place of its own. */
  private String withManyCves(String plugin) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode tree = (ObjectNode) mapper.readTree(plugin);
    ArrayNode cves = tree.putArray("cve");
    for (int n = 0; n < manyCves; n++) {
      cves.add(String.format("CVE-%d-%05d", 1999 + n / 90_000, 10_000 + n % 90_000));
    }
    return mapper.writeValueAsString(tree);
  }

  /** Plugin-output-like text of a given length, made as it is read. */
  private static final class HugeText extends Reader {
    private static final String LINE = "Installed package : libexample-1.2.3-4.el9 (x86_64)\n";
    private long left;
    private int at;

    HugeText(long length) {
      this.left = length;
    }

    @Override
    public int read(char[] buf, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      for (int k = 0; k < n; k++) {
        buf[off + k] = LINE.charAt(at);
        at = (at + 1) % LINE.length();
      }
      left -= n;
      return n;
    }

    @Override
    public void close() {}
  }
}
