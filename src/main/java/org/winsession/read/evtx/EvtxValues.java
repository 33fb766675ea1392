package org.winsession.read.evtx;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Renders BinXML substitution values as Windows renders them in event XML: strings, integers,
 * {@code 0x}-hex for HexInt32/64 and pointers, upper-case braced GUIDs, {@code S-1-...} SIDs,
 * ISO-8601 UTC times (FILETIME with 7 fraction digits), upper-case hex for binary, arrays joined
 * with ", ". Sizes come from the template instance and are bounds-checked by the caller.
 */
final class EvtxValues {
  static final int NULL = 0x00;
  static final int STRING = 0x01;
  static final int ANSI = 0x02;
  static final int BIN_XML = 0x21;
  static final int ARRAY = 0x80;

  private static final long FILETIME_EPOCH_DIFF = 116_444_736_000_000_000L;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private EvtxValues() {}

  /** The text of a value, or null for a null or empty one. */
  static String render(byte[] b, int type, int off, int size) throws EvtxFormatException {
    if (size == 0 || type == NULL) {
      return null;
    }
    if ((type & ARRAY) != 0) {
      return renderArray(b, type & ~ARRAY, off, size);
    }
    switch (type) {
      case STRING:
        return utf16(b, off, size);
      case ANSI:
        return ansi(b, off, size);
      case 0x03:
        return Integer.toString(b[off]);
      case 0x04:
        return Integer.toString(b[off] & 0xFF);
      case 0x05:
        need(size, 2, type, off);
        return Integer.toString((short) ((b[off] & 0xFF) | b[off + 1] << 8));
      case 0x06:
        need(size, 2, type, off);
        return Integer.toString((b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8);
      case 0x07:
        need(size, 4, type, off);
        return Integer.toString(Bytes.u32(b, off));
      case 0x08:
        need(size, 4, type, off);
        return Long.toString(Bytes.u32(b, off) & 0xFFFFFFFFL);
      case 0x09:
        need(size, 8, type, off);
        return Long.toString(Bytes.u64(b, off));
      case 0x0A:
        need(size, 8, type, off);
        return Long.toUnsignedString(Bytes.u64(b, off));
      case 0x0B:
        need(size, 4, type, off);
        return Float.toString(Float.intBitsToFloat(Bytes.u32(b, off)));
      case 0x0C:
        need(size, 8, type, off);
        return Double.toString(Double.longBitsToDouble(Bytes.u64(b, off)));
      case 0x0D:
        need(size, 4, type, off);
        return Bytes.u32(b, off) != 0 ? "true" : "false";
      case 0x0E:
        return hex(b, off, size);
      case 0x0F:
        need(size, 16, type, off);
        return guid(b, off);
      case 0x10:
        return "0x" + Long.toHexString(size >= 8 ? Bytes.u64(b, off) : Bytes.u32(b, off) & 0xFFFFFFFFL);
      case 0x11:
        need(size, 8, type, off);
        return filetime(Bytes.u64(b, off));
      case 0x12:
        need(size, 16, type, off);
        return systemtime(b, off);
      case 0x13:
        return sid(b, off, size);
      case 0x14:
        need(size, 4, type, off);
        return "0x" + Integer.toHexString(Bytes.u32(b, off));
      case 0x15:
        need(size, 8, type, off);
        return "0x" + Long.toHexString(Bytes.u64(b, off));
      default:
        return hex(b, off, size); // EvtHandle, EvtXml and unknown types: shown as bytes
    }
  }

  static String utf16(byte[] b, int off, int size) {
    int n = size & ~1;
    while (n >= 2 && b[off + n - 2] == 0 && b[off + n - 1] == 0) {
      n -= 2;
    }
    if (n == 0) {
      return "";
    }
    boolean ascii = true;
    for (int i = 0; i < n; i += 2) {
      if (b[off + i + 1] != 0 || b[off + i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      byte[] a = new byte[n / 2];
      for (int i = 0; i < a.length; i++) {
        a[i] = b[off + 2 * i];
      }
      return new String(a, StandardCharsets.ISO_8859_1);
    }
    return new String(b, off, n, StandardCharsets.UTF_16LE);
  }

  private static String ansi(byte[] b, int off, int size) {
    int n = size;
    while (n > 0 && b[off + n - 1] == 0) {
      n--;
    }
    return new String(b, off, n, StandardCharsets.ISO_8859_1);
  }

  static String filetime(long ticks) {
    long sinceEpoch = ticks - FILETIME_EPOCH_DIFF;
    long seconds = Math.floorDiv(sinceEpoch, 10_000_000L);
    long hundredNanos = Math.floorMod(sinceEpoch, 10_000_000L);
    String s = Instant.ofEpochSecond(seconds).toString(); // yyyy-MM-ddTHH:mm:ssZ
    String frac = Long.toString(hundredNanos);
    return s.substring(0, s.length() - 1) + '.' + "0000000".substring(frac.length()) + frac + 'Z';
  }

  private static String systemtime(byte[] b, int off) {
    int[] f = new int[8];
    for (int i = 0; i < 8; i++) {
      f[i] = (b[off + 2 * i] & 0xFF) | (b[off + 2 * i + 1] & 0xFF) << 8;
    }
    return String.format(java.util.Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
        f[0], f[1], f[3], f[4], f[5], f[6], f[7]);
  }

  private static String guid(byte[] b, int off) {
    StringBuilder sb = new StringBuilder(38).append('{');
    hexLe(sb, b, off, 4);
    sb.append('-');
    hexLe(sb, b, off + 4, 2);
    sb.append('-');
    hexLe(sb, b, off + 6, 2);
    sb.append('-');
    for (int i = 8; i < 16; i++) {
      if (i == 10) {
        sb.append('-');
      }
      sb.append(HEX[(b[off + i] >> 4) & 0xF]).append(HEX[b[off + i] & 0xF]);
    }
    return sb.append('}').toString();
  }

  private static void hexLe(StringBuilder sb, byte[] b, int off, int n) {
    for (int i = n - 1; i >= 0; i--) {
      sb.append(HEX[(b[off + i] >> 4) & 0xF]).append(HEX[b[off + i] & 0xF]);
    }
  }

  static String sid(byte[] b, int off, int size) throws EvtxFormatException {
    if (size < 8) {
      throw EvtxFormatException.at(off, "SID of " + size + " bytes: expected at least 8");
    }
    int count = b[off + 1] & 0xFF;
    if (size < 8 + 4 * count) {
      throw EvtxFormatException.at(off, "SID with " + count + " sub-authorities in " + size
          + " bytes");
    }
    long authority = 0;
    for (int i = 2; i < 8; i++) {
      authority = authority << 8 | (b[off + i] & 0xFF);
    }
    StringBuilder sb = new StringBuilder("S-").append(b[off] & 0xFF).append('-').append(authority);
    for (int i = 0; i < count; i++) {
      sb.append('-').append(Bytes.u32(b, off + 8 + 4 * i) & 0xFFFFFFFFL);
    }
    return sb.toString();
  }

  static String hex(byte[] b, int off, int size) {
    char[] c = new char[2 * size];
    for (int i = 0; i < size; i++) {
      c[2 * i] = HEX[(b[off + i] >> 4) & 0xF];
      c[2 * i + 1] = HEX[b[off + i] & 0xF];
    }
    return new String(c);
  }

  private static String renderArray(byte[] b, int type, int off, int size)
      throws EvtxFormatException {
    StringBuilder sb = new StringBuilder();
    if (type == STRING) {
      int start = 0;
      for (int i = 0; i + 1 < size; i += 2) {
        if (b[off + i] == 0 && b[off + i + 1] == 0) {
          append(sb, utf16(b, off + start, i - start));
          start = i + 2;
        }
      }
      if (start < size - 1) {
        append(sb, utf16(b, off + start, size - start));
      }
      return sb.toString();
    }
    int width = fixedWidth(type);
    if (width <= 0) {
      return hex(b, off, size);
    }
    for (int i = 0; i + width <= size; i += width) {
      append(sb, render(b, type, off + i, width));
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, String s) {
    if (sb.length() > 0) {
      sb.append(", ");
    }
    sb.append(s);
  }

  private static int fixedWidth(int type) {
    switch (type) {
      case 0x03: case 0x04: return 1;
      case 0x05: case 0x06: return 2;
      case 0x07: case 0x08: case 0x0B: case 0x0D: case 0x14: return 4;
      case 0x09: case 0x0A: case 0x0C: case 0x11: case 0x15: return 8;
      case 0x0F: case 0x12: return 16;
      default: return 0;
    }
  }

  private static void need(int size, int n, int type, int off) throws EvtxFormatException {
    if (size < n) {
      throw EvtxFormatException.at(off, String.format("value of type 0x%02x has %d bytes:"
          + " expected %d", type, size, n));
    }
  }
}
