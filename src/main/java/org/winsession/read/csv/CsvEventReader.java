package org.winsession.read.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
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
import org.winsession.read.LocalTimes;
import org.winsession.read.ReadLimits;
import org.winsession.read.ReadLimits.Limit;
import org.winsession.read.frame.JoinedLines;
import org.winsession.read.frame.TextFrame;
import java.util.regex.Pattern;
import org.winsession.read.wineventlog.MessageFields;

/**
 * Reads Windows events exported as CSV (Apache Commons CSV), in three layouts told apart by the
 * first row (DOMAIN.md §4.3):
 *
 * <ul>
 *   <li>Event Viewer's "Save as CSV": {@code Keywords,Date and Time,Source,Event ID,Task
 *       Category} and an unnamed sixth column, the multi-line Message. It has no computer column:
 *       the host is the file's name up to its first dot;
 *   <li>PowerShell {@code Get-WinEvent | Export-Csv}: named columns, {@code Id}, {@code RecordId},
 *       {@code MachineName}, {@code LogName}, {@code TimeCreated}, {@code Message};
 *   <li>Windows 2003's archive, without a header: Date, Time, Source, Type, Category, Event,
 *       User, Computer, Description.
 * </ul>
 *
 * <p>Every layout is an export, listed newest first unless saved otherwise: its events are
 * delivered oldest first by {@link ExportOrder} (the direction told by record numbers, where the
 * layout has them, else by times; newest first when nothing tells), after the whole file is read.
 *
 * <p>Fields come from the rendered Message ({@link MessageFields}); times are local, read by
 * {@link LocalTimes}. Lines are framed by {@link TextFrame} and grouped into rows by quote balance
 * before parsing; a row is bounded by {@link Limit#MAX_RECORD_BYTES}, each of its lines by
 * {@link Limit#MAX_LINE_BYTES}, its columns by {@link Limit#MAX_FIELDS} and
 * {@link Limit#MAX_FIELD_CHARS}. A quote that does not close ends at the next line that starts a
 * row of the layout (Event Viewer's and the 2003 archive's; PowerShell's rows have no such mark
 * and end at the record bound), so a bad row costs itself only: a rejected record with its line
 * and byte offset. Not thread-safe.
 */
public final class CsvEventReader implements EventReader {

  private final ReadLimits limits;
  private final LocalTimes times;

  /** A reader with these limits and local-time rules. */
  public CsvEventReader(ReadLimits limits, LocalTimes times) {
    this.limits = limits;
    this.times = times;
  }

  private enum Layout { EVENT_VIEWER, POWERSHELL, ARCHIVE_2003 }

  @Override
  public void read(InputStream in, String source, EventSink sink) throws IOException {
    read(in, source, sink, TextFrame.DEFAULT_BUFFER_BYTES);
  }

  /** As {@link #read(InputStream, String, EventSink)}, the frame's buffer starting at this size. */
  void read(InputStream in, String source, EventSink sink, int bufferBytes) throws IOException {
    try (ExportOrder order = new ExportOrder(sink, source, ExportOrder.Direction.NEWEST_FIRST)) {
      try {
        new Rows(source, sink, order).read(new TextFrame(in, limits, bufferBytes));
      } catch (IOException e) {
        order.finish(); // what was read is delivered before the failure is reported
        throw e;
      }
      order.finish();
    }
  }

  /**
   * A row start as each layout writes it: Event Viewer's keyword then its date, the 2003 archive's
   * date then time. While a row is open (a quote not closed yet, or the row past a bound), such a
   * line ends it as broken and starts the next row, so one bad quote costs one row.
   */
  private static final Pattern EVENT_VIEWER_ROW =
      Pattern.compile("[A-Za-z][A-Za-z ]{0,30},\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{1,4}[ T]\\d.*");
  private static final Pattern ARCHIVE_ROW =
      Pattern.compile("\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{1,4},\\d{1,2}[:.]\\d{2}.*");

