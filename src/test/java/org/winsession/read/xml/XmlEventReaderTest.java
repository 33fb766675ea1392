package org.winsession.read.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.winsession.testing.Samples.modern;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.ReadLimits;
import org.winsession.testing.CollectingSink;
import org.winsession.testing.Read;
import org.winsession.testing.Read.Shape;
import org.winsession.testing.Samples;

/** Every shape the XML reader accepts, and every way a record can be bad, one case each. */
class XmlEventReaderTest {
  private static final String A = modern(4624, 1, "2024-01-01T00:00:00Z", "H",
      "TargetLogonId", "0x10", "LogonType", "3");
  private static final String B = modern(4634, 2, "2024-01-01T00:01:00Z", "H",
      "TargetLogonId", "0x10", "LogonType", "3");
  private static final String C = modern(4634, 3, "2024-01-01T00:02:00Z", "H",
      "TargetLogonId", "0x11", "LogonType", "3");

  /** {@link Read#text}, checked against the reader at buffers of a few bytes and one-byte reads. */
  private static Read.Result read(String text) {
    return read(text, Shape.WHOLE);
  }

  private static Read.Result read(String text, Shape shape) {
    return readBytes(text.getBytes(StandardCharsets.UTF_8), shape, ReadLimits.DEFAULT);
  }

  /**
   * What {@link Read#bytes} reads through {@code Inputs}; the same bytes (up to 64 KiB) read by the
   * XML reader directly with buffers of 1, 4 and 16 bytes, one byte per read call, must give the
   * same events and the same rejected records (position, kind, reason).
   */
  private static Read.Result readBytes(byte[] data, Shape shape, ReadLimits limits) {
    Read.Result r = Read.bytes(data, shape, limits);
    boolean gzip = data.length > 1 && (data[0] & 0xFF) == 0x1f && (data[1] & 0xFF) == 0x8b;
    boolean xml = r.rejected().stream().noneMatch(x -> x.kind() == RejectKind.UNRECOGNIZED_INPUT);
    if (!gzip && xml && data.length <= 1 << 16) { // the large cases have their own boundary tests
      for (int buffer : new int[] {1, 4, 16}) {
        CollectingSink small = XmlBoundariesTest.read(data, buffer, Shape.ONE_BYTE_AT_A_TIME, limits);
        assertEquals(r.events(), small.events, "buffer " + buffer);
        assertEquals(where(r.rejected()), where(small.rejected), "buffer " + buffer);
      }
    }
    return r;
  }

  private static List<String> where(List<RejectedRecord> rejected) {
    return rejected.stream().map(x -> x.byteOffset() + " line " + x.line() + " " + x.kind() + " "
        + x.recordId() + ": " + x.reason()).collect(Collectors.toList());
  }

