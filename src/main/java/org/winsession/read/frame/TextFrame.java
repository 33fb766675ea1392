package org.winsession.read.frame;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.winsession.read.ReadLimits;

/**
 * The bounded buffer every text reader reads through: refills, byte offsets, line numbers, BOM and
 * encoding, and the record and line bounds of {@link ReadLimits}, in one place.
 *
 * <h2>The window</h2>
 * The frame holds a <em>window</em> {@code buffer()[start() .. end())} of input bytes not yet
 * consumed. {@link #fill()} adds bytes after {@code end()} by exactly one
 * {@link InputStream#read(byte[], int, int)} call, so a short read of the source is a short
 * window: readers see every boundary a real stream makes. Before reading, {@code fill()} moves the
 * window to the front of the buffer (indices change: re-read {@code buffer()}, {@code start()} and
 * {@code end()} after every fill, and keep positions relative to {@code start()}), and doubles the
 * buffer when the window fills it, up to {@link #maxWindow()}: the larger of the initial size and
 * the record and line bounds ({@link ReadLimits.Limit#MAX_RECORD_BYTES},
 * {@link ReadLimits.Limit#MAX_LINE_BYTES}) plus {@link #SLACK} bytes. Memory is thus bounded by
 * the limits, whatever the input.
 *
 * <h2>Two ways to read</h2>
 * <ul>
 *   <li><b>Records</b> (XML): keep the record start pinned at {@code start()} and call
 *       {@code fill()} until the record is complete in the window, then {@link #advance(int)} past
 *       it. The pinned bytes are never discarded; a reader must give up on a record (reject it
 *       with {@link ReadLimits#refusal}) before the window passes its bound, which
 *       {@link #isFull()} tells.
 *   <li><b>Lines</b> (JSON lines, CSV, text): {@link #nextLine()} returns each line as a
 *       {@link Line} view. A line longer than {@link ReadLimits#maxLineBytes()} is returned once
 *       with {@link Line#tooLong()} set and its first bytes, so that the caller rejects it; the
 *       rest of it is then skipped in bounded memory and reading goes on with the next line.
 * </ul>
 * The two may be mixed (e.g. peek at the first bytes, then read lines). A parser that wants a
 * stream (Gson, Commons CSV) reads {@link #asStream()}: the rest of the input, BOM and encoding
 * handled, still one source read per refill.
 *
 * <pre>{@code
 * TextFrame frame = new TextFrame(in, limits);
 * for (TextFrame.Line line; (line = frame.nextLine()) != null; ) {
 *   if (line.tooLong()) {
 *     reject(line.offset(), line.number(), RejectKind.LIMIT,
 *         limits.refusal(ReadLimits.Limit.MAX_LINE_BYTES, "line length", -1));
 *     continue; // the rest of the line is skipped by the frame
 *   }
 *   parse(line.buffer(), line.start(), line.end());
 * }
 * }</pre>
 *
 * <h2>Positions</h2>
 * {@link #offset(int)} is the absolute byte offset of a buffer index and {@link #line()} the
 * 1-based line number at {@code start()}. A line ends at LF, CR LF or a lone CR (as
 * {@link java.io.BufferedReader#readLine()} reads them); a final line without terminator counts,
 * an input ending in a terminator has no empty last line.
 *
 * <h2>BOM and encoding</h2>
 * Readers always see UTF-8. A UTF-8 BOM (EF BB BF) is skipped; offsets are then still the input's
 * own byte offsets (the first byte after the BOM is at offset 3). UTF-16 with a BOM (FF FE or
 * FE FF) is transcoded to UTF-8 as it is read (bad code units become U+FFFD); offsets are then
 * positions in the UTF-8 text the reader sees, the first character after the BOM at offset 0, not
 * positions in the UTF-16 input. Anything else is passed through as it is.
 *
 * <p>Not thread-safe; one frame per input.
 */
public final class TextFrame {
  /** The buffer size of a frame made without one (64 KiB). */
  public static final int DEFAULT_BUFFER_BYTES = 1 << 16;

  /** Bytes the window may hold past the record or line bound, to see what follows it. */
  public static final int SLACK = 64;

  private static final int MAX_ZERO_READS = 1000;

  private InputStream in;
  private final int maxLine;
  private final int maxWindow;
  private byte[] buf;
  private int start;
  private int end;
  private boolean eof;
  private long base; // absolute offset of buf[0]
  private long line = 1; // line number at buf[start]
  private boolean afterCr; // the byte before buf[start] was a CR
  private boolean bomPending = true;
  private int held; // bytes read while the BOM is undecided
  private int zeroReads;

  // line reading
  private final Line view = new Line();
  private boolean skipping; // inside an over-long line already returned
  private int scanned; // bytes after start() known to hold no line terminator

  /** A frame over {@code in} with the default buffer size. */
  public TextFrame(InputStream in, ReadLimits limits) {
    this(in, limits, DEFAULT_BUFFER_BYTES);
  }

