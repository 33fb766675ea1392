package org.winsession.read.json;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.winsession.normalize.EventFields;
import org.winsession.normalize.InvalidEventException;
import org.winsession.normalize.ModernPositions;
import org.winsession.read.wineventlog.MessageFields;
import org.winsession.event.EventKind;

/**
 * Maps a flattened JSON record of a known shipper to the normalizer's {@link EventFields}. The
 * record is read through {@link Flat}: a map of dotted paths (Gson's tree of the record) or the
 * byte-level {@link JsonLineScanner}'s table, so both give the same fields by the same rules.
 */
final class JsonShapes {
  private JsonShapes() {}

  /** A flattened record: values by dotted path ({@code winlog.event_data.TargetLogonId}). */
  interface Flat {
    /** The value at {@code path}, or null. */
    String get(String path);

    /** The value at {@code prefix + name} (without building that string where it can). */
    default String get(String prefix, String name) {
      return get(prefix + name);
    }

    /** Whether {@code path} holds a value. */
    boolean has(String path);

    /** Whether some path starts with {@code prefix}. */
    boolean hasPathStartingWith(String prefix);
  }

  /** A {@link Flat} over a map of dotted paths. */
  static Flat of(Map<String, String> f) {
    return new Flat() {
      @Override
      public String get(String path) {
        return f.get(path);
      }

      @Override
      public boolean has(String path) {
        return f.containsKey(path);
      }

      @Override
      public boolean hasPathStartingWith(String prefix) {
        return f.keySet().stream().anyMatch(k -> k.startsWith(prefix));
      }
    };
  }

  /**
   * The fields of one flattened record; {@code zone} is where a local time written without one
   * (NXLog's {@code EventTime} when no {@code @timestamp} was added) was written.
   */
  static EventFields fields(Map<String, String> f, ZoneId zone) throws InvalidEventException {
    Flat flat = of(f);
    if (isNamed(flat)) {
      return fields(flat, zone);
    }
    if (f.containsKey("Id") && f.containsKey("MachineName")) {
      return getWinEvent(f);
    }
    throw new InvalidEventException("JSON record of no known shape: expected NXLog (EventID,"
        + " Hostname), Winlogbeat/ECS (winlog.*) or Splunk export (result._raw) fields");
  }

  /** Whether the record is of a shape whose fields are read by name: Winlogbeat/ECS or NXLog. */
  static boolean isNamed(Flat f) {
    return isEcs(f) || f.has("EventID") && (f.has("Hostname") || f.has("SourceModuleType"));
  }

  private static boolean isEcs(Flat f) {
    return f.has("winlog.event_id") || f.has("winlog.computer_name");
  }

  /** The fields of a record of a {@link #isNamed named} shape. */
  static EventFields fields(Flat f, ZoneId zone) throws InvalidEventException {
    return isEcs(f) ? ecs(f) : nxlog(f, zone);
  }

  /**
   * NXLog: {@code im_msvistalog} flattens EventData to the top level; {@code im_mseventlog} (the
   * module for NT5 hosts, whose events have no field names) writes no insertion strings at all, only
   * the rendered {@code Message}, {@code SourceName} and {@code FileName} (the log), so an NT5 event
   * without insertion strings is read from its message like rendered text is.
   */
  private static EventFields nxlog(Flat f, ZoneId zone) throws InvalidEventException {
    String eventTime = f.get("EventTime");
    boolean zoned = eventTime != null && (eventTime.endsWith("Z") || endsWithOffset(eventTime));
    String time;
    long millis = Long.MIN_VALUE;
    if (zoned) {
      time = eventTime;
    } else if (f.has("@timestamp")) {
      time = f.get("@timestamp");
    } else {
      millis = localMillis(eventTime, zone);
      time = millis != Long.MIN_VALUE ? eventTime : local(eventTime, zone);
    }
    String channel = f.get("Channel") != null ? f.get("Channel") : f.get("FileName") != null
        ? f.get("FileName") : "Security".equalsIgnoreCase(f.get("SourceName")) ? "Security" : null;
    if (readsMessage(f)) {
      EventFields m = MessageFields.of(f.get("EventID"), time, f.get("RecordNumber"), channel,
          f.get("Hostname"), f.get("Message"));
      return millis == Long.MIN_VALUE ? m : new Timed(m, millis);
    }
    return new Fields(f, "", f.get("EventID"), time, millis, f.get("RecordNumber"), channel,
        f.get("Hostname"));
  }

