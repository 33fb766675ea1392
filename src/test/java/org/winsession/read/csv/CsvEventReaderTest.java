package org.winsession.read.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;
import org.winsession.read.Inputs;
import org.winsession.read.ReadLimits;
import org.winsession.session.EngineConfig;
import org.winsession.session.SessionEngine;
import org.winsession.session.SessionEvent;
import org.winsession.session.SessionStatus;
import org.winsession.testing.CollectingSink;

/** CSV exports in their three layouts (DOMAIN.md §4.3), written here. */
class CsvEventReaderTest {
  private static final String LOGON_MESSAGE = "\"An account was successfully logged on.\r\n\r\n"
      + "Subject:\r\n\tSecurity ID:\t\tS-1-5-18\r\n\tAccount Name:\t\tDC01$\r\n\tAccount Domain:"
      + "\t\tCONTOSO\r\n\tLogon ID:\t\t0x3E7\r\n\r\nLogon Information:\r\n\tLogon Type:\t\t10\r\n"
      + "\r\nNew Logon:\r\n\tSecurity ID:\t\tS-1-5-21-1-2-3-1104\r\n\tAccount Name:\t\talice\r\n"
      + "\tAccount Domain:\t\tCONTOSO\r\n\tLogon ID:\t\t0x3B0C11\r\n\tLinked Logon ID:\t\t0x0\r\n"
      + "\r\nNetwork Information:\r\n\tWorkstation Name:\tADMIN-PC\r\n\tSource Network Address:"
      + "\t10.0.4.21\r\n\tSource Port:\t\t50412\r\n\r\nDetailed Authentication Information:\r\n"
      + "\tLogon Process:\t\tUser32 \r\n\tAuthentication Package:\tNegotiate\r\n\r\n"
      + "This event is generated when a logon session is created, \"\"quoted\"\" here.\"";
  private static final String LOGOFF_MESSAGE = "\"An account was logged off.\r\n\r\nSubject:\r\n"
      + "\tSecurity ID:\t\tS-1-5-21-1-2-3-1104\r\n\tAccount Name:\t\talice\r\n\tAccount Domain:\t\t"
      + "CONTOSO\r\n\tLogon ID:\t\t0x3B0C11\r\n\r\nLogon Type:\t\t\t10\r\n\"";

  private static CollectingSink read(String name, String csv) throws IOException {
    CollectingSink r = new CollectingSink();
    new Inputs(ReadLimits.DEFAULT).read(new ByteArrayInputStream(
        csv.getBytes(StandardCharsets.UTF_8)), name, r);
    return r;
  }

