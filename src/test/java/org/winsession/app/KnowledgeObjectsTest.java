package org.winsession.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.winsession.event.EventKind;
import org.winsession.event.LogonTypes;
import org.winsession.session.SessionStatus;

/**
 * The app's lookups, macros and event types agree with the code and with each other (macros a
 * search names are checked by SplFieldsTest).
 */
class KnowledgeObjectsTest {
  private static final Path DEFAULT = Path.of("default");
  private static final Path LOOKUPS = Path.of("splunk_app/lookups");

  private static List<CSVRecord> csv(String name) throws IOException {
    try (Reader r = Files.newBufferedReader(LOOKUPS.resolve(name))) {
      return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
          .parse(r).getRecords();
    }
  }

  @Test
  void everyTransformsLookupFileExists() throws IOException {
    for (Map.Entry<String, Map<String, String>> e : ConfFile.read(DEFAULT.resolve("transforms.conf"))
        .entrySet()) {
      String file = e.getValue().get("filename");
      assertTrue(file != null && Files.isRegularFile(LOOKUPS.resolve(file)), e.getKey());
      assertFalse(csv(file).isEmpty(), file);
    }
  }

  @Test
  void eventCodeLookup_namesExactlyTheCodesTheProductKnows() throws IOException {
    Map<Integer, String> expected = new TreeMap<>();
    for (int code = 0; code < 70_000; code++) {
      EventKind kind = EventKind.ofCode(code);
      if (kind != EventKind.OTHER) {
        expected.put(code, kind.name().toLowerCase(Locale.ROOT));
      }
    }
    Map<Integer, String> lookup = new TreeMap<>();
    for (CSVRecord r : csv("winsession_event_codes.csv")) {
      int code = Integer.parseInt(r.get("event_code"));
      assertTrue(lookup.put(code, r.get("event_kind")) == null, "duplicate " + code);
      assertFalse(r.get("event_name").isBlank(), "name of " + code);
      assertEquals(EventKind.isLegacyCode(code) ? "NT5" : "modern", r.get("event_generation"),
          "generation of " + code);
    }
    assertEquals(expected, lookup);
  }

  @Test
  void logonTypeLookup_namesAreTheContractNames() throws IOException {
    Map<Integer, String> expected = new TreeMap<>();
    for (int type = 0; type < 32; type++) {
      if (LogonTypes.name(type) != null) {
        expected.put(type, LogonTypes.name(type));
      }
    }
    Map<Integer, String> lookup = new TreeMap<>();
    for (CSVRecord r : csv("winsession_logon_types.csv")) {
      lookup.put(Integer.parseInt(r.get("logon_type")), r.get("logon_type_name"));
      assertFalse(r.get("logon_type_description").isBlank());
    }
    assertEquals(expected, lookup);
  }

  @Test
  void statusLookup_describesExactlyTheStatusesTheEngineEmits() throws IOException {
    Set<String> expected = new TreeSet<>();
    for (SessionStatus s : SessionStatus.values()) {
      expected.add(s.wireName());
    }
    Set<String> lookup = new TreeSet<>();
    for (CSVRecord r : csv("winsession_statuses.csv")) {
      assertTrue(lookup.add(r.get("status")), "duplicate " + r.get("status"));
      assertFalse(r.get("status_description").isBlank(), r.get("status"));
    }
    assertEquals(expected, lookup);
    String signature = ConfFile.read(DEFAULT.resolve("props.conf")).get("winsession:session")
        .get("EVAL-signature");
    for (String status : expected) {
      assertTrue(signature.contains("status==\"" + status + "\""), "CIM signature of " + status);
    }
    assertEquals("sourcetype=\"winsession:session\" status=\"unaudited\"", ConfFile.read(
        DEFAULT.resolve("eventtypes.conf")).get("winsession_unaudited").get("search"));
  }

  @Test
  void everyMacroIsDescribed_andEventTypesHaveNoPipes() throws IOException {
    for (Map.Entry<String, Map<String, String>> m
        : ConfFile.read(DEFAULT.resolve("macros.conf")).entrySet()) {
      assertFalse(m.getValue().getOrDefault("description", "").isBlank(), m.getKey());
    }
    for (Map.Entry<String, Map<String, String>> e : ConfFile.read(DEFAULT.resolve("eventtypes.conf"))
        .entrySet()) {
      String search = e.getValue().get("search");
      assertFalse(search.contains("|") || search.contains("`") || search.contains("["),
          e.getKey() + ": an event type search is a plain filter");
    }
  }


  private static Set<String> statuses(String search) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("status=\"([a-z_]+)\"").matcher(search);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void cimSessionStartsAndEnds_coverEveryStatusOnce_leaksAndUnauditedInNeither()
      throws IOException {
    Map<String, Map<String, String>> types = ConfFile.read(DEFAULT.resolve("eventtypes.conf"));
    Set<String> start = statuses(types.get("winsession_session_start").get("search"));
    Set<String> end = statuses(types.get("winsession_session_end").get("search"));
    Set<String> all = new TreeSet<>();
    for (SessionStatus s : SessionStatus.values()) {
      all.add(s.wireName());
    }
    assertEquals(Set.of("open"), start);
    Set<String> expectedEnd = new TreeSet<>(all);
    // neither has ended as far as anyone knows: leaked, and unaudited (SESSIONS.md §4.1)
    expectedEnd.removeAll(Set.of("open", "leaked", "unaudited"));
    assertEquals(expectedEnd, end);

    Map<String, Map<String, String>> tags = ConfFile.read(DEFAULT.resolve("tags.conf"));
    assertEquals(Map.of("network", "enabled", "session", "enabled", "start", "enabled"),
        tags.get("eventtype=winsession_session_start"));
    assertEquals(Map.of("network", "enabled", "session", "enabled", "end", "enabled"),
        tags.get("eventtype=winsession_session_end"));
    for (String stanza : tags.keySet()) {
      assertTrue(types.containsKey(stanza.substring("eventtype=".length())), stanza);
      assertFalse(tags.get(stanza).containsKey("authentication"),
          stanza + ": raw 4624/4634 are Authentication already");
    }
  }
}
