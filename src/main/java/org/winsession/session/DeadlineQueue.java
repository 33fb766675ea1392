package org.winsession.session;

import java.util.Arrays;

/**
 * Min-heap of sessions by {@link Session#deadline}, indexed through {@link Session#heapIndex} so a
 * session that logs off leaves the heap at once (nothing closed stays referenced). Not thread-safe.
 */
final class DeadlineQueue {
  private Session[] heap = new Session[4];
  private int size;

  int size() {
    return size;
  }

  /** The session with the earliest deadline, or null. */
  Session peek() {
    return size == 0 ? null : heap[0];
  }

  void add(Session s) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size + (size >> 1) + 4); // 1.5x: held state is most of the heap
    }
    heap[size] = s;
    s.heapIndex = size;
    size++;
    up(size - 1);
  }

  /** Re-sorts a session whose deadline changed (adds it when not queued). */
  void update(Session s) {
    if (s.heapIndex < 0) {
      add(s);
    } else {
      up(s.heapIndex);
      down(s.heapIndex);
    }
  }

  void remove(Session s) {
    int i = s.heapIndex;
    if (i < 0) {
      return;
    }
    s.heapIndex = -1;
    size--;
    if (i != size) {
      Session last = heap[size];
      heap[i] = last;
      last.heapIndex = i;
      up(i);
      down(last.heapIndex);
    }
    heap[size] = null;
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      heap[i].heapIndex = -1;
    }
    heap = new Session[4];
    size = 0;
  }

  /**
   * What is wrong with the heap, or null: each slot's session knows its slot, and no session's
   * deadline is earlier than its parent's.
   */
  String check() {
    for (int i = 0; i < heap.length; i++) {
      Session s = heap[i];
      if (i >= size) {
        if (s != null) {
          return "slot " + i + " past the size " + size + " still holds a session";
        }
        continue;
      }
      if (s == null) {
        return "slot " + i + " of " + size + " is empty";
      }
      if (s.heapIndex != i) {
        return "the session in slot " + i + " says it is in slot " + s.heapIndex;
      }
      if (i > 0 && heap[(i - 1) >>> 1].deadline > s.deadline) {
        return "slot " + i + " (deadline " + s.deadline + ") is earlier than its parent (deadline "
            + heap[(i - 1) >>> 1].deadline + ")";
      }
    }
    return null;
  }

  private void up(int i) {
    Session s = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      Session p = heap[parent];
      if (p.deadline <= s.deadline) {
        break;
      }
      heap[i] = p;
      p.heapIndex = i;
      i = parent;
    }
    heap[i] = s;
    s.heapIndex = i;
  }

  private void down(int i) {
    Session s = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && heap[right].deadline < heap[child].deadline) {
        child = right;
      }
      if (s.deadline <= heap[child].deadline) {
        break;
      }
      heap[i] = heap[child];
      heap[i].heapIndex = i;
      i = child;
    }
    heap[i] = s;
    s.heapIndex = i;
  }
}
