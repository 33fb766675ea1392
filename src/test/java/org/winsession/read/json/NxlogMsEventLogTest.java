package org.winsession.read.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.Gson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;
import org.winsession.read.Inputs;
import org.winsession.read.LocalTimes;
import org.winsession.read.ReadLimits;
import org.winsession.testing.CollectingSink;
import org.winsession.testing.Read;
import org.winsession.testing.Samples;

/**
 * NXLog {@code im_mseventlog} records of NT5 hosts: no insertion strings, only the rendered
 * {@code Message} (as the EventLog API formats it from msaudite.dll), {@code SourceName: Security}.
 * Each must normalize to the same event as its positional XML.
 */
class NxlogMsEventLogTest {
  private static final String TIME = "2009-11-02T05:47:29Z";

  /** The message as Windows 2003 renders it: a title, then {@code \tLabel:\tvalue} lines. */
  private static String message(String title, String[] labels, String[] values, String indent) {
    StringBuilder sb = new StringBuilder(title).append(":\r\n");
    for (int i = 0; i < labels.length; i++) {
      sb.append(indent).append(labels[i]).append(":\t").append(labels[i].length() < 8 ? "\t" : "")
          .append(values[i]).append("\r\n");
    }
    return sb.append("\r\n").toString();
  }

  private static final String[] LOGON_LABELS = {"User Name", "Domain", "Logon ID", "Logon Type",
      "Logon Process", "Authentication Package", "Workstation Name", "Logon GUID",
      "Caller User Name", "Caller Domain", "Caller Logon ID", "Caller Process ID",
      "Transited Services", "Source Network Address", "Source Port"};

  static Stream<Arguments> events() {
    String[] v528 = {"Paul", "RESEARCH", "(0x0,0x3A7A6E0)", "2", "User32  ", "Negotiate", "DC1",
        "{f6956476-dd7a-df4a-1006-c2026f6e3cc3}", "DC1$", "RESEARCH", "(0x0,0x3E7)", "500", "-",
        "127.0.0.1", "0"};
    String[] v540 = {"WS01$", "RESEARCH", "(0x0,0x4B1C2D)", "3", "Kerberos", "Kerberos", "",
        "{5e8a2c1b-0000-0000-0000-000000000000}", "-", "-", "-", "-", "-", "10.0.4.21", "50412"};
    String[] v538 = {"Paul", "RESEARCH", "(0x0,0x3A7A6E0)", "2"};
    String[] v551 = {"Paul", "RESEARCH", "(0x0,0x3A7A6E0)"};
    return Stream.of(
        Arguments.of(528, "Successful Logon", LOGON_LABELS, v528, " \t"),
        Arguments.of(540, "Successful Network Logon", LOGON_LABELS, v540, "\t"),
        Arguments.of(538, "User Logoff", new String[] {"User Name", "Domain", "Logon ID",
            "Logon Type"}, v538, " \t"),
        Arguments.of(551, "User initiated logoff", new String[] {"User Name", "Domain",
            "Logon ID"}, v551, "\t"));
  }

  /** One record as im_mseventlog + to_json() writes it, the message key in the given place. */
  private static String record(int code, long recordNumber, String message, boolean messageFirst,
      boolean timestamp) {
    Map<String, Object> r = new LinkedHashMap<>();
    if (messageFirst) {
      r.put("Message", message);
    }
    r.put("EventTime", "2009-11-02 05:47:29");
    r.put("Hostname", "DC1");
    r.put("EventType", code == 529 ? "AUDIT_FAILURE" : "AUDIT_SUCCESS");
    r.put("SeverityValue", 2);
    r.put("Severity", "INFO");
    r.put("SourceName", "Security");
    r.put("FileName", "Security");
    r.put("EventID", code);
    r.put("CategoryNumber", 2);
    r.put("Category", "Logon/Logoff");
    r.put("RecordNumber", recordNumber);
    r.put("Domain", "NT AUTHORITY");
    r.put("AccountName", "SYSTEM");
    r.put("AccountType", "Well Known Group");
    if (!messageFirst) {
      r.put("Message", message);
    }
    r.put("EventReceivedTime", "2009-11-02 05:47:30");
    r.put("SourceModuleName", "eventlog");
    r.put("SourceModuleType", "im_mseventlog");
    if (timestamp) {
      r.put("@timestamp", TIME);
    }
    return new Gson().toJson(r);
  }

  private static SecurityEvent asXml(SecurityEvent e) {
    return new SecurityEvent(e.host(), e.channel(), e.recordId(), e.timeMillis(), e.eventCode(),
        e.kind(), e.logonId(), e.linkedLogonId(), e.user(), e.domain(), e.userSid(), e.logonType(),
        e.authPackage(), e.logonProcess(), e.lmPackage(), e.srcIp(), e.srcPort(),
        e.srcWorkstation(), e.processName(), e.elevated(), e.virtualAccount(), e.logonGuid(),
        e.status(), e.subStatus(), SourceFormat.XML);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void nt5EventWithoutInsertionStrings_normalizesAsItsXml(int code, String title,
      String[] labels, String[] values, String indent) {
    SecurityEvent fromXml = Read.text(Samples.nt5(code, TIME, 77, values)).only();
    String message = message(title, labels, values, indent);
    for (boolean messageFirst : new boolean[] {false, true}) {
      SecurityEvent fromJson = Read.text(record(code, 77, message, messageFirst, true) + "\n")
          .only();
      assertEquals(SourceFormat.JSON, fromJson.sourceFormat());
      assertEquals(fromXml, asXml(fromJson), "message " + (messageFirst ? "first" : "last"));
    }
  }

  @Test
  void eventTimeWithoutZoneOrTimestamp_isReadInTheConfiguredZone() throws IOException {
    String line = record(551, 9, "User initiated logoff:\r\n\tUser Name:\tPaul\r\n\tDomain:\t\t"
        + "RESEARCH\r\n\tLogon ID:\t\t(0x0,0x3A7A6E0)\r\n", false, false);
    CollectingSink sink = new CollectingSink();
    new Inputs(ReadLimits.DEFAULT, new LocalTimes(ZoneId.of("America/New_York"),
        LocalTimes.DEFAULT_PATTERNS)).read(new ByteArrayInputStream((line + "\n").getBytes(
            StandardCharsets.UTF_8)), "nxlog.json", sink);
    assertEquals(List.of(), sink.rejected);
    assertEquals(java.time.Instant.parse("2009-11-02T10:47:29Z").toEpochMilli(),
        sink.events.get(0).timeMillis());
    assertEquals(0x3A7A6E0L, sink.events.get(0).logonId());
    assertEquals("Security", sink.events.get(0).channel());
  }

  @Test
  void modernNxlogRecord_stillIgnoresItsMessage() {
    // im_msvistalog: fields by name; a message that says otherwise changes nothing
    String line = "{\"EventTime\":\"2019-12-04T20:49:48Z\",\"Hostname\":\"IT001\",\"EventID\":4634,"
        + "\"Channel\":\"Security\",\"TargetLogonId\":\"0x7460fb\",\"TargetUserName\":\"IT001$\","
        + "\"Message\":\"An account was logged off.\\r\\n\\r\\nSubject:\\r\\n\\tLogon ID:\\t\\t0x1\","
        + "\"SourceModuleType\":\"im_msvistalog\"}\n";
    assertEquals(0x7460fbL, Read.text(line).only().logonId());
  }
}
