package org.winsession.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.read.json.JsonLinesEventReader;

/**
 * Findings of the {@link ReadersFuzzer} targets (JSON lines, CSV, text, containers), each
 * minimized by hand to the smallest input that shows it, with the outcome the contract asks for;
 * each is also replayed through its fuzz target's own checks. BENCHMARKS.md's fuzzing table links
 * here.
 */
class FuzzFindingsTest {
  private static final String EVENT = ShapesTest.nxlog(ShapesTest.events().get(0)).strip();

  private static ReadersFuzzer.Checked json(String text) throws IOException {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    ReadersFuzzer.Checked sink = new ReadersFuzzer.Checked(data);
    new JsonLinesEventReader(ReadLimits.DEFAULT, LocalTimes.DEFAULT)
        .read(new ByteArrayInputStream(data), "test", sink);
    return sink;
  }

  /**
   * json target, 18:44 (fuzz-json-crash-e4344d8d): an empty JSON array followed by an event,
   * {@code []{"Id":4672,...}}, reported nothing at all: the reader read the array and stopped,
   * dropping whatever followed without a word. What follows an array is a record (or a rejected
   * one), never lost silently.
   */
  @Test
  void contentAfterAJsonArray_isNotDroppedSilently() throws IOException {
    ReadersFuzzer.Checked sink = json("[]\n" + EVENT + "\n");
    assertTrue(sink.reports() >= 1, "nothing reported for an array followed by an event");
    new ReadersFuzzer().json(("[]" + EVENT).getBytes(StandardCharsets.UTF_8));
  }

  /** The same with a non-empty array: the event after it is not lost either. */
  @Test
  void eventAfterAJsonArrayOfOneEvent_isNotDroppedSilently() throws IOException {
    String array = ShapesTest.getWinEvent(ShapesTest.events().get(0));
    ReadersFuzzer.Checked sink = json(array + "\n" + EVENT + "\n");
    assertEquals(2, sink.reports(), "the array's event and the line after it");
  }

  // ---- containers ----------------------------------------------------------------------------

  private static final byte[] XML = ReadersFuzzer.utf8(ShapesTest.xml(ShapesTest.events().get(0)));

  /** Reads through {@link Inputs}: must not throw; returns what was reported. */
  private static ReadersFuzzer.Checked inputs(byte[] data) throws IOException {
    ReadersFuzzer.Checked sink = new ReadersFuzzer.Checked(data);
    new Inputs(ReadLimits.DEFAULT).read(new ByteArrayInputStream(data), "test", sink);
    return sink;
  }

  /** Two tar members; the second's header is damaged by {@code damage}. */
  private static byte[] tarWithDamagedSecond(java.util.function.Consumer<byte[]> damage) {
    byte[] first = ReadersFuzzer.tar("a.xml", XML);
    byte[] second = ReadersFuzzer.tar("b.xml", XML);
    int firstLen = 512 + (XML.length + 511) / 512 * 512;
    byte[] header = Arrays.copyOf(second, 512);
    damage.accept(header);
    System.arraycopy(header, 0, second, 0, 512);
    byte[] out = new byte[firstLen + second.length];
    System.arraycopy(first, 0, out, 0, firstLen);
    System.arraycopy(second, 0, out, firstLen, second.length);
    return out;
  }

  private static void assertContainerReported(ReadersFuzzer.Checked sink) {
    assertTrue(sink.warnings > 0 || sink.rejected.stream().map(RejectedRecord::kind)
        .anyMatch(k -> k == RejectKind.CONTAINER), "the damage is not reported");
  }

  /**
   * containers target, 19:00 (fuzz-containers-crash-756abe46): a tar member whose size field is
   * not octal threw {@code IOException: tar header size '...': expected octal digits} out of
   * {@code Inputs.read}, so {@code analyze} failed the input although the member before it had
   * been read. The damage is a CONTAINER report; what came before is kept.
   */
  @Test
  void tarSizeFieldNotOctal_isReportedNotThrown() throws IOException {
    byte[] tar = tarWithDamagedSecond(h -> h[130] = 'x');
    ReadersFuzzer.Checked sink = inputs(tar);
    assertEquals(1, sink.events.size(), "the first member's event");
    assertContainerReported(sink);
  }

