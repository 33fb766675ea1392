package org.winsession.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.winsession.emit.SessionJson;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.EventSink;
import org.winsession.read.Inputs;
import org.winsession.read.LocalTimes;
import org.winsession.read.ReadLimits;
import org.winsession.session.EngineConfig;
import org.winsession.session.SessionEngine;
import org.winsession.testing.SharedData;

/**
 * The app's rule for a session's current state (macro winsession_latest_state and the KV store's
 * upsert: newest time first, then state rank) picks, whole, the event the engine wrote last for
 * that session, run as the modular input runs it (open events on, no end-of-run re-emission): on
 * the bundled sample and on every real log in ../shared/data.
 */
class LatestStateTest {
  /** The session events of one engine run over the inputs, in the order written. */
  private static List<JsonObject> run(List<Path> files, boolean sample) throws IOException {
    List<JsonObject> events = new ArrayList<>();
    SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT.withEmitOpen(true),
        e -> events.add(JsonParser.parseString(SessionJson.toJson(e)).getAsJsonObject()));
    EventSink sink = new EventSink() {
      @Override
      public void event(SecurityEvent e) {
        engine.accept(e);
      }

      @Override
      public void rejected(RejectedRecord r) {}
    };
    Inputs inputs = new Inputs(ReadLimits.DEFAULT, LocalTimes.DEFAULT);
    if (sample) {
      try (InputStream in = LatestStateTest.class.getResourceAsStream(
          "/org/winsession/sample/sample-day.xml")) {
        inputs.read(in, "sample", sink);
      }
    }
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        inputs.read(in, f.toString(), sink);
      }
    }
    engine.flush();
    return events;
  }

  /** What the app acts on: a same-time, same-state pair of events must agree on these. */
  private static final List<String> STATE_FIELDS = List.of("status", "leak", "leak_reason",
      "end_reason", "end_time", "logoff_time", "duration", "late_logoff");

  /**
   * Per session: the number of sessions, of those whose newest events share time and rank, and of
   * those where such events differ (the engine wrote the state again with a detail added, e.g. a
   * user logoff written after the shutdown that ended the session). Where the rule picks the event
   * the engine wrote last, it must be whole-equal; where time and rank cannot order two different
   * events, they must agree on every field the app acts on (status, leak, end), and the ambiguity
   * is counted.
   */
  private static int[] check(List<JsonObject> events, Map<String, Integer> ranks) {
    Map<String, List<JsonObject>> bySession = new LinkedHashMap<>();
    for (JsonObject e : events) {
      bySession.computeIfAbsent(e.get("session_id").getAsString(), k -> new ArrayList<>()).add(e);
    }
    Comparator<JsonObject> newestFirst = Comparator
        .comparing((JsonObject e) -> Instant.parse(e.get("time").getAsString())).reversed()
        .thenComparing(e -> ranks.getOrDefault(e.get("status").getAsString(), 3),
            Comparator.reverseOrder());
    int ties = 0;
    int unordered = 0;
    for (var s : bySession.entrySet()) {
      List<JsonObject> list = s.getValue();
      JsonObject written = list.get(list.size() - 1);
      List<JsonObject> sorted = new ArrayList<>(list);
      sorted.sort(newestFirst); // stable: among equals, the order written
      JsonObject picked = sorted.get(0);
      if (sorted.size() > 1 && sorted.get(1).get("time").equals(picked.get("time"))) {
        ties++;
      }
      if (newestFirst.compare(picked, written) == 0 && !picked.equals(written)) {
        unordered++;
        for (String f : STATE_FIELDS) {
          assertEquals(written.get(f), picked.get(f), s.getKey() + ": " + f + " of " + picked
              + " and " + written);
        }
      } else {
        assertEquals(written, picked, s.getKey() + ": the latest event, whole");
      }
    }
    return new int[] {bySession.size(), ties, unordered};
  }

  @Test
  void latestStateRule_picksTheLastWrittenEvent_sampleAndRealLogs() throws IOException {
    Map<String, Integer> ranks = CurrentSessionsStoreTest.ranks();
    int[] sample = check(run(List.of(), true), ranks);
    int[] real = check(run(Inputs.expand(List.of(SharedData.dir())), false), ranks);
    assertTrue(sample[0] > 50 && sample[1] > 0, "sample sessions, same-time states: "
        + sample[0] + ", " + sample[1]);
    assertEquals(0, sample[2], "sample: same time and state, different events");
    assertTrue(real[0] >= 500, "real sessions: " + real[0]);
    assertTrue(real[2] * 20 < real[0], "real logs: same time and state, different events: "
        + real[2] + " of " + real[0] + " sessions (" + real[1] + " same-time states)");
    System.out.printf("latest state: sample %d sessions, %d same-time states; real logs %d"
        + " sessions, %d same-time states, %d same time and state with a detail added%n",
        sample[0], sample[1], real[0], real[1], real[2]);
  }
}
