package org.winsession.cli;

import com.splunk.modularinput.EventWriter;
import java.io.ByteArrayInputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.winsession.splunk.WinsessionModularInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code winsession modinput}: what splunkd starts through the app's launcher, with splunkd's own
 * arguments ({@code --scheme}, {@code --validate-arguments}, or none to run). Works around the
 * SDK's known quirks (SPLUNK.md §1.6): the locale of {@code <time>}, a stream that is never
 * flushed, an error logged for an empty stream, and an exit code that must be passed on.
 */
@Command(name = "modinput", description = "The Splunk modular input (started by splunkd).")
final class ModinputCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", hidden = true)
  List<String> args = new ArrayList<>();

  @Unmatched
  List<String> unmatched = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Locale.setDefault(Locale.ROOT); // the SDK formats <time> with the default locale
    List<String> all = new ArrayList<>(args);
    all.addAll(unmatched);
    byte[] stdin = System.in.readAllBytes(); // splunkd writes it all and closes it
    Counting out = new Counting(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8),
        true);
    EventWriter ew = new EventWriter(out, err);
    int code = new WinsessionModularInput().run(all.toArray(new String[0]), ew,
        new ByteArrayInputStream(stdin));
    if (out.streamStarted) {
      ew.close(); // writes </stream>; skipped when no event was written (it would log an error)
    }
    out.flush();
    err.flush();
    return code;
  }

  /** Knows whether an event stream was started on stdout. */
  private static final class Counting extends FilterWriter {
    boolean streamStarted;

    Counting(Writer out) {
      super(out);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
      streamStarted |= s.regionMatches(off, "<stream", 0, Math.min(len, 7));
      super.write(s, off, len);
    }

    @Override
    public void write(char[] c, int off, int len) throws IOException {
      streamStarted |= len >= 7 && new String(c, off, 7).equals("<stream");
      super.write(c, off, len);
    }
  }
}
