package org.winsession.read;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;

/**
 * Runs a read on a thread of its own while the calling thread hands what it produces to the sink:
 * reading, parsing and normalizing overlap the sink's work (the session engine, the output) on a
 * second core. The sink sees exactly the calls, in exactly the order, that the same read on the
 * calling thread makes, all of them on the calling thread, so nothing downstream changes. At most
 * {@link #BATCHES} batches of {@link #BATCH} records wait between the two threads. A failure of
 * the read reaches the caller after every record read before it; a failure of the sink stops the
 * read and reaches the caller as it was thrown.
 */
final class ReadAhead {
  /** Records handed over at a time. */
  static final int BATCH = 256;
  /** Batches waiting at most. */
  static final int BATCHES = 16;
  /** How long the caller waits for a read it stopped to notice (it checks every 50 ms). */
  private static final long STOP_WAIT_MILLIS = 10_000;

  private static final byte EVENT = 0;
  private static final byte REJECTED = 1;
  private static final byte WARNING = 2;

  /** A read that reports to a sink. */
  @FunctionalInterface
  interface Read {
    void run(EventSink sink) throws IOException;
  }

  private ReadAhead() {}

  /** Runs {@code read} on a thread of its own, delivering to {@code sink} on this thread. */
  static void read(Read read, String source, EventSink sink) throws IOException {
    BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES);
    Handover handover = new Handover(queue);
    Thread reader = new Thread(() -> handover.run(read), "winsession-read");
    reader.setDaemon(true);
    reader.start();
    boolean done = false;
    try {
      while (true) {
        Batch b = queue.take();
        b.deliver(sink);
        if (b.end) {
          done = true;
          rethrow(b.failure);
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading " + source);
    } finally {
      if (!done) {
        handover.stopped = true;
        queue.clear();
        try {
          reader.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static void rethrow(Throwable failure) throws IOException {
    if (failure == null) {
      return;
    }
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    throw new UncheckedIOException(new IOException(failure));
  }

  /** Records of one handover, in the order the read reported them; the last one ends the read. */
  private static final class Batch {
    final Object[] items = new Object[BATCH];
    final byte[] kinds = new byte[BATCH];
    int size;
    boolean end;
    Throwable failure;

    void deliver(EventSink sink) {
      for (int i = 0; i < size; i++) {
        switch (kinds[i]) {
          case EVENT -> sink.event((SecurityEvent) items[i]);
          case REJECTED -> sink.rejected((RejectedRecord) items[i]);
          default -> sink.warning((RejectedRecord) items[i]);
        }
      }
    }
  }

  /** The reading thread's sink: fills batches and hands them over. */
  private static final class Handover implements EventSink {
    private final BlockingQueue<Batch> queue;
    private Batch batch = new Batch();
    volatile boolean stopped;

    Handover(BlockingQueue<Batch> queue) {
      this.queue = queue;
    }

    void run(Read read) {
      try {
        read.run(this);
        batch.end = true;
      } catch (Stopped e) {
        return;
      } catch (Throwable e) { // the caller rethrows it after the records before it
        batch.end = true;
        batch.failure = e;
      }
      try {
        hand();
      } catch (Stopped e) {
        // the caller has given up on this read
      }
    }

    @Override
    public void event(SecurityEvent event) {
      add(EVENT, event);
    }

    @Override
    public void rejected(RejectedRecord record) {
      add(REJECTED, record);
    }

    @Override
    public void warning(RejectedRecord notice) {
      add(WARNING, notice);
    }

    private void add(byte kind, Object item) {
      batch.kinds[batch.size] = kind;
      batch.items[batch.size++] = item;
      if (batch.size == BATCH) {
        hand();
        batch = new Batch();
      }
    }

    private void hand() {
      try {
        while (!queue.offer(batch, 50, TimeUnit.MILLISECONDS)) {
          if (stopped) {
            throw new Stopped();
          }
        }
      } catch (InterruptedException e) {
        throw new Stopped();
      }
      if (stopped) {
        throw new Stopped();
      }
    }
  }

  /**
   * The caller stopped taking records: the read ends without a word. An error, not an exception,
   * so that no reader's guard against a bad record (which catches runtime exceptions) takes it
   * for one.
   */
  private static final class Stopped extends Error {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super(null, null, false, false);
    }
  }
}
