package org.winsession.splunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.winsession.state.CheckpointStore;
import org.winsession.testing.Samples;

/**
 * A full disk under the checkpoint directory: a 64 KiB tmpfs (mounted by the test; it needs root
 * and {@code mount}, and is skipped, saying so, where CI cannot mount). The run that cannot save
 * reports one ERROR naming the file and "No space left on device", ends its stream, exits 1 and
 * leaves the previous checkpoint exactly as it was, no temporary file; with space again the next
 * run repeats that run's events identically and loses nothing.
 */
class ModinputFullDiskIT {
  @TempDir
  Path dir;

  private Path mount;

  private static int sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      sh("umount", mount.toString());
    }
  }

  private static void logons(Path file, String host, int from, int n, boolean logoff)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < from + n; i++) {
      String t = java.time.Instant.parse("2026-03-02T08:00:00Z").plusSeconds(i).toString();
      sb.append(Samples.modern(logoff ? 4634 : 4624, (logoff ? 1_000_000 : 0) + i, t, host,
          "TargetUserName", "u" + i, "TargetLogonId", "0x" + Integer.toHexString(0x10000 + i),
          "LogonType", "3")).append('\n');
    }
    Files.writeString(file, sb.toString());
  }

  private static String definition(Path logs, Path ckpt) {
    return "<input><server_host>tiny</server_host><server_uri>https://127.0.0.1:8089</server_uri>"
        + "<session_key>k</session_key><checkpoint_dir>" + ckpt + "</checkpoint_dir>"
        + "<configuration><stanza name=\"winsession://disk\"><param name=\"interval\">300</param>"
        + "<param name=\"mode\">files</param>"
        + "<param name=\"path\">" + logs + "</param></stanza></configuration></input>";
  }

  @Test
  void aFullDisk_savesNothingHalf_andTheNextRunWithSpaceLosesNothing() throws Exception {
    mount = Files.createDirectories(dir.resolve("ckpt"));
    boolean mounted = sh("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString()) == 0;
    if (!mounted) {
      mount = null;
    }
    Assumptions.assumeTrue(mounted, "mount -t tmpfs needs root: the full-disk run is skipped");
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path cleanLogs = Files.createDirectories(dir.resolve("clean-logs"));
    Path ckpt = mount.resolve("modinputs");
    Path clean = dir.resolve("clean-ckpt");

    // 1: a small state fits
    for (Path l : List.of(logs, cleanLogs)) {
      logons(l.resolve("a.xml"), "DC01", 0, 20, false);
    }
    ModinputHostileIT.Result first = ModinputHostileIT.exec(dir, definition(logs, ckpt),
        "modinput");
    assertEquals(0, first.code(), first.err());
    Path file = ckpt.resolve(CheckpointStore.fileName("winsession://disk"));
    byte[] saved = Files.readAllBytes(file);
    List<String> cleanEvents = new ArrayList<>(sessions(ModinputHostileIT.exec(dir,
        definition(cleanLogs, clean), "modinput").out()));

    // 2: thousands of open sessions do not fit in what is left
    for (Path l : List.of(logs, cleanLogs)) {
      logons(l.resolve("b.xml"), "DC02", 100, 4000, false);
    }
    ModinputHostileIT.Result full = ModinputHostileIT.exec(dir, definition(logs, ckpt),
        "modinput");
    assertEquals(1, full.code(), "the run could not keep its progress: " + full.err());
    ModinputHostileIT.assertLogLines(full.err());
    List<String> errors = full.err().lines().filter(l -> l.startsWith("ERROR")).toList();
    assertEquals(1, errors.size(), full.err());
    assertTrue(errors.get(0).startsWith("ERROR winsession://disk: cannot save the checkpoint "
        + file + ": ") && errors.get(0).contains("No space left on device")
        && errors.get(0).contains("the previous checkpoint is kept"), errors.get(0));
    assertTrue(full.out().strip().endsWith("</stream>"), "the stream is ended properly");
    assertArrayEquals(saved, Files.readAllBytes(file), "the old checkpoint, whole");
    try (Stream<Path> files = Files.list(ckpt)) {
      assertEquals(List.of(file), files.toList(), "no partial or temporary file");
    }
    List<String> fullEvents = sessions(full.out());
    assertTrue(fullEvents.size() >= 4000, "" + fullEvents.size());

    // 3: with space again, the same events again (identical) and then the logoffs
    assertEquals(0, sh("mount", "-o", "remount,size=16m", mount.toString()));
    ModinputHostileIT.Result again = ModinputHostileIT.exec(dir, definition(logs, ckpt),
        "modinput");
    assertEquals(0, again.code(), again.err());
    assertEquals(fullEvents, sessions(again.out()), "a repeat is only identical events");
    cleanEvents.addAll(sessions(ModinputHostileIT.exec(dir, definition(cleanLogs, clean),
        "modinput").out()));
    for (Path l : List.of(logs, cleanLogs)) {
      logons(l.resolve("c.xml"), "DC02", 100, 4000, true);
    }
    List<String> last = sessions(ModinputHostileIT.exec(dir, definition(logs, ckpt), "modinput")
        .out());
    cleanEvents.addAll(sessions(ModinputHostileIT.exec(dir, definition(cleanLogs, clean),
        "modinput").out()));
    assertEquals(4000, last.stream().filter(e -> e.contains("\"status\":\"closed\"")).count());
    Set<String> all = new TreeSet<>(sessions(first.out()));
    all.addAll(fullEvents);
    all.addAll(last);
    assertEquals(new TreeSet<>(cleanEvents), all, "nothing lost, nothing different");
  }

  private static List<String> sessions(String stream) {
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "<sourcetype>winsession:session</sourcetype><host>[^<]*</host><data>(.*?)</data>")
        .matcher(stream);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
