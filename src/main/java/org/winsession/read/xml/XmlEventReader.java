package org.winsession.read.xml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;
import org.winsession.normalize.InvalidEventException;
import org.winsession.normalize.Normalizer;
import org.winsession.read.EventReader;
import org.winsession.read.EventSink;
import org.winsession.read.ReadLimits;
import org.winsession.read.frame.TextFrame;

/**
 * Reads Windows event XML: a single {@code <Event>} document, an {@code <Events>} export
 * (wevtutil, evtxexport), or one event per line (Splunk's XmlWinEventLog {@code _raw}), in UTF-8
 * (with or without BOM) or UTF-16 with BOM.
 *
 * <p>Streaming through a {@link TextFrame}: the reader holds one record at a time (at most
 * {@link ReadLimits#maxRecordBytes()} plus a read buffer), whatever the input size. Each
 * {@code <Event>...</Event>} is framed and parsed strictly by {@link XmlEventParser}; a record that
 * is not well-formed, breaks a limit or fails normalization becomes a {@link RejectedRecord} with
 * its byte offset, line, {@link RejectKind} and reason, and reading resumes at the next
 * {@code <Event}: a bad record costs only itself. A record the input ends inside (an unterminated
 * comment, CDATA section or processing instruction included) ends where the next {@code <Event}
 * starts; one past the record bound is skipped to the next {@code <Event}. Outside events only the
 * XML declaration, comments and the {@code <Events>} wrapper are accepted; other text is reported
 * once per run of it. A DOCTYPE is reported and never processed.
 *
 * <p>A record that is not complete in the buffered bytes is parsed again once more bytes arrived:
 * after every read while it is short, then once it has grown by an eighth, so that parsing a record
 * costs a bounded multiple of its length however short the reads are. Not thread-safe.
 */
public final class XmlEventReader implements EventReader {
  private static final int LOOKAHEAD = 16;
  /** Below this many bytes, a record not yet complete is parsed again after every read. */
  private static final int EAGER_BYTES = 256;

  private final ReadLimits limits;
  private final XmlEventParser parser;
  private final SourceFormat format;
  private final int bufferBytes;

  private final TerminatorScan scan = new TerminatorScan();
  private TextFrame frame;
  private String source;
  private EventSink sink;

  /** A reader with the given limits whose events say {@code source_format = xml}. */
  public XmlEventReader(ReadLimits limits) {
    this(limits, SourceFormat.XML);
  }

  /** A reader whose events carry the given source format (e.g. {@code splunk} for search results). */
  public XmlEventReader(ReadLimits limits, SourceFormat format) {
    this(limits, format, TextFrame.DEFAULT_BUFFER_BYTES);
  }

  /** A reader whose read buffer starts at {@code bufferBytes} (tests use a few bytes). */
  XmlEventReader(ReadLimits limits, SourceFormat format, int bufferBytes) {
    this.limits = limits;
    this.parser = new XmlEventParser(limits);
    this.format = format;
    this.bufferBytes = bufferBytes;
  }

  @Override
  public void read(InputStream input, String sourceName, EventSink eventSink) throws IOException {
    this.frame = new TextFrame(input, limits, bufferBytes);
    this.scan.reset();
    this.source = sourceName;
    this.sink = eventSink;
    try {
      run();
    } finally {
      this.frame = null;
      this.sink = null;
    }
  }

