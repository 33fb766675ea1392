package org.winsession.read.json;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;
import org.winsession.normalize.EventFields;
import org.winsession.normalize.InvalidEventException;
import org.winsession.normalize.Normalizer;
import org.winsession.read.EventReader;
import org.winsession.read.EventSink;
import org.winsession.read.ExportOrder;
import org.winsession.read.ReadLimits;
import org.winsession.read.ReadLimits.Limit;
import org.winsession.read.frame.TextFrame;
import org.winsession.read.xml.XmlEventReader;

/**
 * Reads JSON lines (one object a line), in the shapes Windows events are shipped in (DOMAIN.md
 * §4.4):
 *
 * <ul>
 *   <li>NXLog {@code im_msvistalog}: EventData names flattened to the top level next to
 *       {@code EventID}, {@code RecordNumber}, {@code Channel}, {@code Hostname}; the time is
 *       {@code EventTime} when it carries a zone, else {@code @timestamp} (UTC), else
 *       {@code EventTime} read in the configured zone; NXLog {@code im_mseventlog} (NT5 hosts):
 *       no insertion strings, the fields are read from the rendered {@code Message};
 *   <li>Winlogbeat / Elastic ECS: {@code winlog.event_data.*} (or {@code winlog.user_data.*}),
 *       {@code winlog.event_id}, {@code winlog.record_id}, {@code winlog.channel},
 *       {@code winlog.computer_name}, {@code @timestamp};
 *   <li>Splunk's export ({@code {"result":{"_raw":...,"host":...}}}) whose {@code _raw} is event
 *       XML or classic WinEventLog text; Splunk's {@code host} is the host;
 *
 *   <li>PowerShell's {@code Get-WinEvent | ConvertTo-Json}, as lines ({@code -Compress}) or as one
 *       JSON array: positional {@code Properties}, named through {@code ModernPositions}.
 * </ul>
 *
 * <p>The input is JSON lines, or one or more JSON arrays (as appended exports write them)
 * followed by any JSON lines: after an array's closing bracket, another array is read when the
 * next text opens one; else the rest of the array's last line and the lines after it are read as
 * JSON lines. Nothing after an array is dropped: text that is no JSON object is a rejected record
 * with its line, like any other line.
 *
 * <p>A line that is not JSON, breaks a limit (line length, nesting, field count) or is of no known
 * shape becomes a rejected record with its line number; the next line is read. Streaming: memory
 * is bounded by the longest line allowed. Not thread-safe.
 *
 * <p>A line is read in one pass over its bytes by {@link JsonLineScanner}, which decodes only
 * the values the shape asks for; a line it does not take (no JSON, near a bound, a Splunk export,
 * a rarer shape) is read with Gson's streaming reader into a tree of dotted paths, whose verdict
 * stands. Both feed {@link JsonShapes}, so both give the same event.
 */
public final class JsonLinesEventReader implements EventReader {
  /** Keys no shape reads: the rendered message (half of an NXLog line) and raw copies. */
  private static final java.util.Set<String> UNREAD = java.util.Set.of("Message", "message",
      "event.original", "winlog.event_data.Message");

  private final ReadLimits limits;
  private final java.time.ZoneId zone;
  private final XmlEventReader rawXml;
  private final org.winsession.read.wineventlog.WinEventLogTextReader rawText;
  private final JsonLineScanner scanner;

  /**
   * A reader with these limits (the longest line is {@link ReadLimits#maxRecordBytes()}); classic
   * text inside Splunk exports is read with {@code times}.
   */
  public JsonLinesEventReader(ReadLimits limits, org.winsession.read.LocalTimes times) {
    this(limits, times, true);
  }

  /** As the public constructor; without {@code scan}, every line is read with Gson (for tests). */
  JsonLinesEventReader(ReadLimits limits, org.winsession.read.LocalTimes times, boolean scan) {
    this.limits = limits;
    this.zone = times.zone();
    this.rawXml = new XmlEventReader(limits, SourceFormat.SPLUNK);
    this.rawText = new org.winsession.read.wineventlog.WinEventLogTextReader(limits, times);
    this.scanner = scan ? new JsonLineScanner(limits) : null;
  }

  @Override
  public void read(InputStream input, String source, EventSink sink) throws IOException {
    read(input, source, sink, TextFrame.DEFAULT_BUFFER_BYTES);
  }

  /** As {@link #read(InputStream, String, EventSink)}, the frame's buffer starting at this size. */
  void read(InputStream input, String source, EventSink sink, int bufferBytes)
      throws IOException {
    TextFrame frame = new TextFrame(input, limits, bufferBytes);
    while (firstSignificantByte(frame) == '[') {
      readArray(frame, source, sink); // consumes the input up to the array's closing bracket
    }
    readLines(frame, source, sink); // the rest of the last array's line, and the lines after
  }

