package org.winsession.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Progress of a long run on a terminal: bytes read of the total, events per second and the time
 * left, redrawn twice a second on one line of standard error. Shown only when standard error is a
 * terminal, never in a pipe, a file or under splunkd; it touches no output, so runs stay
 * byte-identical.
 */
final class Progress implements AutoCloseable {
  private final AtomicLong bytes = new AtomicLong();
  private final long total;
  private final LongSupplier events;
  private final PrintWriter err;
  private final long start = System.nanoTime();
  private final ScheduledExecutorService timer;
  private int width;

  private Progress(long total, LongSupplier events, PrintWriter err, boolean show) {
    this.total = total;
    this.events = events;
    this.err = err;
    if (show) {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
      });
      timer.scheduleAtFixedRate(this::draw, 1000, 500, TimeUnit.MILLISECONDS);
    } else {
      timer = null;
    }
  }

  /** Progress over inputs totalling {@code total} bytes (-1: unknown), shown on a terminal only. */
  static Progress start(long total, LongSupplier events, PrintWriter err) {
    return new Progress(total, events, err, stderrIsTerminal());
  }

  /** {@code in}, counted. */
  InputStream count(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          bytes.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          bytes.addAndGet(n);
        }
        return n;
      }
    };
  }

  /** The line as drawn at this moment (for tests). */
  String line() {
    double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
    long read = bytes.get();
    StringBuilder sb = new StringBuilder("read ").append(size(read));
    if (total > 0) {
      sb.append(" of ").append(size(total)).append(String.format(Locale.ROOT, " (%d%%)",
          Math.min(100, read * 100 / total)));
    }
    sb.append(String.format(Locale.ROOT, ", %,d events/s", (long) (events.getAsLong() / secs)));
    if (total > 0 && read > 0 && read < total) {
      long left = (long) ((total - read) * secs / read);
      sb.append(String.format(Locale.ROOT, ", %d:%02d left", left / 60, left % 60));
    }
    return sb.toString();
  }

  private synchronized void draw() {
    String l = line();
    err.print("\r" + l + " ".repeat(Math.max(0, width - l.length())));
    err.flush();
    width = l.length();
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      if (width > 0) {
        err.print("\r" + " ".repeat(width) + "\r");
        err.flush();
      }
    }
  }

  private static String size(long b) {
    return b >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GB", b / (double) (1L << 30))
        : b >= 1L << 20 ? String.format(Locale.ROOT, "%.1f MB", b / (double) (1L << 20))
        : String.format(Locale.ROOT, "%d KB", b >> 10);
  }

  /**
   * Whether standard error is a terminal: on Linux its descriptor links to a tty or pts device;
   * elsewhere, when the process has a console at all.
   */
  static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    try {
      if (Files.exists(fd.getParent())) {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
    return System.console() != null;
  }
}
