package org.winsession.read.evtx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.winsession.testing.CollectingSink;
import org.winsession.testing.SharedData;

/**
 * Template extraction plans against the reference, replaying every template instruction by
 * instruction: on every record of every real log, and of damaged copies of each of its chunks,
 * both give the same collected fields (every slot, rendered, with its name and any error) and the
 * same events, rejected records and warnings.
 */
class TemplatePlanTest {
  private static final int HEADER = EvtxEventReader.FILE_HEADER;
  private static final int CHUNK = EvtxEventReader.CHUNK;

  static Stream<Path> realLogs() throws IOException {
    try (Stream<Path> walk = Files.walk(SharedData.dir())) {
      return walk.filter(p -> p.toString().endsWith(".evtx")).sorted().toList().stream();
    }
  }

  /** Each record's collected fields, as text, with plans on or off. */
  private static List<String> fields(byte[] chunk, boolean plans) {
    BinXml binXml = new BinXml(plans);
    EvtxRecordFields fields = new EvtxRecordFields();
    binXml.reset(chunk, chunk.length);
    List<String> out = new ArrayList<>();
    for (int[] record : records(chunk)) {
      int p = record[0];
      fields.reset(Bytes.u64(chunk, p + 8));
      try {
        binXml.record(p + 24, p + record[1] - 4, fields);
        out.add(p + " " + fields);
      } catch (EvtxFormatException | RuntimeException e) {
        out.add(p + " " + e);
      }
    }
    return out;
  }

  /**
   * The records a chunk holds, as {offset, size}: each where the record magic stands and its size
   * is repeated at its end, the search going on after it.
   */
  static List<int[]> records(byte[] chunk) {
    List<int[]> out = new ArrayList<>();
    for (int p = ChunkDecoder.CHUNK_HEADER; p + 28 <= chunk.length; p++) {
      if (chunk[p] != 0x2A || chunk[p + 1] != 0x2A || chunk[p + 2] != 0 || chunk[p + 3] != 0) {
        continue;
      }
      int size = Bytes.u32(chunk, p + 4);
      if (size < 32 || size > chunk.length - p || Bytes.u32(chunk, p + size - 4) != size) {
        continue;
      }
      out.add(new int[] {p, size});
      p += size - 1;
    }
    return out;
  }

  /** Every sink call the chunk decoder makes, with plans on or off. */
  private static List<String> calls(byte[] chunk, boolean plans) {
    CollectingSink sink = new CollectingSink();
    new ChunkDecoder(plans).decode(chunk, 0, HEADER, chunk.length, "t", sink, null);
    return sink.calls;
  }

  @ParameterizedTest
  @MethodSource("realLogs")
  void plansGiveWhatTheReplayGives_onEveryChunkAndOnDamagedCopies(Path log) throws IOException {
    byte[] file = Files.readAllBytes(log);
    Random random = new Random(log.getFileName().toString().hashCode());
    int records = 0;
    for (int at = HEADER; at + CHUNK <= file.length; at += CHUNK) {
      byte[] chunk = java.util.Arrays.copyOfRange(file, at, at + CHUNK);
      List<String> reference = fields(chunk, false);
      records += reference.size();
      assertEquals(reference, fields(chunk, true), log + " chunk at " + at);
      assertEquals(calls(chunk, false), calls(chunk, true), log + " chunk at " + at);
      for (int copy = 0; copy < 3; copy++) { // a few bytes changed among the records
        byte[] bad = chunk.clone();
        for (int k = 0, n = 1 + random.nextInt(8); k < n; k++) {
          bad[ChunkDecoder.CHUNK_HEADER + random.nextInt(CHUNK - ChunkDecoder.CHUNK_HEADER)] =
              (byte) random.nextInt(256);
        }
        assertEquals(fields(bad, false), fields(bad, true), log + " damaged chunk at " + at);
        assertEquals(calls(bad, false), calls(bad, true), log + " damaged chunk at " + at);
      }
    }
    assertTrue(records > 0 || file.length < HEADER + CHUNK, log + ": no record compared");
  }
}
