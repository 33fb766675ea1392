package org.winsession.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;

/**
 * The regular files of a tar stream (ustar, pax and GNU headers), one at a time, streamed: a
 * member is a bounded view of the archive, drained to its end before the next header is read. Pax
 * and GNU long-name headers are skipped. A header that fails its checksum or whose size is no
 * number is reported with its byte offset, and reading resumes at the next block that is a valid
 * header, so damage costs the member it is in, never the members after it; the stream is read to
 * its end, past end-of-archive blocks (zero padding, or the end of a tar inside a damaged member). Sizes are checked, so a
 * hostile header cannot make the reader allocate or skip without bound. Not thread-safe.
 */
final class TarEntries {
  private static final int BLOCK = 512;
  private static final long MAX_SIZE = 1L << 40;
  private final InputStream in;
  private final String source;
  private final EventSink sink;
  private Member current;
  private boolean truncated;
  private long position;

  TarEntries(InputStream in, String source, EventSink sink) {
    this.in = in;
    this.source = source;
    this.sink = sink;
  }

  /** A regular file's name and contents. */
  record Entry(String name, InputStream contents) {}

  /** The next regular file, or null at the end of the archive (or where it is cut off). */
  Entry next() throws IOException {
    if (current != null) {
      current.drain();
      skipFully(padding(current.size));
      current = null;
    }
    long damagedAt = -1;
    String damage = null;
    boolean ended = false; // past end-of-archive blocks: what follows is read only if a header
    while (true) {
      long at = position;
      byte[] h = readBlock();
      if (h.length < BLOCK) {
        truncated = h.length > 0 && !ended || truncated;
        if (damage != null) {
          lostUntil(damagedAt, damage, at + h.length);
        }
        return null;
      }
      if (allZero(h)) {
        // end-of-archive blocks, or the end of a tar that was inside a damaged member: the
        // stream is read on to its end, so that no member after them is lost
        ended = damage == null;
        continue;
      }
      String problem = headerProblem(h);
      if (problem != null) {
        if (damage == null && !ended) {
          damagedAt = at;
          damage = problem;
        }
        continue; // look for the next valid header, one block at a time
      }
      ended = false;
      if (damage != null) {
        lostUntil(damagedAt, damage, at);
        damage = null;
      }
      long size = size(h);
      byte type = h[156];
      String name = text(h, 345, 155).isEmpty() ? text(h, 0, 100)
          : text(h, 345, 155) + "/" + text(h, 0, 100);
      if (type == '0' || type == 0 || type == '7') {
        current = new Member(size);
        return new Entry(name, current);
      }
      skipFully(size + padding(size)); // directories, links, pax and GNU headers
    }
  }

  /** True when the archive ended inside a header or member. */
  boolean truncated() {
    return truncated;
  }

  static boolean isTar(byte[] head, int n) {
    return n >= 263 && head[257] == 'u' && head[258] == 's' && head[259] == 't'
        && head[260] == 'a' && head[261] == 'r';
  }

  private void lostUntil(long from, String why, long to) {
    sink.rejected(new RejectedRecord(source, from, -1, SecurityEvent.NO_RECORD_ID,
        RejectKind.CONTAINER, "tar header at byte " + from + ": " + why + "; its member is not"
            + " read, reading resumes at the next header" + (to > from ? " (" + (to - from)
            + " bytes skipped)" : ""), ""));
  }

  /** Why a block is no usable header (bad magic, checksum or size), or null. */
  private static String headerProblem(byte[] h) {
    if (!isTar(h, BLOCK)) {
      return "no ustar header (expected 'ustar' at byte 257)";
    }
    String stored = text(h, 148, 8).strip();
    long sum = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = i >= 148 && i < 156 ? ' ' : h[i];
      sum += b & 0xFF;
      signed += b;
    }
    long expected;
    try {
      expected = Long.parseLong(stored, 8);
    } catch (NumberFormatException e) {
      return "checksum field '" + printable(stored) + "' is no octal number";
    }
    if (expected != sum && expected != signed) {
      return "checksum " + Long.toOctalString(expected) + " does not match the header's ("
          + Long.toOctalString(sum) + ")";
    }
    if ((h[124] & 0x80) != 0) {
      long v = 0;
      for (int i = 125; i < 136; i++) {
        v = v << 8 | (h[i] & 0xFF);
        if (v > MAX_SIZE) {
          return "member size past 1 TiB";
        }
      }
      return null;
    }
    String octal = text(h, 124, 12).strip();
    if (!octal.isEmpty() && !octal.matches("[0-7]{1,12}")) {
      return "size field '" + printable(octal) + "' is no octal number";
    }
    return null;
  }

  /** The member size of a header {@link #headerProblem} accepted. */
  private static long size(byte[] h) {
    if ((h[124] & 0x80) != 0) { // base-256 for large members
      long v = 0;
      for (int i = 125; i < 136; i++) {
        v = v << 8 | (h[i] & 0xFF);
      }
      return v;
    }
    String octal = text(h, 124, 12).strip();
    return octal.isEmpty() ? 0 : Math.min(MAX_SIZE, Long.parseLong(octal, 8));
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }

  private static long padding(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private byte[] readBlock() throws IOException {
    byte[] h = in.readNBytes(BLOCK);
    position += h.length;
    return h;
  }

  private void skipFully(long n) throws IOException {
    while (n > 0) {
      long skipped = in.skip(n);
      if (skipped <= 0) {
        if (in.read() < 0) {
          truncated = true;
          return;
        }
        skipped = 1;
      }
      position += skipped;
      n -= skipped;
    }
  }

  private static String text(byte[] h, int from, int len) {
    int end = from;
    while (end < from + len && h[end] != 0) {
      end++;
    }
    return new String(h, from, end - from, StandardCharsets.UTF_8);
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  /** The bytes of one member; closing it leaves the archive open. */
  private final class Member extends FilterInputStream {
    final long size;
    private long left;

    Member(long size) {
      super(TarEntries.this.in);
      this.size = size;
      this.left = size;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int c = super.read();
      if (c < 0) {
        truncated = true;
        left = 0;
        return -1;
      }
      left--;
      position++;
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        truncated = true;
        left = 0;
        return -1;
      }
      left -= n;
      position += n;
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return Expansion.skipByReading(this, n);
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    void drain() throws IOException {
      long n = left;
      left = 0;
      skipFully(n);
    }

    @Override
    public void close() {
      // the archive stays open for the next member
    }
  }
}
