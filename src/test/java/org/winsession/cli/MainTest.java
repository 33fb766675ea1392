package org.winsession.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.winsession.read.ReadLimits;

/**
 * The command line as a user sees it through {@link Main}: help lists every command and each
 * command's help every one of its options (the read limits on each command that reads inputs),
 * the version, and usage errors that say what was wrong, exit 2 and point to {@code --help}.
 */
class MainTest {
  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  /** Every command that parses its arguments ({@code modinput} takes splunkd's as they are). */
  private static List<Command> parsedCommands() {
    List<Command> commands = new ArrayList<>();
    for (String name : Main.COMMANDS) {
      Command c = Main.command(name);
      assertEquals(name, c.name());
      if (c.factory() != null) {
        commands.add(c);
      }
    }
    return commands;
  }

  @Test
  void helpWithoutACommand_listsEveryCommandWithItsLine() {
    for (String help : new String[] {"--help", "-h"}) {
      CliRun r = run(help);
      assertEquals(0, r.code(), r.err());
      for (String name : Main.COMMANDS) {
        assertTrue(r.out().contains("\n  " + name + " "), name + " in\n" + r.out());
        assertTrue(r.out().replaceAll("\\s+", " ").contains(Main.command(name).summary()),
            r.out());
      }
    }
  }

  @Test
  void everyCommandsHelp_namesEveryOptionWithItsLabel() {
    for (Command c : parsedCommands()) {
      CliRun r = run(c.name(), "--help");
      assertEquals(0, r.code(), r.err());
      assertEquals("", r.err());
      assertTrue(r.out().startsWith("Usage: winsession " + c.name() + " "), r.out());
      for (Option<?> o : c.everyOption()) {
        String names = String.join(", ", o.names()) + (o.label() == null ? "" : "=" + o.label());
        assertTrue(r.out().contains(" " + names + " ") || r.out().contains(" " + names + "\n"),
            c.name() + " --help shows " + names + ":\n" + r.out());
        assertFalse(r.out().contains("${"), "every default written in:\n" + r.out());
      }
    }
  }

  @Test
  void commandsThatReadInputs_takeEveryReadLimit_checkedAgainstItsMinimum() {
    List<String> reading = new ArrayList<>();
    for (Command c : parsedCommands()) {
      int limits = 0;
      for (ReadLimits.Limit l : ReadLimits.Limit.values()) {
        limits += c.option(l.option()) != null ? 1 : 0;
      }
      assertTrue(limits == 0 || limits == ReadLimits.Limit.values().length,
          c.name() + " takes all read limits or none");
      if (limits > 0) {
        reading.add(c.name());
        String help = run(c.name(), "--help").out();
        for (ReadLimits.Limit l : ReadLimits.Limit.values()) {
          assertTrue(help.contains(l.option() + "=N"), l.option() + " in\n" + help);
          CliRun bad = run(c.name(), "--sample", l.option(), Long.toString(l.minimum() - 1));
          assertEquals(2, bad.code(), bad.err());
          assertTrue(bad.err().contains("winsession " + c.name() + ": " + l.option() + " '"
              + (l.minimum() - 1) + "': expected a whole number of at least " + l.minimum()),
              bad.err());
          assertTrue(bad.err().endsWith("Try 'winsession " + c.name() + " --help' for more"
              + " information.\n"), bad.err());
        }
      }
    }
    assertEquals(List.of("analyze", "report"), reading, "the commands that read event logs");
  }

  @Test
  void version_isTheSameAtTheTopAndForEveryCommand() {
    String top = run("--version").out();
    assertTrue(top.matches("winsession \\S.*\n"), top);
    assertEquals(top, run("-V").out());
    for (Command c : parsedCommands()) {
      CliRun r = run(c.name(), "-V");
      assertEquals(0, r.code());
      assertEquals(top, r.out());
    }
  }

  @Test
  void enumOptions_areCaseInsensitive() {
    for (String format : new String[] {"xml", "XML", "Xml"}) {
      CliRun r = run("analyze", "--sample", "--format", format, "-o", "/dev/null");
      assertEquals(0, r.code(), r.err());
    }
  }

  /** A 100 KB argument is not echoed whole: its start, and the end that says what was expected. */
  @Test
  void aHugeWrongArgument_isShownCut_withTheExpectationKept() {
    String huge = "9".repeat(100_000);
    for (String[] args : new String[][] {{"analyze", "--threads", huge},
        {"analyze", "--sample", "--timezone", huge}, {"analyze", "--sample", "--date-pattern",
            "s".repeat(100_000)}, {"analyze", "--" + huge}}) {
      CliRun r = run(args);
      assertEquals(2, r.code(), r.err());
      String first = r.err().lines().findFirst().orElseThrow();
      assertTrue(first.length() < 700, first.length() + " characters");
      assertTrue(first.contains(" characters left out) ..."), first);
    }
    assertTrue(run("analyze", "--threads", huge).err().lines().findFirst().orElseThrow()
        .contains("expected a whole number"));
  }

