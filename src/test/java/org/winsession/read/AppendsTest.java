package org.winsession.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.testing.Boundaries;
import org.winsession.testing.CollectingSink;
import org.winsession.testing.SharedData;

/**
 * Where a read of a growing log resumes: the kinds recognized from a file's head, and a
 * {@link Appends.Tracker} that agrees with a plain scan of the whole bytes on real events, however
 * the bytes arrive (one a call, a random few, skipped) and wherever the read began.
 */
class AppendsTest {
  private static final Pattern EVENT = Pattern.compile("<Event[ >].*?</Event>", Pattern.DOTALL);
  private static final Pattern EVENT_END = Pattern.compile("</Event>\r?\n");
  private static final String[] SEPARATORS = {"\n", "\r\n", "", "\n\n", "\r", " \n"};

  @Test
  void theKind_comesFromTheHead() {
    assertSame(Appends.Kind.JSON_LINES, kind("{\"a\":1}\n"));
    assertSame(Appends.Kind.JSON_LINES, kind("\uFEFF \r\n{\"a\":1}"));
    assertSame(Appends.Kind.EVENT_XML, kind("<Event xmlns='x'><System/></Event>\n"));
    assertSame(Appends.Kind.EVENT_XML, kind("\n<Event>"));
    assertNull(kind("[{\"a\":1}]"), "a JSON array is one document");
    assertNull(kind("<Events><Event/></Events>"), "an enclosing element");
    assertNull(kind("<?xml version='1.0'?><Event/>"), "a document");
    assertNull(kind("<EventData/>"));
    assertNull(kind("\u001f\u008b\u0008"), "gzip");
    assertNull(kind("\u00ff\u00feX"), "UTF-16");
    assertNull(kind("<Event"), "too short to tell");
    assertNull(kind("1/2/2024 10:00:00 AM\nLogName=Security"), "classic text");
  }

