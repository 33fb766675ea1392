package org.winsession.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Settings that Splunk reads differently from how they look: per-result throttling, alerts that
 * must judge each event once, and what other apps need exported.
 */
class ConfLintTest {
  private static Map<String, Map<String, String>> saved;

  @BeforeAll
  static void read() throws IOException {
    saved = ConfFile.read(Path.of("default/savedsearches.conf"));
    saved.remove("default");
  }

  @Test
  void throttlingByAField_runsPerResult() {
    int throttled = 0;
    for (var e : saved.entrySet()) {
      Map<String, String> s = e.getValue();
      if (s.containsKey("alert.suppress.fields")) {
        throttled++;
        assertEquals("0", s.get("alert.digest_mode"), e.getKey()
            + ": suppress.fields works per result; in digest mode one result silences all");
        assertEquals("1", s.get("alert.suppress"), e.getKey());
        assertFalse(s.getOrDefault("alert.suppress.period", "").isBlank(), e.getKey());
        String subject = s.getOrDefault("action.email.subject", "");
        assertFalse(subject.contains("$job.resultCount$"), e.getKey()
            + ": one mail per result, its subject names the result: " + subject);
      }
    }
    assertEquals(3, throttled, "leak rise per host, long session per session, collector per stanza");
    assertEquals("stanza", saved.get("winsession - Collector not running or rejecting records")
        .get("alert.suppress.fields"));
  }

  /** Minutes between runs of a cron schedule that runs every N minutes or hourly. */
  static int periodMinutes(String cron) {
    String[] f = cron.split(" ");
    assertEquals("*", f[2] + "", "every day: " + cron);
    if (f[0].startsWith("*/")) {
      assertEquals("*", f[1], cron);
      return Integer.parseInt(f[0].substring(2));
    }
    assertTrue(f[0].matches("\\d+") && f[1].equals("*"), "hourly: " + cron);
    return 60;
  }

  /** Minutes of a snapped relative time such as -15m@m or -1h@h, and its snap unit. */
  record Relative(int minutes, String snap) {
    static Relative parse(String t) {
      Matcher m = Pattern.compile("(?:-(\\d+)([mh]))?@([mh])").matcher(t);
      assertTrue(m.matches(), "a snapped relative time: " + t);
      int n = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
      return new Relative(m.group(2) == null ? 0 : m.group(2).equals("h") ? n * 60 : n,
          m.group(3));
    }
  }

  private static String find(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? m.group(1) : null;
  }

  @Test
  void alertsForWhatIsNew_judgeEachIndexedEventOnce() {
    List<String> judged = new ArrayList<>();
    for (var e : saved.entrySet()) {
      String search = e.getValue().get("search");
      String latest = find("_index_latest=(\\S+)", search);
      if (latest == null || search.contains("outputlookup")) {
        continue;
      }
      judged.add(e.getKey());
      Map<String, String> s = e.getValue();
      assertEquals("0", s.get("realtime_schedule"),
          e.getKey() + ": continuous scheduling: no window skipped, times from the scheduled time");
      assertFalse(s.containsKey("schedule_window"), e.getKey() + ": runs at its time");
      String earliest = find("_index_earliest=(\\S+)", search);
      if (earliest == null) {
        // the window's start is where the first index time of a finding must lie
        earliest = find("first_indexed >= relative_time\\(now\\(\\), \"([^\"]+)\"\\)", search);
        assertTrue(search.contains("min(_indextime) as first_indexed"), e.getKey()
            + ": new means first indexed in the window, not first seen by event time");
        assertFalse(search.matches("(?s).*first_seen >= relative_time.*"), e.getKey());
      }
      assertTrue(earliest != null, e.getKey() + ": the window has a start");
      Relative from = Relative.parse(earliest);
      Relative to = Relative.parse(latest);
      assertEquals(to.snap(), from.snap(), e.getKey());
      int period = periodMinutes(s.get("cron_schedule"));
      assertEquals(period, from.minutes() - to.minutes(), e.getKey()
          + ": the index-time windows of successive runs tile: no gap, no overlap");
      if (period == 60) {
        assertEquals("h", to.snap(), e.getKey() + ": hourly windows end on the hour");
      }
    }
    assertEquals(Set.of("winsession - New leaked sessions",
        "winsession - First RDP logon from a new address"), new TreeSet<>(judged));
  }

  @Test
  void alertsJudgingAnHourByEventTime_waitForItToSettle() {
    for (var e : saved.entrySet()) {
      String search = e.getValue().get("search");
      if (!search.contains("bin _time span=1h")) {
        continue;
      }
      Relative latest = Relative.parse(e.getValue().get("dispatch.latest_time"));
      assertTrue(latest.minutes() >= 60 && latest.snap().equals("h"), e.getKey()
          + ": the newest hour judged ended at least an hour before the run");
      String judgedFrom = find("_time >= relative_time\\(now\\(\\), \"([^\"]+)\"\\)", search);
      assertEquals(latest.minutes() + 60, Relative.parse(judgedFrom).minutes(),
          e.getKey() + ": judges exactly the one hour before dispatch.latest_time");
    }
  }

  @Test
  void whatExportedPropsNames_isExportedToo() throws IOException {
    Map<String, Map<String, String>> meta = ConfFile.read(Path.of("splunk_app/metadata/default.meta"));
    Set<String> exported = new TreeSet<>();
    for (var e : meta.entrySet()) {
      if ("system".equals(e.getValue().get("export"))) {
        exported.add(e.getKey());
      }
    }
    assertTrue(exported.contains("props"), "sourcetype extractions are used from any app");
    Map<String, Map<String, String>> transforms = ConfFile.read(Path.of("default/transforms.conf"));
    boolean lookups = false;
    for (Map<String, String> stanza : ConfFile.read(Path.of("default/props.conf")).values()) {
      for (var setting : stanza.entrySet()) {
        if (setting.getKey().startsWith("LOOKUP-")) {
          lookups = true;
          String lookup = setting.getValue().split("\\s+")[0];
          assertTrue(exported.contains("transforms"), setting.getKey() + ": [transforms] exported");
          Map<String, String> t = transforms.get(lookup);
          if (t.containsKey("filename")) {
            assertTrue(exported.contains("lookups"), lookup + ": [lookups] exported");
          }
        }
      }
    }
    assertTrue(lookups);
    for (var t : transforms.entrySet()) {
      if ("kvstore".equals(t.getValue().get("external_type"))) {
        assertTrue(exported.contains("collections"), t.getKey() + ": [collections] exported");
      }
    }
    for (String type : List.of("eventtypes", "tags", "macros")) {
      assertTrue(exported.contains(type), type);
    }
  }
}
