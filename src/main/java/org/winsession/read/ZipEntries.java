package org.winsession.read;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;

/**
 * The members of a zip stream, one at a time, streamed from their local headers (stored and
 * deflated, zip64 sizes, data descriptors). Unlike {@link java.util.zip.ZipInputStream}, damage
 * costs only the member it is in: a member whose data is damaged, cut off, encrypted, of an
 * unknown compression method or past a decompression limit is reported and skipped, and reading
 * resumes at the next local header (found by its compressed size, or else by its signature).
 * Deflated members are metered by the input's {@link Expansion}. Not thread-safe.
 */
final class ZipEntries {
  private static final int LOCAL = 0x04034b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int END = 0x06054b50;
  private static final int END64 = 0x06064b50;
  private static final int DESCRIPTOR = 0x08074b50;
  private static final int MAX_NAME_CHARS = 255;

  private final Counting in;
  private final String source;
  private final EventSink sink;
  private final Expansion expansion;
  private final Inflater inflater = new Inflater(true);
  private final byte[] chunk = new byte[8192];
  private Member current;
  private boolean atHeader = true;

  ZipEntries(InputStream in, String source, EventSink sink, Expansion expansion) {
    this.in = new Counting(in);
    this.source = source;
    this.sink = sink;
    this.expansion = expansion;
  }

  /** A member: its name, whether it is a directory, and its (decompressed) contents. */
  record Entry(String name, boolean directory, InputStream contents) {}

  /**
   * The next member, or null at the central directory, the end of the stream or once the input's
   * decompression budget is spent.
   */
  Entry next() throws IOException {
    if (current != null) {
      finish(current);
      current = null;
    }
    while (!expansion.spent()) {
      long at = in.position();
      boolean resyncing = !atHeader;
      int sig = atHeader ? signature() : resync(at);
      atHeader = true;
      if (sig == DESCRIPTOR) {
        atHeader = false; // the descriptor of a member that was skipped
        continue;
      }
      if (sig != LOCAL) {
        if (sig == 0 && !resyncing && in.position() > at) {
          sink.warning(new RejectedRecord(source, at, -1, SecurityEvent.NO_RECORD_ID,
              RejectKind.CONTAINER, "zip archive cut off in the local header at byte " + at
                  + ": every member before it was read", ""));
        } else if (sig != CENTRAL && sig != END && sig != END64 && sig != 0) {
          lost(at, in.position(), "no zip header at byte " + at + " (found 0x"
              + Integer.toHexString(sig) + ")");
          atHeader = false;
          continue;
        }
        return null;
      }
      byte[] h = in.readNBytes(26);
      if (h.length < 26) {
        sink.warning(new RejectedRecord(source, at, -1, SecurityEvent.NO_RECORD_ID,
            RejectKind.CONTAINER, "zip archive cut off in the local header at byte " + at
                + ": every member before it was read", ""));
        return null;
      }
      int flags = u16(h, 2);
      int method = u16(h, 4);
      long crc = u32(h, 10);
      long csize = u32(h, 14);
      long usize = u32(h, 18);
      byte[] nameBytes = in.readNBytes(u16(h, 22));
      byte[] extra = in.readNBytes(u16(h, 24));
      String name = new String(nameBytes, StandardCharsets.UTF_8);
      name = name.length() > MAX_NAME_CHARS ? name.substring(0, MAX_NAME_CHARS) + "\u2026" : name;
      if (csize == 0xFFFFFFFFL || usize == 0xFFFFFFFFL) {
        long[] sizes = zip64(extra, usize == 0xFFFFFFFFL, csize == 0xFFFFFFFFL);
        usize = sizes[0] >= 0 ? sizes[0] : usize;
        csize = sizes[1] >= 0 ? sizes[1] : csize;
      }
      boolean descriptor = (flags & 8) != 0;
      boolean sized = !descriptor || csize > 0 || method == 0;
      String problem = (flags & 1) != 0 ? "encrypted"
          : method != 0 && method != 8 ? "compressed with method " + method
              + " (this version reads stored and deflated members)"
          : method == 0 && descriptor && csize == 0 ? "stored without a size" : null;
      if (problem != null) {
        long start = in.position();
        if (sized) {
          in.skipFully(csize);
        } else {
          atHeader = false;
        }
        lost(at, sized ? in.position() : start, "zip member '" + name + "' at byte " + at
            + " is " + problem + ": not read");
        continue;
      }
      Member m = new Member(name, at, method == 8, descriptor, sized ? csize : -1, crc);
      current = m;
      InputStream contents = m;
      if (m.deflated) {
        m.metered = expansion.meter(m, m::compressedRead);
        contents = m.metered;
      }
      return new Entry(name, name.endsWith("/"), new Unclosed(contents));
    }
    return null;
  }

