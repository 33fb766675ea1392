package org.winsession.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.winsession.testing.SharedData;

/**
 * The jar, run as the README runs it, keeps the JVM's optimizing compiler out of a run over a
 * small input, keeps it to the readers' inner loops for {@code -Dwinsession.compiler=focused} (a
 * large input's choice), everywhere for {@code full}, and writes the same session events each
 * way; so does the modular input's interval-mode run, counting only what it has not read. The JVM's own compile log ({@code -XX:+PrintCompilation}) tells which compiler took
 * the reader's, normalizer's and engine's methods; low tier thresholds make C2 wanted within the
 * run, and compiling in the foreground makes it done whatever the machine's load.
 */
class CompilerChoiceIT {
  private static final Path EVTX = SharedData.dir().resolve("DFIRArtifactMuseum/Windows/EventLogs"
      + "/Win11/RathbunVM/RathbunVM_W11EventLogs.7z.extracted/Security.evtx");
  private static final Path WIN10_EVTX = SharedData.dir().resolve("DFIRArtifactMuseum/Windows"
      + "/EventLogs/Win10/RathbunVM/RathbunVM_W10EventLogs.7z.extracted/Security.evtx");
  /** A C2 (tier 4) compilation of a method of the pipeline, in the compile log. */
  private static final Pattern C2 = Pattern.compile(
      "(?m)^ *\\d+ +\\d+ [%sbn! ]*4 +org\\.winsession\\.(read\\.evtx|normalize|session)\\.");
  /** A C2 compilation of a method of the XML parser. */
  private static final Pattern PARSER_C2 = Pattern.compile(
      "(?m)^ *\\d+ +\\d+ [%sbn! ]*4 +org\\.winsession\\.read\\.xml\\.XmlEventParser::");
  private static final String EXCLUDED = "### Excluding compile: ";

  @TempDir
  Path dir;

  @Test
  void smallRun_compilesWithC1Alone_andFullKeepsC2_withTheSameOutput() throws Exception {
    Run quick = run("auto");
    Run full = run("full");
    assertTrue(!C2.matcher(quick.log).find() && quick.log.contains(EXCLUDED),
        "auto on a 6 MB input: C2 kept out\n" + quick.log);
    assertTrue(C2.matcher(full.log).find() && !full.log.contains(EXCLUDED),
        "full: C2 compiles\n" + full.log);
    assertTrue(quick.events.length > 0, "session events were written");
    assertArrayEquals(full.events, quick.events, "the compiler choice changes no output byte");
  }

  @Test
  void focused_compilesTheXmlParserWithC2_andNotTheEngine_withTheSameOutput() throws Exception {
    String xml = SharedData.rendered("DFIRArtifactMuseum/Windows/EventLogs/Win11/RathbunVM"
        + "/RathbunVM_W11EventLogs.7z.extracted/Security.evtx").toString();
    Path focusedOut = dir.resolve("focused.json");
    Path fullOut = dir.resolve("full.json");
    Run focused = run("focused", "", "-jar", jar().toString(), "analyze", xml, "-o",
        focusedOut.toString());
    Run full = run("full", "", "-jar", jar().toString(), "analyze", xml, "-o",
        fullOut.toString());
    assertTrue(PARSER_C2.matcher(focused.log).find() && !C2.matcher(focused.log).find(),
        "focused: C2 for the XML parser, not for the normalizer and engine\n" + focused.log);
    assertTrue(C2.matcher(full.log).find(), "full: C2 everywhere\n" + full.log);
    assertTrue(Files.size(fullOut) > 0, "session events were written");
    assertArrayEquals(Files.readAllBytes(fullOut), Files.readAllBytes(focusedOut),
        "the compiler choice changes no output byte");
  }

  @Test
  void intervalModeModularInput_overASmallFile_compilesWithC1Alone() throws Exception {
    Run quick = run("auto", definition("small", EVTX.toString()), "-jar", jar().toString(),
        "modinput");
    assertTrue(!C2.matcher(quick.log).find() && quick.log.contains(EXCLUDED),
        "interval mode over 6 MB: C2 kept out\n" + quick.log);
    assertTrue(quick.log.contains("</stream>"), "the run ended its stream\n" + quick.log);
  }

  @Test
  void intervalModeModularInput_countsOnlyTheFilesItHasNotReadYet() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.copy(EVTX, logs.resolve("a.evtx")); // 6.4 MB
    String definition = definition("grow", logs + "/*.evtx");
    String threshold = "-Dwinsession.compiler.quick_below=5000000";
    Run first = run("auto", definition, threshold, "-jar", jar().toString(), "modinput");
    assertTrue(!C2.matcher(first.log).find() && first.log.contains(
        "compiler: C2 for the readers' inner loops, C1 for the rest for " + Files.size(EVTX)
            + " bytes to read"), "6.4 MB new, over the 5 MB threshold: C2 kept\n" + first.log);
    Files.copy(WIN10_EVTX, logs.resolve("b.evtx")); // 4.3 MB
    Run second = run("auto", definition, threshold, "-jar", jar().toString(), "modinput");
    assertTrue(second.log.contains(EXCLUDED) && second.log.contains(
        "compiler: C1 alone for " + Files.size(WIN10_EVTX) + " bytes to read"),
        "a.evtx read before and unchanged: 4.3 MB to read, C2 kept out\n" + second.log);
  }

  private String definition(String stanza, String path) throws IOException {
    Files.createDirectories(dir.resolve("c"));
    return "<input><server_host>h</server_host><server_uri>https://127.0.0.1:8089"
        + "</server_uri><session_key>k</session_key><checkpoint_dir>" + dir.resolve("c")
        + "</checkpoint_dir><configuration><stanza name=\"winsession://" + stanza + "\">"
        + "<param name=\"interval\">300</param><param name=\"mode\">files</param>"
        + "<param name=\"path\">" + path + "</param></stanza></configuration></input>";
  }

  private record Run(byte[] events, String log) {}

  private Run run(String choice) throws IOException, InterruptedException {
    Path out = dir.resolve(choice + ".json");
    Run r = run(choice, "", "-jar", jar().toString(), "analyze", EVTX.toString(), "-o",
        out.toString());
    return new Run(Files.readAllBytes(out), r.log);
  }

  /**
   * Java run with a compile log and {@code -Dwinsession.compiler=choice}, then {@code args}
   * (JVM options, {@code -jar}, the jar and its arguments), {@code stdin} on its standard input;
   * its output and log.
   */
  private Run run(String choice, String stdin, String... args)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, choice, ".log");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+PrintCompilation",
        "-Xbatch", // each compile done when asked for: what C2 takes does not depend on load
        "-XX:Tier3InvocationThreshold=20", "-XX:Tier4InvocationThreshold=200",
        "-XX:Tier4CompileThreshold=300", "-XX:Tier4BackEdgeThreshold=2000",
        "-Dwinsession.compiler=" + choice));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    return new Run(null, text);
  }

  private static Path jar() {
    Path jar = Path.of(System.getProperty("winsession.jar", "target/winsession-0.1.0.jar"));
    assertTrue(Files.isRegularFile(jar), "build the jar first (mvn package): " + jar);
    return jar;
  }
}
