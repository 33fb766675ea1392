package org.winsession.read.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.winsession.testing.Samples.modern;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;
import org.winsession.read.ReadLimits;
import org.winsession.testing.CollectingSink;
import org.winsession.testing.Read;
import org.winsession.testing.Read.Shape;

/**
 * The XML reader where read boundaries really fall: buffers of a few bytes, streams that return
 * one byte (or a random few) per call, and a cut at every byte of a record. Everywhere: records =
 * events + rejected, and a bad record never costs a good one after it.
 */
class XmlBoundariesTest {
  private static final ReadLimits LIMITS = ReadLimits.DEFAULT
      .with(ReadLimits.Limit.MAX_RECORD_BYTES, 4096);

  /** Reads {@code data} with a buffer of {@code bufferBytes} through a stream of the shape. */
  static CollectingSink read(byte[] data, int bufferBytes, Shape shape, ReadLimits limits) {
    CollectingSink sink = new CollectingSink();
    try {
      new XmlEventReader(limits, SourceFormat.XML, bufferBytes)
          .read(Read.shaped(new ByteArrayInputStream(data), shape), "test", sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink;
  }

  /** A stream that returns {@code data[0, cut)} on its first read, then the rest. */
  static InputStream cutAt(byte[] data, int cut) {
    return new FilterInputStream(new ByteArrayInputStream(data)) {
      private boolean first = true;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = first ? Math.min(len, cut) : len;
        first = false;
        return super.read(b, off, n);
      }
    };
  }

  private static String event(long id) {
    return modern(id % 2 == 0 ? 4624 : 4634, id, "2024-01-01T00:00:" + String.format("%02d", id % 60)
        + "Z", "H" + id % 7, "TargetLogonId", "0x" + Long.toHexString(1000 + id), "LogonType", "3",
        "TargetUserName", "user" + id);
  }

  private static List<Long> ids(List<SecurityEvent> events) {
    return events.stream().map(SecurityEvent::recordId).toList();
  }

  @Test
  void aCutAtEveryByte_neverChangesWhatIsRead() throws IOException {
    byte[] doc = ("<?xml version='1.0'?>\r\n<Events>" + event(1) + "\n<!-- c -->" + event(2)
        + "<Event><System><EventID>4634</EventID><TimeCreated SystemTime='2024-01-01T00:00:00Z'/>"
        + "<EventRecordID>3</EventRecordID><Computer>H</Computer></System><EventData>"
        + "<Data Name='TargetLogonId'>0x9</Data><Data Name='Note'><![CDATA[a<b]]>&amp;</Data>"
        + "<!-- x --><?pi y?></EventData></Event></Events>\n").getBytes(StandardCharsets.UTF_8);
    for (int buffer : new int[] {1, 5, 64, 1 << 16}) {
      for (int cut = 1; cut < doc.length; cut++) {
        CollectingSink sink = new CollectingSink();
        new XmlEventReader(LIMITS, SourceFormat.XML, buffer).read(cutAt(doc, cut), "t", sink);
        assertEquals(List.of(1L, 2L, 3L), ids(sink.events), "cut at " + cut + ", buffer " + buffer
            + ": " + sink.rejected);
        assertEquals(List.of(), sink.rejected);
      }
    }
  }

  @Test
  void oneByteReads_reachTheReaderThroughTheSniffingBuffer() throws IOException {
    InputStream in = new java.io.BufferedInputStream(Read.shaped(
        new ByteArrayInputStream(new byte[100_000]), Shape.ONE_BYTE_AT_A_TIME), 1 << 16);
    in.mark(4096);
    assertEquals(4096, in.readNBytes(new byte[4096], 0, 4096));
    in.reset();
    byte[] b = new byte[1 << 16];
    assertEquals(4096, in.read(b, 0, b.length), "the sniffed bytes come back first");
    for (int i = 0; i < 100; i++) {
      assertEquals(1, in.read(b, 0, b.length), "then one byte per read, as the source gives them");
    }
  }

  @Test
  void slashAsTheLastBufferedByteOfAStartTag_isNoError() throws IOException {
    String doc = event(1) + "\n" + event(2);
    int cut = doc.indexOf("'/>") + 2; // "<TimeCreated SystemTime='...'/" then ">..."
    CollectingSink sink = new CollectingSink();
    new XmlEventReader(LIMITS, SourceFormat.XML, 1 << 16)
        .read(cutAt(doc.getBytes(StandardCharsets.UTF_8), cut), "t", sink);
    assertEquals(List.of(), sink.rejected);
    assertEquals(List.of(1L, 2L), ids(sink.events));
  }

  @Test
  void resynchronisingPastTheBufferedBytes_keepsEveryLaterRecord() {
    String bad = "<Event><System><EventID>4624</Evil>" + "x".repeat(200_000) + "</Event>";
    byte[] doc = ("<Events>" + event(1) + bad + event(2) + event(3) + "</Events>")
        .getBytes(StandardCharsets.UTF_8);
    for (int buffer : new int[] {3, 16, 1 << 16}) {
      for (Shape shape : Shape.values()) {
        CollectingSink sink = read(doc, buffer, shape, LIMITS);
        assertEquals(List.of(1L, 2L, 3L), ids(sink.events), shape + " " + buffer);
        assertEquals(1, sink.rejected.size());
        assertEquals(RejectKind.SYNTAX, sink.rejected.get(0).kind());
      }
    }
  }

  @Test
  void unterminatedCommentCdataOrPi_costOnlyTheirRecord() {
    for (String open : new String[] {"<!-- never closed", "<![CDATA[ never closed", "<?pi never"}) {
      for (int later : new int[] {2, 20}) { // the input ends before the record bound, or after
        StringBuilder doc = new StringBuilder("<Events>").append(event(1));
        doc.append("<Event><System><EventID>4624</EventID>").append(open).append("</System>");
        for (int i = 2; i < 2 + later; i++) {
          doc.append('\n').append(event(i));
        }
        byte[] data = doc.append("</Events>").toString().getBytes(StandardCharsets.UTF_8);
        for (Shape shape : Shape.values()) {
          CollectingSink sink = read(data, 7, shape, LIMITS);
          List<Long> want = new ArrayList<>();
          for (long i = 1; i < 2 + later; i++) {
            want.add(i);
          }
          assertEquals(want, ids(sink.events), open + ", " + later + " later, " + shape);
          assertEquals(1, sink.rejected.size(), sink.rejected.toString());
          RejectedRecord r = sink.rejected.get(0);
          assertEquals(later == 2 ? RejectKind.TRUNCATED : RejectKind.LIMIT, r.kind(), r.reason());
          assertTrue(r.reason().contains(open.startsWith("<!--") ? "a comment"
              : open.startsWith("<!") ? "a CDATA section" : "a processing instruction"), r.reason());
          assertEquals(8 + event(1).length(), r.byteOffset());
        }
      }
    }
  }

  @Test
  void unterminatedCommentBetweenEvents_costsOnlyItself() {
    byte[] data = (event(1) + "\n<!-- never closed\n" + event(2) + "\n" + event(3))
        .getBytes(StandardCharsets.UTF_8);
    for (Shape shape : Shape.values()) {
      CollectingSink sink = read(data, 4, shape, LIMITS);
      assertEquals(List.of(1L, 2L, 3L), ids(sink.events));
      assertEquals(1, sink.rejected.size());
      assertEquals(RejectKind.TRUNCATED, sink.rejected.get(0).kind());
      assertEquals(2, sink.rejected.get(0).line());
    }
  }

  @Test
  void recordsStartingInsideAnUnterminatedComment_scanItOnce() throws IOException {
    StringBuilder doc = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      doc.append("<Event><!--");
    }
    byte[] data = doc.append(event(1)).toString().getBytes(StandardCharsets.UTF_8);
    for (ReadLimits limits : new ReadLimits[] {LIMITS, ReadLimits.DEFAULT}) {
      XmlEventReader reader = new XmlEventReader(limits, SourceFormat.XML, 1 << 16);
      CollectingSink sink = new CollectingSink();
      reader.read(new ByteArrayInputStream(data), "t", sink);
      assertEquals(List.of(1L), ids(sink.events));
      assertEquals(20_000, sink.rejected.size(), "records = events + rejected");
      // each of the 20,000 records would otherwise scan the rest of the input (2.2 GB in all)
      assertTrue(reader.terminatorBytesScanned() <= 2L * data.length,
          reader.terminatorBytesScanned() + " bytes scanned for 20,000 records in " + data.length);
    }
  }

