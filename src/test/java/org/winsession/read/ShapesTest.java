package org.winsession.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.winsession.event.EventKind;
import org.winsession.event.LogonIds;
import org.winsession.event.SecurityEvent;
import org.winsession.testing.CollectingSink;

/**
 * The same events, written by hand in every shape that can carry them (DOMAIN.md §4), normalize
 * to the same session-relevant fields: kind, code, Logon IDs, account, logon type, source, host,
 * time and record id (where the shape has one).
 */
class ShapesTest {
  /** One event, as its fields: the truth every shape is written from. */
  record Ev(int code, int version, long recordId, String time, List<String[]> data) {
    String get(String name) {
      for (String[] d : data) {
        if (d[0].equals(name)) {
          return d[1];
        }
      }
      return null;
    }
  }

  private static String[] f(String name, String value) {
    return new String[] {name, value};
  }

  private static final String HOST = "WS01.contoso.local";
  private static final String TIME = "2026-03-02T08:05:02Z";

  static List<Ev> events() {
    List<Ev> all = new ArrayList<>(base());
    all.add(1, v0());
    all.add(2, v3());
    return all;
  }

  private static List<Ev> base() {
    return List.of(
        new Ev(4624, 2, 1001, TIME, List.of(f("SubjectUserSid", "S-1-5-18"),
            f("SubjectUserName", "WS01$"), f("SubjectDomainName", "CONTOSO"),
            f("SubjectLogonId", "0x3e7"), f("TargetUserSid", "S-1-5-21-1-2-3-1107"),
            f("TargetUserName", "bob"), f("TargetDomainName", "CONTOSO"),
            f("TargetLogonId", "0x1f2e3a"), f("LogonType", "10"), f("LogonProcessName", "User32"),
            f("AuthenticationPackageName", "Negotiate"), f("WorkstationName", "ADMIN-PC"),
            f("LogonGuid", "{00000000-0000-0000-0000-000000000000}"),
            f("TransmittedServices", "-"), f("LmPackageName", "-"), f("KeyLength", "0"),
            f("ProcessId", "0x2c4"), f("ProcessName", "C:\\Windows\\System32\\svchost.exe"),
            f("IpAddress", "10.0.4.21"), f("IpPort", "50412"), f("ImpersonationLevel", "%%1833"),
            f("RestrictedAdminMode", "-"), f("TargetOutboundUserName", "-"),
            f("TargetOutboundDomainName", "-"), f("VirtualAccount", "%%1843"),
            f("TargetLinkedLogonId", "0x1f2e5b"), f("ElevatedToken", "%%1842"))),
        new Ev(4634, 0, 1002, TIME, List.of(f("TargetUserSid", "S-1-5-21-1-2-3-1107"),
            f("TargetUserName", "bob"), f("TargetDomainName", "CONTOSO"),
            f("TargetLogonId", "0x1f2e3a"), f("LogonType", "10"))),
        new Ev(4647, 0, 1003, TIME, List.of(f("TargetUserSid", "S-1-5-21-1-2-3-1107"),
            f("TargetUserName", "bob"), f("TargetDomainName", "CONTOSO"),
            f("TargetLogonId", "0x1f2e3a"))),
        new Ev(4672, 0, 1004, TIME, List.of(f("SubjectUserSid", "S-1-5-21-1-2-3-1107"),
            f("SubjectUserName", "bob"), f("SubjectDomainName", "CONTOSO"),
            f("SubjectLogonId", "0x1f2e3a"), f("PrivilegeList", "SeDebugPrivilege"))),
        new Ev(4608, 0, 1005, TIME, List.of()),
        new Ev(1100, 0, 1006, TIME, List.of()),
        new Ev(528, 0, 1007, TIME, List.of(f("User Name", "Paul"), f("Domain", "RESEARCH"),
            f("Logon ID", "(0x0,0x3A7A6E0)"), f("Logon Type", "2"), f("Logon Process", "User32"),
            f("Authentication Package", "Negotiate"), f("Workstation Name", "DC1"))),
        new Ev(540, 0, 1008, TIME, List.of(f("User Name", "WS01$"), f("Domain", "CONTOSO"),
            f("Logon ID", "(0x0,0x3B10000)"), f("Logon Type", "3"), f("Logon Process", "Kerberos"),
            f("Authentication Package", "Kerberos"), f("Workstation Name", ""))),
        new Ev(538, 0, 1009, TIME, List.of(f("User Name", "Paul"), f("Domain", "RESEARCH"),
            f("Logon ID", "(0x0,0x3A7A6E0)"), f("Logon Type", "2"))),
        new Ev(551, 0, 1010, TIME, List.of(f("User Name", "Paul"), f("Domain", "RESEARCH"),
            f("Logon ID", "(0x0,0x3A7A6E0)"))));
  }

