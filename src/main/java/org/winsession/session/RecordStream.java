package org.winsession.session;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import org.winsession.event.SecurityEvent;

/**
 * The events of one host and channel waiting to be processed in record-id order. Events that
 * arrive in order (the normal case) append to a run in O(1); others go to a heap. Also keeps the
 * ids already processed, for duplicate detection. Not thread-safe.
 */
final class RecordStream {
  private static final Comparator<SecurityEvent> BY_RECORD_ID =
      Comparator.comparingLong(SecurityEvent::recordId);

  final String channel;
  final RecordIdSet processed = new RecordIdSet();
  long lastReleased = Long.MIN_VALUE;
  private final ArrayDeque<SecurityEvent> run = new ArrayDeque<>();
  private PriorityQueue<SecurityEvent> late;

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
        late = new PriorityQueue<>(BY_RECORD_ID);
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
}
