package org.winsession.read;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.winsession.event.EventKind;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;

/**
 * Delivers the events of one export oldest first, as they happened, whatever order the export
 * lists them in. Event Viewer lists (and so exports, as CSV or text) the newest event first, and
 * so does {@code Get-WinEvent}; an export may also have been saved with the view sorted oldest
 * first. The whole export is read before its first event is delivered, and then delivered in its
 * own order or in exactly the reverse of it: never sorted, so events of one second keep the
 * order Windows wrote them in.
 *
 * <p>The direction is told from the whole export, not from its first and last event: every two
 * consecutive events of one host vote, by their record numbers where the shape carries them,
 * else by their times (equal ones abstain). The export is newest first when more pairs run
 * backwards than forwards; when no pair tells (one event, or every time equal and no record
 * numbers) the shape's own default decides ({@link Direction}).
 *
 * <p>Memory is bounded: events are held up to {@link #DEFAULT_MEMORY_BYTES} (estimated), and
 * beyond that spilled in runs to a temporary file, which is deleted when the export has been
 * delivered or on {@link #close()}. Delivering newest-first runs reads them back last run first.
 * If the temporary file cannot be written, what was held is delivered in the export's own order,
 * the rest follows as it is read, and a warning says so. Rejected records are not held: the
 * reader reports them as it meets them. Not thread-safe.
 */
public final class ExportOrder implements Closeable {
  /** How an export is listed when its events cannot tell (the shape's default). */
  public enum Direction {
    /** Oldest first: Splunk's and the shippers' streams. */
    OLDEST_FIRST,
    /** Newest first: Event Viewer's CSV and text exports, {@code Get-WinEvent}. */
    NEWEST_FIRST
  }

  /** Events held in memory before a run is spilled: 16 MiB, estimated. */
  public static final long DEFAULT_MEMORY_BYTES = 16L << 20;

  private static final int MAX_HOSTS_TRACKED = 4096;

  private final EventSink sink;
  private final String source;
  private final Direction whenUnknown;
  private final long memoryBytes;
  private List<SecurityEvent> held = new ArrayList<>();
  private long heldBytes;
  private final Map<String, long[]> lastByHost = new HashMap<>();
  private long forward;
  private long backward;
  private Path spill;
  private DataOutputStream spillOut;
  private long spilledBytes;
  private final List<long[]> runs = new ArrayList<>(); // {file offset, event count}
  private boolean passThrough; // spilling failed: deliver as read

  /** An export read from {@code source}, delivered to {@code sink}. */
  public ExportOrder(EventSink sink, String source, Direction whenUnknown) {
    this(sink, source, whenUnknown, DEFAULT_MEMORY_BYTES);
  }

  /** As above, holding at most {@code memoryBytes} of events in memory (tests spill early). */
  ExportOrder(EventSink sink, String source, Direction whenUnknown, long memoryBytes) {
    this.sink = sink;
    this.source = source;
    this.whenUnknown = whenUnknown;
    this.memoryBytes = memoryBytes;
  }

  /** Adds the next event of the export, in the export's order. */
  public void add(SecurityEvent e) {
    vote(e);
    if (passThrough) {
      sink.event(e);
      return;
    }
    held.add(e);
    heldBytes += estimate(e);
    if (heldBytes >= memoryBytes) {
      spillHeld();
    }
  }

  /** Whether the export, as far as read, runs newest first. */
  public boolean newestFirst() {
    return backward > forward || backward == forward && whenUnknown == Direction.NEWEST_FIRST;
  }

  /** Delivers every event added, oldest first; then deletes the temporary file, if any. */
  public void finish() throws IOException {
    try {
      if (passThrough) {
        return;
      }
      boolean reverse = newestFirst();
      if (runs.isEmpty()) {
        deliver(held, reverse);
        return;
      }
      spillOut.close();
      spillOut = null;
      try (FileChannel ch = FileChannel.open(spill, StandardOpenOption.READ)) {
        if (!reverse) {
          for (long[] run : runs) {
            deliver(readRun(ch, run), false);
          }
          deliver(held, false);
        } else {
          deliver(held, true);
          for (int i = runs.size() - 1; i >= 0; i--) {
            deliver(readRun(ch, runs.get(i)), true);
          }
        }
      }
    } finally {
      held = new ArrayList<>();
      close();
    }
  }

  /** Deletes the temporary file, if any; events not yet delivered are dropped. */
  @Override
  public void close() throws IOException {
    try {
      if (spillOut != null) {
        DataOutputStream out = spillOut;
        spillOut = null;
        out.close();
      }
    } finally {
      if (spill != null) {
        Path file = spill;
        spill = null;
        Files.deleteIfExists(file);
      }
    }
  }

  /** Runs written to the temporary file so far (for tests). */
  int spilledRuns() {
    return runs.size();
  }

  private void vote(SecurityEvent e) {
    long[] last = lastByHost.get(e.host());
    if (last == null) {
      if (lastByHost.size() >= MAX_HOSTS_TRACKED) {
        lastByHost.clear();
      }
      lastByHost.put(e.host(), new long[] {e.recordId(), e.timeMillis()});
      return;
    }
    long d = last[0] != SecurityEvent.NO_RECORD_ID && e.hasRecordId()
        ? Long.compare(e.recordId(), last[0]) : Long.compare(e.timeMillis(), last[1]);
    if (d > 0) {
      forward++;
    } else if (d < 0) {
      backward++;
    }
    last[0] = e.recordId();
    last[1] = e.timeMillis();
  }

  private void deliver(List<SecurityEvent> events, boolean reverse) {
    if (reverse) {
      Collections.reverse(events);
    }
    events.forEach(sink::event);
  }

