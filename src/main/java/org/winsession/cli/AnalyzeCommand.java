package org.winsession.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.winsession.emit.JsonLinesSessionSink;
import org.winsession.emit.RejectedJson;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.EventSink;
import org.winsession.read.Inputs;
import org.winsession.read.ReadLimits;
import org.winsession.session.Durations;
import org.winsession.session.EngineConfig;
import org.winsession.session.HostNormalization;
import org.winsession.session.SessionEngine;
import org.winsession.session.SessionFilter;

/**
 * {@code winsession analyze}: reads files, directories or standard input, writes session events as
 * JSON lines and a summary on standard error. Exit code 1 only when no input could be read at all.
 */
class AnalyzeCommand implements Callable<Integer> {
  /** The input shapes, in the words every command's help uses. */
  static final String INPUTS_HELP = "Inputs: files, directories (read recursively) or '-' for"
      + " standard input (the default), each in a shape told from its first bytes: binary EVTX;"
      + " legacy EVT; Windows event XML (a document, an <Events> export, XmlWinEventLog lines);"
      + " JSON lines or arrays (NXLog, Winlogbeat/ECS, Splunk export, Get-WinEvent |"
      + " ConvertTo-Json); rendered event text (Splunk classic WinEventLog, Event Viewer NT5"
      + " text export); CSV (Event Viewer, PowerShell Export-Csv, Windows 2003 archive). gzip,"
      + " zip and tar are opened in place.";
  static final String SAMPLE_RESOURCE = "/org/winsession/sample/sample-day.xml";
  private static final int MAX_REJECTED_ON_STDERR = 50;
  /** The most threads {@code --threads} takes. */
  static final int MAX_THREADS = Inputs.MAX_THREADS;

  /** The inputs of analyze and report. */
  static final Command.Positional INPUTS = new Command.Positional("INPUT",
      "Files or directories; '-' is stdin.", false, true);

