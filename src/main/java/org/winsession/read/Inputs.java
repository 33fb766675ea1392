package org.winsession.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.csv.CsvEventReader;
import org.winsession.read.evt.EvtEventReader;
import org.winsession.read.evtx.EvtxEventReader;
import org.winsession.read.json.JsonLinesEventReader;
import org.winsession.read.wineventlog.WinEventLogTextReader;
import org.winsession.read.xml.XmlEventReader;

/**
 * Finds input files and reads any of them in the shape it is in: containers (gzip, zip, tar) are
 * opened in place by their magic bytes, within the {@link ReadLimits} of containers, the shape is
 * detected from the first bytes, and the matching reader reports to the sink. An input in a shape this version cannot read becomes one rejected
 * record saying which shape it is. Not thread-safe (holds one reader per shape).
 */
public final class Inputs {
  private final XmlEventReader xml;
  private EvtxEventReader evtx = new EvtxEventReader();
  private final EvtEventReader evt;
  private final ReadLimits limits;
  private final JsonLinesEventReader json;
  private final WinEventLogTextReader text;
  private final CsvEventReader csv;
  private InputFormat forced;
  private boolean readAhead;

  /** The most threads a run reads with: EVTX chunks in flight are 4 per thread. */
  public static final int MAX_THREADS = 1024;

  /**
   * Reads every input (inside its containers) in this shape instead of detecting it; null goes
   * back to detection.
   */
  public Inputs forceFormat(InputFormat format) {
    this.forced = format == InputFormat.UNKNOWN ? null : format;
    return this;
  }

  /**
   * Decodes binary EVTX chunks on {@code threads} threads (default 1); what the sink receives does
   * not depend on the number.
   */
  public Inputs evtxThreads(int threads) {
    this.evtx = new EvtxEventReader(threads);
    return this;
  }

  /**
   * With {@code on}, each {@link #read} runs on a thread of its own while the calling thread
   * hands its records to the sink ({@link ReadAhead}); the sink sees the same calls in the same
   * order, on the calling thread.
   */
  public Inputs readAhead(boolean on) {
    this.readAhead = on;
    return this;
  }

  /** Readers with these limits; local times without a zone are read as UTC. */
  public Inputs(ReadLimits limits) {
    this(limits, LocalTimes.DEFAULT);
  }

  /** Readers with these limits that read local times without a zone by {@code times}. */
  public Inputs(ReadLimits limits, LocalTimes times) {
    this.limits = limits;
    this.evt = new EvtEventReader(limits);
    this.xml = new XmlEventReader(limits);
    this.json = new JsonLinesEventReader(limits, times);
    this.text = new WinEventLogTextReader(limits, times);
    this.csv = new CsvEventReader(limits, times);
  }

