package org.winsession.read.wineventlog;

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
import org.winsession.testing.Samples;

/**
 * Classic and NT5 text at buffer sizes down to one byte and through one-byte reads: the same
 * events and rejections as a whole read, and after every bad record every later good one.
 */
class WinEventLogTextBoundaryTest {
  private static final ReadLimits SMALL = ReadLimits.DEFAULT.with(Limit.MAX_LINE_BYTES, 2048)
      .with(Limit.MAX_RECORD_BYTES, 8192);

  private static Boundaries.SizedReader reader(ReadLimits limits) {
    WinEventLogTextReader r = new WinEventLogTextReader(limits, LocalTimes.DEFAULT);
    return r::read;
  }

  private static String classic(int i, Random random, String eol) {
    return String.join(eol, String.format("04/%02d/2019 %02d:%02d:%02d %s", 1 + i / 40000 % 28,
        1 + i / 3600 % 12, i / 60 % 60, i % 60, i / 43200 % 2 == 0 ? "AM" : "PM"),
        "LogName=Security", "SourceName=Microsoft Windows security auditing.",
        "EventCode=" + (i % 2 == 0 ? 4624 : 4634), "ComputerName=h" + i % 4 + ".example",
        "RecordNumber=" + (i + 1), "Keywords=Audit Success",
        "Message=An account was " + (i % 2 == 0 ? "successfully logged on." : "logged off."),
        "", i % 2 == 0 ? "New Logon:" : "Subject:", "\tSecurity ID:\t\tS-1-5-21-1-2-3-" + i,
        "\tAccount Name:\t\tus\u00e9r" + i + "\u65e5\u672c", "\tAccount Domain:\t\tCORP",
        "\tLogon ID:\t\t0x" + Integer.toHexString(0x9000 + i / 2).toUpperCase(), "",
        "Logon Type:\t\t\t3", "", "Detail " + "d".repeat(random.nextInt(600)), "") + eol;
  }

  /**
   * Thousands of classic records with bad ones inserted: each bad one is one rejected record of
   * its kind at its line, every good one arrives in order, events + rejected = records.
   */
  @Test
  void randomBadRecords_costThemselvesOnly_atEveryBoundary() {
    Random random = new Random(1129);
    StringBuilder clean = new StringBuilder();
    StringBuilder dirty = new StringBuilder();
    List<Long> badLines = new ArrayList<>();
    List<RejectKind> badKinds = new ArrayList<>();
    long line = 1;
    int goods = 2500;
    for (int i = 0; i < goods; i++) {
      String eol = random.nextBoolean() ? "\r\n" : "\n";
      if (random.nextInt(8) == 0) {
        String b = classic(i, random, eol);
        RejectKind kind;
        switch (random.nextInt(4)) {
          case 0:
            b = b.replaceFirst("EventCode=\\d+", "EventCode=logon");
            kind = RejectKind.INVALID_EVENT;
            break;
          case 1:
            b = b.replaceFirst("Logon ID:\t\t0x[0-9A-F]+", "Logon ID:\t\t-");
            kind = RejectKind.INVALID_EVENT;
            break;
          case 2:
            b = b.replace("Detail ", "Detail " + "w".repeat(3000)); // a line past the bound
            kind = RejectKind.LIMIT;
            break;
          default:
            b = b.replace("Keywords=Audit Success", ("Keywords=Audit Success" + eol
                + "x".repeat(1000)).repeat(9)); // a record past max_record_bytes
            kind = RejectKind.LIMIT;
            break;
        }
        dirty.append(b);
        badLines.add(line);
        badKinds.add(kind);
        line += b.split("\r\n|\n", -1).length - 1;
      }
      String g = classic(i, new Random(i), eol);
      clean.append(g);
      dirty.append(g);
      line += g.split("\r\n|\n", -1).length - 1;
    }
    CollectingSink expected = Boundaries.run(reader(SMALL),
        clean.toString().getBytes(StandardCharsets.UTF_8), Boundaries.Feed.WHOLE, 1 << 16);
    assertEquals(goods, expected.events.size(), expected.rejected.toString());
    byte[] data = dirty.toString().getBytes(StandardCharsets.UTF_8);
    for (int size : new int[] {1, 6, 1 << 16}) {
      for (Boundaries.Feed feed : Boundaries.Feed.values()) {
        CollectingSink got = Boundaries.run(reader(SMALL), data, feed, size);
        String where = "buffer " + size + ", " + feed;
        assertEquals(goods + badLines.size(), got.events.size() + got.rejected.size(), where);
        assertTrue(expected.events.equals(got.events), where + ": the good records, in order");
        assertEquals(badLines, got.rejected.stream().map(RejectedRecord::line).toList(), where);
        assertEquals(badKinds, got.rejected.stream().map(RejectedRecord::kind).toList(), where);
      }
    }
    assertTrue(badLines.size() > 200, badLines.size() + " bad records");
  }

  /** The hand-written samples, classic and NT5, with a BOM and leading garbage, at every size. */
  @Test
  void handWrittenSamples_sameAtEveryBoundary() {
    String text = "\uFEFFgarbage before any event\r\n" + Samples.CLASSIC_4624 + "\r\n"
        + Samples.CLASSIC_4634 + Samples.CLASSIC_4634.replace("EventCode=4634", "EventCode=x")
        + Samples.NT5_528 + Samples.NT5_528.replace("05:47:29", "05:47:30");
    CollectingSink r = Boundaries.sameAtEveryBoundary(reader(ReadLimits.DEFAULT),
        text.getBytes(StandardCharsets.UTF_8));
    assertEquals(4, r.events.size(), r.rejected.toString());
    assertEquals(2, r.rejected.size());
    assertEquals(3, r.rejected.get(0).byteOffset(), "after the BOM, at the input's own offset");
  }
}
