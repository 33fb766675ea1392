package org.winsession.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;
import org.winsession.read.EventSink;
import org.winsession.read.ReadLimits;
import org.winsession.read.xml.XmlEventReader;
import org.winsession.session.EngineConfig;
import org.winsession.session.SessionEngine;

/**
 * {@code winsession bench}: the speed and memory targets of the session engine and the XML reader,
 * measured on one thread over generated, realistic events (a 4624/4672/4634 mix of network and
 * interactive logons across hosts, users and source addresses). Prints a Markdown report (and
 * appends it to {@code --report FILE}); each figure is the median of the measured rounds after
 * warm-up rounds. Numbers depend on the machine: BENCHMARKS.md records where they were taken.
 * Run it with a fixed, pre-touched heap ({@code java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -jar ...
 * bench}): otherwise page faults of a growing heap are measured with the code.
 */
final class BenchCommand implements Callable<Integer> {
  private static final List<Option<?>> OPTIONS = new ArrayList<>();
  static final Option<Integer> EVENTS = Option.integer("--events", "N", 1, Integer.MAX_VALUE,
      "Pre-normalized events per engine round (default: ${DEFAULT-VALUE}).")
      .withDefault("2000000").in(OPTIONS);
  static final Option<Integer> XML_MB = Option.integer("--xml-mb", "N", 1, 2047,
      "MB of XmlWinEventLog lines per reader round (default: ${DEFAULT-VALUE}).")
      .withDefault("256").in(OPTIONS);
  static final Option<Integer> OPEN_SESSIONS = Option.integer("--open-sessions", "N", 1,
      Integer.MAX_VALUE,
      "Open sessions for the heap measurement (default: ${DEFAULT-VALUE}).")
      .withDefault("1000000").in(OPTIONS);
  static final Option<Integer> ROUNDS = Option.integer("--rounds", "N", 1, Integer.MAX_VALUE,
      "Measured rounds (default: ${DEFAULT-VALUE}).").withDefault("5").in(OPTIONS);
  static final Option<Integer> WARMUP = Option.integer("--warmup", "N", 0, Integer.MAX_VALUE,
      "Warm-up rounds (default: ${DEFAULT-VALUE}).").withDefault("3").in(OPTIONS);
  static final Option<Path> REPORT = Option.path("--report", "FILE",
      "Append the report here too.").in(OPTIONS);
  static final Option<Path> INPUT = Option.path("--input", "FILE", "Instead: MB/s and events/s"
      + " reading this file (any shape) from memory.").in(OPTIONS);
  static final Option<Boolean> HEAP_ONLY = Option.flag("--heap-only", "Instead: only the heap"
      + " per open session at --open-sessions (10,000,000 fit in -Xmx2g), with the time taken"
      + " to open them.").in(OPTIONS);
  static final Option<Boolean> ENGINE_ONLY = Option.flag("--engine-only", "Instead: only the"
      + " session engine's events/s on pre-normalized events.").in(OPTIONS);
  static final Option<Path> EVTX = Option.path("--evtx", "FILE", "Instead: records/s reading"
      + " this EVTX log (alone, and into the engine).").in(OPTIONS);
  static final Command COMMAND = new Command("bench",
      "Measure engine and XML reader throughput and heap per open session.",
      List.of("Measure engine and XML reader throughput and heap per open session."),
      List.copyOf(OPTIONS), null, BenchCommand::new);

  private final int events;
  private final int xmlMegabytes;
  private final int openSessions;
  private final int rounds;
  private final int warmup;
  private final Path report;
  private final Path input;
  private final boolean heapOnly;
  private final boolean engineOnly;
  private final Path evtx;

  /** The command with the values read from its command line. */
  BenchCommand(Values v) {
    events = v.get(EVENTS);
    xmlMegabytes = v.get(XML_MB);
    openSessions = v.get(OPEN_SESSIONS);
    rounds = v.get(ROUNDS);
    warmup = v.get(WARMUP);
    report = v.get(REPORT);
    input = v.get(INPUT);
    heapOnly = v.get(HEAP_ONLY);
    engineOnly = v.get(ENGINE_ONLY);
    evtx = v.get(EVTX);
  }

