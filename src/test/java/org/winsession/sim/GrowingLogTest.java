package org.winsession.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.winsession.testing.IntervalRun;

/**
 * A log that grows while the modular input reads it, run after run: a simulated fleet's collected
 * stream appended in pieces cut at random bytes (inside records too), an interval-mode run after
 * each piece. The latest state of every session equals one run's over the whole file, in every
 * collected shape (cut at record ends; classic text, whose records have no end mark, only so). A
 * log of whole records (XML events, JSON lines) is read from where the last
 * run's last complete record ended: cut at record ends, every record is read exactly once; cut
 * anywhere, at most the record a cut fell into is read twice, and each record the cut left
 * incomplete is rejected at its true place in the file. A log whose bytes before that place
 * changed is read whole.
 */
class GrowingLogTest {
  private static final FleetParams FLEET = new FleetParams(20261130L, 6, 2, 4_000, 0.25, 0.2);
  private static final int PIECES = 24;

  @TempDir
  Path dir;

  /** One interval-mode run's output. */
  private record Run(List<JsonObject> sessions, List<JsonObject> rejected, JsonObject health) {}

  private Run run(Path logs, Path checkpoints) throws Exception {
    String definition = IntervalRun.definition(checkpoints, "grow",
        "<param name=\"path\">" + logs + "</param>");
    Files.createDirectories(checkpoints);
    Map<String, List<JsonObject>> events = IntervalRun.run(definition);
    List<JsonObject> health = events.getOrDefault("winsession:health", List.of());
    assertEquals(1, health.size(), events.toString());
    return new Run(events.getOrDefault("winsession:session", List.of()),
        events.getOrDefault("winsession:rejected", List.of()), health.get(0));
  }

  /** The fleet's records in one shape, each as its bytes. */
  private static List<byte[]> records(Shape shape) {
    FleetSimulator sim = new FleetSimulator(FLEET, true);
    List<byte[]> records = new ArrayList<>();
    while (sim.hasNext()) {
      SimEvent e = sim.next();
      if (shape.covers(e.nt5())) {
        records.add(shape.render(e).getBytes(StandardCharsets.UTF_8));
      }
    }
    return records;
  }

  /** The latest session event of every session, by id. */
  private static Map<String, JsonObject> latest(List<Run> runs) {
    Map<String, JsonObject> latest = new TreeMap<>();
    for (Run r : runs) {
      for (JsonObject s : r.sessions) {
        latest.put(s.get("session_id").getAsString(), s);
      }
    }
    return latest;
  }

  private static long sum(List<Run> runs, String field) {
    return runs.stream().mapToLong(r -> r.health.get(field).getAsLong()).sum();
  }

