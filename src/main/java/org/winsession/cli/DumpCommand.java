package org.winsession.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.EventSink;
import org.winsession.read.evtx.EvtxEventReader;

/**
 * {@code winsession dump}: an EVTX log as event XML (an {@code <Events>} document), for inspection
 * and for checking the reader against other tools. Damage is reported on standard error.
 */
final class DumpCommand implements Callable<Integer> {
  static final Option<Path> OUTPUT = Option.path("-o, --output", "FILE", "Instead of stdout.");
  static final Command COMMAND = new Command("dump",
      "Write every record of an EVTX log as event XML.",
      List.of("Write every record of an EVTX log as event XML."), List.of(OUTPUT),
      new Command.Positional("FILE", "An .evtx log.", true, false), DumpCommand::new);

  private final Path file;
  private final Path output;

  /** The command with the values read from its command line. */
  DumpCommand(Values v) {
    file = Path.of(v.positionals().get(0));
    output = v.get(OUTPUT);
  }

  @Override
  public Integer call() throws IOException {
    long[] problems = new long[1];
    EventSink report = new EventSink() {
      @Override
      public void event(SecurityEvent event) {
        // not produced while dumping
      }

      @Override
      public void rejected(RejectedRecord r) {
        problems[0]++;
        System.err.println("rejected: " + r.where() + ": " + r.reason());
      }

      @Override
      public void warning(RejectedRecord w) {
        System.err.println("warning: " + w.where() + ": " + w.reason());
      }
    };
    try (InputStream in = Files.newInputStream(file);
        Writer out = output == null
            ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)
            : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      new EvtxEventReader().dump(in, file.toString(), out, report);
      out.flush();
    } catch (IOException e) {
      System.err.println("winsession dump: cannot read " + file + ": " + e.getMessage());
      return 1;
    }
    return 0;
  }
}