  private static final String[] USERS = new String[1000];
  private static final String[] IPS = new String[1000];

  static {
    for (int i = 0; i < USERS.length; i++) {
      USERS[i] = "user" + i;
      IPS[i] = "10." + (i / 250) + "." + (i % 250) + ".7";
    }
  }

  @Override
  public Integer call() throws IOException {
    if (evtx != null) {
      return evtxThroughput();
    }
    if (input != null) {
      return inputThroughput();
    }
    if (heapOnly) {
      long t0 = System.nanoTime();
      double perSession = heapPerSession();
      System.out.printf(Locale.ROOT, "heap per open session, %,d open, max heap %d MiB: %.1f bytes"
          + " (%.1f s to open and measure)%n", openSessions, Runtime.getRuntime().maxMemory() >> 20,
          perSession, (System.nanoTime() - t0) / 1e9);
      return 0;
    }
    if (engineOnly) {
      System.out.printf(Locale.ROOT, "session engine, pre-normalized events, 1 thread: %.3f M"
          + " events/s%n", engineThroughput() / 1e6);
      return 0;
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%n### %s, %s%n%n", LocalDate.now(ZoneOffset.UTC),
        machine()));
    out.append("Command: `java -jar target/winsession-<version>.jar bench` with --events ")
        .append(events).append(" --xml-mb ").append(xmlMegabytes).append(" --open-sessions ")
        .append(openSessions).append(" --rounds ").append(rounds).append(" --warmup ")
        .append(warmup).append("; JVM options ")
        .append(ManagementFactory.getRuntimeMXBean().getInputArguments()).append(", max heap ")
        .append(Runtime.getRuntime().maxMemory() >> 20).append(" MiB.\n\n");
    out.append("| measurement | result | target |\n|---|---|---|\n");
    System.err.println("bench: session engine on pre-normalized events...");
    double engineRate = engineThroughput();
    out.append(String.format(Locale.ROOT, "| session engine, pre-normalized events, 1 thread |"
        + " %.2f M events/s | >= 2 M events/s |%n", engineRate / 1e6));
    System.err.println("bench: XML reader + engine on XmlWinEventLog lines...");
    double[] xml = xmlThroughput();
    out.append(String.format(Locale.ROOT, "| XML reader + engine, XmlWinEventLog lines (%.0f B"
            + " per event), 1 thread | %.0f MB/s (%.0f K events/s) | >= 150 MB/s |%n",
        xml[2], xml[0], xml[1] / 1e3));
    System.err.println("bench: heap per open session...");
    double perSession = heapPerSession();
    out.append(String.format(Locale.ROOT, "| heap per open session, %,d open | %.0f bytes |"
        + " <= 100 bytes |%n", openSessions, perSession));
    System.out.print(out);
    System.out.flush();
    if (report != null) {
      Files.writeString(report, out, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    return 0;
  }

  /**
   * Records/s reading an EVTX log from memory on one thread: the reader with normalization alone,
   * and into the session engine. Prints one line per measurement: {@code name records seconds}.
   */
  private int evtxThroughput() throws IOException {
    byte[] file = Files.readAllBytes(evtx);
    for (boolean withEngine : new boolean[] {false, true}) {
      long[] records = new long[1];
      // one compiler thread on one core needs a long warm-up: >= 10 s and `warmup` rounds
      long warmUntil = System.nanoTime() + 10_000_000_000L;
      for (int w = 0; w < warmup || System.nanoTime() < warmUntil; w++) {
        evtxRound(file, withEngine, records);
      }
      List<Double> rates = new ArrayList<>();
      long measureUntil = System.nanoTime() + 2_000_000_000L;
      for (int m = 0; m < rounds || System.nanoTime() < measureUntil; m++) {
        rates.add(evtxRound(file, withEngine, records));
      }
      System.out.printf(Locale.ROOT, "%s %d %.0f%n", withEngine ? "winsession-sessions"
          : "winsession-reader", records[0],
          median(rates.stream().mapToDouble(Double::doubleValue).toArray()));
    }
    return 0;
  }

  /**
   * MB/s and events/s of the reader that {@code analyze} would pick for {@link #input}, on one
   * thread from memory: warmed up >= 5 s, then the median of >= 2 s of reads. Prints
   * {@code input MB events MB/s events/s rejected}.
   */
  private int inputThroughput() throws IOException {
    byte[] file = Files.readAllBytes(input);
    long[] counts = new long[2];
    java.util.function.DoubleSupplier round = () -> {
      counts[0] = 0;
      counts[1] = 0;
      long t0 = System.nanoTime();
      try {
        new org.winsession.read.Inputs(ReadLimits.DEFAULT).read(new ByteArrayInputStream(file),
            "bench", new EventSink() {
              @Override
              public void event(SecurityEvent event) {
                counts[0]++;
              }

              @Override
              public void rejected(RejectedRecord record) {
                counts[1]++;
              }
            });
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return (System.nanoTime() - t0) / 1e9;
    };
    long warmUntil = System.nanoTime() + 5_000_000_000L;
    for (int w = 0; w < warmup || System.nanoTime() < warmUntil; w++) {
      round.getAsDouble();
    }
    List<Double> seconds = new ArrayList<>();
    long measureUntil = System.nanoTime() + 2_000_000_000L;
    for (int m = 0; m < rounds || System.nanoTime() < measureUntil; m++) {
      seconds.add(round.getAsDouble());
    }
    double s = median(seconds.stream().mapToDouble(Double::doubleValue).toArray());
    System.out.printf(Locale.ROOT, "%s %.1f %d %.0f %.0f %d%n", input.getFileName(),
        file.length / 1e6, counts[0], file.length / 1e6 / s, counts[0] / s, counts[1]);
    return 0;
  }

  /** One read of the log; returns records/s and sets {@code records[0]}. */
  private static double evtxRound(byte[] file, boolean withEngine, long[] records)
      throws IOException {
    long[] n = new long[2];
    SessionEngine engine = withEngine ? new SessionEngine(EngineConfig.DEFAULT, e -> {}) : null;
    long t0 = System.nanoTime();
    new org.winsession.read.evtx.EvtxEventReader().read(new ByteArrayInputStream(file), "bench",
        new EventSink() {
          @Override
          public void event(SecurityEvent event) {
            n[0]++;
            if (engine != null) {
              engine.accept(event);
            }
          }

          @Override
          public void rejected(RejectedRecord record) {
            n[1]++;
          }
        });
    if (engine != null) {
      engine.finish();
    }
    records[0] = n[0] + n[1];
    return records[0] / ((System.nanoTime() - t0) / 1e9);
  }

  /** Median events/s of the engine over pre-built events, listener discarding output. */
  private double engineThroughput() {
    List<SecurityEvent> input = syntheticEvents(events, 50);
    double[] rates = new double[rounds];
    for (int r = -warmup; r < rounds; r++) {
      long[] emitted = new long[1];
      SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT, e -> emitted[0]++);
      long t0 = System.nanoTime();
      for (int i = 0, n = input.size(); i < n; i++) {
        engine.accept(input.get(i));
      }
      engine.finish();
      long ns = System.nanoTime() - t0;
      if (emitted[0] < input.size() / 4) {
        throw new IllegalStateException("bench produced too few sessions: " + emitted[0]);
      }
      if (r >= 0) {
        rates[r] = input.size() / (ns / 1e9);
      }
    }
    return median(rates);
  }

  /** Median MB/s and events/s of reading XmlWinEventLog lines into the engine; mean bytes/event. */
  private double[] xmlThroughput() throws IOException {
    byte[] data = syntheticXml(xmlMegabytes << 20);
    double[] mbs = new double[rounds];
    double[] eps = new double[rounds];
    long count = 0;
    for (int r = -warmup; r < rounds; r++) {
      long[] n = new long[2];
      SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT, e -> {});
      XmlEventReader reader = new XmlEventReader(ReadLimits.DEFAULT, SourceFormat.SPLUNK);
      long t0 = System.nanoTime();
      reader.read(new ByteArrayInputStream(data), "bench", new EventSink() {
        @Override
        public void event(SecurityEvent event) {
          n[0]++;
          engine.accept(event);
        }

        @Override
        public void rejected(RejectedRecord record) {
          n[1]++;
        }
      });
      engine.finish();
      double s = (System.nanoTime() - t0) / 1e9;
      if (n[1] != 0) {
        throw new IllegalStateException("bench input had " + n[1] + " rejected records");
      }
      count = n[0];
      if (r >= 0) {
        mbs[r] = data.length / 1e6 / s;
        eps[r] = n[0] / s;
      }
    }
    return new double[] {median(mbs), median(eps), (double) data.length / count};
  }

