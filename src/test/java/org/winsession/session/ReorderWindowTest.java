package org.winsession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.winsession.emit.SessionJson;
import org.winsession.event.SecurityEvent;
import org.winsession.testing.Scenario;

/**
 * SESSIONS.md §2: each host restores its own record order within a window of its own events,
 * whatever the other hosts send meanwhile, and the output is a function of the input order.
 */
class ReorderWindowTest {

  /**
   * Host A's four events in order, then host B's four newest first: B's logoff before its logon.
   * With one window of four for all hosts, B's logoff left when it arrived (A's four filled the
   * window): an orphan logoff, and B's session open at the end.
   */
  private static List<SecurityEvent> hostAThenHostBNewestFirst() {
    Scenario s = new Scenario()
        .host("A").logon("08:00:00", 0xa1, 3, "alice").noise("08:01:00").noise("08:01:30")
        .logoff("08:02:00", 0xa1)
        .host("B").logon("09:00:00", 0xb1, 2, "bob").noise("09:01:00").noise("09:02:00")
        .logoff("09:03:00", 0xb1);
    List<SecurityEvent> all = new ArrayList<>(s.events());
    Collections.reverse(all.subList(4, 8));
    return all;
  }

  @Test
  void aHostsNewestFirstEvents_arePairedWithinItsOwnWindow_afterAnotherHostsEvents() {
    List<SessionEvent> out = new Scenario()
        .config(EngineConfig.DEFAULT.withReorderWindow(4))
        .run(hostAThenHostBNewestFirst());
    assertEquals(List.of("a closed", "b closed"),
        out.stream().map(e -> e.host() + " " + e.status().wireName()).toList());
    assertEquals(0xb1, out.get(1).logonId());
  }

  @Test
  void theBoundOnAllHosts_releasesTheHostWhoseEventsArrivedFirst() {
    // four events held in all: A's leave first as B's arrive, B keeps its four and pairs them
    List<SessionEvent> out = new Scenario()
        .config(EngineConfig.DEFAULT.withReorderWindow(4).withMaxHeldEvents(4))
        .run(hostAThenHostBNewestFirst());
    assertEquals(List.of("a closed", "b closed"),
        out.stream().map(e -> e.host() + " " + e.status().wireName()).toList());
    // nothing held at all: B's logoff is processed as it arrives, before its logon
    List<SessionEvent> none = new Scenario()
        .config(EngineConfig.DEFAULT.withReorderWindow(4).withMaxHeldEvents(0))
        .run(hostAThenHostBNewestFirst());
    assertEquals(List.of("a closed", "b orphan_logoff", "b open"),
        none.stream().map(e -> e.host() + " " + e.status().wireName()).toList());
  }