  /**
   * Expands files and directories (recursively, links not followed) to regular files, sorted by
   * path within each directory so that runs are repeatable.
   */
  public static List<Path> expand(List<Path> paths) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile).sorted().forEach(out::add);
        }
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Reads one input stream of any known shape; the caller closes {@code raw}. Containers are
   * opened in place, nested up to {@link ReadLimits.Limit#MAX_NESTING} deep: gzip, zip (every file
   * in it) and tar (every regular file); their members are named {@code source!member}. A
   * container past a limit (members, decompressed bytes, expansion ratio, nesting) or damaged
   * costs the member it is in: it is reported, and the other members are read.
   */
  public void read(InputStream raw, String source, EventSink sink) throws IOException {
    read(raw, source, sink, null);
  }

  /**
   * {@link #read(InputStream, String, EventSink)} in {@code shape} (null: the forced shape, else
   * detected), e.g. a part of a file whose shape its start told.
   */
  public void read(InputStream raw, String source, EventSink sink, InputFormat shape)
      throws IOException {
    if (readAhead) {
      ReadAhead.read(s -> read(raw, source, s, 0, new Expansion(limits), shape), source, sink);
    } else {
      read(raw, source, sink, 0, new Expansion(limits), shape);
    }
  }

  private void read(InputStream raw, String source, EventSink sink, int depth,
      Expansion expansion, InputFormat shape) throws IOException {
    BufferedInputStream in = raw instanceof BufferedInputStream
        ? (BufferedInputStream) raw : new BufferedInputStream(raw, depth == 0 ? 1 << 16 : 1 << 13);
    in.mark(InputFormat.SNIFF_BYTES);
    byte[] head = new byte[InputFormat.SNIFF_BYTES];
    int n = in.readNBytes(head, 0, head.length);
    in.reset();
    if (n == 0) {
      return; // an empty input holds no records
    }
    boolean gzip = n >= 2 && (head[0] & 0xFF) == 0x1f && (head[1] & 0xFF) == 0x8b;
    boolean zip = n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    boolean tar = TarEntries.isTar(head, n);
    if ((gzip || zip || tar) && depth >= limits.get(ReadLimits.Limit.MAX_NESTING)) {
      sink.rejected(new RejectedRecord(source, 0, -1, SecurityEvent.NO_RECORD_ID,
          RejectKind.CONTAINER, "containers nested deeper than the limit: " + limits.refusal(
              ReadLimits.Limit.MAX_NESTING, "container nesting", depth + 1) + "; not opened",
          ""));
      return;
    }
    if (gzip) {
      Expansion.Counted compressed = new Expansion.Counted(in);
      GZIPInputStream gz;
      try {
        gz = new GZIPInputStream(compressed, 1 << 16);
      } catch (java.io.EOFException | java.util.zip.ZipException e) {
        sink.warning(new RejectedRecord(source, 0, -1, SecurityEvent.NO_RECORD_ID,
            RejectKind.CONTAINER, "gzip header damaged or cut off (" + e.getMessage()
                + "): nothing in it could be read", ""));
        return;
      }
      Expansion.Stream body = expansion.meter(gz, compressed::count);
      read(body, source, sink, depth + 1, expansion, shape);
      body.report(source, "gzip stream", sink);
      return;
    }
    if (zip) {
      ZipEntries entries = new ZipEntries(in, source, sink, expansion);
      long count = 0;
      ZipEntries.Entry e;
      while ((e = entries.next()) != null) {
        if (++count > limits.get(ReadLimits.Limit.MAX_ARCHIVE_ENTRIES)) {
          tooMany(source, "zip", sink);
          return;
        }
        if (!e.directory()) {
          read(e.contents(), source + "!" + e.name(), sink, depth + 1, expansion, shape);
        }
      }
      return;
    }
    if (tar) {
      TarEntries entries = new TarEntries(in, source, sink);
      TarEntries.Entry e;
      long count = 0;
      while (!expansion.spent() && (e = entries.next()) != null) {
        if (++count > limits.get(ReadLimits.Limit.MAX_ARCHIVE_ENTRIES)) {
          tooMany(source, "tar", sink);
          return;
        }
        read(e.contents(), source + "!" + e.name(), sink, depth + 1, expansion, shape);
      }
      if (entries.truncated() && !expansion.spent()) {
        sink.warning(new RejectedRecord(source, -1, -1, SecurityEvent.NO_RECORD_ID,
            RejectKind.CONTAINER, "tar archive ends early: every complete member was read", ""));
      }
      return;
    }
    InputFormat format = shape != null ? shape
        : forced != null ? forced : InputFormat.detect(head, n);
    switch (format) {
      case XML:
        xml.read(in, source, sink);
        break;
      case EVTX:
        evtx.read(in, source, sink);
        break;
      case EVT:
        evt.read(in, source, sink);
        break;
      case JSON:
        json.read(in, source, sink);
        break;
      case WINEVENTLOG:
        text.read(in, source, sink);
        break;
      case CSV:
        csv.read(in, source, sink);
        break;
      default:
        sink.rejected(new RejectedRecord(source, 0, 1, SecurityEvent.NO_RECORD_ID,
            RejectKind.UNRECOGNIZED_INPUT, "unrecognized input: expected Windows event XML, EVTX, EVT, JSON lines, rendered"
                + " event text or CSV"
                + " (optionally in gzip, zip or tar)",
            new String(head, 0, Math.min(n, 256), StandardCharsets.UTF_8)));
        break;
    }
  }

  /** The members past {@link ReadLimits.Limit#MAX_ARCHIVE_ENTRIES}: one rejected record. */
  private void tooMany(String source, String kind, EventSink sink) {
    sink.rejected(new RejectedRecord(source, -1, -1, SecurityEvent.NO_RECORD_ID,
        RejectKind.CONTAINER, limits.refusal(ReadLimits.Limit.MAX_ARCHIVE_ENTRIES,
            kind + " archive members", -1) + ": the members after the first "
            + limits.get(ReadLimits.Limit.MAX_ARCHIVE_ENTRIES) + " are not read", ""));
  }
}
