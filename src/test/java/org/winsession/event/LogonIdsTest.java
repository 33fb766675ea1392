package org.winsession.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogonIdsTest {
  @ParameterizedTest
  @ValueSource(strings = {"0x3e7", "0x3E7", "0x00000000000003e7", "999", "(0x0,0x3E7)",
      " 0x3e7 ", "(0x0, 0x3e7)"})
  void everyRenderingOfTheSystemLuid_isTheSameNumber(String text) {
    assertEquals(0x3e7L, LogonIds.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x3A7A6E0", "(0x0,0x3A7A6E0)", "61318880", "0x0000000003a7a6e0"})
  void nt5AndModernRenderings_agree(String text) {
    assertEquals(0x3A7A6E0L, LogonIds.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-", "", "0x0"})
  void placeholders_areNone(String text) {
    assertEquals(LogonIds.NONE, LogonIds.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0xZZ", "abc", "0x12345678901234567", "(0x1,", "(0x100000000,0x1)",
      "18446744073709551616", "-5"})
  void garbage_isRejectedWithTheValueInTheMessage(String text) {
    NumberFormatException e = assertThrows(NumberFormatException.class, () -> LogonIds.parse(text));
    assertTrue(e.getMessage().contains("expected"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(longs = {0x3e7L, 0x615a44L, 0xffffffffffffffffL, 0x100000000L})
  void format_isLowerCaseHexWithoutPadding_andRoundTrips(long v) {
    String s = LogonIds.format(v);
    assertTrue(s.matches("0x[0-9a-f]+") && !s.startsWith("0x0") || v == 0, s);
    assertEquals(v, LogonIds.parse(s));
  }

  @ParameterizedTest
  @ValueSource(longs = {0x3e3L, 0x3e4L, 0x3e5L, 0x3e6L, 0x3e7L})
  void wellKnownLuids(long v) {
    assertTrue(LogonIds.isWellKnown(v));
  }
}
