package org.winsession.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.winsession.event.LogonIds;
import org.winsession.event.LogonTypes;
import org.winsession.event.SourceFormat;
import org.winsession.normalize.Timestamps;
import org.winsession.session.AccountClass;
import org.winsession.session.Confidence;
import org.winsession.session.EndReason;
import org.winsession.session.LeakReason;
import org.winsession.session.SessionEvent;
import org.winsession.session.SessionStatus;

/**
 * The hand-written session JSON against Gson's HTML-safe writer (how it was rendered before):
 * byte-identical text for random session events, whose strings hold every character class that
 * is escaped (quotes, controls, markup, U+2028/9, noncharacters, unpaired and paired surrogates),
 * times across the years 0000..9999 and beyond, and durations of any sign.
 */
class SessionJsonGsonTest {
  @Test
  void randomSessionEvents_renderAsGsonsWriterDid() throws IOException {
    Random rnd = new Random(5);
    for (int i = 0; i < 50_000; i++) {
      SessionEvent e = event(rnd);
      assertEquals(gson(e), SessionJson.toJson(e), "event " + i);
    }
  }

  @Test
  void timestamps_appendAsFormatWrites() {
    Random rnd = new Random(6);
    for (int i = 0; i < 200_000; i++) {
      long t = switch (i % 4) {
        case 0 -> rnd.nextLong();
        case 1 -> rnd.nextLong() % 253402300800000L;
        case 2 -> -62167219200000L + rnd.nextInt(1 << 20) - (1 << 19);
        default -> 253402300800000L + rnd.nextInt(1 << 20) - (1 << 19);
      };
      assertEquals(Timestamps.format(t), Timestamps.append(new StringBuilder(), t).toString());
    }
  }

  private static final String[] PIECES = {"a", "Z", " ", "\\", "\"", "/", "\n", "\t", "\u0001",
      "\u007f", "é", "€", "\uD83D\uDE00", "\uD800", "\uDC00", "\u2028", "\u2029", "<", ">", "&",
      "=", "'", "\uFFFE", "\uFFFF", "\u0000", "\b", "\f", "\r"};

