package org.winsession.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import org.winsession.event.RejectedRecord;
import org.winsession.read.EventSink;

/**
 * Runs a line reader over the same bytes at buffer sizes down to one byte and through streams
 * that return one byte, or a random few, per call, and holds every run to the run at the default
 * size: the same events in the same order, the same rejected records at the same places.
 */
public final class Boundaries {
  private Boundaries() {}

  /** A reader with its frame's starting buffer size as a parameter (package-private in each). */
  @FunctionalInterface
  public interface SizedReader {
    void read(InputStream in, String source, EventSink sink, int bufferBytes) throws IOException;
  }

  /** Buffer sizes every reader is run at: a few bytes up to the default. */
  public static final int[] SIZES = {1, 2, 3, 5, 8, 13, 64, 1 << 16};

  /** How the bytes arrive. */
  public enum Feed { WHOLE, ONE_BYTE, RANDOM_FEW }

  /**
   * A stream that returns at most one byte per call whatever the caller asks ({@code ONE_BYTE}),
   * or a random 1 to 7 ({@code RANDOM_FEW}), and claims nothing is available.
   */
  public static InputStream feed(byte[] data, Feed feed, long seed) {
    ByteArrayInputStream in = new ByteArrayInputStream(data);
    if (feed == Feed.WHOLE) {
      return in;
    }
    Random random = new Random(seed);
    return new InputStream() {
      @Override
      public int read() {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        return in.read(b, off, feed == Feed.ONE_BYTE ? 1 : Math.min(len, 1 + random.nextInt(7)));
      }

      @Override
      public int available() {
        return 0;
      }
    };
  }

  /** One run's output. */
  public static CollectingSink run(SizedReader reader, byte[] data, Feed feed, int size) {
    CollectingSink sink = new CollectingSink();
    try {
      reader.read(feed(data, feed, size * 31L + feed.ordinal()), "test", sink, size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink;
  }

  /**
   * Runs {@code reader} over {@code data} at every size of {@link #SIZES} and every feed, each
   * run equal to the run of a whole stream at the default size, which is returned.
   *
   * @param sizes the buffer sizes to try (tests of big inputs pass fewer)
   */
  public static CollectingSink sameAtEveryBoundary(SizedReader reader, byte[] data, int... sizes) {
    CollectingSink reference = run(reader, data, Feed.WHOLE, 1 << 16);
    for (int size : sizes.length == 0 ? SIZES : sizes) {
      for (Feed feed : Feed.values()) {
        CollectingSink got = run(reader, data, feed, size);
        String where = "buffer " + size + ", " + feed;
        assertTrue(reference.events.equals(got.events), where + ": events differ ("
            + got.events.size() + " vs " + reference.events.size() + ")");
        assertEquals(places(reference.rejected), places(got.rejected), where);
      }
    }
    return reference;
  }

  /** Where each rejected record was and why: what must not depend on read boundaries. */
  public static List<String> places(List<RejectedRecord> rejected) {
    return rejected.stream().map(r -> r.line() + "@" + r.byteOffset() + " " + r.kind() + " "
        + r.reason()).toList();
  }
}
