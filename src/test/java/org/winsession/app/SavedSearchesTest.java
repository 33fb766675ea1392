package org.winsession.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped alerts and reports: scheduled sanely, described, email configured but off and
 * without a recipient. Their searches are checked by SplFieldsTest.
 */
class SavedSearchesTest {
  private static Map<String, Map<String, String>> searches;
  private static Map<String, String> defaults;

  @BeforeAll
  static void read() throws IOException {
    searches = ConfFile.read(Path.of("default/savedsearches.conf"));
    defaults = searches.remove("default");
  }

  /** The minutes of an hour a cron minute field matches (*, N, N-M, lists, steps). */
  static Set<Integer> minutes(String field) {
    Set<Integer> out = new TreeSet<>();
    for (String part : field.split(",")) {
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = Integer.parseInt(part.substring(slash + 1));
        part = part.substring(0, slash);
      }
      int from;
      int to;
      if (part.equals("*")) {
        from = 0;
        to = 59;
      } else if (part.contains("-")) {
        from = Integer.parseInt(part.substring(0, part.indexOf('-')));
        to = Integer.parseInt(part.substring(part.indexOf('-') + 1));
      } else {
        from = Integer.parseInt(part);
        to = slash >= 0 ? 59 : from;
      }
      assertTrue(from >= 0 && to <= 59 && from <= to && step > 0, "minute field " + field);
      for (int m = from; m <= to; m += step) {
        out.add(m);
      }
    }
    return out;
  }

  @Test
  void minutes_readsTheCronForms() {
    assertEquals(4, minutes("*/15").size());
    assertEquals(Set.of(7), minutes("7"));
    assertEquals(Set.of(0, 30), minutes("0,30"));
    assertEquals(60, minutes("*").size());
  }

  @Test
  void emailIsConfiguredButOff_andHasNoRecipient() {
    assertEquals("0", defaults.get("action.email"));
    for (Map.Entry<String, Map<String, String>> e : searches.entrySet()) {
      Map<String, String> s = e.getValue();
      assertFalse(s.containsKey("action.email.to") && !s.get("action.email.to").isEmpty(),
          e.getKey() + ": no recipient in default/");
      assertFalse("1".equals(s.get("action.email")), e.getKey() + ": email off");
      assertFalse(s.getOrDefault("action.email.subject", "").isBlank(), e.getKey());
    }
  }

  @Test
  void everySearchIsDescribedDisabledAndSanelyScheduled() {
    assertEquals(8, searches.size(), "six alerts and two reports");
    int reports = 0;
    for (Map.Entry<String, Map<String, String>> e : searches.entrySet()) {
      String name = e.getKey();
      Map<String, String> s = e.getValue();
      assertTrue(name.startsWith("winsession - "), name);
      assertFalse(s.getOrDefault("description", "").isBlank(), name + ": description");
      assertEquals("1", s.get("disabled"), name + ": ships disabled");
      assertEquals("1", s.get("enableSched"), name);
      assertFalse(s.getOrDefault("dispatch.earliest_time", "").isBlank(), name + ": earliest");
      assertFalse(s.getOrDefault("dispatch.latest_time", "").isBlank(), name + ": latest");
      String[] cron = s.get("cron_schedule").split(" ");
      assertEquals(5, cron.length, name + ": cron has five fields");
      int perHour = minutes(cron[0]).size();
      assertTrue(perHour >= 1 && perHour <= 4, name + ": at most every 15 minutes");
      assertFalse(s.get("dispatch.earliest_time").startsWith("rt")
          || s.get("search").contains("earliest=rt"), name + ": no real-time search");
      if ("always".equals(s.get("counttype"))) {
        reports++;
      } else {
        assertEquals("number of events", s.get("counttype"), name);
        assertEquals("greater than", s.get("relation"), name);
        assertEquals("0", s.get("quantity"), name);
        assertEquals("1", s.get("alert.track"), name);
      }
    }
    assertEquals(2, reports);
  }

  /**
   * The leak alerts select leaked sessions by their status and nothing else, so a session of a
   * host that does not audit logoffs (status unaudited, SESSIONS.md §4.1) never fires them.
   */
  @Test
  void leakAlerts_neverFireForUnauditedSessions() {
    for (String name : List.of("winsession - New leaked sessions",
        "winsession - Host leak count rising")) {
      String search = searches.get(name).get("search");
      String base = search.substring(0, search.indexOf('|'));
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("status\\s*(!?=)\\s*\"?([a-z_*]+)")
          .matcher(search);
      Set<String> filters = new TreeSet<>();
      while (m.find()) {
        filters.add(m.group(1) + m.group(2));
      }
      assertEquals(Set.of("=leaked"), filters, name);
      assertTrue(base.contains("status=\"leaked\""), name + ": filtered before the first pipe");
      assertFalse(search.contains("unaudited") || search.contains(" OR "), name);
    }
  }
}