  /** The kinds of damage the property test inserts; each yields exactly one rejected record. */
  private static final List<IntFunction<String>> DAMAGE = List.of(
      i -> event(i).replace("</EventID>", "</EventId>"), // mismatched end tag
      i -> event(i).replace("</Event>", ""), // unterminated: the next <Event> cuts it
      i -> event(i).replace("<EventData>", "<EventData><!-- never closed"),
      i -> event(i).replace("<EventData>", "<EventData><![CDATA[never closed"),
      i -> event(i).replace("<EventData>", "<EventData><?never closed"),
      i -> event(i).replace("LogonType'>3", "LogonType'>&bogus;"), // undeclared entity
      i -> event(i).replace("user", "us\u0001er"), // control character
      i -> event(i).replace("Name='LogonType'", "Name=LogonType"), // unquoted attribute
      i -> event(i).replace("</EventData>", "<Data Name='Pad'>" + "p".repeat(5000) + "</Data>"
          + "</EventData>"), // past the record bound (4096)
      i -> event(i).replace("<EventRecordID>", "<EventRecordID><x>".repeat(70) + "</x>".repeat(69))
          + "", // nesting past the depth limit
      i -> event(i).replace("<EventID>4624</EventID>", "").replace("<EventID>4634</EventID>", ""),
      i -> "\n<!DOCTYPE Events [<!ENTITY x 'y'>]>\n", // a DTD between events
      i -> "\nstray text between events\n",
      i -> "<!-- a comment that never closes ",
      i -> event(i).replace("<Event ", "<Event/").replace("</Event>", "") + " junk " + "j".repeat(3000),
      i -> "<Event><System><EventID>4624</EventID><TimeCreated SystemTime='x'/ ></System></Event>");