  /** 4624 v0 (Vista/2008): the first 20 fields only. */
  private static Ev v0() {
    Ev v2 = base().get(0);
    return new Ev(4624, 0, 1011, TIME, v2.data().subList(0, 20));
  }

  /** 4624 v3 (Windows 11): RemoteCredentialGuard inserted after RestrictedAdminMode. */
  private static Ev v3() {
    Ev v2 = base().get(0);
    List<String[]> d = new ArrayList<>(v2.data());
    d.add(22, f("RemoteCredentialGuard", "-"));
    return new Ev(4624, 3, 1012, TIME, d);
  }

  private static boolean nt5(Ev e) {
    return e.code() >= 512 && e.code() <= 683;
  }

  // ---- the shapes ----------------------------------------------------------------------------

  static String xml(Ev e) {
    StringBuilder sb = new StringBuilder("<Event xmlns='http://schemas.microsoft.com/win/2004/08/"
        + "events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>"
        + e.code() + "</EventID><Version>" + e.version() + "</Version><TimeCreated SystemTime='"
        + e.time() + "'/><EventRecordID>" + e.recordId() + "</EventRecordID><Channel>Security"
        + "</Channel><Computer>" + HOST + "</Computer></System><EventData>");
    for (String[] d : e.data()) {
      String value = d[1].replace("&", "&amp;").replace("<", "&lt;");
      sb.append(nt5(e) ? "<Data>" : "<Data Name='" + d[0] + "'>").append(value).append("</Data>");
    }
    return sb.append("</EventData></Event>\n").toString();
  }

