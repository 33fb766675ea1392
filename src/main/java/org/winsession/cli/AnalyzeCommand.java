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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code winsession analyze}: reads files, directories or standard input, writes session events as
 * JSON lines and a summary on standard error. Exit code 1 only when no input could be read at all.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
    modelTransformer = AnalyzeCommand.LimitOptions.class,
    description = {
        "Rebuild logon sessions from Windows Security events and write one session event (JSON)"
            + " per state change. Inputs: files or directories of Windows event XML (.gz"
            + " transparently) or binary EVTX logs; none or '-' reads standard input."})
final class AnalyzeCommand implements Callable<Integer> {
  static final String SAMPLE_RESOURCE = "/org/winsession/sample/sample-day.xml";
  private static final int MAX_REJECTED_ON_STDERR = 50;

  @Parameters(paramLabel = "INPUT", arity = "0..*", description = "Files or directories; '-' is stdin.")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--sample", description = "Analyse the sample bundled in the jar: a day of four hosts.")
  boolean sample;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write session events here instead of standard output.")
  Path output;

  @Option(names = "--rejected", paramLabel = "FILE",
      description = "Write every rejected record here as JSON lines (default: standard error).")
  Path rejectedFile;

  @Option(names = "--leak-after", paramLabel = "DURATION", defaultValue = "24h",
      description = "Leak rule 2: no logoff within this of the logon (default: ${DEFAULT-VALUE}).")
  String leakAfter;

  @Option(names = "--leak-after-by-type", paramLabel = "TYPE=DURATION,...", defaultValue = "",
      description = "Per-logon-type overrides of --leak-after, e.g. 3=1h,10=8h.")
  String leakAfterByType;

  @Option(names = "--logoff-grace", paramLabel = "DURATION", defaultValue = "2m",
      description = "Leak rule 1: a user logoff must be followed by a logoff within this"
          + " (default: ${DEFAULT-VALUE}).")
  String logoffGrace;

  @Option(names = "--host-normalization", paramLabel = "MODE", defaultValue = "short",
      description = "short (strip the DNS suffix), fqdn or as_is (default: ${DEFAULT-VALUE}).")
  String hostNormalization;

  @Option(names = "--max-open-sessions", paramLabel = "N", defaultValue = "1000000",
      description = "Sessions held in state at most; past it the oldest is emitted with"
          + " end_reason=evicted (default: ${DEFAULT-VALUE}).")
  int maxOpenSessions;

  @Option(names = "--emit-open", description = "Also emit a session event when a session opens.")
  boolean emitOpen;

  @Option(names = "--clock-tolerance", paramLabel = "DURATION", defaultValue = "1s",
      description = "How far a host clock may step back before clock_anomaly is set"
          + " (default: ${DEFAULT-VALUE}).")
  String clockTolerance;