  /**
   * A frame over {@code in} whose buffer starts at {@code bufferBytes} (at least 1; tests use a few
   * bytes to move every boundary) and grows up to {@link #maxWindow()}.
   */
  public TextFrame(InputStream in, ReadLimits limits, int bufferBytes) {
    if (bufferBytes < 1) {
      throw new IllegalArgumentException("buffer size " + bufferBytes + ": expected at least 1");
    }
    this.in = Objects.requireNonNull(in, "in");
    this.maxLine = limits.maxLineBytes();
    long bound = Math.max(limits.maxRecordBytes(), (long) maxLine) + SLACK;
    this.maxWindow = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(bufferBytes, bound));
    this.buf = new byte[Math.min(bufferBytes, maxWindow)];
  }

  /** The buffer; its identity changes when it grows, so read it again after {@link #fill()}. */
  public byte[] buffer() {
    return buf;
  }

  /** Index of the first unconsumed byte. */
  public int start() {
    return start;
  }

  /** Index just past the last byte read. */
  public int end() {
    return end;
  }

  /** Bytes in the window. */
  public int available() {
    return end - start;
  }

  /** Whether the input has ended: the window holds all that is left. */
  public boolean atEof() {
    return eof;
  }

  /** The most bytes the window can hold. */
  public int maxWindow() {
    return maxWindow;
  }

  /** Whether the window is at {@link #maxWindow()}: {@link #fill()} cannot add to it. */
  public boolean isFull() {
    return end - start >= maxWindow;
  }

  /** The absolute byte offset of {@code buffer()[index]} (see the class comment for BOMs). */
  public long offset(int index) {
    return base + index;
  }

  /** The 1-based line number of the byte at {@link #start()}. */
  public long line() {
    return line;
  }

  /** The buffer's current capacity (for tests of the bound). */
  int capacity() {
    return buf.length;
  }

  /**
   * Consumes the window up to {@code index} (from {@code start()} to {@code end()}), counting the
   * lines it passes.
   */
  public void advance(int index) {
    if (index < start || index > end) {
      throw new IndexOutOfBoundsException("advance to " + index + " outside [" + start + ", "
          + end + "]");
    }
    if (index > start) {
      countLines(buf, start, index);
    }
    scanned = Math.max(0, scanned - (index - start));
    start = index;
  }

  /** Counts the line ends in {@code b[from .. to)} into {@link #line} and {@link #afterCr}. */
  private void countLines(byte[] b, int from, int to) {
    line += LineEnds.count(b, from, to, afterCr);
    afterCr = LineEnds.endsInCr(b, from, to, afterCr);
  }

  /**
   * Reads more input with one {@link InputStream#read(byte[], int, int)} call, keeping the window
   * (compacted to the front of the buffer, which grows when the window fills it).
   *
   * @return bytes added to the window: 0 when the read brought none (or only part of a BOM or of a
   *     UTF-16 character), -1 when nothing was added because the input ended ({@link #atEof()}
   *     then holds; it may also hold after a fill that added bytes)
   * @throws IllegalStateException when the window is already {@link #isFull() full}: the caller
   *     must consume or give up on what it holds first
   */
  public int fill() throws IOException {
    if (eof) {
      return -1;
    }
    if (bomPending) {
      return fillHead();
    }
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      base += start;
      end -= start;
      start = 0;
    }
    if (end == buf.length) {
      if (buf.length >= maxWindow) {
        throw new IllegalStateException("window full at " + maxWindow + " bytes: consume first");
      }
      buf = Arrays.copyOf(buf, (int) Math.min(maxWindow, Math.max(16L, 2L * buf.length)));
    }
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) {
      eof = true;
      return -1;
    }
    countZero(n);
    end += n;
    return n;
  }

  private void countZero(int n) throws IOException {
    if (n > 0) {
      zeroReads = 0;
    } else if (++zeroReads > MAX_ZERO_READS) {
      throw new IOException("the input returned no bytes " + MAX_ZERO_READS + " times in a row");
    }
  }

  /**
   * Reads the first bytes, holding them back (the window stays empty) until they tell whether a
   * BOM starts the input.
   */
  private int fillHead() throws IOException {
    if (buf.length < 3) {
      buf = Arrays.copyOf(buf, 3);
    }
    int n = in.read(buf, held, buf.length - held);
    if (n < 0) {
      eof = true;
    } else {
      countZero(n);
      held += n;
    }
    int b0 = held > 0 ? buf[0] & 0xFF : -1;
    int b1 = held > 1 ? buf[1] & 0xFF : -1;
    int b2 = held > 2 ? buf[2] & 0xFF : -1;
    boolean utf16 = b0 == 0xFF && b1 == 0xFE || b0 == 0xFE && b1 == 0xFF;
    boolean undecided = held == 0
        || held == 1 && (b0 == 0xEF || b0 == 0xFF || b0 == 0xFE)
        || held == 2 && b0 == 0xEF && b1 == 0xBB;
    if (undecided && !eof) {
      return 0;
    }
    bomPending = false;
    if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
      start = 3; // skipped; offsets stay the input's own
      end = held;
    } else if (utf16) {
      in = new Utf16ToUtf8(in, b0 == 0xFE, buf, 2, held - 2);
      eof = false; // the transcoder still holds the bytes read past the BOM
      start = 0;
      end = 0;
    } else {
      start = 0;
      end = held;
    }
    return end > start ? end - start : eof ? -1 : 0;
  }

  /**
   * The rest of the input as a stream of UTF-8 bytes: the window first, then what each refill
   * brings (one source read per refill, so short reads stay short). Bytes read through it are
   * consumed: offsets and lines follow. Closing it closes nothing.
   */
  public InputStream asStream() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
          return 0;
        }
        while (start == end) {
          if (fill() < 0 && start == end) {
            return -1;
          }
        }
        int n = Math.min(len, end - start);
        System.arraycopy(buf, start, b, off, n);
        advance(start + n);
        return n;
      }

      @Override
      public int available() {
        return end - start;
      }
    };
  }

  /**
   * The next line, or null at the end of input. The line is consumed with its terminator; the
   * view stays valid until the next {@link #fill()} or {@code nextLine()}.
   */
  public Line nextLine() throws IOException {
    while (true) {
      int limit = skipping ? end : Math.min(end, start + maxLine + 1);
      byte[] b = buf;
      int t = terminator(b, start + scanned, limit);
      if (t >= 0) {
        int after = t + 1;
        if (b[t] == '\r') {
          if (after >= end && !eof) {
            if (skipping) {
              advance(t); // what precedes the CR is the over-long line's: let it go
            }
            scanned = t - start; // wait to see whether an LF follows the CR
            fill();
            continue;
          }
          if (after < end && b[after] == '\n') {
            after++;
          }
        }
        if (skipping) {
          skipping = false; // the over-long line ends here
          advance(after);
          scanned = 0;
          continue;
        }
        emit(start, t, false);
        if (t > start) { // no terminator before t: only the last byte's CR matters to advance
          afterCr = false;
          start = t;
        }
        advance(after);
        scanned = 0;
        return view;
      }
      if (skipping) {
        advance(end); // the rest of an over-long line: no terminator in it
        scanned = 0;
        if (eof) {
          skipping = false;
          return null;
        }
        fill();
        continue;
      }
      if (end - start > maxLine) {
        emit(start, start + maxLine, true);
        advance(start + maxLine);
        skipping = true;
        scanned = 0;
        return view;
      }
      if (eof) {
        if (end > start) {
          emit(start, end, false);
          advance(end);
          scanned = 0;
          return view;
        }
        return null;
      }
      scanned = end - start;
      fill();
    }
  }

  private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles
      .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /**
   * The index of the first LF or CR in {@code b[from .. to)}, or -1; eight bytes at a time while
   * none is below 0x0E (both are), then byte by byte.
   */
  static int terminator(byte[] b, int from, int to) {
    int i = from;
    while (true) {
      while (i + 8 <= to) {
        long v = (long) LONGS.get(b, i);
        if (((v - 0x0E0E0E0E0E0E0E0EL) & ~v & 0x8080808080808080L) != 0) {
          break;
        }
        i += 8;
      }
      int stop = Math.min(to, i + 8);
      for (; i < stop; i++) {
        byte c = b[i];
        if (c == '\n' || c == '\r') {
          return i;
        }
      }
      if (i >= to) {
        return -1;
      }
    }
  }

  private void emit(int s, int e, boolean tooLong) {
    view.buf = buf;
    view.start = s;
    view.end = e;
    view.offset = base + s;
    view.number = line;
    view.tooLong = tooLong;
  }

  /**
   * One line of input: {@code buffer()[start() .. end())} without its terminator, with where it
   * was. A view into the frame's buffer, valid until the frame is used again; reused line after
   * line.
   */
  public static final class Line {
    private byte[] buf;
    private int start;
    private int end;
    private long offset;
    private long number;
    private boolean tooLong;

    private Line() {}

    /** The buffer holding the line. */
    public byte[] buffer() {
      return buf;
    }

    /** Index of the line's first byte. */
    public int start() {
      return start;
    }

    /** Index just past its last byte (the terminator excluded). */
    public int end() {
      return end;
    }

    /** Its length in bytes (for an over-long line: of the part held). */
    public int length() {
      return end - start;
    }

    /** The absolute byte offset of its first byte. */
    public long offset() {
      return offset;
    }

    /** Its 1-based line number. */
    public long number() {
      return number;
    }

    /**
     * Whether the line is longer than {@link ReadLimits#maxLineBytes()}: the view holds its first
     * {@code maxLineBytes} bytes and the rest is skipped; reject it with
     * {@code limits.refusal(Limit.MAX_LINE_BYTES, "line length", -1)}.
     */
    public boolean tooLong() {
      return tooLong;
    }

    /** The line decoded as UTF-8 (malformed bytes become U+FFFD). */
    public String text() {
      return new String(buf, start, end - start, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "line " + number + " (byte " + offset + (tooLong ? ", too long" : "") + "): "
          + new String(buf, start, Math.min(end - start, 200), StandardCharsets.UTF_8);
    }
  }
}
