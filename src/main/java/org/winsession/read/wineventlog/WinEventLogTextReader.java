package org.winsession.read.wineventlog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;
import org.winsession.normalize.EventFields;
import org.winsession.normalize.InvalidEventException;
import org.winsession.normalize.MappedFields;
import org.winsession.normalize.Normalizer;
import org.winsession.read.EventReader;
import org.winsession.read.EventSink;
import org.winsession.read.ExportOrder;
import org.winsession.read.ReadLimits;
import org.winsession.read.ReadLimits.Limit;
import org.winsession.read.frame.JoinedLines;
import org.winsession.read.frame.TextFrame;

/**
 * Reads rendered Windows event text:
 *
 * <ul>
 *   <li>Splunk's classic {@code WinEventLog} events ({@code renderXml=false}): a
 *       {@code MM/DD/YYYY hh:mm:ss AM} line, {@code Key=Value} header lines in any order
 *       ({@code EventCode}, {@code ComputerName}, {@code RecordNumber}, {@code LogName} ...), then
 *       {@code Message=} and the rendered message, CRLF or LF (DOMAIN.md §4.2);
 *   <li>Event Viewer's NT5 text export: {@code Event Type:}, {@code Event ID:}, {@code Date:},
 *       {@code Time:}, {@code Computer:}, {@code Description:} and the message (DOMAIN.md §4.5).
 * </ul>
 *
 * <p>Event Viewer's export lists the newest event first (unless the view was sorted otherwise):
 * its events are held and delivered oldest first by {@link ExportOrder} once the input is read.
 * Splunk's classic events are a stream, oldest first and numbered (record numbers the session
 * engine orders by): they are delivered as they are read.
 *
 * <p>The message is mapped to field names by {@link MessageFields}. These shapes carry local
 * time without a zone: it is read in the configured zone. A record that cannot be read becomes a
 * rejected record with its line number and byte offset. Lines are framed by {@link TextFrame}: a
 * record is at most {@link Limit#MAX_RECORD_BYTES} and each of its lines at most
 * {@link Limit#MAX_LINE_BYTES}; past either, the record is rejected whole and reading goes on with
 * the next record, in bounded memory.
 *
 * <p>A classic record is told by its first (date) line. When that line cannot be read (or is
 * missing), the record shows itself by its header: a {@code Key=Value} line of a classic header
 * key ({@code LogName=}, {@code EventCode=} ...) after the message of the record before. That
 * header, with the short line before it (the unreadable date line), is then one rejected record
 * at its own position, and the record before ends where it began. Not thread-safe.
 */
public final class WinEventLogTextReader implements EventReader {
  private static final Pattern CLASSIC_START =
      Pattern.compile("\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}:\\d{2} ?[AaPp][Mm]");
  private static final DateTimeFormatter CLASSIC_TIME =
      DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss[ ]a", Locale.US);
  /** The keys of a classic record's header lines, any of which may come first. */
  private static final java.util.Set<String> CLASSIC_HEADER_KEYS = java.util.Set.of("LogName",
      "SourceName", "EventCode", "EventType", "Type", "ComputerName", "User", "Sid", "SidType",
      "Category", "CategoryString", "TaskCategory", "OpCode", "RecordNumber", "Keywords");
  /** The longest line before such a header still taken for an unreadable date line. */
  private static final int MAX_DATE_LINE_CHARS = 40;
  /** The most characters of an unreadable date line a reason quotes. */
  private static final int MAX_QUOTED_CHARS = 60;
  private final ReadLimits limits;
  private final ZoneId zone;
  private final org.winsession.read.LocalTimes times;

  /**
   * A reader that reads local times by {@code times}: Splunk's classic first line is always
   * {@code MM/DD/YYYY hh:mm:ss AM} in {@code times.zone()}; NT5 exports follow their locale.
   */
  public WinEventLogTextReader(ReadLimits limits, org.winsession.read.LocalTimes times) {
    this.limits = limits;
    this.zone = times.zone();
    this.times = times;
  }

