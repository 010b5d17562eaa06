package dev.tenableconnector.core.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The stored form of a finding's own raw JSON: deflated with a preset dictionary of the words a
 * Tenable vuln record repeats (its keys, states, dates' shape), which is what makes a few hundred
 * bytes compress at all. The first byte names the format, so a new dictionary is a new format and
 * old rows stay readable; a row that starts with '{' is plain JSON (rows written before the format
 * existed). One instance per thread.
 */
public final class RawCodec {
  /** Format 1: raw deflate with {@link #DICTIONARY_1}. Never change it; add a format instead. */
  private static final byte FORMAT_1 = 1;

  private static final byte[] DICTIONARY_1 =
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

  public byte[] encode(byte[] json) {
    deflater.reset();
    deflater.setDictionary(DICTIONARY_1);
    deflater.setInput(json);
    deflater.finish();
    out.reset();
    out.write(FORMAT_1);
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
    if (stored[0] != FORMAT_1) {
      return new String(stored, StandardCharsets.UTF_8);
    }
    inflater.reset();
    inflater.setDictionary(DICTIONARY_1); // raw deflate carries no dictionary id to ask for it
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
