package org.winsession.testing;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.Inputs;
import org.winsession.read.ReadLimits;

/** Reads test input through the real readers and collects what comes out. */
public final class Read {
  private Read() {}

  /** How the bytes reach the reader: all at once, or in the short reads real streams make. */
  public enum Shape {
    WHOLE,
    ONE_BYTE_AT_A_TIME,
    RANDOM_CHUNKS
  }

  /** Events and rejected records of one read, in order. */
  public record Result(List<SecurityEvent> events, List<RejectedRecord> rejected) {
    public SecurityEvent only() {
      if (events.size() != 1 || !rejected.isEmpty()) {
        throw new AssertionError("expected exactly one event, got " + events + " and " + rejected);
      }
      return events.get(0);
    }
  }

  public static Result text(String text) {
    return bytes(text.getBytes(StandardCharsets.UTF_8), Shape.WHOLE, ReadLimits.DEFAULT);
  }

  public static Result text(String text, Shape shape) {
    return bytes(text.getBytes(StandardCharsets.UTF_8), shape, ReadLimits.DEFAULT);
  }

  public static Result bytes(byte[] data, Shape shape, ReadLimits limits) {
    try {
      return stream(shaped(new ByteArrayInputStream(data), shape), limits);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Result stream(InputStream in, ReadLimits limits) throws IOException {
    CollectingSink sink = new CollectingSink();
    new Inputs(limits).read(in, "test", sink);
    return new Result(sink.events, sink.rejected);
  }

  /**
   * The stream in this shape. A shaped stream reports nothing {@link InputStream#available()}, so
   * that a {@link java.io.BufferedInputStream} in front of the reader (as {@link Inputs} puts one
   * for sniffing) passes each short read on instead of gathering reads until its buffer is full.
   */
  public static InputStream shaped(InputStream in, Shape shape) {
    if (shape == Shape.WHOLE) {
      return in;
    }
    Random random = new Random(42);
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        return super.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = shape == Shape.ONE_BYTE_AT_A_TIME ? 1 : 1 + random.nextInt(Math.max(1, Math.min(len, 700)));
        return super.read(b, off, Math.min(len, n));
      }

      @Override
      public int available() {
        return 0;
      }
    };
  }
}
