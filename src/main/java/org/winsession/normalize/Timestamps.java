package org.winsession.normalize;

import java.time.Instant;

/**
 * Event timestamps: parsing the renderings Windows tools write, and the contract's output form.
 *
 * <p>Accepted: ISO-8601 {@code 2024-03-14T13:54:19.3628662Z} with 0..9 fraction digits and {@code Z},
 * an offset {@code +03:00} or none (read as UTC), a space instead of {@code T}, and epoch
 * milliseconds ({@code 1679330336354}, written by some converters). Precision kept: milliseconds.
 */
public final class Timestamps {
  private Timestamps() {}

  /**
   * Parses a timestamp to UTC epoch milliseconds.
   *
   * @throws IllegalArgumentException naming what was found and what was expected
   */
  public static long parseMillis(String text) {
    String s = text.strip();
    int n = s.length();
    if (n >= 10 && n <= 16 && allDigits(s)) {
      return Long.parseLong(s);
    }
    if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || (s.charAt(10) != 'T' && s.charAt(10) != ' ')) {
      throw bad(text);
    }
    int year = digits(s, 0, 4, text);
    int month = digits(s, 5, 7, text);
    int day = digits(s, 8, 10, text);
    int hour = digits(s, 11, 13, text);
    int minute = digits(s, 14, 16, text);
    int second = digits(s, 17, 19, text);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
      throw bad(text);
    }
    int i = 19;
    int millis = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      int start = i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (i - start < 3) {
          millis = millis * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int len = i - start;
      if (len == 0 || len > 9) {
        throw bad(text);
      }
      for (int k = len; k < 3; k++) {
        millis *= 10;
      }
    }
    long offsetSeconds = 0;
    if (i < n) {
      char c = s.charAt(i);
      if (c == 'Z' && i == n - 1) {
        i++;
      } else if ((c == '+' || c == '-') && n - i == 6 && s.charAt(i + 3) == ':') {
        int oh = digits(s, i + 1, i + 3, text);
        int om = digits(s, i + 4, i + 6, text);
        offsetSeconds = (c == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
        i = n;
      } else {
        throw bad(text);
      }
    }
    long days = daysFromCivil(year, month, day);
    long epochSeconds = days * 86400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return epochSeconds * 1000L + millis;
  }

  /** The contract rendering: ISO-8601 UTC with milliseconds, e.g. {@code 2024-03-14T13:54:19.362Z}. */
  public static String format(long epochMillis) {
    String s = Instant.ofEpochMilli(epochMillis).toString();
    // Instant.toString omits zero fractions and may print micro/nano digits: pin to exactly 3.
    int dot = s.indexOf('.');
    String base = dot < 0 ? s.substring(0, s.length() - 1) : s.substring(0, dot);
    long ms = Math.floorMod(epochMillis, 1000L);
    return base + '.' + (ms < 100 ? (ms < 10 ? "00" : "0") : "") + ms + 'Z';
  }

  /** Epoch milliseconds of 0000-01-01T00:00:00Z and just past 9999-12-31T23:59:59.999Z. */
  private static final long FIRST_MILLI = -62167219200000L;
  private static final long END_MILLI = 253402300800000L;

  /** Appends {@link #format}'s text to {@code sb}, without building it first; returns {@code sb}. */
  public static StringBuilder append(StringBuilder sb, long epochMillis) {
    if (epochMillis < FIRST_MILLI || epochMillis >= END_MILLI) {
      return sb.append(format(epochMillis)); // a year Instant writes with a sign
    }
    long days = Math.floorDiv(epochMillis, 86_400_000L);
    int msOfDay = (int) Math.floorMod(epochMillis, 86_400_000L);
    // civil from days (Howard Hinnant's algorithm)
    long z = days + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    four(sb, year).append('-');
    two(sb, month).append('-');
    two(sb, day).append('T');
    two(sb, msOfDay / 3_600_000).append(':');
    two(sb, msOfDay / 60_000 % 60).append(':');
    two(sb, msOfDay / 1000 % 60).append('.');
    int ms = msOfDay % 1000;
    return sb.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10))
        .append((char) ('0' + ms % 10)).append('Z');
  }

  private static StringBuilder two(StringBuilder sb, int v) {
    return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  private static StringBuilder four(StringBuilder sb, int v) {
    return two(two(sb, v / 100), v % 100);
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
  static long daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static int digits(String s, int from, int to, String text) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw bad(text);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static IllegalArgumentException bad(String text) {
    String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
    return new IllegalArgumentException(
        "timestamp '" + shown + "': expected ISO-8601 like 2024-03-14T13:54:19.3628662Z"
            + " or epoch milliseconds");
  }
}
