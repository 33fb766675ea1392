package org.winsession.splunk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.winsession.read.InputFormat;
import org.winsession.read.Inputs;
import org.winsession.read.ReadLimits;
import org.winsession.session.Durations;
import org.winsession.session.EngineConfig;
import org.winsession.session.SessionFilter;
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
    Duration maxLateness,
    EngineConfig engine,
    ZoneId timezone,
    SessionFilter filter,
    int partition,
    int partitions,
    ReadLimits limits,
    int threads,
    Duration pollInterval,
    Duration checkpointInterval) {

  /**
   * Settings every Splunk input has, which splunkd passes along and winsession ignores; among them
   * {@code source}, Splunk's source field, except that {@code source = files|splunk_search} is read
   * as {@code mode} for one more release ({@link #deprecations}).
   */
  static final Set<String> SPLUNK_STANDARD = Set.of("disabled", "index", "host", "sourcetype",
      "interval", "python.version", "start_by_shell", "run_introspection", "source");

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
    String legacy = legacyMode(params);
    if (legacy != null && v.getOrDefault(Setting.MODE.key(), "").isEmpty()) {
      v.put(Setting.MODE.key(), legacy);
    }
    String mode = get(v, Setting.MODE);
    if (!mode.equals("files") && !mode.equals("splunk_search")) {
      throw bad("mode", mode, "files or splunk_search");
    }
    boolean files = mode.equals("files");
    String path = get(v, Setting.PATH);
    if (files && path.isEmpty()) {
      throw new IllegalArgumentException("setting 'path' is required with mode = files: give"
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
          atLeastZero("reorder_window", get(v, Setting.REORDER_WINDOW)),
          positive("unaudited_after", get(v, Setting.UNAUDITED_AFTER)),
          atLeastZero("max_held_events", get(v, Setting.MAX_HELD_EVENTS)));
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
        Durations.parse("setting 'lag'", get(v, Setting.LAG)),
        Durations.parse("setting 'max_lateness'", get(v, Setting.MAX_LATENESS)), engine, zone,
        filter(v), k, n, limits(v),
        between(1, Inputs.MAX_THREADS, "threads", get(v, Setting.THREADS)),
        atLeast(v, Setting.POLL_INTERVAL, Duration.ofMillis(100), "100ms"),
        atLeast(v, Setting.CHECKPOINT_INTERVAL, Duration.ofSeconds(1), "1s"));
  }

  /** A duration setting that may not be shorter than {@code min}. */
  private static Duration atLeast(Map<String, String> v, Setting s, Duration min,
      String minWords) {
    Duration d = Durations.parse("setting '" + s.key() + "'", get(v, s));
    if (d.compareTo(min) < 0) {
      throw bad(s.key(), get(v, s), "a duration of at least " + minWords + ", e.g. 30s or 2m");
    }
    return d;
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

  /** {@code source = files|splunk_search}: the setting {@code mode} under its old name. */
  private static String legacyMode(Map<String, String> params) {
    String source = params.get("source");
    source = source == null ? null : source.strip();
    return "files".equals(source) || "splunk_search".equals(source) ? source : null;
  }

  /**
   * Warnings about settings a stanza still writes under an old name, one sentence each: today
   * {@code source = files|splunk_search}, read as {@code mode} for one release.
   */
  public static List<String> deprecations(Map<String, String> params) {
    String legacy = legacyMode(params);
    if (legacy == null) {
      return List.of();
    }
    String mode = params.get(Setting.MODE.key());
    return List.of(mode != null && !mode.isBlank()
        ? "setting 'source = " + legacy + "' is ignored: 'mode = " + mode.strip() + "' is set;"
            + " remove 'source' (it is Splunk's source field)"
        : "setting 'source = " + legacy + "' is deprecated and read as 'mode = " + legacy
            + "' for one release: rename it to 'mode' (source is Splunk's source field)");
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
    return atLeast(1, key, value);
  }

  private static int atLeastZero(String key, String value) {
    return atLeast(0, key, value);
  }

  private static int atLeast(int min, String key, String value) {
    return between(min, Integer.MAX_VALUE, key, value);
  }

  private static int between(int min, int max, String key, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(key, value, "a whole number from " + min + " to " + max);
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

  /** The filter settings, parsed by the one definition {@code analyze} and {@code report} use. */
  private static SessionFilter filter(Map<String, String> v) {
    Map<SessionFilter.Key, String> values = new java.util.EnumMap<>(SessionFilter.Key.class);
    for (SessionFilter.Key k : SessionFilter.Key.values()) {
      values.put(k, get(v, Setting.valueOf(k.name())));
    }
    return SessionFilter.parse(values, SessionFilter.Naming.SETTING);
  }

  private static IllegalArgumentException bad(String key, String value, String expected) {
    return new IllegalArgumentException("setting '" + key + "' = '" + value + "': expected "
        + expected);
  }
}
