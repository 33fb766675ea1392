package org.winsession.session;

import java.util.ArrayList;
import java.util.List;

/**
 * Open-addressing map from a LUID to the session held for it on one host and boot: no boxing and
 * no entry objects, about 20 bytes a session. Not thread-safe. LUID 0 is never a key.
 */
final class LuidMap {
  private long[] keys = new long[8];
  private Session[] values = new Session[8];
  private int size;

  int size() {
    return size;
  }

  Session get(long luid) {
    int mask = keys.length - 1;
    for (int i = slot(luid, mask); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == luid) {
        return values[i];
      }
      if (k == 0) {
        return null;
      }
    }
  }

  /** Puts or replaces the session of a LUID. */
  void put(long luid, Session s) {
    if ((size + 1) * 4 > keys.length * 3) {
      resize(keys.length * 2);
    }
    int mask = keys.length - 1;
    for (int i = slot(luid, mask); ; i = (i + 1) & mask) {
      if (keys[i] == luid) {
        values[i] = s;
        return;
      }
      if (keys[i] == 0) {
        keys[i] = luid;
        values[i] = s;
        size++;
        return;
      }
    }
  }

  /** Removes a LUID's entry (backward-shift deletion keeps probes short without tombstones). */
  void remove(long luid) {
    int mask = keys.length - 1;
    int i = slot(luid, mask);
    while (keys[i] != luid) {
      if (keys[i] == 0) {
        return;
      }
      i = (i + 1) & mask;
    }
    int gap = i;
    for (int j = (gap + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
      int home = slot(keys[j], mask);
      if (((j - home) & mask) >= ((j - gap) & mask)) {
        keys[gap] = keys[j];
        values[gap] = values[j];
        gap = j;
      }
    }
    keys[gap] = 0;
    values[gap] = null;
    size--;
  }

  /** Every held session, in no particular (but deterministic) order. */
  List<Session> values() {
    List<Session> out = new ArrayList<>(size);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        out.add(values[i]);
      }
    }
    return out;
  }

  void clear() {
    keys = new long[8];
    values = new Session[8];
    size = 0;
  }

  private void resize(int capacity) {
    long[] oldKeys = keys;
    Session[] oldValues = values;
    keys = new long[capacity];
    values = new Session[capacity];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int slot(long luid, int mask) {
    long h = luid * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