  /**
   * The property: on random multi-host streams whose hosts' events arrive shuffled within the
   * window (reversed blocks, jitter, or in order), hosts interleaved at random or one after the
   * other, every host's session events are those of the sorted stream, in the same order; and the
   * engine's structures hold after every event.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void shuffledWithinEachHostsWindow_givesTheSessionsOfTheSortedStream(long seed) {
    Random r = new Random(seed);
    int window = 1 + r.nextInt(40);
    int hosts = 2 + r.nextInt(6);
    Map<String, List<SecurityEvent>> byHost = sortedPerHost(seed, hosts);
    EngineConfig c = EngineConfig.DEFAULT.withReorderWindow(window)
        .withMaxHeldEvents(hosts * window).withMaxOpenSessions(1_000_000).withEmitOpen(true);

    List<List<SecurityEvent>> sorted = new ArrayList<>(byHost.values());
    List<List<SecurityEvent>> shuffled = new ArrayList<>();
    for (List<SecurityEvent> mine : sorted) {
      shuffled.add(shuffleWithin(mine, window, r));
    }
    boolean oneAfterTheOther = r.nextBoolean();
    Map<String, List<String>> expected = perHost(c, interleave(sorted, oneAfterTheOther, r), false);
    Map<String, List<String>> actual = perHost(c, interleave(shuffled, oneAfterTheOther, r), true);
    assertEquals(expected.keySet(), actual.keySet());
    for (String host : expected.keySet()) {
      assertEquals(expected.get(host), actual.get(host),
          "seed " + seed + ", window " + window + ", host " + host);
    }
    assertTrue(expected.values().stream().mapToInt(List::size).sum() > 100,
        "sessions: " + expected.values().stream().mapToInt(List::size).sum());
  }

  @Test
  void theSameInput_givesTheSameBytes_andTheBoundDecidesAcrossHostsDeterministically() {
    Random r = new Random(99);
    Map<String, List<SecurityEvent>> byHost = sortedPerHost(99, 6);
    List<List<SecurityEvent>> shuffled = new ArrayList<>();
    for (List<SecurityEvent> mine : byHost.values()) {
      shuffled.add(shuffleWithin(mine, 30, r));
    }
    List<SecurityEvent> input = interleave(shuffled, false, r);
    EngineConfig c = EngineConfig.DEFAULT.withReorderWindow(30).withMaxHeldEvents(50)
        .withMaxOpenSessions(40);
    assertEquals(json(c, input), json(c, input));
  }

  @Test
  void brokenWindowAccounting_isNamed() {
    SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT.withReorderWindow(4),
        e -> { });
    hostAThenHostBNewestFirst().forEach(engine::accept);
    engine.checkInvariants();
    HostState b = engine.hostsByName().get(1);
    assertEquals(4, b.waiting, "B holds its four events");
    b.staleArrivals++;
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class, engine::checkInvariants);
    assertTrue(e.getMessage().contains("host b has 4 entries in the arrival queue for 4 held"
        + " events and 1 released ones"), e.getMessage());
    b.staleArrivals--;
    b.waiting++;
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        engine::checkInvariants);
    assertTrue(e.getMessage().contains("host b holds 4 events for record order but counts 5"),
        e.getMessage());
  }

  private static List<String> json(EngineConfig c, List<SecurityEvent> input) {
    List<String> out = new ArrayList<>();
    SessionEngine engine = new SessionEngine(c, e -> out.add(SessionJson.toJson(e)));
    input.forEach(engine::accept);
    engine.finish();
    return out;
  }

  /**
   * {@link RandomEvents} reduced to what record order alone decides: one channel, every event
   * with a record id, no repeats; per normalized host, in record order.
   */
  private static Map<String, List<SecurityEvent>> sortedPerHost(long seed, int hosts) {
    Map<String, List<SecurityEvent>> out = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (SecurityEvent e : RandomEvents.generate(seed, hosts, 3000)) {
      String host = HostNormalization.SHORT.apply(e.host());
      if (e.hasRecordId() && "Security".equals(e.channel()) && seen.add(host + " "
          + e.recordId())) {
        out.computeIfAbsent(host, k -> new ArrayList<>()).add(e);
      }
    }
    out.values().forEach(l -> l.sort(Comparator.comparingLong(SecurityEvent::recordId)));
    return out;
  }

  /** One host's events as they may arrive: in order, newest first in blocks, or jittered. */
  private static List<SecurityEvent> shuffleWithin(List<SecurityEvent> in, int window, Random r) {
    List<SecurityEvent> out = new ArrayList<>(in);
    switch (r.nextInt(3)) {
      case 0 -> { // newest first within blocks of the window's size
        for (int from = 0; from < out.size(); from += window) {
          Collections.reverse(out.subList(from, Math.min(out.size(), from + window)));
        }
      }
      case 1 -> { // each event moved at most window - 1 places later or earlier
        long[] key = new long[out.size()];
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < key.length; i++) {
          key[i] = i + r.nextInt(window);
          idx.add(i);
        }
        idx.sort(Comparator.comparingLong((Integer i) -> key[i]).thenComparingInt(i -> i));
        out.clear();
        idx.forEach(i -> out.add(in.get(i)));
      }
      default -> { } // in order
    }
    return out;
  }

  /** Merges the hosts' streams, each kept in its own order: at random, or host after host. */
  private static List<SecurityEvent> interleave(List<List<SecurityEvent>> streams,
      boolean oneAfterTheOther, Random r) {
    List<SecurityEvent> out = new ArrayList<>();
    if (oneAfterTheOther) {
      streams.forEach(out::addAll);
      return out;
    }
    int[] at = new int[streams.size()];
    List<Integer> live = new ArrayList<>();
    for (int i = 0; i < streams.size(); i++) {
      live.add(i);
    }
    while (!live.isEmpty()) {
      int k = r.nextInt(live.size());
      int i = live.get(k);
      out.add(streams.get(i).get(at[i]++));
      if (at[i] == streams.get(i).size()) {
        live.remove(k);
      }
    }
    return out;
  }

  private static Map<String, List<String>> perHost(EngineConfig c, List<SecurityEvent> input,
      boolean check) {
    Map<String, List<String>> out = new TreeMap<>();
    SessionEngine engine = new SessionEngine(c,
        e -> out.computeIfAbsent(e.host(), k -> new ArrayList<>()).add(SessionJson.toJson(e)));
    for (SecurityEvent e : input) {
      engine.accept(e);
      if (check) {
        engine.checkInvariants();
      }
    }
    engine.finish();
    engine.checkInvariants();
    assertEquals(0, engine.stats().outOfOrder(), "every event restored to its host's order");
    return out;
  }
}
