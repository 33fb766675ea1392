package org.winsession.read.wineventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
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
  /** The real classic 4624 v1 (nv-morpheus/Morpheus tests), with CRLF line ends. */
  static final String CLASSIC_4624 = String.join("\r\n",
      "04/01/2019 07:07:21 PM", "LogName=Security",
      "SourceName=Microsoft Windows security auditing.", "EventCode=4624", "EventType=0",
      "Type=Information", "ComputerName=test109.test.com", "TaskCategory=Logon", "OpCode=Info",
      "RecordNumber=13730612955", "Keywords=Audit Success",
      "Message=An account was successfully logged on.", "", "Subject:",
      "\tSecurity ID:\t\tNULL SID", "\tAccount Name:\t\t-", "\tAccount Domain:\t\t-",
      "\tLogon ID:\t\t0x0", "", "Logon Type:\t\t\t3", "", "Impersonation Level:\t\tImpersonation",
      "", "New Logon:", "\tSecurity ID:\t\ttest.com\\test106$", "\tAccount Name:\t\ttest106$",
      "\tAccount Domain:\t\ttest.com", "\tLogon ID:\t\t0x9DE8990DE",
      "\tLogon GUID:\t\t{E53069F0-662E-0C65-F889-AA8D8770D56A}", "", "Process Information:",
      "\tProcess ID:\t\t0x0", "\tProcess Name:\t\t-", "", "Network Information:",
      "\tWorkstation Name:\t", "\tSource Network Address:\t100.00.100.1",
      "\tSource Port:\t\t39028", "", "Detailed Authentication Information:",
      "\tLogon Process:\t\tKerberos", "\tAuthentication Package:\tKerberos",
      "\tTransited Services:\t-", "\tPackage Name (NTLM only):\t-", "\tKey Length:\t\t0", "",
      "This event is generated when a logon session is created.", "");

  /** The classic 4634 body of DOMAIN.md §4.2 (constructed from a real rendered message). */
  static final String CLASSIC_4634 = String.join("\n", "11/25/2022 08:10:35 PM",
      "LogName=Security", "EventCode=4634", "ComputerName=regina.vmware.fekt.cz",
      "RecordNumber=6170175", "TaskCategory=Logoff", "Keywords=Audit Success",
      "Message=An account was logged off.", "", "Subject:", "\tSecurity ID:\t\tS-1-5-18",
      "\tAccount Name:\t\tREGINA$", "\tAccount Domain:\t\tvmware",
      "\tLogon ID:\t\t0x2E5D58D2", "", "Logon Type:\t\t\t3", "",
      "This event is generated when a logon session is destroyed.", "");

  /** The real 528 of DOMAIN.md §4.5 (Win2003 Event Viewer text, eventopedia). */
  static final String NT5_528 = String.join("\n", "Event Type:\tSuccess Audit",
      "Event Source:\tSecurity", "Event Category:\tLogon/Logoff", "Event ID:\t528",
      "Date:\t\t11/2/2009", "Time:\t\t05:47:29", "User:\t\tRESEARCH\\Ann_Benning",
      "Computer:\tDC1", "Description:", "Successful Logon:", "User Name:\tPaul",
      "Domain:\t\tRESEARCH", "Logon ID:\t\t(0x0,0x3A7A6E0)", "Logon Type:\t2",
      "Logon Process:\tseclogon", "Authentication Package:\tNegotiate",
      "Workstation Name:\tDC1", "Logon GUID:\t{f6956476-dd7a-df4a-1006-c2026f6e3cc3}",
      "Caller User Name:\tCBrown", "Caller Domain:\tRESEARCH", "Caller Logon ID:\t(0x0,0x697DC)",
      "Caller Process ID: 884", "Transited Services: -", "Source Network Address:\t-",
      "Source Port:\t-", "");

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
  void badRecordBetweenGoodOnes_isRejectedWithItsLine() {
    String bad = CLASSIC_4634.replace("EventCode=4634", "EventCode=logoff")
        .replace("RecordNumber=6170175", "RecordNumber=2");
    Read.Result r = Read.text(CLASSIC_4634 + bad + CLASSIC_4634.replace("6170175", "3"));
    assertEquals(2, r.events().size());
    assertEquals(1, r.rejected().size());
    assertEquals(19, r.rejected().get(0).line());
    assertTrue(r.rejected().get(0).reason().contains("EventCode 'logoff'"));
  }
}