  /** The options of analyze and report (but the read limits), in the order help lists them. */
  static final List<Option<?>> OPTIONS = new ArrayList<>();
  static final Option<Boolean> SAMPLE = Option.flag("--sample",
      "Analyse the sample bundled in the jar: a day of four hosts.").in(OPTIONS);
  static final Option<Path> OUTPUT = Option.path("-o, --output", "FILE",
      "Write session events here instead of standard output.").in(OPTIONS);
  static final Option<Path> REJECTED = Option.path("--rejected", "FILE",
      "Write every rejected record here as JSON lines (default: standard error).").in(OPTIONS);
  static final Option<String> LEAK_AFTER = Option.text("--leak-after", "DURATION",
      "Leak rule 2: no logoff within this of the logon (default: ${DEFAULT-VALUE}).")
      .withDefault("24h").in(OPTIONS);
  static final Option<String> LEAK_AFTER_BY_TYPE = Option.text("--leak-after-by-type",
      "TYPE=DURATION,...", "Per-logon-type overrides of --leak-after, e.g. 3=1h,10=8h.")
      .withDefault("").in(OPTIONS);
  static final Option<String> LOGOFF_GRACE = Option.text("--logoff-grace", "DURATION",
      "Leak rule 1: a user logoff must be followed by a logoff within this"
          + " (default: ${DEFAULT-VALUE}).").withDefault("2m").in(OPTIONS);
  static final Option<String> HOST_NORMALIZATION = Option.text("--host-normalization", "MODE",
      "short (strip the DNS suffix), fqdn or as_is (default: ${DEFAULT-VALUE}).")
      .withDefault("short").in(OPTIONS);
  static final Option<Integer> MAX_OPEN_SESSIONS = Option.integer("--max-open-sessions", "N",
      1, Integer.MAX_VALUE,
      "Sessions held in state at most; past it the oldest is emitted with"
          + " end_reason=evicted (default: ${DEFAULT-VALUE}).").withDefault("1000000").in(OPTIONS);
  static final Option<Boolean> EMIT_OPEN = Option.flag("--emit-open",
      "Also emit a session event when a session opens.").in(OPTIONS);
  static final Option<String> CLOCK_TOLERANCE = Option.text("--clock-tolerance", "DURATION",
      "How far a host clock may step back before clock_anomaly is set"
          + " (default: ${DEFAULT-VALUE}).").withDefault("1s").in(OPTIONS);
  static final Option<String> TIMEZONE = Option.text("--timezone", "ZONE",
      "Zone of local times written without one (classic WinEventLog text, NT5"
          + " text exports), e.g. Europe/Berlin (default: ${DEFAULT-VALUE}).")
      .withDefault("UTC").in(OPTIONS);
  static final Option<org.winsession.read.InputFormat> FORMAT = Option.choice("--format",
      "FORMAT", org.winsession.read.InputFormat.values(),
      "Read inputs as xml, evtx, evt, json, wineventlog or csv instead of telling"
          + " the shape from the first bytes (containers are still opened).").in(OPTIONS);
  static final Option<String> DATE_PATTERN = Option.text("--date-pattern", "PATTERN",
      "How local times of CSV and text exports are written, e.g. 'd.M.yyyy"
          + " H:mm:ss' (default: US, then common day-first layouts).").in(OPTIONS);
  static final Option<Integer> REORDER_WINDOW = Option.integer("--reorder-window", "N",
      0, Integer.MAX_VALUE,
      "Events held to restore record-id order per host (default: ${DEFAULT-VALUE}).")
      .withDefault("100000").in(OPTIONS);
  static final Option<Integer> THREADS = Option.integer("--threads", "N",
      1, MAX_THREADS,
      "Threads a run reads with (default: every core, here ${DEFAULT-VALUE}): with 2 or more,"
          + " inputs are read ahead on a thread of their own and EVTX chunks decoded on N;"
          + " output is the same for any number.")
      .withDefault(Integer.toString(Math.min(MAX_THREADS,
          Runtime.getRuntime().availableProcessors()))).in(OPTIONS);
  static final Option<String> INCLUDE_EVENT_CODES = Option.text("--include-event-codes",
      "CODES", "Only these event codes, comma-separated (default: all).")
      .withDefault("").in(OPTIONS);
  static final Option<String> INCLUDE_LOGON_TYPES = Option.text("--include-logon-types",
      "TYPES", "Only sessions of these logon types 0..13, comma-separated (default: all).")
      .withDefault("").in(OPTIONS);
  static final Option<String> EXCLUDE_ACCOUNT_CLASSES = Option.text(
      "--exclude-account-classes", "CLASSES", "Leave out sessions of these account classes:"
          + " user, machine, anonymous, virtual, system, service.").withDefault("").in(OPTIONS);
  static final Option<String> EXCLUDE_USERS = Option.text("--exclude-users", "REGEX",
      "Leave out sessions whose user matches this regular expression.")
      .withDefault("").in(OPTIONS);
  static final Option<String> INCLUDE_HOSTS = Option.text("--include-hosts", "REGEX",
      "Only hosts matching this regular expression (default: all).")
      .withDefault("").in(OPTIONS);
  static final Option<String> EXCLUDE_HOSTS = Option.text("--exclude-hosts", "REGEX",
      "Leave out hosts matching this regular expression.").withDefault("").in(OPTIONS);
  static final Option<Integer> UNAUDITED_AFTER = Option.integer("--unaudited-after", "N",
      1, Integer.MAX_VALUE,
      "A host that opened this many sessions leak rule 2 applies to and never wrote"
          + " a logoff does not audit logoffs: its sessions past leak_after are emitted as"
          + " unaudited, not leaked (default: ${DEFAULT-VALUE}).").withDefault("20").in(OPTIONS);
  static final Option<Integer> MAX_HELD_EVENTS = Option.integer("--max-held-events", "N",
      0, Integer.MAX_VALUE,
      "Events held for record order across all hosts, a memory bound; past it the"
          + " host whose held events arrived first releases its next (default: ${DEFAULT-VALUE}).")
      .withDefault("100000").in(OPTIONS);

  /**
   * One option per read limit ({@code --max-record-bytes N} ...), made from
   * {@link ReadLimits.Limit} so that the options and the limits cannot drift apart; in the order
   * of the limits. Their text is checked against each limit's minimum when the command runs.
   */
  static final List<Option<String>> LIMIT_OPTIONS = new ArrayList<>();

  static {
    for (ReadLimits.Limit l : ReadLimits.Limit.values()) {
      Option.text(l.option(), "N", "Read limit: " + l.description() + " (default: "
          + l.defaultValue() + ", at least " + l.minimum() + ").").in(LIMIT_OPTIONS);
    }
  }

  static final Command COMMAND = new Command("analyze",
      "Rebuild logon sessions and write one JSON session event per state change.",
      List.of("Rebuild logon sessions from Windows Security events and write one session event"
          + " (JSON) per state change, with a summary on standard error.", INPUTS_HELP),
      Command.options(OPTIONS, LIMIT_OPTIONS), INPUTS, AnalyzeCommand::new);

