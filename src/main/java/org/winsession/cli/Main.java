package org.winsession.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code winsession} command line: {@code analyze}, {@code report}, {@code dump}, {@code bench} and
 * {@code modinput}. */
@Command(name = "winsession", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Windows logon sessions from Security events: pairing, leaks, session events.",
    subcommands = {AnalyzeCommand.class, ReportCommand.class, DumpCommand.class, BenchCommand.class,
        ModinputCommand.class, SampleCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (0 ok, 1 nothing read, 2 usage). */
  public static int run(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
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