  /**
   * containers target, 19:00 (fuzz-containers-crash-4290761c): a base-256 tar size past 1 TiB threw
   * {@code IOException: tar member size past 1 TiB} out of {@code Inputs.read}.
   */
  @Test
  void tarSizePastOneTebibyte_isReportedNotThrown() throws IOException {
    byte[] tar = tarWithDamagedSecond(h -> {
      Arrays.fill(h, 124, 136, (byte) 0);
      h[124] = (byte) 0x80; // base-256 size
      h[127] = 0x7f;
    });
    ReadersFuzzer.Checked sink = inputs(tar);
    assertEquals(1, sink.events.size(), "the first member's event");
    assertContainerReported(sink);
  }

  /**
   * containers target, 19:00 (fuzz-containers-crash-2662cf0b and others): a zip entry whose name is
   * not UTF-8 threw {@code IllegalArgumentException: malformed input off : 3, length : 1} (from
   * {@code ZipInputStream.getNextEntry}) out of {@code Inputs.read}: an unchecked exception, so
   * the whole run failed.
   */
  @Test
  void zipEntryNameNotUtf8_isReportedNotThrown() throws IOException {
    byte[] zip = ReadersFuzzer.zip("a.xml", XML);
    zip[30 + 1] = (byte) 0xFF; // the local header's name starts at byte 30: a.xml becomes a\xFFxml
    ReadersFuzzer.Checked sink = inputs(zip);
    assertTrue(sink.reports() + sink.warnings >= 1, "nothing reported for a zip with one member");
  }

  /**
   * containers target, 19:00 (fuzz-containers-crash-5bdfa2d4, -e37f3531, -a6e3faf7): a gzip header
   * cut short ({@code 1f 8b 08 3c 45 76}), with an unknown method or with a header checksum that
   * does not match threw {@code EOFException} / {@code ZipException: Unsupported compression
   * method} / {@code Corrupt GZIP header} from the {@code GZIPInputStream} constructor, out of
   * {@code Inputs.read}.
   */
  @Test
  void gzipHeaderCutOrDamaged_isReportedNotThrown() throws IOException {
    byte[] cut = {0x1f, (byte) 0x8b, 8, '<', 'E', 'v'};
    assertContainerReported(inputs(cut));
    byte[] method = ReadersFuzzer.gzip(XML);
    method[2] = 0; // compression method 0: not deflate
    assertContainerReported(inputs(method));
    byte[] flags = ReadersFuzzer.gzip(XML);
    flags[3] = 2; // FHCRC: a header checksum that the next two bytes do not match
    assertContainerReported(inputs(flags));
  }

  /**
   * containers target, 19:01 (fuzz-containers-crash-40fd78fe, 142 bytes as found): a gzip whose
   * damaged body inflates to the start of a zip made {@code ZipInputStream} throw {@code
   * IOException: Push back buffer is full}, which {@code Inputs} did not catch (it catches only
   * {@code ZipException} and {@code EOFException}). Too tangled to shrink by hand; kept as found.
   */
  @Test
  void zipPushbackOverflow_isReportedNotThrown() throws IOException {
    byte[] found = java.util.HexFormat.of().parseHex(
        "1f8b08ffffffff0000ffed545b4fdb3014e679bf628ac61b896c276d51dfaa825835682bd20d69aa34b9f659" +
        "6b27af9bd6232ae7b9c5907f22d63f88bbe87403dacf5409513f6284756392c684cdc8719f74fa847d8d8ea2" +
        "8fc67950cd6b8dab9cd04418ed8d334961042f90af5d8c4ea27ed665d9517409c25839aeca05d8a84f096547" +
        "08d170c5b586023de420");
    inputs(found);
  }
}
