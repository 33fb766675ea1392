package org.winsession.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The regular files of a tar stream (ustar, pax and GNU headers), one at a time, streamed: a
 * member is a bounded view of the archive, drained to its end before the next header is read. Pax
 * and GNU long-name headers are skipped. Sizes are checked, so a hostile header cannot make the
 * reader allocate or skip without bound. Not thread-safe.
 */
final class TarEntries {
  private static final int BLOCK = 512;
  private final InputStream in;
  private Member current;
  private boolean truncated;

  TarEntries(InputStream in) {
    this.in = in;
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
    while (true) {
      byte[] h = in.readNBytes(BLOCK);
      if (h.length < BLOCK) {
        truncated = h.length > 0 || truncated;
        return null;
      }
      if (allZero(h)) {
        return null; // end-of-archive blocks
      }
      long size = size(h);
      byte type = h[156];
      String name = text(h, 345, 155).isEmpty() ? text(h, 0, 100)
          : text(h, 345, 155) + "/" + text(h, 0, 100);
      if (type == '0' || type == 0) {
        current = new Member(in, size);
        return new Entry(name, current);
      }
      skipFully(size + padding(size)); // directories, links, pax and GNU headers
    }
  }

  /** True when the archive ended inside a header. */
  boolean truncated() {
    return truncated;
  }

  static boolean isTar(byte[] head, int n) {
    return n >= 263 && head[257] == 'u' && head[258] == 's' && head[259] == 't'
        && head[260] == 'a' && head[261] == 'r';
  }

  private static long size(byte[] h) throws IOException {
    if ((h[124] & 0x80) != 0) { // base-256 for large members
      long v = 0;
      for (int i = 125; i < 136; i++) {
        v = v << 8 | (h[i] & 0xFF);
        if (v < 0 || v > (1L << 40)) {
          throw new IOException("tar member size past 1 TiB: not a real log");
        }
      }
      return v;
    }
    String octal = text(h, 124, 12).strip();
    if (octal.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(octal, 8);
    } catch (NumberFormatException e) {
      throw new IOException("tar header size '" + octal + "': expected octal digits");
    }
  }

  private static long padding(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
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

    Member(InputStream in, long size) {
      super(in);
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
      return n;
    }

    void drain() throws IOException {
      skipFully(left);
      left = 0;
    }

    @Override
    public void close() {
      // the archive stays open for the next member
    }
  }
}
