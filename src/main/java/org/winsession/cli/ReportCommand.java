package org.winsession.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.winsession.read.EventSink;
import org.winsession.report.HtmlReport;
import org.winsession.report.ReportData;
import org.winsession.session.EngineConfig;
import org.winsession.session.SessionEngine;
import org.winsession.session.SessionListener;

/**
 * {@code winsession report}: the same inputs and engine options as {@code analyze}, written as one
 * self-contained HTML page ({@code -o}, default {@code winsession-report.html}) instead of JSON
 * lines: a summary that reads without JavaScript, a timeline per host, leaks with their evidence,
 * RDP and interactive sessions, logons per user and per source, and the rejected records.
 */
final class ReportCommand extends AnalyzeCommand {
  static final Option<Integer> MAX_SESSIONS = Option.integer("--report-max-sessions", "N",
      1, Integer.MAX_VALUE,
      "Sessions shown in detail at most (the summary counts all; default: ${DEFAULT-VALUE}).")
      .withDefault(Integer.toString(ReportData.DEFAULT_MAX_SESSIONS));

  static final Command COMMAND = new Command("report",
      "Write one self-contained HTML report of the logon sessions in the inputs.",
      List.of("Write one self-contained HTML report of the logon sessions in the inputs:"
          + " summary, per-host timeline, leaks with evidence, RDP and interactive sessions,"
          + " logons and failed logons per user and per source, rejected records. Opens without"
          + " network access; can be mailed. Options as for analyze; -o names the HTML file.",
          INPUTS_HELP),
      Command.options(OPTIONS, List.of(MAX_SESSIONS), LIMIT_OPTIONS), INPUTS, ReportCommand::new);

  private final int maxSessions;
  private ReportData data;
  private final List<String> names = new ArrayList<>();

  /** The command with the values read from its command line: analyze's and its own. */
  ReportCommand(Values v) {
    super(v);
    maxSessions = v.get(MAX_SESSIONS);
  }

  @Override
  public Integer call() throws IOException {
    if (output == null) {
      output = java.nio.file.Path.of("winsession-report.html");
    }
    int code = super.call();
    if (code == 0) {
      System.err.println("winsession report: written to " + output);
    }
    return code;
  }

  @Override
  String name() {
    return "report";
  }

  @Override
  SessionListener sessionListener(Writer out, EngineConfig config) {
    data = new ReportData(config, maxSessions);
    return data;
  }

  @Override
  EventSink tap() {
    return data; // it counts what it needs of every record
  }

  @Override
  void sourceOpened(String name) {
    names.add(name);
  }

  @Override
  void finished(Writer out, SessionEngine engine, EngineConfig config) throws IOException {
    String v = Main.class.getPackage().getImplementationVersion();
    HtmlReport.write(out, data, engine.stats(), names, v == null ? "(development build)" : v);
  }
}