  /** Moves past what is left of a member, and reports how it ended. */
  private void finish(Member m) throws IOException {
    Expansion.Stream metered = m.metered;
    if (metered == null || m.sized()) {
      m.skipRest(); // stored, or sized: no need to inflate what nobody reads
    } else if (!metered.stopped()) {
      metered.skip(Long.MAX_VALUE); // inflated to find its end, within the limits
    }
    boolean limited = metered != null && metered.hit() != null;
    if (limited) {
      metered.report(source + "!" + m.name, "zip member", sink);
    }
    if (m.complete) {
      in.stopRecording();
      return;
    }
    if (m.sized()) {
      in.skipFully(m.compressedSize - m.used);
    } else {
      in.rewind(m.dataStart + 1); // where it can, rescan all of the member's bytes
      atHeader = false; // the next header is found by its signature
    }
    if (!limited && m.damage != null) {
      lost(m.at, -1, "zip member '" + m.name + "' at byte " + m.at + ": " + m.damage
          + "; the rest of the member is not read, the members after it are");
    }
  }

  private int signature() throws IOException {
    byte[] s = in.readNBytes(4);
    return s.length < 4 ? 0 : (int) u32(s, 0);
  }

  /** Skips to the next zip signature (PK, 1..6) and reads it; 0 at the end of the stream. */
  private int resync(long from) throws IOException {
    byte[] buf = new byte[8192];
    int keep = 0;
    while (true) {
      int n = in.read(buf, keep, buf.length - keep);
      if (n < 0) {
        return 0;
      }
      int len = keep + n;
      for (int i = 0; i + 4 <= len; i++) {
        if (buf[i] == 'P' && buf[i + 1] == 'K') {
          int sig = (int) u32(buf, i);
          if (sig == LOCAL || sig == CENTRAL || sig == END || sig == END64) {
            in.unread(buf, i + 4, len - i - 4);
            return sig;
          }
        }
      }
      keep = Math.min(3, len);
      System.arraycopy(buf, len - keep, buf, 0, keep);
    }
  }

  /** A rejected record for archive bytes that were skipped unread. */
  private void lost(long from, long to, String why) {
    sink.rejected(new RejectedRecord(source, from, -1, SecurityEvent.NO_RECORD_ID,
        RejectKind.CONTAINER, why + (to > from ? " (" + (to - from) + " bytes skipped)" : ""),
        ""));
  }

  /** {@code [uncompressed, compressed]} from a zip64 extra field, -1 where absent. */
  private static long[] zip64(byte[] extra, boolean hasU, boolean hasC) {
    long[] out = {-1, -1};
    for (int p = 0; p + 4 <= extra.length; ) {
      int id = u16(extra, p);
      int len = u16(extra, p + 2);
      if (id == 1) {
        int q = p + 4;
        if (hasU && q + 8 <= extra.length) {
          out[0] = u64(extra, q);
          q += 8;
        }
        if (hasC && q + 8 <= extra.length) {
          out[1] = u64(extra, q);
        }
        return out;
      }
      p += 4 + len;
    }
    return out;
  }

