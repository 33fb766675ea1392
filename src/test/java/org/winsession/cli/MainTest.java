package org.winsession.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Main builds the picocli model of the one command a run names; what a user sees stays that of the
 * whole command line: help lists every command, each command keeps its options (the read limits
 * too, which a model transformer adds), and an unknown command is a usage error.
 */
class MainTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void helpWithoutACommand_listsEveryCommand() {
    Run r = run("--help");
    assertEquals(0, r.code(), r.err());
    for (String command : new String[] {"analyze", "report", "dump", "bench", "modinput", "sample"}) {
      assertTrue(r.out().contains("\n  " + command + " "), command + " in\n" + r.out());
    }
  }

  @Test
  void aCommandBuiltAlone_keepsItsReadLimitOptions() {
    Run help = run("analyze", "--help");
    assertEquals(0, help.code(), help.err());
    assertTrue(help.out().contains("--max-record-bytes=N") && help.out().contains("--max-nesting=N"),
        help.out());
    Run bad = run("report", "--max-depth", "0", "--sample");
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("--max-depth '0'"), bad.err());
  }

  @Test
  void enumOptions_stayCaseInsensitive_whenTheCommandIsBuiltAlone() {
    Run r = run("analyze", "--sample", "--format", "xml", "-o", "/dev/null");
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void anUnknownCommand_isAUsageError_namingTheCommands() {
    Run r = run("analyse", "--sample");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Unmatched arguments from index 0: 'analyse'")
        && r.err().contains("Did you mean: winsession analyze?"), r.err());
  }

  @Test
  void modinput_takesSplunkdsArgumentsWithoutOptionParsing() {
    assertEquals(2, Main.run("modinput", "--help"), "not a splunkd argument");
  }
}