  /**
   * Whether {@code t} ends in a time with a zone offset, {@code [T ]hh:mm:ss(.f+)?[+-]hh:mm}, with
   * no line terminator before it (the rule once written as the regex
   * {@code .*[T ]\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$}).
   */
  static boolean endsWithOffset(String t) {
    int n = t.length();
    int i = n - 6;
    if (i < 9 || (t.charAt(i) != '+' && t.charAt(i) != '-') || !digits(t, i + 1, i + 3)
        || t.charAt(i + 3) != ':' || !digits(t, i + 4, i + 6)) {
      return false;
    }
    int j = i; // the end of hh:mm:ss, after an optional fraction
    while (j > 0 && isDigit(t.charAt(j - 1))) {
      j--;
    }
    if (j < i && j > 0 && t.charAt(j - 1) == '.') {
      j--; // a fraction of one or more digits
    } else {
      j = i;
    }
    int s = j - 9; // [T ]hh:mm:ss
    if (s < 0 || (t.charAt(s) != 'T' && t.charAt(s) != ' ') || !digits(t, s + 1, s + 3)
        || t.charAt(s + 3) != ':' || !digits(t, s + 4, s + 6) || t.charAt(s + 6) != ':'
        || !digits(t, s + 7, s + 9)) {
      return false;
    }
    for (int k = 0; k < s; k++) { // '.' matches no line terminator
      char c = t.charAt(k);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return false;
      }
    }
    return true;
  }

  private static boolean digits(String t, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(t.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Epoch second of 0000-01-01T00:00:00Z and of 9999-12-31T23:59:59Z: times the contract writes. */
  private static final long FIRST_SECOND = -62167219200L;
  private static final long LAST_SECOND = 253402300799L;

  /**
   * NXLog's local {@code 2009-11-02 05:47:29[.f]} in {@code zone} as UTC epoch milliseconds (the
   * fraction cut to milliseconds), as {@link #local} and the normalizer read it, without text in
   * between; {@link Long#MIN_VALUE} for any other text, an impossible date, or a time outside the
   * years 0000..9999 in UTC (which {@link #local} words).
   */
  static long localMillis(String t, ZoneId zone) {
    if (t == null) {
      return Long.MIN_VALUE;
    }
    int n = t.length();
    if (n < 19 || n == 20 || n > 29 || !digits(t, 0, 4) || t.charAt(4) != '-'
        || !digits(t, 5, 7) || t.charAt(7) != '-' || !digits(t, 8, 10)
        || (t.charAt(10) != 'T' && t.charAt(10) != ' ') || !digits(t, 11, 13)
        || t.charAt(13) != ':' || !digits(t, 14, 16) || t.charAt(16) != ':'
        || !digits(t, 17, 19) || (n > 19 && (t.charAt(19) != '.' || !digits(t, 20, n)))) {
      return Long.MIN_VALUE;
    }
    int year = Integer.parseInt(t, 0, 4, 10);
    int month = Integer.parseInt(t, 5, 7, 10);
    int day = Integer.parseInt(t, 8, 10, 10);
    int hour = Integer.parseInt(t, 11, 13, 10);
    int minute = Integer.parseInt(t, 14, 16, 10);
    int second = Integer.parseInt(t, 17, 19, 10);
    int millis = 0;
    for (int i = 20; i < Math.min(n, 23); i++) {
      millis = millis * 10 + (t.charAt(i) - '0');
    }
    for (int i = Math.min(n, 23); i < 23; i++) {
      millis *= 10;
    }
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59
        || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return Long.MIN_VALUE;
    }
    long epochSecond = LocalDateTime.of(year, month, day, hour, minute, second)
        .atZone(zone).toEpochSecond();
    if (epochSecond < FIRST_SECOND || epochSecond > LAST_SECOND) {
      return Long.MIN_VALUE;
    }
    return epochSecond * 1000L + millis;
  }

  /**
   * NXLog's local {@code 2009-11-02 05:47:29} in {@code zone}, as UTC text; other text as written
   * (the general form of {@link #localMillis}, for the texts it leaves).
   */
  private static String local(String eventTime, ZoneId zone) {
    if (eventTime == null || !eventTime.matches("\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?")) {
      return eventTime;
    }
    try {
      return LocalDateTime.parse(eventTime.replace(' ', 'T')).atZone(zone).toInstant().toString();
    } catch (java.time.DateTimeException e) {
      return eventTime; // an impossible date: the normalizer words the rejection
    }
  }

  /**
   * True when an NXLog record's fields must come from its rendered {@code Message}: an NT5 event
   * ({@code im_mseventlog}) that carries no insertion strings. Also decides whether the reader keeps
   * the message, which it otherwise skips unread.
   */
  static boolean needsMessage(Flat f) {
    String id = f.get("EventID");
    if (id == null || f.has("param1") || f.has("%1")) {
      return false;
    }
    String s = id.strip();
    if (s.isEmpty() || s.length() > 4 || !s.chars().allMatch(Character::isDigit)) {
      return false;
    }
    return EventKind.isLegacyCode(Integer.parseInt(s));
  }

  private static boolean readsMessage(Flat f) {
    return needsMessage(f) && f.get("Message") != null;
  }

  /**
   * {@code Get-WinEvent | ConvertTo-Json}: positional {@code Properties} (a SID serializes as an
   * object whose {@code Value} is the text), {@code TimeCreated} as {@code /Date(ms)/}, Logon IDs
   * as decimal numbers. Positions are named by {@link ModernPositions}; NT5 events keep theirs.
   */
  private static EventFields getWinEvent(Map<String, String> f) throws InvalidEventException {
    String id = f.get("Id");
    int code;
    try {
      code = Integer.parseInt(id.strip());
    } catch (NumberFormatException e) {
      throw new InvalidEventException("Id '" + id + "': expected a number");
    }
    java.util.List<String> values = new java.util.ArrayList<>();
    for (int i = 0; ; i++) {
      String base = "Properties[" + i + "].Value";
      if (!f.containsKey(base) && !f.containsKey(base + ".Value")
          && f.keySet().stream().noneMatch(k -> k.startsWith(base))) {
        break;
      }
      values.add(f.getOrDefault(base, f.get(base + ".Value")));
    }
    int version = -1;
    try {
      version = Integer.parseInt(f.getOrDefault("Version", "-1").strip());
    } catch (NumberFormatException e) {
      version = -1; // told by the number of values instead
    }
    java.util.List<String> names = ModernPositions.names(code, version, values.size());
    Map<String, String> named = new java.util.HashMap<>();
    if (names != null) {
      for (int i = 0; i < Math.min(names.size(), values.size()); i++) {
        if (values.get(i) != null) {
          named.put(names.get(i), values.get(i));
        }
      }
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) != null) {
        named.put("param" + (i + 1), values.get(i));
      }
    }
    String time = f.getOrDefault("TimeCreated", "");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("/Date\\((-?\\d+)[^)]*\\)/")
        .matcher(time);
    if (m.find()) {
      time = m.group(1);
    }
    return new Fields(of(named), "", id, time, Long.MIN_VALUE, f.get("RecordId"), f.get("LogName"),
        f.get("MachineName"));
  }

  /** Winlogbeat / Elastic ECS. */
  private static EventFields ecs(Flat f) {
    String id = f.get("winlog.event_id");
    if (id == null && !f.has("winlog.event_id")) {
      id = f.get("event.code");
    }
    String prefix = f.hasPathStartingWith("winlog.event_data.") ? "winlog.event_data."
        : "winlog.user_data.";
    return new Fields(f, prefix, id, f.get("@timestamp"), Long.MIN_VALUE,
        f.get("winlog.record_id"), f.get("winlog.channel"), f.get("winlog.computer_name"));
  }

  /** Fields whose time was read as a number: {@code f} with {@code millis} as its time. */
  private static final class Timed extends org.winsession.normalize.ForwardingFields {
    private final long millis;

    Timed(EventFields f, long millis) {
      super(f);
      this.millis = millis;
    }

    @Override
    public long timeMillis() {
      return millis;
    }
  }

  /**
   * Fields of one record; data by name under a prefix, by position as param1, param2, ...;
   * {@code millis} the time when it was read as a number, else {@link Long#MIN_VALUE}.
   */
  private record Fields(Flat f, String prefix, String eventId, String timeCreated, long millis,
      String recordId, String channel, String computer) implements EventFields {
    @Override
    public long timeMillis() {
      return millis;
    }

    @Override
    public String data(String name) {
      return f.get(prefix, name);
    }

    @Override
    public String data(int position) {
      return f.get(prefix, "param" + position);
    }
  }
}
