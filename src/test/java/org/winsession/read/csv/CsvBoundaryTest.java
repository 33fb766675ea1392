package org.winsession.read.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.read.LocalTimes;
import org.winsession.read.ReadLimits;
import org.winsession.read.ReadLimits.Limit;
import org.winsession.testing.Boundaries;
import org.winsession.testing.CollectingSink;

/**
 * CSV exports at buffer sizes down to one byte and through one-byte reads: the same events and
 * rejections as a whole read, and after every bad row every later good one.
 */
class CsvBoundaryTest {
  private static final ReadLimits SMALL = ReadLimits.DEFAULT.with(Limit.MAX_LINE_BYTES, 2048)
      .with(Limit.MAX_RECORD_BYTES, 8192).with(Limit.MAX_FIELDS, 16)
      .with(Limit.MAX_FIELD_CHARS, 4096);

  private static Boundaries.SizedReader reader(ReadLimits limits) {
    CsvEventReader r = new CsvEventReader(limits, LocalTimes.DEFAULT);
    return (in, source, sink, size) -> r.read(in, "DC01.Security.csv", sink, size);
  }

  private static final String HEADER = "Keywords,Date and Time,Source,Event ID,Task Category";

  /** One Event Viewer row, newest first: row i of n happened at second n - i. */
  private static String row(int i, int n, Random random) {
    int t = n - i;
    String time = String.format("3/%d/2026 %d:%02d:%02d %s", 1 + t / 43200 % 28,
        (t / 3600 % 12) + 1, t / 60 % 60, t % 60, t / 43200 % 2 == 0 ? "AM" : "PM");
    boolean logon = i % 2 == 1; // newest first: each logoff is listed before its logon
    String luid = "0x" + Integer.toHexString(0x3B0000 + i / 2).toUpperCase();
    String message = logon
        ? "An account was successfully logged on.\r\n\r\nSubject:\r\n\tLogon ID:\t\t0x3E7\r\n\r\n"
            + "Logon Information:\r\n\tLogon Type:\t\t10\r\n\r\nNew Logon:\r\n\tSecurity ID:\t\t"
            + "S-1-5-21-1-2-3-" + i + "\r\n\tAccount Name:\t\tal\u00efce" + i + "\r\n\tLogon ID:\t\t"
            + luid + "\r\n\r\nThis event is generated when a logon session is created, \"\"quoted\"\""
            + " " + "t".repeat(random.nextInt(500))
        : "An account was logged off.\r\n\r\nSubject:\r\n\tSecurity ID:\t\tS-1-5-21-1-2-3-" + i
            + "\r\n\tAccount Name:\t\tal\u00efce\u65e5" + i + "\r\n\tLogon ID:\t\t" + luid
            + "\r\n\r\nLogon Type:\t\t\t10\r\n";
    return "Audit Success," + time + ",Microsoft-Windows-Security-Auditing," + (logon ? 4624 : 4634)
        + "," + (logon ? "Logon" : "Logoff") + ",\"" + message + "\"\r\n";
  }

  private static int lines(String s) {
    return s.split("\r\n|\n", -1).length - 1;
  }

