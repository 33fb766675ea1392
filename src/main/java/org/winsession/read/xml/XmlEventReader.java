package org.winsession.read.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
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

/**
 * Reads Windows event XML: a single {@code <Event>} document, an {@code <Events>} export
 * (wevtutil, evtxexport), or one event per line (Splunk's XmlWinEventLog {@code _raw}), in UTF-8
 * (with or without BOM) or UTF-16 with BOM.
 *
 * <p>Streaming: the reader holds one record at a time (at most {@link ReadLimits#maxRecordBytes()}
 * plus a read buffer), whatever the file size. Each {@code <Event>...</Event>} is framed first and
 * then parsed strictly by {@link XmlEventParser}; a record that is not well-formed, breaks a limit or
 * fails normalization becomes a {@link RejectedRecord} with its byte offset, line and reason, and
 * reading resumes at the next {@code <Event}. Outside events only the XML declaration, comments and
 * the {@code <Events>} wrapper are accepted; other text is reported once per run of it. A DOCTYPE is
 * reported and never processed. Not thread-safe.
 */
public final class XmlEventReader implements EventReader {
  private static final int READ_CHUNK = 1 << 16;
  private static final int LOOKAHEAD = 16;

  private final ReadLimits limits;
  private final XmlEventParser parser;
  private final SourceFormat format;

  private InputStream in;
  private String source;
  private EventSink sink;
  private byte[] buf;
  private int pos;
  private int lim;
  private boolean eof;
  private long base; // stream offset of buf[0]
  private long line; // line number of buf[pos]

  /** A reader with the given limits whose events say {@code source_format = xml}. */
  public XmlEventReader(ReadLimits limits) {
    this(limits, SourceFormat.XML);
  }

  /** A reader whose events carry the given source format (e.g. {@code splunk} for search results). */
  public XmlEventReader(ReadLimits limits, SourceFormat format) {
    this.limits = limits;
    this.parser = new XmlEventParser(limits);
    this.format = format;
  }

  @Override
  public void read(InputStream input, String sourceName, EventSink eventSink) throws IOException {
    this.in = decodeToUtf8(input);
    this.source = sourceName;
    this.sink = eventSink;
    this.buf = new byte[READ_CHUNK * 2];
    this.pos = 0;
    this.lim = 0;
    this.eof = false;
    this.base = 0;
    this.line = 1;
    try {
      run();
    } finally {
      this.buf = null;
      this.in = null;
      this.sink = null;
    }
  }

  private void run() throws IOException {
    boolean junk = false; // inside a run of unexpected text already reported
    while (true) {
      if (lim - pos < LOOKAHEAD && !eof) {
        fill();
        continue;
      }
      if (pos >= lim) {
        return;
      }
      byte c = buf[pos];
      if (c == '<' && isEventStart(pos)) {
        junk = false;
        readEvent();
      } else if (c == '\n') {
        line++;
        pos++;
      } else if (junk || c == ' ' || c == '\r' || c == '\t') {
        pos++;
      } else if (c == '<') {
        int after = wrapperMarkup(pos);
        if (after > 0) {
          advanceTo(after);
        } else if (after == 0) {
          if (lim - pos > limits.maxRecordBytes()) {
            junk = true;
            reject(pos, pos + RejectedRecord.MAX_RAW_CHARS, RejectKind.LIMIT, "markup outside <Event> longer than "
                + limits.maxRecordBytes() + " bytes (read limit maxRecordBytes)");
            pos++;
            continue;
          }
          fill(); // markup longer than the buffer holds: read on
          if (eof && wrapperMarkup(pos) == 0) {
            reject(pos, lim, RejectKind.TRUNCATED, "unterminated markup at the end of the input");
            advanceTo(lim);
          }
        } else {
          junk = true;
          boolean dtd = startsWith(pos, "<!DOCTYPE");
          reject(pos, Math.min(lim, pos + RejectedRecord.MAX_RAW_CHARS),
              dtd ? RejectKind.REFUSED_MARKUP : RejectKind.SYNTAX, dtd
                  ? "document type declaration refused: DTDs and external entities are not"
                      + " processed; skipped to the next <Event>"
                  : "unexpected markup outside any <Event> element: expected <Event>, <Events>,"
                      + " a comment or the XML declaration");
          pos++;
        }
      } else {
        junk = true;
        reject(pos, Math.min(lim, pos + RejectedRecord.MAX_RAW_CHARS), RejectKind.SYNTAX,
            "unexpected text outside any <Event> element");
        pos++;
      }
    }
  }

  /**
   * Markup allowed between events: returns the index after it, 0 when it ends beyond the buffer,
   * or -1 when it is not allowed.
   */
  private int wrapperMarkup(int p) {
    String end;
    if (startsWith(p, "<?")) {
      end = "?>";
    } else if (startsWith(p, "<!--")) {
      end = "-->";
    } else if (startsWith(p, "<Events") && isNameEnd(p + 7)
        || startsWith(p, "</Events") && isNameEnd(p + 8)) {
      end = ">";
    } else {
      return -1;
    }
    int i = indexOf(p + 2, lim, end);
    return i < 0 ? 0 : i + end.length();
  }

