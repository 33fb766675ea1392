package org.winsession.read.frame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.winsession.event.RejectedRecord;
import org.winsession.read.ReadLimits;
import org.winsession.read.ReadLimits.Limit;

/**
 * A record made of lines (a CSV row, a rendered text event), joined with LF, within
 * {@link Limit#MAX_RECORD_BYTES}. Past that bound, or when one of its lines passed
 * {@link Limit#MAX_LINE_BYTES}, the record only keeps its first bytes (for the report) and
 * {@link #refusal()} says why it is to be rejected whole. Reused record after record.
 */
public final class JoinedLines {
  private final ReadLimits limits;
  private final String what;
  private byte[] bytes;
  private int length;
  private String refusal;

  /**
   * @param what the record's length in words, for a refusal, e.g. "row length"
   * @param initialBytes the buffer's first size
   */
  public JoinedLines(ReadLimits limits, String what, int initialBytes) {
    this.limits = limits;
    this.what = what;
    this.bytes = new byte[initialBytes];
  }

  /** Empties the record for the next one. */
  public void clear() {
    length = 0;
    refusal = null;
  }

  /** Adds a line and its LF, within the bounds. */
  public void append(TextFrame.Line l) {
    if (l.tooLong() && refusal == null) {
      refusal = limits.refusal(Limit.MAX_LINE_BYTES, "length of line " + l.number(), -1);
    }
    int n = l.length() + 1;
    if (length + n > limits.maxRecordBytes()) {
      if (refusal == null) {
        refusal = limits.refusal(Limit.MAX_RECORD_BYTES, what, -1);
      }
      n = Math.max(0, Math.min(n, RejectedRecord.MAX_RAW_CHARS - length));
      if (n == 0) {
        return;
      }
    }
    if (length + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(length + n, 2 * bytes.length));
    }
    System.arraycopy(l.buffer(), l.start(), bytes, length, Math.min(n, l.length()));
    if (n > l.length()) {
      bytes[length + l.length()] = '\n';
    }
    length += n;
  }

  /** How many bytes the record holds. */
  public int length() {
    return length;
  }

  /** Why the record is to be rejected whole (a bound it passed), or null. */
  public String refusal() {
    return refusal;
  }

  /** The record's text. */
  public String text() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }
}
