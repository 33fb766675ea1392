package org.winsession.session;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.winsession.event.SecurityEvent;

/**
 * The events of one host and channel waiting to be processed in record-id order. Events that
 * arrive in order (the normal case) append to a run in O(1); others go to a heap. Also keeps the
 * ids already processed, for duplicate detection. Not thread-safe.
 */
final class RecordStream {
  final String channel;
  final RecordIdSet processed = new RecordIdSet();
  long lastReleased = Long.MIN_VALUE;
  private final ArrayDeque<SecurityEvent> run = new ArrayDeque<>();
  private LateHeap late;

  RecordStream(String channel) {
    this.channel = channel;
  }

  int size() {
    return run.size() + (late == null ? 0 : late.size());
  }

  void offer(SecurityEvent e) {
    if (run.isEmpty() || e.recordId() >= run.peekLast().recordId()) {
      run.addLast(e);
    } else {
      if (late == null) {
        late = new LateHeap();
      }
      late.add(e);
    }
  }

  /** The waiting event with the lowest record id, or null. */
  SecurityEvent peek() {
    SecurityEvent a = run.peekFirst();
    SecurityEvent b = late == null ? null : late.peek();
    return b != null && (a == null || b.recordId() < a.recordId()) ? b : a;
  }

  /** Removes and returns the waiting event with the lowest record id, or null. */
  SecurityEvent poll() {
    SecurityEvent a = run.peekFirst();
    SecurityEvent b = late == null ? null : late.peek();
    if (b != null && (a == null || b.recordId() < a.recordId())) {
      return late.poll();
    }
    return run.pollFirst();
  }

  /**
   * The events that arrived behind the run: a binary min-heap on (record id, arrival), its keys in
   * arrays of their own so that sifting compares longs, not events through a comparator. Events
   * with the same record id leave in arrival order.
   */
  private static final class LateHeap {
    private SecurityEvent[] events = new SecurityEvent[16];
    private long[] ids = new long[16];
    private long[] arrivals = new long[16];
    private long arrived;
    private int size;

    int size() {
      return size;
    }

    SecurityEvent peek() {
      return size == 0 ? null : events[0];
    }

    void add(SecurityEvent e) {
      if (size == events.length) {
        int n = size * 2;
        events = Arrays.copyOf(events, n);
        ids = Arrays.copyOf(ids, n);
        arrivals = Arrays.copyOf(arrivals, n);
      }
      long id = e.recordId();
      long arrival = arrived++;
      int i = size++;
      while (i > 0) { // sift up
        int parent = (i - 1) >>> 1;
        if (!before(id, arrival, parent)) {
          break;
        }
        move(parent, i);
        i = parent;
      }
      put(i, e, id, arrival);
    }

    SecurityEvent poll() {
      if (size == 0) {
        return null;
      }
      SecurityEvent first = events[0];
      int last = --size;
      SecurityEvent e = events[last];
      long id = ids[last];
      long arrival = arrivals[last];
      events[last] = null;
      int i = 0;
      int half = size >>> 1;
      while (i < half) { // sift down
        int child = 2 * i + 1;
        int right = child + 1;
        if (right < size && before(ids[right], arrivals[right], child)) {
          child = right;
        }
        if (!before(ids[child], arrivals[child], id, arrival)) {
          break;
        }
        move(child, i);
        i = child;
      }
      if (size > 0) {
        put(i, e, id, arrival);
      }
      return first;
    }

    private boolean before(long id, long arrival, int slot) {
      return before(id, arrival, ids[slot], arrivals[slot]);
    }

    private static boolean before(long id, long arrival, long otherId, long otherArrival) {
      return id < otherId || id == otherId && arrival < otherArrival;
    }

    private void move(int from, int to) {
      events[to] = events[from];
      ids[to] = ids[from];
      arrivals[to] = arrivals[from];
    }

    private void put(int slot, SecurityEvent e, long id, long arrival) {
      events[slot] = e;
      ids[slot] = id;
      arrivals[slot] = arrival;
    }
  }
}