  private static int u16(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
  }

  private static long u32(byte[] b, int p) {
    return (u16(b, p) | (long) u16(b, p + 2) << 16) & 0xFFFFFFFFL;
  }

  private static long u64(byte[] b, int p) {
    return u32(b, p) | u32(b, p + 4) << 32;
  }

  /** One member's bytes: stored ones as they are, deflated ones inflated; CRC checked. */
  private final class Member extends InputStream {
    final String name;
    final long at;
    final boolean deflated;
    final boolean descriptor;
    final long compressedSize;
    final long crc;
    final CRC32 check = new CRC32();
    final long dataStart;
    Expansion.Stream metered;
    long used;
    long produced;
    boolean complete;
    String damage;
    private int chunkLen;

    Member(String name, long at, boolean deflated, boolean descriptor, long compressedSize,
        long crc) {
      this.name = name;
      this.at = at;
      this.deflated = deflated;
      this.descriptor = descriptor;
      this.compressedSize = compressedSize;
      this.crc = crc;
      this.dataStart = in.position();
      if (deflated) {
        inflater.reset();
        if (compressedSize < 0) {
          in.record(); // damage found late is rescanned from the member's start
        }
      }
    }

    boolean sized() {
      return compressedSize >= 0;
    }

    long compressedRead() {
      return used;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (complete || damage != null) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      return deflated ? inflate(b, off, len) : stored(b, off, len);
    }

    private int stored(byte[] b, int off, int len) throws IOException {
      if (used >= compressedSize) {
        end();
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, compressedSize - used));
      if (n < 0) { // ends here, as a decompressed member would; finish() reports it
        fail(new EOFException("cut off after " + used + " of " + compressedSize + " bytes"));
        return -1;
      }
      used += n;
      produced += n;
      check.update(b, off, n);
      return n;
    }

    private int inflate(byte[] b, int off, int len) throws IOException {
      while (true) {
        int n;
        try {
          n = inflater.inflate(b, off, len);
        } catch (DataFormatException e) {
          throw fail(new ZipException("deflate data damaged (" + e.getMessage() + ")"));
        }
        if (n > 0) {
          produced += n;
          check.update(b, off, n);
          return n;
        }
        if (inflater.finished()) {
          int rest = inflater.getRemaining();
          in.unread(chunk, chunkLen - rest, rest);
          used -= rest;
          end();
          return -1;
        }
        if (inflater.needsDictionary()) {
          throw fail(new ZipException("deflate data asks for a preset dictionary"));
        }
        long want = sized() ? Math.min(chunk.length, compressedSize - used) : chunk.length;
        int k = want <= 0 ? -1 : in.read(chunk, 0, (int) want);
        if (k < 0) {
          throw fail(new EOFException("deflate data cut off after " + used + " bytes"));
        }
        chunkLen = k;
        used += k;
        inflater.setInput(chunk, 0, k);
      }
    }

    /** The member's data ended: read its data descriptor, check its CRC. */
    private void end() throws IOException {
      complete = true;
      long expected = crc;
      if (descriptor) {
        byte[] d = in.readNBytes(24);
        int p = d.length >= 4 && u32(d, 0) == DESCRIPTOR ? 4 : 0;
        boolean wide = d.length >= p + 20 && u64(d, p + 4) == used && u64(d, p + 12) == produced;
        int len = p + (wide ? 20 : 12);
        if (d.length >= p + 4) {
          expected = u32(d, p);
        }
        if (d.length > len) {
          in.unread(d, len, d.length - len);
        }
      }
      if (check.getValue() != expected && !sized()) {
        complete = false; // the end found may not be this member's: rescan from its start
        damage = "fails its CRC check (0x" + Long.toHexString(check.getValue()) + ", expected 0x"
            + Long.toHexString(expected) + ")";
      } else if (check.getValue() != expected) {
        sink.warning(new RejectedRecord(source + "!" + name, produced, -1,
            SecurityEvent.NO_RECORD_ID, RejectKind.CONTAINER, "zip member '" + name
                + "' fails its CRC check (0x" + Long.toHexString(check.getValue())
                + ", expected 0x" + Long.toHexString(expected) + "): its data may be damaged",
            ""));
      }
    }

