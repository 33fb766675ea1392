package org.winsession.session;

/**
 * Shares equal strings between sessions (user names, domains, SIDs, addresses repeat across
 * thousands of sessions), so held state costs a reference per field instead of a copy. A
 * direct-mapped cache: one hash and one comparison a lookup, no allocation; a slot holds the last
 * string that hashed to it, so rare strings may not be shared, which costs memory, never
 * correctness. Not thread-safe.
 */
final class StringPool {
  private static final int SLOTS = 1 << 16;
  private final String[] slots = new String[SLOTS];

  String intern(String s) {
    if (s == null) {
      return null;
    }
    int h = s.hashCode();
    int i = (h ^ (h >>> 16)) & (SLOTS - 1);
    String have = slots[i];
    if (have != null && (have == s || have.equals(s))) {
      return have;
    }
    slots[i] = s;
    return s;
  }
}
