package org.winsession.splunk;

import java.io.PrintWriter;
import org.winsession.emit.SafeText;

/**
 * The modular input's log on stderr, as splunkd reads it (SPLUNK.md §1.5): one line an entry,
 * starting with its level word; text from anywhere (settings, file names, exceptions, splunkd) is
 * made one bounded line by {@link SafeText#forLog}.
 */
final class RunLog {
  /** The longest entry written. */
  static final int MAX_LINE = 2000;

  private final PrintWriter err;
  private int errors;

  RunLog(PrintWriter err) {
    this.err = err;
  }

  /** Below splunkd's default threshold (INFO): dropped unless ExecProcessor logs DEBUG. */
  void debug(String message) {
    line("DEBUG", message);
  }

  void info(String message) {
    line("INFO", message);
  }

  void warn(String message) {
    line("WARN", message);
  }

  void error(String message) {
    errors++;
    line("ERROR", message);
  }

  /** ERROR lines written so far. */
  int errors() {
    return errors;
  }

  private void line(String level, String message) {
    err.println(level + " " + SafeText.forLog(message, MAX_LINE));
    err.flush();
  }

  /**
   * An exception in words: its type and message, and the messages of up to three causes; one
   * without a message says where it was thrown.
   */
  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    Throwable t = e;
    for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
      if (depth > 0) {
        if (t.getMessage() != null && sb.indexOf(t.getMessage()) >= 0) {
          continue; // a wrapper that repeats its cause's message
        }
        sb.append(" (caused by ");
      }
      sb.append(t.getClass().getSimpleName());
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        sb.append(": ").append(t.getMessage());
      } else if (t.getStackTrace().length > 0) {
        StackTraceElement at = t.getStackTrace()[0];
        sb.append(" at ").append(at.getClassName()).append('.').append(at.getMethodName())
            .append('(').append(at.getFileName()).append(':').append(at.getLineNumber())
            .append(')');
      }
      if (depth > 0) {
        sb.append(')');
      }
    }
    return sb.toString();
  }
}
