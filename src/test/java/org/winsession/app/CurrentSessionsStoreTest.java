package org.winsession.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The current-sessions KV store: the collection, the lookup over it, and the saved searches that
 * keep it (upsert by session_id, newer state only), prune it and rebuild it, hold the same fields:
 * every session-event field of the contract.
 */
class CurrentSessionsStoreTest {
  private static Map<String, Map<String, String>> saved;
  private static Map<String, String> lookup;
  private static List<String> collectionFields;

  @BeforeAll
  static void read() throws IOException {
    saved = ConfFile.read(Path.of("default/savedsearches.conf"));
    lookup = ConfFile.read(Path.of("default/transforms.conf")).get("winsession_current_sessions");
    Map<String, String> collection =
        ConfFile.read(Path.of("default/collections.conf")).get("winsession_sessions");
    collectionFields = new ArrayList<>();
    for (String key : collection.keySet()) {
      if (key.startsWith("field.")) {
        collectionFields.add(key.substring(6));
        assertTrue(Set.of("string", "number", "bool", "time").contains(collection.get(key)), key);
      }
    }
  }

  private static List<String> tableFields(String search) {
    Matcher m = Pattern.compile("\\| table ([^|]+)\\|").matcher(search);
    assertTrue(m.find(), "table before outputlookup: " + search);
    return List.of(m.group(1).strip().split("\\s+"));
  }

  @Test
  void lookupCollectionAndSearches_holdTheSameFields_everyContractFieldAmongThem()
      throws IOException {
    assertEquals("kvstore", lookup.get("external_type"));
    assertEquals("winsession_sessions", lookup.get("collection"));
    List<String> listed = List.of(lookup.get("fields_list").split("\\s*,\\s*"));
    assertEquals("_key", listed.get(0));
    assertEquals(collectionFields, listed.subList(1, listed.size()));
    int writers = 0;
    for (var e : saved.entrySet()) {
      String search = e.getValue().getOrDefault("search", "");
      if (search.contains("outputlookup")) {
        writers++;
        assertEquals(collectionFields, tableFields(search), e.getKey());
        assertTrue(search.matches(".*\\| outputlookup (append=true )?key_field=session_id "
            + "winsession_current_sessions$"), e.getKey() + ": keyed on session_id: " + search);
      }
    }
    assertEquals(3, writers);
    String contract = Files.readString(SplFieldsTest.CONTRACT);
    String section5 = contract.substring(contract.indexOf("## 5."), contract.indexOf("## 6."));
    Set<String> fields = new TreeSet<>();
    Matcher row = Pattern.compile("^\\| (`[^|]+)\\|", Pattern.MULTILINE).matcher(section5);
    while (row.find()) {
      Matcher f = Pattern.compile("`([a-z_]+)`").matcher(row.group(1));
      while (f.find()) {
        fields.add(f.group(1));
      }
    }
    fields.remove("schema");
    Set<String> missing = new TreeSet<>(fields);
    missing.removeAll(collectionFields);
    assertEquals(Set.of(), missing, "contract fields the store does not keep");
    assertTrue(collectionFields.containsAll(List.of("state_time", "logon_type_description",
        "logon_event_name", "logoff_event_name")));
  }

  @Test
  void keepSearch_upsertsTheLatestStateOfNewlyIndexedEvents_neverAnOlderOne() {
    Map<String, String> keep = saved.get("winsession - Keep current sessions");
    String search = keep.get("search");
    String expected = "`winsession_index` sourcetype=\"winsession:session\""
        + " _index_earliest=-10m@m _index_latest=@m | `winsession_latest_state` | eval"
        + " state_time=_time | lookup winsession_current_sessions session_id OUTPUT state_time AS"
        + " stored_time status AS stored_status | eval stored_rank=`winsession_state_rank("
        + "stored_status)` | where isnull(stored_time) OR state_time > stored_time OR (state_time"
        + " == stored_time AND state_rank >= stored_rank) | table ";
    assertEquals(expected, search.substring(0, search.indexOf("| table ") + 8));
    assertTrue(search.endsWith("| outputlookup append=true key_field=session_id"
        + " winsession_current_sessions"));
    int period = ConfLintTest.periodMinutes(keep.get("cron_schedule"));
    assertTrue(period <= 10, "the 10-minute index window covers every run's period: " + period);
    assertEquals("0", keep.get("realtime_schedule"), "no period skipped");
  }

  @Test
  void pruneSearch_dropsEndedSessionsAfterTheRetention_andSilentHosts() throws IOException {
    Map<String, Map<String, String>> macros = ConfFile.read(Path.of("default/macros.conf"));
    assertEquals("7", macros.get("winsession_ended_retention_days").get("definition"));
    assertEquals("90", macros.get("winsession_silent_host_days").get("definition"));
    String prune = saved.get("winsession - Prune current sessions").get("search");
    assertTrue(prune.startsWith("`winsession_current` | eventstats max(state_time) as"
        + " host_last_change by host | where host_last_change >= now() -"
        + " 86400*`winsession_silent_host_days` AND (status=\"open\" OR status=\"leaked\" OR"
        + " state_time >= now() - 86400*`winsession_ended_retention_days`) | table "), prune);
    assertFalse(prune.contains("append=true"), "prune replaces the collection");
    String rebuild = saved.get("winsession - Rebuild current sessions").get("search");
    assertTrue(rebuild.startsWith("`winsession_sessions` | eval state_time=_time | table "));
  }

  /** The rank winsession_state_rank gives each status, read from the macro's case(). */
  static Map<String, Integer> ranks() throws IOException {
    String def = ConfFile.read(Path.of("default/macros.conf")).get("winsession_state_rank(1)")
        .get("definition");
    Map<String, Integer> out = new java.util.TreeMap<>();
    Matcher clause = Pattern.compile("((?:\\$status_field\\$==\"[a-z_]+\"(?: OR )?)+), (\\d+)")
        .matcher(def);
    while (clause.find()) {
      Matcher status = Pattern.compile("\"([a-z_]+)\"").matcher(clause.group(1));
      while (status.find()) {
        out.put(status.group(1), Integer.parseInt(clause.group(2)));
      }
    }
    assertTrue(def.endsWith("true(), 3)"), "any other status ranks as an end: " + def);
    assertTrue(def.startsWith("case(isnull($status_field$) OR $status_field$==\"\", -1, "),
        "no state yet ranks below every state: " + def);
    return out;
  }

  @Test
  void rankOrder_openThenHeldStatesThenShutdownThenEnds() throws IOException {
    Map<String, Integer> ranks = ranks();
    assertEquals(Map.of("open", 0, "leaked", 1, "unaudited", 1, "ended_by_shutdown", 2), ranks);
    Set<String> statuses = new LinkedHashSet<>();
    for (org.winsession.session.SessionStatus s : org.winsession.session.SessionStatus.values()) {
      statuses.add(s.wireName());
    }
    assertTrue(statuses.containsAll(List.of("open", "leaked")));
  }
}
