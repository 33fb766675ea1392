package org.winsession.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.session.SessionEvent;
import org.winsession.testing.Scenario;

class SessionJsonTest {
  @Test
  void closedSession_rendersTheContractFieldsInOrder() {
    List<SessionEvent> out = new Scenario().host("WS01.contoso.local").startup("07:50:00")
        .logon("08:01:12", 0x1f2e3a, 2, "bob", b -> b.userSid("S-1-5-21-1-2-3-1107")
            .authPackage("Negotiate").logonProcess("User32").srcIp("127.0.0.1").srcPort(0)
            .srcWorkstation("WS01").processName("C:\\Windows\\System32\\svchost.exe"))
        .event("12:00:00", 4800, 0x1f2e3a, b -> {}).event("12:58:30", 4801, 0x1f2e3a, b -> {})
        .userLogoff("17:31:00", 0x1f2e3a).logoff("17:31:02", 0x1f2e3a).run();
    assertEquals("{\"schema\":1,\"time\":\"2026-01-05T17:31:02.000Z\","
        + "\"session_id\":\"" + out.get(0).sessionId() + "\",\"host\":\"ws01\","
        + "\"boot_start\":\"2026-01-05T07:50:00.000Z\",\"logon_id\":\"0x1f2e3a\","
        + "\"user\":\"bob\",\"domain\":\"CONTOSO\",\"user_sid\":\"S-1-5-21-1-2-3-1107\","
        + "\"account_class\":\"user\",\"logon_type\":2,\"logon_type_name\":\"Interactive\","
        + "\"auth_package\":\"Negotiate\",\"logon_process\":\"User32\",\"src_ip\":\"127.0.0.1\","
        + "\"src_port\":0,\"src_workstation\":\"WS01\","
        + "\"process_name\":\"C:\\\\Windows\\\\System32\\\\svchost.exe\",\"privileged\":false,"
        + "\"logon_time\":\"2026-01-05T08:01:12.000Z\","
        + "\"user_logoff_time\":\"2026-01-05T17:31:00.000Z\","
        + "\"logoff_time\":\"2026-01-05T17:31:02.000Z\",\"end_time\":\"2026-01-05T17:31:02.000Z\","
        + "\"logon_event_code\":4624,\"logoff_event_code\":4634,\"logon_record_id\":2,"
        + "\"logon_count\":1,\"end_reason\":\"logoff\",\"duration\":34190,\"status\":\"closed\","
        + "\"leak\":false,\"late_logoff\":false,\"confidence\":\"high\",\"locked_seconds\":3510,"
        + "\"disconnected_seconds\":0,\"reconnects\":0,\"clock_anomaly\":false,"
        + "\"source_format\":\"xml\"}", SessionJson.toJson(out.get(0)));
  }

  @Test
  void leakedByThreshold_hasNoEndTimeNoDurationNoEndReason() {
    SessionEvent s = new Scenario().logon("06:30:00", 0x2a1f01, 4, "svc_backup")
        .noise("+1d 07:00:00").run().get(0);
    JsonObject o = JsonParser.parseString(SessionJson.toJson(s)).getAsJsonObject();
    assertEquals("leaked", o.get("status").getAsString());
    assertTrue(o.get("leak").getAsBoolean());
    assertEquals("no_logoff_past_threshold", o.get("leak_reason").getAsString());
    for (String absent : List.of("end_time", "duration", "end_reason", "logoff_time")) {
      assertFalse(o.has(absent), absent);
    }
  }

  @Test
  void valuesFromEvents_cannotBecomeMarkup() {
    SessionEvent s = new Scenario().logon("09:00:00", 0x10, 3, "<script>alert('x')</script>")
        .run().get(0);
    String json = SessionJson.toJson(s);
    assertFalse(json.contains("<script>"), json);
    assertEquals("<script>alert('x')</script>",
        JsonParser.parseString(json).getAsJsonObject().get("user").getAsString());
  }

  @Test
  void seconds_keepMillisecondsWithoutExponent() {
    assertEquals("90.5", SessionJson.seconds(90_500).toString());
    assertEquals("3600", SessionJson.seconds(3_600_000).toString());
    assertEquals("0.016", SessionJson.seconds(16).toString());
    assertEquals("0", SessionJson.seconds(0).toString());
    assertEquals("864000000", SessionJson.seconds(864_000_000_000L).toString());
    assertEquals("-2400", SessionJson.seconds(-2_400_000).toString());
  }

  @Test
  void rejectedRecord_keepsPositionReasonAndEscapedRaw() {
    String json = RejectedJson.toJson(new RejectedRecord("a.xml", 68655, 1861, 55, RejectKind.SYNTAX,
        "not well-formed XML", "<Event>\u0003</Event>"));
    JsonObject o = JsonParser.parseString(json).getAsJsonObject();
    assertEquals(68655, o.get("byte_offset").getAsLong());
    assertEquals(1861, o.get("line").getAsLong());
    assertEquals(55, o.get("record_id").getAsLong());
    assertEquals("<Event>\u0003</Event>", o.get("raw").getAsString());
    assertFalse(json.contains("<Event>"), json);
  }

  @Test
  void rejectedRecord_capsRawAt4KiB() {
    RejectedRecord r = new RejectedRecord("a", 0, 1, -1, RejectKind.SYNTAX, "x", "y".repeat(10_000));
    assertEquals(RejectedRecord.MAX_RAW_CHARS, r.raw().length());
  }
}
