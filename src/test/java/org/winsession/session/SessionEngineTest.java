package org.winsession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.winsession.testing.Scenario.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.winsession.event.SecurityEvent;
import org.winsession.testing.Scenario;

/** One small hand-written case per rule of SESSIONS.md §2-§5. */
class SessionEngineTest {

  private static List<SessionEvent> of(List<SessionEvent> all, long luid) {
    return all.stream().filter(e -> e.logonId() == luid).collect(Collectors.toList());
  }

  private static SessionEvent last(List<SessionEvent> all, long luid) {
    List<SessionEvent> mine = of(all, luid);
    return mine.get(mine.size() - 1);
  }

  @Test
  void logonThenLogoff_isClosedWithHighConfidence() {
    List<SessionEvent> out = new Scenario()
        .logon("09:00:00", 0x1234, 2, "bob").logoff("17:30:00.250", 0x1234).run();
    assertEquals(1, out.size());
    SessionEvent s = out.get(0);
    assertEquals(SessionStatus.CLOSED, s.status());
    assertEquals(EndReason.LOGOFF, s.endReason());
    assertEquals(Confidence.HIGH, s.confidence());
    assertEquals(time("17:30:00.250"), s.endTime());
    assertEquals(time("17:30:00.250"), s.logoffTime());
    assertEquals(30_600_250L, s.durationMillis());
    assertEquals(4634, s.logoffEventCode());
    assertEquals(4624, s.logonEventCode());
    assertEquals("ws01", s.host());
  }

  @Test
  void logoffBeforeAnyLogon_isOrphanLogoffWithoutLogonTime() {
    List<SessionEvent> out = new Scenario().logoff("06:00:05", 0x3f1a2).run();
    assertEquals(1, out.size());
    SessionEvent s = out.get(0);
    assertEquals(SessionStatus.ORPHAN_LOGOFF, s.status());
    assertEquals(SessionEvent.NONE, s.logonTime());
    assertEquals(SessionEvent.NONE, s.durationMillis());
    assertEquals(SessionEvent.NONE, s.logonRecordId());
    assertEquals(time("06:00:05"), s.endTime());
  }

  @Test
  void luidReusedAfterReboot_isTwoSessionsWithDifferentIds() {
    List<SessionEvent> out = new Scenario()
        .startup("07:00:00").logon("08:00:00", 0x5000, 3, "svc")
        .noise("08:30:00")
        .startup("09:00:00").logon("09:10:00", 0x5000, 3, "svc").logoff("09:20:00", 0x5000)
        .run();
    List<SessionEvent> mine = of(out, 0x5000);
    assertEquals(2, mine.size());
    SessionEvent first = mine.get(0);
    SessionEvent second = mine.get(1);
    assertEquals(SessionStatus.ENDED_BY_SHUTDOWN, first.status());
    assertEquals(EndReason.STARTUP, first.endReason());
    assertEquals(Confidence.LOW, first.confidence());
    assertEquals(time("08:30:00"), first.endTime(), "the host's last event before the startup");
    assertEquals(SessionStatus.CLOSED, second.status());
    assertNotEquals(first.sessionId(), second.sessionId());
    assertEquals(time("09:00:00"), second.bootStart());
  }

  @Test
  void clockStepBack_deadlinesRunOnHostEventTime_soALogoffInTimeIsNoLeak() {
    // the host clock steps back an hour after 10:00:01: the user logoff at 09:30:00 is seen at
    // host event time 10:00:01, so its grace ends at 10:02:01, not at 09:32:00
    List<SessionEvent> out = new Scenario()
        .noise("10:00:00").noise("10:00:01")
        .logon("09:00:05", 0x51234, 2, "dave").noise("09:10:00")
        .userLogoff("09:30:00", 0x51234).noise("09:30:01").logoff("09:30:02", 0x51234).run();
    assertEquals(1, out.size(), out.toString());
    assertEquals(SessionStatus.CLOSED, out.get(0).status());
    assertFalse(out.get(0).lateLogoff());
  }