  @Test
  void eventViewerCsv_newestFirst_isDeliveredOldestFirstAndPairs() throws IOException {
    String csv = "Keywords,Date and Time,Source,Event ID,Task Category\r\n"
        + "Audit Success,3/2/2026 5:02:01 PM,Microsoft-Windows-Security-Auditing,4634,Logoff,"
        + LOGOFF_MESSAGE + "\r\n"
        + "Audit Success,3/2/2026 8:05:02 AM,Microsoft-Windows-Security-Auditing,4624,Logon,"
        + LOGON_MESSAGE + "\r\n";
    CollectingSink r = read("exports/DC01.Security.csv", csv);
    assertEquals(List.of(), r.rejected);
    assertEquals(List.of(4624, 4634), r.events.stream().map(SecurityEvent::eventCode).toList());
    SecurityEvent logon = r.events.get(0);
    assertEquals("DC01", logon.host(), "Event Viewer CSV has no computer: the file's name");
    assertEquals(0x3B0C11L, logon.logonId());
    assertEquals(10, logon.logonType());
    assertEquals("alice", logon.user());
    assertEquals("10.0.4.21", logon.srcIp());
    assertEquals("User32", logon.logonProcess());
    assertEquals(SourceFormat.CSV, logon.sourceFormat());
    List<SessionEvent> out = new ArrayList<>();
    SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT, out::add);
    r.events.forEach(engine::accept);
    engine.finish();
    assertEquals(SessionStatus.CLOSED, out.get(0).status(), "not an orphan logoff");
  }

  @Test
  void powershellExportCsv_readsNamedColumns() throws IOException {
    String csv = "\"Message\",\"Id\",\"Version\",\"RecordId\",\"ProviderName\",\"LogName\","
        + "\"MachineName\",\"TimeCreated\"\r\n"
        + LOGON_MESSAGE + ",\"4624\",\"2\",\"1446\",\"Microsoft-Windows-Security-Auditing\","
        + "\"Security\",\"DC01.contoso.local\",\"3/2/2026 8:05:02 AM\"\r\n";
    CollectingSink r = read("ps.csv", csv);
    assertEquals(List.of(), r.rejected);
    SecurityEvent e = r.events.get(0);
    assertEquals("DC01.contoso.local", e.host());
    assertEquals(1446, e.recordId());
    assertEquals(0x3B0C11L, e.logonId());
  }

  @Test
  void windows2003Archive_withoutHeader_readsNt5Positions() throws IOException {
    String csv = "11/2/2009,05:47:29,Security,Success Audit,Logon/Logoff,528,"
        + "RESEARCH\\Ann_Benning,DC1,\"Successful Logon:\r\nUser Name:\tPaul\r\nDomain:\t\tRESEARCH"
        + "\r\nLogon ID:\t\t(0x0,0x3A7A6E0)\r\nLogon Type:\t2\r\nLogon Process:\tseclogon\r\n\"\r\n";
    CollectingSink r = read("old.csv", csv);
    assertEquals(List.of(), r.rejected);
    SecurityEvent e = r.events.get(0);
    assertEquals(528, e.eventCode());
    assertEquals(0x3A7A6E0L, e.logonId());
    assertEquals(2, e.logonType());
    assertEquals("DC1", e.host());
  }

  @Test
  void badRows_areRejectedWithTheirLines_andTheRestIsRead() throws IOException {
    String row = "Audit Success,3/2/2026 8:05:0%d AM,Microsoft-Windows-Security-Auditing,4634,"
        + "Logoff," + LOGOFF_MESSAGE + "\r\n";
    String csv = "Keywords,Date and Time,Source,Event ID,Task Category\r\n"
        + String.format(row, 1)
        + "Audit Success,yesterday,Microsoft-Windows-Security-Auditing,4634,Logoff,\"x\"\r\n"
        + "Audit Success,3/2/2026 8:05:03 AM,Microsoft-Windows-Security-Auditing,four,Logoff,\"x\"\r\n"
        + "Audit Success,3/2/2026 8:05:04 AM,only four columns\r\n"
        + String.format(row, 5)
        + "Audit Success,3/2/2026 8:05:06 AM,x,4634,Logoff,\"a quote that never closes\r\n";
    CollectingSink r = read("DC01.csv", csv);
    assertEquals(2, r.events.size(), r.rejected.toString());
    assertEquals(4, r.rejected.size(), r.rejected.toString());
    // header line 1; each good row spans 10 lines (its message has 9 line breaks)
    assertEquals(List.of(12L, 13L, 14L, 25L),
        r.rejected.stream().map(x -> x.line()).toList());
    assertTrue(r.rejected.get(0).reason().contains("local time 'yesterday'"));
    assertTrue(r.rejected.get(3).reason().contains("truncated row"));
  }

  @Test
  void tenMegabyteRowAndBinaryGarbage_areRejectedAndTheRestIsRead() throws IOException {
    String row = "Audit Success,3/2/2026 8:05:0%d AM,Microsoft-Windows-Security-Auditing,4634,"
        + "Logoff," + LOGOFF_MESSAGE + "\r\n";
    String csv = "Keywords,Date and Time,Source,Event ID,Task Category\r\n"
        + String.format(row, 1)
        + "Audit Success,3/2/2026 8:05:02 AM,x,4634,Logoff,\"" + "y".repeat(10 << 20) + "\"\r\n"
        + "\u0001\u0002\u00ff\u00fegarbage\r\n"
        + String.format(row, 4);
    CollectingSink r = read("DC01.csv", csv);
    assertEquals(2, r.events.size(), r.rejected.toString());
    // the over-long line's closing quote is in the part skipped unseen: the row, garbage
    // included, ends where the next row starts
    assertEquals(1, r.rejected.size());
    assertEquals(12L, r.rejected.get(0).line());
    assertEquals(org.winsession.event.RejectKind.LIMIT, r.rejected.get(0).kind());
    assertTrue(r.rejected.get(0).reason().contains("max_line_bytes"), r.rejected.get(0).reason());
  }

  /** One Windows 2003 archive row (Date, Time, Source, Type, Category, Event, User, Computer, Description). */
  private static String archiveRow(java.time.LocalDateTime t, int code, long luid) {
    String d = t.getMonthValue() + "/" + t.getDayOfMonth() + "/" + t.getYear();
    String h = String.format("%d:%02d:%02d %s", (t.getHour() + 11) % 12 + 1, t.getMinute(),
        t.getSecond(), t.getHour() < 12 ? "AM" : "PM");
    String luidText = "(0x0,0x" + Long.toHexString(luid).toUpperCase() + ")";
    String message = code == 528 ? "Successful Logon:\r\n \tUser Name:\tu" + luid
        + "\r\n \tDomain:\t\tRESEARCH\r\n \tLogon ID:\t\t" + luidText
        + "\r\n \tLogon Type:\t2\r\n \tLogon Process:\tUser32  \r\n"
        : "User Logoff:\r\n \tUser Name:\tu" + luid + "\r\n \tDomain:\t\tRESEARCH\r\n"
        + " \tLogon ID:\t\t" + luidText + "\r\n \tLogon Type:\t2\r\n";
    return d + "," + h + ",Security,Success Audit,Logon/Logoff," + code + ",RESEARCH\\u" + luid
        + ",WIN2003S,\"" + message + "\"\r\n";
  }

  private static List<SessionEvent> sessions(List<SecurityEvent> events) {
    List<SessionEvent> out = new ArrayList<>();
    SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT, out::add);
    events.forEach(engine::accept);
    engine.finish();
    return out;
  }

  /**
   * The Windows 2003 archive, saved from Event Viewer newest first, with every logoff in the
   * same second as its logon and the file's first and last times equal: read oldest first, every
   * session closes (none is an orphan logoff), exactly as the same rows listed oldest first.
   */
  @Test
  void windows2003ArchiveNewestFirst_withTiesEverywhere_isReadOldestFirst() throws IOException {
    java.time.LocalDateTime t0 = java.time.LocalDateTime.of(2009, 11, 2, 11, 59, 58);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      java.time.LocalDateTime t = t0.plusSeconds(i / 50); // fifty events a second
      rows.add(archiveRow(t, 528, 0x10000 + i));
      rows.add(archiveRow(t, 538, 0x10000 + i));
    }
    rows.add(archiveRow(t0, 551, 0x99)); // the last row shares the first row's time
    List<String> newestFirst = new ArrayList<>(rows);
    java.util.Collections.reverse(newestFirst);
    CollectingSink asc = read("WIN2003S.csv", String.join("", rows));
    CollectingSink desc = read("WIN2003S.csv", String.join("", newestFirst));
    assertEquals(List.of(), desc.rejected);
    assertEquals(601, desc.events.size());
    assertEquals(List.of(), asc.rejected);
    assertTrue(asc.events.equals(desc.events), "the same events in the same order both ways");
    assertEquals(528, desc.events.get(0).eventCode());
    assertEquals(551, desc.events.get(600).eventCode());
    List<SessionEvent> out = sessions(desc.events.subList(0, 600));
    assertEquals(300, out.size());
    assertTrue(out.stream().allMatch(s -> s.status() == SessionStatus.CLOSED), out.toString());
  }

  @Test
  void eventViewerCsvWhoseFirstAndLastTimesAreEqual_isStillReversed() throws IOException {
    String header = "Keywords,Date and Time,Source,Event ID,Task Category\r\n";
    String csv = header
        + "Audit Success,3/2/2026 8:05:02 AM,Microsoft-Windows-Security-Auditing,4634,Logoff,"
        + LOGOFF_MESSAGE + "\r\n"
        + "Audit Success,3/2/2026 8:05:02 AM,Microsoft-Windows-Security-Auditing,4624,Logon,"
        + LOGON_MESSAGE + "\r\n";
    CollectingSink r = read("DC01.Security.csv", csv);
    assertEquals(List.of(4624, 4634), r.events.stream().map(SecurityEvent::eventCode).toList());
    assertEquals(SessionStatus.CLOSED, sessions(r.events).get(0).status());
  }

  @Test
  void powershellCsvNewestFirst_isOrderedByItsRecordIds() throws IOException {
    String head = "\"Message\",\"Id\",\"RecordId\",\"LogName\",\"MachineName\",\"TimeCreated\"\r\n";
    String csv = head + LOGOFF_MESSAGE + ",\"4634\",\"1447\",\"Security\",\"DC01\","
        + "\"3/2/2026 8:05:02 AM\"\r\n" + LOGON_MESSAGE + ",\"4624\",\"1446\",\"Security\","
        + "\"DC01\",\"3/2/2026 8:05:02 AM\"\r\n";
    CollectingSink r = read("ps.csv", csv);
    assertEquals(List.of(1446L, 1447L), r.events.stream().map(SecurityEvent::recordId).toList());
  }

  @Test
  void strayQuotesInARow_costThatRowOnly_notTheMultiLineRowsAfterIt() throws IOException {
    String head = "\"Message\",\"Id\",\"RecordId\",\"LogName\",\"MachineName\",\"TimeCreated\"\r\n";
    String row = LOGOFF_MESSAGE + ",\"4634\",\"%d\",\"Security\",\"DC01\","
        + "\"3/2/2026 8:05:02 AM\"\r\n";
    String csv = head + String.format(row, 1)
        + "a\"b,c\r\n" // a quote inside an unquoted field is a character: 2 columns, no event
        + String.format(row, 3)
        + "\"abc,\"4624\"\r\n" // a quoted field, then 4624" after it: not CSV
        + String.format(row, 5);
    CollectingSink r = read("ps.csv", csv);
    assertEquals(List.of(1L, 3L, 5L), r.events.stream().map(SecurityEvent::recordId).toList(),
        r.rejected.toString());
    assertEquals(List.of(12L, 23L), r.rejected.stream().map(x -> x.line()).toList(),
        r.rejected.toString());
  }

  @Test
  void hostFromName() {
    assertEquals("DC01", CsvEventReader.hostFromName("exports/DC01.Security.csv"));
    assertEquals("WS7", CsvEventReader.hostFromName("logs.zip!WS7.csv"));
  }
}
