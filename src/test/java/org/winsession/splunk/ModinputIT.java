package org.winsession.splunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.winsession.testing.Samples;

/**
 * The modular input as splunkd runs it: the shaded jar started as a process, input XML on stdin,
 * the XML stream on stdout, exit code and stderr lines checked.
 */
class ModinputIT {
  private static final String KEY = "0123SESSIONKEYabcd";

  @TempDir
  Path dir;

  record Result(int code, String out, String err) {}

  private Result run(String stdin, String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("winsession.jar", "target/winsession-0.1.0.jar"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-jar", jar.toString(), "modinput"));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private String definition(String path, String extra) {
    return definition(path, extra, "ckpt");
  }

  private String definition(String path, String extra, String checkpoints) {
    return "<input><server_host>tiny</server_host><server_uri>https://127.0.0.1:8089</server_uri>"
        + "<session_key>" + KEY + "</session_key><checkpoint_dir>" + dir.resolve(checkpoints)
        + "</checkpoint_dir><configuration><stanza name=\"winsession://dc01\">"
        + "<param name=\"mode\">files</param><param name=\"path\">" + path + "</param>"
        + "<param name=\"index\">main</param><param name=\"interval\">300</param>" + extra + "</stanza></configuration></input>";
  }

  private static List<JsonObject> events(String stream, String sourcetype) throws Exception {
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
    NodeList nodes = d.getElementsByTagName("event");
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      assertEquals("winsession://dc01", e.getAttribute("stanza"));
      if (e.getElementsByTagName("sourcetype").item(0).getTextContent().equals(sourcetype)) {
        out.add(JsonParser.parseString(e.getElementsByTagName("data").item(0).getTextContent())
            .getAsJsonObject());
      }
    }
    return out;
  }

  private static String logon(long rid, String time, String luid) {
    return Samples.modern(4624, rid, time, "DC01.contoso.local", "TargetUserName", "bob",
        "TargetLogonId", luid, "LogonType", "10") + "\n";
  }

  private static String logoff(long rid, String time, String luid) {
    return Samples.modern(4634, rid, time, "DC01.contoso.local", "TargetLogonId", luid,
        "LogonType", "10") + "\n";
  }

  @Test
  void scheme_listsEverySetting() throws Exception {
    Result r = run("", "--scheme");
    assertEquals(0, r.code(), r.err());
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
    NodeList args = d.getElementsByTagName("arg");
    assertEquals(Setting.values().length, args.getLength());
    assertEquals("true", d.getElementsByTagName("use_external_validation").item(0)
        .getTextContent());
    assertEquals("xml", d.getElementsByTagName("streaming_mode").item(0).getTextContent());
  }

  @Test
  void validation_acceptsGoodAndExplainsBadValues() throws Exception {
    String items = "<items><server_host>tiny</server_host><server_uri>https://127.0.0.1:8089"
        + "</server_uri><session_key>" + KEY + "</session_key><checkpoint_dir>/tmp</checkpoint_dir>"
        + "<item name=\"dc01\"><param name=\"mode\">files</param><param name=\"path\">/x</param>"
        + "<param name=\"partition\">%s</param></item></items>";
    Result good = run(String.format(items, "1/2"), "--validate-arguments");
    assertEquals(0, good.code(), good.err());
    assertEquals("", good.out().strip());
    Result bad = run(String.format(items, "2/2"), "--validate-arguments");
    assertEquals(1, bad.code());
    assertTrue(bad.out().contains("<message>setting 'partition' = '2/2': expected k/n"),
        bad.out());
  }

