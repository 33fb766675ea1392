package org.winsession.read.evt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.winsession.read.ReadLimits;

/**
 * Reads legacy EVT logs (Windows NT/2000/XP/2003; libyal "Windows Event Log (EVT) format") into
 * normalized events, through the NT5 positional templates.
 *
 * <p>The log is a circular buffer: records run from the oldest record's offset to the end-of-file
 * (cursor) record, wrapping from the end of the file to just after the 48-byte header, a record
 * possibly split across the wrap. A dirty (not cleanly closed) log's header offsets are stale, so
 * the cursor record's offsets are used when it is found. Each EVENTLOGRECORD is checked (signature,
 * size, trailing size copy, string and SID bounds); a bad one becomes a rejected record and reading
 * resynchronizes at the next record signature. The log is held whole (the format is a circular
 * buffer), up to {@link ReadLimits.Limit#MAX_EVT_BYTES}: a small log in memory, a larger one in a
 * temporary file mapped into memory (deleted when read), so its size costs no heap; a log past the
 * limit is refused with one rejected record of kind {@link RejectKind#LIMIT} before anything of its
 * size is allocated. Not thread-safe.
 */
public final class EvtEventReader implements EventReader {
  /** Logs up to this size are read into the heap; larger ones go through a mapped file. */
  static final int IN_HEAP = 16 << 20;

  private static final int HEADER = 0x30;
  private static final int RECORD_MIN = 0x38;
  private static final int SIGNATURE = 0x654c664c; // "LfLe"
  private static final int[] CURSOR = {0x11111111, 0x22222222, 0x33333333, 0x44444444};

  private final ReadLimits limits;
  private ByteBuffer d;
  private int size;
  private boolean wraps;
  private String source;
  private EventSink sink;

  /** A reader with the default limits. */
  public EvtEventReader() {
    this(ReadLimits.DEFAULT);
  }

  /** A reader that refuses logs past {@code limits}' {@link ReadLimits.Limit#MAX_EVT_BYTES}. */
  public EvtEventReader(ReadLimits limits) {
    this.limits = limits;
  }

  @Override
  public void read(InputStream in, String sourceName, EventSink eventSink) throws IOException {
    this.source = sourceName;
    this.sink = eventSink;
    // EVT offsets are 32-bit; a mapped buffer holds at most 2 GiB
    long max = Math.min(limits.get(ReadLimits.Limit.MAX_EVT_BYTES), Integer.MAX_VALUE - 8);
    byte[] head = in.readNBytes((int) Math.min(max + 1, IN_HEAP + 1));
    try {
      if (head.length <= IN_HEAP || head.length > max) {
        d = ByteBuffer.wrap(head);
      } else {
        d = spill(head, in, max);
      }
      if (d == null || d.capacity() > max) {
        d = ByteBuffer.wrap(head);
        size = head.length;
        reject(0, -1, RejectKind.LIMIT, limits.refusal(ReadLimits.Limit.MAX_EVT_BYTES,
            "EVT log size", -1) + ": the log is not read", 0, 64);
        return;
      }
      d.order(ByteOrder.LITTLE_ENDIAN);
      this.size = d.capacity();
      if (size < HEADER || u32(4) != SIGNATURE || u32(0) != HEADER) {
        reject(0, -1, RejectKind.CORRUPT, "EVT header of " + size + " bytes without its LfLe signature: expected a"
            + " 48-byte header", 0, Math.min(size, 64));
        return;
      }
      walk();
    } finally {
      d = null;
    }
  }

