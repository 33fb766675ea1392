package org.winsession.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.winsession.testing.Samples;
import org.winsession.testing.SharedData;

/**
 * A 300 MB legacy EVT log beside a good log, in a 512 MB heap: the EVT log is read (within
 * max_evt_bytes) or refused (past it), and in both cases the good log's sessions come out whole.
 */
class BigEvtIT {
  @TempDir
  Path dir;

  private record Run(int code, String err, List<String> sessions) {}

  private Run analyze(String... args) throws Exception {
    Path jar = Path.of(System.getProperty("winsession.jar", "target/winsession-0.1.0.jar"));
    Path out = dir.resolve("out-" + System.nanoTime() + ".json");
    Path err = dir.resolve("err.txt");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-Xmx512m", "-jar", jar.toString(), "analyze", "-o",
        out.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "finished");
    return new Run(p.exitValue(), Files.readString(err), Files.readAllLines(out));
  }

  private static List<String> ofHost(List<String> sessions, String host) {
    return sessions.stream().filter(l -> l.contains("\"host\":\"" + host + "\"")).toList();
  }

  @Test
  void threeHundredMegabyteEvtBesideAGoodLog_inA512MegabyteHeap() throws Exception {
    Path good = dir.resolve("good.xml");
    StringBuilder xml = new StringBuilder();
    for (int i = 1; i <= 200; i++) {
      String luid = "0x" + Integer.toHexString(0x10000 + i);
      xml.append(Samples.modern(4624, 2L * i, "2024-01-01T00:00:00Z", "GOOD", "TargetLogonId",
          luid, "LogonType", "3", "TargetUserName", "u" + i)).append('\n');
      xml.append(Samples.modern(4634, 2L * i + 1, "2024-01-01T00:10:00Z", "GOOD",
          "TargetLogonId", luid, "LogonType", "3")).append('\n');
    }
    Files.writeString(good, xml, StandardCharsets.UTF_8);
    Path big = dir.resolve("big.evt"); // the real 2003 log, then sparse zeros to 300 MB
    Files.write(big, Files.readAllBytes(SharedData.dir().resolve(
        "evt-parser/test_files/Security.evt")));
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(300_000_000L);
    }
    Run alone = analyze(good.toString());
    assertEquals(0, alone.code(), alone.err());
    assertEquals(200, ofHost(alone.sessions(), "good").size(), alone.err());

    Run read = analyze(big.toString(), good.toString());
    assertEquals(0, read.code(), read.err());
    assertEquals(ofHost(alone.sessions(), "good"), ofHost(read.sessions(), "good"));
    assertTrue(read.err().contains("449 records: 449 events, 0 rejected"),
        "the 49 records of the big log and the 400 of the good one: " + read.err());

    Run refused = analyze("--max-evt-bytes", "100000000", big.toString(), good.toString());
    assertEquals(0, refused.code(), refused.err());
    assertEquals(ofHost(alone.sessions(), "good"), ofHost(refused.sessions(), "good"));
    assertTrue(refused.err().contains("401 records: 400 events, 1 rejected"), refused.err());
    assertTrue(refused.err().contains("read limits hit: max_evt_bytes 1"), refused.err());
    assertTrue(refused.err().contains("rejected by kind: limit 1"), refused.err());
  }
}