  private void run() throws IOException {
    TextFrame f = frame;
    while (true) {
      if (f.available() < LOOKAHEAD && !f.atEof()) {
        f.fill();
        continue;
      }
      int pos = f.start();
      if (pos >= f.end()) {
        return;
      }
      byte c = f.buffer()[pos];
      if (c == '<' && isEventStart(pos)) {
        readEvent();
      } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        f.advance(pos + 1);
      } else if (c == '<') {
        int after = wrapperMarkup(pos);
        if (after > 0) {
          f.advance(after);
        } else if (after < 0) {
          boolean dtd = startsWith(pos, "<!DOCTYPE");
          boolean wrapper = startsWith(pos, "<Events") || startsWith(pos, "</Events");
          reject(pos, nextEventStart(pos + 1), dtd ? RejectKind.REFUSED_MARKUP : RejectKind.SYNTAX, dtd
              ? "document type declaration refused: DTDs and external entities are not"
                  + " processed; skipped to the next <Event>"
              : wrapper ? "unterminated <Events> tag: '<' before its '>'; resumed at the next <Event>"
              : "unexpected markup outside any <Event> element: expected <Event>, <Events>,"
                  + " a comment or the XML declaration; skipped to the next <Event>", null);
          skipToNextEvent();
        } else if (f.atEof() || f.available() > limits.maxRecordBytes()) {
          boolean cut = f.atEof();
          reject(pos, nextEventStart(pos + 1), cut ? RejectKind.TRUNCATED : RejectKind.LIMIT, cut
              ? "unterminated markup outside any <Event> element: the input ends inside it;"
                  + " resumed at the next <Event>"
              : limits.refusal(ReadLimits.Limit.MAX_RECORD_BYTES, "markup outside <Event> length",
                  -1) + "; skipped to the next <Event>", null);
          skipToNextEvent();
        } else {
          readMore(f.available()); // the markup goes on past the buffered bytes
        }
      } else {
        reject(pos, nextEventStart(pos + 1), RejectKind.SYNTAX,
            "unexpected text outside any <Event> element; skipped to the next <Event>", null);
        skipToNextEvent();
      }
    }
  }

  /**
   * Markup allowed between events: returns the index after it, 0 when it ends beyond the buffered
   * bytes, or -1 when it is not allowed.
   */
  private int wrapperMarkup(int p) {
    String end;
    if (startsWith(p, "<?")) {
      end = "?>";
    } else if (startsWith(p, "<!--")) {
      end = "-->";
    } else if (startsWith(p, "<Events") && isNameEnd(p + 7)
        || startsWith(p, "</Events") && isNameEnd(p + 8)) {
      return tagEnd(p + 2);
    } else {
      return -1;
    }
    int i = scan.indexOf(frame.buffer(), p + 2, frame.end(), frame.offset(0), end);
    return i < 0 ? 0 : i + end.length();
  }

  /**
   * The index after the {@code >} that ends the wrapper tag whose name starts before {@code from}
   * (a {@code >} in a quoted attribute value does not), 0 when the buffered bytes end first, or -1
   * when a {@code <} comes first: a tag never holds one, so a tag cut off before the next record
   * ends there and does not swallow it.
   */
  private int tagEnd(int from) {
    byte[] buf = frame.buffer();
    byte quote = 0;
    for (int i = from, lim = frame.end(); i < lim; i++) {
      byte c = buf[i];
      if (c == '<') {
        return -1;
      } else if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return i + 1;
      }
    }
    return 0;
  }

  /**
   * Reads until the window has grown past {@code tried} bytes: by one read while it is short, by
   * an eighth once it is long (each read a single call), or to the end of input or the bound.
   */
  private void readMore(int tried) throws IOException {
    TextFrame f = frame;
    long want = tried < EAGER_BYTES ? tried + 1L : tried + (tried >> 3);
    do {
      f.fill();
    } while (f.available() < want && !f.atEof() && !f.isFull());
  }

  /** Bytes examined for comment, CDATA, PI and tag terminators in the last read (for tests). */
  long terminatorBytesScanned() {
    return scan.scanned();
  }

  /** Parses the event starting at the window's start; the end of its root element ends it. */
  private void readEvent() throws IOException {
    TextFrame f = frame;
    while (true) {
      int pos = f.start();
      int lim = f.end();
      int end;
      try {
        end = parser.parse(f.buffer(), pos, lim, f.atEof(), scan, f.offset(0));
      } catch (XmlSyntaxException ex) {
        rejectRecord(ex);
        return;
      }
      if (end < 0) {
        readMore(lim - pos); // the record goes on past the buffered bytes
        continue;
      }
      try {
        sink.event(Normalizer.normalize(parser, format));
      } catch (InvalidEventException ex) {
        reject(pos, end, ex.kind(), ex.getMessage(), parser.recordIdSoFar());
      }
      f.advance(end);
      return;
    }
  }

  /** Reports a record the parser refused, and moves to where reading resumes. */
  private void rejectRecord(XmlSyntaxException ex) throws IOException {
    TextFrame f = frame;
    String rid = parser.recordIdSoFar(); // before any fill moves the bytes it points into
    XmlSyntaxException.Kind kind = ex.kind;
    if (kind == XmlSyntaxException.Kind.MALFORMED && ex.offset > 0
        && f.buffer()[f.start() + ex.offset] == '<') {
      // is it where the next record begins? read enough to tell "<Event " from "<EventData"
      while (f.end() - (f.start() + ex.offset) < 7 && !f.atEof() && !f.isFull()) {
        f.fill();
      }
      if (isEventStart(f.start() + ex.offset)) {
        kind = XmlSyntaxException.Kind.NEXT_EVENT; // cut off where the next record begins
      }
    }
    int pos = f.start();
    int at = pos + ex.offset;
    switch (kind) {
      case NEXT_EVENT:
        reject(pos, at, RejectKind.TRUNCATED, "unterminated <Event> element: the next <Event>"
            + " starts at byte " + f.offset(at), rid);
        f.advance(at);
        return;
      case TRUNCATED:
        int next = nextEventStart(pos + 1);
        reject(pos, next, RejectKind.TRUNCATED, ex.getMessage() + (next < f.end()
            ? "; resumed at the next <Event> at byte " + f.offset(next) : ""), rid);
        f.advance(next);
        return;
      case TOO_LARGE:
        reject(pos, nextEventStart(pos + 1), RejectKind.LIMIT, ex.getMessage()
            + (parser.openConstruct() == null ? ""
            : " (inside " + parser.openConstruct() + ")") + "; skipped to the next <Event>", rid);
        skipToNextEvent();
        return;
      default:
        reject(pos, nextEventStart(pos + 1), ex.reject, "not well-formed XML at byte " + f.offset(at) + ": "
            + ex.getMessage() + "; skipped to the next <Event>", rid);
        skipToNextEvent();
    }
  }

  /** The first {@code <Event} start at or after {@code from} in the window, else its end. */
  private int nextEventStart(int from) {
    byte[] buf = frame.buffer();
    int lim = frame.end();
    for (int i = from; i < lim; i++) {
      if (buf[i] == '<' && isEventStart(i)) {
        return i;
      }
    }
    return lim;
  }

  /**
   * Consumes the rest of a bad record: up to the next {@code <Event} start after the window's
   * first byte, reading (one read at a time, in bounded memory) as far as it takes, or to the end
   * of input.
   */
  private void skipToNextEvent() throws IOException {
    TextFrame f = frame;
    int rel = 1; // where to scan from, relative to the window's start
    while (true) {
      int lim = f.end();
      int i = nextEventStart(f.start() + rel);
      if (i < lim) {
        f.advance(i);
        return;
      }
      if (f.atEof()) {
        f.advance(lim);
        return;
      }
      // an "<Event" in the last 6 bytes is not decided yet: keep them, let the rest go
      f.advance(Math.max(f.start() + rel, lim - 6));
      rel = 0;
      f.fill();
    }
  }

  private void reject(int s, int e, RejectKind kind, String reason, String recordId) {
    long rid = SecurityEvent.NO_RECORD_ID;
    if (recordId != null) {
      try {
        rid = Long.parseLong(recordId.strip());
      } catch (NumberFormatException ignored) {
        rid = SecurityEvent.NO_RECORD_ID; // the reason already says what is wrong with the record
      }
    }
    int n = Math.max(0, Math.min(e - s, RejectedRecord.MAX_RAW_CHARS));
    String raw = new String(frame.buffer(), s, n, StandardCharsets.UTF_8);
    sink.rejected(new RejectedRecord(source, frame.offset(s), frame.line(), rid, kind, reason,
        raw));
  }

  /** "<Event" followed by whitespace, '>' or '/': not EventData, EventID or Events. */
  private boolean isEventStart(int i) {
    return i + 6 < frame.end() && startsWith(i, "<Event") && isNameEnd(i + 6);
  }

  private boolean isNameEnd(int i) {
    if (i >= frame.end()) {
      return frame.atEof();
    }
    byte c = frame.buffer()[i];
    return c == ' ' || c == '>' || c == '/' || c == '\n' || c == '\r' || c == '\t';
  }

  private boolean startsWith(int p, String s) {
    byte[] buf = frame.buffer();
    if (p + s.length() > frame.end()) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (buf[p + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
