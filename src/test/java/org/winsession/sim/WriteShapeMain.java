package org.winsession.sim;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the NXLog or Winlogbeat JSON lines of a simulated fleet to a file until it holds at least the
 * given number of bytes (benchmark inputs: {@code SHAPE FILE MEGABYTES}, fleet parameters from the
 * {@code sim.*} properties; the fleet is sized from the bytes when {@code sim.events} is unset).
 */
public final class WriteShapeMain {
  private WriteShapeMain() {}

  public static void main(String[] args) throws IOException {
    Shape shape = Shape.valueOf(args[0].toUpperCase(Locale.ROOT));
    Path file = Path.of(args[1]);
    long bytes = Long.parseLong(args[2]) << 20;
    if (shape != Shape.NXLOG_JSON && shape != Shape.WINLOGBEAT_JSON) {
      throw new IllegalArgumentException(shape + ": expected NXLOG_JSON or WINLOGBEAT_JSON");
    }
    FleetParams p = FleetParams.fromSystemProperties();
    if (System.getProperty("sim.events") == null) {
      p = new FleetParams(p.seed(), Math.max(p.hosts(), 40), Math.max(p.days(), 30),
          bytes / 600, p.nt5Share(), p.unauditedShare());
    }
    FleetSimulator sim = new FleetSimulator(p, true);
    long written = 0;
    long records = 0;
    try (Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
        Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 20)) {
      while (written < bytes && sim.hasNext()) {
        SimEvent e = sim.next();
        if (shape.covers(e.nt5())) {
          String s = shape == Shape.NXLOG_JSON ? Renderers.nxlog(e) : Renderers.winlogbeat(e);
          w.write(s);
          written += s.getBytes(StandardCharsets.UTF_8).length;
          records++;
        }
      }
    }
    System.out.printf(Locale.ROOT, "%s: %,d records, %,d bytes%n", file, records, written);
  }
}
