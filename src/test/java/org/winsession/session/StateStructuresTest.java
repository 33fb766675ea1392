package org.winsession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.winsession.event.SecurityEvent;

/** The engine's hand-written state structures, each checked against a JDK collection. */
class StateStructuresTest {
  private static final HostState HOST = new HostState("h", new EngineStats.HostStats());

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void luidMap_behavesLikeHashMapUnderRandomPutsAndRemoves(int seed) {
    Random random = new Random(seed);
    LuidMap map = new LuidMap();
    Map<Long, Session> expected = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      // few distinct keys and clustered values: long probe chains, many backward shifts
      long key = 1 + random.nextInt(5_000) * (seed == 3 ? 1024L : 1L);
      if (random.nextInt(3) == 0) {
        map.remove(key);
        expected.remove(key);
      } else {
        Session s = new Session(HOST, key);
        map.put(s);
        expected.put(key, s);
      }
      if (i % 997 == 0) {
        long probe = 1 + random.nextInt(5_000) * (seed == 3 ? 1024L : 1L);
        assertSame(expected.get(probe), map.get(probe));
      }
    }
    assertEquals(expected.size(), map.size());
    for (Map.Entry<Long, Session> e : expected.entrySet()) {
      assertSame(e.getValue(), map.get(e.getKey()));
    }
    assertEquals(expected.size(), map.values().size());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void deadlineQueue_behavesLikePriorityQueueWithRemovalsAndUpdates(int seed) {
    Random random = new Random(seed);
    DeadlineQueue queue = new DeadlineQueue();
    PriorityQueue<Session> expected =
        new PriorityQueue<>(Comparator.comparingLong((Session s) -> s.deadline));
    List<Session> live = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      int op = random.nextInt(10);
      if (op < 5 || live.isEmpty()) {
        Session s = new Session(HOST, i + 1);
        s.deadline = random.nextInt(100_000);
        queue.add(s);
        expected.add(s);
        live.add(s);
      } else if (op < 7) {
        Session s = live.remove(random.nextInt(live.size()));
        queue.remove(s);
        expected.remove(s);
        assertEquals(-1, s.heapIndex);
      } else if (op < 8) {
        Session s = live.get(random.nextInt(live.size()));
        expected.remove(s);
        s.deadline = random.nextInt(100_000);
        queue.update(s);
        expected.add(s);
      } else {
        Session head = queue.peek();
        assertEquals(expected.peek().deadline, head.deadline);
        queue.remove(head);
        expected.remove(head);
        live.remove(head);
      }
      assertEquals(expected.size(), queue.size());
    }
    long last = Long.MIN_VALUE;
    while (queue.peek() != null) {
      Session s = queue.peek();
      assertTrue(s.deadline >= last);
      last = s.deadline;
      queue.remove(s);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void recordIdSet_behavesLikeASetWhileUnderItsCap(int seed) {
    Random random = new Random(seed);
    RecordIdSet set = new RecordIdSet();
    TreeSet<Long> expected = new TreeSet<>();
    long next = 20_000; // contiguous new ids, with random older ones (up to 1,500 gaps) between
    for (int i = 0; i < 100_000; i++) {
      long id = random.nextInt(3) == 0 ? random.nextInt(3_000) : next++;
      assertEquals(expected.add(id), set.add(id), "id " + id);
      assertTrue(set.ranges() < RecordIdSet.MAX_RANGES, "the premise: under the cap");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1})
  void recordIdSet_contiguousIdsAreOneRange_andGapsAreCapped(int unused) {
    RecordIdSet contiguous = new RecordIdSet();
    for (long id = 1; id <= 1_000_000; id++) {
      assertTrue(contiguous.add(id));
    }
    assertEquals(1, contiguous.ranges());
    assertFalse(contiguous.add(500_000));

    RecordIdSet gappy = new RecordIdSet();
    for (long id = 0; id < 3 * RecordIdSet.MAX_RANGES; id++) {
      gappy.add(id * 2); // every other id: a gap each time
    }
    assertEquals(RecordIdSet.MAX_RANGES, gappy.ranges());
    assertTrue(gappy.add(3 * RecordIdSet.MAX_RANGES * 2 - 1), "a recent gap is still known");
    assertFalse(gappy.add(1), "the oldest gaps are forgotten: counted as seen");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void recordIdSet_atItsCap_neverFailsAndNeverForgetsAnIdItAdded(int seed) {
    Random random = new Random(seed);
    RecordIdSet set = new RecordIdSet();
    List<Long> added = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      long id = random.nextInt(4) == 0 ? random.nextInt(100_000) : 2L * i + 1_000_000;
      if (set.add(id)) {
        added.add(id);
      }
      assertTrue(set.ranges() <= RecordIdSet.MAX_RANGES);
    }
    for (long id : added) {
      assertFalse(set.add(id), "id " + id + " was added and must stay seen");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void recordStream_releasesLikeASortedMultisetUnderRandomOffersAndPolls(int seed) {
    Random random = new Random(seed);
    RecordStream stream = new RecordStream("Security");
    PriorityQueue<Long> expected = new PriorityQueue<>();
    long next = 1_000;
    for (int i = 0; i < 200_000; i++) {
      int op = random.nextInt(10);
      if (op < 6) { // mostly in order, sometimes far behind, sometimes a repeat
        long id = op < 4 ? next++ : op == 4 ? next - 1 - random.nextInt(5_000) : next - 1;
        stream.offer(event(id));
        expected.add(id);
      } else {
        SecurityEvent e = stream.poll();
        assertEquals(expected.poll(), e == null ? null : e.recordId());
      }
      assertEquals(expected.size(), stream.size());
      SecurityEvent head = stream.peek();
      assertEquals(expected.peek(), head == null ? null : head.recordId());
    }
    while (!expected.isEmpty()) {
      assertEquals(expected.poll(), stream.poll().recordId());
    }
    assertEquals(null, stream.poll());
  }

  @org.junit.jupiter.api.Test
  void recordStream_eventsOfOneRecordIdBehindTheRun_leaveInArrivalOrder() {
    RecordStream stream = new RecordStream("Security");
    SecurityEvent ahead = event(10);
    SecurityEvent[] late = {event(5), event(5), event(3), event(5)};
    stream.offer(ahead);
    for (SecurityEvent e : late) {
      stream.offer(e);
    }
    assertSame(late[2], stream.poll());
    assertSame(late[0], stream.poll());
    assertSame(late[1], stream.poll());
    assertSame(late[3], stream.poll());
    assertSame(ahead, stream.poll());
  }

  private static SecurityEvent event(long recordId) {
    return SecurityEvent.builder().host("h").channel("Security").recordId(recordId).timeMillis(0)
        .eventCode(4624).logonId(0x3e7).build();
  }
}
