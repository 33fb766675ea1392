package org.winsession.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
  private static final long T = Instant.parse("2024-03-14T13:54:19.362Z").toEpochMilli();

  @ParameterizedTest
  @ValueSource(strings = {"2024-03-14T13:54:19.3628662Z", "2024-03-14T13:54:19.362866200Z",
      "2024-03-14T13:54:19.362Z", "2024-03-14 13:54:19.362", "2024-03-14T16:54:19.362+03:00",
      "1710424459362"})
  void everyRendering_isTheSameMillisecond(String text) {
    assertEquals(T, Timestamps.parseMillis(text));
  }

  @Test
  void noFraction_andLeapDay() {
    assertEquals(Instant.parse("2024-02-29T00:00:00Z").toEpochMilli(),
        Timestamps.parseMillis("2024-02-29T00:00:00Z"));
    assertEquals(Instant.parse("1601-01-01T00:00:00Z").toEpochMilli(),
        Timestamps.parseMillis("1601-01-01T00:00:00.0000000Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "yesterday", "2024-13-01T00:00:00Z", "2024-03-14T25:00:00Z",
      "2024-03-14T13:54:19.Z", "2024-03-14T13:54:19.1234567890Z", "2024-03-14T13:54:19Zjunk"})
  void garbage_isRejected(String text) {
    assertThrows(IllegalArgumentException.class, () -> Timestamps.parseMillis(text));
  }

  @Test
  void format_alwaysHasThreeFractionDigits() {
    assertEquals("2024-03-14T13:54:19.362Z", Timestamps.format(T));
    assertEquals("2024-03-14T13:54:19.000Z", Timestamps.format(T - 362));
    assertEquals("2024-03-14T13:54:19.005Z", Timestamps.format(T - 357));
  }
}
