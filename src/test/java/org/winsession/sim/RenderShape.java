package org.winsession.sim;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a simulated fleet's collected stream in one text shape to a file, up to a size or a
 * record count: the realistic inputs of the whole-process benchmarks ({@code src/bench/compare.sh}).
 *
 * <pre>
 * java -cp target/test-classes:target/classes:DEPS org.winsession.sim.RenderShape \
 *     SHAPE FILE (--bytes N | --records N) [--hosts 40] [--days 30] [--seed 7]
 * </pre>
 *
 * <p>SHAPE is a collected text shape ({@code XML_WINEVENTLOG}, {@code NXLOG_JSON},
 * {@code WINLOGBEAT_JSON}, {@code CLASSIC_TEXT}, {@code XML_DOCUMENT} is not one: it needs a
 * closing tag). The fleet is sized from a short pilot run so that its records fill the wanted size
 * with room to spare; writing stops at the first record that reaches it, so the file ends on a
 * whole record. Prints the records and bytes written.
 */
final class RenderShape {
  private RenderShape() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      throw new IllegalArgumentException("usage: RenderShape SHAPE FILE (--bytes N | --records N)"
          + " [--hosts H] [--days D] [--seed S]");
    }
    Shape shape = Shape.valueOf(args[0].toUpperCase(Locale.ROOT));
    if (!shape.collected() || shape == Shape.XML_DOCUMENT) {
      throw new IllegalArgumentException(shape + ": not a collected stream of lines or records");
    }
    Path file = Path.of(args[1]);
    long maxBytes = Long.MAX_VALUE;
    long maxRecords = Long.MAX_VALUE;
    int hosts = 40;
    int days = 30;
    long seed = 7;
    for (int i = 2; i + 1 < args.length; i += 2) {
      long v = Long.parseLong(args[i + 1]);
      switch (args[i]) {
        case "--bytes": maxBytes = v; break;
        case "--records": maxRecords = v; break;
        case "--hosts": hosts = (int) v; break;
        case "--days": days = (int) v; break;
        case "--seed": seed = v; break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    // Pilot: bytes and records of this shape per simulated record (duplicates and machines the
    // shape cannot come from included), to size the fleet.
    FleetParams pilot = new FleetParams(seed, hosts, days, 20L * hosts + 20_000L, 0.25, 0.2);
    FleetSimulator p = new FleetSimulator(pilot, true);
    long pilotBytes = 0;
    long pilotRecords = 0;
    while (p.hasNext()) {
      SimEvent e = p.next();
      if (shape.covers(e.nt5())) {
        pilotBytes += shape.render(e).getBytes(StandardCharsets.UTF_8).length;
        pilotRecords++;
      }
    }
    double events = Math.max(maxBytes == Long.MAX_VALUE ? 0 : (double) maxBytes / pilotBytes,
        maxRecords == Long.MAX_VALUE ? 0 : (double) maxRecords / pilotRecords) * pilot.events();
    FleetParams params = new FleetParams(seed, hosts, days,
        Math.max(hosts, (long) Math.ceil(events * 1.3)), 0.25, 0.2);
    FleetSimulator sim = new FleetSimulator(params, true);
    long bytes = 0;
    long records = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      while (sim.hasNext() && bytes < maxBytes && records < maxRecords) {
        SimEvent e = sim.next();
        if (shape.covers(e.nt5())) {
          byte[] b = shape.render(e).getBytes(StandardCharsets.UTF_8);
          out.write(b);
          bytes += b.length;
          records++;
        }
      }
    }
    System.out.printf(Locale.ROOT, "%s %s: %d records, %d bytes (%s)%n", shape, file, records,
        bytes, params);
  }
}
