package org.winsession.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.winsession.testing.Samples.modern;
import static org.winsession.testing.Samples.nt5;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.winsession.event.EventKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;
import org.winsession.testing.Read;
import org.winsession.testing.Samples;

/** Normalization rules of SESSIONS.md §1, each pinned on a real or hand-written event. */
class NormalizerTest {

  @Test
  void e4624v3_isReadByNameDespiteTheInsertedRemoteCredentialGuardField() {
    SecurityEvent e = Read.text(Samples.E4624_V3).only();
    assertEquals(EventKind.LOGON, e.kind());
    assertEquals(4624, e.eventCode());
    assertEquals("WKS10001", e.host());
    assertEquals("Security", e.channel());
    assertEquals(1446, e.recordId());
    assertEquals(Instant.parse("2024-03-14T13:54:19.362Z").toEpochMilli(), e.timeMillis());
    assertEquals(0x615a44L, e.logonId(), "TargetLogonId, not SubjectLogonId 0x3e7");
    assertEquals(0x615a61L, e.linkedLogonId());
    assertEquals("user", e.user());
    assertEquals("WKS10001", e.domain());
    assertEquals("S-1-5-21-1430380458-3079459327-630937868-1001", e.userSid());
    assertEquals(2, e.logonType());
    assertEquals("User32", e.logonProcess(), "Windows pads 'User32 '");
    assertEquals("Negotiate", e.authPackage());
    assertNull(e.lmPackage(), "'-' is absent");
    assertEquals("127.0.0.1", e.srcIp());
    assertEquals(0, e.srcPort());
    assertEquals("WKS10001", e.srcWorkstation());
    assertEquals("C:\\Windows\\System32\\svchost.exe", e.processName());
    assertEquals(Boolean.TRUE, e.elevated(), "%%1842 renders as Yes");
    assertEquals(Boolean.FALSE, e.virtualAccount(), "%%1843 renders as No");
    assertEquals(SourceFormat.XML, e.sourceFormat());
  }

  @Test
  void e4634FromTheMsDocs_isALogoffOfAVirtualSession() {
    SecurityEvent e = Read.text(Samples.E4634).only();
    assertEquals(EventKind.LOGOFF, e.kind());
    assertEquals(0x1a0992L, e.logonId());
    assertEquals("DWM-1", e.user());
    assertEquals("S-1-5-90-1", e.userSid());
    assertEquals("DC01.contoso.local", e.host());
    assertEquals(2, e.logonType());
  }

  @Test
  void linkedLogonIdZero_isAbsent() {
    SecurityEvent e = Read.text(modern(4624, 1, "2024-01-01T00:00:00Z", "H",
        "TargetLogonId", "0x10", "TargetLinkedLogonId", "0x0", "LogonType", "3")).only();
    assertEquals(0L, e.linkedLogonId());
  }

  @Test
  void sourceAddresses_areNormalized() {
    assertEquals("10.1.2.3", Read.text(modern(4624, 1, "2024-01-01T00:00:00Z", "H",
        "TargetLogonId", "0x10", "IpAddress", "::ffff:10.1.2.3", "IpPort", "-")).only().srcIp());
    for (String absent : new String[] {"-", "", "::"}) {
      SecurityEvent e = Read.text(modern(4624, 1, "2024-01-01T00:00:00Z", "H",
          "TargetLogonId", "0x10", "IpAddress", absent, "IpPort", absent,
          "WorkstationName", absent)).only();
      assertNull(e.srcIp(), absent);
      assertEquals(SecurityEvent.NO_PORT, e.srcPort(), absent);
      assertNull(e.srcWorkstation(), absent);
    }
    assertEquals("::1", Read.text(modern(4624, 1, "2024-01-01T00:00:00Z", "H",
        "TargetLogonId", "0x10", "IpAddress", "::1")).only().srcIp());
  }

  @Test
  void luidsPaddedByLibevtx_equalWindowsRendering() {
    SecurityEvent a = Read.text(modern(4634, 1, "2024-01-01T00:00:00Z", "H",
        "TargetLogonId", "0x00000000000003e7")).only();
    assertEquals(0x3e7L, a.logonId());
  }

  @Test
  void specialPrivileges_keyOnSubjectLogonId() {
    SecurityEvent e = Read.text(modern(4672, 1, "2024-01-01T00:00:00Z", "H",
        "SubjectUserSid", "S-1-5-18", "SubjectUserName", "SYSTEM", "SubjectDomainName",
        "NT AUTHORITY", "SubjectLogonId", "0x3e7", "PrivilegeList", "SeTcbPrivilege")).only();
    assertEquals(EventKind.SPECIAL_PRIVILEGES, e.kind());
    assertEquals(0x3e7L, e.logonId());
    assertEquals("SYSTEM", e.user());
  }