    private IOException fail(IOException e) {
      damage = e.getMessage();
      return e;
    }

    /** Skips the rest of a sized member without decompressing it. */
    void skipRest() throws IOException {
      if (complete || damage != null) {
        return;
      }
      if (!deflated) {
        byte[] buf = new byte[8192];
        try {
          while (read(buf, 0, buf.length) >= 0) {
            // stored: read through to check the CRC and reach the descriptor
          }
        } catch (EOFException e) {
          // cut off: recorded as the member's damage
        }
        return;
      }
      in.skipFully(compressedSize - used);
      used = compressedSize;
      complete = true;
      if (descriptor) {
        byte[] d = in.readNBytes(4);
        int len = d.length == 4 && u32(d, 0) == DESCRIPTOR ? 16 : 12;
        in.unread(d, 0, d.length);
        in.skipFully(len);
      }
    }
  }

  /**
   * The archive's bytes with their position, room to push back what inflating overread, and a
   * bounded recording of a member's bytes so that damage found late can be rescanned.
   */
  private static final class Counting extends InputStream {
    private static final int MAX_RECORDING = 4 << 20;
    private final InputStream in;
    private byte[] back = new byte[0];
    private int backPos;
    private long position;
    private byte[] rec;
    private int recLen;
    private long recStart;

    Counting(InputStream in) {
      this.in = in;
    }

    /** Bytes of the archive consumed so far. */
    long position() {
      return position;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n;
      if (backPos < back.length) {
        n = Math.min(len, back.length - backPos);
        System.arraycopy(back, backPos, b, off, n);
        backPos += n;
      } else {
        n = in.read(b, off, len);
        if (n < 0) {
          return -1;
        }
      }
      position += n;
      if (rec != null) {
        if (recLen + n > MAX_RECORDING) {
          rec = null;
        } else {
          if (recLen + n > rec.length) {
            rec = java.util.Arrays.copyOf(rec, Math.max(recLen + n, rec.length * 2));
          }
          System.arraycopy(b, off, rec, recLen, n);
          recLen += n;
        }
      }
      return n;
    }

    /** Puts back the last {@code len} bytes read (they are read again next). */
    void unread(byte[] b, int off, int len) {
      if (len <= 0) {
        return;
      }
      byte[] rest = java.util.Arrays.copyOfRange(back, backPos, back.length);
      back = new byte[len + rest.length];
      System.arraycopy(b, off, back, 0, len);
      System.arraycopy(rest, 0, back, len, rest.length);
      backPos = 0;
      position -= len;
      if (rec != null) {
        recLen = Math.max(0, recLen - len);
      }
    }

    /** Keeps what is read from here on (up to 4 MiB), for {@link #rewind}. */
    void record() {
      rec = new byte[8192];
      recLen = 0;
      recStart = position;
    }

    /** Goes back to {@code to}, within what was recorded; false when it cannot. */
    boolean rewind(long to) {
      byte[] r = rec;
      rec = null;
      if (r == null || to < recStart || position - recStart != recLen || to > position) {
        return false;
      }
      int from = (int) (to - recStart);
      unread(r, from, recLen - from);
      return true;
    }

    void stopRecording() {
      rec = null;
    }

    void skipFully(long n) throws IOException {
      Expansion.skipByReading(this, n);
    }
  }

  /** A member view whose close leaves the archive open. */
  private static final class Unclosed extends java.io.FilterInputStream {
    Unclosed(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // the archive stays open for the next member
    }
  }
}
