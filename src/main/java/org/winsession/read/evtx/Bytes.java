package org.winsession.read.evtx;

/** Little-endian reads with bounds checks: a read past {@code limit} names the field. */
final class Bytes {
  private Bytes() {}

  static int u8(byte[] b, int p, int limit, String field) throws EvtxFormatException {
    check(p, 1, limit, field);
    return b[p] & 0xFF;
  }

  static int u16(byte[] b, int p, int limit, String field) throws EvtxFormatException {
    check(p, 2, limit, field);
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
  }

  static int u32(byte[] b, int p, int limit, String field) throws EvtxFormatException {
    check(p, 4, limit, field);
    return u32(b, p);
  }

  static long u64(byte[] b, int p, int limit, String field) throws EvtxFormatException {
    check(p, 8, limit, field);
    return u64(b, p);
  }

  /** Unchecked: the caller has checked {@code p + 4 <= b.length}. */
  static int u32(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
  }

  /** Unchecked: the caller has checked {@code p + 8 <= b.length}. */
  static long u64(byte[] b, int p) {
    return (u32(b, p) & 0xFFFFFFFFL) | ((long) u32(b, p + 4)) << 32;
  }

  static void check(int p, int n, int limit, String field) throws EvtxFormatException {
    if (p < 0 || n < 0 || p > limit - n) {
      throw EvtxFormatException.at(p, field + " (" + n + " bytes) runs past the end of its"
          + " structure at 0x" + Integer.toHexString(limit));
    }
  }
}
