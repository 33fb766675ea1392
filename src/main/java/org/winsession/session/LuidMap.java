package org.winsession.session;

import java.util.ArrayList;
import java.util.List;

/**
 * Open-addressing map from a LUID to the session held for it on one host and boot: the table
 * holds only the sessions (each knows its {@link Session#logonId}), no boxing and no entry
 * objects, about 4 to 11 bytes a session. Not thread-safe. LUID 0 is never a key.
 */
final class LuidMap {
  private Session[] table = new Session[8];
  private int size;

  int size() {
    return size;
  }

  Session get(long luid) {
    Session[] t = table;
    int mask = t.length - 1;
    for (int i = slot(luid, mask); ; i = (i + 1) & mask) {
      Session s = t[i];
      if (s == null || s.logonId == luid) {
        return s;
      }
    }
  }

  /** Puts or replaces the session of its LUID. */
  void put(Session s) {
    if ((size + 1) * 4 > table.length * 3) {
      resize(table.length * 2);
    }
    long luid = s.logonId;
    int mask = table.length - 1;
    for (int i = slot(luid, mask); ; i = (i + 1) & mask) {
      Session have = table[i];
      if (have == null) {
        table[i] = s;
        size++;
        return;
      }
      if (have.logonId == luid) {
        table[i] = s;
        return;
      }
    }
  }

  /** Removes a LUID's entry (backward-shift deletion keeps probes short without tombstones). */
  void remove(long luid) {
    Session[] t = table;
    int mask = t.length - 1;
    int i = slot(luid, mask);
    while (t[i] == null || t[i].logonId != luid) {
      if (t[i] == null) {
        return;
      }
      i = (i + 1) & mask;
    }
    int gap = i;
    for (int j = (gap + 1) & mask; t[j] != null; j = (j + 1) & mask) {
      int home = slot(t[j].logonId, mask);
      if (((j - home) & mask) >= ((j - gap) & mask)) {
        t[gap] = t[j];
        gap = j;
      }
    }
    t[gap] = null;
    size--;
  }

  /** Every held session, in no particular (but deterministic) order. */
  List<Session> values() {
    List<Session> out = new ArrayList<>(size);
    for (Session s : table) {
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  void clear() {
    table = new Session[8];
    size = 0;
  }

  private void resize(int capacity) {
    Session[] old = table;
    table = new Session[capacity];
    size = 0;
    for (Session s : old) {
      if (s != null) {
        put(s);
      }
    }
  }

  private static int slot(long luid, int mask) {
    long h = luid * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