  /** The rendered Message of an event, as Windows words it. */
  static String message(Ev e) {
    String luid;
    switch (e.code()) {
      case 4624:
        luid = "0x" + Long.toHexString(LogonIds.parse(e.get("TargetLogonId"))).toUpperCase();
        return "An account was successfully logged on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\t"
            + e.get("SubjectUserSid") + "\r\n\tAccount Name:\t\t" + e.get("SubjectUserName")
            + "\r\n\tAccount Domain:\t\t" + e.get("SubjectDomainName") + "\r\n\tLogon ID:\t\t0x3E7"
            + "\r\n\r\nLogon Information:\r\n\tLogon Type:\t\t" + e.get("LogonType")
            + (e.get("ElevatedToken") == null ? "" : "\r\n\tElevated Token:\t\tYes")
            + "\r\n\r\nNew Logon:\r\n\tSecurity ID:\t\t"
            + e.get("TargetUserSid") + "\r\n\tAccount Name:\t\t" + e.get("TargetUserName")
            + "\r\n\tAccount Domain:\t\t" + e.get("TargetDomainName") + "\r\n\tLogon ID:\t\t"
            + luid + (e.get("TargetLinkedLogonId") == null ? ""
                : "\r\n\tLinked Logon ID:\t\t0x1F2E5B") + "\r\n\r\nProcess Information:\r\n\t"
            + "Process Name:\t\t" + e.get("ProcessName") + "\r\n\r\nNetwork Information:\r\n\t"
            + "Workstation Name:\t" + e.get("WorkstationName") + "\r\n\tSource Network Address:\t"
            + e.get("IpAddress") + "\r\n\tSource Port:\t\t" + e.get("IpPort") + "\r\n\r\n"
            + "Detailed Authentication Information:\r\n\tLogon Process:\t\t"
            + e.get("LogonProcessName") + " \r\n\tAuthentication Package:\t"
            + e.get("AuthenticationPackageName") + "\r\n";
      case 4634:
      case 4647:
        luid = "0x" + Long.toHexString(LogonIds.parse(e.get("TargetLogonId"))).toUpperCase();
        return (e.code() == 4634 ? "An account was logged off." : "User initiated logoff:")
            + "\r\n\r\nSubject:\r\n\tSecurity ID:\t\t" + e.get("TargetUserSid")
            + "\r\n\tAccount Name:\t\t" + e.get("TargetUserName") + "\r\n\tAccount Domain:\t\t"
            + e.get("TargetDomainName") + "\r\n\tLogon ID:\t\t" + luid + "\r\n"
            + (e.get("LogonType") == null ? "" : "\r\nLogon Type:\t\t\t" + e.get("LogonType"))
            + "\r\n";
      case 4672:
        return "Special privileges assigned to new logon.\r\n\r\nSubject:\r\n\tSecurity ID:\t\t"
            + e.get("SubjectUserSid") + "\r\n\tAccount Name:\t\t" + e.get("SubjectUserName")
            + "\r\n\tAccount Domain:\t\t" + e.get("SubjectDomainName") + "\r\n\tLogon ID:\t\t"
            + "0x1F2E3A\r\n\r\nPrivileges:\t\tSeDebugPrivilege\r\n";
      case 4608:
        return "Windows is starting up.\r\n";
      case 1100:
        return "The event logging service has shut down.\r\n";
      default: // NT5: a title, then "Label:\tvalue" lines
        StringBuilder sb = new StringBuilder(e.code() == 538 ? "User Logoff:" : e.code() == 551
            ? "User initiated logoff:" : "Successful Logon:").append("\r\n");
        for (String[] d : e.data()) {
          sb.append(d[0]).append(":\t").append(d[1]).append("\r\n");
        }
        return sb.toString();
    }
  }

  static String classic(Ev e) {
    return "03/02/2026 08:05:02 AM\r\nLogName=Security\r\nSourceName=Microsoft Windows security"
        + " auditing.\r\nEventCode=" + e.code() + "\r\nComputerName=" + HOST + "\r\nRecordNumber="
        + e.recordId() + "\r\nKeywords=Audit Success\r\nMessage=" + message(e);
  }

  static String nxlog(Ev e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("EventTime", e.time());
    m.put("Hostname", HOST);
    m.put("EventID", e.code());
    m.put("RecordNumber", e.recordId());
    m.put("Channel", "Security");
    m.put("SourceModuleType", "im_msvistalog");
    for (int i = 0; i < e.data().size(); i++) {
      String[] d = e.data().get(i);
      m.put(nt5(e) ? "param" + (i + 1) : d[0], d[1]);
    }
    return new Gson().toJson(m) + "\n";
  }