  /** Writes {@code all} into {@code file} piece by piece, a run after each; the runs. */
  private List<Run> grow(byte[] all, int[] cuts, Path logs, Path file, Path checkpoints)
      throws Exception {
    List<Run> runs = new ArrayList<>();
    Files.createDirectories(logs);
    int from = 0;
    for (int cut : cuts) {
      Files.write(file, Arrays.copyOfRange(all, from, cut), StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      from = cut;
      runs.add(run(logs, checkpoints));
    }
    return runs;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Shape.class, names = {"XML_WINEVENTLOG", "NXLOG_JSON", "WINLOGBEAT_JSON",
      "CLASSIC_TEXT"})
  void aGrowingLog_givesTheSessionsOfOneRun_readingEachRecordOnce(Shape shape) throws Exception {
    List<byte[]> records = records(shape);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Integer> starts = new ArrayList<>();
    for (byte[] r : records) {
      starts.add(bytes.size());
      bytes.write(r);
    }
    byte[] all = bytes.toByteArray();
    String name = "fleet." + (shape.name().startsWith("XML") ? "xml" : "log");

    Path straight = Files.createDirectories(dir.resolve("straight"));
    Files.write(straight.resolve(name), all);
    Run one = run(straight, dir.resolve("c-straight"));
    assertEquals(records.size(), one.health.get("events_read").getAsLong(), shape.name());
    assertEquals(0, one.health.get("rejected").getAsLong());
    Map<String, JsonObject> expected = latest(List.of(one));
    boolean resumable = shape != Shape.CLASSIC_TEXT;

    Random random = new Random(shape.ordinal() * 7919L);
    // cut at record ends: every record is read once, none rejected
    int[] atEnds = random.ints(PIECES - 1, 1, records.size()).sorted().distinct()
        .map(starts::get).toArray();
    atEnds = Arrays.copyOf(atEnds, atEnds.length + 1);
    atEnds[atEnds.length - 1] = all.length;
    List<Run> whole = grow(all, atEnds, dir.resolve("ends"), dir.resolve("ends").resolve(name),
        dir.resolve("c-ends"));
    assertEquals(expected, latest(whole), shape + " cut at record ends");
    assertEquals(0, sum(whole, "rejected"));
    if (resumable) {
      assertEquals(records.size(), sum(whole, "events_read"), "each record read once");
    }

    if (!resumable) {
      return; // a classic text record cut short may still read as an event: cut at ends only
    }
    // cut anywhere
    int[] anywhere = random.ints(PIECES - 1, 1, all.length).sorted().distinct().toArray();
    anywhere = Arrays.copyOf(anywhere, anywhere.length + 1);
    anywhere[anywhere.length - 1] = all.length;
    List<Run> runs = grow(all, anywhere, dir.resolve("any"), dir.resolve("any").resolve(name),
        dir.resolve("c-any"));
    assertEquals(expected, latest(runs), shape + " cut anywhere");
    long read = sum(runs, "events_read");
    assertTrue(read >= records.size() && read <= records.size() + anywhere.length,
        read + " events read of " + records.size() + " records in " + anywhere.length + " runs");
    Map<Integer, Long> lineAt = new HashMap<>();
    long line = 1;
    for (int i = 0; i < all.length; i++) {
      if (i == 0 || all[i - 1] == '\n') {
        lineAt.put(i, line);
      }
      if (all[i] == '\r' || all[i] == '\n' && (i == 0 || all[i - 1] != '\r')) {
        line++;
      }
    }
    long rejected = 0;
    for (Run r : runs) {
      for (JsonObject rej : r.rejected) {
        rejected++;
        int at = rej.get("byte_offset").getAsInt();
        assertTrue(starts.contains(at), "a rejected record at a record start: " + rej);
        assertEquals(lineAt.get(at), rej.get("line").getAsLong(), rej.toString());
      }
    }
    assertTrue(rejected < anywhere.length, rejected + " rejected in " + anywhere.length);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Shape.class, names = {"XML_WINEVENTLOG", "NXLOG_JSON"})
  void aLogRewrittenUnderTheSameHead_isReadWhole(Shape shape) throws Exception {
    List<byte[]> records = records(shape);
    int keep = records.size() / 4;
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    for (int i = 0; i < records.size() / 2; i++) {
      first.write(records.get(i));
      // the same head, then other records: a log written again, longer than the first
      second.write(records.get(i < keep ? i : i + records.size() / 2));
    }
    for (int i = keep; i < records.size() / 2 && second.size() <= first.size(); i++) {
      second.write(records.get(i));
    }
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path file = logs.resolve("fleet.log");
    Files.write(file, first.toByteArray());
    run(logs, dir.resolve("c"));
    Files.write(file, second.toByteArray());
    Run again = run(logs, dir.resolve("c"));
    assertTrue(second.size() > first.size());
    Files.write(dir.resolve("only.log"), second.toByteArray());
    Path only = Files.createDirectories(dir.resolve("only"));
    Files.move(dir.resolve("only.log"), only.resolve("fleet.log"));
    assertEquals(run(only, dir.resolve("c-only")).health.get("events_read"),
        again.health.get("events_read"), "read whole, as a file seen for the first time");
  }

  /**
   * What was appended is read from the last record end only when a read of the whole file reads
   * it the same way: an appended JSON array (one element broken) is read line by line, every good
   * element an event, and an appended byte order mark does not make the rest UTF-16.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Shape.class, names = {"XML_WINEVENTLOG", "NXLOG_JSON"})
  void anAppendThatWouldReadOtherwiseFromItsStart_isReadAsInTheWholeFile(Shape shape)
      throws Exception {
    List<byte[]> records = records(shape).subList(0, 60);
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    records.subList(0, 30).forEach(first::writeBytes);
    ByteArrayOutputStream appended = new ByteArrayOutputStream();
    if (shape == Shape.NXLOG_JSON) {
      appended.writeBytes("[\n".getBytes(StandardCharsets.UTF_8));
      for (int i = 30; i < 60; i++) {
        byte[] r = records.get(i);
        appended.write(r, 0, r.length - 1); // without its LF
        appended.writeBytes((i == 40 ? "{\"broken\":\n" : i < 59 ? ",\n" : "\n]\n")
            .getBytes(StandardCharsets.UTF_8));
      }
    } else {
      appended.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE});
      ByteArrayOutputStream rest = new ByteArrayOutputStream();
      records.subList(30, 60).forEach(rest::writeBytes);
      appended.writeBytes(rest.toString(StandardCharsets.UTF_8)
          .getBytes(StandardCharsets.UTF_16LE));
    }
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.write(logs.resolve("grow.log"), first.toByteArray());
    Run before = run(logs, dir.resolve("c"));
    Files.write(logs.resolve("grow.log"), appended.toByteArray(), StandardOpenOption.APPEND);
    Run after = run(logs, dir.resolve("c"));
    Path only = Files.createDirectories(dir.resolve("only"));
    Files.copy(logs.resolve("grow.log"), only.resolve("grow.log"));
    Run one = run(only, dir.resolve("c-only"));
    assertEquals(latest(List.of(one)), latest(List.of(before, after)), shape.name());
    assertEquals(one.health.get("rejected"), after.health.get("rejected"), after.rejected
        .toString());
  }
}
