package org.winsession.splunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.winsession.app.ConfFile;
import org.winsession.read.InputFormat;
import org.winsession.session.AccountClass;

/** Stanza settings: defaults, every accepted value, and messages an admin can act on. */
class InputSettingsTest {
  private static Map<String, String> files(String... kv) {
    Map<String, String> m = new HashMap<>(Map.of("mode", "files", "path", "/logs",
        "index", "main", "disabled", "0", "interval", "300"));
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void defaults() {
    InputSettings s = InputSettings.parse(files());
    assertTrue(s.fromFiles());
    assertNull(s.format(), "auto");
    assertEquals(Duration.ofHours(24), s.engine().leakAfter());
    assertEquals(Duration.ofMinutes(2), s.engine().logoffGrace());
    assertTrue(s.engine().emitOpen(), "on by default in the modular input (SESSIONS.md §5)");
    assertEquals(1, s.partitions());
    assertEquals(Set.of(), s.filter().includeEventCodes());
    assertEquals(20, s.engine().unauditedAfter(), "SESSIONS.md §4.1");
    assertEquals(2, s.threads(), "reads ahead on a second thread");
  }

  @Test
  void unauditedAfter_isReadAndMustBeAWholeNumberOfAtLeastOne() {
    assertEquals(50, InputSettings.parse(files("unaudited_after", "50")).engine()
        .unauditedAfter());
    for (String bad : new String[] {"0", "-3", "many", "2.5", "99999999999"}) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> InputSettings.parse(files("unaudited_after",
              bad)));
      assertEquals("setting 'unaudited_after' = '" + bad + "': expected a whole number from 1"
          + " to 2147483647", e.getMessage());
    }
  }

  @Test
  void reorderWindowAndHeldEvents_reachTheEngineAndMayBeZeroButNotNegative() {
    InputSettings s = InputSettings.parse(files("reorder_window", "0", "max_held_events",
        "2500"));
    assertEquals(0, s.engine().reorderWindow());
    assertEquals(2500, s.engine().maxHeldEvents());
    assertEquals(100_000, InputSettings.parse(files()).engine().maxHeldEvents());
    for (String key : new String[] {"reorder_window", "max_held_events"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> InputSettings.parse(files(key, "-1")));
      assertEquals("setting '" + key + "' = '-1': expected a whole number from 0 to 2147483647",
          e.getMessage());
    }
  }

  @Test
  void everySettingIsRead() {
    InputSettings s = InputSettings.parse(files("format", "evtx", "leak_after", "8h",
        "leak_after_by_type", "3=1h", "logoff_grace", "90s", "host_normalization", "fqdn",
        "timezone", "Europe/Berlin", "emit_open", "no", "include_event_codes", "4624,4634",
        "include_logon_types", "2,10", "exclude_account_classes", "machine, anonymous",
        "exclude_users", "^svc_", "include_hosts", "^dc", "exclude_hosts", "test",
        "partition", "1/3", "max_open_sessions", "5000", "threads", "1"));
    assertEquals(InputFormat.EVTX, s.format());
    assertEquals(Duration.ofHours(8), s.engine().leakAfter());
    assertEquals(Map.of(3, Duration.ofHours(1)), s.engine().leakAfterByType());
    assertFalse(s.engine().emitOpen());
    assertEquals(Set.of(4624, 4634), s.filter().includeEventCodes());
    assertEquals(Set.of(AccountClass.MACHINE, AccountClass.ANONYMOUS),
        s.filter().excludeAccountClasses());
    assertTrue(s.filter().excludeUsers().matcher("SVC_backup").find(), "case-insensitive");
    assertEquals(5000, s.engine().maxOpenSessions());
    assertEquals(1, s.partition());
    assertEquals(3, s.partitions());
    assertEquals(1, s.threads());
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', value = {
      "mode|ftp|setting 'mode' = 'ftp': expected files or splunk_search",
      "leak_after|forever|setting 'leak_after' 'forever': expected a duration",
      "leak_after_by_type|99=1h|logon type '99' is not a Windows logon type",
      "host_normalization|netbios|expected short, fqdn or as_is",
      "timezone|Mars/Olympus|setting 'timezone' = 'Mars/Olympus': expected a zone",
      "emit_open|maybe|setting 'emit_open' = 'maybe': expected true or false",
      "include_logon_types|2,14|expected numbers 0..13 separated by commas ('14' is not one)",
      "exclude_account_classes|robot|('robot' is not one)",
      "exclude_users|[unclosed|setting 'exclude_users' = '[unclosed': expected a Java regular",
      "partition|2/2|expected k/n with 0 <= k < n",
      "max_open_sessions|0|expected a whole number from 1 to 2147483647",
      "threads|0|setting 'threads' = '0': expected a whole number from 1 to 1024",
      "threads|1025|setting 'threads' = '1025': expected a whole number from 1 to 1024",
      "format|pdf|expected auto, xml, evtx, evt, json, wineventlog or csv",
      "start_time|yesterday|expected a relative time such as -24h",
      "leak_afte|8h|setting 'leak_afte' = '8h': expected a winsession setting; known:"})
  void badValue_isRejectedNamingSettingValueAndWhatIsAllowed(String key, String value,
      String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InputSettings.parse(files(key, value)));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void filesNeedAPath() {
    Map<String, String> m = files();
    m.remove("path");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> InputSettings.parse(m))
        .getMessage().contains("'path' is required"));
  }

  @Test
  void partitionsSplitEveryHostExactlyOnce() {
    List<InputSettings> parts = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      parts.add(InputSettings.parse(files("partition", k + "/3")));
    }
    int[] perPart = new int[3];
    for (int h = 0; h < 3000; h++) {
      String host = "host" + h;
      int owners = 0;
      for (int k = 0; k < 3; k++) {
        if (parts.get(k).handlesHost(host)) {
          owners++;
          perPart[k]++;
        }
      }
      assertEquals(1, owners, host);
    }
    for (int n : perPart) {
      assertTrue(n > 800, "balanced: " + java.util.Arrays.toString(perPart));
    }
    assertEquals(parts.get(0).handlesHost("DC01"), parts.get(0).handlesHost("dc01"));
  }

  @Test
  void oldSourceSetting_isReadAsModeForOneReleaseWithAWarning() {
    Map<String, String> old = files();
    old.remove("mode");
    old.put("source", "splunk_search");
    assertFalse(InputSettings.parse(old).fromFiles(), "source = splunk_search still works");
    assertEquals(List.of("setting 'source = splunk_search' is deprecated and read as 'mode ="
        + " splunk_search' for one release: rename it to 'mode' (source is Splunk's source"
        + " field)"), InputSettings.deprecations(old));

    Map<String, String> both = files("source", "splunk_search");
    assertTrue(InputSettings.parse(both).fromFiles(), "mode wins over the old name");
    assertTrue(InputSettings.deprecations(both).get(0).contains("is ignored: 'mode = files'"));

    Map<String, String> emptyMode = files("mode", " ", "source", "splunk_search");
    assertFalse(InputSettings.parse(emptyMode).fromFiles(), "an empty mode is no mode");
    assertTrue(InputSettings.deprecations(emptyMode).get(0).contains("is deprecated"));

    Map<String, String> splunkSource = files("source", "WinEventLog:Security");
    assertTrue(InputSettings.parse(splunkSource).fromFiles(), "Splunk's own source field");
    assertEquals(List.of(), InputSettings.deprecations(splunkSource));
    assertEquals(List.of(), InputSettings.deprecations(files()));
  }

  @Test
  void inputsConfSpec_matchesTheSettingsOneToOne() throws IOException {
    List<String> spec = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("splunk_app/README/inputs.conf.spec"))) {
      if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("*")
          && !line.startsWith("[")) {
        spec.add(line.substring(0, line.indexOf('=')).strip());
      }
    }
    List<String> expected = new ArrayList<>(List.of("interval"));
    for (Setting s : Setting.values()) {
      expected.add(s.key());
    }
    assertEquals(expected, spec);
    String text = Files.readString(Path.of("splunk_app/README/inputs.conf.spec"));
    assertTrue(text.contains("[winsession://<name>]"));
    for (Setting s : Setting.values()) {
      assertTrue(text.contains("* " + s.description()), s.key());
    }
  }

  @Test
  void defaultInputsConf_everyStanzaIsValidAndDisabled() throws IOException {
    Map<String, Map<String, String>> stanzas = ConfFile.read(Path.of("default/inputs.conf"));
    Map<String, String> defaults = stanzas.get("winsession");
    assertTrue(defaults != null, "[winsession] defaults stanza");
    Set<String> splunkKeys = Set.of("interval", "index", "sourcetype", "disabled", "host");
    Set<String> known = new java.util.HashSet<>(splunkKeys);
    for (Setting s : Setting.values()) {
      known.add(s.key());
    }
    int examples = 0;
    Set<Boolean> fromFiles = new java.util.HashSet<>();
    for (Map.Entry<String, Map<String, String>> e : stanzas.entrySet()) {
      for (String key : e.getValue().keySet()) {
        assertTrue(known.contains(key), e.getKey() + ": unknown setting " + key);
      }
      if (e.getKey().startsWith("winsession://")) {
        examples++;
        assertEquals("1", e.getValue().get("disabled"), e.getKey() + " ships disabled");
        Map<String, String> merged = new HashMap<>(defaults);
        merged.putAll(e.getValue());
        fromFiles.add(InputSettings.parse(merged).fromFiles());
      } else {
        assertEquals("winsession", e.getKey());
      }
    }
    assertEquals(Set.of(true, false), fromFiles, "one example of each mode");
    assertTrue(stanzas.values().stream().noneMatch(st -> st.containsKey("source")),
        "the examples use mode, not the deprecated source");
    assertEquals(2, examples);
  }

  @Test
  void everyReadLimit_isASetting_readIntoTheLimits_andCheckedAgainstItsMinimum() {
    assertEquals(org.winsession.read.ReadLimits.DEFAULT, InputSettings.parse(files()).limits());
    for (org.winsession.read.ReadLimits.Limit l : org.winsession.read.ReadLimits.Limit.values()) {
      Setting s = Setting.valueOf(l.name());
      assertEquals(l, s.limit);
      assertEquals(l.key(), s.key());
      assertEquals(Long.toString(l.defaultValue()), s.defaultValue());
      InputSettings set = InputSettings.parse(files(l.key(), Long.toString(l.minimum())));
      assertEquals(org.winsession.read.ReadLimits.DEFAULT.with(l, l.minimum()), set.limits());
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class,
          () -> InputSettings.parse(files(l.key(), Long.toString(l.minimum() - 1))));
      assertEquals("setting '" + l.key() + "' = '" + (l.minimum() - 1) + "': expected a whole"
          + " number of at least " + l.minimum() + " (" + l.description() + "; default "
          + l.defaultValue() + ")", e.getMessage());
    }
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> InputSettings.parse(files("max_depth", "deep")));
    assertTrue(e.getMessage().startsWith("setting 'max_depth' = 'deep': expected a whole"),
        e.getMessage());
  }
}
