package org.winsession.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The test data the dashboards are rendered with (src/ci/render/fixtures.json, used by
 * src/ci/render.sh) is shaped like what each data source's search returns: the same columns, for
 * every data source of every view, and at least a row each.
 */
class RenderFixturesTest {
  /** The columns a search returns, or, for a split timechart, "_time" and "*" (any series). */
  static Set<String> outputColumns(String where, String spl) {
    String expanded = SplFieldsTest.expand(where, spl.replaceAll("\\$[^$]+\\$", "x"));
    Set<String> out = null; // unknown: raw events
    for (String cmd : SplFieldsTest.commands(expanded)) {
      String name = cmd.split("\\s+")[0];
      String args = cmd.substring(name.length()).strip();
      switch (name) {
        case "stats", "timechart" -> {
          String body = args.replaceAll("\\b(span|limit|useother|usenull|bins)=\\S+", "");
          Matcher by = Pattern.compile("\\bby\\b").matcher(body);
          boolean split = by.find();
          String aggregates = split ? body.substring(0, by.start()) : body;
          Set<String> next = new LinkedHashSet<>();
          if (name.equals("timechart")) {
            next.add("_time");
          } else if (split) {
            next.addAll(List.of(body.substring(by.end()).strip().split("[\\s,]+")));
          }
          if (name.equals("timechart") && split) {
            next.add("*");
          } else {
            for (SplFieldsTest.Aggregate a : SplFieldsTest.aggregates(aggregates)) {
              next.add(a.as() != null ? a.as() : a.function() + "(" + a.arg() + ")");
            }
            Matcher bare = Pattern.compile("(?:^|\\s)count(?:\\s+as\\s+(\\w+))?(?=\\s|$)")
                .matcher(aggregates);
            while (bare.find()) {
              next.add(bare.group(1) != null ? bare.group(1) : "count");
            }
          }
          out = next;
        }
        case "table" -> out = new LinkedHashSet<>(List.of(args.split("[\\s,]+")));
        case "eval" -> {
          for (String assignment : SplFieldsTest.topLevel(args, ',')) {
            if (out != null) {
              out.add(assignment.substring(0, assignment.indexOf('=')).strip());
            }
          }
        }
        case "inputlookup" -> out = new LinkedHashSet<>(SplFieldsTest.lookupFields(args.split("\\s+")[0]));
        default -> {
          // where, sort, head, convert, search, dedup, fillnull, lookup, rex: columns kept
        }
      }
    }
    return out;
  }

  @org.junit.jupiter.api.BeforeAll
  static void macros() throws IOException {
    SplFieldsTest.fields();
  }

  @Test
  void everyDataSourceHasTestData_withTheColumnsItsSearchReturns() throws IOException {
    JsonObject fixtures = JsonParser.parseString(
        Files.readString(Path.of("src/ci/render/fixtures.json"))).getAsJsonObject();
    Set<String> expectedKeys = new TreeSet<>();
    Map<String, String> problems = new TreeMap<>();
    for (var d : DashboardsTest.definitions().entrySet()) {
      JsonObject sources = d.getValue().getAsJsonObject("dataSources");
      for (String id : sources.keySet()) {
        String key = d.getKey() + "/" + id;
        expectedKeys.add(key);
        JsonObject data = fixtures.getAsJsonObject(key);
        if (data == null) {
          problems.put(key, "no test data");
          continue;
        }
        List<String> fields = new ArrayList<>();
        for (JsonElement f : data.getAsJsonArray("fields")) {
          fields.add(f.getAsJsonObject().get("name").getAsString());
        }
        JsonArray columns = data.getAsJsonArray("columns");
        assertEquals(fields.size(), columns.size(), key + ": a column per field");
        assertTrue(columns.get(0).getAsJsonArray().size() > 0, key + ": at least one row");
        Set<String> expected = outputColumns(key, DashboardsTest.fullQuery(sources, id));
        assertTrue(expected != null, key + ": its search ends in stats, timechart or table");
        if (expected.contains("*")) {
          if (!fields.get(0).equals("_time") || fields.size() < 2) {
            problems.put(key, "a split timechart: _time and one column a series, not " + fields);
          }
        } else if (!new TreeSet<>(fields).equals(new TreeSet<>(expected))) {
          problems.put(key, "columns " + fields + ", the search returns " + expected);
        }
      }
    }
    assertEquals(expectedKeys, new TreeSet<>(fixtures.keySet()), "test data for no data source");
    assertEquals(Map.of(), problems);
  }
}