  private static Appends.Kind kind(String head) {
    byte[] b = head.getBytes(head.chars().anyMatch(c -> c > 0x7f && c < 0x100 && c != 0xFEFF)
        ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    return Appends.of(b, b.length);
  }

  /** Real events, one after another with mixed line ends, as a log of XML and of JSON lines. */
  private static List<byte[]> logs() throws IOException {
    List<String> events = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SharedData.dir().resolve("rendered"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".xml.gz")).sorted().limit(4)
          .toList()) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
          Matcher m = EVENT.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          while (m.find() && events.size() < 3000) {
            events.add(m.group());
          }
        }
      }
    }
    assertTrue(events.size() > 1000, "real events: " + events.size());
    Random r = new Random(5);
    StringBuilder xml = new StringBuilder();
    StringBuilder json = new StringBuilder();
    for (String e : events) {
      String sep = SEPARATORS[r.nextInt(SEPARATORS.length)];
      xml.append(e).append(sep);
      json.append("{\"raw\":\"").append(e.replace("\\", "\\\\").replace("\"", "\\\"")
          .replace("\r", "\\r").replace("\n", "\\n")).append("\"}").append(sep);
    }
    return List.of(xml.toString().getBytes(StandardCharsets.UTF_8),
        json.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theTracker_agreesWithAPlainScan_howeverTheBytesArrive() throws IOException {
    Random r = new Random(17);
    for (byte[] log : logs()) {
      Appends.Kind kind = Appends.of(log, log.length);
      for (int round = 0; round < 12; round++) {
        int from = round == 0 ? 0 : r.nextInt(log.length);
        int to = round == 1 ? log.length : from + r.nextInt(log.length - from + 1);
        long firstLine = 1 + r.nextInt(1000);
        Boundaries.Feed feed = Boundaries.Feed.values()[round % 3];
        byte[] part = java.util.Arrays.copyOfRange(log, from, to);
        Appends.Tracker t = new Appends.Tracker(Boundaries.feed(part, feed, round), kind, from,
            firstLine);
        pull(t, r);
        long expectedAt = from + lastRecordEnd(kind, log, from, to);
        String where = kind + " [" + from + ", " + to + ") " + feed;
        assertEquals(to, t.offset(), where);
        assertEquals(expectedAt, t.resumeAt(), where);
        assertEquals(firstLine + lineEnds(log, from, (int) expectedAt), t.resumeLine(), where);
      }
    }
  }

  /** Reads the tracker to its end in random pulls: single bytes, small and large reads, skips. */
  private static void pull(Appends.Tracker t, Random r) throws IOException {
    byte[] buf = new byte[8192];
    while (true) {
      int how = r.nextInt(4);
      long n = how == 0 ? (t.read() < 0 ? -1 : 1)
          : how == 1 ? t.skip(1 + r.nextInt(100))
          : t.read(buf, 0, how == 2 ? 1 + r.nextInt(9) : buf.length);
      if (n < 0 || (how == 1 && n == 0 && t.read() < 0)) {
        return;
      }
    }
  }

  /**
   * The plain rule over {@code log[from .. to)} read as a stream of its own (as the tracker is
   * only ever started after a record end): bytes from {@code from} to the last record end.
   */
  private static long lastRecordEnd(Appends.Kind kind, byte[] log, int from, int to) {
    if (kind == Appends.Kind.JSON_LINES) {
      for (int i = to - 1; i >= from; i--) {
        if (log[i] == '\n') {
          return i + 1 - from;
        }
      }
      return 0;
    }
    Matcher m = EVENT_END.matcher(new String(log, from, to - from, StandardCharsets.ISO_8859_1));
    long end = 0;
    while (m.find()) {
      end = m.end();
    }
    return end;
  }

  /** Line ends (CR, or LF not after CR) in {@code log[from .. to)}, a stream of its own. */
  private static long lineEnds(byte[] log, int from, int to) {
    long n = 0;
    for (int i = from; i < to; i++) {
      if (log[i] == '\r' || log[i] == '\n' && (i == from || log[i - 1] != '\r')) {
        n++;
      }
    }
    return n;
  }

  @Test
  void aShiftedSink_placesRejectedRecordsInTheFile() {
    CollectingSink out = new CollectingSink();
    EventSink sink = Appends.shifted(out, 1000, 40);
    sink.rejected(new RejectedRecord("f", 10, 3, -1, RejectKind.SYNTAX, "bad", "x"));
    sink.rejected(new RejectedRecord("f", -1, -1, -1, RejectKind.SYNTAX, "no place", ""));
    sink.warning(new RejectedRecord("f", 0, 1, -1, RejectKind.CONTAINER, "notice", ""));
    assertEquals(1010, out.rejected.get(0).byteOffset());
    assertEquals(42, out.rejected.get(0).line());
    assertEquals(-1, out.rejected.get(1).byteOffset());
    assertEquals(-1, out.rejected.get(1).line());
    assertSame(out, Appends.shifted(out, 0, 1), "a read from the start needs no shift");
  }

  /**
   * {@code </Event>} and a line end inside a record's CDATA section, comment or processing
   * instruction end no record (nor does a {@code >} in an attribute value end the watching of
   * them): a read cut just after them resumes before the record, read whole the next time.
   */
  @Test
  void anEndTagInsideACommentCdataOrPi_endsNoRecord() throws IOException {
    String done = "<Event><System><EventID>4624</EventID></System></Event>\r\n";
    String[] fakes = {"<![CDATA[</Event>\n]]>", "<!-- </Event>\r\n -->", "<?pi </Event>\n?>",
        "<Data Name='a>b'/><!-- ]]> --> <![CDATA[ --> </Event>\n"};
    for (String fake : fakes) {
      String cut = done + "<Event><System>" + fake;
      String whole = cut + (fake.startsWith("<Data") ? "]]>" : "") + "</System></Event>\n";
      for (Boundaries.Feed feed : Boundaries.Feed.values()) {
        assertEquals(done.length(), resumeAt(cut, feed), fake + " " + feed);
        assertEquals(whole.length(), resumeAt(whole, feed), fake + " " + feed);
      }
    }
  }

  private static long resumeAt(String log, Boundaries.Feed feed) throws IOException {
    byte[] b = log.getBytes(StandardCharsets.UTF_8);
    Appends.Tracker t = new Appends.Tracker(Boundaries.feed(b, feed, 1), Appends.Kind.EVENT_XML,
        0, 1);
    t.readAllBytes();
    return t.resumeAt();
  }
}
