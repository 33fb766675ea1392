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
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.winsession.cli.CompilerChoice;
import org.winsession.emit.RejectedJson;
import org.winsession.emit.SafeText;
import org.winsession.emit.SessionJson;
import org.winsession.emit.XmlEventStream;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.Appends;
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
import org.winsession.state.FileRead;

/**
 * The {@code winsession://<name>} modular input (SPLUNK.md §1), one process per stanza.
 *
 * <p>A run restores the stanza's checkpoint (open sessions, record ids seen, files read), reads the
 * files that are new or changed since, writes session events ({@code winsession:session}),
 * rejected records ({@code winsession:rejected}) and one health event ({@code winsession:health})
 * to the XML stream, and saves the checkpoint only after the stream was flushed: at least once,
 * never lost; a repeat is only an identical session event. Files are known by a fingerprint of
 * their first 4 KiB, so a renamed or rotated file is not read again, and read again only when it
 * changed: a grown log of whole records (JSON lines, or one {@code <Event>} after another) from
 * where the last read's last complete record ended ({@link Appends}), any other file whole; the
 * engine ignores record ids it has processed, so re-reading adds only new records. Logs go to stderr with a level word, one line an entry; the session key is
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
  /** Whether this process's compilers were chosen (interval mode, {@link CompilerChoice}). */
  private boolean compilerChosen;

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
   * A run as splunkd starts it, in interval mode whatever the definition says: the input
   * definition on {@code definition}, events to {@code out}, log lines to {@code err}. The caller
   * closes {@code out}.
   */
  public int stream(InputStream definition, XmlEventStream out, PrintWriter err) {
    return stream(definition, out, err, null);
  }

  /**
   * A run as splunkd starts it: the input definition is read from {@code stdin} up to the end of
   * its document; a stanza without {@code interval} runs in long-running mode when {@code stop}
   * is given (it then polls until {@code stop} is requested, and {@code stdin}'s later end is
   * such a request), every other stanza once. Each stanza that fails says so in one ERROR line
   * (what, where, why); the exit code is 1 when a stanza could not do its job (bad settings,
   * checkpoint not readable or not saved, search failed in interval mode, events not written),
   * else 0. The caller closes {@code out}.
   */
  public int stream(InputStream stdin, XmlEventStream out, PrintWriter err, StopSignal stop) {
    RunLog log = new RunLog(err);
    InputDefinition inputs;
    try {
      byte[] xml = InputDocument.read(stdin);
      checkWellFormed(xml); // the SDK's parser prints its own errors to stderr first
      inputs = InputDefinition.parseDefinition(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      log.error("cannot read the input definition splunkd wrote on stdin: "
          + RunLog.describe(e));
      return 1;
    }
    Map<String, Map<String, Parameter>> stanzas = inputs.getInputs();
    try {
      if (stop != null && stanzas.size() == 1) {
        Map.Entry<String, Map<String, Parameter>> only = stanzas.entrySet().iterator().next();
        Map<String, String> params = values(only.getValue());
        if (longRunning(params)) {
          stop.watchForEnd(stdin, System.nanoTime());
          stop.onTerminate();
          return guarded(only.getKey(), log, () -> runLongRunning(only.getKey(), params, inputs,
              out, log, stop)) ? 0 : 1;
        }
      }
      int code = 0;
      for (Map.Entry<String, Map<String, Parameter>> stanza : stanzas.entrySet()) {
        String name = stanza.getKey();
        if (!guarded(name, log, () -> runStanza(name, values(stanza.getValue()), inputs, out,
            log, stanzas))) {
          code = 1;
        }
      }
      return code;
    } catch (StreamFailure e) {
      return 1;
    }
  }

  /**
   * Chooses the compilers of an interval-mode run ({@link CompilerChoice}) once the first stanza's
   * checkpoint is restored, before anything is read: from the bytes that stanza will read (its
   * files new or changed since the checkpoint), plus every file of the other stanzas (a bound:
   * their checkpoints are read when their turn comes); a search's size is unknown.
   */
  private static void chooseCompiler(StanzaRun first, Map<String, Map<String, Parameter>> stanzas,
      RunLog log) {
    try {
      long work = bytesToRead(first.settings, first.filesRead, first.stamps);
      for (Map.Entry<String, Map<String, Parameter>> stanza : stanzas.entrySet()) {
        if (work < 0) {
          break;
        }
        if (!stanza.getKey().equals(first.stanza)) {
          work = CompilerChoice.plus(work, bytesMatched(stanza.getValue()));
        }
      }
      CompilerChoice.Mode mode = CompilerChoice.apply(work);
      log.info(first.stanza + ": compiler: " + mode.words() + " for " + (work < 0 ? "a search"
          : work + " bytes") + " to read");
    } catch (RuntimeException e) { // a choice of speed only: never a reason to read nothing
      log.warn(first.stanza + ": compiler choice: " + RunLog.describe(e)
          + "; the JVM's own choice stands");
    }
  }

  /** The weight of every file a stanza's path matches; -1 for a search; 0 for bad settings. */
  private static long bytesMatched(Map<String, Parameter> stanza) {
    InputSettings settings;
    try {
      settings = InputSettings.parse(values(stanza));
    } catch (IllegalArgumentException e) {
      return 0; // it reads nothing
    }
    return bytesToRead(settings, Map.of(), new HashMap<>());
  }

  /**
   * The weight ({@link CompilerChoice#weight}) of the files a stanza's next run reads: those its
   * path matches that are not in {@code filesRead} at their present size (of a grown log, what
   * follows its last record read); -1 for a search, whose size is known once it is read. The
   * heads it reads are kept in {@code stamps}, for the run to use while the files stay the same.
   */
  private static long bytesToRead(InputSettings settings, Map<String, FileRead> filesRead,
      Map<Path, FileStamp> stamps) {
    if (!settings.fromFiles()) {
      return -1;
    }
    long total = 0;
    for (Path file : PathGlob.files(settings.path()).files()) {
      try {
        FileStamp stamp = filesRead.isEmpty() ? null : stamp(file, stamps, true);
        long size = stamp == null ? Files.size(file) : stamp.size();
        FileRead seen = stamp == null ? null : filesRead.get(stamp.head().fingerprint());
        if (seen == null || seen.size() != size) {
          long unread = seen != null && seen.resumable() && size > seen.size()
              ? size - seen.resumeAt() : size;
          total = CompilerChoice.plus(total, CompilerChoice.weight(file.toString(), unread));
        }
      } catch (IOException e) {
        // the run reports it when it comes to the file
      }
    }
    return total;
  }

  /**
   * Whether a stanza runs in long-running mode: it has no {@code interval}. splunkd passes every
   * setting of the stanza in the definition, {@code interval} among them when it is set (then
   * splunkd starts the input again every interval, so each run ends); without one, splunkd
   * starts the input once and a run that ended would never be followed by another.
   */
  public static boolean longRunning(Map<String, String> params) {
    String interval = params.get("interval");
    return interval == null || interval.isBlank();
  }

  /** One stanza's work, false when it could not do its job. */
  private interface StanzaJob {
    boolean run();
  }

  /**
   * Runs {@code job}, turning a defect into one ERROR line (false) and a failed write to splunkd
   * into one ERROR line and a {@link StreamFailure} for the caller to stop on.
   */
  private static boolean guarded(String name, RunLog log, StanzaJob job) {
    try {
      return job.run();
    } catch (StreamFailure e) {
      log.error(name + ": cannot write events to splunkd (stdout): "
          + RunLog.describe(e.getCause()) + "; nothing more is checkpointed, the next run"
          + " repeats the events written since the last checkpoint");
      throw e;
    } catch (RuntimeException | Error e) { // a defect: still one line that says what
      log.error(name + ": run failed: " + RunLog.describe(e) + "; nothing is checkpointed");
      return false;
    }
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

  /** Events could not be written: the run must stop, nothing more may be checkpointed. */
  static final class StreamFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StreamFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** One stanza's run in interval mode; false when it could not do its job (logged as ERROR). */
  private boolean runStanza(String stanza, Map<String, String> params, InputDefinition inputs,
      XmlEventStream out, RunLog log, Map<String, Map<String, Parameter>> stanzas) {
    StanzaRun run = StanzaRun.open(stanza, params, inputs, out, log, false);
    if (run == null) {
      return false;
    }
    if (!compilerChosen) { // once a process, before the first stanza reads anything
      compilerChosen = true;
      chooseCompiler(run, stanzas, log);
    }
    if (!run.poll(null)) {
      return false;
    }
    run.health();
    if (!run.save()) {
      return false;
    }
    log.info(stanza + ": run done: " + run.total.files + " files, " + run.total.events
        + " events, " + run.total.rejected + " rejected, " + run.total.sessions
        + " session events, " + run.engine.heldSessions() + " sessions held, checkpoint of "
        + run.stateBytes + " bytes of engine state");
    return true;
  }

  /** The longest a long-running input stays without a health event while idle. */
  static final java.time.Duration HEARTBEAT = java.time.Duration.ofMinutes(5);

  /**
   * One stanza in long-running mode: the checkpoint is restored once and the engine stays in
   * memory; every {@code poll_interval} the input reads what is new (flushing the stream after
   * each file), writes a health event when it read something (and at least every {@link
   * #HEARTBEAT} when idle), and saves the checkpoint when events came and {@code
   * checkpoint_interval} has passed since the last save. When {@code stop} is requested it ends
   * the file it is reading, saves the checkpoint and returns; false when that last save failed
   * (or the stanza could not start).
   */
  private boolean runLongRunning(String stanza, Map<String, String> params,
      InputDefinition inputs, XmlEventStream out, RunLog log, StopSignal stop) {
    StanzaRun run = StanzaRun.open(stanza, params, inputs, out, log, true);
    if (run == null) {
      return false;
    }
    log.info(stanza + ": long-running mode (the stanza has no interval): a poll every "
        + run.settings.pollInterval().toMillis() + " ms, the checkpoint every "
        + run.settings.checkpointInterval().toSeconds() + " s while events come and when"
        + " stopped");
    long lastSave = System.nanoTime();
    long lastHealth = System.nanoTime();
    long polls = 0;
    do {
      long t0 = System.nanoTime();
      run.poll(stop);
      run.busyNanos += System.nanoTime() - t0;
      polls++;
      run.polls++;
      long now = System.nanoTime();
      if (run.readSomething() || now - lastHealth >= HEARTBEAT.toNanos()) {
        run.health();
        lastHealth = now;
      }
      if (run.dirty && now - lastSave >= run.settings.checkpointInterval().toNanos()) {
        if (run.save()) {
          lastSave = now;
        }
      }
      log.debug(stanza + ": poll " + polls + " done");
    } while (!stop.await(run.settings.pollInterval()));
    if (run.readSomething()) {
      run.health();
    }
    boolean saved = !run.dirty || run.save();
    log.info(stanza + ": stopped (" + stop.reason() + ") after " + polls + " polls: "
        + run.total.files + " files, " + run.total.events + " events, " + run.total.rejected
        + " rejected, " + run.total.sessions + " session events, " + run.engine.heldSessions()
        + " sessions held" + (saved ? ", checkpoint saved" : ", checkpoint NOT saved"));
    return saved;
  }

  /**
   * A stanza's state between polls: its settings, the engine, the files read and the search
   * window, the checkpoint store, and the counters since the last health event.
   */
  private static final class StanzaRun {
    final String stanza;
    final InputSettings settings;
    /** The stanza's filters, bounded by max_filter_steps, counting the matches left undecided. */
    final org.winsession.session.SessionFilter.Run filtering;
    /** The undecided matches the health events so far reported. */
    long undecidedReported;
    long overflowedReported;
    final InputDefinition inputs;
    final XmlEventStream out;
    final RunLog log;
    final CheckpointStore store;
    final TreeMap<String, FileRead> filesRead = new TreeMap<>();
    final Counts counts = new Counts();
    final Counts total = new Counts();
    final boolean longRunning;
    /**
     * Heads of files by path, reused while size, time and identity stay the same: kept by the
     * long-running mode from poll to poll, and by an interval-mode run from its compiler choice.
     */
    final Map<Path, FileStamp> stamps = new HashMap<>();
    SessionEngine engine;
    Inputs readers;
    EventSink sink;
    long searchedUntil = Checkpoint.NOT_SEARCHED;
    long started = System.nanoTime();
    long polls;
    /** Time spent in polls since the last health event (long-running mode). */
    long busyNanos;
    long stateBytes;
    boolean dirty;
    String lastPathProblems = "";

    private StanzaRun(String stanza, InputSettings settings, InputDefinition inputs,
        XmlEventStream out, RunLog log, CheckpointStore store, boolean longRunning) {
      this.stanza = stanza;
      this.settings = settings;
      this.filtering = settings.filter().run(settings.limits().get(
          org.winsession.read.ReadLimits.Limit.MAX_FILTER_STEPS));
      this.inputs = inputs;
      this.out = out;
      this.log = log;
      this.store = store;
      this.longRunning = longRunning;
    }

    /** Settings checked and the checkpoint restored; null when that failed (logged). */
    static StanzaRun open(String stanza, Map<String, String> params, InputDefinition inputs,
        XmlEventStream out, RunLog log, boolean longRunning) {
      for (String warning : InputSettings.deprecations(params)) {
        log.warn(stanza + ": " + warning);
      }
      InputSettings settings;
      try {
        settings = InputSettings.parse(params);
      } catch (IllegalArgumentException e) {
        log.error(stanza + ": " + e.getMessage() + "; the input reads nothing until it is fixed");
        return null;
      }
      Path checkpointDir = Path.of(inputs.getCheckpointDir());
      CheckpointStore store;
      Optional<Checkpoint> saved;
      try {
        store = new CheckpointStore(checkpointDir);
        saved = store.read(stanza);
      } catch (CheckpointStore.CorruptCheckpointException e) {
        log.error(stanza + ": " + e.getMessage() + "; this run starts over from "
            + startsOver(settings));
        store = null;
        saved = Optional.empty();
      } catch (IOException | RuntimeException e) {
        log.error(stanza + ": cannot read the checkpoint in " + checkpointDir + ": "
            + RunLog.describe(e) + "; nothing is read until it can be");
        return null;
      }
      if (store == null) {
        try {
          store = new CheckpointStore(checkpointDir);
        } catch (IOException e) {
          log.error(stanza + ": cannot open " + checkpointDir + ": " + RunLog.describe(e));
          return null;
        }
      }
      StanzaRun run = new StanzaRun(stanza, settings, inputs, out, log, store, longRunning);
      SessionWriter sessions = new SessionWriter(out, stanza, run.filtering, run.counts,
          run.total);
      if (saved.isPresent()) {
        try {
          run.engine = EngineState.read(settings.engine(), sessions,
              new DataInputStream(new ByteArrayInputStream(saved.get().engineState())));
          run.filesRead.putAll(saved.get().filesRead());
          run.searchedUntil = saved.get().searchedUntil();
        } catch (IOException | RuntimeException e) {
          String problem = "engine state: " + RunLog.describe(e);
          try {
            problem = store.corrupt(stanza, problem).getMessage();
          } catch (IOException moveFailed) {
            log.error(stanza + ": checkpoint " + store.file(stanza) + " is not usable (" + problem
                + ") and cannot be moved aside: " + RunLog.describe(moveFailed));
            return null;
          }
          log.error(stanza + ": " + problem + "; this run starts over from "
              + startsOver(settings));
        }
      }
      if (run.engine == null) {
        run.engine = new SessionEngine(settings.engine(), sessions);
      }
      run.readers = new Inputs(settings.limits(), new LocalTimes(settings.timezone(),
          LocalTimes.DEFAULT_PATTERNS)).forceFormat(settings.format())
          .evtxThreads(settings.threads()).readAhead(settings.threads() > 1);
      run.sink = run.sink();
      return run;
    }

    private static String startsOver(InputSettings settings) {
      return settings.fromFiles() ? "the first file" : "start_time = " + settings.startTime();
    }

    private EventSink sink() {
      SessionEngine target = engine;
      // the host is normalized per record only when a filter or the partition looks at it
      boolean byHost = settings.partitions() > 1 || filtering.looksAtHosts();
      return new EventSink() {
        @Override
        public void event(SecurityEvent e) {
          counts.events++;
          total.events++;
          String host = byHost ? settings.engine().hostNormalization().apply(e.host()) : null;
          if (filtering.acceptsEvent(e, host) && (!byHost || settings.handlesHost(host))) {
            target.accept(e);
          }
        }

        @Override
        public void rejected(RejectedRecord r) {
          counts.rejected++;
          total.rejected++;
          write(out, stanza, REJECTED, r.source(), null, XmlEventStream.NO_TIME,
              RejectedJson.toJson(r));
        }

        @Override
        public void warning(RejectedRecord w) {
          log.warn(stanza + ": " + w.where() + ": " + w.reason());
        }
      };
    }

    /** Whether anything was read, rejected or failed since the last health event. */
    boolean readSomething() {
      return counts.files > 0 || counts.events > 0 || counts.rejected > 0 || counts.error != null;
    }

    /**
     * One look for new events (a search window, or the files new or changed), the engine's
     * held events released, the stream flushed; false when a search failed (its health event
     * written, nothing advanced). With {@code stop}, no new file is begun once it is requested.
     */
    boolean poll(StopSignal stop) {
      boolean ok = true;
      boolean read = !longRunning; // a run always ends with the engine flushed
      if (!settings.fromFiles()) {
        ok = search();
        read = true;
      } else {
        PathGlob.Match match = PathGlob.files(settings.path());
        String problems = String.join("\n", match.problems()) + (match.files().isEmpty()
            ? "\nnothing" : "");
        if (!longRunning || !problems.equals(lastPathProblems)) {
          for (String problem : match.problems()) {
            log.warn(stanza + ": path '" + settings.path() + "': " + problem);
          }
          if (match.files().isEmpty()) {
            log.warn(stanza + ": path '" + settings.path() + "' matches no file; nothing to read"
                + " (check the path, its separators and that splunkd's user may read it)");
          }
          lastPathProblems = problems;
        }
        for (Path file : match.files()) {
          if (stop != null && stop.requested()) {
            break; // the files not begun are read after the next start
          }
          if (readFile(file)) {
            read = true;
            if (longRunning) {
              flush(out); // each file's events reach splunkd as soon as it is read
            }
          }
        }
      }
      if (read) { // else the engine holds nothing to release: the last poll released it all
        engine.flush();
        flush(out);
      }
      return ok;
    }

    /** One search window; false when the search failed (health event written). */
    private boolean search() {
      long now = java.time.Instant.now().getEpochSecond(); // polling windows: the wall clock
      long from = searchedUntil >= 0 ? searchedUntil : start(settings.startTime(), now);
      long to = now - settings.lag().getSeconds();
      counts.lagSeconds = settings.lag().getSeconds();
      if (to > from) {
        try (InputStream in = SplunkSearch.export(inputs.getServerUri(), inputs.getSessionKey(),
            settings.search(), from, to, from - settings.maxLateness().getSeconds())) {
          readers.read(in, "splunk_search", sink, org.winsession.read.InputFormat.JSON);
        } catch (IOException | RuntimeException e) { // the SDK reports HTTP failures unchecked
          if (e instanceof StreamFailure f) {
            throw f;
          }
          String problem = "search on " + inputs.getServerUri() + " failed: "
              + SplunkSearch.relayed(RunLog.describe(e), inputs.getSessionKey());
          log.error(stanza + ": " + problem + "; nothing is checkpointed, the next "
              + (longRunning ? "poll" : "run") + " tries the same window");
          counts.error = problem;
          counts.searchedUntil = searchedUntil;
          health();
          return false;
        }
        searchedUntil = to;
        dirty = true;
        counts.files++;
        total.files++;
      }
      counts.searchedUntil = searchedUntil;
      return true;
    }

    /**
     * Reads one file when it is new or changed; true when it was read (whole or in part). A grown
     * log of whole records ({@link Appends}) is read from where its last read's last complete
     * record ended, when the bytes before that place are still the same; any other changed file
     * is read whole again (the engine drops the records it has seen).
     */
    private boolean readFile(Path file) {
      Head head;
      long size;
      try {
        FileStamp stamp = stamp(file, stamps, longRunning);
        size = stamp.size();
        head = stamp.head();
      } catch (IOException | RuntimeException e) {
        stamps.remove(file);
        log.error(stanza + ": cannot read " + file + ": " + RunLog.describe(e)
            + "; the other files are read");
        return false;
      }
      FileRead seen = filesRead.get(head.fingerprint());
      if (seen != null && seen.size() == size) {
        return false; // read already, unchanged (under this name or another)
      }
      Appends.Kind kind = settings.format() == null || head.kind() != null
          && settings.format() == head.kind().format() ? head.kind() : null;
      try (FileChannel channel = FileChannel.open(file)) {
        dirty = true; // the engine may change from here on
        long from = 0;
        long line = 1;
        if (kind != null && seen != null && seen.resumable() && size > seen.size()
            && seen.tailHash().equals(tailHash(channel, seen.resumeAt()))
            && readsOnAt(channel, kind, seen.resumeAt())) {
          from = seen.resumeAt();
          line = seen.resumeLine();
        }
        InputStream in = Channels.newInputStream(channel.position(from));
        if (kind == null) {
          readers.read(in, file.toString(), sink);
          filesRead.put(head.fingerprint(), FileRead.whole(size));
        } else {
          Appends.Tracker appended = new Appends.Tracker(in, kind, from, line);
          // what follows a record end is read in the shape the file's start told
          readers.read(appended, file.toString(), Appends.shifted(sink, from, line),
              from > 0 ? kind.format() : null);
          filesRead.put(head.fingerprint(), new FileRead(Math.max(size, appended.offset()),
              appended.resumeAt(), appended.resumeLine(),
              tailHash(channel, appended.resumeAt())));
        }
        counts.files++;
        total.files++;
      } catch (StreamFailure e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        stamps.remove(file);
        log.error(stanza + ": cannot read " + file + ": " + RunLog.describe(e)
            + "; the other files are read, this one again next " + (longRunning ? "poll"
            : "run"));
      }
      return true;
    }

    /** Writes the health event of what happened since the last one, and flushes. */
    void health() {
      counts.filterUndecided = filtering.undecided() - undecidedReported;
      counts.filterOverflowed = filtering.overflowed() - overflowedReported;
      undecidedReported = filtering.undecided();
      overflowedReported = filtering.overflowed();
      write(out, stanza, HEALTH, "winsession", null, XmlEventStream.NO_TIME,
          WinsessionModularInput.health(stanza, counts, engine, out,
              (longRunning ? busyNanos : System.nanoTime() - started) / 1e9,
              longRunning ? polls : -1));
      flush(out);
      counts.reset();
      polls = 0;
      busyNanos = 0;
      started = System.nanoTime();
    }

    /**
     * Saves the engine state, files read and search window, after flushing the stream (only
     * what splunkd has is checkpointed); false when it could not be saved (logged, the previous
     * checkpoint kept).
     */
    boolean save() {
      flush(out);
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EngineState.write(engine, new DataOutputStream(bytes));
        byte[] engineState = bytes.toByteArray();
        store.save(stanza, new Checkpoint(filesRead, searchedUntil, engineState));
        stateBytes = engineState.length;
        dirty = false;
        return true;
      } catch (IOException | RuntimeException e) {
        log.error(stanza + ": cannot save the checkpoint " + store.file(stanza) + ": "
            + RunLog.describe(e) + "; the previous checkpoint is kept, " + (longRunning
                ? "the input tries again at the next checkpoint time"
                : "the next run repeats this run's events"));
        return false;
      }
    }
  }

  /**
   * The file's size and head: the head from {@code stamps} while its size, time and identity are
   * those it had then, else read again (and kept in {@code stamps} when {@code keep}).
   */
  private static FileStamp stamp(Path file, Map<Path, FileStamp> stamps, boolean keep)
      throws IOException {
    java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(file,
        java.nio.file.attribute.BasicFileAttributes.class);
    FileStamp now = new FileStamp(a.size(), a.lastModifiedTime().toMillis(),
        String.valueOf(a.fileKey()), null);
    FileStamp known = stamps.get(file);
    if (known != null && known.sameFile(now)) {
      return known;
    }
    FileStamp read = now.withHead(head(file));
    if (keep) {
      stamps.put(file, read);
    }
    return read;
  }

  /** What a file looked like when its head was read. */
  private record FileStamp(long size, long modifiedMillis, String identity, Head head) {
    boolean sameFile(FileStamp o) {
      return size == o.size && modifiedMillis == o.modifiedMillis && identity.equals(o.identity)
          && !"null".equals(identity);
    }

    FileStamp withHead(Head h) {
      return new FileStamp(size, modifiedMillis, identity, h);
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
    /** Filter matches given up past max_filter_steps, and past the stack depth. */
    long filterUndecided;
    long filterOverflowed;
    long searchedUntil = -1;
    String error;
    final Map<SessionStatus, Long> byStatus = new TreeMap<>();

    /** Back to zero, for the next health event (the search window and lag stay). */
    void reset() {
      files = 0;
      events = 0;
      rejected = 0;
      sessions = 0;
      filterUndecided = 0;
      filterOverflowed = 0;
      error = null;
      byStatus.clear();
    }
  }

  /** Writes each session event the engine emits that the stanza's filters let through. */
  private static final class SessionWriter implements org.winsession.session.SessionListener {
    private final XmlEventStream out;
    private final String stanza;
    private final org.winsession.session.SessionFilter.Run filtering;
    private final Counts counts;
    private final Counts total;

    SessionWriter(XmlEventStream out, String stanza,
        org.winsession.session.SessionFilter.Run filtering, Counts counts, Counts total) {
      this.out = out;
      this.stanza = stanza;
      this.filtering = filtering;
      this.counts = counts;
      this.total = total;
    }

    @Override
    public void session(SessionEvent e) {
      if (!filtering.acceptsSession(e)) {
        return;
      }
      write(out, stanza, SESSION, "winsession", e.host(), e.time(), SessionJson.toJson(e));
      counts.sessions++;
      total.sessions++;
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

  /** The health event; {@code polls} is -1 in interval mode (one run), else polls since the last. */
  private static String health(String stanza, Counts c, SessionEngine engine, XmlEventStream out,
      double seconds, long polls) {
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
    // host and user filter matches given up undecided (each counted as not matching): past
    // max_filter_steps (raising it decides them), and past the stack depth
    o.addProperty("filter_undecided", c.filterUndecided);
    o.addProperty("filter_undecided_stack", c.filterOverflowed);
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
    o.addProperty("mode", polls < 0 ? "interval" : "long_running");
    if (polls >= 0) {
      o.addProperty("polls", polls);
    }
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

  /**
   * What a file's first bytes say: the fingerprint it is known by (a hash of its first 4 KiB) and
   * whether it is a log of whole records read again from its last record end ({@code kind}, else
   * null).
   */
  private record Head(String fingerprint, Appends.Kind kind) {}

  private static Head head(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(FINGERPRINT_BYTES);
    }
    return new Head(hash(head, head.length), Appends.of(head, head.length));
  }

  /** Whether the bytes from {@code at} read on as a read of the whole file reads them. */
  private static boolean readsOnAt(FileChannel channel, Appends.Kind kind, long at)
      throws IOException {
    java.nio.ByteBuffer next = readAt(channel, at, Appends.LOOK_AHEAD);
    return Appends.readsOnAt(kind, next.array(), next.position());
  }

  /** The hash of the {@link FileRead#TAIL_BYTES} bytes (fewer at the start) before {@code at}. */
  private static String tailHash(FileChannel channel, long at) throws IOException {
    int n = (int) Math.min(at, FileRead.TAIL_BYTES);
    java.nio.ByteBuffer tail = readAt(channel, at - n, n);
    // a file that shrank since matches no hash, and is read whole
    return tail.hasRemaining() ? "cut short" : hash(tail.array(), n);
  }

  /** Up to {@code n} bytes of the file from {@code at}, fewer at its end (the buffer's position). */
  private static java.nio.ByteBuffer readAt(FileChannel channel, long at, int n)
      throws IOException {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(n);
    while (b.hasRemaining() && channel.read(b, at + b.position()) >= 0) {
      // up to n bytes, or the file's end
    }
    return b;
  }

  /** The first 16 bytes of the SHA-256 of {@code b[0 .. n)}, in hex. */
  private static String hash(byte[] b, int n) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(b, 0, n);
      return java.util.HexFormat.of().formatHex(d.digest(), 0, 16);
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
