package dev.tenableconnector.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.emulator.data.RecordWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordWriterTest {

  @Test
  void shouldWriteTimestampsAsIsoWithMillisecondsLikeJavaTime() {
    var reference = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();
    Random random = new Random(1);
    for (int i = 0; i < 10_000; i++) {
      Instant t = Instant.ofEpochMilli(random.nextLong(0, 4_102_444_800_000L));
      assertThat(RecordWriter.time(t)).isEqualTo(reference.format(t));
    }
    assertThat(RecordWriter.time(Instant.parse("2025-02-01T22:07:13.508Z")))
        .isEqualTo("2025-02-01T22:07:13.508Z");
    assertThat(RecordWriter.time(null)).isNull();
  }
}
