package org.winsession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.winsession.emit.SessionJson;
import org.winsession.event.SecurityEvent;

/**
 * The engine's structures stay consistent ({@link SessionEngine#checkInvariants()} after every
 * event), every session event is one row of the {@link Transition} table, a save and restore
 * anywhere changes nothing, and §4.1 holds: on seeded random streams ({@link RandomEvents}) with
 * small caps and windows, so eviction, reordering and leak deadlines happen often.
 */
class EngineInvariantsTest {
  private static final int EVENTS = 4000;

  private static EngineConfig config(long seed) {
    Random r = new Random(seed * 31);
    return EngineConfig.DEFAULT
        .withLeakAfter(Duration.ofHours(6 + r.nextInt(30)))
        .withLeakAfterByType(r.nextBoolean() ? Map.of(3, Duration.ofHours(2)) : Map.of())
        .withMaxOpenSessions(20 + r.nextInt(200))
        .withReorderWindow(new int[] {0, 3, 50, 100_000}[r.nextInt(4)])
        .withEmitOpen(r.nextBoolean())
        .withUnauditedAfter(1 + r.nextInt(12));
  }

  /** Which row of the transition table an emitted event is, or null if none. */
  private static Transition row(SessionEvent e) {
    for (Transition t : Transition.values()) {
      if (t.status == e.status() && t.endReason == e.endReason()
          && t.leakReason == e.leakReason() && t.confidence == e.confidence()
          && t.lateLogoff == e.lateLogoff() && t.leak() == e.leak()) {
        return t;
      }
    }
    return null;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void invariantsHoldAfterEveryEvent_andEveryEventIsATransition(long seed) {
    List<SecurityEvent> events = RandomEvents.generate(seed, 5, EVENTS);
    List<SessionEvent> out = new ArrayList<>();
    SessionEngine engine = new SessionEngine(config(seed), out::add);
    for (int i = 0; i < events.size(); i++) {
      engine.accept(events.get(i));
      try {
        engine.checkInvariants();
      } catch (IllegalStateException e) {
        throw new AssertionError("seed " + seed + ", after event " + i + " " + events.get(i)
            + ": " + e.getMessage(), e);
      }
    }
    engine.flush();
    engine.checkInvariants();
    engine.finish();
    engine.checkInvariants();
    Set<Transition> seen = EnumSet.noneOf(Transition.class);
    for (SessionEvent e : out) {
      Transition t = row(e);
      assertNotNull(t, () -> "not a row of the transition table: " + SessionJson.toJson(e));
      seen.add(t);
      if (t.endAt == Transition.EndAt.NONE) {
        assertEquals(SessionEvent.NONE, e.endTime(), SessionJson.toJson(e));
      }
      if (t.endAt == Transition.EndAt.LOGOFF) {
        assertEquals(e.logoffTime(), e.endTime(), SessionJson.toJson(e));
      }
    }
    assertTrue(out.size() > 500, "sessions emitted: " + out.size());
    assertTrue(seen.size() >= 8, "rows exercised: " + seen);
  }

  @Test
  void aBrokenStructure_isNamed() {
    SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT, e -> {});
    RandomEvents.generate(1, 3, 300).forEach(engine::accept);
    engine.flush();
    engine.checkInvariants();
    HostState h = engine.hostsByName().stream().filter(x -> x.sessions.size() > 0).findFirst()
        .orElseThrow();
    Session s = h.sessions.values().get(0);
    s.set(Session.F_HELD, false);
    IllegalStateException e = assertThrows(IllegalStateException.class, engine::checkInvariants);
    assertTrue(e.getMessage().startsWith("engine invariant broken: session 0x")
        && e.getMessage().contains("of host " + h.name + " is in the session map but not marked"
            + " held"), e.getMessage());
    s.set(Session.F_HELD, true);
    engine.checkInvariants();
    long saved = s.deadline;
    s.deadline = s.heapIndex >= 0 ? Long.MAX_VALUE : 5;
    assertThrows(IllegalStateException.class, engine::checkInvariants);
    s.deadline = saved;
    engine.checkInvariants();
  }