  static String ecs(Ev e) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 0; i < e.data().size(); i++) {
      String[] d = e.data().get(i);
      data.put(nt5(e) ? "param" + (i + 1) : d[0], d[1]);
    }
    Map<String, Object> winlog = new LinkedHashMap<>();
    winlog.put("computer_name", HOST);
    winlog.put("event_id", String.valueOf(e.code()));
    winlog.put("record_id", e.recordId());
    winlog.put("channel", "Security");
    winlog.put("event_data", data);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("@timestamp", e.time());
    m.put("winlog", winlog);
    return new Gson().toJson(m) + "\n";
  }

  static String getWinEvent(Ev e) {
    List<Object> props = new ArrayList<>();
    for (String[] d : e.data()) {
      String v = d[1];
      if (v.startsWith("S-1-")) {
        props.add(Map.of("Value", Map.of("BinaryLength", 12, "Value", v)));
      } else if (d[0].endsWith("LogonId") && v.startsWith("0x")) {
        props.add(Map.of("Value", LogonIds.parse(v))); // decimal, as PowerShell writes it
      } else {
        props.add(Map.of("Value", v));
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", e.code());
    m.put("Version", e.version());
    m.put("RecordId", e.recordId());
    m.put("LogName", "Security");
    m.put("MachineName", HOST);
    m.put("TimeCreated", "/Date(" + java.time.Instant.parse(e.time()).toEpochMilli() + ")/");
    m.put("Properties", props);
    return new Gson().toJson(List.of(m)); // ConvertTo-Json writes an array
  }

  static String eventViewerCsv(Ev e) {
    return "Keywords,Date and Time,Source,Event ID,Task Category\r\nAudit Success,"
        + "3/2/2026 8:05:02 AM,Microsoft-Windows-Security-Auditing," + e.code() + ",Logon,\""
        + message(e).replace("\"", "\"\"") + "\"\r\n";
  }

  static String nt5Text(Ev e) {
    return "Event Type:\tSuccess Audit\r\nEvent Source:\tSecurity\r\nEvent ID:\t" + e.code()
        + "\r\nDate:\t\t3/2/2026\r\nTime:\t\t08:05:02\r\nComputer:\t" + HOST + "\r\nDescription:\r\n"
        + message(e);
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Ev e : events()) {
      out.add(Arguments.of(e.code() + " classic text", e, classic(e), true, true));
      out.add(Arguments.of(e.code() + " NXLog JSON", e, nxlog(e), true, true));
      out.add(Arguments.of(e.code() + " Winlogbeat JSON", e, ecs(e), true, true));
      out.add(Arguments.of(e.code() + " Event Viewer CSV", e, eventViewerCsv(e), false, false));
      if (!nt5(e)) {
        out.add(Arguments.of(e.code() + " Get-WinEvent JSON", e, getWinEvent(e), true, true));
      } else {
        out.add(Arguments.of(e.code() + " NT5 text export", e, nt5Text(e), false, true));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameEventInAnotherShape_normalizesLikeItsXml(String name, Ev e, String shape,
      boolean hasRecordId, boolean hasHost) throws IOException {
    SecurityEvent expected = read("WS01.csv", xml(e));
    SecurityEvent actual = read("WS01.csv", shape);
    assertEquals(expected.kind(), actual.kind());
    assertEquals(expected.eventCode(), actual.eventCode());
    assertEquals(expected.logonId(), actual.logonId());
    assertEquals(expected.user(), actual.user());
    assertEquals(expected.domain(), actual.domain());
    assertEquals(expected.logonType(), actual.logonType());
    assertEquals(expected.srcIp(), actual.srcIp());
    assertEquals(expected.srcPort(), actual.srcPort());
    assertEquals(expected.logonProcess(), actual.logonProcess());
    assertEquals(expected.authPackage(), actual.authPackage());
    assertEquals(expected.timeMillis(), actual.timeMillis());
    if (e.code() == 4624) {
      assertEquals(expected.linkedLogonId(), actual.linkedLogonId());
      assertEquals(expected.elevated(), actual.elevated());
      assertEquals(expected.userSid(), actual.userSid());
    }
    if (hasRecordId) {
      assertEquals(expected.recordId(), actual.recordId());
    }
    assertEquals(hasHost ? HOST : "WS01", actual.host());
    assertTrue(e.code() != 4624 || expected.kind() == EventKind.LOGON);
  }

  private static SecurityEvent read(String source, String text) throws IOException {
    CollectingSink r = new CollectingSink();
    new Inputs(ReadLimits.DEFAULT).read(new ByteArrayInputStream(
        text.getBytes(StandardCharsets.UTF_8)), source, r);
    assertEquals(List.of(), r.rejected, text);
    assertEquals(1, r.events.size(), text);
    return r.events.get(0);
  }
}
