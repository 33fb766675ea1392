package org.winsession.emit;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
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
 * escaped and unpaired surrogates replaced ({@link SafeText#wellFormed}), so every line is JSON
 * that encodes as UTF-8. Stateless.
 */
public final class SessionJson {
  private SessionJson() {}

  /** The JSON object of one session event, without a trailing newline. */
  public static String toJson(SessionEvent e) {
    StringWriter sw = new StringWriter(2048); // a session event is 600-1,200 characters
    try {
      write(e, sw);
    } catch (IOException impossible) {
      throw new java.io.UncheckedIOException(impossible);
    }
    return sw.toString();
  }

  /** Writes the JSON object of one session event to {@code out}, without a trailing newline. */
  public static void write(SessionEvent e, Writer out) throws IOException {
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
      w.name("duration").value(seconds(e.durationMillis()));
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
    w.name("locked_seconds").value(seconds(e.lockedMillis()));
    w.name("disconnected_seconds").value(seconds(e.disconnectedMillis()));
    w.name("reconnects").value(e.reconnects());
    w.name("clock_anomaly").value(e.clockAnomaly());
    w.name("source_format").value(e.sourceFormat().wireName());
    w.endObject();
    w.flush();
  }

  /** Milliseconds as seconds with up to three decimals and no exponent: 90500 -> 90.5. */
  static BigDecimal seconds(long millis) {
    BigDecimal d = BigDecimal.valueOf(millis, 3).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0) : d;
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
