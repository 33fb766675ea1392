package org.winsession.read.json;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.winsession.normalize.EventFields;
import org.winsession.normalize.InvalidEventException;
import org.winsession.normalize.ModernPositions;
import org.winsession.read.wineventlog.MessageFields;
import org.winsession.event.EventKind;

/** Maps a flattened JSON record of a known shipper to the normalizer's {@link EventFields}. */
final class JsonShapes {
  private JsonShapes() {}

  /**
   * The fields of one flattened record; {@code zone} is where a local time written without one
   * (NXLog's {@code EventTime} when no {@code @timestamp} was added) was written.
   */
  static EventFields fields(Map<String, String> f, ZoneId zone) throws InvalidEventException {
    if (f.containsKey("winlog.event_id") || f.containsKey("winlog.computer_name")) {
      return ecs(f);
    }
    if (f.containsKey("EventID") && (f.containsKey("Hostname")
        || f.containsKey("SourceModuleType"))) {
      return nxlog(f, zone);
    }
    if (f.containsKey("Id") && f.containsKey("MachineName")) {
      return getWinEvent(f);
    }
    throw new InvalidEventException("JSON record of no known shape: expected NXLog (EventID,"
        + " Hostname), Winlogbeat/ECS (winlog.*) or Splunk export (result._raw) fields");
  }

  /**
   * NXLog: {@code im_msvistalog} flattens EventData to the top level; {@code im_mseventlog} (the
   * module for NT5 hosts, whose events have no field names) writes no insertion strings at all, only
   * the rendered {@code Message}, {@code SourceName} and {@code FileName} (the log), so an NT5 event
   * without insertion strings is read from its message like rendered text is.
   */
  private static EventFields nxlog(Map<String, String> f, ZoneId zone)
      throws InvalidEventException {
    String eventTime = f.get("EventTime");
    boolean zoned = eventTime != null && (eventTime.endsWith("Z") || eventTime.matches(
        ".*[T ]\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?[+-]\\d\\d:\\d\\d$"));
    String time = zoned ? eventTime : f.containsKey("@timestamp") ? f.get("@timestamp")
        : local(eventTime, zone);
    String channel = f.get("Channel") != null ? f.get("Channel") : f.get("FileName") != null
        ? f.get("FileName") : "Security".equalsIgnoreCase(f.get("SourceName")) ? "Security" : null;
    if (readsMessage(f)) {
      return MessageFields.of(f.get("EventID"), time, f.get("RecordNumber"), channel,
          f.get("Hostname"), f.get("Message"));
    }
    return new Fields(f, "", f.get("EventID"), time, f.get("RecordNumber"), channel,
        f.get("Hostname"));
  }

  /** NXLog's local {@code 2009-11-02 05:47:29} in {@code zone}, as UTC; other text as written. */
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
  static boolean needsMessage(Map<String, String> f) {
    String id = f.get("EventID");
    if (id == null || f.containsKey("param1") || f.containsKey("%1")) {
      return false;
    }
    String s = id.strip();
    if (s.isEmpty() || s.length() > 4 || !s.chars().allMatch(Character::isDigit)) {
      return false;
    }
    return EventKind.isLegacyCode(Integer.parseInt(s));
  }

  private static boolean readsMessage(Map<String, String> f) {
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
    return new Fields(named, "", id, time, f.get("RecordId"), f.get("LogName"),
        f.get("MachineName"));
  }

  /** Winlogbeat / Elastic ECS. */
  private static EventFields ecs(Map<String, String> f) {
    String id = f.getOrDefault("winlog.event_id", f.get("event.code"));
    String prefix = f.keySet().stream().anyMatch(k -> k.startsWith("winlog.event_data."))
        ? "winlog.event_data." : "winlog.user_data.";
    return new Fields(f, prefix, id, f.get("@timestamp"), f.get("winlog.record_id"),
        f.get("winlog.channel"), f.get("winlog.computer_name"));
  }

  /** Fields of one record; data by name under a prefix, by position as param1, param2, ... */
  private record Fields(Map<String, String> f, String prefix, String eventId, String timeCreated,
      String recordId, String channel, String computer) implements EventFields {
    @Override
    public String data(String name) {
      return f.get(prefix + name);
    }

    @Override
    public String data(int position) {
      return f.get(prefix + "param" + position);
    }
  }
}