  /** Heap growth per session with {@code openSessions} sessions open (none closed or leaked). */
  private double heapPerSession() {
    EngineConfig config = EngineConfig.DEFAULT.withLeakAfter(Duration.ofDays(3650))
        .withMaxOpenSessions(Math.max(openSessions, 1));
    long before = usedHeapAfterGc();
    SessionEngine engine = new SessionEngine(config, e -> {});
    long time = 1_700_000_000_000L;
    for (int i = 0; i < openSessions; i++) {
      int host = i % 100;
      engine.accept(SecurityEvent.builder().host("HOST" + host).channel("Security")
          .recordId(i / 100 + 1).timeMillis(time + i).eventCode(4624)
          .logonId(0x100000L + i).logonType(i % 7 == 0 ? 10 : 3).user(USERS[i % USERS.length])
          .domain("CONTOSO").userSid("S-1-5-21-1-2-3-" + (1000 + i % USERS.length))
          .authPackage("Kerberos").logonProcess("Kerberos").srcIp(IPS[(i / 7) % IPS.length])
          .srcPort(49152 + i % 16000).build());
    }
    engine.flush();
    if (engine.heldSessions() != openSessions) {
      throw new IllegalStateException("expected " + openSessions + " open sessions, have "
          + engine.heldSessions());
    }
    long after = usedHeapAfterGc();
    double perSession = (after - before) / (double) openSessions;
    if (engine.stats().events() != openSessions) { // keeps the engine reachable until measured
      throw new IllegalStateException("lost events");
    }
    return perSession;
  }