  /** True when a line starts a record of either shape. */
  static boolean isStart(String line) {
    if (line.startsWith("Event Type:")) {
      return true;
    }
    // most lines are not starts: only a line of about 20 chars opening with a digit may be one
    int n = line.length();
    return n >= 18 && n <= 28 && Character.isDigit(line.charAt(0))
        && CLASSIC_START.matcher(line.strip()).matches();
  }

  /**
   * The length of a UTF-8 BOM at the start of {@code b[from, to)}: 3, else 0. A BOM before a
   * record is where two exports were joined ({@code cat a b}), and the record after it is a record
   * like any other.
   */
  private static int bom(byte[] b, int from, int to) {
    return to - from >= 3 && b[from] == (byte) 0xEF && b[from + 1] == (byte) 0xBB
        && b[from + 2] == (byte) 0xBF ? 3 : 0;
  }

  /**
   * {@link #isStart(String)} on a line's bytes, decoding only the few that may be a start; a BOM
   * before the start is passed over ({@link #bom}).
   */
  private static boolean isStart(byte[] b, int from, int to) {
    from += bom(b, from, to);
    int n = to - from;
    if (startsWith(b, from, to, "Event Type:")) {
      return true;
    }
    return n >= 18 && n <= 28 && b[from] >= '0' && b[from] <= '9'
        && isStart(new String(b, from, n, StandardCharsets.US_ASCII));
  }

  @Override
  public void read(InputStream in, String source, EventSink sink) throws IOException {
    read(in, source, sink, TextFrame.DEFAULT_BUFFER_BYTES);
  }

  /**
   * Reads text already in memory (Splunk's {@code _raw} of one event), with a frame no larger than
   * the text instead of the default buffer.
   */
  public void read(byte[] text, String source, EventSink sink) throws IOException {
    read(new java.io.ByteArrayInputStream(text), source, sink,
        Math.min(TextFrame.DEFAULT_BUFFER_BYTES, text.length + 16));
  }

  /** As {@link #read(InputStream, String, EventSink)}, the frame's buffer starting at this size. */
  void read(InputStream in, String source, EventSink sink, int bufferBytes) throws IOException {
    try (ExportOrder order = new ExportOrder(sink, source, ExportOrder.Direction.NEWEST_FIRST)) {
      try {
        read(new TextFrame(in, limits, bufferBytes), source, sink, order);
      } catch (IOException e) {
        order.finish(); // what was read is delivered before the failure is reported
        throw e;
      }
      order.finish();
    }
  }

  /**
   * One record's bytes as they are read: bounded by {@link Limit#MAX_RECORD_BYTES}; past it, or
   * when one of its lines passes {@link Limit#MAX_LINE_BYTES}, the record is only counted (its
   * first bytes kept for the report) and then rejected.
   */
  private final class Record {
    final JoinedLines lines = new JoinedLines(limits, "record length", 1024);
    long offset;
    long line;
    /** A classic record whose {@code Message=} line was read: a header line now starts another. */
    boolean inClassicMessage;
    /** Whether the record is read as classic text (its first line is not "Event Type:"). */
    boolean classic;
    /** Where the last line appended starts. */
    long lastOffset;
    long lastLine;
    /**
     * A record without a readable date line: the reason it is rejected for, else null; its
     * text starts with {@link #dateLine} (null: none), then its lines.
     */
    String broken;
    String dateLine;

    void start(TextFrame.Line first) {
      offset = first.offset();
      line = first.number();
      lastOffset = offset;
      lastLine = line;
      lines.clear();
      lines.append(first);
      byte[] b = first.buffer();
      classic = !startsWith(b, first.start() + bom(b, first.start(), first.end()), first.end(),
          "Event Type:");
      inClassicMessage = false;
      broken = null;
      dateLine = null;
    }

    /** Starts a record at its header, after a date line that cannot be read (or none). */
    void startBroken(String date, long dateOffset, long dateNumber, TextFrame.Line header) {
      start(header);
      if (date != null) {
        offset = dateOffset;
        line = dateNumber;
      }
      dateLine = date;
      broken = "classic record without a readable date line: found " + (date == null
          ? "no date line" : "'" + quoted(date) + "'") + " before its header line "
          + header.number() + ", expected a line like 04/01/2019 07:07:21 PM";
    }

