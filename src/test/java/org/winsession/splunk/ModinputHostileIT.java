package org.winsession.splunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.winsession.state.CheckpointStore;

/**
 * The hostile runs of an attacker or an unlucky admin, each as splunkd (or a shell) starts the
 * jar: the stream stays well-formed XML, JSON stays strict JSON in valid UTF-8, checkpoints can
 * be neither made to kill the input nor turned against other files, and every failure is one
 * line that says what, where and why.
 */
class ModinputHostileIT {
  @TempDir
  Path dir;

  record Result(int code, String out, String err) {}

  static Result exec(Path dir, String stdin, String... args) throws Exception {
    Path jar = Path.of(System.getProperty("winsession.jar", "target/winsession-0.1.0.jar"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-Xmx256m", "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new Result(p.exitValue(), strictUtf8(Files.readAllBytes(out)),
        strictUtf8(Files.readAllBytes(err)));
  }

  /** Bytes that must be valid UTF-8. */
  static String strictUtf8(byte[] b) throws IOException {
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
  }

  static String definition(Path checkpoints, String stanza, String params) {
    return "<input><server_host>tiny</server_host><server_uri>https://127.0.0.1:8089</server_uri>"
        + "<session_key>0123SESSIONKEY</session_key><checkpoint_dir>" + checkpoints
        + "</checkpoint_dir><configuration><stanza name=\"" + stanza + "\">"
        + "<param name=\"interval\">300</param>" + params
        + "</stanza></configuration></input>";
  }

  static String param(String name, String value) {
    return "<param name=\"" + name + "\">" + value.replace("&", "&amp;").replace("<", "&lt;")
        + "</param>";
  }

  /** One parsed event of the stream. */
  record Ev(String stanza, Map<String, String> fields) {}

  /** The stream parsed by the JDK's StAX parser: fails the test unless it is well-formed. */
  static List<Ev> parse(String stream) throws Exception {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    XMLStreamReader x = f.createXMLStreamReader(new ByteArrayInputStream(
        stream.getBytes(StandardCharsets.UTF_8)));
    List<Ev> out = new ArrayList<>();
    x.nextTag();
    assertEquals("stream", x.getLocalName());
    while (x.nextTag() == XMLStreamConstants.START_ELEMENT) {
      String stanza = x.getAttributeValue(null, "stanza");
      Map<String, String> fields = new TreeMap<>();
      while (x.nextTag() == XMLStreamConstants.START_ELEMENT) {
        String name = x.getLocalName();
        fields.put(name, name.equals("done") ? "" : x.getElementText());
        if (name.equals("done")) {
          x.nextTag();
        }
      }
      out.add(new Ev(stanza, fields));
    }
    assertEquals("stream", x.getLocalName());
    return out;
  }

  static List<JsonObject> data(List<Ev> events, String sourcetype) {
    List<JsonObject> out = new ArrayList<>();
    for (Ev e : events) {
      if (sourcetype.equals(e.fields().get("sourcetype"))) {
        out.add(strictJson(e.fields().get("data")));
      }
    }
    return out;
  }

  static JsonObject strictJson(String s) {
    JsonReader r = new JsonReader(new StringReader(s));
    r.setStrictness(Strictness.STRICT);
    return JsonParser.parseReader(r).getAsJsonObject();
  }

  /** Every stderr line starts with a level word and carries a message, no stack frames. */
  static void assertLogLines(String err) {
    for (String line : err.lines().toList()) {
      assertTrue(line.matches("(DEBUG|INFO|WARN|ERROR|FATAL) \\S.*"), "log line: " + line);
      assertFalse(line.contains("\tat ") || line.matches(".*Exception\\s*$"), line);
    }
  }

  private static String nxlog(String host, long rid, String time, String luid) {
    JsonObject o = new JsonObject();
    o.addProperty("EventID", 4624);
    o.addProperty("Hostname", host);
    o.addProperty("EventTime", time);
    o.addProperty("RecordNumber", rid);
    o.addProperty("Channel", "Security");
    o.addProperty("TargetUserName", host);
    o.addProperty("TargetDomainName", "CONTOSO");
    o.addProperty("TargetLogonId", luid);
    o.addProperty("LogonType", "10");
    return o.toString();
  }

  private Path jsonLog(String name, String... hosts) throws IOException {
    Path logs = Files.createDirectories(dir.resolve("logs-" + name));
    StringBuilder sb = new StringBuilder();
    int i = 1;
    for (String h : hosts) {
      sb.append(nxlog(h, i, "2026-03-02T08:00:0" + i + "Z", "0x1f2e3" + i)).append('\n');
      i++;
    }
    Files.writeString(logs.resolve("a.json"), sb.toString());
    return logs;
  }

  @Test
  void controlCharactersInAHost_streamStaysWellFormed_andReplacementsAreCounted()
      throws Exception {
    String host = "dc\u0001x\u0000y\uFFFEz";
    Path logs = jsonLog("ctl", host);
    Result r = exec(dir, definition(dir.resolve("c"), "winsession://ctl",
        param("mode", "files") + param("path", logs.toString())
            + param("host_normalization", "as_is")), "modinput");
    assertEquals(0, r.code(), r.err());
    assertLogLines(r.err());
    List<Ev> events = parse(r.out());
    Ev session = events.stream().filter(e -> e.fields().get("sourcetype")
        .equals("winsession:session")).findFirst().orElseThrow();
    assertEquals("dc\uFFFDx\uFFFDy\uFFFDz", session.fields().get("host"));
    assertEquals(host, strictJson(session.fields().get("data")).get("host").getAsString(),
        "JSON escapes what XML cannot carry, so the data keeps it exactly");
    JsonObject health = data(events, "winsession:health").get(0);
    assertEquals(3, health.get("replaced_characters").getAsInt());
  }

  @Test
  void markupInAHost_isEscaped_withoutASpuriousError() throws Exception {
    String host = "<>&\"']]></stream>";
    Path logs = jsonLog("markup", host);
    Result r = exec(dir, definition(dir.resolve("c"), "winsession://markup",
        param("mode", "files") + param("path", logs.toString())
            + param("host_normalization", "as_is")), "modinput");
    assertEquals(0, r.code(), r.err());
    assertFalse(r.err().contains("ERROR") || r.err().contains("XMLStreamException"), r.err());
    List<Ev> events = parse(r.out());
    List<String> hosts = events.stream().map(e -> e.fields().get("host"))
        .filter(java.util.Objects::nonNull).toList();
    assertEquals(List.of(host), hosts);
    assertTrue(r.out().strip().endsWith("</stream>"));
  }

  @Test
  void aOneGibSparseCheckpoint_isMovedAside_reportedAsError_andTheInputStartsOver()
      throws Exception {
    Path logs = jsonLog("big", "dc01");
    String def = definition(dir.resolve("c"), "winsession://big",
        param("mode", "files") + param("path", logs.toString()));
    Result fresh = exec(dir, def, "modinput");
    assertEquals(0, fresh.code(), fresh.err());
    Path ckpt = dir.resolve("c").resolve(CheckpointStore.fileName("winsession://big"));
    Files.delete(ckpt);
    try (FileChannel ch = FileChannel.open(ckpt, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
      ch.write(ByteBuffer.wrap(new byte[] {7}), (1L << 30) - 1);
    }
    Result r = exec(dir, def, "modinput");
    assertEquals(0, r.code(), "the run did its job, from the start: " + r.err());
    assertLogLines(r.err());
    assertTrue(r.err().contains("ERROR winsession://big: checkpoint ")
        && r.err().contains("1073741824 bytes: over the limit") && r.err().contains("moved aside")
        && r.err().contains("starts over from the first file"), r.err());
    assertEquals(1L << 30, Files.size(ckpt.resolveSibling(ckpt.getFileName() + ".corrupt")));
    assertEquals(data(parse(fresh.out()), "winsession:session").toString(),
        data(parse(r.out()), "winsession:session").toString(), "everything read again");
    Result next = exec(dir, def, "modinput");
    assertEquals(0, next.code());
    assertEquals(List.of(), data(parse(next.out()), "winsession:session"), "and saved again");
  }

  @Test
  void aLinkPlantedAtTheTemporaryName_isNotFollowed() throws Exception {
    Path logs = jsonLog("link", "dc01");
    Path ckptDir = Files.createDirectories(dir.resolve("c"));
    Path victim = Files.writeString(dir.resolve("victim.conf"), "precious");
    String name = CheckpointStore.fileName("winsession://link");
    Files.createSymbolicLink(ckptDir.resolve(name + ".tmp"), victim);
    Result r = exec(dir, definition(ckptDir, "winsession://link",
        param("mode", "files") + param("path", logs.toString())), "modinput");
    assertEquals(0, r.code(), r.err());
    assertEquals("precious", Files.readString(victim));
    assertTrue(Files.isRegularFile(ckptDir.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void analyze_controlCharactersAndLoneSurrogates_giveStrictJsonInValidUtf8() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("an"));
    // a lone surrogate can only arrive as a JSON escape; Gson's writer would never make one
    String line = nxlog("dc\u0001\u0000\uFFFE", 1, "2026-03-02T08:00:01Z", "0x1f2e31")
        .replace("\"TargetUserName\":\"", "\"TargetUserName\":\"\\ud800bob\\udc00");
    Files.writeString(logs.resolve("a.json"), line + "\n");
    Result stdout = exec(dir, "", "analyze", "--host-normalization", "as_is",
        logs.resolve("a.json").toString());
    Path file = dir.resolve("sessions.json");
    Result toFile = exec(dir, "", "analyze", "--host-normalization", "as_is", "-o",
        file.toString(), logs.resolve("a.json").toString());
    assertEquals(0, toFile.code(), toFile.err());
    assertFalse(toFile.err().contains("Input length"), toFile.err());
    for (String out : List.of(stdout.out(), strictUtf8(Files.readAllBytes(file)))) {
      List<String> lines = out.lines().toList();
      assertEquals(1, lines.size(), out);
      JsonObject o = strictJson(lines.get(0));
      assertEquals("dc\u0001\u0000\uFFFE", o.get("host").getAsString());
      assertEquals("\uFFFDbob\uFFFDdc\u0001\u0000\uFFFE", o.get("user").getAsString());
    }
  }

  @Test
  void aLongStanzaName_andAPathOverProc_runToTheEnd_sayingWhatHappened() throws Exception {
    String stanza = "winsession://" + "n".repeat(300);
    Result r = exec(dir, definition(dir.resolve("c"), stanza,
        param("mode", "files") + param("path", "/proc/*/status")), "modinput");
    assertEquals(0, r.code(), r.err());
    assertLogLines(r.err());
    assertTrue(r.out().strip().endsWith("</stream>"), r.out());
    List<Ev> events = parse(r.out());
    JsonObject health = data(events, "winsession:health").get(0);
    assertTrue(health.get("files_read").getAsInt() > 1, health.toString());
    assertTrue(r.err().contains("INFO winsession://nnn"), r.err());
  }

  @Test
  void aRunThatFails_saysWhatWhereAndWhy_andStillEndsTheStream() throws Exception {
    Path logs = jsonLog("fail", "dc01");
    Path notADir = Files.writeString(dir.resolve("file-not-dir"), "x");
    Result r = exec(dir, definition(notADir, "winsession://fail",
        param("mode", "files") + param("path", logs.toString())), "modinput");
    assertEquals(1, r.code(), "the checkpoint cannot be kept: the run could not do its job");
    assertLogLines(r.err());
    assertTrue(r.err().contains("ERROR winsession://fail: cannot read the checkpoint in "
        + notADir + ": FileAlreadyExistsException: " + notADir), r.err());
    assertFalse(r.out().contains("<stream>") && !r.out().strip().endsWith("</stream>"));

    Result bad = exec(dir, definition(dir.resolve("c"), "winsession://bad",
        param("mode", "files") + param("path", logs.toString()) + param("leak_after", "soon")),
        "modinput");
    assertEquals(1, bad.code());
    assertTrue(bad.err().startsWith("ERROR winsession://bad: setting 'leak_after'"), bad.err());

    Result garbage = exec(dir, "<input><configuration>", "modinput");
    assertEquals(1, garbage.code());
    assertLogLines(garbage.err());
    assertTrue(garbage.err().startsWith("ERROR cannot read the input definition splunkd wrote"
        + " on stdin: "), garbage.err());
    Result badItems = exec(dir, "<items><item", "modinput", "--validate-arguments");
    assertEquals(1, badItems.code());
    assertLogLines(badItems.err());
    assertTrue(badItems.out().startsWith("<error><message>the validation request on stdin is not"
        + " XML"), badItems.out());
  }

  @Test
  void oldSourceSetting_stillWorksWithAWarning_andAPathMatchingNothingIsAWarning()
      throws Exception {
    Path logs = jsonLog("old", "dc01");
    Result r = exec(dir, definition(dir.resolve("c"), "winsession://old",
        param("source", "files") + param("path", logs.toString())), "modinput");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().startsWith("WARN winsession://old: setting 'source = files' is"
        + " deprecated and read as 'mode = files' for one release"), r.err());
    assertEquals(1, data(parse(r.out()), "winsession:session").size());

    Result none = exec(dir, definition(dir.resolve("c"), "winsession://none",
        param("mode", "files") + param("path", "D:\\logs\\*.evtx")), "modinput");
    assertEquals(0, none.code(), none.err());
    assertTrue(none.err().contains("WARN winsession://none: path 'D:\\logs\\*.evtx' matches no"
        + " file"), none.err());
    assertEquals(1, data(parse(none.out()), "winsession:health").size());
  }
}