  /** Parses the event starting at pos; the end of its root element ends the record. */
  private void readEvent() throws IOException {
    while (true) {
      int end;
      try {
        end = parser.parse(buf, pos, lim, eof);
      } catch (XmlSyntaxException ex) {
        int at = pos + ex.offset;
        XmlSyntaxException.Kind kind = ex.kind;
        if (kind == XmlSyntaxException.Kind.MALFORMED && at > pos && isEventStart(at)) {
          kind = XmlSyntaxException.Kind.NEXT_EVENT; // cut off where the next record begins
        }
        switch (kind) {
          case NEXT_EVENT:
            reject(pos, at, RejectKind.TRUNCATED, "unterminated <Event> element: the next <Event> starts at byte "
                + (base + at));
            advanceTo(at);
            return;
          case TRUNCATED:
            reject(pos, lim, RejectKind.TRUNCATED, ex.getMessage());
            advanceTo(lim);
            return;
          case TOO_LARGE:
            reject(pos, at, RejectKind.LIMIT, ex.getMessage() + "; skipped to the next <Event>");
            skipToNextEvent();
            return;
          default:
            reject(pos, Math.min(lim, pos + RejectedRecord.MAX_RAW_CHARS), RejectKind.SYNTAX,
                "not well-formed XML at byte " + (base + at) + ": " + ex.getMessage(),
                parser.recordIdSoFar());
            skipToNextEvent();
            return;
        }
      }
      if (end < 0) {
        fill(); // the record goes on past the buffer: read more and parse it again
        continue;
      }
      try {
        sink.event(Normalizer.normalize(parser, format));
      } catch (InvalidEventException ex) {
        reject(pos, end, ex.kind(), ex.getMessage(), parser.recordIdSoFar());
      }
      line += parser.newlines();
      pos = end;
      return;
    }
  }

  /** Skips the rest of a bad record: to the next {@code <Event} start, or the end of input. */
  private void skipToNextEvent() throws IOException {
    int from = pos + 1;
    while (true) {
      for (int i = from; i < lim - 7; i++) {
        if (buf[i] == '<' && isEventStart(i)) {
          advanceTo(i);
          return;
        }
      }
      if (eof) {
        advanceTo(lim);
        return;
      }
      advanceTo(Math.max(pos, lim - 7));
      from = pos;
      fill();
    }
  }

  /** Moves pos forward, counting the lines it passes. */
  private void advanceTo(int target) {
    for (int i = pos; i < target; i++) {
      if (buf[i] == '\n') {
        line++;
      }
    }
    pos = target;
  }

  private void reject(int s, int e, RejectKind kind, String reason) {
    reject(s, e, kind, reason, null);
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
    int n = Math.min(e - s, RejectedRecord.MAX_RAW_CHARS);
    String raw = new String(buf, s, Math.max(n, 0), StandardCharsets.UTF_8);
    sink.rejected(new RejectedRecord(source, base + s, line, rid, kind, reason, raw));
  }

  /**
   * Moves buf[pos, lim) to the front and reads at least a chunk more (or to the end of input);
   * grows the buffer when a record needs it.
   */
  private void fill() throws IOException {
    int live = lim - pos;
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, live);
      base += pos;
      pos = 0;
      lim = live;
    }
    if (buf.length - lim < READ_CHUNK) {
      buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, lim + READ_CHUNK));
    }
    int want = buf.length - lim;
    int n = in.readNBytes(buf, lim, want);
    lim += n;
    if (n < want) {
      eof = true;
    }
  }

  /** "<Event" followed by whitespace, '>' or '/': not EventData, EventID or Events. */
  private boolean isEventStart(int i) {
    return i + 6 < lim && startsWith(i, "<Event") && isNameEnd(i + 6);
  }

  private boolean isNameEnd(int i) {
    if (i >= lim) {
      return eof;
    }
    byte c = buf[i];
    return c == ' ' || c == '>' || c == '/' || c == '\n' || c == '\r' || c == '\t';
  }


  private boolean startsWith(int p, String s) {
    if (p + s.length() > lim) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (buf[p + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private int indexOf(int from, int to, String s) {
    for (int i = from; i + s.length() <= to; i++) {
      if (buf[i] == s.charAt(0) && startsWith(i, s)) {
        return i;
      }
    }
    return -1;
  }

  /** Skips a UTF-8 BOM; transcodes UTF-16 (with BOM) to UTF-8. */
  static InputStream decodeToUtf8(InputStream input) throws IOException {
    PushbackInputStream in = new PushbackInputStream(input, 3);
    byte[] head = new byte[3];
    int n = in.readNBytes(head, 0, 3);
    if (n == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
      return in;
    }
    boolean le = n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE;
    boolean be = n >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF;
    if (n > 0) {
      in.unread(head, 0, n);
    }
    if (!le && !be) {
      return in;
    }
    return new Utf8EncodingStream(new InputStreamReader(in, StandardCharsets.UTF_16));
  }
}