  /** The rows of one file: physical lines grouped by quote balance, within the bounds. */
  private final class Rows {
    private final String source;
    private final EventSink sink;
    private final ExportOrder order;
    private final String host;
    private Layout layout;
    private final Map<String, Integer> columns = new HashMap<>();
    private final JoinedLines row = new JoinedLines(limits, "row length", 4096);
    private long rowOffset;
    private long rowLine;
    private boolean open; // inside a quoted field
    private boolean done; // a file of no known layout: the rest is not read

    Rows(String source, EventSink sink, ExportOrder order) {
      this.source = source;
      this.sink = sink;
      this.order = order;
      this.host = hostFromName(source);
    }

    void read(TextFrame frame) throws IOException {
      TextFrame.Line line;
      while ((line = frame.nextLine()) != null && !done) {
        if (row.length() > 0 && (open || row.refusal() != null) && isRowStart(line)) {
          endBroken();
        }
        if (row.length() == 0) {
          if (blank(line)) {
            continue;
          }
          rowOffset = line.offset();
          rowLine = line.number();
        }
        append(line);
        if (!open) {
          if (row.refusal() == null) {
            complete();
          } else {
            endBroken(); // past a bound: rejected whole once its quotes balance
          }
        }
      }
      if (row.length() > 0 && !done) {
        if (row.refusal() != null) {
          endBroken();
        } else {
          reject(RejectKind.TRUNCATED, "input ends inside a quoted field (truncated row)");
        }
      }
    }

    private boolean isRowStart(TextFrame.Line l) {
      Pattern p = layout == Layout.EVENT_VIEWER ? EVENT_VIEWER_ROW
          : layout == Layout.ARCHIVE_2003 ? ARCHIVE_ROW : null;
      if (p == null || l.tooLong() || l.length() < 12) {
        return false;
      }
      byte[] b = l.buffer();
      int comma = -1;
      for (int i = l.start(), e = Math.min(l.end(), l.start() + 32); i < e; i++) {
        if (b[i] == ',') {
          comma = i;
          break;
        }
      }
      return comma > 0 && comma + 1 < l.end() && b[comma + 1] >= '0' && b[comma + 1] <= '9'
          && p.matcher(new String(b, l.start(), Math.min(l.length(), 64),
              StandardCharsets.UTF_8)).matches();
    }

    /**
     * Adds a line to the row, following its quotes as CSV reads them: a quote opens a quoted field
     * only at the start of a field (a line read while none is open starts a row), {@code ""}
     * inside one is a quote, and a quote inside an unquoted field is a plain character. A stray
     * quote thus costs its own row only, not the rows after it.
     */
    private void append(TextFrame.Line l) {
      byte[] b = l.buffer();
      boolean fieldStart = !open;
      for (int i = l.start(), e = l.end(); i < e; i++) {
        byte c = b[i];
        if (open) {
          if (c == '"') {
            if (i + 1 < e && b[i + 1] == '"') {
              i++; // an escaped quote
            } else {
              open = false;
            }
          }
        } else if (c == '"' && fieldStart) {
          open = true;
        }
        fieldStart = !open && c == ',';
      }
      row.append(l);
    }

    private void endBroken() {
      if (row.refusal() != null) {
        reject(RejectKind.LIMIT, row.refusal());
      } else {
        reject(RejectKind.SYNTAX, "row with a quote that does not close before the next row");
      }
    }

    private void reject(RejectKind kind, String reason) {
      String text = row.text();
      row.clear();
      open = false;
      sink.rejected(new RejectedRecord(source, rowOffset, rowLine, SecurityEvent.NO_RECORD_ID,
          kind, reason, text));
    }

