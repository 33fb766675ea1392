package org.winsession.splunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.winsession.testing.Samples;

/**
 * The long-running mode (a stanza without {@code interval}), started as splunkd starts it and
 * played from splunkd's side: the definition on standard input, which splunkd then closes (or,
 * for a supervisor, keeps open), the stream on standard output, SIGTERM or SIGKILL to stop it.
 *
 * <ul>
 *   <li>SIGKILL at random points while it polls a fleet's logs that arrive in stages (a random
 *       time, a random place in the stream, during a checkpoint write), SIGTERM and stdin's end
 *       among them, each followed by a restart: the latest state of every session equals one
 *       straight interval-mode run's, every event is one that run wrote, nothing is lost, and a
 *       stop by SIGTERM or stdin's end exits 0 with {@code </stream>} and a current checkpoint.
 *   <li>Files appended, rotated, truncated and rewritten between polls, and hostile bytes: the
 *       events of each step equal an interval-mode run's after the same step, and the stream is
 *       one well-formed XML document.
 *   <li>Standard input closed with the definition, as splunkd does, does not stop it.
 * </ul>
 *
 * <p>Size of the first: {@code -Dwinsession.longrun.events} (default 60,000) in {@code
 * -Dwinsession.longrun.stages} (default 12) stages.
 */
class ModinputLongRunIT {
  private static final int EVENTS = Integer.getInteger("winsession.longrun.events", 60_000);
  private static final int STAGES = Integer.getInteger("winsession.longrun.stages", 12);
  private static final Pattern EVENT = Pattern.compile(
      "<sourcetype>(winsession:session|winsession:rejected)</sourcetype>(?:<host>[^<]*</host>)?"
          + "<data>(.*?)</data>");
  private static final Pattern POLL_DONE = Pattern.compile("DEBUG [^\\n]*: poll (\\d+) done");

  @TempDir
  Path dir;