  final List<String> inputs;
  final boolean sample;
  Path output;
  final Path rejectedFile;
  final String leakAfter;
  final String leakAfterByType;
  final String logoffGrace;
  final String hostNormalization;
  final int maxOpenSessions;
  final boolean emitOpen;
  final String clockTolerance;
  final String timezone;
  final org.winsession.read.InputFormat format;
  final String datePattern;
  final int reorderWindow;
  final int threads;
  final String includeEventCodes;
  final String includeLogonTypes;
  final String excludeAccountClasses;
  final String excludeUsers;
  final String includeHosts;
  final String excludeHosts;
  final int unauditedAfter;
  final int maxHeldEvents;
  /** The text given for each read limit given. */
  private final java.util.Map<ReadLimits.Limit, String> limitsGiven =
      new java.util.EnumMap<>(ReadLimits.Limit.class);

  /** The command with the values read from its command line. */
  AnalyzeCommand(Values v) {
    inputs = new ArrayList<>(v.positionals());
    sample = v.get(SAMPLE);
    output = v.get(OUTPUT);
    rejectedFile = v.get(REJECTED);
    leakAfter = v.get(LEAK_AFTER);
    leakAfterByType = v.get(LEAK_AFTER_BY_TYPE);
    logoffGrace = v.get(LOGOFF_GRACE);
    hostNormalization = v.get(HOST_NORMALIZATION);
    maxOpenSessions = v.get(MAX_OPEN_SESSIONS);
    emitOpen = v.get(EMIT_OPEN);
    clockTolerance = v.get(CLOCK_TOLERANCE);
    timezone = v.get(TIMEZONE);
    format = v.get(FORMAT);
    datePattern = v.get(DATE_PATTERN);
    reorderWindow = v.get(REORDER_WINDOW);
    threads = v.get(THREADS);
    includeEventCodes = v.get(INCLUDE_EVENT_CODES);
    includeLogonTypes = v.get(INCLUDE_LOGON_TYPES);
    excludeAccountClasses = v.get(EXCLUDE_ACCOUNT_CLASSES);
    excludeUsers = v.get(EXCLUDE_USERS);
    includeHosts = v.get(INCLUDE_HOSTS);
    excludeHosts = v.get(EXCLUDE_HOSTS);
    unauditedAfter = v.get(UNAUDITED_AFTER);
    maxHeldEvents = v.get(MAX_HELD_EVENTS);
    for (ReadLimits.Limit l : ReadLimits.Limit.values()) {
      String given = v.get(LIMIT_OPTIONS.get(l.ordinal()));
      if (given != null) {
        limitsGiven.put(l, given);
      }
    }
  }

  /** The filters given, parsed by the one definition the modular input uses too. */
  SessionFilter filter() {
    java.util.Map<SessionFilter.Key, String> v = new java.util.EnumMap<>(SessionFilter.Key.class);
    v.put(SessionFilter.Key.INCLUDE_EVENT_CODES, includeEventCodes);
    v.put(SessionFilter.Key.INCLUDE_LOGON_TYPES, includeLogonTypes);
    v.put(SessionFilter.Key.EXCLUDE_ACCOUNT_CLASSES, excludeAccountClasses);
    v.put(SessionFilter.Key.EXCLUDE_USERS, excludeUsers);
    v.put(SessionFilter.Key.INCLUDE_HOSTS, includeHosts);
    v.put(SessionFilter.Key.EXCLUDE_HOSTS, excludeHosts);
    return SessionFilter.parse(v, SessionFilter.Naming.OPTION);
  }

  /** The read limits given on the command line, each checked against its minimum. */
  private ReadLimits limits() {
    ReadLimits limits = ReadLimits.DEFAULT;
    for (java.util.Map.Entry<ReadLimits.Limit, String> given : limitsGiven.entrySet()) {
      ReadLimits.Limit l = given.getKey();
      limits = limits.with(l, l.parse(l.option(), given.getValue()));
    }
    return limits;
  }

