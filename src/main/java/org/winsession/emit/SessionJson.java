package org.winsession.emit;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import org.winsession.event.LogonIds;
import org.winsession.event.LogonTypes;
import org.winsession.normalize.Timestamps;
import org.winsession.session.SessionEvent;

/**
 * Renders a {@link SessionEvent} as one JSON object in the field order of SESSIONS.md §5; absent
 * values are left out. HTML-significant characters are escaped ({@code <} as {@code \u003c}), so a
 * value from an event can never become markup wherever the JSON is shown; control characters are
 * escaped and unpaired surrogates replaced (as {@link SafeText#wellFormed}), so every line is JSON
 * that encodes as UTF-8. Written straight into a {@code StringBuilder} (the escapes Gson's
 * HTML-safe writer used, same text). Stateless.
 */
public final class SessionJson {
  /** A session event is 600 to 1,200 characters: room for one without growing. */
  private static final int CAPACITY = 1536;

  private SessionJson() {}

  /** The JSON object of one session event, without a trailing newline. */
  public static String toJson(SessionEvent e) {
    StringBuilder w = new StringBuilder(CAPACITY);
    append(e, w);
    return w.toString();
  }

  /** Writes the JSON object of one session event to {@code out}, without a trailing newline. */
  public static void write(SessionEvent e, Writer out) throws IOException {
    StringBuilder w = new StringBuilder(CAPACITY);
    append(e, w);
    out.append(w);
  }

  /**
   * Appends the JSON object of one session event to {@code w}: compact, names and values escaped
   * as {@link #escape} writes them.
   */
  public static void append(SessionEvent e, StringBuilder w) {
    w.append("{\"schema\":").append(SessionEvent.SCHEMA);
    name(w, "time").append('"');
    Timestamps.append(w, e.time()).append('"');
    string(w, "session_id", e.sessionId());
    string(w, "host", e.host());
    time(w, "boot_start", e.bootStart());
    name(w, "logon_id").append('"').append("0x").append(Long.toHexString(e.logonId()))
        .append('"');
    if (e.linkedLogonId() != LogonIds.NONE) {
      name(w, "linked_logon_id").append('"').append("0x")
          .append(Long.toHexString(e.linkedLogonId())).append('"');
    }
    string(w, "linked_session_id", e.linkedSessionId());
    string(w, "user", e.user());
    string(w, "domain", e.domain());
    string(w, "user_sid", e.userSid());
    string(w, "account_class", e.accountClass().wireName());
    if (e.logonType() >= 0) {
      name(w, "logon_type").append(e.logonType());
      string(w, "logon_type_name", LogonTypes.name(e.logonType()));
    }
    string(w, "auth_package", e.authPackage());
    string(w, "logon_process", e.logonProcess());
    string(w, "src_ip", e.srcIp());
    if (e.srcPort() >= 0) {
      name(w, "src_port").append(e.srcPort());
    }
    string(w, "src_workstation", e.srcWorkstation());
    string(w, "process_name", e.processName());
    if (e.elevated() != null) {
      name(w, "elevated").append(e.elevated().booleanValue());
    }
    name(w, "privileged").append(e.privileged());
    time(w, "logon_time", e.logonTime());
    time(w, "user_logoff_time", e.userLogoffTime());
    time(w, "logoff_time", e.logoffTime());
    time(w, "end_time", e.endTime());
    if (e.logonEventCode() >= 0) {
      name(w, "logon_event_code").append(e.logonEventCode());
    }
    if (e.logoffEventCode() >= 0) {
      name(w, "logoff_event_code").append(e.logoffEventCode());
    }
    if (e.logonRecordId() != SessionEvent.NONE) {
      name(w, "logon_record_id").append(e.logonRecordId());
    }
    name(w, "logon_count").append(e.logonCount());
    if (e.endReason() != null) {
      string(w, "end_reason", e.endReason().wireName());
    }
    if (e.durationMillis() != SessionEvent.NONE) {
      seconds(name(w, "duration"), e.durationMillis());
    }
    string(w, "status", e.status().wireName());
    name(w, "leak").append(e.leak());
    if (e.leakReason() != null) {
      string(w, "leak_reason", e.leakReason().wireName());
    }
    name(w, "late_logoff").append(e.lateLogoff());
    if (e.confidence() != null) {
      string(w, "confidence", e.confidence().wireName());
    }
    seconds(name(w, "locked_seconds"), e.lockedMillis());
    seconds(name(w, "disconnected_seconds"), e.disconnectedMillis());
    name(w, "reconnects").append(e.reconnects());
    name(w, "clock_anomaly").append(e.clockAnomaly());
    string(w, "source_format", e.sourceFormat().wireName());
    w.append('}');
  }