  @Test
  void clockStepBack_ruleTwoDeadlineRunsOnHostEventTime() {
    // logon seen at host event time 10:00:01 (its own clock says 09:00:05): leak_after 24h ends
    // at +1d 10:00:01, so an event at +1d 09:30 does not fire it and one at +1d 10:00:02 does
    List<SessionEvent> out = new Scenario()
        .noise("10:00:00").noise("10:00:01").logon("09:00:05", 0x61234, 3, "erin")
        .noise("+1d 09:30:00").run();
    assertTrue(out.stream().noneMatch(SessionEvent::leak), out.toString());
    out = new Scenario()
        .noise("10:00:00").noise("10:00:01").logon("09:00:05", 0x61234, 3, "erin")
        .noise("+1d 10:00:02").run();
    assertTrue(out.get(0).leak(), out.toString());
  }

  @Test
  void userLogoffWithoutLogoff_leaksOnceHostLogsPastGrace() {
    List<SessionEvent> out = new Scenario()
        .logon("09:00:00", 0x77, 2, "carol").userLogoff("18:20:00", 0x77)
        .noise("18:22:00") // exactly at the deadline: not yet (deadlines are strict)
        .noise("18:22:01").run();
    SessionEvent s = out.get(0);
    assertEquals(1, out.size());
    assertEquals(SessionStatus.LEAKED, s.status());
    assertTrue(s.leak());
    assertEquals(LeakReason.USER_LOGOFF_WITHOUT_LOGOFF, s.leakReason());
    assertEquals(EndReason.USER_LOGOFF, s.endReason());
    assertEquals(time("18:20:00"), s.endTime());
    assertEquals(time("18:20:00"), s.userLogoffTime());
    assertEquals(time("18:22:01"), s.time(), "emitted at host event time");
    assertEquals(Confidence.MEDIUM, s.confidence());
  }

  @Test
  void userLogoffThenShutdownInsideGrace_isEndedByShutdownNotLeak() {
    List<SessionEvent> out = new Scenario()
        .logon("09:00:00", 0x78, 2, "erin").userLogoff("18:59:30", 0x78)
        .shutdown("19:00:00").noise("19:10:00").run();
    SessionEvent s = last(out, 0x78);
    assertEquals(1, of(out, 0x78).size());
    assertEquals(SessionStatus.ENDED_BY_SHUTDOWN, s.status());
    assertEquals(EndReason.SHUTDOWN, s.endReason());
    assertFalse(s.leak());
    assertEquals(time("19:00:00"), s.endTime());
    assertEquals(time("18:59:30"), s.userLogoffTime());
    assertEquals(Confidence.MEDIUM, s.confidence());
  }

  @Test
  void userLogoffThenShutdownAfterGrace_isLeak() {
    List<SessionEvent> out = new Scenario()
        .logon("09:00:00", 0x79, 2, "erin").userLogoff("18:50:00", 0x79)
        .shutdown("19:00:00").run();
    assertEquals(SessionStatus.LEAKED, last(out, 0x79).status());
    assertEquals(1, of(out, 0x79).size(), "a leaked session stays leaked through the shutdown");
  }

  @Test
  void userLogoffThenLogoffInsideGrace_isClosed() {
    List<SessionEvent> out = new Scenario()
        .logon("09:00:00", 0x80, 2, "bob").userLogoff("17:31:00", 0x80)
        .logoff("17:31:02", 0x80).noise("18:00:00").run();
    SessionEvent s = last(out, 0x80);
    assertEquals(1, out.size());
    assertEquals(SessionStatus.CLOSED, s.status());
    assertEquals(time("17:31:00"), s.userLogoffTime());
  }

  @Test
  void logoffWrittenJustAfterShutdown_closesTheSessionTheShutdownEnded() {
    // Real logs (python-evtx security.evtx records 273/274) write the 4647 after the 1100.
    List<SessionEvent> out = new Scenario()
        .logon("09:00:00", 0x81, 2, "fsir").shutdown("23:05:19").userLogoff("23:05:18", 0x81)
        .startup("23:05:35").run();
    List<SessionEvent> mine = of(out, 0x81);
    assertEquals(2, mine.size());
    assertEquals(SessionStatus.ENDED_BY_SHUTDOWN, mine.get(1).status());
    assertEquals(time("23:05:18"), mine.get(1).userLogoffTime());
    assertEquals(mine.get(0).sessionId(), mine.get(1).sessionId());
    assertTrue(mine.get(1).time() >= mine.get(0).time(), "time never goes backwards");
    assertEquals(0, out.stream().filter(e -> e.logonTime() == SessionEvent.NONE).count(),
        "no phantom session without a logon");
  }

