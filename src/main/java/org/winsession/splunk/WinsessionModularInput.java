package org.winsession.splunk;

import com.splunk.modularinput.Argument;
import com.splunk.modularinput.Event;
import com.splunk.modularinput.EventWriter;
import com.splunk.modularinput.InputDefinition;
import com.splunk.modularinput.MalformedDataException;
import com.splunk.modularinput.MultiValueParameter;
import com.splunk.modularinput.Parameter;
import com.splunk.modularinput.Scheme;
import com.splunk.modularinput.Script;
import com.splunk.modularinput.SingleValueParameter;
import com.splunk.modularinput.ValidationDefinition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.stream.XMLStreamException;
import org.winsession.emit.RejectedJson;
import org.winsession.emit.SessionJson;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.EventSink;
import org.winsession.read.Inputs;
import org.winsession.read.LocalTimes;
import org.winsession.read.ReadLimits;
import org.winsession.session.EngineState;
import org.winsession.session.SessionEngine;
import org.winsession.session.SessionEvent;
import org.winsession.session.SessionStatus;
import org.winsession.state.CheckpointStore;

/**
 * The {@code winsession://<name>} modular input (SPLUNK.md §1), one process per stanza.
 *
 * <p>A run restores the stanza's checkpoint (open sessions, record ids seen, files read), reads the
 * files that are new or changed since, writes session events ({@code winsession:session}),
 * rejected records ({@code winsession:rejected}) and one health event ({@code winsession:health})
 * to the XML stream, and saves the checkpoint only after the stream was flushed: at least once,
 * never lost; a repeat is only an identical session event. Files are known by a fingerprint of
 * their first 4 KiB, so a renamed or rotated file is not read again, and re-read only when it
 * changed; the engine ignores record ids it has processed, so re-reading a grown file adds only
 * its new records. Logs go to stderr with a level word; the session key is never written.
 *
 * <p>{@code source = splunk_search} exports the raw events Splunk indexed since the last run (index
 * time {@code [last end, now - lag)}; the first run starts at {@code start_time}), so an event
 * indexed late is neither lost nor read twice; a failed search checkpoints nothing.
 */
public final class WinsessionModularInput extends Script {
  static final String SESSION = "winsession:session";
  static final String REJECTED = "winsession:rejected";
  static final String HEALTH = "winsession:health";
  private static final int CHECKPOINT_VERSION = 2;
  private static final int FINGERPRINT_BYTES = 4096;

  @Override
  public Scheme getScheme() {
    Scheme scheme = new Scheme("winsession");
    scheme.setDescription("Windows logon sessions from Security events: every logon matched to"
        + " its logoff, token leaks flagged, one session event per state change.");
    scheme.setUseExternalValidation(true);
    scheme.setUseSingleInstance(false);
    scheme.setStreamingMode(Scheme.StreamingMode.XML);
    for (Setting s : Setting.values()) {
      Argument a = new Argument(s.key());
      a.setDescription(s.description());
      a.setDataType(s.dataType.equals("number") ? Argument.DataType.NUMBER
          : s.dataType.equals("boolean") ? Argument.DataType.BOOLEAN : Argument.DataType.STRING);
      a.setRequiredOnCreate(s.requiredOnCreate);
      a.setRequiredOnEdit(false);
      scheme.addArgument(a);
    }
    return scheme;
  }

  @Override
  public void validateInput(ValidationDefinition definition) {
    InputSettings.parse(values(definition.getParameters()));
  }

  @Override
  public void streamEvents(InputDefinition inputs, EventWriter ew)
      throws MalformedDataException, XMLStreamException, IOException {
    for (Map.Entry<String, Map<String, Parameter>> stanza : inputs.getInputs().entrySet()) {
      try {
        runStanza(stanza.getKey(), values(stanza.getValue()), inputs, ew);
      } catch (IllegalArgumentException e) {
        ew.log(EventWriter.ERROR, stanza.getKey() + ": " + e.getMessage());
      }
    }
  }

