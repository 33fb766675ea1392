package org.winsession.read.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.read.LocalTimes;
import org.winsession.read.ReadLimits;
import org.winsession.read.ReadLimits.Limit;
import org.winsession.testing.Boundaries;
import org.winsession.testing.CollectingSink;
import org.winsession.testing.Samples;
import org.winsession.testing.SharedData;

/**
 * The JSON lines reader at buffer sizes down to one byte and through one-byte reads: the same
 * events and rejections as a whole read, and after every bad record every later good one.
 */
class JsonLinesBoundaryTest {
  private static final ReadLimits SMALL = ReadLimits.DEFAULT.with(Limit.MAX_LINE_BYTES, 4096)
      .with(Limit.MAX_RECORD_BYTES, 4096).with(Limit.MAX_FIELD_CHARS, 256)
      .with(Limit.MAX_FIELDS, 16).with(Limit.MAX_DEPTH, 8);

  private static Boundaries.SizedReader reader(ReadLimits limits) {
    JsonLinesEventReader r = new JsonLinesEventReader(limits, LocalTimes.DEFAULT);
    return r::read;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String good(int i, Random random) {
    String pad = "p\u00e9\u65e5\u672c".repeat(random.nextInt(60)); // multi-byte across boundaries
    return "{\"EventTime\":\"2024-01-01 00:00:00\",\"Hostname\":\"H" + i % 3 + "\",\"EventID\":"
        + (i % 2 == 0 ? 4624 : 4634) + ",\"RecordNumber\":" + (i + 1) + ",\"Channel\":\"Security\","
        + "\"@timestamp\":\"2024-01-01T" + String.format("%02d:%02d:%02d", i / 3600 % 24, i / 60 % 60,
        i % 60) + "Z\",\"TargetLogonId\":\"0x" + Integer.toHexString(0x10000 + i / 2)
        + "\",\"TargetUserName\":\"us\u00e9r" + i + "\",\"LogonType\":\"3\",\"Message\":\"An account"
        + " was logged on.\\r\\n\\r\\nSubject:\\r\\n\\tLogon ID:\\t\\t0x3E7 " + "m".repeat(
        random.nextInt(400)) + "\",\"Pad\":\"" + pad + "\"}";
  }

  /** A bad record of one of seven kinds, and the kind its rejection must carry. */
  private static Map.Entry<String, RejectKind> bad(int kind, int i, Random random) {
    switch (kind) {
      case 0:
        String g = good(i, random);
        return Map.entry(g.substring(0, g.length() / 2), RejectKind.SYNTAX); // cut off
      case 1:
        return Map.entry("\u0001\u0002 not json at all \u00ff", RejectKind.SYNTAX);
      case 2:
        return Map.entry(good(i, random).replaceFirst("\"TargetLogonId\":\"0x[0-9a-f]+\",", ""),
            RejectKind.INVALID_EVENT);
      case 3:
        return Map.entry("{\"EventID\":4624,\"Hostname\":\"H\",\"Deep\":" + "[".repeat(50)
            + "]".repeat(50) + "}", RejectKind.LIMIT);
      case 4:
        return Map.entry(good(i, random).replace("\"Pad\":\"", "\"Pad\":\"" + "L".repeat(5000)),
            RejectKind.LIMIT); // line past max_line_bytes
      case 5:
        return Map.entry(good(i, random).replace("\"us\u00e9r", "\"" + "u".repeat(300)),
            RejectKind.LIMIT); // a field past max_field_chars
      default:
        StringBuilder many = new StringBuilder("{\"EventID\":4624,\"Hostname\":\"H\"");
        for (int f = 0; f < 30; f++) {
          many.append(",\"F").append(f).append("\":").append(f);
        }
        return Map.entry(many.append('}').toString(), RejectKind.LIMIT); // past max_fields
    }
  }

  /**
   * Thousands of records, far bigger than the buffer, with bad records of every kind inserted at
   * random: every good record arrives, in order, equal to the clean input's events; each bad one
   * is one rejected record of its kind at its line; events + rejected = records.
   */
  @Test
  void randomBadRecords_costThemselvesOnly_atEveryBoundary() {
    Random random = new Random(20261129);
    StringBuilder clean = new StringBuilder();
    StringBuilder dirty = new StringBuilder();
    List<Long> badLines = new ArrayList<>();
    List<RejectKind> badKinds = new ArrayList<>();
    long line = 1;
    int goods = 3000;
    for (int i = 0; i < goods; i++) {
      if (random.nextInt(8) == 0) {
        Map.Entry<String, RejectKind> b = bad(random.nextInt(7), i, random);
        dirty.append(b.getKey()).append(random.nextBoolean() ? "\r\n" : "\n");
        badLines.add(line++);
        badKinds.add(b.getValue());
      }
      String g = good(i, new Random(i));
      String eol = random.nextBoolean() ? "\r\n" : "\n";
      clean.append(g).append(eol);
      dirty.append(g).append(eol);
      line++;
    }
    CollectingSink expected = Boundaries.run(reader(SMALL), utf8(clean.toString()),
        Boundaries.Feed.WHOLE, 1 << 16);
    assertEquals(goods, expected.events.size(), expected.rejected.toString());
    for (int size : new int[] {1, 7, 1 << 16}) {
      for (Boundaries.Feed feed : Boundaries.Feed.values()) {
        CollectingSink got = Boundaries.run(reader(SMALL), utf8(dirty.toString()), feed, size);
        String where = "buffer " + size + ", " + feed;
        assertEquals(goods + badLines.size(), got.events.size() + got.rejected.size(), where);
        assertTrue(expected.events.equals(got.events), where + ": the good records, in order");
        assertEquals(badLines, got.rejected.stream().map(RejectedRecord::line).toList(), where);
        assertEquals(badKinds, got.rejected.stream().map(RejectedRecord::kind).toList(), where);
      }
    }
    assertTrue(badKinds.size() > 300 && badKinds.containsAll(List.of(RejectKind.SYNTAX,
        RejectKind.INVALID_EVENT, RejectKind.LIMIT)), badKinds.size() + " bad records");
  }

  /** The hand-written cases of {@link JsonLinesEventReaderTest} and the shapes, at every size. */
  @Test
  void handWrittenShapes_sameAtEveryBoundary() {
    String good = "{\"EventID\":4634,\"Hostname\":\"H\",\"RecordNumber\":%d,\"Channel\":\"Security\","
        + "\"@timestamp\":\"2024-01-01T00:00:00Z\",\"TargetLogonId\":\"0x10\",\"LogonType\":\"3\"}";
    String doc = "\uFEFF" + String.format(good, 1) + "\n{\"EventID\":4634,\"Hostname\":\"H\"\n"
        + String.format(good, 2) + "\r\n\r\n" + new com.google.gson.Gson().toJson(Map.of("result",
        new TreeMap<>(Map.of("_raw", Samples.E4624_V3, "host", "wks")))) + "\n"
        + new com.google.gson.Gson().toJson(Map.of("result", new TreeMap<>(Map.of("_raw",
        Samples.CLASSIC_4634, "host", "regina")))) + "\n" + String.format(good, 3);
    CollectingSink r = Boundaries.sameAtEveryBoundary(reader(ReadLimits.DEFAULT), utf8(doc));
    assertEquals(5, r.events.size());
    assertEquals(1, r.rejected.size());
    assertEquals(2, r.rejected.get(0).line());
    assertEquals(3 + 1 + good.length() - 1, r.rejected.get(0).byteOffset(),
        "offsets count the BOM's bytes");
    String array = "[" + String.format(good.replace("\"EventID\":4634,", "\"Id\":4634,")
        .replace("\"Hostname\":\"H\"", "\"MachineName\":\"H\",\"TimeCreated\":\"\\/Date(1704067200000)\\/\""), 1)
        + ",\n  5,\n" + "{\"Id\":4647,\"MachineName\":\"H\",\"TimeCreated\":\"\\/Date(1704067201000)\\/\","
        + "\"RecordId\":2,\"Properties\":[{\"Value\":{\"Value\":\"S-1-5-18\"}},{\"Value\":\"u\"},"
        + "{\"Value\":\"D\"},{\"Value\":16}]}]";
    CollectingSink a = Boundaries.sameAtEveryBoundary(reader(ReadLimits.DEFAULT), utf8(array));
    assertEquals(a.events.size() + a.rejected.size(), 3, a.rejected.toString());
  }

  /** A real NXLog capture (Mordor), 4305 records, at a few sizes and one-byte reads. */
  @Test
  void realNxlogCapture_sameAtEveryBoundary() throws IOException {
    byte[] data;
    try (InputStream f = Files.newInputStream(SharedData.dir().resolve(
        "OTRF-Security-Datasets/datasets/atomic/windows/persistence/host/covenant_persistwmi.tar.gz"));
        InputStream gz = new java.util.zip.GZIPInputStream(f)) {
      byte[] tar = gz.readAllBytes();
      int at = 0;
      while (tar[at + 156] != '0' && tar[at + 156] != 0) { // skip pax and directory headers
        int skip = Integer.parseInt(new String(tar, at + 124, 11, StandardCharsets.US_ASCII)
            .trim(), 8);
        at += 512 + (skip + 511) / 512 * 512;
      }
      int size = Integer.parseInt(new String(tar, at + 124, 11, StandardCharsets.US_ASCII).trim(),
          8);
      data = java.util.Arrays.copyOfRange(tar, at + 512, at + 512 + size);
    }
    CollectingSink r = Boundaries.sameAtEveryBoundary(reader(ReadLimits.DEFAULT), data, 3, 4096);
    assertEquals(1001, r.events.size());
    assertEquals(List.of(), r.rejected);
  }

  /** A JSON array nested a million deep: one bounded rejection naming max_depth. */
  @Test
  void arrayNestedAMillionDeep_isOneBoundedRejectionNamingTheDepthLimit() {
    byte[] deep = utf8("[".repeat(1_000_000) + "]".repeat(1_000_000));
    CollectingSink r = Boundaries.run(reader(ReadLimits.DEFAULT), deep, Boundaries.Feed.WHOLE,
        1 << 16);
    assertEquals(List.of(), r.events);
    assertEquals(1, r.rejected.size());
    RejectedRecord rej = r.rejected.get(0);
    assertEquals(RejectKind.LIMIT, rej.kind());
    assertTrue(rej.reason().contains("max_depth") && rej.reason().contains("element 0"),
        rej.reason());
    assertTrue(rej.reason().length() <= RejectedRecord.MAX_REASON_CHARS);
    // the same nesting inside one JSON line (allowed that long) costs that line only
    ReadLimits big = ReadLimits.DEFAULT.with(Limit.MAX_LINE_BYTES, 4 << 20)
        .with(Limit.MAX_RECORD_BYTES, 4 << 20);
    String good = "{\"EventID\":4634,\"Hostname\":\"H\",\"Channel\":\"Security\","
        + "\"@timestamp\":\"2024-01-01T00:00:00Z\",\"TargetLogonId\":\"0x10\"}\n";
    CollectingSink line = Boundaries.run(reader(big), utf8(good + "{\"a\":" + "[".repeat(1_000_000)
        + "]".repeat(1_000_000) + "}\n" + good), Boundaries.Feed.WHOLE, 1 << 16);
    assertEquals(2, line.events.size());
    assertEquals(1, line.rejected.size());
    assertEquals(2, line.rejected.get(0).line());
    assertTrue(line.rejected.get(0).reason().contains("max_depth"), line.rejected.get(0).reason());
  }

  /** In a Get-WinEvent array, an element past a bound costs itself only; the array goes on. */
  @Test
  void arrayElementPastABound_costsItselfOnly() {
    String event = "{\"Id\":4647,\"MachineName\":\"H\",\"TimeCreated\":\"\\/Date(17040672%02d000)\\/\","
        + "\"RecordId\":%d,\"Properties\":[{\"Value\":{\"Value\":\"S-1-5-18\"}},{\"Value\":\"u\"},"
        + "{\"Value\":\"D\"},{\"Value\":16}]}";
    StringBuilder many = new StringBuilder("{\"Id\":4647");
    for (int f = 0; f < 30; f++) {
      many.append(",\"F").append(f).append("\":[").append(f).append(']');
    }
    String array = "[" + String.format(event, 4, 4) + ",\n" + many + "},\n"
        + "{\"Id\":4647,\"Deep\":" + "[".repeat(20) + "1" + "]".repeat(20) + "},\n"
        + "{\"Id\":4647,\"Long\":\"" + "l".repeat(300) + "\"},\n" + String.format(event, 1, 1)
        + "]";
    CollectingSink r = Boundaries.sameAtEveryBoundary(reader(SMALL), utf8(array));
    assertEquals(List.of(1L, 4L), r.events.stream().map(e -> e.recordId()).toList(),
        "oldest first (an export)");
    assertEquals(List.of(RejectKind.LIMIT, RejectKind.LIMIT, RejectKind.LIMIT),
        r.rejected.stream().map(RejectedRecord::kind).toList());
    assertTrue(r.rejected.get(0).reason().contains("element 1") && r.rejected.get(0).reason()
        .contains("max_fields"), r.rejected.get(0).reason());
    assertTrue(r.rejected.get(1).reason().contains("max_depth"), r.rejected.get(1).reason());
    assertTrue(r.rejected.get(2).reason().contains("max_field_chars"), r.rejected.get(2).reason());
  }

  /**
   * What follows a JSON array is read on: arrays back to back, an empty array with an event after
   * it on its line, a broken array (one rejection, up to its closing bracket) and the JSON lines
   * after, whose bad line is rejected with its line and offset. Brackets inside strings do not end
   * an array. {@code records = events + rejected}, at every boundary.
   */
  @Test
  void whatFollowsAnArray_isReadOnOrRejectedWithItsPosition() {
    String event = "{\"Id\":4647,\"MachineName\":\"H\",\"TimeCreated\":\"\\/Date(17040672%02d000)\\/\","
        + "\"RecordId\":%d,\"Note\":\"a]\\\"}[\",\"Properties\":[{\"Value\":{\"Value\":\"S-1-5-18\"}},"
        + "{\"Value\":\"u\"},{\"Value\":\"D\"},{\"Value\":16}]}";
    String line = "{\"EventID\":4634,\"Hostname\":\"H\",\"Channel\":\"Security\",\"RecordNumber\":5,"
        + "\"@timestamp\":\"2024-01-01T00:00:05Z\",\"TargetLogonId\":\"0x10\"}";
    String doc = "[" + String.format(event, 1, 1) + ",\n"
        + String.format(event, 2, 2) + "][" + String.format(event, 3, 3) + "]\n"
        + "[{\"Id\":4647, oops}, " + String.format(event, 4, 4) + "]\n"
        + "[]" + line + "\n"
        + "not json\n";
    CollectingSink r = Boundaries.sameAtEveryBoundary(reader(ReadLimits.DEFAULT), utf8(doc));
    assertEquals(List.of(1L, 2L, 3L, 5L), r.events.stream().map(e -> e.recordId()).toList());
    assertEquals(List.of(RejectKind.SYNTAX, RejectKind.SYNTAX),
        r.rejected.stream().map(RejectedRecord::kind).toList(), r.rejected.toString());
    assertTrue(r.rejected.get(0).reason().contains("element 0"), r.rejected.get(0).reason());
    assertEquals(5, r.rejected.get(1).line());
    assertEquals(doc.indexOf("not json"), r.rejected.get(1).byteOffset());
  }
}
