package org.winsession.splunk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.winsession.read.InputFormat;
import org.winsession.read.ReadLimits;
import org.winsession.session.AccountClass;
import org.winsession.session.Durations;
import org.winsession.session.EngineConfig;
import org.winsession.session.HostNormalization;

/**
 * The validated settings of one {@code winsession://<name>} stanza. {@link #parse} checks every
 * value and says, for the first bad one, which setting, what was given and what is allowed, in
 * words an admin can act on.
 */
public record InputSettings(
    boolean fromFiles,
    String path,
    InputFormat format,
    String search,
    String startTime,
    Duration lag,
    EngineConfig engine,
    ZoneId timezone,
    Set<Integer> includeEventCodes,
    Set<Integer> includeLogonTypes,
    Set<AccountClass> excludeAccountClasses,
    Pattern excludeUsers,
    Pattern includeHosts,
    Pattern excludeHosts,
    int partition,
    int partitions,
    ReadLimits limits) {

  /**
   * Settings every Splunk input has, which splunkd passes along and winsession ignores. Not
   * {@code source}: winsession's own setting of that name (files or splunk_search) shadows
   * Splunk's default source field, so every event the input writes must carry its own source.
   */
  static final Set<String> SPLUNK_STANDARD = Set.of("disabled", "index", "host", "sourcetype",
      "interval", "python.version", "start_by_shell", "run_introspection");
  private static final int MAX_REGEX = 1000;

  /** Parses a stanza's parameters; absent settings take their defaults. */
  public static InputSettings parse(Map<String, String> params) {
    Map<String, String> v = new HashMap<>();
    for (Map.Entry<String, String> e : params.entrySet()) {
      String key = e.getKey();
      if (SPLUNK_STANDARD.contains(key) || key.startsWith("__")) {
        continue;
      }
      if (!known(key)) {
        throw bad(key, e.getValue(), "a winsession setting; known: " + keys());
      }
      v.put(key, e.getValue() == null ? "" : e.getValue().strip());
    }
    String source = get(v, Setting.SOURCE);
    if (!source.equals("files") && !source.equals("splunk_search")) {
      throw bad("source", source, "files or splunk_search");
    }
    boolean files = source.equals("files");
    String path = get(v, Setting.PATH);
    if (files && path.isEmpty()) {
      throw new IllegalArgumentException("setting 'path' is required with source = files: give"
          + " a file, directory or glob of Windows event logs");
    }
    String search = get(v, Setting.SEARCH);
    if (!files && search.isEmpty()) {
      search = "search (sourcetype=XmlWinEventLog OR sourcetype=WinEventLog*)"
          + " (source=*Security* OR sourcetype=*Security*)";
    }
    String startTime = get(v, Setting.START_TIME);
    if (!startTime.matches("-\\d{1,9}[smhd]")) {
      try {
        Instant.parse(startTime);
      } catch (RuntimeException e) {
        throw bad("start_time", startTime, "a relative time such as -24h or -7d, or ISO-8601"
            + " such as 2026-01-01T00:00:00Z");
      }
    }
    InputFormat format = null;
    String f = get(v, Setting.FORMAT);
    if (!f.equals("auto")) {
      try {
        format = InputFormat.valueOf(f.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        format = InputFormat.UNKNOWN;
      }
      if (format == InputFormat.UNKNOWN) {
        throw bad("format", f, "auto, xml, evtx, evt, json, wineventlog or csv");
      }
    }
    EngineConfig engine;
    try {
      engine = new EngineConfig(
          Durations.parse("setting 'leak_after'", get(v, Setting.LEAK_AFTER)),
          Durations.parseByType("setting 'leak_after_by_type'",
              get(v, Setting.LEAK_AFTER_BY_TYPE)),
          Durations.parse("setting 'logoff_grace'", get(v, Setting.LOGOFF_GRACE)),
          HostNormalization.parse(get(v, Setting.HOST_NORMALIZATION)),
          positive("max_open_sessions", get(v, Setting.MAX_OPEN_SESSIONS)),
          bool("emit_open", get(v, Setting.EMIT_OPEN)),
          Duration.ofSeconds(1),
          100_000);
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("setting") ? e : new IllegalArgumentException("setting "
          + e.getMessage());
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(get(v, Setting.TIMEZONE));
    } catch (RuntimeException e) {
      throw bad("timezone", get(v, Setting.TIMEZONE), "a zone such as UTC, Europe/Berlin or"
          + " +02:00");
    }
    String[] part = get(v, Setting.PARTITION).split("/");
    int k;
    int n;
    try {
      k = Integer.parseInt(part[0].strip());
      n = Integer.parseInt(part[1].strip());
    } catch (RuntimeException e) {
      k = -1;
      n = 0;
    }
    if (part.length != 2 || n < 1 || k < 0 || k >= n) {
      throw bad("partition", get(v, Setting.PARTITION), "k/n with 0 <= k < n, e.g. 0/2 and 1/2"
          + " on two heavy forwarders");
    }
    return new InputSettings(files, path, format, search, startTime,
        Durations.parse("setting 'lag'", get(v, Setting.LAG)), engine, zone,
        ints("include_event_codes", get(v, Setting.INCLUDE_EVENT_CODES), 0, 65535),
        ints("include_logon_types", get(v, Setting.INCLUDE_LOGON_TYPES), 0, 13),
        classes(get(v, Setting.EXCLUDE_ACCOUNT_CLASSES)),
        regex("exclude_users", get(v, Setting.EXCLUDE_USERS)),
        regex("include_hosts", get(v, Setting.INCLUDE_HOSTS)),
        regex("exclude_hosts", get(v, Setting.EXCLUDE_HOSTS)), k, n, limits(v));
  }

  /** The read limits of the stanza: every {@link Setting} of a limit, checked. */
  private static ReadLimits limits(Map<String, String> v) {
    ReadLimits limits = ReadLimits.DEFAULT;
    for (Setting s : Setting.values()) {
      if (s.limit != null) {
        limits = limits.with(s.limit, s.limit.parse("setting '" + s.key() + "' =", get(v, s)));
      }
    }
    return limits;
  }

  /**
   * Whether this input handles a host: its stable hash (FNV-1a of the lower-case name, the same
   * on every forwarder) modulo the partition count is this input's partition.
   */
  public boolean handlesHost(String normalizedHost) {
    long h = 0xcbf29ce484222325L;
    for (byte b : normalizedHost.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xFF)) * 0x100000001b3L;
    }
    return Math.floorMod(h, (long) partitions) == partition;
  }

  private static boolean known(String key) {
    for (Setting s : Setting.values()) {
      if (s.key().equals(key)) {
        return true;
      }
    }
    return false;
  }

  private static String keys() {
    List<String> out = new ArrayList<>();
    for (Setting s : Setting.values()) {
      out.add(s.key());
    }
    return String.join(", ", out);
  }

  private static String get(Map<String, String> v, Setting s) {
    String value = v.get(s.key());
    return value == null || value.isEmpty() ? s.defaultValue() : value;
  }

  private static int positive(String key, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(key, value, "a whole number of at least 1");
  }

  private static boolean bool(String key, String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "1": case "true": case "t": case "yes": case "y": case "on":
        return true;
      case "0": case "false": case "f": case "no": case "n": case "off":
        return false;
      default:
        throw bad(key, value, "true or false");
    }
  }

  private static Set<Integer> ints(String key, String value, int min, int max) {
    Set<Integer> out = new TreeSet<>();
    if (value.isEmpty()) {
      return out;
    }
    for (String part : value.split(",")) {
      try {
        int n = Integer.parseInt(part.strip());
        if (n >= min && n <= max) {
          out.add(n);
          continue;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw bad(key, value, "numbers " + min + ".." + max + " separated by commas ('"
          + part.strip() + "' is not one)");
    }
    return Set.copyOf(out);
  }

  private static Set<AccountClass> classes(String value) {
    Set<AccountClass> out = EnumSet.noneOf(AccountClass.class);
    if (value.isEmpty()) {
      return out;
    }
    for (String part : value.split(",")) {
      try {
        out.add(AccountClass.valueOf(part.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw bad("exclude_account_classes", value, "user, machine, anonymous, virtual, system"
            + " or service, separated by commas ('" + part.strip() + "' is not one)");
      }
    }
    return out;
  }

  private static Pattern regex(String key, String value) {
    if (value.isEmpty()) {
      return null;
    }
    if (value.length() > MAX_REGEX) {
      throw bad(key, value.substring(0, 40) + "...", "a regular expression of at most "
          + MAX_REGEX + " characters");
    }
    try {
      return Pattern.compile(value, Pattern.CASE_INSENSITIVE);
    } catch (PatternSyntaxException e) {
      throw bad(key, value, "a Java regular expression (" + e.getDescription() + " at index "
          + e.getIndex() + ")");
    }
  }

  private static IllegalArgumentException bad(String key, String value, String expected) {
    return new IllegalArgumentException("setting '" + key + "' = '" + value + "': expected "
        + expected);
  }
}
