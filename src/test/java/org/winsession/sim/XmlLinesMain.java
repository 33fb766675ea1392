package org.winsession.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a simulated fleet as Splunk XmlWinEventLog lines ({@link Shape#XML_WINEVENTLOG}: one
 * event a line, RenderingInfo and its Message kept) until the file holds at least the given number
 * of mebibytes: the benchmark input of the XML reader ({@code FILE MEBIBYTES}; fleet parameters
 * from the {@code sim.*} properties, the fleet sized from the bytes when {@code sim.events} is
 * unset).
 */
public final class XmlLinesMain {
  private XmlLinesMain() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    long bytes = Long.parseLong(args[1]) << 20;
    FleetParams p = FleetParams.fromSystemProperties();
    if (System.getProperty("sim.events") == null) {
      p = new FleetParams(p.seed(), Math.max(p.hosts(), 40), Math.max(p.days(), 30),
          bytes / 1500, p.nt5Share(), p.unauditedShare());
    }
    FleetSimulator sim = new FleetSimulator(p, true);
    long written = 0;
    long records = 0;
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      while (written < bytes && sim.hasNext()) {
        SimEvent e = sim.next();
        if (Shape.XML_WINEVENTLOG.covers(e.nt5())) {
          byte[] line = Renderers.xml(e, true).getBytes(StandardCharsets.UTF_8);
          out.write(line);
          written += line.length;
          records++;
        }
      }
    }
    System.out.printf(Locale.ROOT, "%s: %,d records, %,d bytes (%s)%n", file, records, written, p);
  }
}