  private static long usedHeapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Logon, privileges, logoff triples on {@code hosts} hosts; record ids count up per host. */
  static List<SecurityEvent> syntheticEvents(int n, int hosts) {
    List<SecurityEvent> out = new ArrayList<>(n);
    String[] names = new String[hosts];
    for (int h = 0; h < hosts; h++) {
      names[h] = "HOST" + h + ".contoso.local";
    }
    long[] record = new long[hosts];
    long time = 1_700_000_000_000L;
    for (int i = 0; out.size() < n; i++) {
      int h = i % hosts;
      long luid = 0x100000L + i;
      int type = i % 10 == 0 ? 10 : 3;
      String user = USERS[i % USERS.length];
      String ip = IPS[(i / 3) % IPS.length];
      time += 7;
      out.add(SecurityEvent.builder().host(names[h]).channel("Security").recordId(++record[h])
          .timeMillis(time).eventCode(4624).logonId(luid).logonType(type).user(user)
          .domain("CONTOSO").userSid("S-1-5-21-1-2-3-" + (1000 + i % USERS.length))
          .authPackage("Kerberos").logonProcess("Kerberos").srcIp(ip).srcPort(50000)
          .sourceFormat(SourceFormat.SPLUNK).build());
      if (type == 10 && out.size() < n) {
        out.add(SecurityEvent.builder().host(names[h]).channel("Security")
            .recordId(++record[h]).timeMillis(time).eventCode(4672).logonId(luid).user(user)
            .sourceFormat(SourceFormat.SPLUNK).build());
      }
      if (out.size() < n) {
        out.add(SecurityEvent.builder().host(names[h]).channel("Security").recordId(++record[h])
            .timeMillis(time + 3000).eventCode(4634).logonId(luid).logonType(type).user(user)
            .domain("CONTOSO").sourceFormat(SourceFormat.SPLUNK).build());
      }
    }
    return out;
  }