  /** A started input: its process, the definition's writer (open or closed), its outputs. */
  private record Input(Process process, OutputStream stdin, boolean stdinOpen, Path out,
      Path err) {
    String stream() throws IOException {
      return new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
    }

    String log() throws IOException {
      return new String(Files.readAllBytes(err), StandardCharsets.UTF_8);
    }

    /** The number of the last poll reported done, 0 before the first. */
    long polls() throws IOException {
      Matcher m = POLL_DONE.matcher(log());
      long n = 0;
      while (m.find()) {
        n = Long.parseLong(m.group(1));
      }
      return n;
    }

    /** Waits until at least {@code n} polls are done. */
    void awaitPolls(long n) throws Exception {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (polls() < n) {
        if (!process.isAlive()) {
          throw new AssertionError("the input ended (exit " + process.waitFor() + "): " + log());
        }
        assertTrue(System.nanoTime() < end, "no poll " + n + ": " + log());
        Thread.sleep(20);
      }
    }

    /** Stops it with SIGTERM and checks the clean end: exit 0, stream closed, checkpoint saved. */
    void terminate() throws Exception {
      process.toHandle().destroy(); // SIGTERM alone (Process.destroy closes stdin as well)
      assertStoppedCleanly("SIGTERM");
    }

    /** Stops it by closing standard input, as a supervisor that kept it open would. */
    void closeStdin() throws Exception {
      stdin.close();
      assertStoppedCleanly("standard input closed");
    }

    private void assertStoppedCleanly(String why) throws Exception {
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "still running after " + why);
      String log = log();
      assertEquals(0, process.exitValue(), log);
      String s = stream();
      assertTrue(s.isEmpty() || s.endsWith("</event>\n</stream>\n"), "ends cleanly: "
          + s.substring(Math.max(0, s.length() - 200)));
      assertTrue(log.contains("stopped (" + why + ")"), log);
      assertFalse(log.contains("checkpoint NOT saved") || log.contains("ERROR"), log);
    }
  }

  private static String definition(Path logs, Path ckpt, String extra) {
    return "<input><server_host>tiny</server_host><server_uri>https://127.0.0.1:8089</server_uri>"
        + "<session_key>k</session_key><checkpoint_dir>" + ckpt + "</checkpoint_dir>"
        + "<configuration><stanza name=\"winsession://fleet\"><param name=\"mode\">files</param>"
        + "<param name=\"path\">" + logs + "</param><param name=\"leak_after\">2h</param>"
        + "<param name=\"index\">main</param>" + extra + "</stanza></configuration></input>";
  }

  private static String longRunning(Path logs, Path ckpt, String pollInterval) {
    return definition(logs, ckpt, "<param name=\"poll_interval\">" + pollInterval
        + "</param><param name=\"checkpoint_interval\">1s</param>");
  }

  private static String interval(Path logs, Path ckpt) {
    return definition(logs, ckpt, "<param name=\"interval\">300</param>");
  }

  /** Starts the input; standard input stays open unless {@code closeStdin}. */
  private Input start(String definition, boolean closeStdin) throws IOException {
    Path jar = Path.of(System.getProperty("winsession.jar", "target/winsession-0.1.0.jar"));
    Path out = Files.createTempFile(dir, "out", ".xml");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "modinput")
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    OutputStream in = p.getOutputStream();
    in.write(definition.getBytes(StandardCharsets.UTF_8));
    in.flush();
    if (closeStdin) {
      in.close();
    }
    return new Input(p, in, !closeStdin, out, err);
  }

  /** One interval-mode run to its end; its stream. */
  private String intervalRun(Path logs, Path ckpt) throws Exception {
    Input run = start(interval(logs, ckpt), true);
    assertTrue(run.process().waitFor(300, TimeUnit.SECONDS));
    String stream = run.stream();
    assertEquals(0, run.process().exitValue(), run.log());
    assertTrue(stream.isEmpty() || stream.endsWith("</stream>\n"));
    return stream;
  }

  /** Session and rejected events of a stream, complete ones only, in order. */
  private static List<String> events(String stream) {
    List<String> out = new ArrayList<>();
    Matcher m = EVENT.matcher(stream);
    while (m.find()) {
      out.add(m.group(1) + " " + m.group(2));
    }
    return out;
  }

  @Test
  void killedAndStoppedWhilePolling_theLatestStateOfEverySessionIsOneStraightRunsState()
      throws Exception {
    Random r = new Random(Long.getLong("winsession.longrun.seed", 20261130L));
    List<List<String>> stages = ModinputKillIT.stages(r, EVENTS, STAGES);
    Path cleanLogs = Files.createDirectories(dir.resolve("clean-logs"));
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path ckpt = dir.resolve("ckpt");
    for (int s = 0; s < stages.size(); s++) {
      ModinputKillIT.writeStage(cleanLogs, s, stages.get(s));
    }
    List<String> clean = ModinputKillIT.sessions(intervalRun(cleanLogs, dir.resolve("c-ckpt")));
    Set<String> cleanSet = new TreeSet<>(clean);

    List<Input> runs = new ArrayList<>();
    Map<String, Integer> hits = new LinkedHashMap<>();
    Input input = start(longRunning(logs, ckpt, "100ms"), true);
    runs.add(input);
    for (int s = 0; s < stages.size(); s++) {
      ModinputKillIT.writeStage(logs, s, stages.get(s));
      String how = switch (s % 6) {
        case 0 -> killAfter(input, 1 + r.nextInt(1500));
        case 1 -> killAtStreamBytes(input, Files.size(input.out()) + 1 + r.nextInt(400_000));
        case 2 -> killWhileCheckpointing(input, ckpt);
        case 3 -> {
          input.awaitPolls(input.polls() + 1);
          input.terminate();
          yield "SIGTERM";
        }
        case 4 -> {
          input.awaitPolls(input.polls() + 1);
          if (!input.stdinOpen()) {
            input.terminate();
            yield "SIGTERM";
          }
          // An end of stdin within CLOSED_WITH_DEFINITION of the definition is splunkd's own close
          // and ignored by design; a restarted input may have polled sooner than that.
          Thread.sleep(StopSignal.CLOSED_WITH_DEFINITION.toMillis() + 500);
          input.closeStdin();
          yield "stdin closed";
        }
        default -> "kept polling";
      };
      hits.merge(how, 1, Integer::sum);
      if (!input.process().isAlive()) {
        input.process().waitFor();
        // stdin closed with the definition as splunkd does, or kept open as a supervisor may
        // (always before a stage that stops the input by closing it)
        input = start(longRunning(logs, ckpt, "100ms"), (s + 1) % 6 != 4 && r.nextBoolean());
        runs.add(input);
      }
    }
    // the last input catches up: every event of the straight run arrives, then SIGTERM
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (!collected(runs).containsAll(cleanSet)) {
      assertTrue(input.process().isAlive(), input.log());
      assertTrue(System.nanoTime() < end, "the input did not catch up: " + input.log());
      Thread.sleep(1000);
    }
    input.terminate();

    List<String> killed = new ArrayList<>();
    for (Input run : runs) {
      killed.addAll(ModinputKillIT.sessions(run.stream()));
    }
    System.out.printf("long-running harness: %d events, %d stages, %d session events, %d"
        + " processes; stops: %s%n", EVENTS, stages.size(), clean.size(), runs.size(), hits);
    assertTrue(clean.size() > EVENTS / 4, "a fleet's worth of session events: " + clean.size());
    for (String e : killed) {
      assertTrue(cleanSet.contains(e), "an event the straight run never wrote: " + e);
    }
    assertEquals(cleanSet, new TreeSet<>(killed), "nothing lost");
    Map<String, String> a = ModinputKillIT.latest(clean);
    Map<String, String> b = ModinputKillIT.latest(killed);
    assertEquals(a.size(), b.size());
    for (Map.Entry<String, String> e : a.entrySet()) {
      assertEquals(e.getValue(), b.get(e.getKey()), "latest state of " + e.getKey());
    }
    assertTrue(hits.getOrDefault("killed", 0) >= 2, hits.toString());
    // the checkpoint SIGTERM saved is current: a run on it finds nothing new
    assertTrue(ModinputKillIT.sessions(intervalRun(logs, ckpt)).isEmpty());
  }

  private static Set<String> collected(List<Input> runs) throws IOException {
    Set<String> out = new TreeSet<>();
    for (Input run : runs) {
      out.addAll(ModinputKillIT.sessions(run.stream()));
    }
    return out;
  }

  private static String killAfter(Input in, long millis) throws InterruptedException {
    if (in.process().waitFor(millis, TimeUnit.MILLISECONDS)) {
      return "ended by itself";
    }
    in.process().destroyForcibly().waitFor();
    return "killed";
  }

  private static String killAtStreamBytes(Input in, long bytes) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (in.process().isAlive() && System.nanoTime() < end) {
      if (Files.size(in.out()) >= bytes) {
        in.process().destroyForcibly().waitFor();
        return "killed";
      }
      Thread.sleep(0, 200_000);
    }
    return "kept polling"; // the stage wrote less than that
  }

  private static String killWhileCheckpointing(Input in, Path ckpt) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (in.process().isAlive() && System.nanoTime() < end) {
      if (Files.isDirectory(ckpt)) {
        try (Stream<Path> files = Files.list(ckpt)) {
          if (files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp"))) {
            in.process().destroyForcibly().waitFor();
            return "killed";
          }
        } catch (IOException raced) {
          // the file went while listed: look again
        }
      }
    }
    return "kept polling";
  }

  /** Lines of host {@code host} with record ids {@code from} to {@code to}, logon then logoff. */
  private static String lines(String host, int from, int to) {
    StringBuilder sb = new StringBuilder();
    long base = java.time.Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    for (int id = from; id <= to; id++) {
      String t = java.time.Instant.ofEpochMilli(base + id * 60_000L).toString();
      long luid = 0x5000 + id / 2;
      sb.append(id % 2 == 1
          ? Samples.modern(4624, id, t, host, "TargetUserName", "u" + id, "TargetDomainName",
              "CONTOSO", "TargetLogonId", "0x" + Long.toHexString(luid), "LogonType", "10")
          : Samples.modern(4634, id, t, host, "TargetLogonId", "0x" + Long.toHexString(luid),
              "LogonType", "10")).append('\n');
    }
    return sb.toString();
  }

  /** One change to a log directory, done the same way to both. */
  private interface Step {
    void apply(Path logs) throws IOException;
  }

  private static void append(Path f, String text) throws IOException {
    Files.writeString(f, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static void replace(Path f, String text) throws IOException {
    Path tmp = f.resolveSibling(".new-" + f.getFileName());
    Files.writeString(tmp, text);
    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void filesAppendedRotatedTruncatedAndHostile_betweenPolls_giveIntervalModesEvents()
      throws Exception {
    Map<String, Step> steps = new LinkedHashMap<>();
    steps.put("new file", l -> replace(l.resolve("dc01.xml"), lines("DC01", 1, 40)));
    steps.put("appended", l -> append(l.resolve("dc01.xml"), lines("DC01", 41, 80)));
    steps.put("second file", l -> replace(l.resolve("dc02.xml"), lines("DC02", 1, 30)));
    steps.put("rotated: renamed, a new file under the name", l -> {
      Files.move(l.resolve("dc01.xml"), l.resolve("dc01.xml.1"));
      replace(l.resolve("dc01.xml"), lines("DC01", 81, 120));
    });
    steps.put("truncated and rewritten (copytruncate)", l -> {
      Files.write(l.resolve("dc02.xml"), new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
      append(l.resolve("dc02.xml"), lines("DC02", 31, 60));
    });
    steps.put("rotated file appended", l -> append(l.resolve("dc01.xml.1"), lines("DC01",
        121, 140)));
    steps.put("hostile bytes", l -> Files.write(l.resolve("hostile.xml"), hostile()));
    steps.put("read already: nothing new", l -> Files.copy(l.resolve("dc02.xml"),
        l.resolve("dc02-copy.xml")));
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    Input input = start(longRunning(b, dir.resolve("b-ckpt"), "700ms"), false);
    input.awaitPolls(1);
    int seen = 0;
    for (Map.Entry<String, Step> step : steps.entrySet()) {
      step.getValue().apply(a);
      List<String> expected = events(intervalRun(a, dir.resolve("a-ckpt")).replace(
          a.toString(), "LOGS"));
      long polls = input.polls() + 1;
      input.awaitPolls(polls); // the change is made just after a poll, well before the next
      step.getValue().apply(b);
      input.awaitPolls(polls + 2);
      List<String> all = events(input.stream().replace(b.toString(), "LOGS"));
      assertEquals(expected, all.subList(seen, all.size()), step.getKey());
      seen = all.size();
      if (step.getKey().startsWith("hostile")) {
        assertFalse(expected.isEmpty(), "hostile bytes make rejected records");
      }
    }
    input.closeStdin();
    String stream = input.stream();
    DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
    assertTrue(stream.contains("\"mode\":\"long_running\""), "health events say the mode");
  }

  /** Records with control characters, broken UTF-8, a CDATA end and markup in values. */
  private static byte[] hostile() {
    String t = "2026-03-02T00:00:00Z";
    String ok = Samples.modern(4624, 1, t, "EVIL]]><x/>", "TargetUserName", "a\u0001b</data>",
        "TargetLogonId", "0x99", "LogonType", "3");
    byte[] head = ("<Event><System><EventID>4624</Event>\n" + ok + "\n\u0000\u0007<Event>")
        .getBytes(StandardCharsets.UTF_8);
    byte[] broken = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n'};
    byte[] out = new byte[head.length + broken.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(broken, 0, out, head.length, broken.length);
    return out;
  }

  @Test
  void stdinClosedWithTheDefinition_asSplunkdDoes_doesNotStopIt() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Input input = start(longRunning(logs, dir.resolve("ckpt"), "200ms"), true);
    input.awaitPolls(1);
    Thread.sleep(StopSignal.CLOSED_WITH_DEFINITION.toMillis() + 500);
    assertTrue(input.process().isAlive(), input.log());
    replace(logs.resolve("dc01.xml"), lines("DC01", 1, 10));
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (ModinputKillIT.sessions(input.stream()).size() < 10) {
      assertTrue(System.nanoTime() < end, input.log());
      Thread.sleep(50);
    }
    input.terminate();
  }
}
