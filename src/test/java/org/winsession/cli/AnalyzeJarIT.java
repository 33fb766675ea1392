package org.winsession.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar started as a separate process, exactly as the README's main command does. */
class AnalyzeJarIT {
  @TempDir
  Path dir;

  private static Path jar() {
    Path jar = Path.of(System.getProperty("winsession.jar", "target/winsession-0.1.0.jar"));
    assertTrue(Files.isRegularFile(jar), "build the jar first (mvn package): " + jar);
    return jar;
  }

  @Test
  void sample_runsFromTheJarAlone() throws IOException, InterruptedException {
    Path out = dir.resolve("out.json");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-jar", jar().toString(), "analyze", "--sample")
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished");
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), stderr);
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertEquals(131, lines.size(), "session events of the bundled sample");
    assertTrue(stderr.contains("session events: closed 103 leaked 4 ended_by_shutdown 11"
        + " superseded 1 orphan_logoff 1 open 11"), stderr);
  }

  @Test
  void version_comesFromTheManifest() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-jar", jar().toString(), "--version").redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals("winsession 0.1.0", text.strip());
  }
}
