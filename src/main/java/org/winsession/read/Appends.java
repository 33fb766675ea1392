package org.winsession.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.frame.ByteScan;
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
    int i = InputFormat.firstSignificant(head, n);
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

  /** How many bytes after a record end {@link #readsOnAt} is given to decide. */
  public static final int LOOK_AHEAD = 1 << 16;

  /**
   * Whether the {@code n} bytes that follow a record end of a file of this kind (up to
   * {@link #LOOK_AHEAD}, fewer at the file's end) are read from there as a read of the whole
   * file reads them. Not when they open with a byte order mark (a read from there would take it
   * for the start of a text, perhaps in UTF-16), nor, in JSON lines, with an array (read as one,
   * which a read of the whole file reads line by line); then the file is read whole.
   */
  public static boolean readsOnAt(Kind kind, byte[] next, int n) {
    if (InputFormat.utf16Bom(next, n) || InputFormat.utf8Bom(next, n)) {
      return false;
    }
    if (kind != Kind.JSON_LINES) {
      return true;
    }
    int i = InputFormat.firstSignificant(next, n);
    // white space to the end is read alike; past the bytes, undecided
    return i < n ? next[i] != '[' : n < LOOK_AHEAD;
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
   *
   * <p>In event XML, {@code </Event>} ends a record only as markup: the tracker follows comments,
   * CDATA sections and processing instructions, so the same bytes inside one of these (which the
   * reader takes as the record's text) end no record. A construct never closed is followed to
   * the end of the read: no record end is found after it, and the next read begins before it
   * (it is read again, never skipped).
   */
  public static final class Tracker extends FilterInputStream {
    private static final byte[] COMMENT_OPEN = {'!', '-', '-'};
    private static final byte[] CDATA_OPEN = {'!', '[', 'C', 'D', 'A', 'T', 'A', '['};
    private static final byte[] EVENT_CLOSE = {'/', 'E', 'v', 'e', 'n', 't', '>'};

    /** Where the markup scan of event XML is: between tags, or inside which construct. */
    private enum Xml { TEXT, MARKUP_START, COMMENT, CDATA, PI, AFTER_EVENT_END }

    private final Kind kind;
    private long offset;
    private long line;
    private boolean afterCr;
    private long resumeAt;
    private long resumeLine;
    private Xml xml = Xml.TEXT;
    /** The bytes after a {@code <} while what they open is not yet told (at most 8). */
    private final byte[] markup = new byte[CDATA_OPEN.length];
    private int markupCount;
    /** Terminator bytes ({@code -}, {@code ]}, {@code ?}, a CR after the end tag) just read. */
    private int closing;
    private final byte[] one = new byte[1];

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
      int end = kind == Kind.JSON_LINES ? lastLf(b, from, to) : lastEventEnd(b, from, to);
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
    }

    /** The index just after the last LF in {@code b[from .. to)}, or -1. */
    private static int lastLf(byte[] b, int from, int to) {
      for (int i = to - 1; i >= from; i--) {
        if (b[i] == '\n') {
          return i + 1;
        }
      }
      return -1;
    }

    /**
     * The index just after the last record end ({@code </Event>} as markup, perhaps a CR, then
     * an LF) in {@code b[from .. to)}, or -1; the markup scan goes on across reads.
     */
    private int lastEventEnd(byte[] b, int from, int to) {
      int end = -1;
      int i = from;
      while (i < to) {
        if (xml == Xml.TEXT) { // most bytes: up to the next '<'
          i = ByteScan.indexOf(b, i, to, (byte) '<');
          int tag = tagSkip(b, i, to);
          if (tag > 0) {
            i += tag;
            continue;
          }
        }
        if (i < to && step(b[i])) {
          end = i + 1;
        }
        i++;
      }
      return end;
    }

    /**
     * How many bytes from the {@code <} at {@code b[i]} the scan may pass over at once: those of
     * a start tag's {@code <} and first byte, or an end tag's {@code </} and first byte other
     * than {@code E} (nothing in a tag ends a record or opens a construct); 0 when the bytes at
     * hand do not tell (the scan then goes byte by byte).
     */
    private static int tagSkip(byte[] b, int i, int to) {
      if (i + 2 >= to) {
        return 0;
      }
      byte next = b[i + 1];
      if (next == '/') {
        byte first = b[i + 2];
        return first != 'E' && first != '<' ? 3 : 0;
      }
      return next != '!' && next != '?' && next != '<' ? 2 : 0;
    }

    /** Moves the markup scan on by {@code c}; true when {@code c} is the LF ending a record. */
    private boolean step(byte c) {
      switch (xml) {
        case TEXT -> {
          if (c == '<') {
            xml = Xml.MARKUP_START;
            markupCount = 0;
          }
        }
        case MARKUP_START -> {
          markup[markupCount++] = c;
          if (markupCount == 1 && c == '?') {
            enter(Xml.PI);
          } else if (is(COMMENT_OPEN)) {
            enter(Xml.COMMENT);
          } else if (is(CDATA_OPEN)) {
            enter(Xml.CDATA);
          } else if (is(EVENT_CLOSE)) {
            enter(Xml.AFTER_EVENT_END);
          } else if (!startOf(COMMENT_OPEN) && !startOf(CDATA_OPEN) && !startOf(EVENT_CLOSE)) {
            // another tag or a declaration: as no tag holds a '<', its attribute values hide
            // no markup, and what follows is scanned as text
            xml = Xml.TEXT;
            return step(c);
          }
        }
        case COMMENT -> closing = until(c, '-', 2);
        case CDATA -> closing = until(c, ']', 2);
        case PI -> closing = until(c, '?', 1);
        case AFTER_EVENT_END -> {
          if (c == '\r' && closing == 0) {
            closing = 1;
          } else {
            xml = Xml.TEXT;
            return c == '\n' || step(c);
          }
        }
        default -> throw new IllegalStateException(xml.name());
      }
      return false;
    }

    private void enter(Xml state) {
      xml = state;
      closing = 0;
    }

    /**
     * How many terminator bytes {@code t} were read in a row up to {@code c}; the construct ends
     * (the scan is back between tags) when {@code >} follows {@code need} of them.
     */
    private int until(byte c, char t, int need) {
      if (c == '>' && closing >= need) {
        xml = Xml.TEXT;
        return 0;
      }
      return c == t ? closing + 1 : 0;
    }

    /** Whether the bytes after the {@code <} are {@code s}. */
    private boolean is(byte[] s) {
      return markupCount == s.length && startOf(s);
    }

    /** Whether the bytes after the {@code <} so far begin {@code s}. */
    private boolean startOf(byte[] s) {
      if (markupCount > s.length) {
        return false;
      }
      for (int k = 0; k < markupCount; k++) {
        if (markup[k] != s[k]) {
          return false;
        }
      }
      return true;
    }
  }
}
