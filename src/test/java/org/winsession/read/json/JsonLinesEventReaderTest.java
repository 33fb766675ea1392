package org.winsession.read.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.winsession.event.EventKind;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;
import org.winsession.read.Inputs;
import org.winsession.read.ReadLimits;
import org.winsession.testing.CollectingSink;
import org.winsession.testing.Read;
import org.winsession.testing.Samples;
import org.winsession.testing.SharedData;

/** JSON lines from the shippers Windows events travel through, real (Mordor/NXLog) and written. */
class JsonLinesEventReaderTest {
  private static CollectingSink read(String pathUnderData) throws IOException {
    CollectingSink sink = new CollectingSink();
    try (InputStream in = Files.newInputStream(SharedData.dir().resolve(pathUnderData))) {
      new Inputs(ReadLimits.DEFAULT).read(in, pathUnderData, sink);
    }
    return sink;
  }

  /** Expected counts worked out independently (Python's json and zipfile/zlib over the files). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "lateral_movement/host/covenant_psremoting_grunt.zip; 4305; 1226; 4624=47,4634=41,4672=21;"
          + " ACCT001.shire.com=140,FILE001.shire.com=77,HFDC01.shire.com=594,"
          + "HR001.shire.com=252,IT001.shire.com=163",
      "credential_access/host/rdp_interactive_taskmanager_lsass_dump.zip; 5489; 793;"
          + " 4624=18,4634=14,4648=2,4672=14,4778=1,4801=1; MORDORDC.theshire.local=206,"
          + "WORKSTATION5.theshire.local=564,WORKSTATION6.theshire.local=23",
      "persistence/host/covenant_persistwmi.tar.gz; 1001; 299; 4624=14,4634=13,4648=4,4672=13;"
          + " ACCT001.shire.com=51,FILE001.shire.com=46,HFDC01.shire.com=118,HR001.shire.com=4,"
          + "IT001.shire.com=80"})
  void mordorCaptures_everyRecordWithItsCountsPerHostAndEvent(String file, int records,
      int security, String ids, String hosts) throws IOException {
    CollectingSink r = read("OTRF-Security-Datasets/datasets/atomic/windows/" + file);
    assertEquals(records, r.events.size());
    assertEquals(List.of(), r.rejected);
    List<SecurityEvent> sec = r.events.stream()
        .filter(e -> "security".equalsIgnoreCase(e.channel())).toList();
    assertEquals(security, sec.size());
    Map<String, Long> byId = new TreeMap<>(sec.stream().filter(e -> ids.contains(e.eventCode()
        + "=")).collect(Collectors.groupingBy(e -> String.valueOf(e.eventCode()),
        Collectors.counting())));
    assertEquals(parse(ids), byId);
    assertEquals(parse(hosts), new TreeMap<>(sec.stream().collect(
        Collectors.groupingBy(SecurityEvent::host, Collectors.counting()))));
    assertTrue(r.events.stream().allMatch(e -> e.sourceFormat() == SourceFormat.JSON));
  }

  private static Map<String, Long> parse(String pairs) {
    Map<String, Long> m = new TreeMap<>();
    for (String p : pairs.strip().split(",")) {
      m.put(p.substring(0, p.indexOf('=')).strip(), Long.parseLong(p.substring(p.indexOf('=') + 1)));
    }
    return m;
  }

  @Test
  void mordorLogon_isReadByNameWithTheUtcTimestamp() throws IOException {
    CollectingSink r = read("OTRF-Security-Datasets/datasets/atomic/windows/"
        + "lateral_movement/host/covenant_psremoting_grunt.zip");
    SecurityEvent e = r.events.stream().filter(x -> x.recordId() == 27545
        && x.host().equals("IT001.shire.com")).findFirst().orElseThrow();
    assertEquals(EventKind.LOGON, e.kind());
    assertEquals(0x7460fbL, e.logonId());
    assertEquals("IT001$", e.user());
    assertEquals(3, e.logonType());
    assertEquals("::1", e.srcIp());
    assertEquals(Boolean.TRUE, e.elevated());
    // EventTime "2019-12-04 20:49:48" is the collector's local time without a zone: @timestamp
    assertEquals(java.time.Instant.parse("2019-12-05T01:49:49.301Z").toEpochMilli(),
        e.timeMillis());
  }

  @Test
  void winlogbeatEcs_theDomainSample() {
    SecurityEvent e = Read.text("{\"@timestamp\":\"2022-11-25T20:10:35.544Z\",\"event\":{\"action\":"
        + "\"Logoff\",\"code\":\"4634\",\"created\":\"2022-11-25T20:10:37.342Z\",\"provider\":"
        + "\"Microsoft-Windows-Security-Auditing\"},\"winlog\":{\"api\":\"wineventlog\",\"task\":"
        + "\"Logoff\",\"computer_name\":\"regina.vmware.fekt.cz\",\"event_data\":{\"TargetLogonId\":"
        + "\"0x2e5d58d2\",\"TargetUserSid\":\"S-1-5-18\",\"TargetUserName\":\"REGINA$\","
        + "\"TargetDomainName\":\"vmware\",\"LogonType\":\"3\"},\"event_id\":\"4634\",\"record_id\":"
        + "6170175,\"channel\":\"Security\",\"provider_name\":\"Microsoft-Windows-Security-Auditing\","
        + "\"keywords\":[\"Audit Success\"],\"process\":{\"pid\":576,\"thread\":{\"id\":4544}}}}\n")
        .only();
    assertEquals(EventKind.LOGOFF, e.kind());
    assertEquals(0x2e5d58d2L, e.logonId());
    assertEquals("regina.vmware.fekt.cz", e.host());
    assertEquals(6170175, e.recordId());
    assertEquals("REGINA$", e.user());
  }

  @Test
  void splunkExportWithXmlRaw_usesSplunksHost() {
    Map<String, Object> result = new TreeMap<>(Map.of("_raw", Samples.E4624_V3,
        "host", "wks10001.corp.example", "sourcetype", "XmlWinEventLog"));
    String line = new com.google.gson.Gson().toJson(Map.of("preview", false, "result", result));
    SecurityEvent e = Read.text(line + "\n").only();
    assertEquals("wks10001.corp.example", e.host());
    assertEquals(0x615a44L, e.logonId());
    assertEquals(SourceFormat.SPLUNK, e.sourceFormat());
  }

  @Test
  void splunkExportWithClassicRaw_isReadAsClassicText() {
    Map<String, Object> result = new TreeMap<>(Map.of("_raw",
        Samples.CLASSIC_4634,
        "host", "regina", "sourcetype", "WinEventLog"));
    SecurityEvent e = Read.text(new com.google.gson.Gson().toJson(Map.of("result", result))
        + "\n").only();
    assertEquals("regina", e.host());
    assertEquals(0x2E5D58D2L, e.logonId());
    assertEquals(SourceFormat.SPLUNK, e.sourceFormat());
  }

  @Test
  void badLines_areRejectedWithTheirLineNumbers_andTheirNeighboursSurvive() {
    String good = "{\"EventID\":4634,\"Hostname\":\"H\",\"RecordNumber\":%d,\"Channel\":\"Security\","
        + "\"@timestamp\":\"2024-01-01T00:00:00Z\",\"TargetLogonId\":\"0x10\",\"LogonType\":\"3\"}";
    String[] bad = {
      "{\"EventID\":4634,\"Hostname\":\"H\"", // truncated line
      "{\"EventID\":4634,\"Hostname\":\"H\",\"TargetLogonId\":\"0x10}", // bad quote
      String.format(good, 90).replace(",\"TargetLogonId\":\"0x10\"", ""), // missing Logon ID
      String.format(good, 91).replace("4634", "\"four\""), // wrong type
      "\u0000\u0001\u00ffbinary garbage",
      "{\"Id\":4624,\"MachineName\":\"H\",\"Properties\":[{\"Value\":\"S-1-5-18\"}]}",
      "{\"just\":\"something\"}",
    };
    StringBuilder doc = new StringBuilder();
    for (int i = 0; i < bad.length; i++) {
      doc.append(String.format(good, i + 1)).append('\n').append(bad[i]).append('\n');
    }
    doc.append(String.format(good, 100)).append('\n');
    Read.Result r = Read.text(doc.toString(), Read.Shape.RANDOM_CHUNKS);
    assertEquals(bad.length + 1, r.events().size());
    assertEquals(bad.length, r.rejected().size(), r.rejected().toString());
    for (int i = 0; i < bad.length; i++) {
      assertEquals(2L * (i + 1), r.rejected().get(i).line(), bad[i]);
    }
    assertTrue(r.rejected().get(2).reason().contains("missing TargetLogonId"));
    assertTrue(r.rejected().get(5).reason().contains("TimeCreated"), r.rejected().get(5).reason());
  }

  /** A syntax error says what, where and what was expected, in the user's words, on one line. */
  @Test
  void malformedJson_isWordedForTheUser_notAsGsonsAdviceToItsProgrammer() {
    String good = "{\"EventID\":4634,\"Hostname\":\"H\",\"RecordNumber\":%d,\"Channel\":\"Security\","
        + "\"@timestamp\":\"2024-01-01T00:00:00Z\",\"TargetLogonId\":\"0x10\",\"LogonType\":%s}";
    Read.Result r = Read.text(String.format(good, 1, "\"3\"") + "\n"
        + String.format(good, 2, "NaN") + "\n" + String.format(good, 3, "'3'") + "\n"
        + String.format(good, 4, "\"3\"") + "x\n" + String.format(good, 5, "\"3\"") + "\n");
    assertEquals(List.of(1L, 5L), r.events().stream().map(SecurityEvent::recordId).toList());
    assertEquals(3, r.rejected().size());
    for (var x : r.rejected()) {
      assertTrue(x.reason().startsWith("not a JSON object: malformed JSON (expected a string, a"
          + " number, true, false, null, an object or an array, and nothing after the object)"
          + " at line 1 column "), x.reason());
      assertFalse(x.reason().contains("setStrictness") || x.reason().contains("http")
          || x.reason().contains("\n"), x.reason());
    }
    assertTrue(r.rejected().get(0).reason().endsWith("path $.LogonType"),
        r.rejected().get(0).reason());
    Read.Result array = Read.text("[" + String.format(good, 1, "\"3\"") + ",\n"
        + String.format(good, 2, "NaN") + "]");
    assertEquals(1, array.events().size());
    String reason = array.rejected().get(0).reason();
    assertTrue(reason.startsWith("JSON array element 1: not JSON: malformed JSON (expected"),
        reason);
    assertFalse(reason.contains("setStrictness") || reason.contains("\n"), reason);
  }

  @Test
  void tenMegabyteLine_isRejectedAndReadingGoesOn() {
    String good = "{\"EventID\":4634,\"Hostname\":\"H\",\"RecordNumber\":1,\"Channel\":\"Security\","
        + "\"@timestamp\":\"2024-01-01T00:00:00Z\",\"TargetLogonId\":\"0x10\"}";
    String huge = "{\"EventID\":4634,\"Pad\":\"" + "x".repeat(10 << 20) + "\"}";
    Read.Result r = Read.text(good + "\n" + huge + "\n" + good.replace("\"RecordNumber\":1",
        "\"RecordNumber\":2") + "\n");
    assertEquals(2, r.events().size());
    assertEquals(1, r.rejected().size());
    assertEquals(2, r.rejected().get(0).line());
    assertTrue(r.rejected().get(0).reason().contains("max_line_bytes"), r.rejected().get(0).reason());
    assertEquals(org.winsession.event.RejectKind.LIMIT, r.rejected().get(0).kind());
  }
}
