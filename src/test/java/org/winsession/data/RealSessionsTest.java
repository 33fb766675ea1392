package org.winsession.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.winsession.read.ReadLimits;
import org.winsession.session.Confidence;
import org.winsession.session.EndReason;
import org.winsession.session.EngineConfig;
import org.winsession.session.LeakReason;
import org.winsession.session.SessionEngine;
import org.winsession.session.SessionEvent;
import org.winsession.session.SessionStatus;
import org.winsession.testing.Read;
import org.winsession.testing.SharedData;

/**
 * Sessions of python-evtx's real security.evtx (host WIN-03DLIIOFRRA, a Windows 7 workstation
 * rebooted 39 times) whose outcome was worked out by hand from the record listing (record id, code,
 * time, TargetLogonId), each test naming the records that decide it.
 */
class RealSessionsTest {
  private static Map<Long, List<SessionEvent>> byLuid;

  @BeforeAll
  static void analyse() throws IOException {
    Read.Result r;
    try (InputStream in = Files.newInputStream(
        SharedData.rendered("python-evtx/tests/data/security.evtx"))) {
      r = Read.stream(in, ReadLimits.DEFAULT);
    }
    List<SessionEvent> out = new ArrayList<>();
    SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT, out::add);
    r.events().forEach(engine::accept);
    engine.finish();
    byLuid = out.stream().filter(e -> e.host().equals("win-03dliiofrra"))
        .collect(Collectors.groupingBy(SessionEvent::logonId));
  }

  private static SessionEvent last(long luid) {
    List<SessionEvent> l = byLuid.get(luid);
    return l.get(l.size() - 1);
  }

  private static long t(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  @Test
  void userLogoffThenShutdownThreeSecondsLater_endedByShutdown() {
    // 168 4624 0x16766 type 2 fsir; 234 4647 at 22:51:13.064; 239 1100 at 22:51:16.247
    SessionEvent s = last(0x16766);
    assertEquals(SessionStatus.ENDED_BY_SHUTDOWN, s.status());
    assertEquals(EndReason.SHUTDOWN, s.endReason());
    assertEquals(t("2016-07-08T22:51:13.064Z"), s.userLogoffTime());
    assertEquals(t("2016-07-08T22:51:16.247Z"), s.endTime());
    assertFalse(s.leak());
    assertEquals(168, s.logonRecordId());
  }

  @Test
  void userLogoffWrittenAfterTheShutdown_updatesTheSameSession() {
    // 267 4624 0x45322; 273 1100 at 23:05:19.690; 274 4647 at 23:05:19.269 (after it, in records)
    List<SessionEvent> l = byLuid.get(0x45322L);
    assertEquals(2, l.size());
    assertEquals(l.get(0).sessionId(), l.get(1).sessionId());
    assertEquals(SessionEvent.NONE, l.get(0).userLogoffTime(), "not known at the shutdown");
    assertEquals(t("2016-07-08T23:05:19.269Z"), l.get(1).userLogoffTime());
    assertEquals(SessionStatus.ENDED_BY_SHUTDOWN, l.get(1).status());
  }

  @Test
  void userLogoffThenLogoff_closedWithHighConfidence() {
    // 2249 4624 0x38112; 2253 4647 at 01:20:20.123; 2254 4634 at 01:20:24.553
    SessionEvent s = last(0x38112);
    assertEquals(SessionStatus.CLOSED, s.status());
    assertEquals(Confidence.HIGH, s.confidence());
    assertEquals(t("2017-04-14T01:20:20.123Z"), s.userLogoffTime());
    assertEquals(t("2017-04-14T01:20:24.553Z"), s.logoffTime());
    assertEquals(34_365, s.durationMillis());
    // 2248 4624 0x380e4 (the same logon's other token); 2255 4634
    assertEquals(SessionStatus.CLOSED, last(0x380e4).status());
  }

  @Test
  void sessionWithNoLogoffWhileTheHostLoggedAWeekLater_leaked() {
    // 807 4624 0x65134 on 2016-07-09 22:32; the host logs again on 2016-07-16; the 4647 of 822
    // comes after the leak and changes nothing
    List<SessionEvent> l = byLuid.get(0x65134L);
    assertEquals(1, l.size());
    assertEquals(SessionStatus.LEAKED, l.get(0).status());
    assertEquals(LeakReason.NO_LOGOFF_PAST_THRESHOLD, l.get(0).leakReason());
  }

  @Test
  void startupThreeWeeksLaterWithoutShutdown_endsTheBootNotALeak() {
    // 2193 4624 0x2939d at 2017-03-21 17:23:59; 2196/2197 at 17:24:21 are the host's last events;
    // 2198 1101 (audit events dropped, written at boot) and 2199 4608 on 2017-04-14
    SessionEvent s = last(0x2939d);
    assertEquals(SessionStatus.ENDED_BY_SHUTDOWN, s.status());
    assertEquals(EndReason.STARTUP, s.endReason());
    assertEquals(Confidence.LOW, s.confidence());
    assertEquals(t("2017-03-21T17:24:21.411Z"), s.endTime());
    assertFalse(s.leak());
  }

  @Test
  void unlockLogonType7_closedSixteenMillisecondsLater() {
    // 1288/1289 4624 type 7 0xa113ac/0xa113ba; 1291/1292 4634
    assertEquals(SessionStatus.CLOSED, last(0xa113ac).status());
    assertEquals(7, last(0xa113ba).logonType());
    assertEquals(16, last(0xa113ba).durationMillis());
  }
}
