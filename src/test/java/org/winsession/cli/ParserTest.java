package org.winsession.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of the command line, each pinned once on a command declared here with an option of
 * every kind: the forms of options, {@code --}, {@code -}, defaults, enum case, every kind of usage
 * error with its words, and the help text made from the declarations.
 */
class ParserTest {
  private enum Shape { XML, EVTX }

  private static final List<Option<?>> OPTIONS = new ArrayList<>();
  private static final Option<Boolean> FLAG = Option.flag("--flag", "A flag.").in(OPTIONS);
  private static final Option<Path> OUT = Option.path("-o, --output", "FILE", "Where to.")
      .in(OPTIONS);
  private static final Option<Integer> COUNT = Option.integer("--count", "N",
      Integer.MIN_VALUE, Integer.MAX_VALUE,
      "How many (default: ${DEFAULT-VALUE}).").withDefault("7").in(OPTIONS);
  private static final Option<Integer> COLOUR = Option.integer("--colour", "N", 0, 9, "A colour.")
      .withDefault("1").in(OPTIONS);
  private static final Option<Integer> COLOR = Option.integer("--color", "N", 0, 9, "A color.")
      .withDefault("1").in(OPTIONS);
  private static final Option<String> TEXT = Option.text("--a-rather-long-option-name",
      "TYPE=DURATION,...", "Text as given, whatever it starts with.").in(OPTIONS);
  private static final Option<Shape> SHAPE = Option.choice("--shape", "SHAPE", Shape.values(),
      "One of the shapes.").in(OPTIONS);

  private static final Command MANY = command(new Command.Positional("INPUT", "Inputs.", false,
      true));
  private static final Command ONE = command(new Command.Positional("FILE", "A file.", true,
      false));
  private static final Command NONE = command(null);

  private static Command command(Command.Positional positional) {
    return new Command("test", "A test.", List.of("A command to test the parser with."),
        List.copyOf(OPTIONS), positional, null);
  }

  private static Values parse(Command c, String... args) {
    return Parser.parse(c, List.of(args));
  }

  private static String error(Command c, String... args) {
    return assertThrows(UsageException.class, () -> parse(c, args)).getMessage();
  }

  @Test
  void valuedOptions_takeTheirValue_afterAnEqualsSignOrAsTheNextArgument_shortNamesToo() {
    for (String[] args : new String[][] {{"--output=a"}, {"--output", "a"}, {"-o", "a"},
        {"-o=a"}}) {
      assertEquals(Path.of("a"), parse(MANY, args).get(OUT), String.join(" ", args));
    }
    assertEquals("x=1h,y=2", parse(MANY, "--a-rather-long-option-name=x=1h,y=2").get(TEXT),
        "the value is all after the first '='");
    assertEquals("", parse(MANY, "--a-rather-long-option-name=").get(TEXT));
  }

  @Test
  void aValueMayStartWithADash_unlessItIsAnOptionOfTheCommand() {
    assertEquals("-5m", parse(MANY, "--a-rather-long-option-name", "-5m").get(TEXT));
    assertEquals(-3, parse(MANY, "--count", "-3").get(COUNT));
    assertEquals(Path.of("-"), parse(MANY, "-o", "-").get(OUT));
    assertEquals("missing value for --output (FILE)", error(MANY, "--output", "--flag"));
    assertEquals("missing value for -o (FILE)", error(MANY, "-o", "--count=3"));
    assertEquals("missing value for --count (N)", error(MANY, "--count"));
  }

  @Test
  void absentOptions_takeTheirDefault_flagsFalse_othersNull() {
    Values v = parse(MANY);
    assertEquals(7, v.get(COUNT));
    assertFalse(v.get(FLAG));
    assertNull(v.get(OUT));
    assertNull(v.get(SHAPE));
    assertTrue(parse(MANY, "--flag").get(FLAG));
    assertEquals(Values.Request.RUN, v.request());
  }

  @Test
  void choices_matchInAnyCase_andAWrongOneNamesEveryChoice() {
    for (String given : new String[] {"evtx", "EVTX", "eVtX"}) {
      assertEquals(Shape.EVTX, parse(MANY, "--shape", given).get(SHAPE));
    }
    assertEquals("--shape 'pdf': expected one of xml, evtx", error(MANY, "--shape", "pdf"));
  }

