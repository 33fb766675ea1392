package org.winsession.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line says and filters, the same for analyze and report. */
class CommandLineTest {
  @TempDir
  Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private List<JsonObject> sessions(String... extra) throws Exception {
    Path out = dir.resolve("s.json");
    List<String> args = new ArrayList<>(List.of("analyze", "--sample", "-o", out.toString()));
    args.addAll(List.of(extra));
    CliRun r = run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    List<JsonObject> list = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      list.add(JsonParser.parseString(line).getAsJsonObject());
    }
    return list;
  }

  @Test
  void unreadableInputs_sayWhyInWords() throws Exception {
    CliRun missing = run("analyze", dir.resolve("x.evtx").toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("x.evtx: no such file"), missing.err());
    Path empty = Files.createDirectory(dir.resolve("empty"));
    CliRun none = run("report", "-o", dir.resolve("r.html").toString(), empty.toString());
    assertEquals(1, none.code());
    assertTrue(none.err().contains("winsession report: cannot read " + empty
        + ": a directory with no event logs in it"), none.err());
  }

  @Test
  void logonTypeFilter_keepsExactlyThoseSessions() throws Exception {
    List<JsonObject> all = sessions();
    List<JsonObject> rdp = sessions("--include-logon-types", "10");
    long expected = all.stream().filter(o -> o.has("logon_type")
        && o.get("logon_type").getAsInt() == 10).count();
    assertTrue(expected > 0, "the sample has RDP sessions");
    assertEquals(expected, rdp.size());
  }

  @Test
  void hostAndUserFilters_leaveThoseOut() throws Exception {
    List<JsonObject> all = sessions();
    List<JsonObject> noDc = sessions("--exclude-hosts", "^dc01$");
    assertTrue(all.stream().anyMatch(o -> o.get("host").getAsString().equals("dc01")));
    assertFalse(noDc.stream().anyMatch(o -> o.get("host").getAsString().equals("dc01")));
    assertEquals(all.stream().filter(o -> !o.get("host").getAsString().equals("dc01")).count(),
        noDc.size(), "other hosts' sessions are untouched");
    List<JsonObject> noSystem = sessions("--exclude-account-classes", "system,machine");
    assertFalse(noSystem.stream().anyMatch(o -> o.get("account_class").getAsString().equals("system")));
  }

  @Test
  void badFilter_namesSettingOptionAndWhatIsAllowed() {
    CliRun r = run("analyze", "--sample", "--include-event-codes", "4624,x");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--include-event-codes '4624,x': expected numbers 0..65535"),
        r.err());
  }

  @Test
  void help_listsEveryInputShape() {
    for (String command : new String[] {"analyze", "report"}) {
      String help = run(command, "--help").out();
      for (String shape : new String[] {"EVTX", "EVT;", "XML", "XmlWinEventLog", "NXLog",
          "Winlogbeat", "ConvertTo-Json", "classic WinEventLog", "NT5 text", "CSV",
          "Export-Csv", "Windows 2003", "gzip, zip and tar"}) {
        assertTrue(help.contains(shape), command + " --help names " + shape + ":\n" + help);
      }
      for (String option : new String[] {"--threads", "--include-hosts", "--leak-after"}) {
        assertTrue(help.contains(option), command + " --help lists " + option);
      }
    }
  }

  @Test
  void progressLine_bytesOfTotalRateAndTimeLeft() throws Exception {
    StringWriter sw = new StringWriter();
    try (Progress p = Progress.start(4L << 20, () -> 1000, new PrintWriter(sw))) {
      p.count(new ByteArrayInputStream(new byte[1 << 20])).readAllBytes();
      String line = p.line();
      assertTrue(line.matches("read 1\\.0 MB of 4\\.0 MB \\(25%\\), [\\d,]+ events/s, \\d+:\\d\\d left"),
          line);
    }
    assertEquals("", sw.toString(), "nothing drawn when standard error is not a terminal");
  }
}
