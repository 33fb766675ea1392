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
import org.winsession.read.ReadLimits;
import org.winsession.read.xml.XmlEventReader;

/**
 * Reads JSON lines (one object a line) with Gson's streaming reader, in the shapes Windows events
 * are shipped in (DOMAIN.md §4.4):
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
 * <p>A line that is not JSON, breaks a limit (line length, nesting, field count) or is of no known
 * shape becomes a rejected record with its line number; the next line is read. Streaming: memory
 * is bounded by the longest line allowed. Not thread-safe.
 */
public final class JsonLinesEventReader implements EventReader {
  private static final int MAX_DEPTH = 16;
  private static final int MAX_FIELDS = 4096;
  /** Keys no shape reads: the rendered message (half of an NXLog line) and raw copies. */
  private static final java.util.Set<String> UNREAD = java.util.Set.of("Message", "message",
      "event.original", "winlog.event_data.Message");

  private final ReadLimits limits;
  private final java.time.ZoneId zone;
  private final XmlEventReader rawXml;
  private final org.winsession.read.wineventlog.WinEventLogTextReader rawText;

  /**
   * A reader with these limits (the longest line is {@link ReadLimits#maxRecordBytes()}); classic
   * text inside Splunk exports is read with {@code times}.
   */
  public JsonLinesEventReader(ReadLimits limits, org.winsession.read.LocalTimes times) {
    this.limits = limits;
    this.zone = times.zone();
    this.rawXml = new XmlEventReader(limits, SourceFormat.SPLUNK);
    this.rawText = new org.winsession.read.wineventlog.WinEventLogTextReader(limits, times);
  }