  private static String text(Random rnd) {
    if (rnd.nextInt(4) == 0) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = rnd.nextInt(10); i > 0; i--) {
      sb.append(PIECES[rnd.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  private static long time(Random rnd) {
    switch (rnd.nextInt(4)) {
      case 0:
        return SessionEvent.NONE;
      case 1:
        return rnd.nextLong();
      default:
        return 1_700_000_000_000L + rnd.nextInt();
    }
  }

  private static long millis(Random rnd) {
    switch (rnd.nextInt(4)) {
      case 0:
        return rnd.nextLong();
      case 1:
        return Long.MIN_VALUE + rnd.nextInt(2);
      default:
        return rnd.nextInt(10_000_000) - 1_000;
    }
  }

  private static <T> T pick(Random rnd, T[] values, boolean nullable) {
    int n = values.length + (nullable ? 1 : 0);
    int k = rnd.nextInt(n);
    return k < values.length ? values[k] : null;
  }

  private static SessionEvent event(Random rnd) {
    return new SessionEvent(1_700_000_000_000L + rnd.nextInt(), "s" + text(rnd), "h" + text(rnd),
        time(rnd),
        rnd.nextLong(), rnd.nextBoolean() ? LogonIds.NONE : rnd.nextLong(), text(rnd), text(rnd),
        text(rnd), text(rnd), pick(rnd, AccountClass.values(), false), rnd.nextInt(16) - 1,
        text(rnd), text(rnd), text(rnd), rnd.nextInt(70000) - 2, text(rnd), text(rnd),
        rnd.nextInt(3) == 0 ? null : rnd.nextBoolean(), rnd.nextBoolean(), time(rnd), time(rnd),
        time(rnd), time(rnd), rnd.nextInt(5000) - 1, rnd.nextInt(5000) - 1,
        rnd.nextBoolean() ? SessionEvent.NONE : rnd.nextLong(), rnd.nextInt(9),
        pick(rnd, EndReason.values(), true), pick(rnd, SessionStatus.values(), false),
        rnd.nextBoolean(), pick(rnd, LeakReason.values(), true), rnd.nextBoolean(),
        pick(rnd, Confidence.values(), true), millis(rnd), millis(rnd), rnd.nextInt(9),
        rnd.nextBoolean(), pick(rnd, SourceFormat.values(), false));
  }

  /** The rendering as Gson's HTML-safe writer made it (over SafeText's escaping writer). */
  private static String gson(SessionEvent e) throws IOException {
    StringWriter out = new StringWriter();
    JsonWriter w = new JsonWriter(SafeText.escapingNoncharacters(out));
    w.setHtmlSafe(true);
    w.beginObject();
    w.name("schema").value(SessionEvent.SCHEMA);
    w.name("time").value(Timestamps.format(e.time()));
    string(w, "session_id", e.sessionId());
    string(w, "host", e.host());
    time(w, "boot_start", e.bootStart());
    w.name("logon_id").value(LogonIds.format(e.logonId()));
    if (e.linkedLogonId() != LogonIds.NONE) {
      w.name("linked_logon_id").value(LogonIds.format(e.linkedLogonId()));
    }
    string(w, "linked_session_id", e.linkedSessionId());
    string(w, "user", e.user());
    string(w, "domain", e.domain());
    string(w, "user_sid", e.userSid());
    w.name("account_class").value(e.accountClass().wireName());
    if (e.logonType() >= 0) {
      w.name("logon_type").value(e.logonType());
      string(w, "logon_type_name", LogonTypes.name(e.logonType()));
    }
    string(w, "auth_package", e.authPackage());
    string(w, "logon_process", e.logonProcess());
    string(w, "src_ip", e.srcIp());
    if (e.srcPort() >= 0) {
      w.name("src_port").value(e.srcPort());
    }
    string(w, "src_workstation", e.srcWorkstation());
    string(w, "process_name", e.processName());
    if (e.elevated() != null) {
      w.name("elevated").value(e.elevated());
    }
    w.name("privileged").value(e.privileged());
    time(w, "logon_time", e.logonTime());
    time(w, "user_logoff_time", e.userLogoffTime());
    time(w, "logoff_time", e.logoffTime());
    time(w, "end_time", e.endTime());
    if (e.logonEventCode() >= 0) {
      w.name("logon_event_code").value(e.logonEventCode());
    }
    if (e.logoffEventCode() >= 0) {
      w.name("logoff_event_code").value(e.logoffEventCode());
    }
    if (e.logonRecordId() != SessionEvent.NONE) {
      w.name("logon_record_id").value(e.logonRecordId());
    }
    w.name("logon_count").value(e.logonCount());
    if (e.endReason() != null) {
      w.name("end_reason").value(e.endReason().wireName());
    }
    if (e.durationMillis() != SessionEvent.NONE) {
      w.name("duration").value(SessionJson.seconds(e.durationMillis()));
    }
    w.name("status").value(e.status().wireName());
    w.name("leak").value(e.leak());
    if (e.leakReason() != null) {
      w.name("leak_reason").value(e.leakReason().wireName());
    }
    w.name("late_logoff").value(e.lateLogoff());
    if (e.confidence() != null) {
      w.name("confidence").value(e.confidence().wireName());
    }
    w.name("locked_seconds").value(SessionJson.seconds(e.lockedMillis()));
    w.name("disconnected_seconds").value(SessionJson.seconds(e.disconnectedMillis()));
    w.name("reconnects").value(e.reconnects());
    w.name("clock_anomaly").value(e.clockAnomaly());
    w.name("source_format").value(e.sourceFormat().wireName());
    w.endObject();
    w.flush();
    return out.toString();
  }

  private static void time(JsonWriter w, String name, long millis) throws IOException {
    if (millis != SessionEvent.NONE) {
      w.name(name).value(Timestamps.format(millis));
    }
  }

  private static void string(JsonWriter w, String name, String value) throws IOException {
    if (value != null) {
      w.name(name).value(SafeText.wellFormed(value));
    }
  }
}