  /**
   * Thousands of rows, newest first, with bad rows of five kinds inserted at random (a bad date,
   * a bad event id, a quote that never closes, an over-long line, too many columns): every good
   * row arrives, oldest first as in the clean file, each bad one is one rejected record of its
   * kind at its line, events + rejected = records.
   */
  @Test
  void randomBadRows_costThemselvesOnly_atEveryBoundary() {
    Random random = new Random(303);
    int goods = 2000;
    StringBuilder clean = new StringBuilder(HEADER + "\r\n");
    StringBuilder dirty = new StringBuilder(HEADER + "\r\n");
    List<Long> badLines = new ArrayList<>();
    List<RejectKind> badKinds = new ArrayList<>();
    long line = 2;
    for (int i = 0; i < goods; i++) {
      if (random.nextInt(8) == 0) {
        String b = row(i, goods, random);
        RejectKind kind;
        switch (random.nextInt(5)) {
          case 0:
            b = b.replaceFirst(",3/\\d+/2026 ", ",3/45/2026 ");
            kind = RejectKind.INVALID_EVENT;
            break;
          case 1:
            b = b.replaceFirst(",46(24|34),", ",four,");
            kind = RejectKind.INVALID_EVENT;
            break;
          case 2:
            b = b.substring(0, b.length() - 3) + "\r\n"; // the closing quote is lost
            kind = RejectKind.SYNTAX;
            break;
          case 3:
            b = b.replace("Subject:", "Subject: " + "w".repeat(3000));
            kind = RejectKind.LIMIT;
            break;
          default:
            b = b.replace(",Microsoft-Windows-Security-Auditing,", ",x,x,x,x,x,x,x,x,x,x,x,x,"
                + "Microsoft-Windows-Security-Auditing,");
            kind = RejectKind.LIMIT;
            break;
        }
        dirty.append(b);
        badLines.add(line);
        badKinds.add(kind);
        line += lines(b);
      }
      String g = row(i, goods, new Random(i));
      clean.append(g);
      dirty.append(g);
      line += lines(g);
    }
    CollectingSink expected = Boundaries.run(reader(SMALL),
        clean.toString().getBytes(StandardCharsets.UTF_8), Boundaries.Feed.WHOLE, 1 << 16);
    assertEquals(goods, expected.events.size(), expected.rejected.toString());
    assertEquals(4624, expected.events.get(0).eventCode(), "oldest first");
    byte[] data = dirty.toString().getBytes(StandardCharsets.UTF_8);
    for (int size : new int[] {1, 9, 1 << 16}) {
      for (Boundaries.Feed feed : Boundaries.Feed.values()) {
        CollectingSink got = Boundaries.run(reader(SMALL), data, feed, size);
        String where = "buffer " + size + ", " + feed;
        assertEquals(goods + badLines.size(), got.events.size() + got.rejected.size(), where);
        assertTrue(expected.events.equals(got.events), where + ": the good rows, in order");
        assertEquals(badLines, got.rejected.stream().map(RejectedRecord::line).toList(), where);
        assertEquals(badKinds, got.rejected.stream().map(RejectedRecord::kind).toList(), where);
      }
    }
    assertTrue(badLines.size() > 150, badLines.size() + " bad rows");
  }

  /** The three layouts, with a BOM, at every size. */
  @Test
  void layouts_sameAtEveryBoundary() {
    Random random = new Random(1);
    String ev = "\uFEFF" + HEADER + "\r\n" + row(0, 3, random) + row(1, 3, random)
        + "Audit Success,3/2/2026 8:05:04 AM,only four columns\r\n";
    CollectingSink r = Boundaries.sameAtEveryBoundary(reader(ReadLimits.DEFAULT),
        ev.getBytes(StandardCharsets.UTF_8));
    assertEquals(2, r.events.size());
    assertEquals(1, r.rejected.size());
    String archive = "11/2/2009,05:47:30,Security,Success Audit,Logon/Logoff,538,R\\P,DC1,"
        + "\"User Logoff:\r\n\tUser Name:\tPaul\r\n\tDomain:\t\tR\r\n\tLogon ID:\t\t(0x0,0x3A7A6E0)"
        + "\r\n\tLogon Type:\t2\r\n\"\r\n11/2/2009,05:47:29,Security,Success Audit,Logon/Logoff,"
        + "528,R\\P,DC1,\"Successful Logon:\r\n\tUser Name:\tPaul\r\n\tDomain:\t\tR\r\n\tLogon ID:"
        + "\t\t(0x0,0x3A7A6E0)\r\n\tLogon Type:\t2\r\n\"\r\n";
    CollectingSink a = Boundaries.sameAtEveryBoundary(reader(ReadLimits.DEFAULT),
        archive.getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(528, 538), a.events.stream().map(e -> e.eventCode()).toList());
    String ps = "\"Message\",\"Id\",\"RecordId\",\"MachineName\",\"TimeCreated\"\n\"An account was"
        + " logged off.\n\nSubject:\n\tLogon ID:\t\t0x10\n\",\"4634\",\"2\",\"H\",\"3/2/2026 8:05:02"
        + " AM\"\n\"An account was logged off.\n\nSubject:\n\tLogon ID:\t\t0x11\n\",\"4634\",\"1\","
        + "\"H\",\"3/2/2026 8:05:01 AM\"\n";
    CollectingSink p = Boundaries.sameAtEveryBoundary(reader(ReadLimits.DEFAULT),
        ps.getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(1L, 2L), p.events.stream().map(e -> e.recordId()).toList());
  }
}
