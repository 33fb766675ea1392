package org.winsession.read.wineventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.winsession.event.EventKind;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;
import org.winsession.read.Inputs;
import org.winsession.read.ReadLimits;
import org.winsession.testing.CollectingSink;
import org.winsession.testing.Read;
import org.winsession.testing.Samples;

/** Rendered event text, from DOMAIN.md's exact samples (§4.2 classic, §4.5 NT5 export). */
class WinEventLogTextReaderTest {
  private static final String CLASSIC_4624 = Samples.CLASSIC_4624;
  private static final String CLASSIC_4634 = Samples.CLASSIC_4634;
  private static final String NT5_528 = Samples.NT5_528;

  @Test
  void classic4624_takesTheNewLogonsIdNotTheSubjects() {
    SecurityEvent e = Read.text(CLASSIC_4624).only();
    assertEquals(EventKind.LOGON, e.kind());
    assertEquals(0x9DE8990DEL, e.logonId(), "New Logon, upper-case hex; Subject's is 0x0");
    assertEquals("test106$", e.user());
    assertEquals("test.com", e.domain());
    assertNull(e.userSid(), "a resolved name is no SID");
    assertEquals(3, e.logonType());
    assertEquals("100.00.100.1", e.srcIp());
    assertEquals(39028, e.srcPort());
    assertEquals("Kerberos", e.authPackage());
    assertEquals(13730612955L, e.recordId());
    assertEquals("test109.test.com", e.host());
    assertEquals(Instant.parse("2019-04-01T19:07:21Z").toEpochMilli(), e.timeMillis());
    assertEquals(SourceFormat.WINEVENTLOG, e.sourceFormat());
  }

  @Test
  void classic4634_readsTheTargetFromTheSectionLabelledSubject() {
    SecurityEvent e = Read.text(CLASSIC_4634).only();
    assertEquals(EventKind.LOGOFF, e.kind());
    assertEquals(0x2E5D58D2L, e.logonId());
    assertEquals("S-1-5-18", e.userSid());
    assertEquals("REGINA$", e.user());
  }

  @Test
  void nt5TextExport528_readsThePositionalTemplate() {
    SecurityEvent e = Read.text(NT5_528).only();
    assertEquals(528, e.eventCode());
    assertEquals(0x3A7A6E0L, e.logonId());
    assertEquals(2, e.logonType());
    assertEquals("Paul", e.user());
    assertEquals("seclogon", e.logonProcess());
    assertEquals("DC1", e.host());
    assertEquals(Instant.parse("2009-11-02T05:47:29Z").toEpochMilli(), e.timeMillis());
  }

  @Test
  void sameEventAsXmlAndAsClassicText_normalizeAlike() {
    SecurityEvent fromXml = Read.text(Samples.modern(4634, 6170175, "2022-11-25T20:10:35Z",
        "regina.vmware.fekt.cz", "TargetUserSid", "S-1-5-18", "TargetUserName", "REGINA$",
        "TargetDomainName", "vmware", "TargetLogonId", "0x2e5d58d2", "LogonType", "3")).only();
    SecurityEvent fromText = Read.text(CLASSIC_4634).only();
    assertEquals(fromXml, new SecurityEvent(fromText.host(), fromText.channel(),
        fromText.recordId(), fromText.timeMillis(), fromText.eventCode(), fromText.kind(),
        fromText.logonId(), fromText.linkedLogonId(), fromText.user(), fromText.domain(),
        fromText.userSid(), fromText.logonType(), fromText.authPackage(),
        fromText.logonProcess(), fromText.lmPackage(), fromText.srcIp(), fromText.srcPort(),
        fromText.srcWorkstation(), fromText.processName(), fromText.elevated(),
        fromText.virtualAccount(), fromText.logonGuid(), fromText.status(),
        fromText.subStatus(), SourceFormat.XML));
  }

  @Test
  void localTimeIsReadInTheConfiguredZone() throws IOException {
    CollectingSink r = new CollectingSink();
    new Inputs(ReadLimits.DEFAULT, new org.winsession.read.LocalTimes(
        ZoneId.of("America/New_York"), org.winsession.read.LocalTimes.DEFAULT_PATTERNS)).read(
        new ByteArrayInputStream(CLASSIC_4634.getBytes(StandardCharsets.UTF_8)), "t", r);
    assertEquals(Instant.parse("2022-11-26T01:10:35Z").toEpochMilli(),
        r.events.get(0).timeMillis());
  }

