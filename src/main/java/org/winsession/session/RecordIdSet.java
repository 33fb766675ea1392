package org.winsession.session;

import java.util.Arrays;

/**
 * The record ids already processed on one host and channel, as sorted disjoint ranges: contiguous
 * ids (the normal case) cost one range. At most {@link #MAX_RANGES} ranges are kept; past that the
 * two oldest are merged, so an id in a gap older than that many gaps counts as seen. Not thread-safe.
 */
final class RecordIdSet {
  static final int MAX_RANGES = 4096;

  private long[] lo = new long[4];
  private long[] hi = new long[4];
  private int n;

  /** Adds an id; returns false when it was already in the set. */
  boolean add(long id) {
    if (n > 0 && id == hi[n - 1] + 1) { // the common case: the next id
      hi[n - 1] = id;
      return true;
    }
    if (n > 0 && id > hi[n - 1]) {
      insert(n, id);
      return true;
    }
    int i = Arrays.binarySearch(lo, 0, n, id);
    if (i >= 0) {
      return false;
    }
    int at = -i - 1; // first range with lo > id
    if (at > 0 && id <= hi[at - 1]) {
      return false;
    }
    boolean joinsLeft = at > 0 && hi[at - 1] == id - 1;
    boolean joinsRight = at < n && lo[at] == id + 1;
    if (joinsLeft && joinsRight) {
      hi[at - 1] = hi[at];
      System.arraycopy(lo, at + 1, lo, at, n - at - 1);
      System.arraycopy(hi, at + 1, hi, at, n - at - 1);
      n--;
    } else if (joinsLeft) {
      hi[at - 1] = id;
    } else if (joinsRight) {
      lo[at] = id;
    } else {
      insert(at, id);
    }
    return true;
  }

  int ranges() {
    return n;
  }

  /** The ranges as {lows, highs}. */
  long[][] toRanges() {
    return new long[][] {Arrays.copyOf(lo, n), Arrays.copyOf(hi, n)};
  }

  /** Replaces the set with sorted, disjoint ranges. */
  void restore(long[] lows, long[] highs) {
    lo = Arrays.copyOf(lows, Math.max(4, lows.length));
    hi = Arrays.copyOf(highs, Math.max(4, highs.length));
    n = lows.length;
  }

  private void insert(int at, long id) {
    if (n == MAX_RANGES) {
      if (at == 0) { // older than every range kept: it joins the first, over the gap between
        lo[0] = id;
        return;
      }
      hi[0] = hi[1]; // forget the oldest gap
      System.arraycopy(lo, 2, lo, 1, n - 2);
      System.arraycopy(hi, 2, hi, 1, n - 2);
      n--;
      if (at == 1) {
        return; // the id was in that gap: the merged first range now covers it
      }
      at--;
    }
    if (n == lo.length) {
      lo = Arrays.copyOf(lo, n * 2);
      hi = Arrays.copyOf(hi, n * 2);
    }
    System.arraycopy(lo, at, lo, at + 1, n - at);
    System.arraycopy(hi, at, hi, at + 1, n - at);
    lo[at] = id;
    hi[at] = id;
    n++;
  }
}
