package org.winsession.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.testing.SharedData;

/**
 * Reading ahead on a thread of its own changes nothing the sink sees: the same calls, in the same
 * order, on the caller's thread, for every file of the shared data (every shape, containers,
 * damaged and unknown files); a read that fails still delivers every record before the failure;
 * a sink that fails stops the read.
 */
class ReadAheadTest {
  private static final Path EVTX = SharedData.dir().resolve("python-evtx/tests/data/security.evtx");

  /** Every call a sink receives, as text, and the threads it came on. */
  private static final class Trace implements EventSink {
    final List<String> calls = new ArrayList<>();
    final List<Thread> threads = new ArrayList<>();

    @Override
    public void event(SecurityEvent event) {
      add("event " + event);
    }

    @Override
    public void rejected(RejectedRecord record) {
      add("rejected " + record);
    }

    @Override
    public void warning(RejectedRecord notice) {
      add("warning " + notice);
    }

    private void add(String call) {
      calls.add(call);
      Thread t = Thread.currentThread();
      if (!threads.contains(t)) {
        threads.add(t);
      }
    }
  }

  private static Trace read(byte[] bytes, String name, boolean ahead) throws IOException {
    Trace trace = new Trace();
    new Inputs(ReadLimits.DEFAULT).readAhead(ahead)
        .read(new ByteArrayInputStream(bytes), name, trace);
    return trace;
  }

  @Test
  void everyFileOfTheSharedData_reachesTheSinkAsWithoutReadingAhead() throws IOException {
    List<Path> files = Inputs.expand(List.of(SharedData.dir()));
    assertTrue(files.size() > 30, "the shared data: " + files.size() + " files");
    long calls = 0;
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      Trace plain = read(bytes, file.toString(), false);
      Trace ahead = read(bytes, file.toString(), true);
      assertEquals(plain.calls, ahead.calls, file.toString());
      assertTrue(ahead.threads.isEmpty() || ahead.threads.equals(List.of(Thread.currentThread())),
          "every call on the caller's thread: " + file);
      calls += ahead.calls.size();
    }
    assertTrue(calls > 10 * ReadAhead.BATCH * ReadAhead.BATCHES, "calls: " + calls);
  }

  @Test
  void aReadThatFails_deliversEveryRecordBeforeItsFailure() throws IOException {
    byte[] bytes = Files.readAllBytes(EVTX);
    int cut = bytes.length / 2;
    List<String> before = null;
    String failure = null;
    for (boolean ahead : new boolean[] {false, true}) {
      Trace trace = new Trace();
      IOException e = assertThrows(IOException.class, () -> new Inputs(ReadLimits.DEFAULT)
          .readAhead(ahead).read(failingAfter(bytes, cut), "cut.evtx", trace));
      if (before == null) {
        before = trace.calls;
        failure = e.getMessage();
      } else {
        assertEquals(before, trace.calls);
        assertEquals(failure, e.getMessage());
      }
    }
    assertTrue(before.size() > ReadAhead.BATCH, "records before the failure: " + before.size());
  }

  @Test
  void aSinkThatFails_stopsTheReadAndItsFailureReachesTheCaller() throws Exception {
    byte[] bytes = Files.readAllBytes(EVTX);
    IllegalStateException thrown = new IllegalStateException("the output is full");
    int[] events = {0};
    EventSink failing = new EventSink() {
      @Override
      public void event(SecurityEvent event) {
        if (++events[0] == 300) {
          throw thrown;
        }
      }

      @Override
      public void rejected(RejectedRecord record) {}
    };
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new Inputs(ReadLimits.DEFAULT).readAhead(true)
            .read(new ByteArrayInputStream(bytes), "full.evtx", failing));
    assertSame(thrown, e);
    assertEquals(300, events[0], "no call after the failure");
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("winsession-read") && t.isAlive()),
        "the reading thread has ended");
  }

  /** The bytes, then an I/O error at {@code cut}. */
  private static InputStream failingAfter(byte[] bytes, int cut) {
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("disk read error at byte " + cut);
      }
    };
    return new SequenceInputStream(new ByteArrayInputStream(bytes, 0, cut), failing);
  }
}