  @Test
  void openSessionsSurviveARestart_andFilesAreReadOnce() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.writeString(logs.resolve("a.xml"), logon(1, "2026-03-02T08:00:00Z", "0x1f2e3a"));
    Result first = run(definition(logs.toString(), ""));
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().strip().endsWith("</stream>"), first.out());
    List<JsonObject> opened = events(first.out(), WinsessionModularInput.SESSION);
    assertEquals(1, opened.size());
    assertEquals("open", opened.get(0).get("status").getAsString());
    assertTrue(first.err().startsWith("INFO "), first.err());

    // the file is renamed (rotated) and a new one holds the logoff: one run later, one session
    Files.move(logs.resolve("a.xml"), logs.resolve("a.xml.1"));
    Files.writeString(logs.resolve("b.xml"), logoff(2, "2026-03-02T17:00:00Z", "0x1f2e3a"));
    Result second = run(definition(logs.toString(), ""));
    assertEquals(0, second.code(), second.err());
    List<JsonObject> closed = events(second.out(), WinsessionModularInput.SESSION);
    assertEquals(1, closed.size(), second.out());
    assertEquals("closed", closed.get(0).get("status").getAsString());
    assertEquals(opened.get(0).get("session_id"), closed.get(0).get("session_id"));
    JsonObject health = events(second.out(), WinsessionModularInput.HEALTH).get(0);
    assertEquals(1, health.get("files_read").getAsInt(), "the renamed file is not read again");

    // the log grows: only its new records count
    Files.writeString(logs.resolve("b.xml"), logon(3, "2026-03-02T18:00:00Z", "0x20a501"),
        java.nio.file.StandardOpenOption.APPEND);
    Result third = run(definition(logs.toString(), ""));
    List<JsonObject> grown = events(third.out(), WinsessionModularInput.SESSION);
    assertEquals(1, grown.size(), third.out());
    assertEquals("0x20a501", grown.get(0).get("logon_id").getAsString());

    for (Result r : List.of(first, second, third)) {
      assertFalse(r.out().contains(KEY) || r.err().contains(KEY), "the session key is secret");
    }
    try (var files = Files.list(dir.resolve("ckpt"))) {
      for (Path f : files.toList()) {
        assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(KEY));
      }
    }
  }

  private static String event(int code, long rid, String time, String host, String luid) {
    return Samples.modern(code, rid, time, host, "TargetUserName", "u" + rid, "TargetLogonId",
        luid, "LogonType", "3") + "\n";
  }

  /**
   * SESSIONS.md §4.1 across a restart: FS07 (20 sessions, never a logoff) is decided in the first
   * run and its sessions become unaudited in the second; DC01 wrote one logoff in the first run
   * and stays audited, so its 20 sessions of the second run leak by rule 2.
   */
  @Test
  void auditStateSurvivesARestart() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("audit"));
    StringBuilder first = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      first.append(event(4624, i + 1, String.format("2026-03-02T08:%02d:00Z", i),
          "FS07.contoso.local", "0x" + Integer.toHexString(0x5000 + i)));
    }
    first.append(event(4624, 1, "2026-03-02T07:00:00Z", "DC01", "0x77"))
        .append(event(4634, 2, "2026-03-02T07:05:00Z", "DC01", "0x77"));
    Files.writeString(logs.resolve("a.xml"), first);
    Result one = run(definition(logs.toString(), ""));
    assertEquals(0, one.code(), one.err());
    JsonObject health = events(one.out(), WinsessionModularInput.HEALTH).get(0);
    assertEquals("[{\"host\":\"fs07\",\"sessions\":20}]",
        health.get("unaudited_hosts").toString());
    assertEquals(1, health.get("unaudited_host_count").getAsInt());

    StringBuilder second = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      second.append(event(4624, i + 3, String.format("2026-03-02T09:%02d:00Z", i), "DC01",
          "0x" + Integer.toHexString(0x6000 + i)));
    }
    second.append(event(4688, 23, "2026-03-03T10:00:00Z", "DC01", "0x0"))
        .append(event(4688, 21, "2026-03-03T10:00:00Z", "FS07.contoso.local", "0x0"));
    Files.writeString(logs.resolve("b.xml"), second);
    Result two = run(definition(logs.toString(), ""));
    assertEquals(0, two.code(), two.err());
    java.util.Map<String, Integer> byHostStatus = new java.util.TreeMap<>();
    for (JsonObject e : events(two.out(), WinsessionModularInput.SESSION)) {
      byHostStatus.merge(e.get("host").getAsString() + " " + e.get("status").getAsString(), 1,
          Integer::sum);
    }
    assertEquals(java.util.Map.of("dc01 open", 20, "dc01 leaked", 20, "fs07 unaudited", 20),
        byHostStatus);
    assertEquals("[{\"host\":\"fs07\",\"sessions\":20}]",
        events(two.out(), WinsessionModularInput.HEALTH).get(0).get("unaudited_hosts")
            .toString());
  }

  @Test
  void damagedCheckpoint_isReportedMovedAsideAndTheRunStartsAfresh() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.writeString(logs.resolve("a.xml"), logon(1, "2026-03-02T08:00:00Z", "0x1f2e3a"));
    assertEquals(0, run(definition(logs.toString(), "")).code());
    Path ckpt;
    try (var files = Files.list(dir.resolve("ckpt"))) {
      ckpt = files.findFirst().orElseThrow();
    }
    byte[] b = Files.readAllBytes(ckpt);
    b[b.length - 3] ^= 0x55;
    Files.write(ckpt, b);
    Result r = run(definition(logs.toString(), ""));
    assertEquals(0, r.code());
    assertTrue(r.err().contains("ERROR winsession://dc01: checkpoint")
        && r.err().contains("moved aside") && r.err().contains("starts over"), r.err());
    assertTrue(Files.exists(ckpt.resolveSibling(ckpt.getFileName() + ".corrupt")));
  }

  private Path realLogs() throws IOException {
    Path logs = Files.createDirectories(dir.resolve("real"));
    Path data = org.winsession.testing.SharedData.dir();
    Files.copy(data.resolve("OTRF-Security-Datasets/datasets/atomic/windows/lateral_movement/host/"
        + "covenant_psremoting_grunt.zip"), logs.resolve("mordor.zip"));
    Files.copy(data.resolve("python-evtx/tests/data/security.evtx"), logs.resolve("sec.evtx"));
    return logs;
  }

  private static java.util.Set<String> keys(List<JsonObject> events) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    events.forEach(e -> out.add(e.get("session_id").getAsString() + " "
        + e.get("status").getAsString()));
    return out;
  }

  @Test
  void partitionsSplitTheFleet_disjointAndTogetherWhole() throws Exception {
    Path logs = realLogs();
    List<JsonObject> whole = events(run(definition(logs.toString(), "", "c0")).out(),
        WinsessionModularInput.SESSION);
    List<JsonObject> a = events(run(definition(logs.toString(),
        "<param name=\"partition\">0/2</param>", "c1")).out(), WinsessionModularInput.SESSION);
    List<JsonObject> b = events(run(definition(logs.toString(),
        "<param name=\"partition\">1/2</param>", "c2")).out(), WinsessionModularInput.SESSION);
    java.util.Set<String> both = new java.util.TreeSet<>(keys(a));
    both.retainAll(keys(b));
    assertEquals(java.util.Set.of(), both, "no session in two partitions");
    java.util.Set<String> union = new java.util.TreeSet<>(keys(a));
    union.addAll(keys(b));
    assertEquals(keys(whole), union);
    assertTrue(!a.isEmpty() && !b.isEmpty() && whole.size() > 100, whole.size() + "");
  }

  /** The complete events of a stream cut anywhere (a killed run). */
  private static List<String> completeData(String stream) {
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "<sourcetype>winsession:session</sourcetype>.*?<data>(.*?)</data>", java.util.regex.Pattern.DOTALL)
        .matcher(stream);
    while (m.find()) {
      out.add(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
    }
    return out;
  }

  @Test
  void killedRunsLoseNoSession_andRepeatOnlyIdenticalEvents() throws Exception {
    Path logs = realLogs();
    java.util.Set<String> clean = new java.util.TreeSet<>(completeData(
        run(definition(logs.toString(), "", "clean")).out()));
    for (int delay : new int[] {150, 500, 1200}) {
      String ckpt = "killed" + delay;
      Path jar = Path.of(System.getProperty("winsession.jar", "target/winsession-0.1.0.jar"));
      Path out = dir.resolve("killed.txt");
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-jar", jar.toString(), "modinput").redirectOutput(out.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(definition(logs.toString(), "", ckpt).getBytes(StandardCharsets.UTF_8));
      }
      Thread.sleep(delay);
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      p.waitFor(30, TimeUnit.SECONDS);
      List<String> seen = new ArrayList<>(completeData(Files.readString(out)));
      Result resumed = run(definition(logs.toString(), "", ckpt));
      assertEquals(0, resumed.code(), resumed.err());
      seen.addAll(completeData(resumed.out()));
      assertEquals(clean, new java.util.TreeSet<>(seen), "killed after " + delay + " ms");
    }
  }

  @Test
  void badSettingInRun_isAnErrorLineNotACrash() throws Exception {
    Result r = run(definition(dir.toString(), "<param name=\"leak_after\">soon</param>"));
    assertEquals(1, r.code(), "the input could not do its job");
    assertTrue(r.err().startsWith("ERROR winsession://dc01: setting 'leak_after'"), r.err());
  }
}
