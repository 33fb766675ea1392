package org.winsession.event;

/**
 * Logon IDs (LUIDs) as unsigned 64-bit numbers.
 *
 * <p>Every rendering Windows and its tools produce is accepted and yields the same number: XML
 * {@code 0x3e7}, rendered messages {@code 0x3E7}, libevtx {@code 0x00000000000003e7}, decimal JSON
 * {@code 999} and NT5 text {@code (0x0,0x3E7)} (HighPart, LowPart). {@link #NONE} (zero) means "no
 * logon ID": no logon session has LUID 0, and Windows writes {@code 0x0} where a field is unused.
 */
public final class LogonIds {
  /** The value meaning "absent". */
  public static final long NONE = 0L;

  private LogonIds() {}

  /**
   * Parses a LUID in any accepted rendering.
   *
   * @return the LUID, {@link #NONE} for {@code null}, blank or {@code -}
   * @throws NumberFormatException when the text is none of the accepted renderings
   */
  public static long parse(String text) {
    if (text == null) {
      return NONE;
    }
    String s = text.strip();
    if (s.isEmpty() || s.equals("-")) {
      return NONE;
    }
    if (s.charAt(0) == '(') {
      return parseNt5Pair(s, text);
    }
    if (s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
      return parseHex(s, 2, s.length(), text);
    }
    return parseDecimal(s, text);
  }

  /** The contract rendering: {@code 0x} and lower-case hex without padding. */
  public static String format(long luid) {
    return "0x" + Long.toHexString(luid);
  }

  /** True for the LUIDs 0x3e3..0x3e7 (IUSR, NETWORK SERVICE, LOCAL SERVICE, ANONYMOUS, SYSTEM). */
  public static boolean isWellKnown(long luid) {
    return luid >= 0x3e3L && luid <= 0x3e7L;
  }

  private static long parseNt5Pair(String s, String original) {
    int comma = s.indexOf(',');
    if (comma < 0 || s.charAt(s.length() - 1) != ')') {
      throw bad(original, "(0xHIGH,0xLOW)");
    }
    long high = parse(s.substring(1, comma));
    long low = parse(s.substring(comma + 1, s.length() - 1));
    if ((high >>> 32) != 0 || (low >>> 32) != 0) {
      throw bad(original, "32-bit parts in (0xHIGH,0xLOW)");
    }
    return (high << 32) | low;
  }

  private static long parseHex(String s, int from, int to, String original) {
    // Leading zeros (libevtx pads to 16 digits) do not count against the 16-digit limit.
    while (from < to - 1 && s.charAt(from) == '0') {
      from++;
    }
    if (to - from > 16) {
      throw bad(original, "at most 64 bits of hex");
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        throw bad(original, "hex digits after 0x");
      }
      v = (v << 4) | d;
    }
    return v;
  }

  private static long parseDecimal(String s, String original) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        throw bad(original, "0x-prefixed hex, a decimal number or (0xHIGH,0xLOW)");
      }
    }
    try {
      return Long.parseUnsignedLong(s);
    } catch (NumberFormatException e) {
      throw bad(original, "an unsigned 64-bit decimal");
    }
  }

  private static NumberFormatException bad(String text, String expected) {
    String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
    return new NumberFormatException("logon ID '" + shown + "': expected " + expected);
  }
}
