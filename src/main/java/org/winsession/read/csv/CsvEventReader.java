package org.winsession.read.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * {@link LocalTimes}. Rows are grouped by quote balance before parsing, so a bad quote costs its
 * own row (a rejected record with its line number), not the rest of the file. Not thread-safe.
 */
public final class CsvEventReader implements EventReader {
  private static final int MAX_ROW_LINES = 2000;

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
    try (ExportOrder order = new ExportOrder(sink, source, ExportOrder.Direction.NEWEST_FIRST)) {
      try {
        read(in, source, sink, order);
      } catch (IOException e) {
        order.finish(); // what was read is delivered before the failure is reported
        throw e;
      }
      order.finish();
    }
  }

  private void read(InputStream in, String source, EventSink sink, ExportOrder order)
      throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    Layout layout = null;
    Map<String, Integer> columns = new HashMap<>();
    String host = hostFromName(source);
    long lineNo = 0;
    StringBuilder row = new StringBuilder();
    long rowLine = 0;
    int rowLines = 0;
    boolean open = false; // inside a quoted field
    String line;
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (lineNo == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (row.length() == 0) {
        rowLine = lineNo;
        rowLines = 0;
        if (line.isBlank()) {
          continue;
        }
      }
      row.append(line).append('\n');
      rowLines++;
      for (int i = 0; i < line.length(); i++) {
        if (line.charAt(i) == '"') {
          open = !open;
        }
      }
      if (open && rowLines < MAX_ROW_LINES && row.length() < limits.maxRecordBytes()) {
        continue;
      }
      String text = row.toString();
      row.setLength(0);
      if (open) { // a quote that never closes: this row only, then read on from the next line
        open = false;
        reject(sink, source, rowLine, RejectKind.SYNTAX, "row with an unterminated quote (more than "
            + MAX_ROW_LINES + " lines or " + limits.maxRecordBytes() + " bytes)", text);
        continue;
      }
      CSVRecord rec;
      try (CSVParser p = CSVParser.parse(new StringReader(text), CSVFormat.DEFAULT)) {
        List<CSVRecord> recs = p.getRecords();
        if (recs.size() != 1) {
          throw new IOException(recs.size() + " records in one row");
        }
        rec = recs.get(0);
      } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
        reject(sink, source, rowLine, RejectKind.SYNTAX, "not a CSV row: " + e.getMessage(), text);
        continue;
      }
      if (layout == null) {
        layout = layout(rec, columns);
        if (layout == null) {
          reject(sink, source, rowLine, RejectKind.UNRECOGNIZED_INPUT, "CSV of no known layout: expected Event Viewer's"
              + " (Keywords,Date and Time,Source,Event ID,Task Category), PowerShell's"
              + " Export-Csv or Windows 2003's archive columns", text);
          return;
        }
        if (layout != Layout.ARCHIVE_2003) {
          continue; // a header row
        }
      }
      try {
        SecurityEvent e = Normalizer.normalize(fields(layout, rec, columns, host),
            SourceFormat.CSV);
        order.add(e);
      } catch (InvalidEventException ex) {
        reject(sink, source, rowLine, ex.kind(), ex.getMessage(), text);
      }
    }
    if (row.length() > 0) {
      reject(sink, source, rowLine, RejectKind.TRUNCATED, "input ends inside a quoted field (truncated row)",
          row.toString());
    }
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
