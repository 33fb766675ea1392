package org.winsession.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.params.provider.MethodSource;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.csv.CsvEventReader;
import org.winsession.read.evt.EvtEventReader;
import org.winsession.read.evtx.EvtxEventReader;
import org.winsession.read.json.JsonLinesEventReader;
import org.winsession.read.wineventlog.WinEventLogTextReader;

/**
 * Fuzz tests of every reader but XML (which has its own differential target, {@code
 * org.winsession.read.xml.XmlReaderFuzzer}). In every build they replay their seeds: small real
 * logs copied from ../shared/data into {@code ReadersFuzzerInputs/} on the test classpath, the
 * {@link #textSeeds} renderings of {@link ShapesTest}'s events and any saved findings; {@code
 * mvn -Pfuzz test} fuzzes each target in turn ({@code src/bench/fuzz-all.sh}).
 *
 * <p>Every target holds the reader to the same contract: no exception escapes it (the input
 * stream here never fails), every record is reported once, as an event or a rejected record with
 * a kind and a reason of at most 300 characters, and where the shape lets the test count the
 * records the input holds, the reports match that count. A rejected record that says the decoder
 * itself broke is a finding too.
 */
class ReadersFuzzer {
  @FuzzTest(maxDuration = "3m")
  void evtx(byte[] data) throws IOException {
    new EvtxEventReader().read(new ByteArrayInputStream(data), "fuzz", new Checked(data));
  }

  @FuzzTest(maxDuration = "3m")
  void evt(byte[] data) throws IOException {
    new EvtEventReader().read(new ByteArrayInputStream(data), "fuzz", new Checked(data));
  }

  /**
   * JSON lines (NXLog, Winlogbeat, Splunk export) and Get-WinEvent arrays. Lines are split at LF
   * (and at a lone CR); a line that is blank once spaces, tabs, CR, BOM bytes and trailing commas
   * are trimmed holds no record; a line of Splunk's export holds none (metadata: preview, lastrow), one or several (its
   * {@code _raw} may hold several XML events); every other line holds exactly one.
   */
  @MethodSource("textSeeds")
  @FuzzTest(maxDuration = "3m")
  void json(byte[] data) throws IOException {
    Checked sink = new Checked(data);
    new JsonLinesEventReader(ReadLimits.DEFAULT, LocalTimes.DEFAULT)
        .read(new ByteArrayInputStream(data), "fuzz", sink);
    sink.assertSane(data);
    String text = decode(data);
    String lead = text.replaceFirst("^[\\s\\uFEFF\\uFFFD]+", "");
    if (lead.startsWith("[")) { // one JSON array: at least one report unless it is empty
      if (!isEmptyJsonArray(data)) {
        assertTrue(sink.reports() >= 1, "a JSON array reported nothing");
      }
      return;
    }
    // Lines end at LF; the framing layer also ends them at a lone CR, which can only split a
    // line: the LF count bounds the records from below, the count at every break from above.
    int[] lf = jsonLines(lines(data, false));
    int[] any = jsonLines(lines(data, true));
    assertTrue(sink.reports() >= lf[0] + lf[1], "records lost: " + sink.reports()
        + " reported, at least " + (lf[0] + lf[1]) + " lines hold one");
    if (any[3] == 0) {
      assertTrue(sink.reports() <= any[0] + any[2], "records invented: " + sink.reports()
          + " reported for " + any[0] + " record lines (+" + any[2] + " optional)");
    }
  }

  /** Lines that hold exactly one record, at least one, maybe one; and 1 if any may hold several. */
  private static int[] jsonLines(List<String> lines) {
    int exact = 0;
    int atLeast = 0;
    int maybe = 0;
    int several = 0;
    for (String line : lines) {
      String t = line.replaceFirst("^[ \\t\\r\\uFEFF]+", "").replaceFirst("[ \\t\\r,]+$", "");
      if (t.isEmpty() || t.chars().allMatch(c -> c == 0xFFFD)) {
        maybe += t.isEmpty() ? 0 : 1; // stray BOM bytes alone: trimmed byte by byte
      } else if (t.contains("lastrow") || t.contains("preview")) {
        maybe++; // Splunk's metadata lines hold no record, its result lines one or more
        several |= t.contains("_raw") ? 1 : 0;
      } else if (t.contains("_raw")) {
        atLeast++;
        several = 1;
      } else {
        exact++;
      }
    }
    return new int[] {exact, atLeast, maybe, several};
  }

