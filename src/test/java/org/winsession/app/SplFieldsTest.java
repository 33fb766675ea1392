package org.winsession.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.winsession.testing.SharedData;

/**
 * Every SPL string the app ships (macros, saved searches, dashboard data sources) uses only fields
 * that exist: session-event fields of SESSIONS.md §5, health and rejected-record fields, lookup
 * outputs, Splunk built-ins, CIM names the app defines, or fields the search itself creates. Also:
 * every macro and lookup a search names exists, and every command is one this reader knows.
 */
class SplFieldsTest {
  /** Fields of the health event the modular input writes (WinsessionModularInput.health). */
  private static final Set<String> HEALTH = Set.of("stanza", "files_read", "events_read",
      "rejected", "session_events", "session_events_by_status", "open_sessions_held",
      "duplicates_ignored", "evicted", "run_seconds", "lag_seconds", "indexed_until", "error",
      "unaudited_hosts");
  /** Fields of a rejected record (RejectedJson). */
  private static final Set<String> REJECTED =
      Set.of("source", "byte_offset", "line", "record_id", "reason", "raw");
  /** Splunk's own fields and time modifiers. */
  private static final Set<String> BUILT_IN = Set.of("_time", "_raw", "_indextime", "host",
      "source", "sourcetype", "index", "eventtype", "tag", "splunk_server", "earliest", "latest",
      "_index_earliest", "_index_latest", "count");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "like", "as",
      "by", "true", "false", "null");
  private static final Set<String> FUNCTIONS_WITHOUT_FIELD = Set.of("count");
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
  private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

  private static Set<String> known;
  private static Map<String, Map<String, String>> macros;
  private static Set<String> lookups;

  @BeforeAll
  static void fields() throws IOException {
    known = new TreeSet<>(BUILT_IN);
    known.addAll(HEALTH);
    known.addAll(REJECTED);
    String contract = Files.readString(SharedData.dir().getParent().resolve("docs/SESSIONS.md"));
    String section5 = contract.substring(contract.indexOf("## 5."), contract.indexOf("## 6."));
    Matcher m = Pattern.compile("^\\| (`[^|]+)\\|", Pattern.MULTILINE).matcher(section5);
    int rows = 0;
    while (m.find()) {
      rows++;
      Matcher f = Pattern.compile("`([a-z_]+)`").matcher(m.group(1));
      while (f.find()) {
        known.add(f.group(1));
      }
    }
    assertTrue(rows >= 15, "SESSIONS.md §5 field table: " + rows);
    for (String line : Files.readAllLines(Path.of("default/props.conf"))) {
      if (line.startsWith("EVAL-") || line.startsWith("FIELDALIAS-")) {
        known.add(line.substring(line.indexOf('-') + 1, line.indexOf('=')).strip());
      }
    }
    macros = ConfFile.read(Path.of("default/macros.conf"));
    lookups = ConfFile.read(Path.of("default/transforms.conf")).keySet();
    for (Map<String, String> stanza : ConfFile.read(Path.of("default/props.conf")).values()) {
      for (var e : stanza.entrySet()) {
        if (e.getKey().startsWith("LOOKUP-")) {
          String[] words = e.getValue().split("\\s+");
          assertTrue(lookups.contains(words[0]), e.getKey() + ": lookup " + words[0]);
          int output = List.of(words).indexOf("OUTPUT");
          assertTrue(output > 0, e.getKey() + ": OUTPUT");
          String[] outputs = e.getValue().substring(e.getValue().indexOf("OUTPUT") + 6).strip()
              .split("\\s*,\\s*|\\s+");
          for (int i = 0; i < outputs.length; i++) {
            boolean renamed = i + 2 < outputs.length && outputs[i + 1].equalsIgnoreCase("AS");
            known.add(renamed ? outputs[i + 2] : outputs[i]);
            i += renamed ? 2 : 0;
          }
        }
      }
    }
  }

  /** Every SPL string the app ships, by where it is. */
  static Map<String, String> searches() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : ConfFile.read(Path.of("default/macros.conf")).entrySet()) {
      out.put("macro " + e.getKey(), e.getValue().get("definition"));
    }
    Map<String, Map<String, String>> saved = ConfFile.read(Path.of("default/savedsearches.conf"));
    saved.remove("default");
    for (var e : saved.entrySet()) {
      out.put("saved search " + e.getKey(), e.getValue().get("search"));
    }
    for (var d : DashboardsTest.definitions().entrySet()) {
      JsonObject sources = d.getValue().getAsJsonObject("dataSources");
      for (String id : sources.keySet()) {
        out.put("dashboard " + d.getKey() + "/" + id, sources.getAsJsonObject(id)
            .getAsJsonObject("options").get("query").getAsString());
      }
    }
    return out;
  }

  /** Replaces each `macro` by its definition; fails on an unknown one. */
  static String expand(String where, String spl) {
    for (int depth = 0; spl.contains("`"); depth++) {
      assertTrue(depth < 10, where + ": macros nest too deep");
      Matcher m = Pattern.compile("`([A-Za-z0-9_]+)`").matcher(spl);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        Map<String, String> macro = macros.get(m.group(1));
        assertTrue(macro != null, where + ": macro " + m.group(1) + " is not defined");
        m.appendReplacement(sb, Matcher.quoteReplacement(" " + macro.get("definition") + " "));
      }
      m.appendTail(sb);
      spl = sb.toString();
    }
    return spl;
  }

  /** The pipeline's commands: split at | outside quotes and brackets. */
  static List<String> commands(String spl) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < spl.length(); i++) {
      char c = spl.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '(' || c == '[')) {
        depth++;
      } else if (!quoted && (c == ')' || c == ']')) {
        depth--;
      } else if (!quoted && depth == 0 && c == '|') {
        out.add(spl.substring(start, i).strip());
        start = i + 1;
      }
    }
    out.add(spl.substring(start).strip());
    out.removeIf(String::isEmpty);
    return out;
  }

  /** Identifiers of an expression that name fields: not functions, keywords or numbers. */
  static List<String> expressionFields(String expr) {
    List<String> out = new ArrayList<>();
    Matcher m = IDENT.matcher(QUOTED.matcher(expr).replaceAll("\"\""));
    while (m.find()) {
      int next = m.end();
      while (next < expr.length() && expr.charAt(next) == ' ') {
        next++;
      }
      boolean function = next < expr.length() && expr.charAt(next) == '(';
      if (!function && !KEYWORDS.contains(m.group().toLowerCase(Locale.ROOT))) {
        out.add(m.group());
      }
    }
    return out;
  }

  /** The fields one search reads, with those it creates taken out; fails on unknown commands. */
  static Set<String> unknownFields(String where, String spl) {
    Set<String> created = new TreeSet<>();
    List<String> used = new ArrayList<>();
    List<String> cmds = commands(expand(where, spl.replaceAll("\\$[^$]+\\$", "x")));
    for (int i = 0; i < cmds.size(); i++) {
      String cmd = cmds.get(i);
      String name = cmd.split("\\s+")[0];
      String args = cmd.substring(name.length()).strip();
      if (i == 0 && !name.equals("search")) {
        name = "search";
        args = cmd;
      }
      String plain = QUOTED.matcher(args).replaceAll("\"\"");
      switch (name) {
        case "search" -> {
          Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)\\s*(?:!=|<=|>=|=|<|>|\\s+IN\\s*\\()")
              .matcher(plain);
          while (m.find()) {
            used.add(m.group(1));
          }
        }
        case "where" -> used.addAll(expressionFields(args));
        case "eval" -> {
          for (String assignment : plain.split(",(?![^(]*\\))")) {
            int eq = assignment.indexOf('=');
            assertTrue(eq > 0, where + ": eval without = : " + assignment);
            created.add(assignment.substring(0, eq).strip());
          }
          for (String assignment : args.split(",(?![^(]*\\))")) {
            used.addAll(expressionFields(assignment.substring(assignment.indexOf('=') + 1)));
          }
        }
        case "stats", "eventstats", "streamstats", "timechart", "chart" -> {
          String body = args.replaceAll("\\b(span|limit|useother|usenull|bins)=\\S+", "");
          int by = indexOfWord(body, "by");
          String aggregates = by < 0 ? body : body.substring(0, by);
          if (by >= 0) {
            used.addAll(List.of(body.substring(by + 2).strip().split("[\\s,]+")));
          }
          for (Aggregate f : aggregates(aggregates)) {
            String arg = f.arg();
            if (arg.startsWith("eval(")) {
              used.addAll(expressionFields(arg.substring(5, arg.length() - 1)));
            } else if (!arg.isEmpty() && !arg.equals("*")) {
              used.add(arg);
            } else if (arg.isEmpty()) {
              assertTrue(FUNCTIONS_WITHOUT_FIELD.contains(f.function()), where + ": " + f);
            }
            created.add(f.as() != null ? f.as()
                : f.function() + (arg.isEmpty() ? "" : "(" + arg + ")"));
          }
          Matcher bare = Pattern.compile("(?:^|\\s)count(?:\\s+as\\s+(\\w+))?(?=\\s|$)")
              .matcher(aggregates);
          while (bare.find()) {
            created.add(bare.group(1) != null ? bare.group(1) : "count");
          }
        }
        case "table", "fields", "dedup", "sort" -> {
          for (String word : plain.split("[\\s,]+")) {
            String w = word.replaceFirst("^[-+]", "");
            if (!w.isEmpty() && !w.matches("\\d+") && !w.equals("sortby")) {
              used.add(w);
            }
          }
        }
        case "bin" -> used.add(plain.replaceAll("\\b(span|bins)=\\S+", "").strip());
        case "convert" -> {
          Matcher f = Pattern.compile("[a-z]+\\((\\w+)\\)").matcher(plain);
          while (f.find()) {
            used.add(f.group(1));
          }
        }
        case "head", "tail" -> assertTrue(plain.matches("\\d*"), where + ": " + cmd);
        case "lookup", "inputlookup" -> assertTrue(lookups.contains(plain.split("\\s+")[0]),
            where + ": lookup " + plain);
        default -> throw new AssertionError(where + ": command '" + name
            + "' is not one this test reads; teach it the command: " + cmd);
      }
    }
    Set<String> unknown = new TreeSet<>();
    for (String f : used) {
      if (!known.contains(f) && !created.contains(f)) {
        unknown.add(f);
      }
    }
    return unknown;
  }

  /** One aggregate of stats and its kin: function(arg) [as name]. */
  record Aggregate(String function, String arg, String as) {}

  /** The aggregates of a stats clause, with balanced parentheses and quotes respected. */
  static List<Aggregate> aggregates(String clause) {
    List<Aggregate> out = new ArrayList<>();
    Matcher start = Pattern.compile("([a-z0-9_]+)\\(").matcher(clause);
    int from = 0;
    while (start.find(from)) {
      int depth = 0;
      boolean quoted = false;
      int i = start.end() - 1;
      for (; i < clause.length(); i++) {
        char c = clause.charAt(i);
        if (c == '"') {
          quoted = !quoted;
        } else if (!quoted && c == '(') {
          depth++;
        } else if (!quoted && c == ')' && --depth == 0) {
          break;
        }
      }
      String arg = clause.substring(start.end(), i).strip();
      Matcher as = Pattern.compile("\\s+as\\s+([A-Za-z_][A-Za-z0-9_*]*)")
          .matcher(clause).region(i + 1, clause.length());
      String name = as.lookingAt() ? as.group(1) : null;
      out.add(new Aggregate(start.group(1), arg, name));
      from = name != null ? as.end() : i + 1;
    }
    return out;
  }

  private static int indexOfWord(String s, String word) {
    Matcher m = Pattern.compile("\\b" + word + "\\b").matcher(s);
    return m.find() ? m.start() : -1;
  }

  @Test
  void reader_findsAnUnknownField() {
    assertEquals(Set.of("no_such_field"), unknownFields("case",
        "`winsession_sessions` | where status=\"leaked\" AND no_such_field > 3"));
    assertEquals(Set.of("logon_typ"), unknownFields("case",
        "`winsession_index` logon_typ=10 | stats count by host"));
    assertEquals(Set.of("leaks_24"), unknownFields("case",
        "`winsession_index` | stats dc(session_id) as leaks_24h by host | where leaks_24 > 1"));
    assertEquals(Set.of(), unknownFields("case",
        "`winsession_index` | eval d=relative_time(now(), \"-1d\") | stats"
            + " dc(eval(if(_time>=d, session_id, null()))) as n by host | where n > 1"));
  }

  @Test
  void everySavedAndDashboardSearch_findsItsDataThroughTheAppsMacros() throws IOException {
    for (var e : searches().entrySet()) {
      if (!e.getKey().startsWith("macro ")) {
        assertTrue(e.getValue().contains("`"), e.getKey() + ": finds its data through a macro");
      }
    }
  }

  @Test
  void everyShippedSearch_usesOnlyFieldsThatExist() throws IOException {
    Map<String, String> all = searches();
    assertTrue(all.size() >= 30, "macros, saved searches and dashboard searches: " + all.size());
    Map<String, Set<String>> bad = new LinkedHashMap<>();
    for (var e : all.entrySet()) {
      Set<String> unknown = unknownFields(e.getKey(), e.getValue());
      if (!unknown.isEmpty()) {
        bad.put(e.getKey(), unknown);
      }
    }
    assertEquals(Map.of(), bad);
  }
}