  @Override
  public Integer call() throws IOException {
    SessionFilter filter;
    EngineConfig config;
    ReadLimits limits;
    java.time.ZoneId zone;
    org.winsession.read.LocalTimes times;
    try {
      try {
        zone = java.time.ZoneId.of(timezone);
      } catch (java.time.DateTimeException e) {
        throw new IllegalArgumentException("--timezone '" + timezone + "': expected a zone such as"
            + " UTC, Europe/Berlin or +02:00");
      }
      config = new EngineConfig(
          Durations.parse("--leak-after", leakAfter),
          Durations.parseByType("--leak-after-by-type", leakAfterByType),
          Durations.parse("--logoff-grace", logoffGrace),
          HostNormalization.parse(hostNormalization),
          maxOpenSessions,
          emitOpen,
          Durations.parse("--clock-tolerance", clockTolerance),
          reorderWindow, unauditedAfter, maxHeldEvents);
      filter = filter();
      limits = limits();
      CompilerChoice.checkOverride();
      times = new org.winsession.read.LocalTimes(zone, datePattern == null
          ? org.winsession.read.LocalTimes.DEFAULT_PATTERNS : java.util.List.of(datePattern));
    } catch (IllegalArgumentException e) {
      return usageError(e);
    }
    PrintWriter err = new PrintWriter(
        new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    final Writer out;
    final Writer rejectedOut;
    try {
      out = output == null
          ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)
          : openForWriting("--output", output);
    } catch (IllegalArgumentException e) {
      return usageError(e);
    }
    try {
      rejectedOut = rejectedFile == null ? null : openForWriting("--rejected", rejectedFile);
    } catch (IllegalArgumentException e) {
      if (output != null) {
        out.close();
      }
      return usageError(e);
    }
    try (out; rejectedOut) {
      org.winsession.session.SessionListener sessions = sessionListener(out, config);
      SessionFilter.Run filtering = filter.run(limits.get(ReadLimits.Limit.MAX_FILTER_STEPS));
      SessionEngine engine = new SessionEngine(config, filtering.sessions(sessions));
      Counting sink = new Counting(engine, rejectedOut, err, tap(), filtering, config);
      Inputs readers = new Inputs(limits, times).forceFormat(format).evtxThreads(threads)
          .readAhead(threads > 1);
      int opened = 0;
      int failed = 0;
      List<Source> sources = sources();
      long total = 0;
      long work = 0;
      for (Source source : sources) {
        total = source.size() < 0 || total < 0 ? -1 : total + source.size();
        work = CompilerChoice.plus(work, CompilerChoice.weight(source.name(), source.size()));
      }
      CompilerChoice.apply(work);
      try (Progress progress = Progress.start(total, () -> sink.events, err)) {
        for (Source source : sources) {
          long before = sink.events + sink.rejected;
          try (InputStream in = progress.count(source.open())) {
            sourceOpened(source.name());
            readers.read(in, source.name(), sink);
            opened++;
          } catch (IOException e) {
            if (sink.events + sink.rejected > before) {
              opened++; // records were read before it failed: read, with a problem
              err.println("winsession " + name() + ": " + source.name() + " stops early: "
                  + InputProblems.words(e) + " (the records before were read)");
            } else {
              failed++;
              err.println("winsession " + name() + ": cannot read " + source.name() + ": "
                  + InputProblems.words(e));
            }
          }
        }
      }
      engine.finish();
      finished(out, engine, config);
      out.flush();
      Summary.print(err, opened, failed, sink.events, sink.rejected, sink.warnings, engine, config, zone);
      Summary.printReadProblems(err, sink.byKind, sink.limitHits);
      Summary.printUndecidedMatches(err, filtering);
      if (sink.rejectedOnStderr < sink.rejected && rejectedOut == null) {
        err.println("(" + (sink.rejected - sink.rejectedOnStderr)
            + " more rejected records not shown: use --rejected FILE)");
      }
      return opened == 0 && failed > 0 ? 1 : 0;
    } catch (UncheckedIOException e) {
      err.println("winsession " + name() + ": " + e.getMessage() + ": "
          + e.getCause().getMessage());
      return 1;
    }
  }

  /** Says a wrong setting of this run on stderr, shortened as usage errors are; exit code 2. */
  private int usageError(IllegalArgumentException e) {
    System.err.println("winsession " + name() + ": " + UsageException.shown(e.getMessage()));
    return 2;
  }

  /**
   * A new file {@code path} given by {@code option}, for writing; a path that cannot be written
   * is a usage error naming the option, the path and why, not a failure with a stack trace.
   */
  static Writer openForWriting(String option, Path path) {
    try {
      return Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      String why = e instanceof java.nio.file.NoSuchFileException
          ? "its directory does not exist" : InputProblems.words(e);
      throw new IllegalArgumentException(option + " '" + path + "': cannot write there: " + why
          + " (expected a file in an existing, writable directory)");
    }
  }

  /** Where session events go: JSON lines on {@code out}; {@code report} collects them instead. */
  org.winsession.session.SessionListener sessionListener(Writer out, EngineConfig config) {
    return new JsonLinesSessionSink(out);
  }

  /** The command's name, as messages say it. */
  String name() {
    return "analyze";
  }

  /** Called as each input is opened, with its name. */
  void sourceOpened(String name) {}

