package org.winsession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.winsession.event.SecurityEvent;
import org.winsession.testing.Scenario;

/** SESSIONS.md §4.1, one rule per case: hosts that do not audit logoffs. */
class AuditCoverageTest {
  private static final long FIRST = 0x10000;

  /** {@code n} network logons with LUIDs FIRST.. between 08:00 and 08:59 of day 0. */
  private static Scenario networkLogons(Scenario s, int n, long firstLuid) {
    for (int i = 0; i < n; i++) {
      s.logon(String.format("08:%02d:%02d", i / 60 % 60, i % 60), firstLuid + i, 3, "svc" + i);
    }
    return s;
  }

  private static Map<SessionStatus, Long> statuses(List<SessionEvent> out) {
    return out.stream().collect(Collectors.groupingBy(SessionEvent::status,
        Collectors.counting()));
  }

  /** Runs a scenario through an engine the caller keeps, to read its audit state afterwards. */
  private static SessionEngine run(Scenario s, List<SessionEvent> out) {
    SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT, out::add);
    s.events().forEach(engine::accept);
    engine.flush();
    return engine;
  }

  @Test
  void nineteenEligibleSessionsAndNoLogoff_rule2StillFires() {
    List<SessionEvent> out = new ArrayList<>();
    SessionEngine engine = run(networkLogons(new Scenario(), 19, FIRST).noise("+1d 09:00:00"),
        out);
    assertEquals(Map.of(SessionStatus.LEAKED, 19L), statuses(out));
    assertTrue(out.stream().allMatch(e -> e.leakReason() == LeakReason.NO_LOGOFF_PAST_THRESHOLD));
    assertEquals(AuditState.UNDECIDED, engine.auditState("ws01"));
    assertEquals(Map.of(), engine.unauditedHosts());
  }

  @Test
  void twentyEligibleSessionsAndNoLogoff_deadlineEmitsUnauditedAndLetsGo() {
    List<SessionEvent> out = new ArrayList<>();
    SessionEngine engine = run(networkLogons(new Scenario(), 20, FIRST).noise("+1d 09:00:00"),
        out);
    assertEquals(Map.of(SessionStatus.UNAUDITED, 20L), statuses(out));
    for (SessionEvent e : out) {
      assertFalse(e.leak());
      assertNull(e.leakReason());
      assertNull(e.endReason());
      assertEquals(SessionEvent.NONE, e.endTime());
      assertEquals(Confidence.LOW, e.confidence());
      assertEquals(Scenario.time("+1d 09:00:00"), e.time(), "emitted when the deadline passed");
    }
    assertEquals(0, engine.heldSessions(), "no longer held");
    assertEquals(AuditState.LOGOFF_UNAUDITED, engine.auditState("ws01"));
    assertEquals(Map.of("ws01", 20L), engine.unauditedHosts());
    assertEquals(0L, engine.stats().leaks().values().stream().mapToLong(Long::longValue).sum());
    assertEquals(20L, engine.stats().hosts().get("ws01").count(SessionStatus.UNAUDITED));
  }

  @Test
  void hostDecidedBeforeTheDeadline_evenBySessionsOpenedLater() {
    // one session at 07:00, nineteen more later that morning: at the first deadline (day 1,
    // 07:00) the host has opened twenty and written no logoff
    List<SessionEvent> out = networkLogons(new Scenario().logon("07:00:00", 0x9000, 3, "early"),
        19, FIRST).noise("+1d 07:30:00").run();
    assertEquals(SessionStatus.UNAUDITED, out.get(0).status());
    assertEquals(0x9000, out.get(0).logonId());
  }

  @Test
  void firstLogoffAfterSomeUnaudited_thoseStayAndLaterSessionsFollowRule2() {
    List<SessionEvent> out = new ArrayList<>();
    Scenario s = networkLogons(new Scenario(), 20, FIRST).noise("+1d 09:00:00")
        .logoff("+1d 09:30:00", FIRST + 3) // Audit Logoff switched on: the first logoff ever
        .logon("+1d 10:00:00", 0x7000, 3, "after")
        .noise("+2d 10:00:01");
    SessionEngine engine = run(s, out);
    assertEquals(20, out.stream().filter(e -> e.status() == SessionStatus.UNAUDITED).count());
    assertEquals(1, out.stream().filter(e -> e.logonId() == FIRST + 3
        && e.status() == SessionStatus.UNAUDITED).count(), "emitted unaudited once, and stays");
    SessionEvent logoff = out.stream().filter(e -> e.logonId() == FIRST + 3
        && e.status() != SessionStatus.UNAUDITED).findFirst().orElseThrow();
    assertEquals(SessionStatus.ORPHAN_LOGOFF, logoff.status(),
        "an unaudited session is no longer held: its logoff pairs with nothing");
    SessionEvent later = out.stream().filter(e -> e.logonId() == 0x7000).findFirst()
        .orElseThrow();
    assertEquals(SessionStatus.LEAKED, later.status());
    assertEquals(LeakReason.NO_LOGOFF_PAST_THRESHOLD, later.leakReason());
    assertEquals(AuditState.LOGOFF_AUDITED, engine.auditState("ws01"));
    assertEquals(Map.of(), engine.unauditedHosts());
  }

  @Test
  void hostThatAuditsOnlyUserLogoffs_isAudited() {
    List<SessionEvent> out = new ArrayList<>();
    Scenario s = networkLogons(new Scenario(), 25, FIRST)
        .logon("09:00:00", 0x8000, 2, "alice").userLogoff("17:00:00", 0x8000) // 4647, no 4634
        .noise("+1d 09:00:00");
    SessionEngine engine = run(s, out);
    assertEquals(AuditState.LOGOFF_AUDITED, engine.auditState("ws01"));
    assertEquals(0, out.stream().filter(e -> e.status() == SessionStatus.UNAUDITED).count());
    assertEquals(25, out.stream().filter(e -> e.leakReason()
        == LeakReason.NO_LOGOFF_PAST_THRESHOLD).count());
    assertEquals(LeakReason.USER_LOGOFF_WITHOUT_LOGOFF, out.stream()
        .filter(e -> e.logonId() == 0x8000).findFirst().orElseThrow().leakReason(),
        "rule 1 is untouched");
  }

  /** Thirty sessions of one kind rule 2 exempts, then nineteen eligible ones. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"type 0", "type 5", "well-known LUID", "virtual by SID",
      "virtual by name", "virtual account flag"})
  void sessionsRule2Exempts_doNotCountTowardsUnaudited(String kind) {
    Scenario s = new Scenario();
    for (int i = 0; i < 30; i++) {
      int n = i;
      String at = String.format("07:%02d:00", i);
      long luid = 0x20000 + i;
      switch (kind) {
        case "type 0" -> s.logon(at, luid, 0, "x" + i);
        case "type 5" -> s.logon(at, luid, 5, "svc_sql");
        case "well-known LUID" -> s.logon(at, 0x3e3 + i % 5, 3, "LOCAL SERVICE");
        case "virtual by SID" -> s.logon(at, luid, 2, "u" + i, b -> b.userSid("S-1-5-90-0-" + n));
        case "virtual by name" -> s.logon(at, luid, 2, "DWM-" + i, b -> {});
        default -> s.logon(at, luid, 2, "v" + i, b -> b.virtualAccount(true));
      }
    }
    List<SessionEvent> out = new ArrayList<>();
    SessionEngine engine = run(networkLogons(s, 19, FIRST).noise("+1d 09:00:00"), out);
    assertEquals(AuditState.UNDECIDED, engine.auditState("ws01"));
    assertEquals(19, out.stream().filter(e -> e.status() == SessionStatus.LEAKED).count());
    assertEquals(0, out.stream().filter(e -> e.status() == SessionStatus.UNAUDITED).count());
  }

  @Test
  void theSettingMovesTheThreshold_andMustBePositive() {
    List<SessionEvent> out = networkLogons(new Scenario()
        .config(EngineConfig.DEFAULT.withUnauditedAfter(3)), 3, FIRST).noise("+1d 09:00:00")
        .run();
    assertEquals(Map.of(SessionStatus.UNAUDITED, 3L), statuses(out));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EngineConfig.DEFAULT.withUnauditedAfter(0));
    assertEquals("unaudited_after 0: expected >= 1", e.getMessage());
  }

  @Test
  void otherHostsAreUnaffected() {
    Consumer<Scenario> quiet = s -> networkLogons(s, 20, FIRST);
    Scenario s = new Scenario().host("SRV01");
    quiet.accept(s);
    s.host("WS02").logon("08:00:00", 0x5000, 3, "bob").logoff("08:01:00", 0x5000)
        .logon("08:02:00", 0x5001, 3, "bob")
        .host("SRV01").noise("+1d 09:00:00").host("WS02").noise("+1d 09:00:00");
    List<SessionEvent> out = s.run();
    assertEquals(20, out.stream().filter(e -> e.host().equals("srv01")
        && e.status() == SessionStatus.UNAUDITED).count());
    assertEquals(SessionStatus.LEAKED, out.stream().filter(e -> e.logonId() == 0x5001)
        .findFirst().orElseThrow().status());
  }

  @Test
  void auditStateSurvivesSaveAndRestore() throws Exception {
    // SRV01 decided unaudited, WS02 audited by one logoff; both restored from bytes
    Scenario before = networkLogons(new Scenario().host("SRV01"), 20, FIRST)
        .host("WS02").logon("08:00:00", 0x5000, 3, "bob").logoff("08:01:00", 0x5000);
    SessionEngine first = new SessionEngine(EngineConfig.DEFAULT, e -> {});
    before.events().forEach(first::accept);
    first.flush();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    EngineState.write(first, new java.io.DataOutputStream(bytes));
    List<SessionEvent> out = new ArrayList<>();
    SessionEngine second = EngineState.read(EngineConfig.DEFAULT, out::add,
        new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(AuditState.LOGOFF_UNAUDITED, second.auditState("srv01"));
    assertEquals(AuditState.LOGOFF_AUDITED, second.auditState("ws02"));
    assertEquals(Map.of("srv01", 20L), second.unauditedHosts());

    // after the restart WS02 opens 25 sessions and never logs off again: still audited, leaks
    Scenario after = networkLogons(new Scenario().host("WS02"), 25, 0x30000)
        .noise("+1d 09:00:00").host("SRV01").noise("+1d 09:00:00");
    List<SecurityEvent> later = new ArrayList<>();
    for (SecurityEvent e : after.events()) { // record ids after those of the first run
      later.add(SecurityEvent.builder().host(e.host()).channel("Security")
          .recordId(e.recordId() + 1000).timeMillis(e.timeMillis()).eventCode(e.eventCode())
          .logonId(e.logonId()).logonType(e.logonType()).user(e.user()).domain(e.domain())
          .userSid(e.userSid()).build());
    }
    later.forEach(second::accept);
    second.finish();
    assertEquals(25, out.stream().filter(e -> e.host().equals("ws02")
        && e.status() == SessionStatus.LEAKED).count());
    assertEquals(20, out.stream().filter(e -> e.host().equals("srv01")
        && e.status() == SessionStatus.UNAUDITED).count());
  }
}
