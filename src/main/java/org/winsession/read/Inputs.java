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
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.evt.EvtEventReader;
import org.winsession.read.evtx.EvtxEventReader;
import org.winsession.read.xml.XmlEventReader;

/**
 * Finds input files and reads any of them in the shape it is in: gzip is decompressed
 * transparently (by its magic bytes), the shape is detected from the first bytes (Windows event XML,
 * binary EVTX or legacy EVT), and the matching reader reports to the sink. An input in a shape this version cannot read becomes one rejected
 * record saying which shape it is. Not thread-safe (holds one reader per shape).
 */
public final class Inputs {
  private final XmlEventReader xml;
  private final EvtxEventReader evtx = new EvtxEventReader();
  private final EvtEventReader evt = new EvtEventReader();

  /** Readers with these limits. */
  public Inputs(ReadLimits limits) {
    this.xml = new XmlEventReader(limits);
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

  /** Reads one input stream of any known shape; the caller closes {@code raw}. */
  public void read(InputStream raw, String source, EventSink sink) throws IOException {
    InputStream in = decompress(raw);
    in.mark(InputFormat.SNIFF_BYTES);
    byte[] head = new byte[InputFormat.SNIFF_BYTES];
    int n = in.readNBytes(head, 0, head.length);
    in.reset();
    if (n == 0) {
      return; // an empty input holds no records
    }
    InputFormat format = InputFormat.detect(head, n);
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
      default:
        sink.rejected(new RejectedRecord(source, 0, 1, SecurityEvent.NO_RECORD_ID,
            "unrecognized input: expected Windows event XML (optionally gzip-compressed)",
            new String(head, 0, Math.min(n, 256), StandardCharsets.UTF_8)));
        break;
    }
  }

  /** Wraps gzip-compressed input (magic 1f 8b) in a decompressor; returns a mark-capable stream. */
  static InputStream decompress(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int a = in.read();
    int b = in.read();
    in.reset();
    if (a == 0x1f && b == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    return in;
  }
}