  /**
   * CSV exports. A row is a non-blank line and the lines after it while a double quote is open
   * (a quote that never closes may end sooner, at the next line that starts a row); the first row
   * may be a header and holds no record then. So with {@code r} rows by quote balance and {@code
   * n} non-blank lines, at least one record is reported when {@code r >= 2}, and at most {@code n}
   * (exactly one when the first row names no known layout: that rejection).
   */
  @MethodSource("textSeeds")
  @FuzzTest(maxDuration = "3m")
  void csv(byte[] data) throws IOException {
    Checked sink = new Checked(data);
    new CsvEventReader(ReadLimits.DEFAULT, LocalTimes.DEFAULT)
        .read(new ByteArrayInputStream(data), "DC01.Security.csv", sink);
    sink.assertSane(data);
    int rows = 0;
    int nonBlank = 0;
    boolean open = false;
    for (String line : lines(data, true)) {
      boolean blank = line.replace("\uFEFF", "").isBlank();
      nonBlank += line.replaceAll("[ \t\uFEFF]", "").isEmpty() ? 0 : 1; // the widest count
      if (!open && blank) {
        continue;
      }
      if (!open) {
        rows++;
      }
      for (int i = 0; i < line.length(); i++) {
        if (line.charAt(i) == '"') {
          open = !open;
        }
      }
    }
    assertTrue(sink.reports() <= nonBlank, sink.reports() + " records reported for " + nonBlank
        + " non-blank lines");
    assertTrue(sink.reports() >= Math.min(1, rows - 1), "records lost: " + sink.reports()
        + " reported for " + rows + " rows");
  }

