package org.winsession.state;

/**
 * What the modular input read of one file (known by the fingerprint of its head): its size when
 * it was read, and, for a log that grows by whole records ({@link org.winsession.read.Appends}),
 * where a read of what was appended begins.
 *
 * @param size the file's size when it was read; a file of this size is not read again
 * @param resumeAt the byte just after the last complete record read, or {@link #WHOLE} when the
 *     file is read whole again when it changes
 * @param resumeLine the 1-based line number at {@code resumeAt}
 * @param tailHash a hash of the bytes just before {@code resumeAt} ({@link #TAIL_BYTES} of them,
 *     fewer at the file's start), which must be unchanged for the file to be read from there
 */
public record FileRead(long size, long resumeAt, long resumeLine, String tailHash) {
  /** {@link #resumeAt} of a file read whole whenever it changes. */
  public static final long WHOLE = -1;
  /** How many bytes before the resume offset {@link #tailHash} covers. */
  public static final int TAIL_BYTES = 4096;

  /** A file read whole, and read whole again if it changes. */
  public static FileRead whole(long size) {
    return new FileRead(size, WHOLE, 1, "");
  }

  /** Checks the values. */
  public FileRead {
    if (tailHash == null || resumeAt < WHOLE || resumeLine < 1) {
      throw new IllegalArgumentException("file read: resume at " + resumeAt + ", line "
          + resumeLine + ", tail hash " + tailHash);
    }
  }

  /** Whether what is appended to the file can be read from {@link #resumeAt}. */
  public boolean resumable() {
    return resumeAt != WHOLE;
  }
}