  /** What else sees every record before the engine does (null: nothing). */
  EventSink tap() {
    return null;
  }

  /** Called once every input is read and the engine has finished, before {@code out} is flushed. */
  void finished(Writer out, SessionEngine engine, EngineConfig config) throws IOException {}

  private List<Source> sources() throws IOException {
    List<Source> out = new ArrayList<>();
    if (sample) {
      out.add(new Source("sample:sample-day.xml", () -> {
        InputStream in = AnalyzeCommand.class.getResourceAsStream(SAMPLE_RESOURCE);
        if (in == null) {
          throw new IOException("the sample is missing from this build");
        }
        return in;
      }));
    }
    if (inputs.isEmpty() && !sample) {
      inputs.add("-");
    }
    List<Path> paths = new ArrayList<>();
    for (String in : inputs) {
      if (in.equals("-")) {
        out.add(new Source("stdin", () -> new UnclosedInput(System.in)));
      } else {
        paths.clear();
        paths.add(Path.of(in));
        List<Path> files;
        try {
          files = Inputs.expand(paths);
        } catch (IOException e) {
          out.add(new Source(in, () -> {
            throw e;
          }));
          continue;
        }
        if (files.isEmpty()) {
          out.add(new Source(in, () -> {
            throw new IOException(InputProblems.EMPTY_DIRECTORY);
          }));
        }
        for (Path p : files) {
          long size;
          try {
            size = Files.size(p);
          } catch (IOException e) {
            size = -1;
          }
          out.add(new Source(p.toString(), () -> Files.newInputStream(p), size));
        }
      }
    }
    return out;
  }

  /** An input to read, opened lazily. */
  private record Source(String name, Opener opener, long size) {
    Source(String name, Opener opener) {
      this(name, opener, -1);
    }

    InputStream open() throws IOException {
      return opener.open();
    }
  }

  @FunctionalInterface
  private interface Opener {
    InputStream open() throws IOException;
  }

  /** Standard input must survive the try-with-resources of one source. */
  private static final class UnclosedInput extends java.io.FilterInputStream {
    UnclosedInput(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // standard input belongs to the process
    }
  }

  /** Feeds events to the engine, reports rejected records, and counts both. */
  private static final class Counting implements EventSink {
    private final SessionEngine engine;
    private final Writer rejectedOut;
    private final PrintWriter err;
    private final EventSink tap;
    private final SessionFilter.Run filter;
    private final EngineConfig config;
    long events;
    long rejected;
    long rejectedOnStderr;
    long warnings;
    final java.util.Map<org.winsession.event.RejectKind, Long> byKind =
        new java.util.EnumMap<>(org.winsession.event.RejectKind.class);
    final java.util.Map<ReadLimits.Limit, Long> limitHits =
        new java.util.EnumMap<>(ReadLimits.Limit.class);

    Counting(SessionEngine engine, Writer rejectedOut, PrintWriter err, EventSink tap,
        SessionFilter.Run filter, EngineConfig config) {
      this.tap = tap;
      this.filter = filter;
      this.config = config;
      this.engine = engine;
      this.rejectedOut = rejectedOut;
      this.err = err;
    }

    /** A rejected record or warning that names a read limit is a hit of that limit. */
    private void countLimit(RejectedRecord r) {
      ReadLimits.Limit l = ReadLimits.Limit.namedIn(r.reason());
      if (l != null) {
        limitHits.merge(l, 1L, Long::sum);
      }
    }

    @Override
    public void event(SecurityEvent event) {
      events++;
      if (!filter.acceptsEvent(event, filter.looksAtHosts()
          ? config.hostNormalization().apply(event.host()) : null)) {
        return;
      }
      if (tap != null) {
        tap.event(event);
      }
      engine.accept(event);
    }

    @Override
    public void rejected(RejectedRecord record) {
      rejected++;
      if (tap != null) {
        tap.rejected(record);
      }
      byKind.merge(record.kind(), 1L, Long::sum);
      countLimit(record);
      if (rejectedOut != null) {
        try {
          rejectedOut.write(RejectedJson.toJson(record));
          rejectedOut.write('\n');
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write rejected records", e);
        }
      } else if (rejectedOnStderr < MAX_REJECTED_ON_STDERR) {
        rejectedOnStderr++;
        err.println("rejected: " + record.where() + ": " + record.reason());
      }
    }

    @Override
    public void warning(RejectedRecord notice) {
      warnings++;
      if (tap != null) {
        tap.warning(notice);
      }
      countLimit(notice);
      err.println("warning: " + notice.where() + ": " + notice.reason());
    }
  }
}