    private void complete() {
      String text = row.text();
      CSVRecord rec;
      try (CSVParser p = CSVParser.parse(new StringReader(text), CSVFormat.DEFAULT)) {
        List<CSVRecord> recs = p.getRecords();
        if (recs.size() != 1) {
          throw new IOException(recs.size() + " records in one row");
        }
        rec = recs.get(0);
      } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
        reject(RejectKind.SYNTAX, "not a CSV row: " + e.getMessage());
        return;
      }
      String bound = bounds(rec);
      if (bound != null) {
        reject(RejectKind.LIMIT, bound);
        return;
      }
      if (layout == null) {
        layout = layout(rec, columns);
        if (layout == null) {
          reject(RejectKind.UNRECOGNIZED_INPUT, "CSV of no known layout: expected Event"
              + " Viewer's (Keywords,Date and Time,Source,Event ID,Task Category), PowerShell's"
              + " Export-Csv or Windows 2003's archive columns");
          done = true;
          return;
        }
        if (layout != Layout.ARCHIVE_2003) {
          row.clear();
          return; // a header row
        }
      }
      try {
        order.add(Normalizer.normalize(fields(layout, rec, columns, host), SourceFormat.CSV));
        row.clear();
      } catch (InvalidEventException ex) {
        reject(ex.kind(), ex.getMessage());
      }
    }
  }

  /** The refusal of a row past {@link Limit#MAX_FIELDS} or {@link Limit#MAX_FIELD_CHARS}, or null. */
  private String bounds(CSVRecord rec) {
    if (rec.size() > limits.maxFields()) {
      return limits.refusal(Limit.MAX_FIELDS, "number of columns", rec.size());
    }
    for (int i = 0; i < rec.size(); i++) {
      if (rec.get(i).length() > limits.maxFieldChars()) {
        return limits.refusal(Limit.MAX_FIELD_CHARS, "length of column " + (i + 1),
            rec.get(i).length());
      }
    }
    return null;
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

  private static Layout layout(CSVRecord first, Map<String, Integer> columns) {
    if (first.size() >= 5 && first.get(1).strip().equals("Date and Time")
        && first.get(3).strip().equals("Event ID")) {
      return Layout.EVENT_VIEWER;
    }
    for (int i = 0; i < first.size(); i++) {
      columns.put(first.get(i).strip(), i);
    }
    if (columns.containsKey("Id") && columns.containsKey("TimeCreated")
        && columns.containsKey("Message")) {
      return Layout.POWERSHELL;
    }
    if (first.size() >= 9 && first.get(5).strip().matches("\\d{1,5}")) {
      return Layout.ARCHIVE_2003;
    }
    return null;
  }

  private EventFields fields(Layout layout, CSVRecord rec, Map<String, Integer> columns,
      String fileHost) throws InvalidEventException {
    String id;
    String time;
    String recordId = null;
    String channel = "Security";
    String computer;
    String message;
    switch (layout) {
      case EVENT_VIEWER:
        need(rec, 6);
        id = rec.get(3);
        time = times.toIso(rec.get(1));
        computer = fileHost;
        message = rec.get(5);
        break;
      case POWERSHELL:
        id = col(rec, columns, "Id");
        time = times.toIso(col(rec, columns, "TimeCreated"));
        recordId = col(rec, columns, "RecordId");
        channel = columns.containsKey("LogName") ? col(rec, columns, "LogName") : channel;
        computer = col(rec, columns, "MachineName");
        message = col(rec, columns, "Message");
        break;
      default:
        need(rec, 9);
        id = rec.get(5);
        time = times.toIso(rec.get(0) + " " + rec.get(1));
        computer = rec.get(7);
        message = rec.get(8);
        break;
    }
    return MessageFields.of(id, time, recordId, channel, computer, message);
  }

  private static String col(CSVRecord rec, Map<String, Integer> columns, String name)
      throws InvalidEventException {
    Integer i = columns.get(name);
    if (i == null || i >= rec.size()) {
      throw new InvalidEventException("row without a " + name + " column");
    }
    return rec.get(i);
  }

  private static void need(CSVRecord rec, int n) throws InvalidEventException {
    if (rec.size() < n) {
      throw new InvalidEventException("row of " + rec.size() + " columns: expected " + n);
    }
  }

  /** "exports/DC01.Security.csv" gives "DC01". */
  static String hostFromName(String source) {
    String s = source.substring(Math.max(source.lastIndexOf('/'),
        Math.max(source.lastIndexOf('\\'), source.lastIndexOf('!'))) + 1);
    int dot = s.indexOf('.');
    return dot > 0 ? s.substring(0, dot) : s;
  }

  private static void reject(EventSink sink, String source, long line, RejectKind kind,
      String reason, String raw) {
    sink.rejected(new RejectedRecord(source, -1, line, SecurityEvent.NO_RECORD_ID, kind, reason,
        raw));
  }
}