  @Option(names = "--timezone", paramLabel = "ZONE", defaultValue = "UTC",
      description = "Zone of local times written without one (classic WinEventLog text, NT5"
          + " text exports), e.g. Europe/Berlin (default: ${DEFAULT-VALUE}).")
  String timezone;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "Read inputs as xml, evtx, evt, json, wineventlog or csv instead of telling"
          + " the shape from the first bytes (containers are still opened).")
  org.winsession.read.InputFormat format;

  @Option(names = "--date-pattern", paramLabel = "PATTERN",
      description = "How local times of CSV and text exports are written, e.g. 'd.M.yyyy"
          + " H:mm:ss' (default: US, then common day-first layouts).")
  String datePattern;

  @Option(names = "--reorder-window", paramLabel = "N", defaultValue = "100000",
      description = "Events held to restore record-id order per host (default: ${DEFAULT-VALUE}).")
  int reorderWindow;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  /**
   * One option per read limit ({@code --max-record-bytes N} ...), made from
   * {@link ReadLimits.Limit} so that the options and the limits cannot drift apart.
   */
  static final class LimitOptions implements picocli.CommandLine.IModelTransformer {
    @Override
    public picocli.CommandLine.Model.CommandSpec transform(
        picocli.CommandLine.Model.CommandSpec command) {
      for (ReadLimits.Limit l : ReadLimits.Limit.values()) {
        command.addOption(picocli.CommandLine.Model.OptionSpec.builder(l.option())
            .paramLabel("N").type(String.class)
            .description("Read limit: " + l.description() + " (default: " + l.defaultValue()
                + ", at least " + l.minimum() + ").")
            .build());
      }
      return command;
    }
  }

  /** The read limits given on the command line, each checked against its minimum. */
  private ReadLimits limits() {
    ReadLimits limits = ReadLimits.DEFAULT;
    for (ReadLimits.Limit l : ReadLimits.Limit.values()) {
      String given = spec.findOption(l.option()).getValue();
      if (given != null) {
        limits = limits.with(l, l.parse(l.option(), given));
      }
    }
    return limits;
  }

  @Override
  public Integer call() throws IOException {
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
          reorderWindow);
      limits = limits();
      times = new org.winsession.read.LocalTimes(zone, datePattern == null
          ? org.winsession.read.LocalTimes.DEFAULT_PATTERNS : java.util.List.of(datePattern));
    } catch (IllegalArgumentException e) {
      System.err.println("winsession analyze: " + e.getMessage());
      return 2;
    }
    PrintWriter err = new PrintWriter(
        new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    try (Writer out = output == null
            ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)
            : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
        Writer rejectedOut = rejectedFile == null ? null
            : Files.newBufferedWriter(rejectedFile, StandardCharsets.UTF_8)) {
      JsonLinesSessionSink sessions = new JsonLinesSessionSink(out);
      SessionEngine engine = new SessionEngine(config, sessions);
      Counting sink = new Counting(engine, rejectedOut, err);
      Inputs readers = new Inputs(limits, times).forceFormat(format);
      int opened = 0;
      int failed = 0;
      for (Source source : sources()) {
        long before = sink.events + sink.rejected;
        try (InputStream in = source.open()) {
          readers.read(in, source.name(), sink);
          opened++;
        } catch (IOException e) {
          if (sink.events + sink.rejected > before) {
            opened++; // records were read before it failed: read, with a problem
            err.println("winsession analyze: " + source.name() + " stops early: " + e.getMessage()
                + " (the records before were read)");
          } else {
            failed++;
            err.println("winsession analyze: cannot read " + source.name() + ": " + e.getMessage());
          }
        }
      }
      engine.finish();
      out.flush();
      Summary.print(err, opened, failed, sink.events, sink.rejected, sink.warnings, engine, config, zone);
      Summary.printReadProblems(err, sink.byKind, sink.limitHits);
      if (sink.rejectedOnStderr < sink.rejected && rejectedOut == null) {
        err.println("(" + (sink.rejected - sink.rejectedOnStderr)
            + " more rejected records not shown: use --rejected FILE)");
      }
      return opened == 0 && failed > 0 ? 1 : 0;
    } catch (UncheckedIOException e) {
      err.println("winsession analyze: " + e.getMessage() + ": " + e.getCause().getMessage());
      return 1;
    }
  }

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
        for (Path p : Inputs.expand(paths)) {
          out.add(new Source(p.toString(), () -> Files.newInputStream(p)));
        }
      }
    }
    return out;
  }

  /** An input to read, opened lazily. */
  private record Source(String name, Opener opener) {
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
    long events;
    long rejected;
    long rejectedOnStderr;
    long warnings;
    final java.util.Map<org.winsession.event.RejectKind, Long> byKind =
        new java.util.EnumMap<>(org.winsession.event.RejectKind.class);
    final java.util.Map<ReadLimits.Limit, Long> limitHits =
        new java.util.EnumMap<>(ReadLimits.Limit.class);

    Counting(SessionEngine engine, Writer rejectedOut, PrintWriter err) {
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
      engine.accept(event);
    }

    @Override
    public void rejected(RejectedRecord record) {
      rejected++;
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
      countLimit(notice);
      err.println("warning: " + notice.where() + ": " + notice.reason());
    }
  }
}
