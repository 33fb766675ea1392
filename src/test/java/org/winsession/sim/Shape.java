package org.winsession.sim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.winsession.event.SourceFormat;

/**
 * Every input shape the readers accept, each written from one simulated fleet the way its tool
 * writes it. Collected streams (a collector's file of every host, interleaved, with duplicated and
 * replayed deliveries) and per-host exports (one file per machine, written from its log: no
 * duplicates; newest first where the tool lists newest first).
 */
enum Shape {
  /** {@code wevtutil qe ForwardedEvents /f:xml /e:Events} on a collector: every host. */
  XML_DOCUMENT(Hosts.ALL, true, true, SourceFormat.XML),
  /** Splunk's XmlWinEventLog {@code _raw} (RenderingInfo kept), one event after another. */
  XML_WINEVENTLOG(Hosts.MODERN, true, true, SourceFormat.XML),
  /** Splunk's classic WinEventLog text ({@code renderXml=false}): every host. */
  CLASSIC_TEXT(Hosts.ALL, false, true, SourceFormat.WINEVENTLOG),
  /** NXLog {@code to_json()}: im_msvistalog lines of modern hosts, im_mseventlog lines of NT5. */
  NXLOG_JSON(Hosts.ALL, false, true, SourceFormat.JSON),
  /** Winlogbeat 8 (ECS) lines. */
  WINLOGBEAT_JSON(Hosts.MODERN, true, true, SourceFormat.JSON),
  /** One binary EVTX log per modern host. */
  EVTX(Hosts.MODERN, true, true, SourceFormat.EVTX),
  /** Event Viewer's "Save All Events As... CSV", one file per host named after it, newest first. */
  EVENT_VIEWER_CSV(Hosts.MODERN, false, false, SourceFormat.CSV),
  /** PowerShell 7 {@code Get-WinEvent -LogName Security | Export-Csv}, per host, newest first. */
  POWERSHELL_CSV(Hosts.MODERN, false, true, SourceFormat.CSV),
  /** Windows PowerShell {@code Get-WinEvent | ConvertTo-Json -Depth 3}, per host, newest first. */
  GET_WINEVENT_JSON(Hosts.MODERN, true, true, SourceFormat.JSON),
  /** Windows 2003 Event Viewer's CSV archive, per host, newest first. */
  WIN2003_CSV(Hosts.NT5, false, false, SourceFormat.CSV),
  /** Event Viewer's NT5 event text ("Event Type:" ... "Description:"), per host, oldest first. */
  NT5_TEXT(Hosts.NT5, false, false, SourceFormat.WINEVENTLOG);

  /** Which machines a shape can come from. */
  enum Hosts { ALL, MODERN, NT5 }

  final Hosts hosts;
  /** Times kept to the millisecond (else to the second: local times without a fraction). */
  final boolean millis;
  /** Record ids carried (else the readers deliver none: session ids hash the logon time). */
  final boolean recordIds;
  final SourceFormat format;

  Shape(Hosts hosts, boolean millis, boolean recordIds, SourceFormat format) {
    this.hosts = hosts;
    this.millis = millis;
    this.recordIds = recordIds;
    this.format = format;
  }

  /** True when a collector delivers it (interleaved, duplicates); false for per-host exports. */
  boolean collected() {
    return ordinal() <= WINLOGBEAT_JSON.ordinal();
  }

  boolean covers(boolean nt5) {
    return hosts == Hosts.ALL || (hosts == Hosts.NT5) == nt5;
  }

  /** Without a Computer column the host is the file's name: a renamed machine keeps its first. */
  boolean hostFromFileName() {
    return this == EVENT_VIEWER_CSV;
  }

  /** What was written. */
  record Written(List<Path> files, long records, long bytes) {}

  /** Writes the fleet in this shape into {@code dir}; files are listed in the order to read them. */
  Written write(Path dir, FleetParams params) throws IOException {
    FleetSimulator sim = new FleetSimulator(params, collected());
    long records = 0;
    List<Path> files = new ArrayList<>();
    if (collected()) {
      Path file = dir.resolve("fleet." + extension());
      try (Writer w = writer(file)) {
        if (this == XML_DOCUMENT) {
          w.write("<Events>\r\n");
        }
        while (sim.hasNext()) {
          SimEvent e = sim.next();
          if (covers(e.nt5())) {
            w.write(render(e));
            records++;
          }
        }
        if (this == XML_DOCUMENT) {
          w.write("</Events>\r\n");
        }
      }
      files.add(file);
    } else {
      Map<Integer, PerHost> out = new TreeMap<>();
      while (sim.hasNext()) {
        SimEvent e = sim.next();
        if (covers(e.nt5())) {
          PerHost h = out.get(e.machine());
          if (h == null) {
            h = new PerHost(dir, sim.fileHost(e.machine()));
            out.put(e.machine(), h);
          }
          h.add(e);
          records++;
        }
      }
      for (PerHost h : out.values()) {
        h.close();
        files.add(h.file);
      }
      files.sort(null);
    }
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    return new Written(files, records, bytes);
  }

