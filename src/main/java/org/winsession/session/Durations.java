package org.winsession.session;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses the duration settings admins write: {@code 500ms}, {@code 90s}, {@code 2m}, {@code 24h},
 * {@code 7d}, a bare number of seconds, or ISO-8601 {@code PT24H}; and per-logon-type lists
 * {@code 3=1h,10=8h}. Errors name the setting, the value and what is allowed.
 */
public final class Durations {
  private Durations() {}

  /** Parses one duration; {@code setting} names it in the error. */
  public static Duration parse(String setting, String value) {
    String s = value == null ? "" : value.strip();
    try {
      if (s.startsWith("P") || s.startsWith("p")) {
        return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
      }
      int i = 0;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == 0 || i > 12) {
        throw new NumberFormatException();
      }
      long n = Long.parseLong(s.substring(0, i));
      switch (s.substring(i).strip().toLowerCase(java.util.Locale.ROOT)) {
        case "ms": return Duration.ofMillis(n);
        case "": case "s": return Duration.ofSeconds(n);
        case "m": case "min": return Duration.ofMinutes(n);
        case "h": return Duration.ofHours(n);
        case "d": return Duration.ofDays(n);
        default: throw new NumberFormatException();
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(setting + " '" + value
          + "': expected a duration such as 90s, 2m, 24h, 7d or PT24H");
    }
  }

  /** Parses {@code TYPE=DURATION} pairs separated by commas, e.g. {@code 3=1h,10=8h}. */
  public static Map<Integer, Duration> parseByType(String setting, String value) {
    Map<Integer, Duration> out = new TreeMap<>();
    if (value == null || value.isBlank()) {
      return out;
    }
    for (String part : value.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(setting + " '" + value
            + "': expected LOGON_TYPE=DURATION pairs such as 3=1h,10=8h");
      }
      String type = part.substring(0, eq).strip();
      int t;
      try {
        t = Integer.parseInt(type);
      } catch (NumberFormatException e) {
        t = -1;
      }
      if (t < 0 || t > 13) {
        throw new IllegalArgumentException(setting + ": logon type '" + type
            + "' is not a Windows logon type (expected 0..13)");
      }
      out.put(t, parse(setting + " for type " + t, part.substring(eq + 1)));
    }
    return out;
  }
}