  /**
   * Classic WinEventLog text and NT5 text exports: a record starts at a line that is a classic
   * time stamp ({@code 04/01/2019 07:07:21 PM}) or begins {@code Event Type:}; every non-blank
   * line before the first record is a rejected record of its own. So the count is exact (but for
   * lines of control whitespace such as a form feed, which a reader may take for blank or not).
   */
  @MethodSource("textSeeds")
  @FuzzTest(maxDuration = "3m")
  void text(byte[] data) throws IOException {
    Checked sink = new Checked(data);
    new WinEventLogTextReader(ReadLimits.DEFAULT, LocalTimes.DEFAULT)
        .read(new ByteArrayInputStream(data), "fuzz", sink);
    sink.assertSane(data);
    int records = 0;
    int whitespaceOnly = 0; // lines of control whitespace (form feed...): blank or not, either way
    boolean started = false;
    List<String> lines = lines(data, true);
    for (int i = 0; i < lines.size(); i++) {
      String line = i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1)
          : lines.get(i);
      if (isTextRecordStart(line)) {
        started = true;
        records++;
      } else if (!started && !line.isBlank()) {
        records++;
      } else if (!started && !line.replaceAll("[ \t]", "").isEmpty()) {
        whitespaceOnly++;
      }
    }
    if (whitespaceOnly == 0) {
      assertEquals(records, sink.reports(), "records in the text vs. events + rejected");
    } else {
      assertTrue(sink.reports() >= records && sink.reports() <= records + whitespaceOnly,
          sink.reports() + " reported for " + records + " records and " + whitespaceOnly
              + " lines of control whitespace");
    }
  }

  /**
   * Containers, through {@link Inputs} as {@code analyze} reads: the input itself (often a
   * damaged gzip, zip or tar grown from the seeds) must be read within the contract; and the same
   * bytes wrapped in a well-formed container (gzip, zip or tar, chosen by the input's length) must
   * read exactly as they do bare: containers are transparent. Inputs that already report a
   * container problem (nesting, damage) are exempt from the second check, as wrapping adds a level.
   */
  @MethodSource("containerSeeds")
  @FuzzTest(maxDuration = "3m")
  void containers(byte[] data) throws IOException {
    Checked bare = new Checked(data);
    new Inputs(ReadLimits.DEFAULT).read(new ByteArrayInputStream(data), "fuzz", bare);
    bare.assertSane(data);
    boolean container = isContainer(data);
    InputFormat shape = InputFormat.detect(java.util.Arrays.copyOf(data, InputFormat.SNIFF_BYTES),
        Math.min(data.length, InputFormat.SNIFF_BYTES));
    boolean binary = shape == InputFormat.EVTX || shape == InputFormat.EVT; // see evtx and evt
    if (!container && !binary && !new String(data, StandardCharsets.UTF_8).isBlank()
        && !isEmptyJsonArray(data)) {
      assertTrue(bare.reports() >= 1, "a non-blank input reported nothing");
    }
    if (container || data.length == 0) {
      return; // nested containers may hit the nesting limit once wrapped; damage is reported apart
    }
    Checked wrapped = new Checked(data);
    int kind = data.length % 3;
    byte[] box = kind == 0 ? gzip(data) : kind == 1 ? zip("member", data) : tar("member", data);
    new Inputs(ReadLimits.DEFAULT).read(new ByteArrayInputStream(box), "fuzz", wrapped);
    assertEquals(bare.events, wrapped.events, "events inside a container differ from bare");
    assertEquals(summary(bare.rejected), summary(wrapped.rejected),
        "rejections inside a container differ from bare");
  }

  // ---- the contract every target checks ------------------------------------------------------

  /** Collects reports and checks each rejection's kind and reason as it comes. */
  static final class Checked implements EventSink {
    /** Whether the input itself holds the words, which a reason may quote. */
    private final boolean quotesFailure;
    final List<SecurityEvent> events = new ArrayList<>();
    final List<RejectedRecord> rejected = new ArrayList<>();
    int warnings;

    Checked(byte[] input) {
      quotesFailure = new String(input, StandardCharsets.ISO_8859_1).contains("decoder failure");
    }

    @Override
    public void event(SecurityEvent event) {
      assertNotNull(event.host());
      events.add(event);
    }

    @Override
    public void rejected(RejectedRecord record) {
      check(record);
      rejected.add(record);
    }

    @Override
    public void warning(RejectedRecord notice) {
      check(notice);
      warnings++;
    }

    private void check(RejectedRecord r) {
      assertNotNull(r.kind());
      assertTrue(r.reason().length() <= RejectedRecord.MAX_REASON_CHARS, r.reason());
      assertFalse(r.reason().isBlank(), "a rejection without a reason");
      assertFalse(!quotesFailure && r.reason().contains("decoder failure"), r.reason());
    }

    int reports() {
      return events.size() + rejected.size();
    }

    /** Every record reported costs at least one input byte, so there are never more. */
    void assertSane(byte[] data) {
      assertTrue(reports() + warnings <= data.length + 1,
          reports() + " records reported for " + data.length + " bytes");
    }
  }

  /** A rejection without where it came from, to compare reads of one record in two wrappings. */
  private static List<String> summary(List<RejectedRecord> rejected) {
    List<String> out = new ArrayList<>();
    for (RejectedRecord r : rejected) {
      out.add(r.kind() + " " + r.byteOffset() + " " + r.line() + " " + r.recordId() + " "
          + r.reason().replace("fuzz!member", "fuzz"));
    }
    return out;
  }

  /** {@code []} with blanks around: a JSON array that holds no record. */
  static boolean isEmptyJsonArray(byte[] data) {
    return decode(data).replaceFirst("^[\\s\\uFEFF\\uFFFD]+", "")
        .strip().matches("\\[\\s*\\]");
  }

  /** The classic and NT5 record-start rule, as {@code WinEventLogTextReader} documents it. */
  static boolean isTextRecordStart(String line) {
    if (line.startsWith("Event Type:")) {
      return true;
    }
    int n = line.length();
    return n >= 18 && n <= 28 && Character.isDigit(line.charAt(0)) && line.strip()
        .matches("\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}:\\d{2} ?[AaPp][Mm]");
  }

  /** The text as the framing layer reads it: UTF-16 after its BOM, else UTF-8. */
  static String decode(byte[] d) {
    boolean be = d.length >= 2 && (d[0] & 0xFF) == 0xFE && (d[1] & 0xFF) == 0xFF;
    boolean le = d.length >= 2 && (d[0] & 0xFF) == 0xFF && (d[1] & 0xFF) == 0xFE;
    return be || le ? new String(d, 2, d.length - 2, be ? StandardCharsets.UTF_16BE
        : StandardCharsets.UTF_16LE) : new String(d, StandardCharsets.UTF_8);
  }

  /** Lines of the text: split at LF only, or at LF, CR and CRLF like {@code readLine}. */
  static List<String> lines(byte[] data, boolean anyBreak) {
    String text = decode(data);
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || (anyBreak && c == '\r')) {
        out.add(text.substring(start, i));
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }

  static boolean isContainer(byte[] d) {
    int n = Math.min(d.length, InputFormat.SNIFF_BYTES);
    return n >= 2 && (d[0] & 0xFF) == 0x1f && (d[1] & 0xFF) == 0x8b
        || n >= 4 && d[0] == 'P' && d[1] == 'K' && d[2] == 3 && d[3] == 4
        || TarEntries.isTar(java.util.Arrays.copyOf(d, InputFormat.SNIFF_BYTES), n);
  }

  // ---- seeds ---------------------------------------------------------------------------------

  /** Every shape of the text readers, rendered from {@link ShapesTest}'s events. */
  static Stream<byte[]> textSeeds() {
    List<byte[]> out = new ArrayList<>();
    StringBuilder classic = new StringBuilder();
    StringBuilder nxlog = new StringBuilder();
    for (ShapesTest.Ev e : ShapesTest.events()) {
      out.add(utf8(ShapesTest.classic(e)));
      out.add(utf8(ShapesTest.nxlog(e)));
      out.add(utf8(ShapesTest.ecs(e)));
      out.add(utf8(ShapesTest.eventViewerCsv(e)));
      out.add(utf8(ShapesTest.nt5Text(e)));
      if (e.code() > 683) {
        out.add(utf8(ShapesTest.getWinEvent(e)));
      }
      classic.append(ShapesTest.classic(e));
      nxlog.append(ShapesTest.nxlog(e));
    }
    out.add(utf8(classic.toString()));
    out.add(utf8(nxlog.toString()));
    out.add(utf8("{\"preview\":false,\"result\":{\"host\":\"dc01\",\"_raw\":"
        + new com.google.gson.Gson().toJson(ShapesTest.xml(ShapesTest.events().get(0))) + "}}\n"));
    out.add(utf8("\"Id\",\"TimeCreated\",\"MachineName\",\"LogName\",\"RecordId\",\"Message\"\r\n"
        + "\"4634\",\"3/2/2026 8:05:02 AM\",\"WS01\",\"Security\",\"7\",\"An account was logged off."
        + "\r\n\r\nSubject:\r\n\tLogon ID:\t\t0x1F2E3D\r\n\r\nLogon Type:\t\t\t3\"\r\n"));
    return out.stream();
  }

  /** Small containers of the sample's shapes: gzip, zip, tar, tar.gz, nested and too deep. */
  static Stream<byte[]> containerSeeds() {
    byte[] xml = utf8(ShapesTest.xml(ShapesTest.events().get(0))
        + ShapesTest.xml(ShapesTest.events().get(1)));
    byte[] json = utf8(ShapesTest.nxlog(ShapesTest.events().get(2)));
    byte[] csv = utf8(ShapesTest.eventViewerCsv(ShapesTest.events().get(3)));
    byte[] tarGz = gzip(tar("a.json", json));
    return Stream.of(xml, gzip(xml), zip("a.xml", xml), tar("b.csv", csv), tarGz,
        zip("logs.tar.gz", tarGz), gzip(zip("in.zip", zip("logs.tar.gz", tarGz))));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] zip(String name, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(data);
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A ustar archive of one regular file. */
  static byte[] tar(String name, byte[] data) {
    byte[] header = new byte[512];
    byte[] n = utf8(name);
    System.arraycopy(n, 0, header, 0, n.length);
    put(header, 100, "0000644\0");
    put(header, 108, "0000000\0");
    put(header, 116, "0000000\0");
    put(header, 124, String.format("%011o\0", data.length));
    put(header, 136, "00000000000\0");
    header[156] = '0';
    put(header, 257, "ustar\0");
    put(header, 263, "00");
    java.util.Arrays.fill(header, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xFF;
    }
    put(header, 148, String.format("%06o\0 ", sum));
    int padded = (data.length + 511) / 512 * 512;
    byte[] out = new byte[512 + padded + 1024];
    System.arraycopy(header, 0, out, 0, 512);
    System.arraycopy(data, 0, out, 512, data.length);
    return out;
  }

  private static void put(byte[] header, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, header, at, b.length);
  }
}
