package org.winsession.session;

import java.util.HashMap;

/**
 * Shares equal strings between sessions (user names, domains, SIDs and the like repeat across
 * thousands of sessions), so held state costs a reference per field. Bounded: once it holds
 * {@link #MAX_ENTRIES} strings it starts afresh. Not thread-safe.
 */
final class StringPool {
  static final int MAX_ENTRIES = 1 << 18;
  private HashMap<String, String> map = new HashMap<>();

  String intern(String s) {
    if (s == null) {
      return null;
    }
    String have = map.putIfAbsent(s, s);
    if (have != null) {
      return have;
    }
    if (map.size() > MAX_ENTRIES) {
      map = new HashMap<>();
    }
    return s;
  }
}