  /**
   * The log in a temporary file, mapped: {@code head} and the rest of {@code in}; null (and the
   * file gone) when it passes {@code max} bytes.
   */
  private static ByteBuffer spill(byte[] head, InputStream in, long max) throws IOException {
    Path tmp = Files.createTempFile("winsession-evt", ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ,
        StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE)) {
      ch.write(ByteBuffer.wrap(head));
      long total = head.length;
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > max) {
          return null;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
      return ch.map(FileChannel.MapMode.READ_ONLY, 0, total);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        tmp.toFile().deleteOnExit(); // a mapped file cannot be deleted on every system
      }
    }
  }

  private void walk() {
    int first = u32(16);
    int end;
    int cursor = findCursor();
    if (cursor >= 0) {
      first = u32(cursor + 20);
      end = cursor;
    } else {
      end = -1; // no end-of-file record (truncated or never closed): read to the end of the file
      warn("no end-of-file record: the log is read from its oldest record to the end of the file"
          + ((u32(36) & 1) != 0 ? " (the log is dirty)" : ""));
    }
    if (first < HEADER || first >= size) {
      reject(0, -1, RejectKind.CORRUPT, "EVT oldest-record offset " + first + " outside the " + size + "-byte file",
          0, HEADER);
      return;
    }
    wraps = end >= 0 && end < first; // the records run past the end of the file and on at 0x30
    int pos = first;
    long walked = 0;
    long room = size - HEADER;
    while (pos != end && walked < room && (wraps || pos < size)) {
      int recordSize = recordSizeAt(pos);
      if (recordSize < 0) {
        if (isCursorAt(pos) || (end < 0 && allZero(pos))) {
          return;
        }
        int next = nextRecord(pos, end, room - walked);
        int stop = next >= 0 ? next : end >= 0 ? end : size;
        int skipped = distance(pos, stop);
        reject(pos, -1, RejectKind.CORRUPT, "EVT offset " + pos + ": " + skipped + " bytes that are no event record"
            + " (bad signature, size or trailing size, or cut off): expected a record with LfLe"
            + " at byte 4", pos, Math.min(skipped, 64));
        if (next < 0) {
          return;
        }
        walked += skipped;
        pos = next;
        continue;
      }
      byte[] record = copy(pos, recordSize);
      readRecord(record, pos);
      walked += recordSize;
      pos = advance(pos, recordSize);
    }
  }

  private boolean allZero(int from) {
    for (int i = from; i < size; i++) {
      if (d.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private void readRecord(byte[] r, int offset) {
    long number = le32(r, 8) & 0xFFFFFFFFL;
    try {
      SecurityEvent e = Normalizer.normalize(fields(r), SourceFormat.EVT);
      sink.event(e);
    } catch (InvalidEventException | IllegalArgumentException e) {
      reject(offset, number, e instanceof InvalidEventException ie ? ie.kind() : RejectKind.CORRUPT, "EVT record " + number + ": " + e.getMessage(), offset, 64);
    }
  }

  /** The fields of one EVENTLOGRECORD. */
  private static EventFields fields(byte[] r) throws InvalidEventException {
    int n = r.length;
    int strings = le16(r, 26);
    int stringsOffset = le32(r, 36);
    int sidSize = le32(r, 40);
    int sidOffset = le32(r, 44);
    if (stringsOffset < RECORD_MIN || stringsOffset > n - 4 || sidSize < 0
        || (sidSize > 0 && (sidOffset < RECORD_MIN || sidOffset > n - 4 - sidSize))) {
      throw new InvalidEventException("string offset " + stringsOffset + " or SID at "
          + sidOffset + " (" + sidSize + " bytes) outside its " + n + "-byte record");
    }
    int[] p = {56};
    String sourceName = cString(r, p, n - 4);
    String computer = cString(r, p, n - 4);
    List<String> values = new ArrayList<>(strings);
    p[0] = stringsOffset;
    for (int i = 0; i < strings && p[0] < n - 4; i++) {
      values.add(cString(r, p, n - 4));
    }
    java.util.Map<String, String> byPosition = new java.util.HashMap<>();
    for (int i = 0; i < values.size(); i++) {
      byPosition.put("%" + (i + 1), values.get(i));
    }
    return new MappedFields(Integer.toString(le32(r, 20) & 0xFFFF),
        Instant.ofEpochSecond(le32(r, 12) & 0xFFFFFFFFL).toString(),
        Long.toString(le32(r, 8) & 0xFFFFFFFFL), sourceName, computer, byPosition);
  }

  /** A NUL-terminated UTF-16LE string at p[0], which moves past the NUL; bounded by limit. */
  private static String cString(byte[] r, int[] p, int limit) {
    int start = p[0];
    int i = start;
    while (i + 1 < limit && (r[i] != 0 || r[i + 1] != 0)) {
      i += 2;
    }
    p[0] = Math.min(i + 2, limit);
    return new String(r, start, Math.max(0, i - start), StandardCharsets.UTF_16LE);
  }

  private int recordSizeAt(int pos) {
    if (!wraps && pos + RECORD_MIN > size) {
      return -1;
    }
    int n = u32c(pos);
    if (n < RECORD_MIN || n > size - HEADER || (n & 3) != 0 || u32c(advance(pos, 4)) != SIGNATURE) {
      return -1;
    }
    if (!wraps && pos + (long) n > size) {
      return -1;
    }
    return u32c(advance(pos, n - 4)) == n ? n : -1;
  }

  private int nextRecord(int pos, int end, long budget) {
    int p = advance(pos, 4);
    for (long k = 4; k < budget; k += 4) {
      if (p == end || p >= size || isCursorAt(p)) {
        return -1;
      }
      if (recordSizeAt(p) > 0) {
        return p;
      }
      p = advance(p, 4);
    }
    return -1;
  }

  private int findCursor() {
    for (int p = HEADER; p + 40 <= size; p += 4) {
      if (isCursorAt(p)) {
        return p;
      }
    }
    return -1;
  }

  private boolean isCursorAt(int p) {
    if (p + 40 > size || u32(p) != 0x28) {
      return false;
    }
    for (int i = 0; i < CURSOR.length; i++) {
      if (u32(p + 4 + 4 * i) != CURSOR[i]) {
        return false;
      }
    }
    return true;
  }

  /** Bytes from a to b going forward through the circular area. */
  private int distance(int a, int b) {
    return b >= a ? b - a : (size - a) + (b - HEADER);
  }

  private int advance(int pos, int n) {
    long next = (long) pos + n;
    if (next >= size) {
      next = wraps ? HEADER + (next - size) : size;
    }
    return (int) next;
  }

  private byte[] copy(int pos, int n) {
    byte[] out = new byte[n];
    int first = Math.min(n, size - pos);
    d.get(pos, out, 0, first);
    if (first < n) {
      d.get(HEADER, out, first, n - first);
    }
    return out;
  }

  private int u32c(int pos) {
    if (pos + 4 <= size) {
      return u32(pos);
    }
    if (!wraps) {
      return 0;
    }
    int v = 0;
    for (int i = 3; i >= 0; i--) {
      v = v << 8 | (d.get(advance(pos, i)) & 0xFF);
    }
    return v;
  }

  private int u32(int p) {
    return d.getInt(p);
  }

  private static int le32(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
  }

  private static int le16(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
  }

  private void reject(int offset, long recordId, RejectKind kind, String reason, int from,
      int n) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < n && from + i < size; i++) {
      hex.append(String.format("%02X", d.get(from + i)));
    }
    sink.rejected(new RejectedRecord(source, offset, -1,
        recordId < 0 ? SecurityEvent.NO_RECORD_ID : recordId, kind, reason, hex.toString()));
  }

  private void warn(String message) {
    sink.warning(new RejectedRecord(source, 0, -1, SecurityEvent.NO_RECORD_ID, RejectKind.CORRUPT,
        message, ""));
  }
}