  @Test
  void positionals_keepTheirOrder_dashIsOne_andDoubleDashEndsTheOptions() {
    Values v = parse(MANY, "a", "-", "--flag", "b", "--", "--count", "-o");
    assertEquals(List.of("a", "-", "b", "--count", "-o"), v.positionals());
    assertTrue(v.get(FLAG));
    assertEquals(7, v.get(COUNT), "--count after -- is not an option");
  }

  @Test
  void positionalCounts_areChecked() {
    assertEquals("unexpected argument 'x': test takes options only", error(NONE, "--flag", "x"));
    assertEquals("unexpected argument 'b': expected one FILE", error(ONE, "a", "b"));
    assertEquals("missing FILE (A file.)", error(ONE, "--flag"));
    assertEquals(List.of("a"), parse(ONE, "a").positionals());
    assertEquals(List.of(), parse(MANY).positionals());
  }

  @Test
  void valuesOfTheWrongKind_sayWhereWhatAndWhatWasExpected() {
    String any = "expected a whole number from -2147483648 to 2147483647";
    assertEquals("--count 'x': " + any, error(MANY, "--count", "x"));
    assertEquals("--count '1.5': " + any, error(MANY, "--count=1.5"));
    assertEquals("--count '99999999999': " + any, error(MANY, "--count", "99999999999"));
    assertEquals("--colour '10': expected a whole number from 0 to 9", error(MANY, "--colour",
        "10"));
    assertEquals(9, parse(MANY, "--colour", "9").get(COLOUR));
    assertTrue(error(MANY, "-o", "a\0b").startsWith("-o 'a\0b': expected a file name ("));
    assertEquals("--flag takes no value, found 'yes'", error(MANY, "--flag=yes"));
    assertEquals("--count given twice: it takes one value", error(MANY, "--count", "1",
        "--count=2"));
  }

  @Test
  void unknownOptions_suggestTheClosestNames() {
    assertEquals("unknown option '--fag'; did you mean '--flag'?", error(MANY, "--fag"));
    assertEquals("unknown option '--colou'; did you mean '--colour' or '--color'?",
        error(MANY, "--colou"));
    assertEquals("unknown option '--nothing-like-it'", error(MANY, "--nothing-like-it"));
    assertEquals("unknown option '-x'", error(MANY, "-x"), "one letter is close to every other");
    assertEquals("unknown option '--flag2'; did you mean '--flag'?", error(MANY, "--flag2=1"));
  }

  @Test
  void helpAndVersion_stopReading_whateverFollows() {
    assertEquals(Values.Request.HELP, parse(ONE, "--count", "1", "-h", "--unknown").request());
    assertEquals(Values.Request.HELP, parse(ONE, "--help").request());
    assertEquals(Values.Request.VERSION, parse(ONE, "-V").request());
    assertEquals(Values.Request.VERSION, parse(ONE, "--version", "a", "b").request());
    assertTrue(error(ONE, "--bad", "--help").startsWith("unknown option '--bad'"),
        "an error before it still counts");
  }

  @Test
  void help_showsEveryNameLabelAndDefault_within80Columns() {
    String help = Help.command(MANY);
    assertTrue(help.startsWith("Usage: winsession test [OPTIONS] [INPUT...]\n"
        + "A command to test the parser with.\n"), help);
    assertTrue(help.contains("\n      [INPUT...]"), help);
    assertTrue(help.contains("\n  -o, --output=FILE "), help);
    assertTrue(help.contains("\n      --flag "), help);
    assertTrue(help.contains("How many (default: 7)."), "default in place:\n" + help);
    assertTrue(help.contains("\n      --a-rather-long-option-name=TYPE=DURATION,...\n"),
        "a name too long for its column stands on its own line:\n" + help);
    assertTrue(help.contains("\n  -h, --help ") && help.contains("\n  -V, --version "), help);
    for (String line : help.split("\n")) {
      assertTrue(line.length() <= 80, line);
    }
    assertTrue(Help.command(ONE).startsWith("Usage: winsession test [OPTIONS] FILE\n"));
    assertTrue(Help.command(NONE).startsWith("Usage: winsession test [OPTIONS]\n"));
  }

  @Test
  void editDistance_countsLettersAddedRemovedOrChanged() {
    assertEquals(0, Parser.distance("analyze", "analyze"));
    assertEquals(1, Parser.distance("analyse", "analyze"));
    assertEquals(1, Parser.distance("--frmat", "--format"));
    assertEquals(2, Parser.distance("ab", "ba"));
    assertEquals(3, Parser.distance("", "abc"));
  }
}
