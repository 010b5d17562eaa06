package dev.tenableconnector.core.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The stored form of raw Tenable JSON (a finding's own members, an asset's record): deflated with a
 * preset dictionary of the words such records repeat (keys, states, the shape of dates), which is
 * what makes a few hundred bytes compress at all. The first byte names the format, so a new
 * dictionary is a new format and old rows stay readable; a row that starts with '{' is plain JSON
 * (rows written before the formats existed). One instance per thread.
 */
public final class RawCodec {
  /**
   * Format 1: a finding's own members, raw deflate with {@link #FINDING_WORDS}. Never change it.
   */
  private static final byte FINDING_FORMAT = 1;

  /** Format 2: an asset record, raw deflate with {@link #ASSET_WORDS}. Never change it. */
  private static final byte ASSET_FORMAT = 2;

  private static final byte[] FINDING_WORDS =
      ("\"recast_reason\":\"\",\"time_taken_to_fix\":,\"last_fixed\":\"\",\"resurfaced_date\":\""
              + "\",\"severity_modification_type\":\"RECASTED\",\"state\":\"REOPENED\",\"state\":"
              + "\"FIXED\",\"source\":\"NESSUS\",\"source\":\"AGENT\",\"protocol\":\"UDP\","
              + "\"service\":\"general\",\"service\":\"www\",\"port\":{\"port\":0,\"protocol\":"
              + "\"TCP\",\"service\":\"\"},\"output\":\"\\n  Installed version : \\n  Fixed"
              + " version     : \\n  Path              : \\n\",\"severity\":\"info\",\"severity"
              + "\":\"medium\",\"severity\":\"high\",\"severity\":\"critical\",\"severity\":\"low\""
              + ",\"severity_id\":0,\"severity_default_id\":0,\"severity_modification_type\":"
              + "\"NONE\",\"source\":\"NESSUS\",\"finding_id\":\"\",\"first_found\":\"2026-"
              + "T00:00:00.000Z\",\"last_found\":\"2026-T00:00:00.000Z\",\"state\":\"OPEN\","
              + "\"indexed\":\"2026-T00:00:00.000000Z\"}")
          .getBytes(StandardCharsets.UTF_8);

  private static final byte[] ASSET_WORDS =
      ("\"aws_ec2_instance_group_name\":null,\"aws_ec2_instance_state_name\":null,"
              + "\"aws_ec2_instance_type\":null,\"aws_subnet_id\":null,\"aws_ec2_product_code\":null,"
              + "\"aws_ec2_name\":null,\"mcafee_epo_guid\":null,\"mcafee_epo_agent_guid\":null,"
              + "\"servicenow_sysid\":null,\"bigfix_asset_id\":null,\"azure_vm_id\":null,"
              + "\"azure_resource_id\":null,\"gcp_project_id\":null,\"gcp_zone\":null,"
              + "\"gcp_instance_id\":null,\"aws_ec2_instance_ami_id\":null,\"aws_ec2_instance_id\":null,"
              + "\"aws_owner_id\":null,\"aws_availability_zone\":null,\"aws_region\":null,"
              + "\"aws_vpc_id\":null,\"network_id\":\"00000000-0000-0000-0000-000000000000\","
              + "\"network_name\":\"Default\",\"qualys_asset_ids\":[],\"qualys_host_ids\":[],"
              + "\"manufacturer_tpm_ids\":[],\"symantec_ep_hardware_keys\":[],\"sources\":[{\"name\":"
              + "\"NESSUS_SCAN\",\"first_seen\":\"\",\"last_seen\":\"\"},{\"name\":\"NESSUS_AGENT\","
              + "\"tags\":[{\"uuid\":\"\",\"key\":\"\",\"value\":\"\",\"added_by\":\"\",\"added_at\":"
              + "\"network_interfaces\":[{\"name\":\"eth0\",\"virtual\":null,\"aliased\":null,"
              + "\"fqdns\":[],\"mac_addresses\":[],\"ipv4s\":[],\"ipv6s\":[]}],\"acr_score\":\"\","
              + "\"exposure_score\":\"\",\"ratings\":{\"acr\":{\"score\":},\"aes\":{\"score\":}}}"
              + "{\"id\":\"\",\"has_agent\":true,\"has_plugin_results\":true,\"created_at\":\"2026-"
              + "T00:00:00.000Z\",\"terminated_at\":null,\"terminated_by\":null,\"updated_at\":\"\","
              + "\"deleted_at\":null,\"deleted_by\":null,\"first_seen\":\"\",\"last_seen\":\"\","
              + "\"first_scan_time\":\"\",\"last_scan_time\":\"\",\"last_authenticated_scan_date\":"
              + "\"\",\"last_licensed_scan_date\":null,\"last_scan_id\":\"\",\"last_schedule_id\":"
              + "\"template-\",\"last_scan_target\":\"\",\"last_authentication_attempt_date\":\"\","
              + "\"last_authentication_success_date\":\"\",\"last_authentication_scan_status\":"
              + "\"Success\",\"agent_uuid\":\"\",\"bios_uuid\":\"\",\"serial_number\":\"\","
              + "\"agent_names\":[],\"installed_software\":[\"cpe:/a:\"],\"ipv4s\":[],\"ipv6s\":[],"
              + "\"fqdns\":[],\"mac_addresses\":[],\"netbios_names\":[],\"operating_systems\":[],"
              + "\"system_types\":[],\"hostnames\":[],\"ssh_fingerprints\":[]")
          .getBytes(StandardCharsets.UTF_8);

  private static final ThreadLocal<RawCodec> PER_THREAD = ThreadLocal.withInitial(RawCodec::new);

  /** This thread's codec (its deflater and inflater hold native memory, so they are reused). */
  public static RawCodec forThisThread() {
    return PER_THREAD.get();
  }

  private RawCodec() {}

  private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
  private final Inflater inflater = new Inflater(true);
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
  private final byte[] buffer = new byte[8192];

  /** A finding's own raw members, compressed. */
  public byte[] encodeFinding(byte[] json) {
    return encode(json, FINDING_FORMAT, FINDING_WORDS);
  }

  /** An asset's raw record, compressed. */
  public byte[] encodeAsset(byte[] json) {
    return encode(json, ASSET_FORMAT, ASSET_WORDS);
  }

  private byte[] encode(byte[] json, byte format, byte[] words) {
    deflater.reset();
    deflater.setDictionary(words);
    deflater.setInput(json);
    deflater.finish();
    out.reset();
    out.write(format);
    while (!deflater.finished()) {
      int n = deflater.deflate(buffer);
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  public String decode(byte[] stored) {
    if (stored == null || stored.length == 0) {
      return null;
    }
    byte[] words =
        switch (stored[0]) {
          case FINDING_FORMAT -> FINDING_WORDS;
          case ASSET_FORMAT -> ASSET_WORDS;
          default -> null;
        };
    if (words == null) {
      return new String(stored, StandardCharsets.UTF_8);
    }
    inflater.reset();
    inflater.setDictionary(words); // raw deflate carries no dictionary id to ask for it
    inflater.setInput(stored, 1, stored.length - 1);
    out.reset();
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && inflater.needsInput()) {
          throw new StoreException("a stored raw record is cut off", null);
        }
        out.write(buffer, 0, n);
      }
    } catch (DataFormatException e) {
      throw new StoreException("a stored raw record is damaged: " + e.getMessage(), e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
