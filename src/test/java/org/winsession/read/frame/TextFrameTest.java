package org.winsession.read.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.winsession.read.ReadLimits;
import org.winsession.read.ReadLimits.Limit;

/**
 * The framing layer against a trivial reference: {@link BufferedReader#readLine()} on the whole
 * decoded input, over random inputs with CR, LF, CR LF, BOMs, multi-byte characters and lines
 * around the line bound, at buffer sizes 1 to 16 and through streams that return one byte, or a
 * random few, per call.
 */
class TextFrameTest {
  private static final int MAX_LINE = 1024;
  private static final ReadLimits LIMITS = ReadLimits.DEFAULT
      .with(Limit.MAX_LINE_BYTES, MAX_LINE).with(Limit.MAX_RECORD_BYTES, 1024);

  enum Bom { NONE, UTF8, UTF16LE, UTF16BE }

  /** A stream that returns at most {@code max} bytes per call (1: one byte whatever is asked). */
  static InputStream chunked(byte[] data, int max, long seed) {
    Random r = new Random(seed);
    return new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, max == 1 ? 1 : 1 + r.nextInt(max)));
      }

      @Override
      public int available() {
        return 0;
      }
    };
  }

  /** Expected lines: what BufferedReader.readLine makes of the text, and each line's offset. */
  record Expected(List<String> lines, List<Long> offsets) {}

  static Expected reference(String text, Bom bom) throws IOException {
    List<String> lines = new ArrayList<>();
    BufferedReader r = new BufferedReader(new StringReader(text));
    for (String l; (l = r.readLine()) != null; ) {
      lines.add(l);
    }
    // offsets: UTF-8 bytes before each line, plus 3 for a UTF-8 BOM
    List<Long> offsets = new ArrayList<>();
    long at = bom == Bom.UTF8 ? 3 : 0;
    int i = 0;
    int n = text.length();
    for (String l : lines) {
      offsets.add(at);
      i += l.length();
      at += l.getBytes(StandardCharsets.UTF_8).length;
      if (i < n && text.charAt(i) == '\r') {
        i++;
        at++;
        if (i < n && text.charAt(i) == '\n') {
          i++;
          at++;
        }
      } else if (i < n && text.charAt(i) == '\n') {
        i++;
        at++;
      }
    }
    return new Expected(lines, offsets);
  }

  static byte[] encode(String text, Bom bom) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (bom) {
      case UTF8 -> out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
      case UTF16LE -> out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE});
      case UTF16BE -> out.writeBytes(new byte[] {(byte) 0xFE, (byte) 0xFF});
      default -> { }
    }
    out.writeBytes(text.getBytes(switch (bom) {
      case UTF16LE -> StandardCharsets.UTF_16LE;
      case UTF16BE -> StandardCharsets.UTF_16BE;
      default -> StandardCharsets.UTF_8;
    }));
    return out.toByteArray();
  }

  static String randomText(Random r) {
    StringBuilder sb = new StringBuilder();
    int lines = r.nextInt(12);
    String[] pieces = {"a", "b", "xyz", " ", "\u00e9", "\u5c71", "\ud83d\ude00", "<Event>", "\t"};
    for (int l = 0; l < lines; l++) {
      int kind = r.nextInt(10);
      int len = kind == 0 ? MAX_LINE - 3 + r.nextInt(7) : kind == 1 ? 2000 + r.nextInt(3000)
          : r.nextInt(40);
      StringBuilder line = new StringBuilder();
      while (line.length() < len) {
        line.append(kind <= 1 ? "a" : pieces[r.nextInt(pieces.length)]);
      }
      sb.append(line);
      if (l < lines - 1 || r.nextBoolean()) {
        sb.append(new String[] {"\n", "\r\n", "\r", "\n\n", "\r\r\n"}[r.nextInt(5)]);
      }
    }
    return sb.toString();
  }

  /** Reads every line of {@code data}; over-long lines come back as "TOO LONG@number". */
  static List<String> readLines(InputStream in, int bufferBytes, List<Long> offsets,
      List<Long> numbers) throws IOException {
    TextFrame f = new TextFrame(in, LIMITS, bufferBytes);
    List<String> out = new ArrayList<>();
    for (TextFrame.Line l; (l = f.nextLine()) != null; ) {
      if (l.tooLong()) {
        assertEquals(MAX_LINE, l.length());
        out.add("TOO LONG " + l.text().substring(0, 10));
      } else {
        out.add(l.text());
      }
      offsets.add(l.offset());
      numbers.add(l.number());
      assertTrue(f.capacity() <= f.maxWindow(), "buffer within its bound");
    }
    return out;
  }

  @Test
  void linesMatchTheReference_atEveryBufferSizeAndReadSize() throws IOException {
    Random r = new Random(7);
    for (int round = 0; round < 150; round++) {
      String text = randomText(r);
      Bom bom = Bom.values()[r.nextInt(4)];
      byte[] data = encode(text, bom);
      Expected want = reference(text, bom);
      List<String> wantLines = new ArrayList<>();
      for (String l : want.lines()) {
        int bytes = l.getBytes(StandardCharsets.UTF_8).length;
        wantLines.add(bytes > MAX_LINE ? "TOO LONG " + l.substring(0, 10) : l);
      }
      List<Long> wantNumbers = new ArrayList<>();
      for (int i = 1; i <= want.lines().size(); i++) {
        wantNumbers.add((long) i);
      }
      for (int buffer = 1; buffer <= 16; buffer++) {
        for (int max : new int[] {1, 7, 1 << 20}) {
          List<Long> offsets = new ArrayList<>();
          List<Long> numbers = new ArrayList<>();
          String at = "round " + round + " bom " + bom + " buffer " + buffer + " reads " + max;
          assertEquals(wantLines, readLines(chunked(data, max, round), buffer, offsets, numbers), at);
          assertEquals(wantNumbers, numbers, at);
          assertEquals(want.offsets(), offsets, at);
        }
      }
    }
  }

  @Test
  void overLongLine_isReportedOnce_andSkippedInBoundedMemory() throws IOException {
    byte[] big = new byte[5 << 20];
    Arrays.fill(big, (byte) 'x');
    byte[] data = (new String(big, StandardCharsets.US_ASCII) + "\r\nnext\n")
        .getBytes(StandardCharsets.US_ASCII);
    TextFrame f = new TextFrame(chunked(data, 4096, 1), LIMITS, 8);
    TextFrame.Line l = f.nextLine();
    assertTrue(l.tooLong());
    assertEquals(1, l.number());
    assertEquals(0, l.offset());
    l = f.nextLine();
    assertFalse(l.tooLong());
    assertEquals("next", l.text());
    assertEquals(2, l.number());
    assertEquals(big.length + 2, l.offset());
    assertNull(f.nextLine());
    assertTrue(f.capacity() <= MAX_LINE + TextFrame.SLACK, "capacity " + f.capacity());
  }

  @Test
  void everyFill_isOneReadCall() throws IOException {
    int[] calls = {0};
    byte[] data = "<Events><Event>x</Event>\n</Events>\n".getBytes(StandardCharsets.UTF_8);
    InputStream counting = new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        calls[0]++;
        return super.read(b, off, Math.min(len, 3));
      }
    };
    TextFrame f = new TextFrame(counting, LIMITS, 4);
    int fills = 0;
    int total = 0;
    while (true) {
      int n = f.fill();
      fills++;
      assertEquals(fills, calls[0], "one read call per fill");
      if (n < 0) {
        break;
      }
      total += n;
      f.advance(f.end());
    }
    assertEquals(data.length, total);
  }

  @Test
  void pinnedRecord_keepsItsBytes_andOffsetsAndLinesFollow() throws IOException {
    Random r = new Random(3);
    for (int round = 0; round < 200; round++) {
      String text = randomText(r);
      byte[] data = text.getBytes(StandardCharsets.UTF_8);
      TextFrame f = new TextFrame(chunked(data, 1 + r.nextInt(5), round), LIMITS, 1 + r.nextInt(16));
      long[] lineAt = lineNumbers(data);
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      while (true) {
        // pin: ask for up to `want` bytes past start without consuming
        int want = 1 + r.nextInt(50);
        while (f.available() < want && !f.atEof() && !f.isFull()) {
          f.fill();
        }
        int take = Math.min(f.available(), r.nextInt(want + 1));
        assertEquals(seen.size(), f.offset(f.start()));
        assertEquals(lineAt[seen.size()], f.line(), "round " + round);
        seen.write(f.buffer(), f.start(), take);
        f.advance(f.start() + take);
        if (f.atEof() && f.available() == 0) {
          break;
        }
      }
      assertArrayEquals(data, seen.toByteArray());
    }
  }

  /** The line number at each offset: LF, CR LF and a lone CR each end one line. */
  private static long[] lineNumbers(byte[] data) {
    long[] at = new long[data.length + 1];
    at[0] = 1;
    for (int i = 0; i < data.length; i++) {
      boolean ends = data[i] == '\r' || data[i] == '\n' && (i == 0 || data[i - 1] != '\r');
      at[i + 1] = at[i] + (ends ? 1 : 0);
    }
    return at;
  }

  @Test
  void utf16_isTranscodedToUtf8_andOffsetsCountTheUtf8() throws IOException {
    String text = "A\u00e9\ud83d\ude00\r\nB";
    for (Bom bom : new Bom[] {Bom.UTF16LE, Bom.UTF16BE}) {
      TextFrame f = new TextFrame(chunked(encode(text, bom), 1, 0), LIMITS, 1);
      assertEquals("A\u00e9\ud83d\ude00", f.nextLine().text());
      TextFrame.Line b = f.nextLine();
      assertEquals("B", b.text());
      assertEquals(1 + 2 + 4 + 2, b.offset());
      assertNull(f.nextLine());
    }
  }

  @Test
  void utf16_readInLargeReads() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("line \u00e9 ").append(i).append("\r\n");
    }
    for (Bom bom : new Bom[] {Bom.UTF16LE, Bom.UTF16BE}) {
      byte[] data = encode(text.toString(), bom);
      List<String> got = readLines(new ByteArrayInputStream(data), TextFrame.DEFAULT_BUFFER_BYTES,
          new ArrayList<>(), new ArrayList<>());
      assertEquals(reference(text.toString(), bom).lines(), got);
    }
  }

  @Test
  void asStream_givesTheRestAfterLines_inUtf8() throws IOException {
    String text = "first\r\n[{\"a\":\"\u00e9\"}]\n";
    for (Bom bom : Bom.values()) {
      TextFrame f = new TextFrame(chunked(encode(text, bom), 1, 0), LIMITS, 2);
      assertEquals("first", f.nextLine().text());
      InputStream rest = f.asStream();
      assertEquals("[{\"a\":\"\u00e9\"}]\n", new String(rest.readAllBytes(), StandardCharsets.UTF_8));
      assertEquals(3, f.line());
      assertEquals(-1, rest.read());
    }
  }

  @Test
  void oddUtf16Tail_becomesAReplacementCharacter() throws IOException {
    byte[] data = {(byte) 0xFF, (byte) 0xFE, 'A', 0, 'B'};
    TextFrame f = new TextFrame(new ByteArrayInputStream(data), LIMITS, 2);
    assertEquals("A\ufffd", f.nextLine().text());
  }

  @Test
  void bomPrefixesThatAreNoBom_arePassedThrough() throws IOException {
    for (byte[] data : new byte[][] {{(byte) 0xEF}, {(byte) 0xEF, (byte) 0xBB},
        {(byte) 0xEF, 'a'}, {(byte) 0xFE}, {(byte) 0xFF, 'x'}}) {
      TextFrame f = new TextFrame(chunked(data, 1, 0), LIMITS, 1);
      TextFrame.Line l = f.nextLine();
      assertArrayEquals(data, Arrays.copyOfRange(l.buffer(), l.start(), l.end()));
      assertEquals(0, l.offset());
    }
  }

  @Test
  void fullWindow_refusesToFill() throws IOException {
    byte[] data = new byte[10_000];
    TextFrame f = new TextFrame(new ByteArrayInputStream(data), LIMITS, 16);
    while (!f.isFull()) {
      f.fill();
    }
    assertEquals(1024 + TextFrame.SLACK, f.available());
    assertThrows(IllegalStateException.class, f::fill);
  }

  @Test
  void emptyInput_hasNoLines() throws IOException {
    assertNull(new TextFrame(new ByteArrayInputStream(new byte[0]), LIMITS, 1).nextLine());
    byte[] bomOnly = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    assertNull(new TextFrame(new ByteArrayInputStream(bomOnly), LIMITS, 1).nextLine());
  }
}
