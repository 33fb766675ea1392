package org.winsession.splunk;

import java.util.Locale;
import org.winsession.read.ReadLimits;

/**
 * Every setting of a {@code winsession://<name>} input: one table for the scheme's arguments
 * ({@code --scheme}), validation ({@code --validate-arguments}) and
 * {@code README/inputs.conf.spec}, which a test holds to it one to one.
 */
public enum Setting {
  MODE("string", false, "files",
      "Where events come from: files (Windows event logs on disk) or splunk_search (Windows"
          + " Security events already indexed in Splunk). Replaces source = files|splunk_search,"
          + " still read (with a deprecation warning) for one release."),
  PATH("string", false, "",
      "mode = files: a file, directory or glob of logs in any format winsession reads (EVTX,"
          + " EVT, event XML, JSON lines, rendered text, CSV; gzip, zip and tar opened in place),"
          + " with / or \\ as separators, e.g. D:\\logs\\*.evtx or /data/dc*/Security*.evtx."),
  FORMAT("string", false, "auto",
      "auto (tell each input's shape from its first bytes) or xml, evtx, evt, json, wineventlog,"
          + " csv."),
  SEARCH("string", false, "",
      "mode = splunk_search: the SPL that finds the raw Windows Security events"
          + " (XmlWinEventLog and classic WinEventLog sourcetypes)."),
  START_TIME("string", false, "-24h",
      "mode = splunk_search: where the first run starts, relative (-24h, -7d) or ISO-8601."),
  LAG("string", false, "60s",
      "mode = splunk_search: the newest index time held back each run, so late events are"
          + " read once."),
  MAX_LATENESS("string", false, "7d",
      "mode = splunk_search: how long after its own time an event may still arrive in the index;"
          + " each search also bounds event time from its index-time start minus this, so"
          + " Splunk does not scan all time."),
  LEAK_AFTER("string", false, "24h",
      "Leak rule 2: no logoff within this of the logon, while the host keeps logging."),
  LEAK_AFTER_BY_TYPE("string", false, "",
      "Per-logon-type overrides of leak_after, e.g. 3=1h,10=8h."),
  LOGOFF_GRACE("string", false, "2m",
      "Leak rule 1: a user logoff (4647/551) must be followed by a logoff within this."),
  HOST_NORMALIZATION("string", false, "short",
      "short (DC01.contoso.local is dc01), fqdn or as_is."),
  TIMEZONE("string", false, "UTC",
      "Zone of local times written without one (classic text, CSV, NT5 text exports)."),
  EMIT_OPEN("boolean", false, "true",
      "Also emit a session event when a session opens."),
  INCLUDE_EVENT_CODES("string", false, "",
      "Only these event codes, comma-separated (empty: all)."),
  INCLUDE_LOGON_TYPES("string", false, "",
      "Only sessions of these logon types 0..13, comma-separated (empty: all)."),
  EXCLUDE_ACCOUNT_CLASSES("string", false, "",
      "Leave out sessions of these account classes: user, machine, anonymous, virtual, system,"
          + " service."),
  EXCLUDE_USERS("string", false, "",
      "Leave out sessions whose user matches this regular expression."),
  INCLUDE_HOSTS("string", false, "",
      "Only hosts matching this regular expression (empty: all)."),
  EXCLUDE_HOSTS("string", false, "",
      "Leave out hosts matching this regular expression."),
  PARTITION("string", false, "0/1",
      "k/n: this input handles the hosts whose stable hash mod n is k, so n heavy forwarders"
          + " split the fleet."),
  MAX_OPEN_SESSIONS("number", false, "1000000",
      "Sessions held in state at most; past it the oldest is emitted with end_reason=evicted."),
  UNAUDITED_AFTER("number", false, "20",
      "A host that opened this many sessions leak rule 2 applies to and never wrote a logoff"
          + " does not audit logoffs: its sessions past leak_after become status=unaudited, not"
          + " leaks."),
  REORDER_WINDOW("number", false, "100000",
      "Events of one host held to restore its record-id order (0: processed as they arrive)."),
  MAX_HELD_EVENTS("number", false, "100000",
      "Events held for record order across all hosts, a memory bound; past it the host whose"
          + " held events arrived first releases its next."),
  MAX_RECORD_BYTES(ReadLimits.Limit.MAX_RECORD_BYTES),
  MAX_LINE_BYTES(ReadLimits.Limit.MAX_LINE_BYTES),
  MAX_DEPTH(ReadLimits.Limit.MAX_DEPTH),
  MAX_FIELDS(ReadLimits.Limit.MAX_FIELDS),
  MAX_FIELD_CHARS(ReadLimits.Limit.MAX_FIELD_CHARS),
  MAX_ARCHIVE_ENTRIES(ReadLimits.Limit.MAX_ARCHIVE_ENTRIES),
  MAX_EXPANDED_BYTES(ReadLimits.Limit.MAX_EXPANDED_BYTES),
  MAX_EXPANSION_RATIO(ReadLimits.Limit.MAX_EXPANSION_RATIO),
  MAX_NESTING(ReadLimits.Limit.MAX_NESTING),
  MAX_EVT_BYTES(ReadLimits.Limit.MAX_EVT_BYTES),
  MAX_FILTER_STEPS(ReadLimits.Limit.MAX_FILTER_STEPS),
  THREADS("number", false, "2",
      "Threads a run reads with, 1 to 1024: 1 reads, pairs and writes on one thread; 2 or more"
          + " read ahead on a thread of their own while sessions are paired and written, and"
          + " decode EVTX chunks on that many threads. The session events are the same for any"
          + " number."),
  POLL_INTERVAL("string", false, "30s",
      "Long-running mode (a stanza without interval): how often the input looks for new events"
          + " (new or grown files, or a new search window), e.g. 10s or 2m; at least 100ms."),
  CHECKPOINT_INTERVAL("string", false, "60s",
      "Long-running mode: how often the checkpoint is written while events keep coming; it is"
          + " also written when the input is stopped (SIGTERM, or standard input closed)."
          + " At least 1s.");

  /** The SDK data type: string, number or boolean. */
  final String dataType;
  final boolean requiredOnCreate;
  final String defaultValue;
  final String description;

  /** The read limit this setting sets, or null. */
  final ReadLimits.Limit limit;

  Setting(String dataType, boolean requiredOnCreate, String defaultValue, String description) {
    this.dataType = dataType;
    this.requiredOnCreate = requiredOnCreate;
    this.defaultValue = defaultValue;
    this.description = description;
    this.limit = null;
  }

  /** The setting of a read limit: its name, default and words come from the limit. */
  Setting(ReadLimits.Limit limit) {
    this.dataType = "number";
    this.requiredOnCreate = false;
    this.defaultValue = Long.toString(limit.defaultValue());
    this.description = "Read limit: " + limit.description() + "; at least " + limit.minimum()
        + ".";
    this.limit = limit;
  }

  /** The name in inputs.conf, e.g. {@code leak_after}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The default written when the setting is absent. */
  public String defaultValue() {
    return defaultValue;
  }

  /** What the setting does, for the scheme and the spec. */
  public String description() {
    return description;
  }
}