  private static final java.util.regex.Pattern GOOD_ID =
      java.util.regex.Pattern.compile("<EventRecordID>(\\d+)</EventRecordID>");

  @Test
  void longDocumentWithDamage_deliversEveryGoodRecord_atEveryBufferAndReadSize() {
    Random r = new Random(2024);
    int n = 3000;
    StringBuilder clean = new StringBuilder("<?xml version='1.0' encoding='utf-8'?>\r\n<Events>\r\n");
    StringBuilder dirty = new StringBuilder(clean);
    int bad = 0;
    for (int i = 1; i <= n; i++) {
      String e = event(i);
      clean.append(e).append("\r\n");
      if (r.nextInt(4) == 0) {
        dirty.append(DAMAGE.get(r.nextInt(DAMAGE.size())).apply(100_000 + i));
        bad++;
      }
      dirty.append(e).append("\r\n");
    }
    // every kind at least once
    for (int k = 0; k < DAMAGE.size(); k++) {
      dirty.append(DAMAGE.get(k).apply(200_000 + k)).append(event(n + 1 + k));
      clean.append(event(n + 1 + k));
      bad++;
    }
    clean.append("</Events>\r\n");
    dirty.append("</Events>\r\n");
    byte[] cleanBytes = clean.toString().getBytes(StandardCharsets.UTF_8);
    byte[] dirtyBytes = dirty.toString().getBytes(StandardCharsets.UTF_8);
    CollectingSink want = read(cleanBytes, 1 << 16, Shape.WHOLE, LIMITS);
    assertEquals(n + DAMAGE.size(), want.events.size());
    assertEquals(List.of(), want.rejected);
    assertTrue(dirtyBytes.length > 20 * (1 << 16), "far bigger than the buffer");
    // {buffer bytes, shape}: WHOLE 0, ONE_BYTE_AT_A_TIME 1, RANDOM_CHUNKS 2
    int[][] runs = {{1, 0}, {2, 2}, {3, 1}, {5, 2}, {13, 2}, {16, 1}, {4096, 2}, {1 << 16, 0},
        {1 << 16, 1}, {1 << 16, 2}};
    for (int[] run : runs) {
      Shape shape = Shape.values()[run[1]];
      CollectingSink got = read(dirtyBytes, run[0], shape, LIMITS);
      String at = "buffer " + run[0] + ", " + shape;
      assertEquals(want.events, got.events, at);
      assertEquals(bad, got.rejected.size(), at + ": records = events + rejected");
      for (RejectedRecord rr : got.rejected) {
        assertTrue(rr.reason().length() <= RejectedRecord.MAX_REASON_CHARS);
        for (java.util.regex.Matcher m = GOOD_ID.matcher(rr.raw()); m.find(); ) {
          assertTrue(Long.parseLong(m.group(1)) >= 100_000,
              at + ": the raw text of a rejected record holds no good record: " + rr);
        }
      }
    }
  }

  @Test
  void utf16WithBom_throughOneByteReads() {
    String doc = "<Events>" + event(1) + "\r\n" + event(2) + "</Events>";
    for (java.nio.charset.Charset cs : new java.nio.charset.Charset[] {
        StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(cs == StandardCharsets.UTF_16LE ? new byte[] {(byte) 0xFF, (byte) 0xFE}
          : new byte[] {(byte) 0xFE, (byte) 0xFF});
      out.writeBytes(doc.getBytes(cs));
      for (int buffer : new int[] {1, 3, 1 << 16}) {
        CollectingSink sink = read(out.toByteArray(), buffer, Shape.ONE_BYTE_AT_A_TIME, LIMITS);
        assertEquals(List.of(1L, 2L), ids(sink.events));
      }
    }
  }
}