  @Test
  void crashWithoutShutdown_startupEndsSessionsAtLastEventWithLowConfidence() {
    List<SessionEvent> out = new Scenario()
        .logon("14:10:00", 0x63b210, 10, "bob").noise("14:31:00")
        .startup("+20d 15:19:00").run(); // three weeks later: no leak, the host was off
    SessionEvent s = last(out, 0x63b210);
    assertEquals(SessionStatus.ENDED_BY_SHUTDOWN, s.status());
    assertEquals(EndReason.STARTUP, s.endReason());
    assertEquals(Confidence.LOW, s.confidence());
    assertEquals(time("14:31:00"), s.endTime());
    assertFalse(s.leak());
  }

  @Test
  void clockJumpsBackWhileRecordIdsGoOn_flagsAnomalyAndTimeNeverGoesBack() {
    List<SessionEvent> out = new Scenario()
        .logon("13:30:00", 0x61, 10, "alice").noise("14:00:00")
        .noise("13:21:00") // NTP steps the clock back; the record id still counts up
        .logon("13:25:00", 0x62, 3, "svc").logoff("13:26:00", 0x62)
        .logoff("13:50:00", 0x61).run();
    SessionEvent spanning = last(out, 0x61);
    SessionEvent after = last(out, 0x62);
    assertTrue(spanning.clockAnomaly());
    assertFalse(after.clockAnomaly(), "opened after the step");
    assertEquals(time("14:00:00"), spanning.time(), "host event time is the largest seen");
    assertEquals(SessionStatus.CLOSED, spanning.status());
  }

  @Test
  void smallBackwardsJitterWithinTolerance_isNoAnomaly() {
    List<SessionEvent> out = new Scenario()
        .logon("09:00:00.500", 0x63, 2, "bob").noise("09:00:00.100").logoff("10:00:00", 0x63)
        .run();
    assertFalse(out.get(0).clockAnomaly());
  }

  @Test
  void sameEventsDeliveredTwice_giveTheSameOutputAsOnce() {
    Scenario s = new Scenario().logon("09:00:00", 0x90, 2, "bob").userLogoff("10:00:00", 0x90)
        .logoff("10:00:01", 0x90).logoff("11:00:00", 0x91);
    List<SecurityEvent> twice = new ArrayList<>(s.events());
    twice.addAll(s.events());
    List<SessionEvent> once = s.run();
    List<SessionEvent> doubled = s.run(twice);
    assertEquals(once, doubled);
  }

