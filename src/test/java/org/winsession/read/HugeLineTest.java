package org.winsession.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One 200 MB line costs that line (or its record) only, in bounded memory: each line reader runs
 * in a child JVM with a 64 MB heap over a generated stream (no file) holding such a line between
 * two good records, and must deliver both records and one rejection naming the line bound.
 */
class HugeLineTest {
  @ParameterizedTest
  @ValueSource(strings = {"json", "csv", "text"})
  void twoHundredMegabyteLine_costsItsRecordOnly_inA64MegabyteHeap(String shape)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-Xmx64m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), HugeLineMain.class.getName(), shape,
        String.valueOf(200L << 20)).redirectErrorStream(true).start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
    }
    assertTrue(done, "finished: " + out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.startsWith("events=2 rejected=1 kinds=[LIMIT]"), out);
    assertTrue(out.contains("max_line_bytes"), out);
    assertTrue(List.of(out.split("\n")).size() <= 2, out);
  }
}