  private void spillHeld() {
    try {
      if (spill == null) {
        spill = Files.createTempFile("winsession-export-", ".spill");
        spill.toFile().deleteOnExit();
        spillOut = new DataOutputStream(new java.io.FilterOutputStream(new BufferedOutputStream(
            Files.newOutputStream(spill), 1 << 16)) {
          @Override
          public void write(int b) throws IOException {
            out.write(b);
            spilledBytes++;
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            spilledBytes += len;
          }
        });
      }
      long offset = spilledBytes;
      for (SecurityEvent e : held) {
        write(spillOut, e);
      }
      spillOut.flush();
      runs.add(new long[] {offset, held.size()});
      held = new ArrayList<>();
      heldBytes = 0;
    } catch (IOException ex) {
      sink.warning(new RejectedRecord(source, -1, -1, SecurityEvent.NO_RECORD_ID,
          RejectKind.LIMIT, "events past " + memoryBytes + " bytes could not be spilled to a"
              + " temporary file (" + ex.getMessage() + "): the export is delivered in its own"
              + " order, which may be newest first", ""));
      passThrough = true;
      deliverSpilledInOrder();
      held.forEach(sink::event);
      held = new ArrayList<>();
    }
  }

  /** After a failed spill: the runs already written, in the export's order, then no file. */
  private void deliverSpilledInOrder() {
    long delivered = 0;
    long spilled = runs.stream().mapToLong(r -> r[1]).sum();
    if (spillOut != null) {
      DataOutputStream out = spillOut;
      spillOut = null;
      try {
        out.close();
      } catch (IOException ignored) {
        // the runs already listed were flushed before; the one that failed is still held
      }
    }
    try {
      if (!runs.isEmpty()) {
        try (FileChannel ch = FileChannel.open(spill, StandardOpenOption.READ)) {
          for (long[] run : runs) {
            List<SecurityEvent> events = readRun(ch, run);
            deliver(events, false);
            delivered += events.size();
          }
        }
      }
    } catch (IOException | RuntimeException ex) {
      sink.warning(new RejectedRecord(source, -1, -1, SecurityEvent.NO_RECORD_ID,
          RejectKind.LIMIT, (spilled - delivered) + " events spilled to a temporary file could"
              + " not be read back (" + ex.getMessage() + ")", ""));
    }
    runs.clear();
    try {
      close();
    } catch (IOException ignored) {
      // the warning already says the file is unusable
    }
  }

  private static long estimate(SecurityEvent e) {
    return 160 + 2L * (len(e.host()) + len(e.channel()) + len(e.user()) + len(e.domain())
        + len(e.userSid()) + len(e.authPackage()) + len(e.logonProcess()) + len(e.lmPackage())
        + len(e.srcIp()) + len(e.srcWorkstation()) + len(e.processName()) + len(e.logonGuid())
        + len(e.status()) + len(e.subStatus()));
  }

  private static int len(String s) {
    return s == null ? 0 : s.length();
  }

  private void write(DataOutputStream out, SecurityEvent e) throws IOException {
    str(out, e.host());
    str(out, e.channel());
    out.writeLong(e.recordId());
    out.writeLong(e.timeMillis());
    out.writeInt(e.eventCode());
    out.writeByte(e.kind().ordinal());
    out.writeLong(e.logonId());
    out.writeLong(e.linkedLogonId());
    str(out, e.user());
    str(out, e.domain());
    str(out, e.userSid());
    out.writeInt(e.logonType());
    str(out, e.authPackage());
    str(out, e.logonProcess());
    str(out, e.lmPackage());
    str(out, e.srcIp());
    out.writeInt(e.srcPort());
    str(out, e.srcWorkstation());
    str(out, e.processName());
    out.writeByte(e.elevated() == null ? 2 : e.elevated() ? 1 : 0);
    out.writeByte(e.virtualAccount() == null ? 2 : e.virtualAccount() ? 1 : 0);
    str(out, e.logonGuid());
    str(out, e.status());
    str(out, e.subStatus());
    out.writeByte(e.sourceFormat().ordinal());
  }

  private static List<SecurityEvent> readRun(FileChannel ch, long[] run) throws IOException {
    ch.position(run[0]);
    DataInputStream in = new DataInputStream(new BufferedInputStream(
        uncloseable(Channels.newInputStream(ch)), 1 << 16));
    List<SecurityEvent> events = new ArrayList<>((int) run[1]);
    EventKind[] kinds = EventKind.values();
    SourceFormat[] formats = SourceFormat.values();
    for (long i = 0; i < run[1]; i++) {
      String host = str(in);
      String channel = str(in);
      long recordId = in.readLong();
      long time = in.readLong();
      int code = in.readInt();
      EventKind kind = kinds[in.readByte()];
      long logonId = in.readLong();
      long linked = in.readLong();
      String user = str(in);
      String domain = str(in);
      String sid = str(in);
      int logonType = in.readInt();
      String auth = str(in);
      String process = str(in);
      String lm = str(in);
      String ip = str(in);
      int port = in.readInt();
      String workstation = str(in);
      String processName = str(in);
      Boolean elevated = bool(in.readByte());
      Boolean virtual = bool(in.readByte());
      String guid = str(in);
      String status = str(in);
      String subStatus = str(in);
      SourceFormat format = formats[in.readByte()];
      events.add(new SecurityEvent(host, channel, recordId, time, code, kind, logonId, linked,
          user, domain, sid, logonType, auth, process, lm, ip, port, workstation, processName,
          elevated, virtual, guid, status, subStatus, format));
    }
    return events;
  }

  private static InputStream uncloseable(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() {
        // the channel is closed by its owner
      }
    };
  }

  private static Boolean bool(byte b) {
    return b == 2 ? null : b == 1;
  }

  private static void str(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String str(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }
}
