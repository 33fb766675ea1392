package org.winsession.read.xml;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.EventSink;
import org.winsession.read.ReadLimits;

/**
 * The XML reader alone on a file, for BENCHMARKS.md (not a test): {@code FILE [PASSES]} reads the
 * file PASSES times (default 3) through {@link XmlEventReader} (framing, strict parsing,
 * normalization) into a sink that counts, and prints per pass the events, rejections and the
 * reading thread's CPU time and MB/s (CPU time, which load on a shared machine disturbs less than
 * wall time). Run it pinned to one core ({@code taskset -c 0}).
 */
public final class XmlReadBenchMain {
  private XmlReadBenchMain() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long bytes = Files.size(file);
    for (int pass = 1; pass <= passes; pass++) {
      long[] counts = new long[2];
      long t0 = mx.getCurrentThreadCpuTime();
      try (InputStream in = Files.newInputStream(file)) {
        new XmlEventReader(ReadLimits.DEFAULT).read(in, file.toString(), new EventSink() {
          @Override
          public void event(SecurityEvent e) {
            counts[0]++;
          }

          @Override
          public void rejected(RejectedRecord r) {
            counts[1]++;
          }

          @Override
          public void warning(RejectedRecord r) {}
        });
      }
      double s = (mx.getCurrentThreadCpuTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "pass %d: %,d events, %,d rejected, %.2f s CPU, %.0f MB/s%n",
          pass, counts[0], counts[1], s, bytes / 1e6 / s);
    }
  }
}
