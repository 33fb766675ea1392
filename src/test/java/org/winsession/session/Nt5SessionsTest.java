package org.winsession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.winsession.testing.Samples.nt5;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.winsession.testing.Read;

/** NT5 (Windows 2003) sessions end to end: positional events through the reader and the engine. */
class Nt5SessionsTest {
  private static List<SessionEvent> analyse(String... events) {
    Read.Result r = Read.text(String.join("\n", events));
    assertEquals(0, r.rejected().size(), r.rejected().toString());
    List<SessionEvent> out = new ArrayList<>();
    SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT, out::add);
    r.events().forEach(engine::accept);
    engine.finish();
    return out;
  }

  private static String logon528(long rid, String time, String luid, String type) {
    return nt5(528, time, rid, "Paul", "RESEARCH", luid, type, "User32  ", "Negotiate", "DC1",
        "{f6956476-dd7a-df4a-1006-c2026f6e3cc3}", "DC1$", "RESEARCH", "(0x0,0x3E7)", "884", "-",
        "-", "-");
  }

  @Test
  void logon528UserLogoff551Logoff538_isClosed() {
    List<SessionEvent> out = analyse(
        nt5(512, "2009-11-02T05:00:00Z", 1),
        logon528(2, "2009-11-02T05:47:29Z", "(0x0,0x3A7A6E0)", "2"),
        nt5(576, "2009-11-02T05:47:29Z", 3, "Paul", "RESEARCH", "(0x0,0x3A7A6E0)", "SeTcb"),
        nt5(551, "2009-11-02T06:10:00Z", 4, "Paul", "RESEARCH", "(0x0,0x3A7A6E0)"),
        nt5(538, "2009-11-02T06:10:02Z", 5, "Paul", "RESEARCH", "(0x0,0x3A7A6E0)", "2"));
    assertEquals(1, out.size());
    SessionEvent s = out.get(0);
    assertEquals(SessionStatus.CLOSED, s.status());
    assertEquals(528, s.logonEventCode());
    assertEquals(538, s.logoffEventCode());
    assertEquals(0x3A7A6E0L, s.logonId());
    assertEquals(true, s.privileged());
    assertEquals("dc1", s.host());
  }

  @Test
  void userLogoff551WithoutLogoff538_isTheTokenLeakSignature() {
    List<SessionEvent> out = analyse(
        logon528(2, "2009-11-02T10:30:00Z", "(0x0,0x3C00A10)", "10"),
        nt5(551, "2009-11-02T11:45:00Z", 3, "Paul", "RESEARCH", "(0x0,0x3C00A10)"),
        nt5(540, "2009-11-02T12:00:00Z", 4, "WS01$", "CONTOSO", "(0x0,0x3B10000)", "3",
            "Kerberos", "Kerberos", "", "{0}", "-", "-", "-", "-", "-", "10.0.5.31", "1041"));
    SessionEvent s = out.get(0);
    assertEquals(SessionStatus.LEAKED, s.status());
    assertEquals(LeakReason.USER_LOGOFF_WITHOUT_LOGOFF, s.leakReason());
    assertEquals(10, s.logonType());
  }

  @Test
  void shutdown513_endsTheSessionsOfTheBoot() {
    List<SessionEvent> out = analyse(
        logon528(2, "2009-11-02T10:30:00Z", "(0x0,0x3C00A10)", "2"),
        nt5(513, "2009-11-02T18:00:00Z", 3));
    assertEquals(SessionStatus.ENDED_BY_SHUTDOWN, out.get(0).status());
    assertEquals(EndReason.SHUTDOWN, out.get(0).endReason());
  }
}