  @Test
  void usageErrors_sayWhatWhereAndWhat_thenPointToHelp_withoutAStackTrace() {
    String[][] cases = {
        {"winsession: unknown command 'analyse'; did you mean 'analyze'?", "analyse", "--sample"},
        {"winsession: missing command: analyze, report, dump, bench, modinput, sample"},
        {"winsession: unknown option '--verison'; did you mean '--version'?", "--verison"},
        {"winsession analyze: unknown option '--frmat'; did you mean '--format'?", "analyze",
            "--frmat", "xml"},
        {"winsession analyze: --threads 'x': expected a whole number from 1 to "
            + AnalyzeCommand.MAX_THREADS, "analyze", "--threads", "x"},
        {"winsession analyze: missing value for --output (FILE)", "analyze", "--sample",
            "--output"},
        {"winsession dump: missing FILE (An .evtx log.)", "dump"},
        {"winsession sample: unexpected argument 'x': sample takes options only", "sample", "x"},
        {"winsession report: --report-max-sessions '0': expected a whole number from 1 to "
            + Integer.MAX_VALUE, "report", "--sample", "--report-max-sessions", "0"},
        {"winsession analyze: --output '/nonexistent-winsession/x.json': cannot write there: its"
            + " directory does not exist (expected a file in an existing, writable directory)",
            "analyze", "--sample", "-o", "/nonexistent-winsession/x.json"},
        {"winsession analyze: --rejected '.': cannot write there: is a directory (expected a file"
            + " in an existing, writable directory)", "analyze", "--sample", "-o", "/dev/null",
            "--rejected", "."},
    };
    for (String[] c : cases) {
      String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
      CliRun r = run(args);
      assertEquals(2, r.code(), String.join(" ", args));
      String command = c[0].startsWith("winsession:") ? "" : " " + args[0];
      assertEquals(c[0] + "\nTry 'winsession" + command + " --help' for more information.\n",
          r.err());
      assertEquals("", r.out());
    }
  }

  /**
   * The rule of every numeric option of every command: a value that is not a whole number,
   * beyond any number the option's type holds, or outside the option's range is refused with
   * words that state the range (from its least to its greatest value, or "at least" the least
   * for a read limit, which takes any larger long); the ends of a range are accepted.
   */
  @Test
  void everyNumericOption_refusesAnythingElse_statingItsRange() {
    int numeric = 0;
    for (Command c : parsedCommands()) {
      for (Option<?> o : c.everyOption()) {
        ReadLimits.Limit limit = null;
        for (ReadLimits.Limit l : ReadLimits.Limit.values()) {
          limit = l.option().equals(o.name()) ? l : limit;
        }
        if (o.kind() != Option.Kind.INT && limit == null) {
          continue;
        }
        numeric++;
        String expected = limit == null ? o.expected() : "expected a whole number of at least "
            + limit.minimum();
        if (limit == null) {
          assertEquals("a whole number from " + o.min() + " to " + o.max(), expected);
        }
        List<String> wrong = new ArrayList<>(List.of("x", "1.5", "", "99999999999999999999",
            "-99999999999"));
        wrong.add(Long.toString((limit == null ? o.min() : limit.minimum()) - 1));
        if (limit == null) {
          wrong.add("99999999999");
          wrong.add(Long.toString(o.max() + 1L));
          for (int end : new int[] {o.min(), o.max()}) {
            assertEquals(end, Parser.parse(c, List.of(o.name(), Integer.toString(end))).get(o),
                c.name() + " " + o.name() + " " + end);
          }
        }
        for (String v : wrong) {
          // refused before any input is read (bench takes none: the option is refused first)
          CliRun r = run(c.name(), o.name() + "=" + v, "/nonexistent-winsession-input");
          assertEquals(2, r.code(), c.name() + " " + o.name() + "=" + v + ": " + r.err());
          String first = r.err().lines().findFirst().orElseThrow();
          assertTrue(first.startsWith("winsession " + c.name() + ": " + o.name() + " '" + v
              + "': " + (limit == null ? "expected " : "") + expected), first);
        }
      }
    }
    assertTrue(numeric >= 2 * ReadLimits.Limit.values().length + 11, numeric + " numeric");
  }

  @Test
  void modinput_takesSplunkdsArgumentsWithoutOptionParsing() {
    assertEquals(2, Main.run("modinput", "--help"), "not a splunkd argument");
  }
}
