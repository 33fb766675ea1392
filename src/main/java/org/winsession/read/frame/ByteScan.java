package org.winsession.read.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte searches eight bytes at a time (SWAR: SIMD within a register). */
public final class ByteScan {
  private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long ONES = 0x0101010101010101L;

  private ByteScan() {}

  /** The little-endian word of the eight bytes at {@code b[i]}. */
  public static long word(byte[] b, int i) {
    return (long) WORDS.get(b, i);
  }

  /** The high bit of each byte of {@code v} that is zero, and of no other (exact: no borrow). */
  public static long zeroBytes(long v) {
    return ~(((v & LOW7) + LOW7) | v | LOW7);
  }

  /** The index of the first {@code target} in {@code b[from .. to)}, or {@code to}. */
  public static int indexOf(byte[] b, int from, int to, byte target) {
    long pattern = (target & 0xFFL) * ONES;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long hits = zeroBytes(word(b, i) ^ pattern);
      if (hits != 0) {
        return i + (Long.numberOfTrailingZeros(hits) >>> 3);
      }
    }
    while (i < to && b[i] != target) {
      i++;
    }
    return i;
  }
}
