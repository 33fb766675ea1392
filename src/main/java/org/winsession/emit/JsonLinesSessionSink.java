package org.winsession.emit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.winsession.session.SessionEvent;
import org.winsession.session.SessionListener;

/**
 * Writes session events as JSON lines (one object and {@code \n} per event) to a writer the caller
 * owns and closes. A write failure surfaces as {@link UncheckedIOException}: the run must stop, as
 * output that was not written cannot be counted as delivered. Not thread-safe.
 */
public final class JsonLinesSessionSink implements SessionListener {
  private final Writer out;
  private long written;

  /** A sink writing to {@code out}. */
  public JsonLinesSessionSink(Writer out) {
    this.out = out;
  }

  @Override
  public void session(SessionEvent event) {
    try {
      SessionJson.write(event, out);
      out.write('\n');
      written++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write session events", e);
    }
  }

  /** Session events written so far. */
  public long written() {
    return written;
  }
}