  private String extension() {
    switch (this) {
      case XML_DOCUMENT: case XML_WINEVENTLOG: return "xml";
      case CLASSIC_TEXT: case NT5_TEXT: return "txt";
      case EVTX: return "evtx";
      case EVENT_VIEWER_CSV: case POWERSHELL_CSV: case WIN2003_CSV: return "csv";
      default: return "json";
    }
  }

  /** One record of a text shape, as its tool writes it. */
  String render(SimEvent e) {
    switch (this) {
      case XML_DOCUMENT: return Renderers.xml(e, false);
      case XML_WINEVENTLOG: return Renderers.xml(e, true);
      case CLASSIC_TEXT: return Renderers.classic(e);
      case NXLOG_JSON: return Renderers.nxlog(e);
      case WINLOGBEAT_JSON: return Renderers.winlogbeat(e);
      case EVENT_VIEWER_CSV: return Renderers.eventViewerRow(e);
      case POWERSHELL_CSV: return Renderers.powerShellRow(e);
      case GET_WINEVENT_JSON: return Renderers.getWinEvent(e, true);
      case WIN2003_CSV: return Renderers.win2003Row(e);
      case NT5_TEXT: return Renderers.nt5Text(e);
      default: throw new IllegalStateException(name() + " is binary");
    }
  }

  private boolean newestFirst() {
    return this == EVENT_VIEWER_CSV || this == POWERSHELL_CSV || this == GET_WINEVENT_JSON
        || this == WIN2003_CSV;
  }

  private static Writer writer(Path file) throws IOException {
    return new BufferedWriter(new java.io.OutputStreamWriter(Files.newOutputStream(file),
        StandardCharsets.UTF_8), 1 << 20);
  }

  /** One machine's export file. */
  private final class PerHost {
    final Path file;
    private EvtxWriter evtx;
    private Writer text;
    private Path spool;
    private OutputStream spoolOut;
    private long[] offsets = new long[1024];
    private int count;
    private long spooled;

    PerHost(Path dir, String host) throws IOException {
      String name = this_() == EVENT_VIEWER_CSV ? host.toUpperCase(java.util.Locale.ROOT)
          + ".Security.csv" : host + "." + extension();
      file = dir.resolve(name);
      if (this_() == EVTX) {
        evtx = new EvtxWriter(file);
      } else if (newestFirst()) {
        spool = dir.resolve(name + ".spool");
        spoolOut = new java.io.BufferedOutputStream(Files.newOutputStream(spool), 1 << 20);
      } else {
        text = writer(file);
      }
    }

    private Shape this_() {
      return Shape.this;
    }

    void add(SimEvent e) throws IOException {
      if (evtx != null) {
        evtx.write(e);
      } else if (text != null) {
        text.write(render(e));
      } else {
        byte[] b = render(e).getBytes(StandardCharsets.UTF_8);
        if (count + 1 >= offsets.length) {
          offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[count++] = spooled;
        spoolOut.write(b);
        spooled += b.length;
      }
    }

    /** Finishes the file; newest-first shapes are copied from the spool in reverse. */
    void close() throws IOException {
      if (evtx != null) {
        evtx.close();
        return;
      }
      if (text != null) {
        text.close();
        return;
      }
      spoolOut.close();
      offsets[count] = spooled;
      try (FileChannel in = FileChannel.open(spool);
          OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file,
              StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING), 1 << 20)) {
        String header = this_() == EVENT_VIEWER_CSV ? Renderers.EVENT_VIEWER_HEADER
            : this_() == POWERSHELL_CSV ? Renderers.POWERSHELL_HEADER
            : this_() == GET_WINEVENT_JSON ? "[\r\n" : "";
        out.write(header.getBytes(StandardCharsets.UTF_8));
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        for (int i = count - 1; i >= 0; i--) {
          if (this_() == GET_WINEVENT_JSON && i < count - 1) {
            out.write(",\r\n".getBytes(StandardCharsets.UTF_8));
          }
          int len = (int) (offsets[i + 1] - offsets[i]);
          if (buf.capacity() < len) {
            buf = ByteBuffer.allocate(len);
          }
          buf.clear().limit(len);
          long at = offsets[i];
          while (buf.hasRemaining()) {
            int n = in.read(buf, at + buf.position());
            if (n < 0) {
              throw new IOException("spool ends early");
            }
          }
          out.write(buf.array(), 0, len);
        }
        if (this_() == GET_WINEVENT_JSON) {
          out.write("\r\n]\r\n".getBytes(StandardCharsets.UTF_8));
        }
      }
      Files.delete(spool);
    }
  }
}
