package org.winsession.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The app's Dashboard Studio views: in the navigation, sharing work through base and chained
 * searches, current state from the KV store, and the panels that once did the wrong thing. Their
 * searches' fields are checked by SplFieldsTest, schema and layout by Splunk's validator
 * (src/ci/dashboards.sh), rendering by Splunk's framework (src/ci/render.sh).
 */
class DashboardsTest {
  private static final Path VIEWS = Path.of("default/data/ui/views");
  private static final Pattern DEFINITION =
      Pattern.compile("<definition><!\\[CDATA\\[(.*?)]]></definition>", Pattern.DOTALL);

  static Map<String, JsonObject> definitions() throws IOException {
    Map<String, JsonObject> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(VIEWS)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String xml = Files.readString(p);
        assertTrue(xml.startsWith("<dashboard version=\"2\""), p + ": Dashboard Studio");
        Matcher m = DEFINITION.matcher(xml);
        assertTrue(m.find(), p + ": definition");
        String name = p.getFileName().toString();
        out.put(name.substring(0, name.length() - 4),
            JsonParser.parseString(m.group(1)).getAsJsonObject());
      }
    }
    return out;
  }

  /** The SPL a data source runs: its own query, after its base's for a chained search. */
  static String fullQuery(JsonObject sources, String id) {
    JsonObject ds = sources.getAsJsonObject(id);
    assertTrue(ds != null, "data source " + id);
    JsonObject options = ds.getAsJsonObject("options");
    String query = options.get("query").getAsString();
    if (ds.get("type").getAsString().equals("ds.chain")) {
      assertTrue(query.startsWith("|"), id + ": a chained query continues its base with |");
      return fullQuery(sources, options.get("extend").getAsString()) + " " + query;
    }
    assertEquals("ds.search", ds.get("type").getAsString(), id);
    return query;
  }

  private static JsonObject sources(String view) throws IOException {
    return definitions().get(view).getAsJsonObject("dataSources");
  }

  @Test
  void everyViewIsInTheNavigation() throws IOException {
    String nav = Files.readString(Path.of("default/data/ui/nav/default.xml"));
    Set<String> listed = new TreeSet<>();
    Matcher m = Pattern.compile("<view name=\"(winsession_[a-z_]+)\"").matcher(nav);
    while (m.find()) {
      listed.add(m.group(1));
    }
    assertEquals(definitions().keySet(), listed);
    assertEquals(Set.of("winsession_overview", "winsession_explorer", "winsession_leaks",
        "winsession_health"), listed);
  }

  /** Searches a page load dispatches: ds.search sources (chains reuse their base's results). */
  private static Map<String, String> dispatched(JsonObject sources) {
    Map<String, String> out = new TreeMap<>();
    for (String id : sources.keySet()) {
      JsonObject ds = sources.getAsJsonObject(id);
      if (ds.get("type").getAsString().equals("ds.search")) {
        out.put(id, ds.getAsJsonObject("options").get("query").getAsString());
      }
    }
    return out;
  }

  @Test
  void eachPageComputesSessionsOnce_andSharesItThroughChainedSearches() throws IOException {
    int chains = 0;
    for (var d : definitions().entrySet()) {
      JsonObject sources = d.getValue().getAsJsonObject("dataSources");
      long sessionRuns = dispatched(sources).values().stream()
          .filter(q -> q.contains("`winsession_sessions`")).count();
      assertTrue(sessionRuns <= 1, d.getKey() + ": the per-session state is computed "
          + sessionRuns + " times per load");
      long kvReads = dispatched(sources).values().stream()
          .filter(q -> q.contains("`winsession_current`")).count();
      assertTrue(kvReads <= 1, d.getKey() + ": the KV store is read " + kvReads + " times");
      for (String id : sources.keySet()) {
        if (sources.getAsJsonObject(id).get("type").getAsString().equals("ds.chain")) {
          chains++;
          fullQuery(sources, id);
        }
      }
    }
    assertTrue(chains >= 10, "chained searches: " + chains);
  }

  @Test
  void currentState_openNowAndTheExplorer_comeFromTheKvStore() throws IOException {
    JsonObject overview = sources("winsession_overview");
    assertTrue(fullQuery(overview, "ds_open_now").startsWith("`winsession_current`"));
    assertTrue(fullQuery(overview, "ds_open_by_type").startsWith("`winsession_current`"));
    assertTrue(fullQuery(sources("winsession_explorer"), "ds_sessions")
        .startsWith("`winsession_current`"));
    for (var e : SplFieldsTest.searches().entrySet()) {
      assertFalse(e.getValue().matches("(?s).*latest\\(\\*\\).*"),
          e.getKey() + ": latest(*) keeps fields the latest event no longer has");
    }
  }

  @Test
  void userLogoffWithoutLogoff_listsOnlySessionsLeakedByThatRule() throws IOException {
    String q = fullQuery(sources("winsession_leaks"), "ds_user_logoff_only");
    assertTrue(q.contains("where status=\"leaked\""), q);
    assertTrue(q.contains("where leak_reason=\"user_logoff_without_logoff\""), q);
    assertFalse(q.contains("isnull(logoff_time)"), "ended by shutdown or in grace: " + q);
  }

  @Test
  void explorerDrilldown_searchesTheWindowsIndexOverTheSessionsOwnTimes() throws IOException {
    JsonObject viz = definitions().get("winsession_explorer").getAsJsonObject("visualizations")
        .getAsJsonObject("viz_sessions");
    String url = viz.getAsJsonArray("eventHandlers").get(0).getAsJsonObject()
        .getAsJsonObject("options").get("url").getAsString();
    String decoded = URLDecoder.decode(url.replace("+", "%2B"), StandardCharsets.UTF_8);
    assertTrue(decoded.contains("q=search `winsession_windows_events` "), decoded);
    String macro = ConfFile.read(Path.of("default/macros.conf")).get("winsession_windows_events")
        .get("definition");
    assertTrue(macro.matches("index=\\S+.*"), "names an index: " + macro);
    assertFalse(decoded.contains("$global_time"), "not the picker's range: " + decoded);
    assertTrue(decoded.contains("earliest=$row._drill_earliest.value$")
        && decoded.contains("latest=$row._drill_latest.value$"), decoded);
    String q = fullQuery(sources("winsession_explorer"), "ds_sessions");
    String table = q.substring(q.lastIndexOf("| table "));
    for (String f : new String[] {"host", "logon_id", "_drill_earliest", "_drill_latest"}) {
      assertTrue(table.matches("(?s).*\\b" + f + "\\b.*"), "the table gives " + f);
    }
    assertTrue(q.contains("_drill_earliest=floor(strptime(coalesce(logon_time,"), q);
  }

  @Test
  void health_measuresLag_andShowsTheLatestRunsError() throws IOException {
    JsonObject health = sources("winsession_health");
    String lag = fullQuery(health, "ds_event_lag");
    assertTrue(lag.contains("eval lag_seconds=_indextime - _time"), lag);
    assertTrue(fullQuery(health, "ds_read_position").contains("read_behind_seconds=_time - strptime(indexed_until"));
    assertTrue(fullQuery(health, "ds_modinput_log").startsWith("`winsession_modinput_log`"));
    for (var e : SplFieldsTest.searches().entrySet()) {
      String q = e.getValue();
      if (q.contains("`winsession_health`")) {
        assertFalse(q.matches("(?s).*\\blag_seconds\\b.*") && !q.contains("_indextime"),
            e.getKey() + ": the health event's lag_seconds is the configured lag, not a measure");
        int latestError = q.indexOf("latest(error)");
        assertTrue(latestError < 0 || q.lastIndexOf("error=coalesce(error, \"\")", latestError) >= 0,
            e.getKey() + ": latest(error) skips runs without an error; coalesce first");
      }
    }
  }

  /**
   * Hosts that do not audit logoffs (SESSIONS.md §4.1): Collector health lists them from each
   * input's latest health event with the Windows setting that fixes them; the Leaks page shows
   * their unaudited sessions apart, and its leak panels count leaked sessions only, though they
   * share one base search with the unaudited panel.
   */
  @Test
  void unauditedHosts_listedWithTheirFix_andNeverCountedAsLeaks() throws IOException {
    String fix = "Advanced Audit Policy > Logon/Logoff > Audit Logoff: Success";
    JsonObject health = sources("winsession_health");
    String hosts = fullQuery(health, "ds_unaudited");
    assertTrue(hosts.startsWith("`winsession_health` | dedup stanza |"), "latest run per input: " + hosts);
    assertTrue(hosts.contains("spath path=unaudited_hosts{}"), hosts);
    assertTrue(hosts.contains("fix=\"" + fix + "\""), hosts);
    assertTrue(fullQuery(health, "ds_by_stanza").contains("latest(unaudited_host_count) as unaudited_host_count"));
    JsonObject healthViz = definitions().get("winsession_health").getAsJsonObject("visualizations")
        .getAsJsonObject("viz_unaudited");
    assertEquals("ds_unaudited", healthViz.getAsJsonObject("dataSources").get("primary").getAsString());
    assertTrue(healthViz.get("description").getAsString().contains(fix));

    JsonObject leaks = sources("winsession_leaks");
    Set<String> chains = new TreeSet<>();
    for (String id : leaks.keySet()) {
      JsonObject ds = leaks.getAsJsonObject(id);
      if (ds.get("type").getAsString().equals("ds.chain")) {
        assertEquals("ds_leaks_base", ds.getAsJsonObject("options").get("extend").getAsString(), id);
        chains.add(id);
        String own = ds.getAsJsonObject("options").get("query").getAsString();
        String status = id.equals("ds_unaudited") ? "unaudited" : "leaked";
        assertTrue(own.startsWith("| where status=\"" + status + "\" |"), id + ": " + own);
      }
    }
    assertTrue(chains.contains("ds_unaudited") && chains.size() >= 5, chains.toString());
    String base = fullQuery(leaks, "ds_leaks_base");
    assertTrue(base.contains("where status=\"leaked\" OR status=\"unaudited\""), base);
    assertTrue(base.matches("(?s).*fillnull value=\"-\" [^|]*\\bleak_reason\\b.*"),
        "unaudited sessions have no leak_reason; stats by it would drop them: " + base);
    assertTrue(base.matches("(?s).*\\| stats count as sessions by status .*"), base);
    assertTrue(fullQuery(leaks, "ds_trend").contains("status=\"leaked\""));
  }

  /** The explorer's status choice offers every status the engine emits, unaudited included. */
  @Test
  void explorer_offersEveryStatus() throws IOException {
    JsonObject input = definitions().get("winsession_explorer").getAsJsonObject("inputs")
        .entrySet().stream().map(e -> e.getValue().getAsJsonObject())
        .filter(i -> i.getAsJsonObject("options").has("token")
            && i.getAsJsonObject("options").get("token").getAsString().equals("status"))
        .findFirst().orElseThrow();
    Set<String> offered = new TreeSet<>();
    input.getAsJsonObject("options").getAsJsonArray("items")
        .forEach(i -> offered.add(i.getAsJsonObject().get("value").getAsString()));
    Set<String> expected = new TreeSet<>(Set.of("*"));
    for (org.winsession.session.SessionStatus s : org.winsession.session.SessionStatus.values()) {
      expected.add(s.wireName());
    }
    assertEquals(expected, offered);
  }
}