  @Test
  void reconnectAndDisconnect_keyOnLogonIdWithItsOwnCapitalisation() {
    SecurityEvent e = Read.text(modern(4778, 1, "2024-01-01T00:00:00Z", "H",
        "AccountName", "alice", "AccountDomain", "CONTOSO", "LogonID", "0x3b0c11",
        "SessionName", "RDP-Tcp#3", "ClientName", "ADMIN-PC", "ClientAddress", "10.0.4.21")).only();
    assertEquals(EventKind.RECONNECT, e.kind());
    assertEquals(0x3b0c11L, e.logonId());
    assertEquals("10.0.4.21", e.srcIp());
    assertEquals("ADMIN-PC", e.srcWorkstation());
  }

  @Test
  void logClearedInUserData_keysOnItsSubjectLogonId() {
    String xml = "<Event><System><EventID>1102</EventID><TimeCreated SystemTime='2024-01-01T00:00:00Z'/>"
        + "<EventRecordID>7</EventRecordID><Channel>Security</Channel><Computer>H</Computer></System>"
        + "<UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'>"
        + "<SubjectUserSid>S-1-5-21-1</SubjectUserSid><SubjectUserName>admin</SubjectUserName>"
        + "<SubjectDomainName>CONTOSO</SubjectDomainName><SubjectLogonId>0x5c0a11</SubjectLogonId>"
        + "</LogFileCleared></UserData></Event>";
    SecurityEvent e = Read.text(xml).only();
    assertEquals(EventKind.LOG_CLEARED, e.kind());
    assertEquals(0x5c0a11L, e.logonId());
    assertEquals("admin", e.user());
  }

  /**
   * A record id of 19 digits beyond a signed 64-bit number was a NumberFormatException that ended
   * the run; it is a rejected record, and the next record still arrives.
   */
  @Test
  void recordIdBeyondALong_isARejectedRecord_andTheNextRecordArrives() {
    String max = String.valueOf(Long.MAX_VALUE);
    String over = "9223372036854775808";
    Read.Result r = Read.text(withRecordId(over) + "\n" + withRecordId(max) + "\n");
    assertEquals(1, r.rejected().size(), r.rejected().toString());
    assertTrue(r.rejected().get(0).reason().contains("EventRecordID '" + over
        + "': expected a number from 0 to " + max), r.rejected().get(0).reason());
    assertEquals(1, r.events().size());
    assertEquals(Long.MAX_VALUE, r.events().get(0).recordId());
  }

  /** Whatever fails while a record's fields are read refuses that record, not the run. */
  @Test
  void aFieldThatThrows_refusesTheRecordWithAReason() {
    EventFields fields = new MappedFields("4624", "2024-01-01T00:00:00Z", "1", "Security", "H",
        java.util.Map.of());
    InvalidEventException e = org.junit.jupiter.api.Assertions.assertThrows(
        InvalidEventException.class, () -> Normalizer.normalize(new ForwardingFields(fields) {
          @Override
          public String data(String name) {
            throw new IllegalStateException("field " + name + " unreadable");
          }
        }, SourceFormat.XML));
    assertTrue(e.getMessage().contains("the record's fields could not be read:"
        + " java.lang.IllegalStateException: field TargetLogonId unreadable"), e.getMessage());
  }

  private static String withRecordId(String recordId) {
    return "<Event><System><EventID>4634</EventID><TimeCreated SystemTime='2024-01-01T00:00:00Z'/>"
        + "<EventRecordID>" + recordId + "</EventRecordID><Channel>Security</Channel>"
        + "<Computer>H</Computer></System><EventData><Data Name='TargetLogonId'>0x3e7</Data>"
        + "<Data Name='LogonType'>5</Data></EventData></Event>";
  }

  @Test
  void nt5Logon528_readsTheTypeAtPosition4() {
    SecurityEvent e = Read.text(Samples.E528).only();
    assertEquals(EventKind.LOGON, e.kind());
    assertEquals("Paul", e.user());
    assertEquals("RESEARCH", e.domain());
    assertEquals(0x3A7A6E0L, e.logonId());
    assertEquals(2, e.logonType());
    assertEquals("seclogon", e.logonProcess());
    assertEquals("Negotiate", e.authPackage());
    assertEquals("DC1", e.srcWorkstation());
    assertNull(e.srcIp());
  }

