package org.winsession.read.json;

import java.util.Map;
import org.winsession.normalize.EventFields;
import org.winsession.normalize.InvalidEventException;

/** Maps a flattened JSON record of a known shipper to the normalizer's {@link EventFields}. */
final class JsonShapes {
  private JsonShapes() {}

  static EventFields fields(Map<String, String> f) throws InvalidEventException {
    if (f.containsKey("winlog.event_id") || f.containsKey("winlog.computer_name")) {
      return ecs(f);
    }
    if (f.containsKey("EventID") && (f.containsKey("Hostname")
        || f.containsKey("SourceModuleType"))) {
      return nxlog(f);
    }
    if (f.containsKey("Id") && f.containsKey("MachineName")) {
      throw new InvalidEventException("Get-WinEvent JSON (positional Properties) is not read by"
          + " this version: export with Get-WinEvent | ForEach-Object { $_.ToXml() } instead");
    }
    throw new InvalidEventException("JSON record of no known shape: expected NXLog (EventID,"
        + " Hostname), Winlogbeat/ECS (winlog.*) or Splunk export (result._raw) fields");
  }

  /** NXLog im_msvistalog: EventData flattened to the top level. */
  private static EventFields nxlog(Map<String, String> f) {
    String eventTime = f.get("EventTime");
    boolean zoned = eventTime != null && (eventTime.endsWith("Z") || eventTime.matches(
        ".*[T ]\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?[+-]\\d\\d:\\d\\d$"));
    String time = zoned ? eventTime : f.getOrDefault("@timestamp", eventTime);
    return new Fields(f, "", f.get("EventID"), time, f.get("RecordNumber"), f.get("Channel"),
        f.get("Hostname"));
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
