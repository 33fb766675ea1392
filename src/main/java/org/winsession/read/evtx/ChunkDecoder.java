package org.winsession.read.evtx;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;
import org.winsession.normalize.InvalidEventException;
import org.winsession.normalize.Normalizer;
import org.winsession.read.EventSink;

/**
 * Decodes one 64 KiB EVTX chunk into events, rejected records and warnings. Chunks are independent
 * units (each holds its own string and template tables), so one decoder per thread can decode
 * chunks in any order while the caller delivers their results in file order. Not thread-safe.
 */
final class ChunkDecoder {
  static final int CHUNK_HEADER = 512;
  private static final int RECORD_HEADER = 24;
  private static final byte[] CHUNK_MAGIC = "ElfChnk\0".getBytes(StandardCharsets.ISO_8859_1);

  private final BinXml binXml;
  private final EvtxRecordFields fields = new EvtxRecordFields();
  private byte[] chunk;
  private String source;
  private EventSink sink;
  private Writer dump;

  /** A decoder that extracts fields through template plans. */
  ChunkDecoder() {
    this(true);
  }

  /** A decoder; {@code plans} false replays every template (see {@link BinXml#BinXml(boolean)}). */
  ChunkDecoder(boolean plans) {
    this.binXml = new BinXml(plans);
  }

  /**
   * Decodes the chunk in {@code data[0, length)}, the {@code index}th of the file at
   * {@code fileOffset}, reporting to {@code out}; with {@code dumpTo} set, records are written there
   * as XML instead of normalized.
   */
  void decode(byte[] data, int index, long fileOffset, int length, String sourceName,
      EventSink out, Writer dumpTo) {
    this.chunk = data;
    this.source = sourceName;
    this.sink = out;
    this.dump = dumpTo;
    try {
      readChunk(index, fileOffset, length);
    } finally {
      this.chunk = null;
      this.sink = null;
      this.dump = null;
    }
  }

  private void readChunk(int index, long fileOffset, int length) {
    String where = "chunk " + index;
    if (length < CHUNK_HEADER) {
      if (!allZero(chunk, 0, length)) {
        reject(fileOffset, SecurityEvent.NO_RECORD_ID, RejectKind.TRUNCATED, where + " is truncated to " + length
            + " bytes, inside its 512-byte header: its records are lost", 0, length);
      }
      return;
    }
    int limit = length;
    int free = Bytes.u32(chunk, 48);
    // bytes from here on are the chunk's free space (slack), not records
    int slack = free >= CHUNK_HEADER && free <= length ? free : length;
    if (!startsWith(chunk, 0, CHUNK_MAGIC)) {
      if (allZero(chunk, 0, length)) {
        return; // an unused chunk
      }
      warn(fileOffset, where + " has no ElfChnk signature (found " + EvtxValues.hex(chunk, 0, 8)
          + "); records that check out on their own are still read");
    } else {
      CRC32 crc = new CRC32();
      crc.update(chunk, 0, 120);
      crc.update(chunk, 128, CHUNK_HEADER - 128);
      int stored = Bytes.u32(chunk, 124);
      boolean headerOk = (int) crc.getValue() == stored;
      if (!headerOk) {
        warn(fileOffset, where + " header CRC32 is " + hex32(stored) + ", its bytes give "
            + hex32((int) crc.getValue()) + "; records are checked one by one");
      }
      if (free >= CHUNK_HEADER && free <= length) {
        if (headerOk) {
          limit = free;
        }
        CRC32 data = new CRC32();
        data.update(chunk, CHUNK_HEADER, free - CHUNK_HEADER);
        int storedData = Bytes.u32(chunk, 52);
        if ((int) data.getValue() != storedData) {
          warn(fileOffset, where + " records CRC32 is " + hex32(storedData) + ", the records"
              + " give " + hex32((int) data.getValue()) + "; records are checked one by one");
        }
      }
    }
    binXml.reset(chunk, length);
    int p = CHUNK_HEADER;
    while (p + RECORD_HEADER + 4 <= limit) {
      int size = recordSize(p, length);
      if (size < 0) {
        int next = nextRecord(p + 1, limit, length);
        if (p >= slack || next < 0 && allZero(chunk, p, limit)) {
          if (next < 0) {
            return; // the free space of the chunk
          }
          p = next; // a record past the free-space offset of a dirty chunk
          continue;
        }
        int end = next < 0 ? limit : next;
        reject(fileOffset + p, SecurityEvent.NO_RECORD_ID, RejectKind.CORRUPT, where + " offset 0x"
            + Integer.toHexString(p) + ": " + (next < 0 ? limit - p : next - p)
            + " bytes that are no record (bad signature, size or trailing size): expected a"
            + " record starting 2A 2A 00 00", p, end);
        if (next < 0) {
          return;
        }
        p = next;
        continue;
      }
      readRecord(where, fileOffset, p, size);
      p += size;
    }
    if (p < Math.min(limit, slack) && !allZero(chunk, p, Math.min(limit, slack))) {
      reject(fileOffset + p, SecurityEvent.NO_RECORD_ID, RejectKind.TRUNCATED, where
          + " offset 0x" + Integer.toHexString(p) + ": " + (Math.min(limit, slack) - p) + " bytes, too few for a"
          + " record (truncated): expected at least 28", p, Math.min(limit, slack));
    }
  }

