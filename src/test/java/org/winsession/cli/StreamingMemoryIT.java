package org.winsession.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.winsession.testing.Samples;

/**
 * Memory does not grow with input size: the jar, given a 48 MiB heap, reads 300 MB of
 * XmlWinEventLog lines from standard input (six times its heap) and pairs every session.
 */
class StreamingMemoryIT {
  @TempDir
  Path dir;

  @Test
  void threeHundredMegabytesThroughA48MegabyteHeap() throws Exception {
    Path jar = Path.of(System.getProperty("winsession.jar", "target/winsession-0.1.0.jar"));
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx48m", "-jar", jar.toString(), "analyze", "--reorder-window", "1000",
        "-o", dir.resolve("out.json").toString())
        .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long events = 0;
    long bytes = 0;
    try (OutputStream in = p.getOutputStream()) {
      for (long i = 1; bytes < 300_000_000L; i++) {
        String luid = "0x" + Long.toHexString(0x100000 + i);
        String time = "2024-01-01T00:00:00Z";
        byte[] pair = (Samples.modern(4624, 2 * i, time, "HOST" + (i % 20), "TargetLogonId", luid,
            "LogonType", "3", "TargetUserName", "user" + (i % 500), "Padding", "x".repeat(600))
            + "\n" + Samples.modern(4634, 2 * i + 1, time, "HOST" + (i % 20), "TargetLogonId",
            luid, "LogonType", "3") + "\n").getBytes(StandardCharsets.UTF_8);
        in.write(pair);
        bytes += pair.length;
        events += 2;
      }
    } catch (IOException e) {
      throw new AssertionError("the analyzer stopped reading: " + Files.readString(err), e);
    }
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished");
    String summary = Files.readString(err);
    assertEquals(0, p.exitValue(), summary);
    assertTrue(summary.contains(events + " records: " + events + " events, 0 rejected"), summary);
    assertTrue(summary.contains("closed " + events / 2 + " "), summary);
  }
}
