package org.winsession.sim;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Time layouts and escapes the renderers share. Times are the host's local time, here UTC. */
final class Text {
  private Text() {}

  private static LocalDateTime utc(long millis) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L),
        (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC);
  }

  private static void pad(StringBuilder sb, int v, int width) {
    String s = Integer.toString(v);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    sb.append(s);
  }

  /** {@code 2026-03-02T08:05:02} */
  private static StringBuilder isoSeconds(long millis, char sep) {
    LocalDateTime t = utc(millis);
    StringBuilder sb = new StringBuilder(32);
    pad(sb, t.getYear(), 4);
    sb.append('-');
    pad(sb, t.getMonthValue(), 2);
    sb.append('-');
    pad(sb, t.getDayOfMonth(), 2);
    sb.append(sep);
    pad(sb, t.getHour(), 2);
    sb.append(':');
    pad(sb, t.getMinute(), 2);
    sb.append(':');
    pad(sb, t.getSecond(), 2);
    return sb;
  }

  /** SystemTime with 7 fraction digits: {@code 2026-03-02T08:05:02.1234567Z}. */
  static String systemTime(long millis, int ticks) {
    StringBuilder sb = isoSeconds(millis, 'T').append('.');
    pad(sb, (int) Math.floorMod(millis, 1000L), 3);
    pad(sb, ticks, 4);
    return sb.append('Z').toString();
  }

  /** ISO UTC with milliseconds: {@code 2026-03-02T08:05:02.123Z}. */
  static String isoMillis(long millis) {
    StringBuilder sb = isoSeconds(millis, 'T').append('.');
    pad(sb, (int) Math.floorMod(millis, 1000L), 3);
    return sb.append('Z').toString();
  }

  /** NXLog's datetime: {@code 2026-03-02 08:05:02}. */
  static String nxlog(long millis) {
    return isoSeconds(millis, ' ').toString();
  }

  /** US date: {@code 3/2/2026}. */
  static String usDate(long millis) {
    LocalDateTime t = utc(millis);
    return t.getMonthValue() + "/" + t.getDayOfMonth() + "/" + t.getYear();
  }

  /** US time: {@code 8:05:02 AM}. */
  static String usTime(long millis) {
    LocalDateTime t = utc(millis);
    int h = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
    StringBuilder sb = new StringBuilder().append(h).append(':');
    pad(sb, t.getMinute(), 2);
    sb.append(':');
    pad(sb, t.getSecond(), 2);
    return sb.append(t.getHour() < 12 ? " AM" : " PM").toString();
  }

  /** Splunk's classic first line: {@code 03/02/2026 08:05:02 AM}. */
  static String classic(long millis) {
    LocalDateTime t = utc(millis);
    StringBuilder sb = new StringBuilder(24);
    pad(sb, t.getMonthValue(), 2);
    sb.append('/');
    pad(sb, t.getDayOfMonth(), 2);
    sb.append('/');
    pad(sb, t.getYear(), 4);
    sb.append(' ');
    pad(sb, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2);
    sb.append(':');
    pad(sb, t.getMinute(), 2);
    sb.append(':');
    pad(sb, t.getSecond(), 2);
    return sb.append(t.getHour() < 12 ? " AM" : " PM").toString();
  }

  /** XML character data and attribute values (both quote kinds). */
  static String xml(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '\''
          ? "&apos;" : c == '"' ? "&quot;" : null;
      if (r != null && sb == null) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (sb != null) {
        if (r != null) {
          sb.append(r);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** A JSON string literal, quotes included. */
  static String json(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case '\t': sb.append("\\t"); break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }

  /** A CSV field, quoted when it must be (RFC 4180, as Event Viewer and PowerShell quote). */
  static String csv(String s, boolean always) {
    if (!always && s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0
        && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
