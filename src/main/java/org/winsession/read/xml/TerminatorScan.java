package org.winsession.read.xml;

/**
 * Finds the terminator of a comment, CDATA section, processing instruction or tag ({@code -->},
 * {@code ]]>}, {@code ?>}, {@code >}), remembering for each the span of input positions already
 * known not to start it. A construct that never ends is then scanned once, not once for every
 * record that begins inside it: without this, input made of {@code <Event><!--} repeated would
 * rescan up to the record bound for each of its records. Positions are absolute input offsets, so
 * the memory survives the buffer moving. Not thread-safe.
 */
final class TerminatorScan {
  private static final String[] TERMINATORS = {"-->", "]]>", "?>", ">"};

  private final long[] clearFrom = new long[TERMINATORS.length];
  private final long[] clearTo = new long[TERMINATORS.length];
  private long scanned;

  /** Forgets every span (a new input). */
  void reset() {
    java.util.Arrays.fill(clearFrom, 0);
    java.util.Arrays.fill(clearTo, 0);
    scanned = 0;
  }

  /** Bytes examined so far, for tests of the bound on rescanning. */
  long scanned() {
    return scanned;
  }

  /**
   * The index in {@code b} of the first {@code end} starting at or after {@code p} and ending
   * before {@code limit}, or -1.
   *
   * @param base the absolute input offset of {@code b[0]}
   * @param end one of {@code -->}, {@code ]]>}, {@code ?>} or {@code >}
   */
  int indexOf(byte[] b, int p, int limit, long base, String end) {
    int k = slot(end);
    int n = end.length();
    long abs = base + p;
    int i = p;
    boolean inside = abs >= clearFrom[k] && abs <= clearTo[k];
    if (inside && clearTo[k] > abs) {
      i = (int) Math.min(limit, clearTo[k] - base); // positions before clearTo start no terminator
    }
    byte first = (byte) end.charAt(0);
    int last = limit - n;
    int from = i;
    for (; i <= last; i++) {
      if (b[i] == first && matches(b, i, end)) {
        scanned += i - from;
        return i;
      }
    }
    int stop = Math.max(i, from);
    scanned += stop - from;
    long newTo = base + Math.max(stop, p);
    if (inside) {
      clearTo[k] = Math.max(clearTo[k], newTo);
    } else {
      clearFrom[k] = abs;
      clearTo[k] = newTo;
    }
    return -1;
  }

  private static boolean matches(byte[] b, int i, String s) {
    for (int k = 1; k < s.length(); k++) {
      if (b[i + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int slot(String end) {
    for (int k = 0; k < TERMINATORS.length; k++) {
      if (TERMINATORS[k].equals(end)) {
        return k;
      }
    }
    throw new IllegalArgumentException(end);
  }
}
