package org.winsession.read.evtx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.winsession.testing.CollectingSink;
import org.winsession.testing.SharedData;

/**
 * One thread against many: decoding EVTX chunks on worker threads gives exactly the calls, in
 * exactly the order, that one thread gives, on every real log, on a file of hundreds of chunks
 * (far more than the chunks in flight) and on damaged copies.
 */
class ParallelEvtxTest {
  private static final int CHUNK = EvtxEventReader.CHUNK;
  private static final int HEADER = EvtxEventReader.FILE_HEADER;

  /** Every sink call, in order, as text: events, rejected records and warnings alike. */
  private static List<String> calls(byte[] file, int threads) throws IOException {
    CollectingSink sink = new CollectingSink();
    new EvtxEventReader(threads).read(new ByteArrayInputStream(file), "t", sink);
    return sink.calls;
  }

  static Stream<Path> realLogs() throws IOException {
    try (Stream<Path> walk = Files.walk(SharedData.dir())) {
      return walk.filter(p -> p.toString().endsWith(".evtx")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("realLogs")
  void everyRealLog_sameCallsWithAnyThreadCount(Path log) throws IOException {
    byte[] file = Files.readAllBytes(log);
    List<String> one = calls(file, 1);
    for (int threads : new int[] {2, 3, 8}) {
      assertEquals(one, calls(file, threads), log + " with " + threads + " threads");
    }
  }

  /** The largest real log's chunks repeated into a file of 300 chunks, some of them damaged. */
  private static byte[] manyChunks(boolean damage) throws IOException {
    byte[] src = Files.readAllBytes(SharedData.dir().resolve("python-evtx/tests/data/security.evtx"));
    int chunks = (src.length - HEADER) / CHUNK;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(src, 0, HEADER);
    Random random = new Random(7);
    for (int i = 0; i < 300; i++) {
      byte[] c = java.util.Arrays.copyOfRange(src, HEADER + (i % chunks) * CHUNK,
          HEADER + (i % chunks + 1) * CHUNK);
      if (damage && i % 7 == 3) {
        for (int k = 0; k < 20; k++) {
          c[512 + random.nextInt(CHUNK - 512)] ^= (byte) (1 + random.nextInt(255));
        }
      }
      out.write(c);
    }
    out.write(src, HEADER, 1000); // a cut-off chunk at the end
    return out.toByteArray();
  }

  @Test
  void threeHundredChunks_sameCallsWithAnyThreadCount() throws IOException {
    byte[] file = manyChunks(false);
    List<String> one = calls(file, 1);
    assertTrue(one.size() > 10_000, "enough records to keep every worker busy: " + one.size());
    assertEquals(one, calls(file, 2));
    assertEquals(one, calls(file, 5));
  }

  @Test
  void damagedChunks_sameRejectionsAndWarningsWithAnyThreadCount() throws IOException {
    byte[] file = manyChunks(true);
    List<String> one = calls(file, 1);
    assertTrue(one.stream().anyMatch(s -> s.startsWith("R ")), "the damage costs records");
    assertTrue(one.stream().anyMatch(s -> s.startsWith("W ")), "and is warned of");
    assertEquals(one, calls(file, 2));
    assertEquals(one, calls(file, 4));
  }

  @Test
  void analyze_outputByteIdenticalForOneAndFourThreads(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("many.evtx");
    Files.write(log, manyChunks(true));
    byte[] one = analyze(dir, log, 1);
    byte[] four = analyze(dir, log, 4);
    assertTrue(one.length > 100_000, "sessions were written");
    assertEquals(new String(one, StandardCharsets.UTF_8), new String(four, StandardCharsets.UTF_8));
  }

  private static byte[] analyze(Path dir, Path log, int threads) throws IOException {
    Path out = dir.resolve("out-" + threads + ".json");
    Path rejected = dir.resolve("rejected-" + threads + ".json");
    PrintStream oldErr = System.err;
    System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      int code = org.winsession.cli.Main.run(new String[] {"analyze", "--threads",
          Integer.toString(threads), "-o", out.toString(), "--rejected", rejected.toString(),
          log.toString()});
      assertEquals(0, code);
    } finally {
      System.setErr(oldErr);
    }
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(Files.readAllBytes(out));
    both.write(Files.readAllBytes(rejected));
    return both.toByteArray();
  }
}
