package org.winsession.cli;

import com.splunk.modularinput.EventWriter;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.winsession.emit.SafeText;
import org.winsession.emit.XmlEventStream;
import org.winsession.splunk.StopSignal;
import org.winsession.splunk.WinsessionModularInput;

/**
 * {@code winsession modinput}: what splunkd starts through the app's launcher, with splunkd's own
 * arguments ({@code --scheme}, {@code --validate-arguments}, or none to run). The scheme and
 * validation go through the SDK; a run writes its own event stream ({@link XmlEventStream}) to
 * stdout, unbuffered by any {@code PrintStream} so a broken pipe is an error, not silence, and ends
 * it with {@code </stream>} whatever happened (SPLUNK.md §1.6: the SDK's stream is never flushed,
 * logs an error for an empty stream, and writes forbidden characters raw).
 */
final class ModinputCommand {
  /** For the list of commands only: {@link Main} passes splunkd's arguments here unparsed. */
  static final Command COMMAND = new Command("modinput",
      "The Splunk modular input (started by splunkd).", List.of(), List.of(), null, null);

  private ModinputCommand() {}

  /**
   * Runs with splunkd's arguments as they are ({@link Main} passes them without option parsing);
   * an unexpected exception is reported on stderr, which splunkd logs, and exits 1.
   */
  static int run(String... args) {
    try {
      return run(List.of(args));
    } catch (Exception e) {
      System.err.println("ERROR " + SafeText.forLog("winsession modinput failed: " + e, 500));
      e.printStackTrace();
      return 1;
    }
  }

  private static int run(List<String> all) throws Exception {
    Locale.setDefault(Locale.ROOT); // the SDK formats numbers with the default locale
    PrintWriter err = new PrintWriter(new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
    if (!all.isEmpty() && !all.get(0).equalsIgnoreCase("--scheme")
        && !all.get(0).equalsIgnoreCase("--validate-arguments")) {
      err.println("ERROR " + SafeText.forLog("unknown arguments " + all + ": splunkd passes"
          + " --scheme, --validate-arguments or nothing (a run)", 500));
      err.flush();
      return 2;
    }
    Writer stdout = new BufferedWriter(new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16);
    if (all.isEmpty()) {
      return run(stdout, err);
    }
    byte[] stdin = System.in.readAllBytes(); // splunkd writes it all and closes it
    if (all.get(0).equalsIgnoreCase("--validate-arguments")) {
      try {
        WinsessionModularInput.checkWellFormed(stdin);
      } catch (javax.xml.stream.XMLStreamException e) {
        String problem = SafeText.forLog("the validation request on stdin is not XML: "
            + e.getMessage(), 500);
        StringBuilder xml = new StringBuilder("<error><message>");
        SafeText.appendXml(xml, problem, false);
        stdout.write(xml.append("</message></error>\n").toString());
        stdout.flush();
        err.println("ERROR " + problem);
        err.flush();
        return 1;
      }
    }
    EventWriter ew = new EventWriter(stdout, err);
    int code = new WinsessionModularInput().run(all.toArray(new String[0]), ew,
        new ByteArrayInputStream(stdin));
    stdout.flush();
    err.flush();
    return code;
  }

  /**
   * A run: the definition read from stdin up to its end, then one run (interval mode) or polls
   * until SIGTERM or stdin's end (long-running mode, a stanza without {@code interval}); the
   * stream is ended with {@code </stream>} whatever happened.
   */
  private static int run(Writer stdout, PrintWriter err) {
    XmlEventStream out = new XmlEventStream(stdout);
    StopSignal stop = new StopSignal();
    int code = 1;
    try {
      code = new WinsessionModularInput().stream(System.in, out, err, stop);
    } finally {
      try {
        out.close(); // </stream>, when a stream was started
      } catch (IOException e) {
        err.println("ERROR " + SafeText.forLog("cannot end the event stream to splunkd (stdout): "
            + e.getMessage(), 500));
        code = 1;
      }
      err.flush();
      stop.finished(code);
    }
    return code;
  }
}
