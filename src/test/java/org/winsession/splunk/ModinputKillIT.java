package org.winsession.splunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.winsession.testing.Samples;

/**
 * Nothing lost under SIGKILL: the modular input, started as splunkd starts it, runs over a fleet's
 * logs that arrive in stages (new files each stage, one file that keeps growing); in every stage
 * one run is killed with SIGKILL at a random point (a random time, a random place in the stream,
 * or while the checkpoint's temporary file exists) and the input is run again to completion. The
 * latest state of every session must equal an uninterrupted run's, and every event written is one
 * the uninterrupted run wrote too (a repeat is only an identical event).
 *
 * <p>Size: {@code -Dwinsession.kill.events} (default 100,000) and {@code -Dwinsession.kill.count}
 * (default 10 kills); the full size is 1,000,000 events and 50 kills.
 */
class ModinputKillIT {
  private static final int EVENTS = Integer.getInteger("winsession.kill.events", 100_000);
  private static final int KILLS = Integer.getInteger("winsession.kill.count", 10);
  private static final int HOSTS = 40;
  private static final Pattern SESSION = Pattern.compile(
      "<sourcetype>winsession:session</sourcetype><host>[^<]*</host><data>(.*?)</data>");
  private static final Pattern SESSION_ID = Pattern.compile("\"session_id\":\"([^\"]+)\"");

  @TempDir
  Path dir;

  /** The fleet's events, one XML line each, cut into stages of files. */
  private static List<List<String>> stages(Random r) {
    return stages(r, EVENTS, KILLS);
  }

  /** {@code events} events of the fleet, one XML line each, cut into {@code count} stages. */
  static List<List<String>> stages(Random r, int events, int count) {
    List<String> lines = new ArrayList<>(events);
    long[] rid = new long[HOSTS];
    long[] time = new long[HOSTS];
    List<List<Long>> open = new ArrayList<>();
    for (int h = 0; h < HOSTS; h++) {
      open.add(new ArrayList<>());
      time[h] = java.time.Instant.parse("2026-03-01T00:00:00Z").toEpochMilli() + h * 1000L;
    }
    long luid = 0x100000;
    List<String> ordered = new ArrayList<>(events);
    for (int i = 0; i < events; i++) {
      int h = r.nextInt(HOSTS);
      time[h] += 1000L * (1 + r.nextInt(60));
      String host = String.format("HOST%02d.contoso.local", h);
      String t = java.time.Instant.ofEpochMilli(time[h]).toString();
      List<Long> o = open.get(h);
      String line;
      if (o.isEmpty() || (o.size() < 60 && r.nextInt(100) < 52)) {
        long id = luid++;
        o.add(id);
        line = Samples.modern(4624, ++rid[h], t, host, "TargetUserName", "user" + r.nextInt(50),
            "TargetDomainName", "CONTOSO", "TargetLogonId", "0x" + Long.toHexString(id),
            "LogonType", String.valueOf(new int[] {2, 3, 10}[r.nextInt(3)]),
            "IpAddress", "10.0." + h + "." + r.nextInt(255));
      } else {
        long id = o.remove(r.nextInt(o.size()));
        if (r.nextInt(100) < 3) {
          continue; // a logoff never written: the session leaks
        }
        line = Samples.modern(4634, ++rid[h], t, host, "TargetLogonId", "0x"
            + Long.toHexString(id), "LogonType", "3");
      }
      ordered.add(h + "\t" + line);
    }
    lines.addAll(ordered);
    List<List<String>> out = new ArrayList<>();
    int per = (lines.size() + count - 1) / count;
    for (int s = 0; s < count; s++) {
      out.add(lines.subList(Math.min(lines.size(), s * per), Math.min(lines.size(),
          (s + 1) * per)));
    }
    return out;
  }

