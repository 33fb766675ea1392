package org.winsession.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.winsession.event.EventKind;
import org.winsession.event.LogonIds;
import org.winsession.event.LogonTypes;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;
import org.winsession.testing.CollectingSink;

/** The direction of an export, told from all of it, and its bounded-memory reversal. */
class ExportOrderTest {
  private static SecurityEvent event(String host, long recordId, long time, int i) {
    return new SecurityEvent(host, "Security", recordId, time, 528, EventKind.LOGON, 1000 + i,
        LogonIds.NONE, "user" + i, i % 3 == 0 ? null : "DOMAIN", null, i % 14 == 13
            ? LogonTypes.NONE : i % 14, null, "User32", null, i % 5 == 0 ? "10.0.0." + i % 250
            : null, i % 5 == 0 ? 40000 + i : SecurityEvent.NO_PORT, "WS" + i, null,
        i % 4 == 0 ? null : i % 4 == 1, null, "{guid-" + i + "}", null, null, SourceFormat.CSV);
  }

  private static List<SecurityEvent> order(List<SecurityEvent> asListed,
      ExportOrder.Direction whenUnknown, long memory) throws IOException {
    CollectingSink sink = new CollectingSink();
    try (ExportOrder o = new ExportOrder(sink, "t", whenUnknown, memory)) {
      asListed.forEach(o::add);
      o.finish();
    }
    assertEquals(List.of(), sink.warnings);
    return sink.events;
  }

  private static List<SecurityEvent> reversed(List<SecurityEvent> l) {
    List<SecurityEvent> r = new ArrayList<>(l);
    Collections.reverse(r);
    return r;
  }

  /** Oldest first with many events per second and an hour-long clock step back. */
  private static List<SecurityEvent> oldestFirst(int n, boolean recordIds) {
    List<SecurityEvent> l = new ArrayList<>();
    long t = 1_000_000_000_000L;
    Random random = new Random(7);
    for (int i = 0; i < n; i++) {
      t += random.nextInt(4) == 0 ? 1000 : 0; // three events in four share their second
      if (i == n / 3) {
        t -= 3_600_000; // a clock step back: the export's last time is before its first
      }
      l.add(event("DC1", recordIds ? 500 + i : SecurityEvent.NO_RECORD_ID, t, i));
    }
    return l;
  }

  @Test
  void newestFirstWithTiesAndAClockStep_isReversedAsAWhole() throws IOException {
    List<SecurityEvent> truth = oldestFirst(2000, false);
    assertTrue(truth.get(0).timeMillis() > truth.get(truth.size() - 1).timeMillis(),
        "first vs last alone would say newest first here");
    assertEquals(truth, order(reversed(truth), ExportOrder.Direction.OLDEST_FIRST,
        ExportOrder.DEFAULT_MEMORY_BYTES));
    assertEquals(truth, order(truth, ExportOrder.Direction.NEWEST_FIRST,
        ExportOrder.DEFAULT_MEMORY_BYTES), "an export saved oldest first stays as it is");
  }

  @Test
  void recordNumbers_decideOverTimes() throws IOException {
    List<SecurityEvent> truth = new ArrayList<>();
    for (int i = 0; i < 50; i++) { // times run backwards (clock set back often); ids do not
      truth.add(event("DC1", 100 + i, 2_000_000_000_000L - 1000L * i, i));
    }
    assertEquals(truth, order(truth, ExportOrder.Direction.NEWEST_FIRST,
        ExportOrder.DEFAULT_MEMORY_BYTES));
    assertEquals(truth, order(reversed(truth), ExportOrder.Direction.OLDEST_FIRST,
        ExportOrder.DEFAULT_MEMORY_BYTES));
  }

  @Test
  void nothingTells_theShapesDefaultDecides() throws IOException {
    List<SecurityEvent> sameSecond = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sameSecond.add(event("DC1", SecurityEvent.NO_RECORD_ID, 1_000_000L, i));
    }
    assertEquals(reversed(sameSecond), order(sameSecond, ExportOrder.Direction.NEWEST_FIRST,
        ExportOrder.DEFAULT_MEMORY_BYTES));
    assertEquals(sameSecond, order(sameSecond, ExportOrder.Direction.OLDEST_FIRST,
        ExportOrder.DEFAULT_MEMORY_BYTES));
  }

  @Test
  void hostsVoteApart_soInterleavedHostsDoNotConfuseRecordNumbers() throws IOException {
    List<SecurityEvent> truth = new ArrayList<>();
    for (int i = 0; i < 300; i++) { // three hosts whose record numbers are far apart
      String host = "H" + i % 3;
      truth.add(event(host, (i % 3) * 1_000_000L + i, 3_000_000L + i * 1000L, i));
    }
    assertEquals(truth, order(reversed(truth), ExportOrder.Direction.OLDEST_FIRST,
        ExportOrder.DEFAULT_MEMORY_BYTES));
  }

  @Test
  void spilledRuns_giveTheSameEventsAsMemory() throws IOException {
    List<SecurityEvent> truth = oldestFirst(5000, true);
    CollectingSink sink = new CollectingSink();
    int runs;
    try (ExportOrder o = new ExportOrder(sink, "t", ExportOrder.Direction.NEWEST_FIRST, 20_000)) {
      reversed(truth).forEach(o::add);
      runs = o.spilledRuns();
      o.finish();
    }
    assertTrue(runs > 20, runs + " runs spilled");
    assertEquals(truth, sink.events, "every field survives the temporary file, in order");
    assertEquals(truth, order(truth, ExportOrder.Direction.NEWEST_FIRST, 20_000));
  }
}
