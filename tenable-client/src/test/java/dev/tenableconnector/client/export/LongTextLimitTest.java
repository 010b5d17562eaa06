package dev.tenableconnector.client.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The oversize-value policy: a JSON string longer than the limit is cut between two characters and
 * ends with a marker giving its whole length; shorter strings, and everything outside strings, pass
 * unchanged; the body stays valid JSON whatever the text holds.
 */
class LongTextLimitTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MARKED =
      Pattern.compile("(?s)(.*) \\[truncated by tenable-connector: (\\d+) bytes in all\\]");

  @Property(tries = 300)
  void longStringsAreCutAtACharacterAndSayTheirLengthTheRestIsUntouched(
      @ForAll @Size(max = 6) List<String> texts, @ForAll @IntRange(min = 1, max = 40) int limit)
      throws Exception {
    // Text as Tenable can send it: UTF-8 has no form for a lone surrogate.
    Assume.that(
        texts.stream()
            .allMatch(
                t ->
                    t.equals(
                        new String(t.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))));
    String body = JSON.writeValueAsString(List.of(texts, java.util.Map.of("k", texts)));
    byte[] out =
        new LongTextLimit(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), limit)
            .readAllBytes();

    JsonNode read = JSON.readTree(out); // still JSON, whatever was cut
    for (JsonNode list : List.of(read.get(0), read.get(1).get("k"))) {
      assertThat(list).hasSize(texts.size());
      for (int i = 0; i < texts.size(); i++) {
        String original = texts.get(i);
        int sent = JSON.writeValueAsString(original).getBytes(StandardCharsets.UTF_8).length - 2;
        String got = list.get(i).asText();
        Matcher m = MARKED.matcher(got);
        if (!m.matches()) {
          assertThat(got).isEqualTo(original);
          assertThat(sent)
              .as("kept whole: no character starts past the limit (the widest is 12 bytes sent)")
              .isLessThanOrEqualTo(limit + 12);
        } else {
          assertThat(Long.parseLong(m.group(2))).isEqualTo(sent);
          assertThat(original).startsWith(m.group(1));
          assertThat(
                  JSON.writeValueAsString(m.group(1)).getBytes(StandardCharsets.UTF_8).length - 2)
              .as("kept up to the first character past the limit, never part of one")
              .isBetween(limit, limit + 11);
        }
      }
    }
  }

  @Test
  void aStringOfTwoHundredMegabytesPassesInAFewBuffers() throws Exception {
    long size = 200L << 20;
    InputStream body =
        new SequenceInputStream(
            java.util.Collections.enumeration(
                List.of(
                    new ByteArrayInputStream("[{\"output\":\"".getBytes(StandardCharsets.US_ASCII)),
                    new Repeating(size),
                    new ByteArrayInputStream(
                        "\",\"id\":7}]".getBytes(StandardCharsets.US_ASCII)))));
    try (JsonParser p = JSON.getFactory().createParser(new LongTextLimit(body))) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      JsonNode record = JSON.readTree(p);
      assertThat(record.get("id").asInt()).isEqualTo(7);
      String output = record.get("output").asText();
      assertThat(output).hasSizeLessThan(LongTextLimit.MAX_TEXT_BYTES + 100);
      assertThat(output).endsWith("[truncated by tenable-connector: " + size + " bytes in all]");
    }
  }

  /** {@code size} bytes of plain text, made as they are read. */
  private static final class Repeating extends InputStream {
    private long left;

    Repeating(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      return left-- > 0 ? 'x' : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 'a');
      left -= n;
      return n;
    }
  }
}