  @Test
  void tenMegabyteRecordAndLeadingGarbage_areRejectedAndTheRestIsRead() {
    String huge = CLASSIC_4634.replace("Message=An account was logged off.",
        "Message=" + "z".repeat(10 << 20)).replace("RecordNumber=6170175", "RecordNumber=2");
    String text = "\u0001garbage before any event\n" + CLASSIC_4634 + huge
        + CLASSIC_4634.replace("6170175", "3");
    // garbage first hides the shape from detection; with the format given, the reader copes
    CollectingSink r = new CollectingSink();
    try {
      new Inputs(ReadLimits.DEFAULT).forceFormat(org.winsession.read.InputFormat.WINEVENTLOG)
          .read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t", r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertEquals(2, r.events.size());
    assertEquals(2, r.rejected.size());
    assertEquals(1, r.rejected.get(0).line());
    assertTrue(r.rejected.get(1).reason().contains("max_line_bytes"), r.rejected.get(1).reason());
    assertEquals(20, r.rejected.get(1).line());
  }

  @Test
  void badRecordBetweenGoodOnes_isRejectedWithItsLine() {
    String bad = CLASSIC_4634.replace("EventCode=4634", "EventCode=logoff")
        .replace("RecordNumber=6170175", "RecordNumber=2");
    Read.Result r = Read.text(CLASSIC_4634 + bad + CLASSIC_4634.replace("6170175", "3"));
    assertEquals(2, r.events().size());
    assertEquals(1, r.rejected().size());
    assertEquals(19, r.rejected().get(0).line());
    assertTrue(r.rejected().get(0).reason().contains("EventCode 'logoff'"));
  }

  /**
   * A classic record whose first (date) line cannot be read, or is missing, between two good
   * ones: it is one rejected record at its first line that says what was found and what was
   * expected, and the records around it arrive whole (not the bad one's text in the previous
   * one's message); records = events + rejected.
   */
  @Test
  void classicRecordWithAnUnreadableDateLine_isRejectedAtItsLine_andItsNeighboursArriveWhole() {
    String[][] cases = {
        {"2022-11-25 20:10:35", "'2022-11-25 20:10:35'"},
        {"11/25/2022 20:10:35", "'11/25/2022 20:10:35'"},
        {"11/25/2022 08:1O:35 PM", "'11/25/2022 08:1O:35 PM'"},
        {"\u0000\u0007garbled", "'\\u0000\\u0007garbled'"},
        {null, "no date line"}};
    for (String[] c : cases) {
      String bad = CLASSIC_4634.replace("RecordNumber=6170175", "RecordNumber=2")
          .replace("EventCode=4634", "EventCode=4624");
      bad = c[0] == null ? bad.substring(bad.indexOf('\n') + 1)
          : bad.replace("11/25/2022 08:10:35 PM", c[0]);
      String first = CLASSIC_4634.replace("6170175", "1");
      Read.Result r = Read.text(first + bad + CLASSIC_4634.replace("6170175", "3"));
      String what = String.valueOf(c[0]);
      assertEquals(List.of(1L, 3L), r.events().stream().map(SecurityEvent::recordId).toList(),
          what);
      assertEquals(1, r.rejected().size(), what);
      org.winsession.event.RejectedRecord rej = r.rejected().get(0);
      assertEquals(19, rej.line(), what);
      assertEquals(org.winsession.event.RejectKind.SYNTAX, rej.kind(), what);
      assertTrue(rej.reason().contains(c[1]) && rej.reason().contains(
          "expected a line like 04/01/2019 07:07:21 PM"), rej.reason());
      assertTrue(rej.raw().contains("RecordNumber=2"), rej.raw());
      assertEquals(first.length(), rej.byteOffset(), what);
    }
  }

  /** {@code cat a.txt b.txt} of two exports saved with a BOM: b's first record is read too. */
  @Test
  void bomOfAJoinedExport_startsARecordLikeAnyOther() {
    String second = CLASSIC_4634.replace("6170175", "2");
    Read.Result r = Read.text("\uFEFF" + CLASSIC_4634 + "\uFEFF" + second
        + CLASSIC_4634.replace("6170175", "3"));
    assertEquals(List.of(), r.rejected());
    assertEquals(List.of(6170175L, 2L, 3L),
        r.events().stream().map(SecurityEvent::recordId).toList());
    Read.Result nt5 = Read.text("\uFEFF" + nt5Export(528, "5:47:29 AM", 0x10)
        + "\uFEFF" + nt5Export(538, "5:47:29 AM", 0x10));
    assertEquals(List.of(), nt5.rejected());
    assertEquals(2, nt5.events().size());
  }

  private static String nt5Export(int code, String time, long luid) {
    String id = "(0x0,0x" + Long.toHexString(luid).toUpperCase() + ")";
    return String.join("\r\n", "Event Type:\tSuccess Audit", "Event Source:\tSecurity",
        "Event Category:\tLogon/Logoff", "Event ID:\t" + code, "Date:\t\t11/2/2009",
        "Time:\t\t" + time, "User:\t\tRESEARCH\\Paul", "Computer:\tDC1", "Description:",
        code == 528 ? "Successful Logon:" : "User Logoff:", " \tUser Name:\tPaul",
        " \tDomain:\t\tRESEARCH", " \tLogon ID:\t\t" + id, " \tLogon Type:\t2", "", "", "");
  }

  /**
   * Event Viewer's text export lists the newest event first: each logoff before its logon, in
   * the same second. Read oldest first, every session closes; the same records listed oldest
   * first (an export of a view sorted so) read the same.
   */
  @Test
  void nt5TextExportNewestFirst_withTies_isReadOldestFirst() {
    java.util.List<String> records = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String time = String.format("05:%02d:%02d", 47 + i / 60 / 60 % 10, i / 40 % 60);
      records.add(nt5Export(528, time, 0x3A7A6E0L + i));
      records.add(nt5Export(538, time, 0x3A7A6E0L + i));
    }
    java.util.List<String> newestFirst = new java.util.ArrayList<>(records);
    java.util.Collections.reverse(newestFirst);
    Read.Result asc = Read.text(String.join("", records));
    Read.Result desc = Read.text(String.join("", newestFirst));
    assertEquals(java.util.List.of(), desc.rejected());
    assertEquals(400, desc.events().size());
    assertTrue(asc.events().equals(desc.events()), "the same events in the same order");
    java.util.List<org.winsession.session.SessionEvent> out = new java.util.ArrayList<>();
    org.winsession.session.SessionEngine engine = new org.winsession.session.SessionEngine(
        org.winsession.session.EngineConfig.DEFAULT, out::add);
    desc.events().forEach(engine::accept);
    engine.finish();
    assertEquals(200, out.size());
    assertTrue(out.stream().allMatch(x -> x.status()
        == org.winsession.session.SessionStatus.CLOSED));
  }
}
