package org.winsession.read.evtx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.winsession.event.SourceFormat;
import org.winsession.normalize.EventFields;
import org.winsession.normalize.ForwardingFields;
import org.winsession.normalize.InvalidEventException;
import org.winsession.normalize.Normalizer;

/**
 * Logon IDs and record ids read as numbers ({@link EventFields#dataHexNumber},
 * {@link EventFields#recordIdNumber}) normalize every record exactly as their rendered text does:
 * on every record of every real log and of damaged copies of its chunks, the event (or the
 * refusal) and any render error are the same through the numbers and through the text alone.
 */
class EvtxNumbersTest {
  private static final int HEADER = EvtxEventReader.FILE_HEADER;
  private static final int CHUNK = EvtxEventReader.CHUNK;

  /** The record's fields with the number shortcuts hidden: every value goes through its text. */
  private static final class TextOnly extends ForwardingFields {
    TextOnly(EventFields f) {
      super(f);
    }

    @Override
    public long recordIdNumber() {
      return NOT_NUMERIC;
    }

    @Override
    public long dataHexNumber(String name) {
      return NOT_NUMERIC;
    }
  }

  /** Records of the chunk compared; counts[0] records, counts[1] those a number was read from. */
  private static void compare(byte[] chunk, String where, int[] counts) {
    BinXml binXml = new BinXml(true);
    EvtxRecordFields fields = new EvtxRecordFields();
    binXml.reset(chunk, chunk.length);
    for (int[] record : TemplatePlanTest.records(chunk)) {
      int p = record[0];
      int size = record[1];
      String viaNumbers = normalized(binXml, fields, chunk, p, size, false);
      boolean numeric = fields.recordIdNumber() != EventFields.NOT_NUMERIC
          || fields.dataHexNumber("TargetLogonId") != EventFields.NOT_NUMERIC
          || fields.dataHexNumber("SubjectLogonId") != EventFields.NOT_NUMERIC;
      String viaText = normalized(binXml, fields, chunk, p, size, true);
      assertEquals(viaText, viaNumbers, where + " record at " + p);
      counts[0]++;
      counts[1] += numeric ? 1 : 0;
    }
  }

  private static String normalized(BinXml binXml, EvtxRecordFields fields, byte[] chunk, int p,
      int size, boolean textOnly) {
    fields.reset(Bytes.u64(chunk, p + 8));
    try {
      binXml.record(p + 24, p + size - 4, fields);
    } catch (EvtxFormatException | RuntimeException e) {
      return "undecoded " + e;
    }
    String result;
    try {
      result = Normalizer.normalize(textOnly ? new TextOnly(fields) : fields, SourceFormat.EVTX)
          .toString();
    } catch (InvalidEventException | RuntimeException e) {
      result = "refused " + e;
    }
    return result + " render error " + fields.renderError();
  }

  @ParameterizedTest
  @MethodSource("org.winsession.read.evtx.TemplatePlanTest#realLogs")
  void numbersNormalizeAsTheirText_onEveryRecordAndOnDamagedCopies(Path log) throws IOException {
    byte[] file = Files.readAllBytes(log);
    Random random = new Random(log.getFileName().toString().hashCode());
    int[] counts = new int[2];
    for (int at = HEADER; at + CHUNK <= file.length; at += CHUNK) {
      byte[] chunk = Arrays.copyOfRange(file, at, at + CHUNK);
      compare(chunk, log + " chunk at " + at, counts);
      for (int copy = 0; copy < 3; copy++) { // a few bytes changed among the records
        byte[] bad = chunk.clone();
        for (int k = 0, n = 1 + random.nextInt(8); k < n; k++) {
          bad[ChunkDecoder.CHUNK_HEADER + random.nextInt(CHUNK - ChunkDecoder.CHUNK_HEADER)] =
              (byte) random.nextInt(256);
        }
        compare(bad, log + " damaged chunk at " + at, new int[2]);
      }
    }
    assertTrue(counts[0] == 0 || counts[1] > 0,
        log + ": " + counts[0] + " records, none with a number read: nothing compared");
  }
}