  /** {@code ,"name":} (names are plain ASCII). */
  private static StringBuilder name(StringBuilder w, String name) {
    return w.append(',').append('"').append(name).append('"').append(':');
  }

  /** {@link #seconds(long)}'s text, without the {@code BigDecimal}. */
  static void seconds(StringBuilder w, long millis) {
    if (millis == Long.MIN_VALUE) {
      w.append(seconds(millis).toString());
      return;
    }
    long abs = Math.abs(millis);
    if (millis < 0) {
      w.append('-');
    }
    w.append(abs / 1000);
    int frac = (int) (abs % 1000);
    if (frac != 0) {
      w.append('.').append((char) ('0' + frac / 100));
      if (frac % 100 != 0) {
        w.append((char) ('0' + frac / 10 % 10));
        if (frac % 10 != 0) {
          w.append((char) ('0' + frac % 10));
        }
      }
    }
  }

  /**
   * {@code s} as a JSON string: quotes, backslashes and control characters escaped, and for
   * markup and embedding {@code < > & = '}, U+2028, U+2029 (as {@code \u003c} ...) and the
   * noncharacters U+FFFE, U+FFFF ({@link SafeText#escapingNoncharacters}); unpaired surrogates
   * become U+FFFD ({@link SafeText#wellFormed}). The escapes are Gson's HTML-safe ones, so the
   * output is the same text Gson's writer gave.
   */
  static void escape(StringBuilder w, String s) {
    w.append('"');
    int run = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      String r;
      if (c < 128) {
        r = ESCAPES[c];
        if (r == null) {
          continue;
        }
      } else if (c == '\u2028' || c == '\u2029' || c == '\uFFFE' || c == '\uFFFF') {
        r = c == '\u2028' ? "\\u2028" : c == '\u2029' ? "\\u2029"
            : c == '\uFFFE' ? "\\ufffe" : "\\uffff";
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        r = String.valueOf(SafeText.REPLACEMENT);
      } else {
        continue;
      }
      w.append(s, run, i).append(r);
      run = i + 1;
    }
    w.append(s, run, n).append('"');
  }

  /** Gson's HTML-safe escapes of the ASCII characters; null: written as it is. */
  private static final String[] ESCAPES = new String[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = String.format(java.util.Locale.ROOT, "\\u%04x", c);
    }
    ESCAPES['"'] = "\\\"";
    ESCAPES['\\'] = "\\\\";
    ESCAPES['\t'] = "\\t";
    ESCAPES['\b'] = "\\b";
    ESCAPES['\n'] = "\\n";
    ESCAPES['\r'] = "\\r";
    ESCAPES['\f'] = "\\f";
    ESCAPES['<'] = "\\u003c";
    ESCAPES['>'] = "\\u003e";
    ESCAPES['&'] = "\\u0026";
    ESCAPES['='] = "\\u003d";
    ESCAPES['\''] = "\\u0027";
  }

  /** Milliseconds as seconds with up to three decimals and no exponent: 90500 -> 90.5. */
  static BigDecimal seconds(long millis) {
    BigDecimal d = BigDecimal.valueOf(millis, 3).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0) : d;
  }

  private static void time(StringBuilder w, String name, long millis) {
    if (millis != SessionEvent.NONE) {
      Timestamps.append(name(w, name).append('"'), millis).append('"');
    }
  }

  private static void string(StringBuilder w, String name, String value) {
    if (value != null) {
      escape(name(w, name), value);
    }
  }
}
