package org.winsession.splunk;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a long-running input is asked to stop, and how it says it has: SIGTERM (splunkd stopping or
 * disabling the input; a shutdown hook), or standard input closed after it stayed open past the
 * input definition. The input checks {@link #requested()} between files and waits for its next
 * poll with {@link #await}; once it has saved its checkpoint and ended the stream, {@link
 * #finished} lets the hook end the process with the input's own exit code.
 *
 * <p>splunkd closes standard input once it has written the definition (both Splunk SDKs read the
 * definition to the end of the stream), so an end of input that comes within {@link
 * #CLOSED_WITH_DEFINITION} of the definition is that close, not a request to stop.
 */
public final class StopSignal {
  /** An end of standard input this soon after the definition is splunkd's own close. */
  public static final Duration CLOSED_WITH_DEFINITION = Duration.ofSeconds(1);

  /** How long the SIGTERM hook waits for the input to save and end its stream. */
  static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(120);

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile String reason;
  private volatile int exitCode;

  /** Asks the input to stop; the first reason is kept. */
  public void request(String why) {
    synchronized (this) {
      if (reason == null) {
        reason = why;
      }
    }
    stop.countDown();
  }

  /** Whether a stop was asked for. */
  public boolean requested() {
    return stop.getCount() == 0;
  }

  /** Why the input was asked to stop, or null. */
  public String reason() {
    return reason;
  }

  /** Waits up to {@code d}; true when a stop was asked for (at once, or while waiting). */
  public boolean await(Duration d) {
    try {
      return stop.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      request("interrupted");
      return true;
    }
  }

  /**
   * Reads (and drops) what comes on {@code stdin} after the definition, on a daemon thread, and
   * asks for a stop at its end unless that end came within {@link #CLOSED_WITH_DEFINITION} of
   * {@code definitionEnd} ({@link System#nanoTime()}).
   */
  public void watchForEnd(InputStream stdin, long definitionEnd) {
    Thread t = new Thread(() -> {
      byte[] sink = new byte[4096];
      try {
        while (stdin.read(sink) >= 0) {
          // a supervisor may write anything; only the end means something
        }
      } catch (IOException e) {
        // a broken standard input is an end too
      }
      if (System.nanoTime() - definitionEnd >= CLOSED_WITH_DEFINITION.toNanos()) {
        request("standard input closed");
      }
    }, "winsession-stdin");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Turns SIGTERM (and Ctrl+C) into a stop request: a shutdown hook asks the input to stop, waits
   * until it {@link #finished} (the checkpoint saved, the stream ended) and ends the process with
   * the input's exit code instead of the JVM's 143.
   */
  public void onTerminate() {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      request("SIGTERM");
      try {
        if (done.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          Runtime.getRuntime().halt(exitCode);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "winsession-sigterm"));
  }

  /** The input has ended its stream and flushed its log; {@code code} is its exit code. */
  public void finished(int code) {
    exitCode = code;
    done.countDown();
  }
}
