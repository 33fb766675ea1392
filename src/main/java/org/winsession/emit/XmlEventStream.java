package org.winsession.emit;

import java.io.IOException;
import java.io.Writer;

/**
 * The modular input's event stream (SPLUNK.md §1.4) written by hand, not by the SDK's
 * {@code EventWriter}: every value goes through {@link SafeText#appendXml}, so the stream is
 * well-formed XML whatever an event holds (no value can end it early, characters XML 1.0 forbids
 * are replaced and {@link #replaced() counted}), {@code <stream>} is written before the first event
 * and {@code </stream>} by {@link #close()} only when a stream was started, and a write failure
 * surfaces as {@link IOException} instead of being swallowed. Not thread-safe.
 */
public final class XmlEventStream implements java.io.Closeable {
  /** No {@code <time>} for the event. */
  public static final long NO_TIME = Long.MIN_VALUE;

  private final Writer out;
  private final StringBuilder buf = new StringBuilder(1024);
  private boolean started;
  private boolean closed;
  private long events;
  private long replaced;

  /** A stream on {@code out}, which the caller buffers and owns. */
  public XmlEventStream(Writer out) {
    this.out = out;
  }

  /**
   * Writes one complete event ({@code unbroken="1"} with {@code <done/>}); {@code host} may be
   * null (splunkd then uses the stanza's), {@code timeMillis} {@link #NO_TIME}.
   */
  public void event(String stanza, String sourcetype, String source, String host,
      long timeMillis, String data) throws IOException {
    if (closed) {
      throw new IOException("the event stream was closed");
    }
    buf.setLength(0);
    if (!started) {
      buf.append("<stream>\n");
    }
    buf.append("<event stanza=\"");
    replaced += SafeText.appendXml(buf, stanza, true);
    buf.append("\" unbroken=\"1\">");
    if (timeMillis != NO_TIME) {
      long abs = Math.abs(timeMillis); // epoch seconds with three decimals, sign first
      int ms = (int) (abs % 1000);
      buf.append("<time>").append(timeMillis < 0 ? "-" : "").append(abs / 1000).append('.')
          .append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10))
          .append((char) ('0' + ms % 10)).append("</time>");
    }
    element("source", source);
    element("sourcetype", sourcetype);
    element("host", host);
    element("data", data);
    buf.append("<done/></event>\n");
    out.write(buf.toString());
    started = true;
    events++;
  }

  private void element(String name, String value) {
    if (value != null) {
      buf.append('<').append(name).append('>');
      replaced += SafeText.appendXml(buf, value, false);
      buf.append("</").append(name).append('>');
    }
  }

  /** Characters replaced by U+FFFD so far because XML 1.0 forbids them. */
  public long replaced() {
    return replaced;
  }

  /** Events written so far. */
  public long events() {
    return events;
  }

  /** Hands everything written so far to the operating system. */
  public void flush() throws IOException {
    out.flush();
  }

  /** Ends the stream ({@code </stream>} when one was started) and flushes; idempotent. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      if (started) {
        out.write("</stream>\n");
      }
    }
    out.flush();
  }
}