  /** Writes stage {@code s}: hosts 0-4 to one growing file, the others to 4 new files. */
  static void writeStage(Path logs, int s, List<String> lines) throws IOException {
    Map<String, StringBuilder> files = new TreeMap<>();
    for (String l : lines) {
      int tab = l.indexOf('\t');
      int h = Integer.parseInt(l.substring(0, tab));
      String name = h < 5 ? "growing.xml" : String.format("stage-%03d-%d.xml", s, h % 4);
      files.computeIfAbsent(name, k -> new StringBuilder()).append(l, tab + 1, l.length())
          .append('\n');
    }
    for (Map.Entry<String, StringBuilder> f : files.entrySet()) {
      Files.writeString(logs.resolve(f.getKey()), f.getValue(), StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  private String definition(Path logs, Path ckpt) {
    return "<input><server_host>tiny</server_host><server_uri>https://127.0.0.1:8089</server_uri>"
        + "<session_key>k</session_key><checkpoint_dir>" + ckpt + "</checkpoint_dir>"
        + "<configuration><stanza name=\"winsession://fleet\"><param name=\"interval\">300</param>"
        + "<param name=\"mode\">files</param>"
        + "<param name=\"path\">" + logs + "</param><param name=\"leak_after\">2h</param>"
        + "</stanza></configuration></input>";
  }

  private Process start(Path logs, Path ckpt, Path out) throws IOException {
    Path jar = Path.of(System.getProperty("winsession.jar", "target/winsession-0.1.0.jar"));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "modinput")
        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(definition(logs, ckpt).getBytes(StandardCharsets.UTF_8));
    }
    return p;
  }

  private List<String> runToEnd(Path logs, Path ckpt) throws Exception {
    Path out = Files.createTempFile(dir, "run", ".xml");
    Process p = start(logs, ckpt, out);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS));
    String stream = Files.readString(out);
    assertEquals(0, p.exitValue(), stream.length() > 500 ? stream.substring(0, 500) : stream);
    assertTrue(stream.strip().endsWith("</stream>"));
    Files.delete(out);
    return sessions(stream);
  }

  /** Complete session events of a stream, cut anywhere, in order. */
  static List<String> sessions(String stream) {
    List<String> out = new ArrayList<>();
    Matcher m = SESSION.matcher(stream);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static Map<String, String> latest(List<String> events) {
    Map<String, String> out = new HashMap<>();
    for (String e : events) {
      Matcher m = SESSION_ID.matcher(e);
      assertTrue(m.find(), e);
      out.put(m.group(1), e);
    }
    return out;
  }

  @Test
  void killedAnywhere_theLatestStateOfEverySessionIsTheUninterruptedRunsState()
      throws Exception {
    Random r = new Random(Long.getLong("winsession.kill.seed", 20261129L));
    List<List<String>> stages = stages(r);
    Path cleanLogs = Files.createDirectories(dir.resolve("clean-logs"));
    Path killedLogs = Files.createDirectories(dir.resolve("killed-logs"));
    Path cleanCkpt = dir.resolve("clean-ckpt");
    Path killedCkpt = dir.resolve("killed-ckpt");
    List<String> clean = new ArrayList<>();
    List<String> killed = new ArrayList<>();
    Map<String, Integer> hits = new LinkedHashMap<>();
    for (int s = 0; s < stages.size(); s++) {
      writeStage(cleanLogs, s, stages.get(s));
      writeStage(killedLogs, s, stages.get(s));
      long t0 = System.nanoTime();
      Path cleanOut = dir.resolve("clean.xml");
      Process c = start(cleanLogs, cleanCkpt, cleanOut);
      assertTrue(c.waitFor(300, TimeUnit.SECONDS));
      assertEquals(0, c.exitValue());
      long cleanMillis = (System.nanoTime() - t0) / 1_000_000;
      String cleanStream = Files.readString(cleanOut);
      clean.addAll(sessions(cleanStream));

      Path out = dir.resolve("killed.xml");
      byte[] before = checkpoint(killedCkpt);
      Process p = start(killedLogs, killedCkpt, out);
      String mode = switch (s % 4) {
        case 0 -> killAfter(p, 1 + r.nextInt((int) Math.max(2, cleanMillis)));
        case 1 -> killAtStreamBytes(p, out, 1 + r.nextInt(Math.max(2, cleanStream.length())));
        case 2 -> killAfterTheStreamFlush(p, out);
        default -> killWhileCheckpointing(p, killedCkpt);
      };
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      String partial = Files.readString(out);
      boolean replaced = !java.util.Arrays.equals(before, checkpoint(killedCkpt));
      String phase = !mode.equals("killed") ? "finished before the kill"
          : partial.isEmpty() ? "before the stream"
          : !partial.contains("winsession:health") ? "inside the stream"
          : !partial.strip().endsWith("</stream>")
              ? "flushed, at the checkpoint (" + (replaced ? "new" : "old") + " one on disk)"
          : "after the stream";
      hits.merge(phase, 1, Integer::sum);
      killed.addAll(sessions(partial));
      killed.addAll(runToEnd(killedLogs, killedCkpt));
    }
    System.out.printf("kill harness: %d events, %d stages, %d session events; kills by phase:"
        + " %s%n", EVENTS, stages.size(), clean.size(), hits);
    assertTrue(clean.size() > EVENTS / 4, "a fleet's worth of session events: " + clean.size());
    Set<String> cleanSet = new TreeSet<>(clean);
    for (String e : killed) {
      assertTrue(cleanSet.contains(e), "an event the uninterrupted run never wrote: " + e);
    }
    assertEquals(cleanSet, new TreeSet<>(killed), "nothing lost");
    Map<String, String> a = latest(clean);
    Map<String, String> b = latest(killed);
    assertEquals(a.size(), b.size());
    for (Map.Entry<String, String> e : a.entrySet()) {
      assertEquals(e.getValue(), b.get(e.getKey()), "latest state of " + e.getKey());
    }
    assertTrue(hits.getOrDefault("inside the stream", 0) > 0, hits.toString());
  }

  private static byte[] checkpoint(Path ckpt) throws IOException {
    Path f = ckpt.resolve(org.winsession.state.CheckpointStore.fileName("winsession://fleet"));
    return Files.exists(f) ? Files.readAllBytes(f) : new byte[0];
  }

  /** Kills once the health event, written and flushed just before the checkpoint, is out. */
  private static String killAfterTheStreamFlush(Process p, Path out) throws Exception {
    byte[] tail = new byte[4096];
    while (p.isAlive()) {
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(out)) {
        long size = ch.size();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(tail);
        ch.read(b, Math.max(0, size - tail.length));
        if (new String(tail, 0, b.position(), StandardCharsets.ISO_8859_1)
            .contains("winsession:health")) {
          p.destroyForcibly();
          return "killed";
        }
      }
      Thread.sleep(0, 100_000);
    }
    return "finished";
  }

  private static String killAfter(Process p, long millis) throws InterruptedException {
    if (p.waitFor(millis, TimeUnit.MILLISECONDS)) {
      return "finished";
    }
    p.destroyForcibly();
    return "killed";
  }

  private static String killAtStreamBytes(Process p, Path out, long bytes) throws Exception {
    while (p.isAlive()) {
      if (Files.size(out) >= bytes) {
        p.destroyForcibly();
        return "killed";
      }
      Thread.sleep(0, 200_000);
    }
    return "finished";
  }

  private static String killWhileCheckpointing(Process p, Path ckpt) throws Exception {
    while (p.isAlive()) {
      if (Files.isDirectory(ckpt)) {
        try (Stream<Path> files = Files.list(ckpt)) {
          if (files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp"))) {
            p.destroyForcibly();
            return "killed";
          }
        } catch (IOException raced) {
          // the file went while listed: look again
        }
      }
    }
    return "finished";
  }
}