  @Test
  void nt5Logoff538AndUserLogoff551_shareTheLogonsLuid() {
    SecurityEvent logoff = Read.text(nt5(538, "2009-11-02T06:00:00Z", 12, "Paul", "RESEARCH",
        "(0x0,0x3A7A6E0)", "2")).only();
    SecurityEvent userLogoff = Read.text(nt5(551, "2009-11-02T06:00:00Z", 11, "Paul",
        "RESEARCH", "(0x0,0x3A7A6E0)")).only();
    assertEquals(EventKind.LOGOFF, logoff.kind());
    assertEquals(2, logoff.logonType());
    assertEquals(EventKind.USER_LOGOFF, userLogoff.kind());
    assertEquals(0x3A7A6E0L, logoff.logonId());
    assertEquals(0x3A7A6E0L, userLogoff.logonId());
  }

  @Test
  void nt5NetworkLogon540_isALogonWithItsSourceAddress() {
    SecurityEvent e = Read.text(nt5(540, "2009-11-02T06:00:00Z", 13, "WS01$", "CONTOSO",
        "(0x0,0x3B10000)", "3", "Kerberos", "Kerberos", "", "{0}", "-", "-", "-", "-", "-",
        "10.0.5.31", "1041")).only();
    assertEquals(3, e.logonType());
    assertEquals("10.0.5.31", e.srcIp());
    assertEquals(1041, e.srcPort());
  }

  @Test
  void nt5Failure529_readsTheTypeAtPosition3() {
    SecurityEvent e = Read.text(nt5(529, "2009-11-02T06:00:00Z", 14, "Paul", "RESEARCH", "10",
        "User32", "Negotiate", "DC1", "-", "-", "-", "-", "-", "10.0.0.9", "3389")).only();
    assertEquals(EventKind.LOGON_FAILED, e.kind());
    assertEquals(10, e.logonType());
    assertEquals("10.0.0.9", e.srcIp());
  }

  @Test
  void nt5StartupAndShutdown() {
    assertEquals(EventKind.STARTUP, Read.text(nt5(512, "2009-11-02T06:00:00Z", 1)).only().kind());
    assertEquals(EventKind.SHUTDOWN, Read.text(nt5(513, "2009-11-02T06:00:00Z", 2)).only().kind());
  }

  @Test
  void otherCodes_areKeptAsOther() {
    SecurityEvent e = Read.text(modern(4688, 5, "2024-01-01T00:00:00Z", "H",
        "SubjectLogonId", "0x3e7")).only();
    assertEquals(EventKind.OTHER, e.kind());
    assertEquals(4688, e.eventCode());
  }

  @Test
  void missingFieldsTheSessionNeeds_areRejectedWithReason() {
    assertRejected(modern(4624, 1, "2024-01-01T00:00:00Z", "H", "LogonType", "2"),
        "missing TargetLogonId");
    assertRejected(modern(4634, 1, "2024-01-01T00:00:00Z", "H", "TargetLogonId", "0xZZ"),
        "TargetLogonId: logon ID '0xZZ'");
    assertRejected(modern(4624, 1, "2024-01-01T00:00:00Z", "H", "TargetLogonId", "0x1",
        "LogonType", "99"), "LogonType '99': expected 0..13");
    assertRejected(modern(4624, 1, "yesterday", "H", "TargetLogonId", "0x1"),
        "timestamp 'yesterday'");
    assertRejected(modern(4624, 1, "2024-01-01T00:00:00Z", "", "TargetLogonId", "0x1"),
        "has no Computer");
    assertRejected(modern(4624, 1, "2024-01-01T00:00:00Z", "H", "TargetLogonId", "0x1")
        .replace("<EventID>4624</EventID>", "<EventID>logon</EventID>"), "EventID 'logon'");
    assertRejected(nt5(538, "2009-11-02T06:00:00Z", 12, "Paul", "RESEARCH"),
        "no Logon ID at insertion string %3");
  }

  private static void assertRejected(String xml, String reasonPart) {
    Read.Result r = Read.text(xml);
    assertEquals(0, r.events().size(), xml);
    assertEquals(1, r.rejected().size());
    RejectedRecord rec = r.rejected().get(0);
    assertTrue(rec.reason().contains(reasonPart), rec.reason());
    assertEquals(0, rec.byteOffset());
    assertEquals(1, rec.line());
  }
}