  private void runStanza(String stanza, Map<String, String> params, InputDefinition inputs,
      EventWriter ew) throws IOException, MalformedDataException {
    long started = System.nanoTime();
    InputSettings settings = InputSettings.parse(params);
    CheckpointStore store = new CheckpointStore(Path.of(inputs.getCheckpointDir()));
    Map<String, Long> filesRead = new TreeMap<>();
    long searchedUntil = -1;
    SessionEngine engine;
    Counts counts = new Counts();
    SessionWriter sessions = new SessionWriter(ew, stanza, settings, counts);
    Optional<byte[]> saved;
    try {
      saved = store.load(stanza);
    } catch (CheckpointStore.CorruptCheckpointException e) {
      ew.log(EventWriter.ERROR, stanza + ": " + e.getMessage() + "; this run starts afresh");
      saved = Optional.empty();
    }
    if (saved.isPresent()) {
      try {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved.get()));
        int version = in.readInt();
        if (version < 1 || version > CHECKPOINT_VERSION) {
          throw new IOException("checkpoint version " + version + ": this version reads 1.."
              + CHECKPOINT_VERSION);
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
          filesRead.put(in.readUTF(), in.readLong());
        }
        if (version >= 2) {
          searchedUntil = in.readLong();
        }
        engine = EngineState.read(settings.engine(), sessions, in);
      } catch (IOException e) {
        ew.log(EventWriter.ERROR, stanza + ": " + store.corrupt(stanza, e.getMessage())
            .getMessage() + "; this run starts afresh");
        filesRead.clear();
        engine = new SessionEngine(settings.engine(), sessions);
      }
    } else {
      engine = new SessionEngine(settings.engine(), sessions);
    }
    Inputs readers = new Inputs(settings.limits(), new LocalTimes(settings.timezone(),
        LocalTimes.DEFAULT_PATTERNS)).forceFormat(settings.format());
    SessionEngine target = engine;
    EventSink sink = new EventSink() {
      @Override
      public void event(SecurityEvent e) {
        counts.events++;
        if ((settings.includeEventCodes().isEmpty()
            || settings.includeEventCodes().contains(e.eventCode()))
            && settings.handlesHost(settings.engine().hostNormalization().apply(e.host()))
            && matches(settings, e.host())) {
          target.accept(e);
        }
      }

      @Override
      public void rejected(RejectedRecord r) {
        counts.rejected++;
        write(ew, stanza, REJECTED, r.source(), null, null, RejectedJson.toJson(r));
      }

      @Override
      public void warning(RejectedRecord w) {
        ew.log(EventWriter.WARN, stanza + ": " + w.where() + ": " + w.reason());
      }
    };
    if (!settings.fromFiles()) {
      long now = java.time.Instant.now().getEpochSecond(); // polling windows: the wall clock
      long from = searchedUntil >= 0 ? searchedUntil : start(settings.startTime(), now);
      long to = now - settings.lag().getSeconds();
      if (to > from) {
        try (InputStream in = SplunkSearch.export(inputs.getServerUri(), inputs.getSessionKey(),
            settings.search(), from, to)) {
          readers.forceFormat(org.winsession.read.InputFormat.JSON).read(in, "splunk_search",
              sink);
        } catch (RuntimeException e) { // the SDK reports HTTP failures unchecked
          String problem = "search on " + inputs.getServerUri() + " failed: "
              + e.getClass().getSimpleName() + ": " + e.getMessage();
          ew.log(EventWriter.ERROR, stanza + ": " + problem
              + "; nothing is checkpointed, the next run tries the same window");
          counts.error = problem;
          write(ew, stanza, HEALTH, "winsession", null, null, health(stanza, counts, engine,
              (System.nanoTime() - started) / 1e9));
          return;
        }
        searchedUntil = to;
        counts.files++;
      }
      counts.lagSeconds = settings.lag().getSeconds();
      counts.searchedUntil = searchedUntil;
    }
    for (Path file : settings.fromFiles() ? files(settings.path()) : List.<Path>of()) {
      String fingerprint;
      long size;
      try {
        size = Files.size(file);
        fingerprint = fingerprint(file);
      } catch (IOException e) {
        ew.log(EventWriter.ERROR, stanza + ": cannot read " + file + ": " + e.getMessage());
        continue;
      }
      Long seen = filesRead.get(fingerprint);
      if (seen != null && seen == size) {
        continue; // read already, unchanged (under this name or another)
      }
      try (InputStream in = Files.newInputStream(file)) {
        readers.read(in, file.toString(), sink);
        filesRead.put(fingerprint, size);
        counts.files++;
      } catch (IOException e) {
        ew.log(EventWriter.ERROR, stanza + ": cannot read " + file + ": " + e.getMessage());
      }
    }
    engine.flush();
    write(ew, stanza, HEALTH, "winsession", null, null, health(stanza, counts, engine,
        (System.nanoTime() - started) / 1e9));
    sessions.checkWritten();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(CHECKPOINT_VERSION);
    out.writeInt(filesRead.size());
    for (Map.Entry<String, Long> f : filesRead.entrySet()) {
      out.writeUTF(f.getKey());
      out.writeLong(f.getValue());
    }
    out.writeLong(searchedUntil);
    EngineState.write(engine, out);
    store.save(stanza, bytes.toByteArray()); // only after every event above was written
    ew.log(EventWriter.INFO, stanza + ": run done: " + counts.files + " files, " + counts.events
        + " events, " + counts.rejected + " rejected, " + counts.sessions + " session events, "
        + engine.heldSessions() + " sessions held");
  }

  /** The first run's window start: {@code -24h} style relative to now, or ISO-8601. */
  static long start(String startTime, long now) {
    if (startTime.startsWith("-")) {
      return now - org.winsession.session.Durations.parse("setting 'start_time'",
          startTime.substring(1)).getSeconds();
    }
    return java.time.Instant.parse(startTime).getEpochSecond();
  }

  private static boolean matches(InputSettings s, String host) {
    return (s.includeHosts() == null || s.includeHosts().matcher(host).find())
        && (s.excludeHosts() == null || !s.excludeHosts().matcher(host).find());
  }

  /** Counters of one run, for the health event. */
  static final class Counts {
    long files;
    long events;
    long rejected;
    long sessions;
    long lagSeconds;
    long searchedUntil = -1;
    String error;
    final Map<SessionStatus, Long> byStatus = new TreeMap<>();
  }

  /** Writes each session event the engine emits that the stanza's filters let through. */
  private static final class SessionWriter implements org.winsession.session.SessionListener {
    private final EventWriter ew;
    private final String stanza;
    private final InputSettings settings;
    private final Counts counts;
    private RuntimeException failure;

    SessionWriter(EventWriter ew, String stanza, InputSettings settings, Counts counts) {
      this.ew = ew;
      this.stanza = stanza;
      this.settings = settings;
      this.counts = counts;
    }

    @Override
    public void session(SessionEvent e) {
      if ((!settings.includeLogonTypes().isEmpty()
          && !settings.includeLogonTypes().contains(e.logonType()))
          || settings.excludeAccountClasses().contains(e.accountClass())
          || (settings.excludeUsers() != null && e.user() != null
              && settings.excludeUsers().matcher(e.user()).find())) {
        return;
      }
      try {
        write(ew, stanza, SESSION, "winsession", e.host(), new Date(e.time()),
            SessionJson.toJson(e));
        counts.sessions++;
        counts.byStatus.merge(e.status(), 1L, Long::sum);
      } catch (RuntimeException ex) {
        failure = ex;
        throw ex;
      }
    }

    void checkWritten() {
      if (failure != null) {
        throw failure; // nothing is checkpointed past an event that was not written
      }
    }
  }

  private static void write(EventWriter ew, String stanza, String sourcetype, String source,
      String host, Date time, String data) {
    Event event = new Event();
    event.setStanza(stanza);
    event.setSourceType(sourcetype);
    event.setSource(source); // always: winsession's own 'source' setting shadows Splunk's
    if (host != null) {
      event.setHost(host);
    }
    if (time != null) {
      event.setTime(time);
    }
    event.setData(data);
    try {
      ew.writeEvent(event);
    } catch (MalformedDataException e) {
      throw new IllegalStateException("event not written: " + e.getMessage(), e);
    }
    if (ew.checkError()) {
      throw new IllegalStateException("stdout closed: events could not be written");
    }
  }

  private static String health(String stanza, Counts c, SessionEngine engine, double seconds) {
    com.google.gson.JsonObject o = new com.google.gson.JsonObject();
    o.addProperty("stanza", stanza);
    o.addProperty("files_read", c.files);
    o.addProperty("events_read", c.events);
    o.addProperty("rejected", c.rejected);
    o.addProperty("session_events", c.sessions);
    com.google.gson.JsonObject by = new com.google.gson.JsonObject();
    c.byStatus.forEach((k, v) -> by.addProperty(k.wireName(), v));
    o.add("session_events_by_status", by);
    o.addProperty("open_sessions_held", engine.heldSessions());
    o.addProperty("duplicates_ignored", engine.stats().duplicates());
    o.addProperty("evicted", engine.stats().evicted());
    o.addProperty("run_seconds", Math.round(seconds * 1000) / 1000.0);
    o.addProperty("lag_seconds", c.lagSeconds);
    if (c.searchedUntil >= 0) {
      o.addProperty("indexed_until", java.time.Instant.ofEpochSecond(c.searchedUntil).toString());
    }
    if (c.error != null) {
      o.addProperty("error", c.error);
    }
    return o.toString();
  }

  /** A file, every file under a directory, or every file a glob matches, in path order. */
  static List<Path> files(String path) throws IOException {
    boolean glob = path.contains("*") || path.contains("?") || path.contains("[");
    Path root = Path.of(glob ? path.substring(0, Math.max(0, path.lastIndexOf('/',
        firstGlobChar(path)))) : path);
    List<Path> out = new ArrayList<>();
    if (!Files.exists(root)) {
      return out;
    }
    PathMatcher matcher = glob ? FileSystems.getDefault().getPathMatcher("glob:" + path) : null;
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile).filter(p -> matcher == null || matcher.matches(p))
          .sorted().forEach(out::add);
    }
    return out;
  }

  private static int firstGlobChar(String path) {
    int i = path.length();
    for (char c : new char[] {'*', '?', '['}) {
      int k = path.indexOf(c);
      if (k >= 0) {
        i = Math.min(i, k);
      }
    }
    return i;
  }

  private static String fingerprint(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(FINGERPRINT_BYTES);
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(head);
      return java.util.HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static Map<String, String> values(Map<String, Parameter> params) {
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      Parameter p = e.getValue();
      if (p instanceof SingleValueParameter) {
        out.put(e.getKey(), ((SingleValueParameter) p).getValue());
      } else if (p instanceof MultiValueParameter) {
        out.put(e.getKey(), String.join(",", ((MultiValueParameter) p).getValues()));
      }
    }
    return out;
  }
}
