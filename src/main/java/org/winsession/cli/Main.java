package org.winsession.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code winsession} command line: {@code analyze}, {@code report}, {@code dump},
 * {@code bench}, {@code modinput} and {@code sample}. Each command declares its options as
 * {@link Option} values in a {@link Command}; one {@link Parser} reads them and one {@link Help}
 * shows them, so a run costs no more start-up than the classes of the command it names. Exit
 * codes: 0 ok, 1 nothing could be read (or the command failed), 2 a usage error.
 */
public final class Main {
  /** What the tool does, first line of the top-level help. */
  static final String DESCRIPTION =
      "Windows logon sessions from Security events: pairing, leaks, session events.";
  /** The command names, in the order help lists them. */
  static final List<String> COMMANDS =
      List.of("analyze", "report", "dump", "bench", "modinput", "sample");

  private Main() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (0 ok, 1 nothing read, 2 usage). */
  public static int run(String... args) {
    if (args.length > 0 && args[0].equals("modinput")) {
      // splunkd's arguments go to the input as they are
      return ModinputCommand.run(Arrays.copyOfRange(args, 1, args.length));
    }
    Command command = null;
    try {
      if (args.length == 0) {
        throw new UsageException("missing command: " + String.join(", ", COMMANDS));
      }
      if (Option.HELP.names().contains(args[0])) {
        List<Command> all = new ArrayList<>();
        for (String name : COMMANDS) {
          all.add(command(name));
        }
        System.out.print(Help.top(DESCRIPTION, all));
        return 0;
      }
      if (Option.VERSION.names().contains(args[0])) {
        System.out.println(version());
        return 0;
      }
      command = command(args[0]);
      if (command == null) {
        List<String> names = new ArrayList<>(COMMANDS);
        names.addAll(Option.HELP.names());
        names.addAll(Option.VERSION.names());
        throw new UsageException((args[0].startsWith("-") ? "unknown option '" : "unknown command '")
            + args[0] + "'" + Parser.didYouMean(args[0], names));
      }
      Values values = Parser.parse(command, Arrays.asList(args).subList(1, args.length));
      switch (values.request()) {
        case HELP:
          System.out.print(Help.command(command));
          return 0;
        case VERSION:
          System.out.println(version());
          return 0;
        default:
          return execute(command, values);
      }
    } catch (UsageException e) {
      String name = command == null ? null : command.name();
      System.err.println("winsession" + (name == null ? "" : " " + name) + ": "
          + UsageException.shown(e.getMessage()));
      System.err.println(Help.hint(name));
      return 2;
    }
  }

  /**
   * Runs a command; what it throws is a failure (exit 1), reported with its stack trace. A value
   * the command itself finds wrong (exit 2, said by the command) gets the same hint to
   * {@code --help} as the errors of the parser.
   */
  private static int execute(Command command, Values values) {
    Callable<Integer> run = command.factory().apply(values);
    try {
      int code = run.call();
      if (code == 2) {
        System.err.println(Help.hint(command.name()));
      }
      return code;
    } catch (Exception e) {
      System.err.println("winsession " + command.name() + ": " + e);
      e.printStackTrace();
      return 1;
    }
  }

  /** The command named {@code name}, or null. */
  static Command command(String name) {
    return switch (name) {
      case "analyze" -> AnalyzeCommand.COMMAND;
      case "report" -> ReportCommand.COMMAND;
      case "dump" -> DumpCommand.COMMAND;
      case "bench" -> BenchCommand.COMMAND;
      case "modinput" -> ModinputCommand.COMMAND;
      case "sample" -> SampleCommand.COMMAND;
      default -> null;
    };
  }

  /** {@code winsession VERSION}, the version from the jar manifest. */
  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return "winsession " + (v == null ? "(development build)" : v);
  }
}
