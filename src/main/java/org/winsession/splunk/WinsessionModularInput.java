package org.winsession.splunk;

import com.splunk.modularinput.Argument;
import com.splunk.modularinput.EventWriter;
import com.splunk.modularinput.InputDefinition;
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
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.winsession.emit.RejectedJson;
import org.winsession.emit.SafeText;
import org.winsession.emit.SessionJson;
import org.winsession.emit.XmlEventStream;
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
import org.winsession.state.Checkpoint;
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
 * its new records. Logs go to stderr with a level word, one line an entry; the session key is
 * never written. The stream is written by {@link XmlEventStream}, so every value is well-formed
 * XML. A failure of a run is one ERROR line saying what failed, where and why; a checkpoint that
 * cannot be trusted is moved aside and the run starts over, one that cannot be saved keeps the
 * previous one (the next run repeats, never loses).
 *
 * <p>{@code mode = splunk_search} exports the raw events Splunk indexed since the last run (index
 * time {@code [last end, now - lag)}; the first run starts at {@code start_time}), so an event
 * indexed late is neither lost nor read twice; a failed search checkpoints nothing.
 */
public final class WinsessionModularInput extends Script {
  static final String SESSION = "winsession:session";
  static final String REJECTED = "winsession:rejected";
  static final String HEALTH = "winsession:health";
  private static final int FINGERPRINT_BYTES = 4096;
  private static final int MAX_HEALTH_HOSTS = 500;

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
    try {
      InputSettings.parse(values(definition.getParameters()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(SafeText.forLog(e.getMessage(), RunLog.MAX_LINE), e);
    }
  }

  /** Not used: runs go through {@link #stream}, which owns the event stream and its errors. */
  @Override
  public void streamEvents(InputDefinition inputs, EventWriter ew) {
    throw new UnsupportedOperationException("run the input through stream(...)");
  }

  /**
   * A run as splunkd starts it: the input definition on {@code definition}, events to
   * {@code out}, log lines to {@code err}. Each stanza that fails says so in one ERROR line (what,
   * where, why); the exit code is 1 when a stanza could not do its job (bad settings, checkpoint
   * not readable or not saved, search failed, events not written), else 0. The caller closes
   * {@code out}.
   */
  public int stream(InputStream definition, XmlEventStream out, PrintWriter err) {
    RunLog log = new RunLog(err);
    InputDefinition inputs;
    try {
      byte[] xml = definition.readAllBytes();
      checkWellFormed(xml); // the SDK's parser prints its own errors to stderr first
      inputs = InputDefinition.parseDefinition(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      log.error("cannot read the input definition splunkd wrote on stdin: "
          + RunLog.describe(e));
      return 1;
    }
    int code = 0;
    for (Map.Entry<String, Map<String, Parameter>> stanza : inputs.getInputs().entrySet()) {
      String name = stanza.getKey();
      try {
        if (!runStanza(name, values(stanza.getValue()), inputs, out, log)) {
          code = 1;
        }
      } catch (StreamFailure e) {
        log.error(name + ": cannot write events to splunkd (stdout): "
            + RunLog.describe(e.getCause()) + "; nothing is checkpointed, the next run repeats"
            + " this run's events");
        return 1;
      } catch (RuntimeException | Error e) { // a defect: still one line that says what
        log.error(name + ": run failed: " + RunLog.describe(e) + "; nothing is checkpointed");
        code = 1;
      }
    }
    return code;
  }

  /**
   * Throws, naming the problem, unless {@code xml} is a well-formed document (no DTD read): the
   * SDK's own parser would print an unprefixed line to stderr first.
   */
  public static void checkWellFormed(byte[] xml) throws javax.xml.stream.XMLStreamException {
    javax.xml.stream.XMLInputFactory f = javax.xml.stream.XMLInputFactory.newFactory();
    f.setProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(javax.xml.stream.XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    javax.xml.stream.XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(xml));
    try {
      while (r.hasNext()) {
        r.next();
      }
    } finally {
      r.close();
    }
  }

  /** Events could not be written: the run must stop, nothing may be checkpointed. */
  static final class StreamFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StreamFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** One stanza's run; false when it could not do its job (already logged as ERROR). */
  private boolean runStanza(String stanza, Map<String, String> params, InputDefinition inputs,
      XmlEventStream out, RunLog log) {
    long started = System.nanoTime();
    for (String warning : InputSettings.deprecations(params)) {
      log.warn(stanza + ": " + warning);
    }
    InputSettings settings;
    try {
      settings = InputSettings.parse(params);
    } catch (IllegalArgumentException e) {
      log.error(stanza + ": " + e.getMessage() + "; the input reads nothing until it is fixed");
      return false;
    }
    Path checkpointDir = Path.of(inputs.getCheckpointDir());
    CheckpointStore store;
    Optional<Checkpoint> saved;
    try {
      store = new CheckpointStore(checkpointDir);
      saved = store.read(stanza);
    } catch (CheckpointStore.CorruptCheckpointException e) {
      log.error(stanza + ": " + e.getMessage() + "; this run starts over from "
          + (settings.fromFiles() ? "the first file" : "start_time = " + settings.startTime()));
      store = null;
      saved = Optional.empty();
    } catch (IOException | RuntimeException e) {
      log.error(stanza + ": cannot read the checkpoint in " + checkpointDir + ": "
          + RunLog.describe(e) + "; nothing is read until it can be");
      return false;
    }
    if (store == null) {
      try {
        store = new CheckpointStore(checkpointDir);
      } catch (IOException e) {
        log.error(stanza + ": cannot open " + checkpointDir + ": " + RunLog.describe(e));
        return false;
      }
    }
    Counts counts = new Counts();
    SessionWriter sessions = new SessionWriter(out, stanza, settings, counts);
    TreeMap<String, Long> filesRead = new TreeMap<>();
    long searchedUntil = Checkpoint.NOT_SEARCHED;
    SessionEngine engine = null;
    if (saved.isPresent()) {
      try {
        engine = EngineState.read(settings.engine(), sessions,
            new DataInputStream(new ByteArrayInputStream(saved.get().engineState())));
        filesRead.putAll(saved.get().filesRead());
        searchedUntil = saved.get().searchedUntil();
      } catch (IOException | RuntimeException e) {
        String problem = "engine state: " + RunLog.describe(e);
        try {
          problem = store.corrupt(stanza, problem).getMessage();
        } catch (IOException moveFailed) {
          log.error(stanza + ": checkpoint " + store.file(stanza) + " is not usable (" + problem
              + ") and cannot be moved aside: " + RunLog.describe(moveFailed));
          return false;
        }
        log.error(stanza + ": " + problem + "; this run starts over from "
            + (settings.fromFiles() ? "the first file" : "start_time = " + settings.startTime()));
      }
    }
    if (engine == null) {
      engine = new SessionEngine(settings.engine(), sessions);
    }
    Inputs readers = new Inputs(settings.limits(), new LocalTimes(settings.timezone(),
        LocalTimes.DEFAULT_PATTERNS)).forceFormat(settings.format());
    SessionEngine target = engine;
    EventSink sink = new EventSink() {
      @Override
      public void event(SecurityEvent e) {
        counts.events++;
        String host = settings.engine().hostNormalization().apply(e.host());
        if (settings.filter().acceptsEvent(e, host) && settings.handlesHost(host)) {
          target.accept(e);
        }
      }

      @Override
      public void rejected(RejectedRecord r) {
        counts.rejected++;
        write(out, stanza, REJECTED, r.source(), null, XmlEventStream.NO_TIME,
            RejectedJson.toJson(r));
      }

      @Override
      public void warning(RejectedRecord w) {
        log.warn(stanza + ": " + w.where() + ": " + w.reason());
      }
    };
    if (!settings.fromFiles()) {
      long now = java.time.Instant.now().getEpochSecond(); // polling windows: the wall clock
      long from = searchedUntil >= 0 ? searchedUntil : start(settings.startTime(), now);
      long to = now - settings.lag().getSeconds();
      if (to > from) {
        try (InputStream in = SplunkSearch.export(inputs.getServerUri(), inputs.getSessionKey(),
            settings.search(), from, to, from - settings.maxLateness().getSeconds())) {
          readers.forceFormat(org.winsession.read.InputFormat.JSON).read(in, "splunk_search",
              sink);
        } catch (IOException | RuntimeException e) { // the SDK reports HTTP failures unchecked
          if (e instanceof StreamFailure f) {
            throw f;
          }
          String problem = "search on " + inputs.getServerUri() + " failed: "
              + SplunkSearch.relayed(RunLog.describe(e), inputs.getSessionKey());
          log.error(stanza + ": " + problem
              + "; nothing is checkpointed, the next run tries the same window");
          counts.error = problem;
          write(out, stanza, HEALTH, "winsession", null, XmlEventStream.NO_TIME,
              health(stanza, counts, engine, out, (System.nanoTime() - started) / 1e9));
          flush(out);
          return false;
        }
        searchedUntil = to;
        counts.files++;
      }
      counts.lagSeconds = settings.lag().getSeconds();
      counts.searchedUntil = searchedUntil;
    }
    if (settings.fromFiles()) {
      PathGlob.Match match = PathGlob.files(settings.path());
      for (String problem : match.problems()) {
        log.warn(stanza + ": path '" + settings.path() + "': " + problem);
      }
      if (match.files().isEmpty()) {
        log.warn(stanza + ": path '" + settings.path() + "' matches no file; nothing to read"
            + " (check the path, its separators and that splunkd's user may read it)");
      }
      for (Path file : match.files()) {
        readFile(file, filesRead, readers, sink, counts, stanza, log);
      }
    }
    engine.flush();
    write(out, stanza, HEALTH, "winsession", null, XmlEventStream.NO_TIME,
        health(stanza, counts, engine, out, (System.nanoTime() - started) / 1e9));
    flush(out); // only what splunkd has is checkpointed
    byte[] engineState;
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      EngineState.write(engine, new DataOutputStream(bytes));
      engineState = bytes.toByteArray();
      store.save(stanza, new Checkpoint(filesRead, searchedUntil, engineState));
    } catch (IOException | RuntimeException e) {
      log.error(stanza + ": cannot save the checkpoint " + store.file(stanza) + ": "
          + RunLog.describe(e) + "; the previous checkpoint is kept, the next run repeats this"
          + " run's events");
      return false;
    }
    log.info(stanza + ": run done: " + counts.files + " files, " + counts.events
        + " events, " + counts.rejected + " rejected, " + counts.sessions + " session events, "
        + engine.heldSessions() + " sessions held, checkpoint of " + engineState.length
        + " bytes of engine state");
    return true;
  }

  private static void readFile(Path file, Map<String, Long> filesRead, Inputs readers,
      EventSink sink, Counts counts, String stanza, RunLog log) {
    String fingerprint;
    long size;
    try {
      size = Files.size(file);
      fingerprint = fingerprint(file);
    } catch (IOException | RuntimeException e) {
      log.error(stanza + ": cannot read " + file + ": " + RunLog.describe(e)
          + "; the other files are read");
      return;
    }
    Long seen = filesRead.get(fingerprint);
    if (seen != null && seen == size) {
      return; // read already, unchanged (under this name or another)
    }
    try (InputStream in = Files.newInputStream(file)) {
      readers.read(in, file.toString(), sink);
      filesRead.put(fingerprint, size);
      counts.files++;
    } catch (StreamFailure e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      log.error(stanza + ": cannot read " + file + ": " + RunLog.describe(e)
          + "; the other files are read, this one again next run");
    }
  }

  private static void flush(XmlEventStream out) {
    try {
      out.flush();
    } catch (IOException e) {
      throw new StreamFailure(e);
    }
  }

  /** The first run's window start: {@code -24h} style relative to now, or ISO-8601. */
  static long start(String startTime, long now) {
    if (startTime.startsWith("-")) {
      return now - org.winsession.session.Durations.parse("setting 'start_time'",
          startTime.substring(1)).getSeconds();
    }
    return java.time.Instant.parse(startTime).getEpochSecond();
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
    private final XmlEventStream out;
    private final String stanza;
    private final InputSettings settings;
    private final Counts counts;

    SessionWriter(XmlEventStream out, String stanza, InputSettings settings, Counts counts) {
      this.out = out;
      this.stanza = stanza;
      this.settings = settings;
      this.counts = counts;
    }

    @Override
    public void session(SessionEvent e) {
      if (!settings.filter().acceptsSession(e)) {
        return;
      }
      write(out, stanza, SESSION, "winsession", e.host(), e.time(), SessionJson.toJson(e));
      counts.sessions++;
      counts.byStatus.merge(e.status(), 1L, Long::sum);
    }
  }

  /** One event; a failure to write stops the run ({@link StreamFailure}). */
  private static void write(XmlEventStream out, String stanza, String sourcetype, String source,
      String host, long time, String data) {
    try {
      out.event(stanza, sourcetype, source, host, time, data); // source: always set
    } catch (IOException e) {
      throw new StreamFailure(e);
    }
  }

  private static String health(String stanza, Counts c, SessionEngine engine, XmlEventStream out,
      double seconds) {
    com.google.gson.JsonObject o = new com.google.gson.JsonObject();
    o.addProperty("stanza", SafeText.wellFormed(stanza));
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
    // SESSIONS.md §4.1: hosts that do not audit logoffs, the first ones by name (the event stays
    // within the sourcetype's TRUNCATE however large the fleet)
    Map<String, Long> unauditedHosts = engine.unauditedHosts();
    o.addProperty("unaudited_host_count", unauditedHosts.size());
    com.google.gson.JsonArray unaudited = new com.google.gson.JsonArray();
    for (Map.Entry<String, Long> h : unauditedHosts.entrySet()) {
      if (unaudited.size() == MAX_HEALTH_HOSTS) {
        break;
      }
      com.google.gson.JsonObject u = new com.google.gson.JsonObject();
      u.addProperty("host", h.getKey());
      u.addProperty("sessions", h.getValue());
      unaudited.add(u);
    }
    o.add("unaudited_hosts", unaudited);
    o.addProperty("run_seconds", Math.round(seconds * 1000) / 1000.0);
    o.addProperty("lag_seconds", c.lagSeconds);
    o.addProperty("replaced_characters", out.replaced());
    if (c.searchedUntil >= 0) {
      o.addProperty("indexed_until", java.time.Instant.ofEpochSecond(c.searchedUntil).toString());
    }
    if (c.error != null) {
      o.addProperty("error", SafeText.wellFormed(c.error));
    }
    return o.toString();
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
