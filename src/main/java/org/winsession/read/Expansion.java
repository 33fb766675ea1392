package org.winsession.read;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.ReadLimits.Limit;

/**
 * The decompression budget of one input: the bytes decompressed by every container in it, at
 * every nesting level, against {@link Limit#MAX_EXPANDED_BYTES}, and each compressed stream (a
 * gzip stream, a zip member) against {@link Limit#MAX_EXPANSION_RATIO}. A stream past its ratio
 * ends there (that member only); once the input's budget is spent every stream of the input ends
 * ({@link #spent}). Not thread-safe.
 */
final class Expansion {
  /**
   * Output below which no ratio is judged: a small member may compress extremely well (a few
   * hundred bytes of gzip holding a kilobyte of repeated lines) without being a bomb.
   */
  static final long RATIO_FLOOR = 1L << 20;

  private final ReadLimits limits;
  private long expanded;
  private boolean spent;

  Expansion(ReadLimits limits) {
    this.limits = limits;
  }

  /** True once the input decompressed more than {@link Limit#MAX_EXPANDED_BYTES}. */
  boolean spent() {
    return spent;
  }

  /**
   * A decompressed stream, metered; {@code compressed} counts the compressed bytes it consumed.
   * It ends, instead of failing, where its compressed data is damaged or cut off, or where a limit
   * is passed; {@link Stream#report} then says so.
   */
  Stream meter(InputStream decompressed, java.util.function.LongSupplier compressed) {
    return new Stream(decompressed, compressed);
  }

  /** Counts the bytes read through it (the compressed side of a stream). */
  static final class Counted extends FilterInputStream {
    private long count;

    Counted(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      count += c < 0 ? 0 : 1;
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count += Math.max(n, 0);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long k = super.skip(n);
      count += Math.max(k, 0);
      return k;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  /** One metered decompressed stream. */
  /**
   * Skips up to {@code n} bytes of {@code stream} by reading them through its own {@code read}, so
   * that a metered or bounded stream counts what is skipped (a filter's {@code skip} would pass it
   * to the stream below, unseen). Returns the bytes skipped, fewer only at the end of the stream.
   */
  static long skipByReading(InputStream stream, long n) throws IOException {
    byte[] buf = new byte[(int) Math.max(0, Math.min(n, 8192))];
    long done = 0;
    while (done < n) {
      int k = stream.read(buf, 0, (int) Math.min(buf.length, n - done));
      if (k < 0) {
        break;
      }
      done += k;
    }
    return done;
  }

  final class Stream extends FilterInputStream {
    private final java.util.function.LongSupplier compressed;
    private long delivered;
    private String damage;
    private Limit hit;
    private long ratio;

    private Stream(InputStream in, java.util.function.LongSupplier compressed) {
      super(in);
      this.compressed = compressed;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (damage != null || hit != null || spent) {
        return -1;
      }
      int n;
      try {
        n = super.read(b, off, len);
      } catch (EOFException | ZipException e) {
        damage = String.valueOf(e.getMessage());
        return -1;
      }
      if (n <= 0) {
        return n;
      }
      delivered += n;
      expanded += n;
      if (expanded > limits.get(Limit.MAX_EXPANDED_BYTES)) {
        spent = true;
        hit = Limit.MAX_EXPANDED_BYTES;
        return -1;
      }
      long in = Math.max(1, compressed.getAsLong());
      if (delivered > RATIO_FLOOR && delivered / in > limits.get(Limit.MAX_EXPANSION_RATIO)) {
        hit = Limit.MAX_EXPANSION_RATIO;
        ratio = delivered / in;
        return -1;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return skipByReading(this, n);
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    /** The limit this stream passed, or null. */
    Limit hit() {
      return hit;
    }

    /** Bytes delivered before the stream ended. */
    long delivered() {
      return delivered;
    }

    /** True when the stream ended early: damaged, cut off or past a limit. */
    boolean stopped() {
      return hit != null || damage != null || spent;
    }

    /**
     * Reports how the stream ended when that was not its true end: a limit passed is a rejected
     * record of kind {@link RejectKind#CONTAINER} naming the limit (what was left is lost); damage
     * or a cut is a warning (everything before it was delivered).
     *
     * @param what what the stream is, e.g. "gzip stream" or "zip member 'a.xml'"
     */
    void report(String source, String what, EventSink sink) {
      if (hit == Limit.MAX_EXPANDED_BYTES) {
        sink.rejected(new RejectedRecord(source, delivered, -1, SecurityEvent.NO_RECORD_ID,
            RejectKind.CONTAINER, limits.refusal(hit, "bytes decompressed from the input", -1)
                + ": the rest of the input is not read (" + what + " stopped after " + delivered
                + " bytes)", ""));
      } else if (hit == Limit.MAX_EXPANSION_RATIO) {
        sink.rejected(new RejectedRecord(source, delivered, -1, SecurityEvent.NO_RECORD_ID,
            RejectKind.CONTAINER, limits.refusal(hit, "expansion ratio of a " + what, ratio)
                + ": the rest of it is not read (stopped after " + delivered + " bytes)", ""));
      } else if (damage != null) {
        sink.warning(new RejectedRecord(source, delivered, -1, SecurityEvent.NO_RECORD_ID,
            RejectKind.CONTAINER, what + " ends early or is damaged after " + delivered
                + " decompressed bytes (" + damage + "): what came before was read", ""));
      }
    }
  }
}
