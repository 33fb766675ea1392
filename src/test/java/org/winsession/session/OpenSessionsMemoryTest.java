package org.winsession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A million open sessions in a 160 MB heap, in a child JVM: the engine keeps at most 100 bytes
 * of heap per open session (at 170 bytes, as before its sessions were compacted, the child runs
 * out of memory). Ten million in a 2 GB heap is the {@code bench --heap-only} command
 * (BENCHMARKS.md).
 */
class OpenSessionsMemoryTest {
  private static final Pattern RESULT = Pattern.compile("open (\\d+) bytes-per-session ([0-9.]+)");

  @Test
  void aMillionOpenSessions_fitIn160MegabytesAtAtMost100BytesEach() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx160m", "-cp", System.getProperty("java.class.path"),
        OpenSessionsProbe.class.getName(), "1000000").redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child finished");
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    Matcher m = RESULT.matcher(text);
    assertTrue(m.find(), text);
    assertEquals("1000000", m.group(1));
    double perSession = Double.parseDouble(m.group(2));
    assertTrue(perSession > 40 && perSession <= 100, "bytes per open session: " + perSession);
  }
}
