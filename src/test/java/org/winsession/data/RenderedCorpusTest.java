package org.winsession.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.winsession.event.EventKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.ReadLimits;
import org.winsession.session.EngineConfig;
import org.winsession.session.SessionEngine;
import org.winsession.testing.Read;
import org.winsession.testing.SharedData;

/**
 * Every XML document in {@code ../shared/data/rendered} is read and analysed; the counts are the
 * MANIFEST's ({@code manifest.json}), read from there rather than copied.
 */
class RenderedCorpusTest {
  /** The three documents with raw control characters (rendered/README.md) and the bad record. */
  private static final Map<String, Long> CONTROL_CHARACTER_RECORD = Map.of(
      "python-evtx/tests/data/security.evtx", 55L,
      "omerbenamram-evtx/samples/security_bad_string_cache.evtx", 55L,
      "DFIRArtifactMuseum/Windows/EventLogs/Win11/RathbunVM/RathbunVM_W11EventLogs.7z.extracted/Security.evtx",
      90L);

  /** Byte offset and line of that record's {@code <Event}, found independently (Python). */
  private static final Map<Long, long[]> CONTROL_CHARACTER_POSITION = Map.of(
      55L, new long[] {68655, 1861}, 90L, new long[] {116861, 3011});

  static Stream<JsonObject> renderedEntries() throws IOException {
    JsonArray all = JsonParser.parseString(Files.readString(
        SharedData.dir().resolve("manifest.json"), StandardCharsets.UTF_8)).getAsJsonArray();
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : all) {
      JsonObject o = e.getAsJsonObject();
      if (o.get("format").getAsString().equals("EVTX")) {
        out.add(o);
      }
    }
    return out.stream();
  }

  private static Read.Result read(String evtxPath) throws IOException {
    try (InputStream in = Files.newInputStream(SharedData.rendered(evtxPath))) {
      return Read.stream(in, ReadLimits.DEFAULT);
    }
  }

  @Test
  void everyEvtxInTheManifestHasARendering() throws IOException {
    List<JsonObject> entries = renderedEntries().toList();
    assertEquals(16, entries.size());
    for (JsonObject o : entries) {
      assertTrue(Files.isRegularFile(SharedData.rendered(o.get("loc").getAsString())),
          o.get("loc").getAsString());
    }
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("renderedEntries")
  void readerCountsEqualTheManifest(JsonObject entry) throws IOException {
    String loc = entry.get("loc").getAsString();
    Read.Result r = read(loc);
    assertEquals(entry.get("events").getAsLong(), r.events().size() + r.rejected().size(),
        "every record is an event or a rejected record");
    Long bad = CONTROL_CHARACTER_RECORD.get(loc);
    assertEquals(bad == null ? 0 : 1, r.rejected().size(), r.rejected().toString());
    if (bad != null) {
      RejectedRecord rej = r.rejected().get(0);
      assertEquals(bad, rej.recordId());
      assertEquals(CONTROL_CHARACTER_POSITION.get(bad)[0], rej.byteOffset());
      assertEquals(CONTROL_CHARACTER_POSITION.get(bad)[1], rej.line());
      assertTrue(rej.reason().contains("control character"), rej.reason());
    }
    Map<String, Long> counts = new TreeMap<>();
    for (SecurityEvent e : r.events()) {
      counts.merge(String.valueOf(e.eventCode()), 1L, Long::sum);
    }
    for (Map.Entry<String, JsonElement> id : entry.getAsJsonObject("ids").entrySet()) {
      assertEquals(id.getValue().getAsLong(), counts.getOrDefault(id.getKey(), 0L),
          loc + " event " + id.getKey());
    }
    Set<String> hosts = new TreeSet<>();
    r.events().forEach(e -> hosts.add(e.host()));
    Set<String> expected = new TreeSet<>();
    entry.getAsJsonArray("computers").forEach(c -> expected.add(c.getAsString()));
    assertEquals(expected, hosts);
    assertFalse(r.events().stream().anyMatch(e -> e.kind() == EventKind.LOGON
        && e.logonId() == 0), "every logon has its LUID");
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("renderedEntries")
  void engineCountsBootsAndAcceptsEveryEvent(JsonObject entry) throws IOException {
    Read.Result r = read(entry.get("loc").getAsString());
    SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT, e -> {});
    r.events().forEach(engine::accept);
    engine.finish();
    JsonObject ids = entry.getAsJsonObject("ids");
    long startups = ids.has("4608") ? ids.get("4608").getAsLong() : 0;
    assertEquals(startups, engine.stats().hosts().values().stream()
        .mapToLong(h -> h.boots()).sum());
    assertEquals(r.events().size(), engine.stats().events());
    assertEquals(0, engine.stats().duplicates(), "a single log has no duplicate record ids");
    assertEquals(0, engine.stats().evicted());
  }
}