  @Test
  void duplicatesAreCounted() {
    Scenario s = new Scenario().logon("09:00:00", 0x90, 2, "bob").logoff("10:00:01", 0x90);
    List<SecurityEvent> twice = new ArrayList<>(s.events());
    twice.addAll(s.events());
    SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT, e -> {});
    twice.forEach(engine::accept);
    engine.finish();
    assertEquals(2, engine.stats().duplicates());
    assertEquals(4, engine.stats().events());
  }

  @Test
  void eventsArrivingOutOfRecordOrder_areProcessedInRecordOrder() {
    Scenario s = new Scenario().logon("09:00:00", 0x95, 2, "bob").logoff("10:00:00", 0x95);
    List<SecurityEvent> reversed = new ArrayList<>(s.events());
    java.util.Collections.reverse(reversed);
    List<SessionEvent> out = s.run(reversed);
    assertEquals(1, out.size());
    assertEquals(SessionStatus.CLOSED, out.get(0).status(), "not an orphan logoff");
  }

  @Test
  void withoutRecordIds_theSourceOrderIsTheOrder() {
    List<SessionEvent> out = new Scenario().logon("09:00:00", 0x96, 2, "bob")
        .logoff("10:00:00", 0x96).withoutRecordIds().run();
    assertEquals(SessionStatus.CLOSED, out.get(0).status());
  }

  @Test
  void uacLinkedPair_staysTwoSessionsPointingAtEachOther() {
    List<SessionEvent> out = new Scenario()
        .logon("08:05:02", 0x3b0c11, 10, "alice", b -> b.linkedLogonId(0x3b0c32).elevated(true))
        .logon("08:05:02.040", 0x3b0c32, 10, "alice", b -> b.linkedLogonId(0x3b0c11))
        .logoff("17:02:01", 0x3b0c32).logoff("17:02:01.200", 0x3b0c11).run();
    SessionEvent elevated = last(out, 0x3b0c11);
    SessionEvent filtered = last(out, 0x3b0c32);
    assertEquals(filtered.sessionId(), elevated.linkedSessionId());
    assertEquals(elevated.sessionId(), filtered.linkedSessionId());
    assertEquals(0x3b0c32, elevated.linkedLogonId());
    assertEquals(Boolean.TRUE, elevated.elevated());
    assertNull(filtered.elevated());
  }

  @Test
  void fqdnAndShortHostName_areOneHost() {
    List<SessionEvent> out = new Scenario().host("DC01.contoso.local")
        .logon("09:00:00", 0x4c01, 3, "WS01$").host("dc01").logoff("09:00:01", 0x4c01).run();
    assertEquals(1, out.size());
    assertEquals(SessionStatus.CLOSED, out.get(0).status());
    assertEquals("dc01", out.get(0).host());
  }

  @Test
  void hostNormalizationFqdn_keepsDomainsApart() {
    List<SessionEvent> out = new Scenario()
        .config(EngineConfig.DEFAULT.withHostNormalization(HostNormalization.FQDN))
        .host("DC01.contoso.local").logon("09:00:00", 0x4c01, 3, "WS01$")
        .host("dc01").logoff("09:00:01", 0x4c01).run();
    assertEquals(Map.of("dc01.contoso.local", SessionStatus.OPEN, "dc01",
            SessionStatus.ORPHAN_LOGOFF),
        out.stream().collect(Collectors.toMap(SessionEvent::host, SessionEvent::status)));
  }

  @Test
  void differentHostsNeverAffectEachOther() {
    List<SessionEvent> out = new Scenario()
        .host("A").logon("09:00:00", 0x10, 2, "bob")
        .host("B").startup("09:30:00").noise("+2d 10:00:00")
        .host("A").logoff("10:00:00", 0x10).run();
    assertEquals(SessionStatus.CLOSED, last(out, 0x10).status());
  }

  @Test
  void noLogoffPastThreshold_leaksOnlyWhileTheHostKeepsLogging() {
    List<SessionEvent> quiet = new Scenario().logon("06:30:00", 0x2a1f01, 4, "svc_backup").run();
    assertEquals(SessionStatus.OPEN, quiet.get(0).status(), "no later event: still open");

    List<SessionEvent> out = new Scenario().logon("06:30:00", 0x2a1f01, 4, "svc_backup")
        .noise("+1d 06:30:00") // at the deadline exactly: strict, no leak yet
        .noise("+1d 06:30:00.001").run();
    SessionEvent s = out.get(0);
    assertEquals(SessionStatus.LEAKED, s.status());
    assertEquals(LeakReason.NO_LOGOFF_PAST_THRESHOLD, s.leakReason());
    assertEquals(SessionEvent.NONE, s.endTime());
    assertEquals(SessionEvent.NONE, s.durationMillis());
    assertNull(s.endReason());
    assertEquals(Confidence.LOW, s.confidence());
  }

  @Test
  void ownLogoffPastTheDeadline_closesInsteadOfLeaking() {
    List<SessionEvent> out = new Scenario().logon("06:30:00", 0x31, 3, "jdoe")
        .logoff("+1d 07:00:00", 0x31).run();
    assertEquals(1, out.size());
    assertEquals(SessionStatus.CLOSED, out.get(0).status());
  }

  @Test
  void perLogonTypeOverride_appliesToThatTypeOnly() {
    EngineConfig c = EngineConfig.DEFAULT.withLeakAfterByType(Map.of(3, Duration.ofHours(1)));
    List<SessionEvent> out = new Scenario().config(c)
        .logon("09:00:00", 0x41, 3, "net").logon("09:00:00", 0x42, 10, "rdp")
        .noise("10:00:01").run();
    assertEquals(SessionStatus.LEAKED, last(out, 0x41).status());
    assertEquals(SessionStatus.OPEN, last(out, 0x42).status());
  }

  @Test
  void serviceSystemWellKnownAndVirtualSessions_neverLeakByThreshold() {
    List<SessionEvent> out = new Scenario()
        .logon("06:00:00", 0x3e7, 0, "SYSTEM", b -> b.userSid("S-1-5-18"))
        .logon("06:00:01", 0x3e4, 5, "NETWORK SERVICE", b -> b.userSid("S-1-5-20"))
        .logon("06:00:02", 0x5001, 5, "svc_sql", b -> b.userSid("S-1-5-21-9-9-9-1500"))
        .logon("06:00:03", 0x9c12, 2, "DWM-1", b -> b.userSid("S-1-5-90-0-1"))
        .logon("06:00:04", 0x9a41, 2, "UMFD-0", b -> b.userSid("S-1-5-96-0-0"))
        .logon("06:00:05", 0x5002, 0, "x")
        .noise("+5d 06:00:00").run();
    assertTrue(out.stream().allMatch(e -> e.status() == SessionStatus.OPEN), out.toString());
  }

  @Test
  void logoffAfterLeak_isEmittedAgainAsClosedLate() {
    List<SessionEvent> out = new Scenario().logon("07:00:00", 0x5c0a11, 3, "jdoe")
        .noise("+1d 07:10:00").logoff("+1d 07:30:00", 0x5c0a11).run();
    List<SessionEvent> mine = of(out, 0x5c0a11);
    assertEquals(2, mine.size());
    assertEquals(SessionStatus.LEAKED, mine.get(0).status());
    SessionEvent late = mine.get(1);
    assertEquals(SessionStatus.CLOSED, late.status());
    assertFalse(late.leak());
    assertNull(late.leakReason());
    assertTrue(late.lateLogoff());
    assertEquals(mine.get(0).sessionId(), late.sessionId());
    assertEquals(88_200_000L, late.durationMillis());
  }

  @Test
  void leakedSession_staysLeakedThroughShutdownAndStartup() {
    List<SessionEvent> out = new Scenario().logon("07:00:00", 0x51, 3, "jdoe")
        .noise("+1d 07:10:00").shutdown("+1d 08:00:00").startup("+1d 08:05:00").run();
    assertEquals(1, of(out, 0x51).size());
    assertEquals(SessionStatus.LEAKED, of(out, 0x51).get(0).status());
  }

  @Test
  void wellKnownLuidLoggedOnAgain_isOneSessionWithRisingCount() {
    List<SessionEvent> out = new Scenario()
        .logon("06:00:00", 0x3e7, 5, "SYSTEM").logon("06:10:00", 0x3e7, 5, "SYSTEM")
        .logon("06:20:00", 0x3e7, 5, "SYSTEM").run();
    assertEquals(1, out.size());
    assertEquals(3, out.get(0).logonCount());
    assertEquals(time("06:00:00"), out.get(0).logonTime(), "the first logon's time");
    assertEquals(AccountClass.SYSTEM, out.get(0).accountClass());
  }

  @Test
  void otherLuidLoggedOnAgainWithoutLogoff_supersedesTheOldSession() {
    List<SessionEvent> out = new Scenario()
        .logon("09:00:00", 0x5a1b2, 3, "svc_app").logon("11:00:00", 0x5a1b2, 3, "svc_app")
        .logoff("11:05:00", 0x5a1b2).run();
    List<SessionEvent> mine = of(out, 0x5a1b2);
    assertEquals(2, mine.size());
    assertEquals(SessionStatus.SUPERSEDED, mine.get(0).status());
    assertEquals(EndReason.SUPERSEDED, mine.get(0).endReason());
    assertEquals(Confidence.LOW, mine.get(0).confidence());
    assertEquals(SessionStatus.CLOSED, mine.get(1).status());
    assertNotEquals(mine.get(0).sessionId(), mine.get(1).sessionId());
  }

  @Test
  void lockUnlockAndDisconnectReconnect_addUpOnTheSession() {
    List<SessionEvent> out = new Scenario().logon("08:00:00", 0x1f, 10, "bob")
        .event("12:00:00", 4800, 0x1f, b -> {}).event("12:58:30", 4801, 0x1f, b -> {})
        .event("13:00:00", 4779, 0x1f, b -> {}).event("13:45:00", 4778, 0x1f, b -> {})
        .event("14:00:00", 4802, 0x1f, b -> {}).event("14:10:00", 4803, 0x1f, b -> {})
        .event("16:00:00", 4800, 0x1f, b -> {}) // still locked at logoff: counted to the end
        .logoff("16:30:00", 0x1f).run();
    SessionEvent s = out.get(0);
    assertEquals((3510 + 600 + 1800) * 1000L, s.lockedMillis());
    assertEquals(2700_000L, s.disconnectedMillis());
    assertEquals(1, s.reconnects());
  }

  @Test
  void specialPrivileges_markTheSessionPrivilegedBeforeOrAfterItsLogon() {
    List<SessionEvent> out = new Scenario()
        .logon("09:00:00", 0xa1, 2, "admin").event("09:00:00", 4672, 0xa1, b -> {})
        .event("09:05:00", 4672, 0xa2, b -> {}).logon("09:05:00", 0xa2, 2, "admin2")
        .logon("09:06:00", 0xa3, 2, "user").run();
    assertTrue(last(out, 0xa1).privileged());
    assertTrue(last(out, 0xa2).privileged());
    assertFalse(last(out, 0xa3).privileged());
  }

  @Test
  void stateCap_emitsTheOldestAsEvictedInsteadOfDroppingIt() {
    SessionEngine engine;
    List<SessionEvent> out = new ArrayList<>();
    engine = new SessionEngine(EngineConfig.DEFAULT.withMaxOpenSessions(2), out::add);
    new Scenario().logon("09:00:00", 0x3e7, 5, "SYSTEM").logon("09:01:00", 0xb1, 3, "a")
        .logon("09:02:00", 0xb2, 3, "b").logon("09:03:00", 0xb3, 3, "c")
        .events().forEach(engine::accept);
    engine.flush();
    assertEquals(2, engine.heldSessions());
    assertEquals(2, engine.stats().evicted());
    assertEquals(List.of(0xb1L, 0xb2L), out.stream().map(SessionEvent::logonId).toList(),
        "oldest first; the boot-long SYSTEM session is kept");
    assertTrue(out.stream().allMatch(e -> e.endReason() == EndReason.EVICTED
        && e.status() == SessionStatus.OPEN));
  }

  @Test
  void emitOpen_emitsWhenASessionOpensWithTheSameId() {
    List<SessionEvent> out = new Scenario().config(EngineConfig.DEFAULT.withEmitOpen(true))
        .logon("09:00:00", 0xc1, 2, "bob").logoff("10:00:00", 0xc1).run();
    assertEquals(2, out.size());
    assertEquals(SessionStatus.OPEN, out.get(0).status());
    assertEquals(SessionStatus.CLOSED, out.get(1).status());
    assertEquals(out.get(0).sessionId(), out.get(1).sessionId());
    assertEquals(16, out.get(0).sessionId().length());
  }

  @Test
  void sessionIds_areStableAcrossRuns() {
    Scenario s = new Scenario().startup("07:00:00").logon("09:00:00", 0xd1, 2, "bob");
    String id = s.run().get(0).sessionId();
    assertEquals(id, s.run().get(0).sessionId());
    assertTrue(id.matches("[0-9a-f]{16}"), id);
  }

  @Test
  void failedLogonsAndExplicitCredentials_openNoSession() {
    List<SessionEvent> out = new Scenario().event("09:00:00", 4625, 0, b -> b.user("x"))
        .event("09:00:01", 4648, 0x3e7, b -> b.user("y")).run();
    assertTrue(out.isEmpty());
  }
}