  private static List<Long> ids(Read.Result r) {
    return r.events().stream().map(SecurityEvent::recordId).collect(Collectors.toList());
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void eventsExport_withDeclarationAndWrapper(Shape shape) {
    Read.Result r = read("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n" + A + "\n"
        + Samples.E4624_V3 + "\n<!-- a comment -->\n" + Samples.E4634 + "\n</Events>\n", shape);
    assertEquals(List.of(1L, 1446L, 230019L), ids(r));
    assertTrue(r.rejected().isEmpty());
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void onePerLine_likeSplunkXmlWinEventLog_withCrLf(Shape shape) {
    Read.Result r = read(A + "\r\n" + B + "\r\n" + C + "\r\n", shape);
    assertEquals(List.of(1L, 2L, 3L), ids(r));
  }

  @Test
  void singleDocument_withoutTrailingNewline() {
    assertEquals(1446, read(Samples.E4624_V3).only().recordId());
  }

  @Test
  void prettyPrintedEvent_withEntitiesAndCdata() {
    String xml = "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n"
        + "  <System>\n    <EventID Qualifiers=\"\">4624</EventID>\n"
        + "    <TimeCreated SystemTime=\"2024-01-01T00:00:00Z\" />\n"
        + "    <EventRecordID>9</EventRecordID>\n    <Computer>H</Computer>\n  </System>\n"
        + "  <EventData>\n    <Data Name=\"TargetLogonId\">0x10</Data>\n"
        + "    <Data Name=\"TargetUserName\">O&apos;Brien &amp; co &#x263A;</Data>\n"
        + "    <Data Name=\"TargetDomainName\"><![CDATA[R&D <lab>]]></Data>\n"
        + "  </EventData>\n</Event>\n";
    SecurityEvent e = read(xml).only();
    assertEquals("O'Brien & co \u263A", e.user());
    assertEquals("R&D <lab>", e.domain());
  }

  @Test
  void utf8Bom_andNonAsciiNames() {
    byte[] body = modern(4624, 1, "2024-01-01T00:00:00Z", "H", "TargetLogonId", "0x10",
        "TargetUserName", "J\u00f6rg \u5c71\u7530").getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    assertEquals("J\u00f6rg \u5c71\u7530",
        readBytes(withBom, Shape.WHOLE, ReadLimits.DEFAULT).only().user());
  }

  @Test
  void utf16LittleEndianWithBom_asEventViewerSavesIt() {
    String doc = "\uFEFF<Events>" + A + B + "</Events>";
    Read.Result r = readBytes(doc.getBytes(StandardCharsets.UTF_16LE), Shape.RANDOM_CHUNKS,
        ReadLimits.DEFAULT);
    assertEquals(List.of(1L, 2L), ids(r));
  }

  @Test
  void gzip_isReadTransparently() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write((A + "\n" + B + "\n").getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(List.of(1L, 2L), ids(readBytes(bytes.toByteArray(), Shape.ONE_BYTE_AT_A_TIME,
        ReadLimits.DEFAULT)));
  }

  @Test
  void controlCharacterInOneRecord_rejectsThatRecordOnly() {
    String bad = modern(4739, 2, "2024-01-01T00:00:30Z", "H", "MinPasswordAge", "\u0003");
    String doc = "<Events>\n" + A + "\n" + bad + "\n" + C + "\n</Events>";
    Read.Result r = read(doc, Shape.RANDOM_CHUNKS);
    assertEquals(List.of(1L, 3L), ids(r));
    RejectedRecord rej = r.rejected().get(0);
    assertEquals(3, rej.line());
    assertEquals(doc.indexOf(bad), rej.byteOffset());
    assertEquals(2, rej.recordId(), "the record id read before the error");
    assertTrue(rej.reason().contains("control character U+0003"), rej.reason());
    assertTrue(rej.raw().startsWith("<Event "), rej.raw());
  }

  @Test
  void eachMalformation_isOneRejectedRecordAndTheNeighboursSurvive() {
    String[] bad = {
      A.replace("</System>", ""), // unbalanced
      A.replace("<Data Name='LogonType'>", "<Data Name=LogonType>"), // unquoted attribute
      A.replace("0x10", "0x10 &nbsp;"), // undeclared entity
      A.replace("0x10", "&#0;"), // forbidden character reference
      A.replace("0x10", "0x10 &"), // bare ampersand
      A.replace("<EventData>", "<EventData><!ENTITY x 'y'>"), // declaration inside
      A.replace("<EventData>", "<EventData><Data Name='x'>\uFFFD \uD83D\uDE00</Data>"), // legal
      A.replace("<System>", "<System attr='<'>"), // '<' in attribute value
      A.replace("<Event ", "<Event foo='1' foo2 "), // attribute without value
    };
    for (String b : bad) {
      String doc = B + "\n" + b + "\n" + C + "\n";
      Read.Result r = read(doc);
      boolean legal = b.contains("\uD83D");
      assertEquals(legal ? 3 : 2, r.events().size(), b);
      assertEquals(legal ? 0 : 1, r.rejected().size(), b);
      if (!legal) {
        assertEquals(2, r.rejected().get(0).line(), b);
        assertTrue(r.rejected().get(0).reason().startsWith("not well-formed XML at byte "),
            r.rejected().get(0).reason());
      }
    }
  }

  @Test
  void invalidUtf8_isRejected() {
    byte[] good = (B + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] bad = A.replace("0x10", "0x10 XX").getBytes(StandardCharsets.UTF_8);
    int at = new String(bad, StandardCharsets.ISO_8859_1).indexOf(" XX");
    bad[at + 1] = (byte) 0xC0; // overlong lead byte
    bad[at + 2] = (byte) 0x80;
    byte[] doc = new byte[good.length + bad.length];
    System.arraycopy(good, 0, doc, 0, good.length);
    System.arraycopy(bad, 0, doc, good.length, bad.length);
    Read.Result r = readBytes(doc, Shape.WHOLE, ReadLimits.DEFAULT);
    assertEquals(1, r.events().size());
    assertTrue(r.rejected().get(0).reason().contains("invalid UTF-8"), r.rejected().toString());
  }

  @Test
  void unterminatedEvent_isRejectedAndTheNextEventIsRead() {
    String cut = A.substring(0, A.length() / 2);
    Read.Result r = read(cut + "\n" + B + "\n");
    assertEquals(List.of(2L), ids(r));
    assertTrue(r.rejected().get(0).reason().startsWith("unterminated <Event> element"));
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void inputTruncatedInsideTheLastEvent_keepsEverythingBefore(Shape shape) {
    String doc = A + "\n" + B + "\n" + C.substring(0, 120);
    Read.Result r = read(doc, shape);
    assertEquals(List.of(1L, 2L), ids(r));
    assertEquals(1, r.rejected().size());
    assertTrue(r.rejected().get(0).reason().startsWith("input ends inside an <Event> element"),
        r.rejected().toString());
    assertEquals(RejectKind.TRUNCATED, r.rejected().get(0).kind());
    assertEquals(3, r.rejected().get(0).line());
  }

  @Test
  void doctypeWithExternalEntity_isRefusedAndNeverResolved() {
    String doc = "<?xml version='1.0'?>\n<!DOCTYPE Events [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>\n"
        + "<Events>" + A.replace("0x10</Data>", "0x10</Data><Data Name='TargetUserName'>&xxe;</Data>")
        + B + "</Events>";
    Read.Result r = read(doc);
    assertEquals(List.of(2L), ids(r), "the event using the entity is rejected, the next is read");
    assertEquals(2, r.rejected().size());
    assertTrue(r.rejected().get(0).reason().startsWith("document type declaration refused"));
    assertTrue(r.rejected().get(1).reason().contains("undeclared entity &xxe;"));
    for (RejectedRecord rec : r.rejected()) {
      assertFalse(rec.raw().contains("root:"), "nothing was fetched");
    }
  }

  @Test
  void billionLaughs_isRefusedWithoutExpansion() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol 'lol'>");
    for (int i = 1; i < 10; i++) {
      dtd.append("<!ENTITY lol").append(i).append(" '");
      for (int k = 0; k < 10; k++) {
        dtd.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
      }
      dtd.append("'>");
    }
    dtd.append("]>");
    Read.Result r = read(dtd + "\n" + A.replace("0x10</Data>", "&lol9;</Data>"));
    assertEquals(0, r.events().size());
    assertEquals(2, r.rejected().size());
  }

  @Test
  void recordOverTheSizeLimit_isRejectedNamingTheLimit() {
    ReadLimits small = ReadLimits.DEFAULT.with(ReadLimits.Limit.MAX_RECORD_BYTES, 4096);
    String big = modern(4624, 2, "2024-01-01T00:00:00Z", "H", "TargetLogonId", "0x10",
        "Padding", "x".repeat(10_000));
    Read.Result r = readBytes((A + "\n" + big + "\n" + C + "\n").getBytes(StandardCharsets.UTF_8),
        Shape.RANDOM_CHUNKS, small);
    assertEquals(List.of(1L, 3L), ids(r));
    assertEquals(RejectKind.LIMIT, r.rejected().get(0).kind());
    assertTrue(r.rejected().get(0).reason().contains("exceeds the maximum allowed (4096, read limit"
        + " max_record_bytes"), r.rejected().get(0).reason());
  }

  @Test
  void nestingPastTheDepthLimit_isRejected() {
    String deep = A.replace("<EventData>", "<EventData>" + "<x>".repeat(100))
        .replace("</EventData>", "</x>".repeat(100) + "</EventData>");
    Read.Result r = read(deep + "\n" + B);
    assertEquals(List.of(2L), ids(r));
    assertEquals(RejectKind.LIMIT, r.rejected().get(0).kind());
    assertTrue(r.rejected().get(0).reason().contains("element nesting depth (65) exceeds the"
        + " maximum allowed (64, read limit max_depth"), r.rejected().get(0).reason());
  }

  @Test
  void textOutsideEvents_isReportedOncePerRun() {
    Read.Result r = read(A + "\ngarbage line one\ngarbage line two\n" + B + "\n<foo/>\n" + C);
    assertEquals(List.of(1L, 2L, 3L), ids(r));
    assertEquals(2, r.rejected().size());
    assertEquals(2, r.rejected().get(0).line());
    assertTrue(r.rejected().get(0).reason().startsWith("unexpected text outside"));
    assertTrue(r.rejected().get(1).reason().startsWith("unexpected markup outside"));
  }

  @Test
  void binaryGarbage_isOneRejectedRecord() {
    byte[] junk = new byte[5000];
    new java.util.Random(7).nextBytes(junk);
    junk[0] = 'x';
    Read.Result r = readBytes(junk, Shape.WHOLE, ReadLimits.DEFAULT);
    assertEquals(0, r.events().size());
    assertEquals(1, r.rejected().size());
    assertTrue(r.rejected().get(0).reason().startsWith("unrecognized input"));
  }

  @Test
  void manyEventsAcrossBufferBoundaries_allComeThroughWithExactLines() {
    StringBuilder doc = new StringBuilder("<Events>\r\n");
    int lines = 2; // the first event follows the <Events> line
    long badLine = -1;
    int badOffset = -1;
    for (int i = 1; i <= 3000; i++) {
      String e = modern(4624, i, "2024-01-01T00:00:00Z", "H\u00e9", "TargetLogonId", "0x10",
          "TargetUserName", "u" + "\u5c71".repeat(i % 40), "Pad", "x".repeat((i * 37) % 900));
      if (i % 3 == 0) {
        e = e.replace("><", ">\r\n  <"); // pretty-printed: lines inside the record
      }
      if (i == 1777) {
        e = e.replace("0x10", "0x10\u0001");
        badLine = lines;
        badOffset = doc.toString().getBytes(StandardCharsets.UTF_8).length;
      }
      doc.append(e).append("\r\n");
      lines += (int) e.chars().filter(c -> c == '\n').count() + 1;
    }
    doc.append("</Events>");
    for (Shape shape : Shape.values()) {
      Read.Result r = read(doc.toString(), shape);
      assertEquals(2999, r.events().size(), shape.name());
      assertEquals(1, r.rejected().size());
      assertEquals(badLine, r.rejected().get(0).line(), shape.name());
      assertEquals(badOffset, r.rejected().get(0).byteOffset(), shape.name());
      assertEquals(1777, r.rejected().get(0).recordId());
      assertEquals("u" + "\u5c71".repeat(3000 % 40), r.events().get(2998).user());
      assertEquals("u" + "\u5c71".repeat(1776 % 40), r.events().get(1775).user());
    }
  }

  @Test
  void emptyInput_hasNoRecords() {
    Read.Result r = read("");
    assertTrue(r.events().isEmpty() && r.rejected().isEmpty());
  }
}