  /** The first byte that is not white space (the BOM is the frame's), or -1; nothing consumed. */
  private static int firstSignificantByte(TextFrame frame) throws IOException {
    int seen = 0;
    while (true) {
      byte[] b = frame.buffer();
      for (int i = frame.start() + seen; i < frame.end(); i++) {
        byte c = b[i];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          return c & 0xFF;
        }
      }
      seen = frame.available();
      if (frame.atEof() || frame.isFull()) {
        return -1;
      }
      frame.fill();
    }
  }

  /**
   * A JSON array of event objects ({@code Get-WinEvent | ConvertTo-Json}), an export listed newest
   * first: its events are delivered oldest first by {@link ExportOrder}. An element that is no
   * event, or passes the depth, field or field-length bound, is read to its end and rejected by
   * its index; broken JSON, or an element past {@link Limit#MAX_RECORD_BYTES}, ends the array
   * with one rejected record, as the rest of it cannot be told apart. The array ends at its
   * closing bracket ({@link ArrayBytes}); what follows it is read on by {@link #read}.
   */
  private void readArray(TextFrame frame, String source, EventSink sink) throws IOException {
    ArrayBytes bytes = new ArrayBytes(frame);
    Bounded chars = new Bounded(new java.io.InputStreamReader(bytes, StandardCharsets.UTF_8),
        limits);
    JsonReader r = reader(chars);
    int index = 0;
    try (ExportOrder order = new ExportOrder(sink, source, ExportOrder.Direction.NEWEST_FIRST)) {
      try {
        r.beginArray();
        while (r.hasNext()) {
          chars.restart();
          recover = true;
          refusal = null;
          Map<String, String> flat = new HashMap<>();
          boolean object = r.peek() == JsonToken.BEGIN_OBJECT;
          if (object) {
            flatten(r, "", flat, 2, false);
          } else {
            skip(r, 2);
          }
          try {
            if (refusal != null) {
              throw new InvalidEventException(RejectKind.LIMIT, refusal);
            }
            if (!object) {
              throw new InvalidEventException("expected an event object");
            }
            order.add(Normalizer.normalize(JsonShapes.fields(flat, zone), SourceFormat.JSON));
          } catch (InvalidEventException ex) {
            reject(sink, source, -1, -1, ex.kind(), "JSON array element " + index + ": "
                + ex.getMessage(), flat.toString());
          }
          index++;
        }
      } catch (InvalidEventException impossible) {
        throw new IllegalStateException(impossible); // bounds are remembered while recovering
      } catch (IOException | IllegalStateException | NumberFormatException ex) {
        String why = refusal != null ? refusal // the first bound passed, e.g. max_depth
            : ex instanceof RecordTooLong ? ex.getMessage()
            : "not JSON: " + syntaxWords(ex.getMessage());
        reject(sink, source, -1, -1, refusal != null || ex instanceof RecordTooLong
            ? RejectKind.LIMIT : RejectKind.SYNTAX, "JSON array element " + index + ": " + why
            + "; the elements before it were read, the rest of the array cannot be told apart",
            "");
      } finally {
        recover = false;
      }
      bytes.drain(); // to its closing bracket (after a failure); what follows is read on
      order.finish();
    }
  }

  /**
   * The bytes of one JSON array, taken from the frame's window up to and including its closing
   * bracket, and no further: the stream ends there, so neither the decoder nor Gson reads ahead
   * into what follows, which the frame still holds (with its offset and line) for the next read.
   * Where the array ends is told by brackets outside strings, as JSON's grammar has it; a broken
   * array whose brackets never balance ends with the input. Memory: a few counters.
   */
  private static final class ArrayBytes extends InputStream {
    private final TextFrame frame;
    private long depth;
    private boolean inString;
    private boolean escaped;
    private boolean ended;

    ArrayBytes(TextFrame frame) {
      this.frame = frame;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (ended) {
        return -1;
      }
      while (frame.available() == 0) {
        if (frame.fill() < 0 && frame.available() == 0) {
          ended = true;
          return -1;
        }
      }
      byte[] buf = frame.buffer();
      int from = frame.start();
      int to = Math.min(frame.end(), from + len);
      int i = from;
      while (i < to && !ended) {
        byte c = buf[i++];
        if (inString) {
          if (escaped) {
            escaped = false;
          } else if (c == '\\') {
            escaped = true;
          } else if (c == '"') {
            inString = false;
          }
        } else if (c == '"') {
          inString = true;
        } else if (c == '[' || c == '{') {
          depth++;
        } else if (c == ']' || c == '}') {
          ended = --depth <= 0;
        }
      }
      int n = i - from;
      System.arraycopy(buf, from, b, off, n);
      frame.advance(i);
      return n;
    }

    /** Consumes the rest of the array (after Gson gave up on it), in bounded memory. */
    void drain() throws IOException {
      byte[] sink = new byte[8192];
      while (read(sink, 0, sink.length) >= 0) {
        // the array's bytes are reported in its one rejection
      }
    }
  }

  /** A record longer than {@link ReadLimits.Limit#MAX_RECORD_BYTES}. */
  private static final class RecordTooLong extends IOException {
    private static final long serialVersionUID = 1L;

    RecordTooLong(String message) {
      super(message, null);
    }
  }

  /** A reader that fails once more than the record bound was read since {@link #restart}. */
  private static final class Bounded extends java.io.FilterReader {
    private final ReadLimits limits;
    private long count;

    Bounded(java.io.Reader in, ReadLimits limits) {
      super(in);
      this.limits = limits;
    }

    void restart() {
      count = 0;
    }

    @Override
    public int read(char[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count += Math.max(n, 0);
      if (count > limits.maxRecordBytes() + (1L << 13)) { // Gson reads ahead up to 8 KiB
        throw new RecordTooLong(limits.refusal(Limit.MAX_RECORD_BYTES, "array element length",
            -1));
      }
      return n;
    }
  }

  private void readLines(TextFrame frame, String source, EventSink sink) throws IOException {
    TextFrame.Line line;
    while ((line = frame.nextLine()) != null) {
      if (line.tooLong()) {
        reject(sink, source, line.offset(), line.number(), RejectKind.LIMIT,
            limits.refusal(Limit.MAX_LINE_BYTES, "line length", -1)
                + "; skipped to the next line",
            new String(line.buffer(), line.start(), Math.min(line.length(), 256),
                StandardCharsets.UTF_8));
        continue;
      }
      line(sink, source, line.offset(), line.number(), line.buffer(), line.start(), line.end());
    }
  }

  private void line(EventSink sink, String source, long offset, long lineNo, byte[] b, int from,
      int to) {
    int s = from;
    int e = to;
    while (s < e && (b[s] == ' ' || b[s] == '\t')) {
      s++;
    }
    while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t' || b[e - 1] == '\r' || b[e - 1] == ',')) {
      e--;
    }
    if (s == e) {
      return; // blank line
    }
    if (e - s > limits.maxRecordBytes()) {
      reject(sink, source, offset, lineNo, RejectKind.LIMIT, limits.refusal(
          Limit.MAX_RECORD_BYTES, "record length", e - s),
          new String(b, s, 256, StandardCharsets.UTF_8));
      return;
    }
    if (scanner != null && scanner.scan(b, s, e) && fast(sink, source, offset, lineNo, b, s, e)) {
      return;
    }
    String text = new String(b, s, e - s, StandardCharsets.UTF_8);
    Map<String, String> flat = new HashMap<>();
    try {
      JsonReader r = reader(new StringReader(text));
      if (r.peek() != JsonToken.BEGIN_OBJECT) {
        throw new IOException("expected a JSON object, found " + r.peek());
      }
      flatten(r, "", flat, 1, false);
      if (r.peek() != JsonToken.END_DOCUMENT) {
        throw new IOException("text after the JSON object");
      }
      if (!flat.containsKey("Message") && JsonShapes.needsMessage(JsonShapes.of(flat))) {
        flat.clear(); // the message came before the event id: read the line again, keeping it
        flatten(reader(new StringReader(text)), "", flat, 1, true);
      }
    } catch (InvalidEventException ex) {
      reject(sink, source, offset, lineNo, ex.kind(), ex.getMessage(), text);
      return;
    } catch (IOException | IllegalStateException | NumberFormatException ex) {
      reject(sink, source, offset, lineNo, RejectKind.SYNTAX, "not a JSON object: "
          + syntaxWords(ex.getMessage()), text);
      return;
    }
    try {
      if (flat.containsKey("result._raw")) {
        splunkExport(sink, source, offset, lineNo, flat, text);
        return;
      }
      if (!flat.containsKey("result._raw") && (flat.containsKey("lastrow")
          || (flat.containsKey("preview") && !flat.containsKey("EventID")))) {
        return; // Splunk export metadata (preview, messages, lastrow): no event record
      }
      EventFields fields = JsonShapes.fields(flat, zone);
      SecurityEvent event = Normalizer.normalize(fields, SourceFormat.JSON);
      sink.event(event);
    } catch (InvalidEventException ex) {
      reject(sink, source, offset, lineNo, ex.kind(), ex.getMessage(), text);
    }
  }

  /**
   * A line the {@link JsonLineScanner} read, when it is of a shape read by name (NXLog,
   * Winlogbeat): normalized from the scanner's table, by the rules the general way applies to
   * Gson's tree. False (nothing reported) for any other line, which is then read the general way:
   * Splunk exports and their metadata, Get-WinEvent lines, records of no known shape, and an NT5
   * event whose Message came before its EventID.
   */
  private boolean fast(EventSink sink, String source, long offset, long lineNo, byte[] b, int s,
      int e) {
    JsonLineScanner f = scanner;
    if (f.has("result._raw") || f.has("lastrow") || f.has("preview") || !JsonShapes.isNamed(f)
        || !f.has("Message") && JsonShapes.needsMessage(f)) {
      return false;
    }
    SecurityEvent event;
    try {
      event = Normalizer.normalize(JsonShapes.fields(f, zone), SourceFormat.JSON);
    } catch (InvalidEventException ex) {
      reject(sink, source, offset, lineNo, ex.kind(), ex.getMessage(),
          new String(b, s, e - s, StandardCharsets.UTF_8));
      return true;
    }
    sink.event(event);
    return true;
  }

  /** A Splunk export line: its _raw is read as event XML, its host is Splunk's. */
  private void splunkExport(EventSink sink, String source, long offset, long lineNo,
      Map<String, String> flat, String text) throws InvalidEventException {
    String raw = flat.get("result._raw");
    String host = flat.get("result.host");
    boolean xml = raw.stripLeading().startsWith("<");
    byte[] rawBytes = raw.getBytes(StandardCharsets.UTF_8);
    int[] seen = new int[1];
    try {
      EventSink each = new EventSink() {
            @Override
            public void event(SecurityEvent e) {
              seen[0]++;
              SecurityEvent fromSplunk = e.sourceFormat() == SourceFormat.SPLUNK ? e
                  : withFormat(e, SourceFormat.SPLUNK);
              sink.event(host == null || host.isBlank() ? fromSplunk
                  : withHost(fromSplunk, host.strip()));
            }

            @Override
            public void rejected(RejectedRecord r) {
              seen[0]++;
              reject(sink, source, offset, lineNo, r.kind(), "_raw: " + r.reason(), text);
            }
          };
      if (xml) {
        rawXml.read(new ByteArrayInputStream(rawBytes), source + " line " + lineNo, each);
      } else {
        rawText.read(rawBytes, source + " line " + lineNo, each); // a frame the size of _raw
      }
    } catch (IOException impossible) {
      throw new java.io.UncheckedIOException(impossible);
    }
    if (seen[0] == 0) {
      throw new InvalidEventException("Splunk export whose _raw holds no event");
    }
  }

  private static SecurityEvent withFormat(SecurityEvent e, SourceFormat f) {
    return new SecurityEvent(e.host(), e.channel(), e.recordId(), e.timeMillis(), e.eventCode(),
        e.kind(), e.logonId(), e.linkedLogonId(), e.user(), e.domain(), e.userSid(),
        e.logonType(), e.authPackage(), e.logonProcess(), e.lmPackage(), e.srcIp(), e.srcPort(),
        e.srcWorkstation(), e.processName(), e.elevated(), e.virtualAccount(), e.logonGuid(),
        e.status(), e.subStatus(), f);
  }

  private static SecurityEvent withHost(SecurityEvent e, String host) {
    return new SecurityEvent(host, e.channel(), e.recordId(), e.timeMillis(), e.eventCode(),
        e.kind(), e.logonId(), e.linkedLogonId(), e.user(), e.domain(), e.userSid(),
        e.logonType(), e.authPackage(), e.logonProcess(), e.lmPackage(), e.srcIp(), e.srcPort(),
        e.srcWorkstation(), e.processName(), e.elevated(), e.virtualAccount(), e.logonGuid(),
        e.status(), e.subStatus(), e.sourceFormat());
  }

  private static JsonReader reader(java.io.Reader in) {
    return new JsonReader(in);
  }

  /**
   * In an array, a record past a bound is read to its end (so the next element can be read) and
   * then rejected with the first bound it passed; in lines, the line is given up at once.
   */
  private boolean recover;
  private String refusal;

  /** A bound passed: thrown at once in lines, remembered for the element's end in an array. */
  private void passed(String why) throws InvalidEventException {
    if (!recover) {
      throw new InvalidEventException(RejectKind.LIMIT, why);
    }
    if (refusal == null) {
      refusal = why;
    }
  }

  private String depthRefusal() {
    return limits.refusal(Limit.MAX_DEPTH, "nesting depth of arrays and objects", -1)
        + "; the record is not read further";
  }

  /**
   * Object members as dotted paths, array items as {@code path[i]}; primitives as text. Bounded
   * by {@link Limit#MAX_DEPTH} ({@code depth} counts the container being entered, 1 for the
   * record), {@link Limit#MAX_FIELDS} and {@link Limit#MAX_FIELD_CHARS}; {@code keepMessage} keeps
   * the top-level rendered {@code Message}, which is otherwise kept only when the fields before
   * it show an NT5 event that needs it.
   */
  private void flatten(JsonReader r, String prefix, Map<String, String> out, int depth,
      boolean keepMessage) throws IOException, InvalidEventException {
    if (depth > limits.maxDepth()) {
      passed(depthRefusal());
      r.skipValue(); // in an array only; its memory is bounded by the element bound
      return;
    }
    boolean object = r.peek() == JsonToken.BEGIN_OBJECT;
    if (object) {
      r.beginObject();
    } else {
      r.beginArray();
    }
    int index = 0;
    while (r.hasNext()) {
      String key = object ? prefix + r.nextName() : prefix.substring(0, prefix.length() - 1)
          + "[" + index++ + "]";
      if (UNREAD.contains(key)) {
        if (key.equals("Message") && r.peek() == JsonToken.STRING
            && (keepMessage || JsonShapes.needsMessage(JsonShapes.of(out)))) {
          out.put(key, field(r.nextString(), key)); // NXLog im_mseventlog: an NT5 event's fields
          continue;
        }
        skip(r, depth + 1); // rendered text and raw copies: fields are read by name, not from these
        continue;
      }
      switch (r.peek()) {
        case BEGIN_OBJECT:
        case BEGIN_ARRAY:
          flatten(r, key + ".", out, depth + 1, false);
          break;
        case NULL:
          r.nextNull();
          break;
        case BOOLEAN:
          out.put(key, Boolean.toString(r.nextBoolean()));
          break;
        default:
          out.put(key, field(r.nextString(), key)); // numbers as written
          break;
      }
      if (out.size() > limits.maxFields()) {
        passed(limits.refusal(Limit.MAX_FIELDS, "number of fields", -1));
        out.clear(); // the record is rejected: what was read of it is not kept
      }
    }
    if (object) {
      r.endObject();
    } else {
      r.endArray();
    }
  }

  /**
   * Skips one value, bounded like {@link #flatten} by {@link Limit#MAX_DEPTH} (Gson's own
   * {@code skipValue} follows any depth, and its messages then carry a path as long as the input).
   */
  private void skip(JsonReader r, int depth) throws IOException, InvalidEventException {
    JsonToken t = r.peek();
    if (t != JsonToken.BEGIN_ARRAY && t != JsonToken.BEGIN_OBJECT) {
      r.skipValue();
      return;
    }
    if (depth > limits.maxDepth()) {
      passed(depthRefusal());
      r.skipValue(); // in an array only; its memory is bounded by the element bound
      return;
    }
    if (t == JsonToken.BEGIN_OBJECT) {
      r.beginObject();
      while (r.hasNext()) {
        r.nextName();
        skip(r, depth + 1);
      }
      r.endObject();
    } else {
      r.beginArray();
      while (r.hasNext()) {
        skip(r, depth + 1);
      }
      r.endArray();
    }
  }

  private String field(String value, String key) throws InvalidEventException {
    if (value.length() > limits.maxFieldChars()) {
      passed(limits.refusal(Limit.MAX_FIELD_CHARS, "length of field "
          + (key.length() > 64 ? key.substring(0, 64) + "..." : key), value.length()));
      return "";
    }
    return value;
  }

  private static void reject(EventSink sink, String source, long offset, long line,
      RejectKind kind, String reason, String raw) {
    sink.rejected(new RejectedRecord(source, offset, line, SecurityEvent.NO_RECORD_ID, kind, reason,
        raw));
  }

  /**
   * Gson's word for malformed JSON said for the user: what was found and expected, where; not
   * Gson's advice to its programmer ({@code setStrictness(LENIENT)}) nor its troubleshooting link.
   */
  static String syntaxWords(String gson) {
    if (gson == null) {
      return "malformed JSON";
    }
    int see = gson.indexOf("\nSee https://");
    String m = see < 0 ? gson : gson.substring(0, see);
    return m.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON",
        "malformed JSON (expected a string, a number, true, false, null, an object or an"
        + " array, and nothing after the object)");
  }
}
