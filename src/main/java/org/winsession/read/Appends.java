package org.winsession.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.frame.LineEnds;

/**
 * Logs that grow at their end, one record a line, and how a read of what was appended begins
 * where the last read's last complete record ended instead of at the file's first byte.
 *
 * <p>Two shapes qualify, recognized from their first bytes (UTF-8, not in a container): JSON
 * lines (the first character is <code>{</code>), where every LF ends a record, and Windows event
 * XML written one {@code <Event>} element after another with no enclosing element, where an LF
 * that follows {@code </Event>} (and perhaps a CR) ends one. Everything else (exports, CSV, EVTX,
 * EVT, UTF-16, gzip, zip, tar) is read whole again when it changes.
 *
 * <p>A {@link Tracker} watches the bytes of a read as the reader pulls them and keeps where the
 * last record end was and the line number there; a later read of the same file opens it at that
 * offset, and {@link #shifted} gives its rejected records the positions they have in the file.
 */
public final class Appends {
  private static final byte[] EVENT_END = {'<', '/', 'E', 'v', 'e', 'n', 't', '>'};

  private Appends() {}

  /** A shape read again from where its last complete record ended. */
  public enum Kind {
    /** JSON lines: an LF ends a record. */
    JSON_LINES(InputFormat.JSON),
    /** One {@code <Event>} element after another: an LF right after {@code </Event>} ends one. */
    EVENT_XML(InputFormat.XML);

    private final InputFormat format;

    Kind(InputFormat format) {
      this.format = format;
    }

    /** The shape the appended bytes are read in (they are not detected again). */
    public InputFormat format() {
      return format;
    }
  }

  /**
   * The kind of a file from its first {@code n} bytes, or null when it is read whole again each
   * time it changes.
   */
  public static Kind of(byte[] head, int n) {
    int i = 0;
    if (n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB
        && (head[2] & 0xFF) == 0xBF) {
      i = 3; // a UTF-8 BOM, only ever at the start
    }
    while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) {
      i++;
    }
    if (i < n && head[i] == '{') {
      return Kind.JSON_LINES;
    }
    if (i + 7 <= n && head[i] == '<' && head[i + 1] == 'E' && head[i + 2] == 'v'
        && head[i + 3] == 'e' && head[i + 4] == 'n' && head[i + 5] == 't') {
      byte after = head[i + 6];
      if (after == ' ' || after == '>' || after == '\t' || after == '\n' || after == '\r'
          || after == '/') {
        return Kind.EVENT_XML;
      }
    }
    return null;
  }

  /**
   * The sink of a read that began at byte {@code offset} of a file, on line {@code line}: the
   * positions of its rejected records and warnings are made positions in the file.
   */
  public static EventSink shifted(EventSink sink, long offset, long line) {
    if (offset == 0 && line == 1) {
      return sink;
    }
    return new EventSink() {
      @Override
      public void event(SecurityEvent event) {
        sink.event(event);
      }

      @Override
      public void rejected(RejectedRecord record) {
        sink.rejected(shift(record));
      }

      @Override
      public void warning(RejectedRecord notice) {
        sink.warning(shift(notice));
      }

      private RejectedRecord shift(RejectedRecord r) {
        return new RejectedRecord(r.source(), r.byteOffset() < 0 ? r.byteOffset()
            : r.byteOffset() + offset, r.line() < 1 ? r.line() : r.line() + line - 1,
            r.recordId(), r.kind(), r.reason(), r.raw());
      }
    };
  }

  /**
   * The bytes of one read of a file, passed through as the reader pulls them: how many, how many
   * line ends, and where the last record end of the {@link Kind} was. Every byte is seen once
   * (skips are read through), so the counts are exact however the reader pulls.
   */
  public static final class Tracker extends FilterInputStream {
    private final Kind kind;
    private long offset;
    private long line;
    private boolean afterCr;
    private long resumeAt;
    private long resumeLine;
    /** The last bytes before the current buffer, for an end tag cut by a buffer's edge. */
    private final byte[] before = new byte[EVENT_END.length + 1];
    private int beforeCount;

    /**
     * Tracks {@code in}, whose first byte is byte {@code offset} of the file, on line
     * {@code line}; that place is a record end (the file's start or where the last read's last
     * record ended).
     */
    public Tracker(InputStream in, Kind kind, long offset, long line) {
      super(in);
      this.kind = kind;
      this.offset = offset;
      this.line = line;
      this.resumeAt = offset;
      this.resumeLine = line;
    }

    /** The byte offset in the file after the bytes read so far. */
    public long offset() {
      return offset;
    }

    /** The offset just after the last record end read: where a read of what follows begins. */
    public long resumeAt() {
      return resumeAt;
    }

    /** The 1-based line number at {@link #resumeAt()}. */
    public long resumeLine() {
      return resumeLine;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        seen(b, off, off + n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] scratch = new byte[(int) Math.min(n, 8192)];
      long skipped = 0;
      while (skipped < n) {
        int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
        if (r <= 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void seen(byte[] b, int from, int to) {
      int end = lastRecordEnd(b, from, to); // index just after it, or -1
      if (end >= 0) {
        long lines = LineEnds.count(b, from, end, afterCr);
        boolean cr = LineEnds.endsInCr(b, from, end, afterCr);
        resumeAt = offset + (end - from);
        resumeLine = line + lines;
        line += lines + LineEnds.count(b, end, to, cr);
      } else {
        line += LineEnds.count(b, from, to, afterCr);
      }
      afterCr = LineEnds.endsInCr(b, from, to, afterCr);
      offset += to - from;
      int keep = Math.min(before.length, to - from);
      int old = Math.min(beforeCount, before.length - keep);
      System.arraycopy(before, beforeCount - old, before, 0, old);
      System.arraycopy(b, to - keep, before, old, keep);
      beforeCount = old + keep;
    }

    /** The index just after the last record end in {@code b[from .. to)}, or -1. */
    private int lastRecordEnd(byte[] b, int from, int to) {
      for (int i = to - 1; i >= from; i--) {
        if (b[i] != '\n') {
          continue;
        }
        if (kind == Kind.JSON_LINES || endsEvent(b, from, i)) {
          return i + 1;
        }
      }
      return -1;
    }

    /** Whether the bytes before the LF at {@code b[lf]} are {@code </Event>}, perhaps and CR. */
    private boolean endsEvent(byte[] b, int from, int lf) {
      int k = lf - 1; // walks back over the stream's bytes, into the earlier buffer's
      if (at(b, from, k) == '\r') {
        k--;
      }
      for (int j = EVENT_END.length - 1; j >= 0; j--, k--) {
        if (at(b, from, k) != EVENT_END[j]) {
          return false;
        }
      }
      return true;
    }

    /** The stream's byte at index {@code k} of this buffer (negative: the earlier bytes), or 0. */
    private int at(byte[] b, int from, int k) {
      if (k >= from) {
        return b[k];
      }
      int back = from - k; // 1 is the byte just before this buffer
      return back <= beforeCount ? before[beforeCount - back] : 0;
    }
  }
}