  @Override
  public void read(InputStream input, String source, EventSink sink) throws IOException {
    java.io.BufferedInputStream in = new java.io.BufferedInputStream(input, 1 << 16);
    in.mark(4096);
    int c;
    do {
      c = in.read();
    } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xEF || c == 0xBB
        || c == 0xBF);
    in.reset();
    if (c == '[') {
      readArray(in, source, sink);
    } else {
      readLines(in, source, sink);
    }
  }

  /**
   * A JSON array of event objects ({@code Get-WinEvent | ConvertTo-Json}). An element that is no
   * event is rejected by its index; broken JSON ends the array with one rejected record, as the
   * rest cannot be told apart. Each element is bounded by {@link ReadLimits#maxRecordBytes()}.
   */
  private void readArray(InputStream in, String source, EventSink sink) {
    Bounded chars = new Bounded(new java.io.InputStreamReader(in, StandardCharsets.UTF_8),
        limits.maxRecordBytes());
    JsonReader r = new JsonReader(chars);
    int index = 0;
    try {
      r.beginArray();
      while (r.hasNext()) {
        chars.restart();
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
          r.skipValue();
          reject(sink, source, -1, -1, RejectKind.INVALID_EVENT, "array element " + index + ": expected an event object",
              "");
        } else {
          Map<String, String> flat = new HashMap<>();
          flatten(r, "", flat, 0);
          try {
            sink.event(Normalizer.normalize(JsonShapes.fields(flat, zone), SourceFormat.JSON));
          } catch (InvalidEventException ex) {
            reject(sink, source, -1, -1, ex.kind(), "array element " + index + ": " + ex.getMessage(),
                flat.toString());
          }
        }
        index++;
      }
    } catch (IOException | IllegalStateException | NumberFormatException ex) {
      reject(sink, source, -1, -1, RejectKind.SYNTAX, "JSON array broken at element " + index + ": "
          + ex.getMessage() + "; the elements before it were read", "");
    }
  }

  /** A reader that fails once more than {@code limit} chars were read since {@link #restart}. */
  private static final class Bounded extends java.io.FilterReader {
    private final long limit;
    private long count;

    Bounded(java.io.Reader in, long limit) {
      super(in);
      this.limit = limit;
    }

    void restart() {
      count = 0;
    }

    @Override
    public int read(char[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count += Math.max(n, 0);
      if (count > limit + (1 << 16)) {
        throw new IOException("array element longer than " + limit + " characters (read limit"
            + " maxRecordBytes)");
      }
      return n;
    }
  }

  private void readLines(InputStream in, String source, EventSink sink) throws IOException {
    byte[] buf = new byte[1 << 16];
    int lim = 0;
    long lineNo = 1;
    long base = 0;
    boolean eof = false;
    boolean skipping = false; // inside an over-long line already reported
    int pos = 0;
    while (true) {
      int nl = -1;
      for (int i = pos; i < lim; i++) {
        if (buf[i] == '\n') {
          nl = i;
          break;
        }
      }
      if (nl < 0 && !eof) {
        if (lim - pos > limits.maxRecordBytes()) {
          if (!skipping) {
            reject(sink, source, base + pos, lineNo, RejectKind.LIMIT, "line longer than " + limits.maxRecordBytes()
                + " bytes (read limit maxRecordBytes); skipped to the next line",
                new String(buf, pos, 256, StandardCharsets.UTF_8));
            skipping = true;
          }
          base += lim - pos;
          pos = lim = 0;
        }
        if (pos > 0) {
          System.arraycopy(buf, pos, buf, 0, lim - pos);
          base += pos;
          lim -= pos;
          pos = 0;
        }
        if (buf.length - lim < (1 << 15)) {
          buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2,
              limits.maxRecordBytes() + (1 << 16)));
        }
        int n = in.readNBytes(buf, lim, buf.length - lim);
        lim += n;
        eof = n == 0;
        continue;
      }
      int end = nl < 0 ? lim : nl;
      if (skipping) {
        skipping = false;
      } else {
        line(sink, source, base + pos, lineNo, buf, pos, end);
      }
      if (nl < 0) {
        return;
      }
      pos = nl + 1;
      lineNo++;
    }
  }

  private void line(EventSink sink, String source, long offset, long lineNo, byte[] b, int from,
      int to) {
    int s = from;
    int e = to;
    while (s < e && (b[s] == ' ' || b[s] == '\t' || b[s] == '\r' || (b[s] & 0xFF) == 0xEF
        || (b[s] & 0xFF) == 0xBB || (b[s] & 0xFF) == 0xBF)) {
      s++;
    }
    while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t' || b[e - 1] == '\r' || b[e - 1] == ',')) {
      e--;
    }
    if (s == e) {
      return; // blank line
    }
    String text = new String(b, s, e - s, StandardCharsets.UTF_8);
    Map<String, String> flat = new HashMap<>();
    try {
      JsonReader r = new JsonReader(new StringReader(text));
      if (r.peek() != JsonToken.BEGIN_OBJECT) {
        throw new IOException("expected a JSON object, found " + r.peek());
      }
      flatten(r, "", flat, 0);
      if (r.peek() != JsonToken.END_DOCUMENT) {
        throw new IOException("text after the JSON object");
      }
      if (!flat.containsKey("Message") && JsonShapes.needsMessage(flat)) {
        flat.clear(); // the message came before the event id: read the line again, keeping it
        JsonReader again = new JsonReader(new StringReader(text));
        flatten(again, "", flat, 0, true);
      }
    } catch (IOException | IllegalStateException | NumberFormatException ex) {
      reject(sink, source, offset, lineNo, RejectKind.SYNTAX, "not a JSON object: " + ex.getMessage(), text);
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

  /** A Splunk export line: its _raw is read as event XML, its host is Splunk's. */
  private void splunkExport(EventSink sink, String source, long offset, long lineNo,
      Map<String, String> flat, String text) throws InvalidEventException {
    String raw = flat.get("result._raw");
    String host = flat.get("result.host");
    org.winsession.read.EventReader reader = raw.stripLeading().startsWith("<") ? rawXml : rawText;
    int[] seen = new int[1];
    try {
      reader.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)),
          source + " line " + lineNo, new EventSink() {
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
          });
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

  /** Object members as dotted paths, array items as {@code path[i]}; primitives as text. */
  private static void flatten(JsonReader r, String prefix, Map<String, String> out, int depth)
      throws IOException {
    flatten(r, prefix, out, depth, false);
  }

  /**
   * As above; {@code keepMessage} keeps the top-level rendered {@code Message}, which is otherwise
   * kept only when the fields before it show an NT5 event that needs it.
   */
  private static void flatten(JsonReader r, String prefix, Map<String, String> out, int depth,
      boolean keepMessage) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("nested deeper than " + MAX_DEPTH + " levels");
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
            && (keepMessage || JsonShapes.needsMessage(out))) {
          out.put(key, r.nextString()); // NXLog im_mseventlog: an NT5 event's only fields
          continue;
        }
        r.skipValue(); // rendered text and raw copies: fields are read by name, never from these
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
          out.put(key, r.nextString()); // numbers as written
          break;
      }
      if (out.size() > MAX_FIELDS) {
        throw new IOException("more than " + MAX_FIELDS + " fields");
      }
    }
    if (object) {
      r.endObject();
    } else {
      r.endArray();
    }
  }

  private static void reject(EventSink sink, String source, long offset, long line,
      RejectKind kind, String reason, String raw) {
    sink.rejected(new RejectedRecord(source, offset, line, SecurityEvent.NO_RECORD_ID, kind, reason,
        raw));
  }
}
