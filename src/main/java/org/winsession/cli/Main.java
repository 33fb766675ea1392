package org.winsession.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code winsession} command line: {@code analyze}, {@code report}, {@code dump}, {@code bench} and
 * {@code modinput}. */
@Command(name = "winsession", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Windows logon sessions from Security events: pairing, leaks, session events.")
public final class Main implements Runnable {
  /**
   * The subcommands, by name, in the order help lists them. Each is made only when needed: picocli
   * builds a command's model from its annotations by reflection, which is most of the start-up
   * work of a short run, so a run builds the model of the one command it names (help and errors
   * without a command name build them all).
   */
  private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("analyze", AnalyzeCommand::new);
    COMMANDS.put("report", ReportCommand::new);
    COMMANDS.put("dump", DumpCommand::new);
    COMMANDS.put("bench", BenchCommand::new);
    COMMANDS.put("modinput", ModinputCommand::new);
    COMMANDS.put("sample", SampleCommand::new);
  }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (0 ok, 1 nothing read, 2 usage). */
  public static int run(String... args) {
    if (args.length > 0 && args[0].equals("modinput")) {
      // splunkd's arguments go to the input as they are: no option parsing to build
      String[] rest = new String[args.length - 1];
      System.arraycopy(args, 1, rest, 0, rest.length);
      return ModinputCommand.run(rest);
    }
    CommandLine cli = new CommandLine(new Main());
    Supplier<Object> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
    if (named != null) {
      cli.addSubcommand(args[0], new CommandLine(named.get()));
    } else {
      // a CommandLine made here applies the command's model transformer (read-limit options)
      COMMANDS.forEach((name, command) -> cli.addSubcommand(name, new CommandLine(command.get())));
    }
    return cli.setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: analyze, report, dump, bench or modinput");
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"winsession " + (v == null ? "(development build)" : v)};
    }
  }
}
