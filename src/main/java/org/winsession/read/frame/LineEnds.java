package org.winsession.read.frame;

/**
 * The line ends of text, as every text reader numbers its lines: LF, CR LF and a lone CR each end
 * one line ({@link java.io.BufferedReader#readLine()}'s rule). Counted eight bytes at a time.
 */
public final class LineEnds {
  private LineEnds() {}

  /**
   * The line ends in {@code b[from .. to)}: a CR, or an LF not right after a CR.
   *
   * @param afterCr whether the byte before {@code b[from]} (perhaps in an earlier buffer) was a CR,
   *     so that an LF at {@code from} completes a CR LF counted already
   */
  public static long count(byte[] b, int from, int to, boolean afterCr) {
    long n = 0;
    boolean cr = afterCr;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long v = ByteScan.word(b, i);
      long crs = ByteScan.zeroBytes(v ^ 0x0D0D0D0D0D0D0D0DL);
      long lfs = ByteScan.zeroBytes(v ^ 0x0A0A0A0A0A0A0A0AL);
      if ((crs | lfs) != 0) {
        long pairs = (crs << 8 | (cr ? 0x80L : 0L)) & lfs; // LFs ending a CR LF pair
        n += Long.bitCount(crs) + Long.bitCount(lfs) - Long.bitCount(pairs);
      }
      cr = crs < 0; // the word's last byte is a CR
    }
    for (; i < to; i++) {
      byte c = b[i];
      if (c == '\n') {
        if (!cr) {
          n++;
        }
        cr = false;
      } else if (c == '\r') {
        n++;
        cr = true;
      } else {
        cr = false;
      }
    }
    return n;
  }

  /** Whether the byte before {@code b[to]} is a CR, after {@code b[from .. to)} was counted. */
  public static boolean endsInCr(byte[] b, int from, int to, boolean afterCr) {
    return to > from ? b[to - 1] == '\r' : afterCr;
  }
}
