package org.winsession.read;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
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
 * Finds input files and reads any of them in the shape it is in: gzip is decompressed
 * transparently (by its magic bytes), the shape is detected from the first bytes (Windows event XML,
 * binary EVTX or legacy EVT), and the matching reader reports to the sink. An input in a shape this version cannot read becomes one rejected
 * record saying which shape it is. Not thread-safe (holds one reader per shape).
 */
public final class Inputs {
  private final XmlEventReader xml;
  private EvtxEventReader evtx = new EvtxEventReader();
  private final EvtEventReader evt = new EvtEventReader();
  private final JsonLinesEventReader json;
  private final WinEventLogTextReader text;
  private final CsvEventReader csv;
  private InputFormat forced;

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

  /** Readers with these limits; local times without a zone are read as UTC. */
  public Inputs(ReadLimits limits) {
    this(limits, LocalTimes.DEFAULT);
  }

  /** Readers with these limits that read local times without a zone by {@code times}. */
  public Inputs(ReadLimits limits, LocalTimes times) {
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
   * opened in place, nested up to {@link #MAX_NESTING} deep: gzip, zip (every file in it) and tar
   * (every regular file); their members are named {@code source!member}.
   */
  public void read(InputStream raw, String source, EventSink sink) throws IOException {
    read(raw, source, sink, 0);
  }

  /** How deep containers may nest (a tar.gz in a zip is 3). */
  public static final int MAX_NESTING = 3;

  private static final int MAX_MEMBERS = 100_000;

  private void read(InputStream raw, String source, EventSink sink, int depth)
      throws IOException {
    BufferedInputStream in = raw instanceof BufferedInputStream
        ? (BufferedInputStream) raw : new BufferedInputStream(raw, 1 << 16);
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
    if ((gzip || zip || tar) && depth >= MAX_NESTING) {
      sink.rejected(new RejectedRecord(source, 0, -1, SecurityEvent.NO_RECORD_ID,
          RejectKind.CONTAINER, "containers nested deeper than " + MAX_NESTING + ": not opened", ""));
      return;
    }
    if (gzip) {
      Tolerant body = new Tolerant(new GZIPInputStream(in, 1 << 16));
      read(body, source, sink, depth + 1);
      body.report(source, sink);
      return;
    }
    if (zip) {
      readZip(in, source, sink, depth);
      return;
    }
    if (tar) {
      TarEntries entries = new TarEntries(in);
      TarEntries.Entry e;
      int count = 0;
      while ((e = entries.next()) != null && count++ < MAX_MEMBERS) {
        read(e.contents(), source + "!" + e.name(), sink, depth + 1);
      }
      if (entries.truncated()) {
        sink.warning(new RejectedRecord(source, -1, -1, SecurityEvent.NO_RECORD_ID,
            RejectKind.CONTAINER, "tar archive ends early: every complete member was read", ""));
      }
      return;
    }
    InputFormat format = forced != null ? forced : InputFormat.detect(head, n);
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

  private void readZip(InputStream in, String source, EventSink sink, int depth)
      throws IOException {
    ZipInputStream zip = new ZipInputStream(in);
    int count = 0;
    try {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null && count++ < MAX_MEMBERS) {
        if (!entry.isDirectory()) {
          read(new FilterInputStream(zip) {
            @Override
            public void close() {
              // the zip stays open for the next entry
            }
          }, source + "!" + entry.getName(), sink, depth + 1);
        }
      }
    } catch (java.util.zip.ZipException | EOFException e) {
      sink.warning(new RejectedRecord(source, -1, -1, SecurityEvent.NO_RECORD_ID,
          RejectKind.CONTAINER, "zip archive damaged or cut off (" + e.getMessage() + "): the entries before it were"
              + " read", ""));
    }
  }

  /**
   * A decompressed stream that ends, instead of failing, where its compressed input is cut off
   * or damaged; {@link #report} says so. What was decompressed before that point is delivered.
   */
  private static final class Tolerant extends FilterInputStream {
    private long delivered;
    private String problem;

    Tolerant(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (problem != null) {
        return -1;
      }
      try {
        int n = super.read(b, off, len);
        delivered += Math.max(n, 0);
        return n;
      } catch (EOFException | java.util.zip.ZipException e) {
        problem = e.getMessage();
        return -1;
      }
    }

    void report(String source, EventSink sink) {
      if (problem != null) {
        sink.warning(new RejectedRecord(source, delivered, -1, SecurityEvent.NO_RECORD_ID,
            RejectKind.CONTAINER, "compressed input ends early or is damaged after " + delivered + " decompressed"
                + " bytes (" + problem + "): what came before was read", ""));
      }
    }
  }
}