  /** The size of the record at p when its signature, size and trailing copy agree; else -1. */
  private int recordSize(int p, int length) {
    if (chunk[p] != 0x2A || chunk[p + 1] != 0x2A || chunk[p + 2] != 0 || chunk[p + 3] != 0) {
      return -1;
    }
    int size = Bytes.u32(chunk, p + 4);
    if (size < RECORD_HEADER + 8 || size > length - p) {
      return -1;
    }
    return Bytes.u32(chunk, p + size - 4) == size ? size : -1;
  }

  private int nextRecord(int from, int limit, int length) {
    for (int i = from; i + RECORD_HEADER + 4 <= limit; i++) {
      if (chunk[i] == 0x2A && recordSize(i, length) > 0) {
        return i;
      }
    }
    return -1;
  }

  private void readRecord(String where, long fileOffset, int p, int size) {
    long recordId = Bytes.u64(chunk, p + 8);
    if (dump != null) {
      dumpRecord(where, fileOffset, p, size, recordId);
      return;
    }
    fields.reset(recordId);
    try {
      binXml.record(p + RECORD_HEADER, p + size - 4, fields);
      if (fields.renderError() != null) {
        throw fields.renderError();
      }
      SecurityEvent event = Normalizer.normalize(fields, SourceFormat.EVTX);
      if (fields.renderError() != null) {
        throw fields.renderError();
      }
      sink.event(event);
    } catch (EvtxFormatException | InvalidEventException e) {
      reject(fileOffset + p, recordId, e instanceof InvalidEventException ie ? ie.kind()
          : RejectKind.CORRUPT, where + " record " + recordId + ": " + e.getMessage(), p,
          p + size);
    } catch (RuntimeException e) { // a bug must not lose the records after this one
      reject(fileOffset + p, recordId, RejectKind.CORRUPT, where + " record " + recordId + ": decoder failure "
          + e, p, p + size);
    }
  }

  private void dumpRecord(String where, long fileOffset, int p, int size, long recordId) {
    StringBuilder xml = new StringBuilder(2048);
    XmlDumpHandler h = new XmlDumpHandler(xml);
    try {
      binXml.record(p + RECORD_HEADER, p + size - 4, h);
      if (h.renderError() != null) {
        throw new EvtxFormatException(h.renderError());
      }
      dump.write(xml.append('\n').toString());
    } catch (EvtxFormatException e) {
      reject(fileOffset + p, recordId, RejectKind.CORRUPT, where + " record " + recordId + ": " + e.getMessage(), p,
          p + size);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write the dump", e);
    }
  }

  private void reject(long offset, long recordId, RejectKind kind, String reason, int from,
      int to) {
    sink.rejected(new RejectedRecord(source, offset, -1, recordId, kind, reason,
        EvtxValues.hex(chunk, from, Math.min(to - from, RejectedRecord.MAX_RAW_CHARS / 2))));
  }

  private void warn(long offset, String message) {
    sink.warning(new RejectedRecord(source, offset, -1, SecurityEvent.NO_RECORD_ID,
        RejectKind.CORRUPT, message, ""));
  }

  static boolean startsWith(byte[] b, int p, byte[] magic) {
    if (b.length - p < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (b[p + i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  static String hex32(int v) {
    return String.format("%08X", v);
  }
}