  /** One event per line as Splunk's XmlWinEventLog stores them: 4624 v2 and 4634 pairs. */
  static byte[] syntheticXml(int bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + 4096);
    long record = 0;
    for (int i = 0; out.size() < bytes; i++) {
      String computer = "HOST" + (i % 50) + ".contoso.local";
      String luid = "0x" + Long.toHexString(0x100000L + i);
      String time = String.format(Locale.ROOT, "2026-03-02T%02d:%02d:%02d.%07dZ",
          (i / 3600) % 24, (i / 60) % 60, i % 60, (i * 7919) % 10_000_000);
      String target = "<Data Name='TargetUserSid'>S-1-5-21-1430380458-3079459327-630937868-"
          + (1000 + i % 1000) + "</Data><Data Name='TargetUserName'>" + USERS[i % USERS.length]
          + "</Data><Data Name='TargetDomainName'>CONTOSO</Data><Data Name='TargetLogonId'>"
          + luid + "</Data><Data Name='LogonType'>3</Data>";
      String logon = xmlEvent(4624, 2, 12544, time, ++record, computer,
          "<Data Name='SubjectUserSid'>S-1-0-0</Data><Data Name='SubjectUserName'>-</Data>"
          + "<Data Name='SubjectDomainName'>-</Data><Data Name='SubjectLogonId'>0x0</Data>"
          + target
          + "<Data Name='LogonProcessName'>Kerberos</Data><Data Name='AuthenticationPackageName'>Kerberos</Data>"
          + "<Data Name='WorkstationName'>-</Data><Data Name='LogonGuid'>{2f7c9a1e-4e63-2a2b-1d6c-8f0c2b9c77aa}</Data>"
          + "<Data Name='TransmittedServices'>-</Data><Data Name='LmPackageName'>-</Data>"
          + "<Data Name='KeyLength'>0</Data><Data Name='ProcessId'>0x0</Data><Data Name='ProcessName'>-</Data>"
          + "<Data Name='IpAddress'>" + IPS[i % IPS.length] + "</Data><Data Name='IpPort'>50123</Data>"
          + "<Data Name='ImpersonationLevel'>%%1833</Data><Data Name='RestrictedAdminMode'>-</Data>"
          + "<Data Name='TargetOutboundUserName'>-</Data><Data Name='TargetOutboundDomainName'>-</Data>"
          + "<Data Name='VirtualAccount'>%%1843</Data><Data Name='TargetLinkedLogonId'>0x0</Data>"
          + "<Data Name='ElevatedToken'>%%1843</Data>");
      String logoff = xmlEvent(4634, 0, 12545, time, ++record, computer, target);
      out.writeBytes(logon.getBytes(StandardCharsets.UTF_8));
      out.writeBytes(logoff.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static String xmlEvent(int code, int version, int task, String time, long record,
      String computer, String eventData) {
    return "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
        + "<Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/>"
        + "<EventID>" + code + "</EventID><Version>" + version + "</Version><Level>0</Level><Task>"
        + task + "</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords>"
        + "<TimeCreated SystemTime='" + time + "'/><EventRecordID>" + record + "</EventRecordID>"
        + "<Correlation ActivityID='{b073a4bf-7611-0000-bca5-73b01176da01}'/>"
        + "<Execution ProcessID='780' ThreadID='2832'/><Channel>Security</Channel><Computer>"
        + computer + "</Computer><Security/></System><EventData>" + eventData
        + "</EventData></Event>\n";
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).strip();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      cpu = "CPU not readable (" + e.getClass().getSimpleName() + ")";
    }
    return String.format(Locale.ROOT, "%s, %d cores, Java %s (%s)", cpu,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        System.getProperty("java.vm.name"));
  }
}
