package org.winsession.splunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The path setting: files, directories and globs, written with either separator. */
class PathGlobTest {
  @TempDir
  Path dir;

  private Path tree() throws IOException {
    Path dc = Files.createDirectories(dir.resolve("dc01"));
    Files.writeString(dc.resolve("Security.evtx"), "x");
    Files.writeString(dc.resolve("System.evtx"), "x");
    Files.writeString(Files.createDirectories(dir.resolve("ws07/old")).resolve("Security.evtx"),
        "x");
    Files.writeString(dir.resolve("ws07/Security.evtx"), "x");
    return dc;
  }

  private static String windows(String path) {
    return path.replace('/', '\\');
  }

  @ParameterizedTest(name = "separator {0}")
  @ValueSource(strings = {"/", "\\"})
  void filesDirectoriesAndGlobs_withEitherSeparator(String sep) throws IOException {
    Path dc = tree();
    java.util.function.UnaryOperator<String> w = p -> sep.equals("/") ? p : windows(p);
    assertEquals(List.of(dc.resolve("System.evtx")),
        PathGlob.files(w.apply(dc + "/System.evtx")).files());
    assertEquals(2, PathGlob.files(w.apply(dc.toString())).files().size(), "a directory");
    assertEquals(List.of(dc.resolve("Security.evtx"), dir.resolve("ws07/Security.evtx")),
        PathGlob.files(w.apply(dir + "/*/Security*.evtx")).files());
    assertEquals(List.of(dc.resolve("Security.evtx"), dir.resolve("ws07/Security.evtx"),
        dir.resolve("ws07/old/Security.evtx")),
        PathGlob.files(w.apply(dir + "/**/Security.evtx")).files(), "** is any depth");
    assertEquals(List.of(dc.resolve("Security.evtx"), dc.resolve("System.evtx")),
        PathGlob.files(w.apply(dir + "/dc*")).files(), "a directory a glob matches");
    assertEquals(List.of(dc.resolve("Security.evtx"), dc.resolve("System.evtx")),
        PathGlob.files(w.apply(dir + "/dc01/S{ecurity,ystem}.ev?x")).files());
    PathGlob.Match none = PathGlob.files(w.apply(dir + "/missing/*.evtx"));
    assertEquals(List.of(), none.files());
    assertEquals(List.of(), none.problems());
  }

  @Test
  void windowsPaths_splitIntoDriveOrShareAndParts() {
    var fs = FileSystems.getDefault();
    String s = fs.getSeparator();
    assertEquals(new PathGlob.Parsed("D:" + s, List.of("logs", "*.evtx")),
        PathGlob.parse("D:\\logs\\*.evtx", fs));
    assertEquals(new PathGlob.Parsed("D:" + s, List.of("logs", "dc01", "Security.evtx")),
        PathGlob.parse("D:/logs\\dc01//Security.evtx", fs));
    assertEquals(new PathGlob.Parsed(s + s + "server" + s + "share" + s, List.of("*.evtx")),
        PathGlob.parse("\\\\server\\share\\*.evtx", fs));
    assertEquals(new PathGlob.Parsed(s, List.of("var", "log", "*.evtx")),
        PathGlob.parse(" /var/log/*.evtx ", fs));
    assertEquals(new PathGlob.Parsed("", List.of("logs", "a.evtx")),
        PathGlob.parse("logs\\a.evtx", fs));
    assertTrue(PathGlob.files("D:\\logs\\*.evtx").files().isEmpty(), "no D: drive here");
  }

  @Test
  void procfs_whereEntriesVanishWhileListed_neverThrows() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")));
    PathGlob.Match m = PathGlob.files("/proc/*/status");
    assertTrue(m.files().contains(Path.of("/proc/self/status")), m.toString());
  }
}