    void append(TextFrame.Line l) {
      lastOffset = l.offset();
      lastLine = l.number();
      lines.append(l);
      if (classic && !inClassicMessage && startsWith(l.buffer(), l.start(), l.end(), "Message=")) {
        inClassicMessage = true;
      }
    }

    /** The record's text, with the date line of a broken record. */
    String text() {
      String text = lines.text();
      return dateLine == null ? text : dateLine + "\n" + text;
    }
  }

  /** Whether {@code b[from, to)} starts with the ASCII text {@code ascii}. */
  private static boolean startsWith(byte[] b, int from, int to, String ascii) {
    int n = ascii.length();
    if (to - from < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (b[from + i] != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a line is a classic header line, {@code Key=Value} of a key of that header. */
  private static boolean isClassicHeader(TextFrame.Line l) {
    byte[] b = l.buffer();
    int from = l.start();
    int to = Math.min(l.end(), from + 16);
    if (from >= to || b[from] < 'A' || b[from] > 'Z') {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      if (b[i] == '=') {
        return CLASSIC_HEADER_KEYS.contains(new String(b, from, i - from,
            StandardCharsets.US_ASCII));
      }
      if (!Character.isLetter(b[i])) {
        return false;
      }
    }
    return false;
  }

  /** A line as a reason quotes it: at most {@link #MAX_QUOTED_CHARS}, controls as \\uXXXX. */
  private static String quoted(String line) {
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < line.length() && i < MAX_QUOTED_CHARS; i++) {
      char c = line.charAt(i);
      if (c < ' ' || c == 0x7F) {
        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        q.append(c);
      }
    }
    return line.length() > MAX_QUOTED_CHARS ? q + "..." : q.toString();
  }

  private void read(TextFrame frame, String source, EventSink sink, ExportOrder order)
      throws IOException {
    Record record = new Record();
    boolean open = false;
    TextFrame.Line line;
    while ((line = frame.nextLine()) != null) {
      if (!line.tooLong() && isStart(line.buffer(), line.start(), line.end())) {
        if (open) {
          finish(record, source, sink, order);
        }
        record.start(line);
        open = true;
      } else if (open && record.inClassicMessage && !line.tooLong() && isClassicHeader(line)) {
        splitAtHeader(record, line, source, sink, order);
      } else if (open) {
        record.append(line);
      } else if (line.tooLong()) {
        sink.rejected(new RejectedRecord(source, line.offset(), line.number(),
            SecurityEvent.NO_RECORD_ID, RejectKind.LIMIT, limits.refusal(Limit.MAX_LINE_BYTES,
                "line length", -1) + ", before the first event", line.toString()));
      } else if (!blank(line)) {
        sink.rejected(new RejectedRecord(source, line.offset(), line.number(),
            SecurityEvent.NO_RECORD_ID, RejectKind.SYNTAX, "text before the first event:"
                + " expected a line like 04/01/2019 07:07:21 PM or Event Type:", line.text()));
      }
    }
    if (open) {
      finish(record, source, sink, order);
    }
  }

  /**
   * A classic header line after the message of {@code record}: another record began there whose
   * date line could not be read. The line before the header, when short and not blank, was that
   * date line: {@code record} ends before it and is finished; the new record, from its date line
   * (or its header when there was none), is rejected once it ends.
   */
  private void splitAtHeader(Record record, TextFrame.Line header, String source,
      EventSink sink, ExportOrder order) {
    String text = record.text();
    String date = null;
    int cut = text.length();
    if (record.lines.refusal() == null && record.lastLine > record.line
        && text.endsWith("\n")) {
      int from = text.lastIndexOf('\n', text.length() - 2) + 1;
      String last = text.substring(from, text.length() - 1);
      if (!last.isBlank() && last.length() <= MAX_DATE_LINE_CHARS && last.indexOf('\t') < 0
          && !last.startsWith("Message=")) {
        date = last;
        cut = from;
      }
    }
    finish(text.substring(0, cut), record, source, sink, order);
    record.startBroken(date, record.lastOffset, record.lastLine, header);
  }

  private static boolean blank(TextFrame.Line l) {
    byte[] b = l.buffer();
    for (int i = l.start(); i < l.end(); i++) {
      if (b[i] != ' ' && b[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  private void finish(Record record, String source, EventSink sink, ExportOrder order) {
    finish(record.text(), record, source, sink, order);
  }

  /** Finishes {@code record} with {@code text}: its own, or its start when another began in it. */
  private void finish(String text, Record record, String source, EventSink sink,
      ExportOrder order) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // the BOM of a joined export, see isStart
    }
    if (record.lines.refusal() != null) {
      sink.rejected(new RejectedRecord(source, record.offset, record.line,
          SecurityEvent.NO_RECORD_ID, RejectKind.LIMIT, record.lines.refusal(), text));
      return;
    }
    if (record.broken != null) {
      sink.rejected(new RejectedRecord(source, record.offset, record.line,
          SecurityEvent.NO_RECORD_ID, RejectKind.SYNTAX, record.broken, text));
      return;
    }
    try {
      boolean export = text.startsWith("Event Type:");
      SecurityEvent e = Normalizer.normalize(export ? nt5Export(text) : classic(text),
          SourceFormat.WINEVENTLOG);
      if (export) {
        order.add(e); // Event Viewer's export: delivered oldest first once the file is read
      } else {
        sink.event(e); // Splunk's stream, oldest first, with record numbers: as it comes
      }
    } catch (InvalidEventException e) {
      sink.rejected(new RejectedRecord(source, record.offset, record.line,
          SecurityEvent.NO_RECORD_ID, e.kind(), e.getMessage(), text));
    }
  }

  private EventFields classic(String text) throws InvalidEventException {
    int firstEnd = text.indexOf('\n');
    int messageAt = text.indexOf("\nMessage=");
    int headerEnd = messageAt < 0 ? text.length() : messageAt;
    Map<String, String> header = new HashMap<>();
    for (int p = firstEnd + 1; p > 0 && p < headerEnd; ) {
      int nl = text.indexOf('\n', p);
      int end = nl < 0 || nl > headerEnd ? headerEnd : nl;
      int eq = text.indexOf('=', p);
      if (eq > p && eq < end) {
        header.put(text.substring(p, eq).strip(), text.substring(eq + 1, end).strip());
      }
      p = end + 1;
    }
    String message = messageAt < 0 ? "" : text.substring(messageAt + 9);
    String time = iso(text.substring(0, firstEnd < 0 ? text.length() : firstEnd).strip(),
        CLASSIC_TIME);
    return fields(header.get("EventCode"), time, header.get("RecordNumber"),
        header.get("LogName"), header.get("ComputerName"), message);
  }

  private EventFields nt5Export(String text) throws InvalidEventException {
    String[] lines = text.split("\n", -1);
    Map<String, String> header = new HashMap<>();
    StringBuilder message = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (l.startsWith("Description:")) {
        for (i++; i < lines.length; i++) {
          message.append(lines[i]).append('\n');
        }
        break;
      }
      int colon = l.indexOf(':');
      if (colon > 0) {
        header.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
      }
    }
    String time = times.toIso(header.getOrDefault("Date", "") + " "
        + header.getOrDefault("Time", ""));
    return fields(header.get("Event ID"), time, null, "Security", header.get("Computer"),
        message.toString());
  }

  private String iso(String local, DateTimeFormatter pattern) throws InvalidEventException {
    try {
      return LocalDateTime.parse(local.strip().toUpperCase(Locale.ROOT), pattern).atZone(zone)
          .toInstant().toString();
    } catch (DateTimeParseException e) {
      throw new InvalidEventException("time '" + local + "': expected a local time like"
          + " 04/01/2019 07:07:21 PM, read in zone " + zone);
    }
  }

  private static EventFields fields(String eventId, String time, String recordId, String channel,
      String computer, String message) throws InvalidEventException {
    return MessageFields.of(eventId, time, recordId, channel, computer, message);
  }
}