  private static byte[] write(SessionEngine engine) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EngineState.write(engine, new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  private static SessionEngine read(EngineConfig c, List<SessionEvent> out, byte[] state)
      throws IOException {
    return EngineState.read(c, out::add, new DataInputStream(new ByteArrayInputStream(state)));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14})
  void saveAndRestoreAnywhere_changesNothing(long seed) throws IOException {
    List<SecurityEvent> events = RandomEvents.generate(seed, 4, 2500);
    EngineConfig c = config(seed).withMaxOpenSessions(1_000_000);
    Random r = new Random(seed);
    for (int round = 0; round < 3; round++) {
      int cut = r.nextInt(events.size());
      // both engines flush at the cut, so they process the same events in the same order
      List<SessionEvent> once = new ArrayList<>();
      SessionEngine whole = new SessionEngine(c, once::add);
      events.subList(0, cut).forEach(whole::accept);
      whole.flush();
      events.subList(cut, events.size()).forEach(whole::accept);
      whole.finish();

      List<SessionEvent> twice = new ArrayList<>();
      SessionEngine first = new SessionEngine(c, twice::add);
      events.subList(0, cut).forEach(first::accept);
      first.flush();
      byte[] state = write(first);
      SessionEngine second = read(c, twice, state);
      second.checkInvariants();
      byte[] again = write(second);
      assertEquals(-1, java.util.Arrays.mismatch(state, again),
          "a restored engine writes the same bytes (" + state.length + " and " + again.length
              + ")");
      for (String host : List.of("ws10", "ws11", "srv12", "ws13")) {
        assertEquals(first.auditState(host), second.auditState(host), host);
      }
      assertEquals(first.unauditedHosts(), second.unauditedHosts());
      events.subList(cut, events.size()).forEach(e -> {
        second.accept(e);
        second.checkInvariants();
      });
      second.finish();
      assertEquals(json(once), json(twice), "seed " + seed + " cut at " + cut);
    }
  }

  private static List<String> json(List<SessionEvent> events) {
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(SessionJson.toJson(e)));
    return out;
  }

  /**
   * §4.1 on the random fleet: hosts that audit logoffs never emit {@code unaudited}; a host that
   * writes none emits no rule 2 leak once it has emitted {@code unaudited}, and ends decided.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {21, 22, 23, 24})
  void hostsWithoutLogoffAudit_stopLeakingOnceDecided_othersNeverUnaudited(long seed) {
    List<SecurityEvent> events = RandomEvents.generate(seed, 6, EVENTS);
    EngineConfig c = config(seed).withMaxOpenSessions(1_000_000);
    List<SessionEvent> out = new ArrayList<>();
    SessionEngine engine = new SessionEngine(c, out::add);
    events.forEach(engine::accept);
    engine.finish();
    Map<String, Boolean> decided = new HashMap<>();
    long unaudited = 0;
    for (SessionEvent e : out) {
      boolean audits = e.host().startsWith("ws");
      if (e.status() == SessionStatus.UNAUDITED) {
        assertFalse(audits, () -> "an auditing host emitted " + SessionJson.toJson(e));
        decided.put(e.host(), true);
        unaudited++;
      }
      if (!audits && e.leakReason() == LeakReason.NO_LOGOFF_PAST_THRESHOLD) {
        assertFalse(decided.getOrDefault(e.host(), false),
            () -> "a rule 2 leak after the host was decided: " + SessionJson.toJson(e));
      }
    }
    assertTrue(unaudited > 0, "the stream has undecided hosts passing deadlines");
    for (String host : List.of("srv12", "srv15")) {
      assertEquals(AuditState.LOGOFF_UNAUDITED, engine.auditState(host), host);
      assertTrue(engine.unauditedHosts().containsKey(host), host);
    }
    for (String host : List.of("ws10", "ws11", "ws13", "ws14")) {
      assertEquals(AuditState.LOGOFF_AUDITED, engine.auditState(host), host);
    }
  }

  /** The table itself says what SESSIONS.md §4-§5 say, row by row. */
  @Test
  void transitionTable_isTheContractsTable() {
    Set<SessionStatus> statuses = EnumSet.noneOf(SessionStatus.class);
    Set<String> rows = new java.util.HashSet<>();
    for (Transition t : Transition.values()) {
      statuses.add(t.status);
      assertTrue(rows.add(t.status + " " + t.endReason + " " + t.leakReason + " " + t.confidence
          + " " + t.lateLogoff), "two rows emit the same fields: " + t);
      assertEquals(t.status == SessionStatus.LEAKED, t.leak(), t.name());
      assertEquals(t.status == SessionStatus.OPEN, t.confidence == null, t.name());
      assertEquals(t.endReason == EndReason.LOGOFF, t.confidence == Confidence.HIGH, t.name());
      assertEquals(t.endReason == EndReason.USER_LOGOFF || t.endReason == EndReason.SHUTDOWN,
          t.confidence == Confidence.MEDIUM, t.name());
      assertEquals(t.endReason == EndReason.LOGOFF, t.endAt == Transition.EndAt.LOGOFF, t.name());
      if (t.lateLogoff) {
        assertTrue(t.endReason == EndReason.LOGOFF && !t.leak(), t.name());
      }
      if (t.endAt == Transition.EndAt.NONE) {
        assertTrue(t.endReason == null || t.endReason == EndReason.SUPERSEDED
            || t.endReason == EndReason.EVICTED, t.name());
      }
    }
    assertEquals(EnumSet.allOf(SessionStatus.class), statuses, "every status has a row");
    assertEquals(SessionStatus.UNAUDITED, Transition.UNAUDITED.status);
    assertEquals(Confidence.LOW, Transition.UNAUDITED.confidence);
    assertFalse(Transition.UNAUDITED.leak());
    assertEquals(null, Transition.UNAUDITED.endReason);
  }
}
