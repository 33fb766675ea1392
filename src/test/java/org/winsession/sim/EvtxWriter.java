package org.winsession.sim;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes one host's records as a binary EVTX log the way the Windows event log service lays it
 * out (libyal's EVTX format description): a 4096-byte file header, 64 KiB chunks with their CRCs,
 * records framed by signature, size and trailing size, and Binary XML in which every record is a
 * template instance. A template (one per event id and version) is defined inline by the first
 * record of a chunk that uses it and referenced by offset afterwards; element and attribute names
 * are defined inline at their first use in a chunk and referenced afterwards. System values
 * (EventID, Version, Level, Task, Keywords, TimeCreated as FILETIME, EventRecordID, Execution,
 * Channel, Computer) and every EventData value are typed substitutions (SID, HexInt64, UInt32,
 * GUID, strings), so the reader renders them as Windows does. Not written: the chunk's common
 * string and template hash tables (left zero), which readers do not need.
 */
final class EvtxWriter implements AutoCloseable {
  private static final int CHUNK = 65536;
  private static final int CHUNK_HEADER = 512;
  private static final long FILETIME_EPOCH = 116_444_736_000_000_000L;

  private final RandomAccessFile file;
  private final byte[] chunk = new byte[CHUNK];
  private int pos = CHUNK_HEADER;
  private int chunks;
  private long firstId = -1;
  private long lastId;
  private int lastRecordOffset;
  private final Map<String, Integer> templates = new HashMap<>();
  private final Map<String, Integer> names = new HashMap<>();
  private final Buf buf = new Buf();
  private final Buf def = new Buf();

  EvtxWriter(Path path) throws IOException {
    file = new RandomAccessFile(path.toFile(), "rw");
    file.setLength(0);
    file.write(new byte[4096]);
  }

  /** Appends one record. */
  void write(SimEvent e) throws IOException {
    byte[] rec = record(e, pos);
    if (pos + rec.length > CHUNK) {
      flushChunk();
      rec = record(e, pos);
      if (pos + rec.length > CHUNK) {
        throw new IOException("record " + e.recordId() + " larger than a chunk");
      }
    }
    System.arraycopy(rec, 0, chunk, pos, rec.length);
    if (firstId < 0) {
      firstId = e.recordId();
    }
    lastId = e.recordId();
    lastRecordOffset = pos;
    pos += rec.length;
  }

  /**
   * The record's bytes at chunk offset {@code at}; registers the template and names it defines
   * (a record that does not fit is rebuilt in a new chunk, whose maps start empty).
   */
  private byte[] record(SimEvent e, int at) {
    buf.reset();
    buf.u32(0x00002A2A);
    buf.u32(0); // size, patched
    buf.u64(e.recordId());
    buf.u64(filetime(e));
    buf.u8(0x0F).u8(1).u8(1).u8(0); // fragment header
    String key = e.code() + "/" + e.version() + "/" + e.data().length + (e.nt5() ? "/nt5" : "");
    Integer defAt = templates.get(key);
    buf.u8(0x0C).u8(0x01);
    buf.u32(key.hashCode());
    if (defAt == null) {
      int here = at + buf.size() + 4;
      buf.u32(here);
      templates.put(key, here);
      defineTemplate(e, here);
      buf.bytes(def.toArray());
    } else {
      buf.u32(defAt);
    }
    substitutions(e);
    buf.u8(0x00); // end of fragment
    buf.u32(0); // size copy, patched
    byte[] r = buf.toArray();
    put32(r, 4, r.length);
    put32(r, r.length - 4, r.length);
    return r;
  }

  private long filetime(SimEvent e) {
    return e.millis() * 10_000L + e.ticks() + FILETIME_EPOCH;
  }

  // ---- the template ----

  private static final int SUB_EVENT_ID = 0;
  private static final int SUB_VERSION = 1;
  private static final int SUB_LEVEL = 2;
  private static final int SUB_TASK = 3;
  private static final int SUB_KEYWORDS = 4;
  private static final int SUB_TIME = 5;
  private static final int SUB_RECORD_ID = 6;
  private static final int SUB_PID = 7;
  private static final int SUB_TID = 8;
  private static final int SUB_CHANNEL = 9;
  private static final int SUB_COMPUTER = 10;
  private static final int SUB_DATA = 11;

  /** Writes the template definition (header and body) to {@link #def}; {@code at} is its offset. */
  private void defineTemplate(SimEvent e, int at) {
    def.reset();
    def.u32(0); // next template in the hash bucket
    def.u32(e.code()).u32(e.version()).u32(e.data().length).u32(0x5A5A5A5A); // GUID
    def.u32(0); // data size, patched
    int bodyStart = def.size();
    def.u8(0x0F).u8(1).u8(1).u8(0);
    int base = at; // chunk offset of def[0]
    Element event = open(base, "Event", true);
    attribute(base, "xmlns", false);
    text(Renderers.NS);
    closeStart();
    Element system = open(base, "System", false);
    closeStart();
    Element provider = open(base, "Provider", true);
    attribute(base, "Name", !e.nt5());
    text(Renderers.provider(e));
    if (!e.nt5()) {
      attribute(base, "Guid", false);
      text(Renderers.eventlogProvider(e) ? Renderers.EVENTLOG_GUID : Renderers.SECURITY_GUID);
    }
    closeEmpty(provider);
    simple(base, "EventID", SUB_EVENT_ID, 0x06);
    simple(base, "Version", SUB_VERSION, 0x04);
    simple(base, "Level", SUB_LEVEL, 0x04);
    simple(base, "Task", SUB_TASK, 0x06);
    Element opcode = open(base, "Opcode", false);
    closeStart();
    text("0");
    end(opcode);
    simple(base, "Keywords", SUB_KEYWORDS, 0x15);
    Element time = open(base, "TimeCreated", true);
    attribute(base, "SystemTime", false);
    substitution(SUB_TIME, 0x11);
    closeEmpty(time);
    simple(base, "EventRecordID", SUB_RECORD_ID, 0x0A);
    Element correlation = open(base, "Correlation", false);
    closeEmpty(correlation);
    Element execution = open(base, "Execution", true);
    attribute(base, "ProcessID", true);
    substitution(SUB_PID, 0x08);
    attribute(base, "ThreadID", false);
    substitution(SUB_TID, 0x08);
    closeEmpty(execution);
    simple(base, "Channel", SUB_CHANNEL, 0x01);
    simple(base, "Computer", SUB_COMPUTER, 0x01);
    Element security = open(base, "Security", false);
    closeEmpty(security);
    end(system);
    if (Renderers.eventlogProvider(e)) {
      Element userData = open(base, "UserData", false);
      closeStart();
      Element shutdown = open(base, "ServiceShutdown", true);
      attribute(base, "xmlns", false);
      text("http://manifests.microsoft.com/win/2004/08/windows/eventlog");
      closeEmpty(shutdown);
      end(userData);
    } else {
      Element data = open(base, "EventData", false);
      closeStart();
      List<String> n = e.names();
      for (int i = 0; i < e.data().length; i++) {
        Element d = open(base, "Data", !e.nt5());
        if (!e.nt5()) {
          attribute(base, "Name", false);
          text(n.get(i));
        }
        closeStart();
        def.u8(0x0E).u16(SUB_DATA + i).u8(type(e, i)); // optional substitution
        end(d);
      }
      end(data);
    }
    end(event);
    def.u8(0x00);
    def.patch32(bodyStart - 4, def.size() - bodyStart);
  }

  private record Element(int sizeAt, int attrSizeAt) {}

  private Element open(int base, String name, boolean attributes) {
    def.u8(attributes ? 0x41 : 0x01).u16(0xFFFF);
    int sizeAt = def.size();
    def.u32(0);
    name(base, name);
    int attrAt = -1;
    if (attributes) {
      attrAt = def.size();
      def.u32(0);
    }
    return new Element(sizeAt, attrAt);
  }

  private void attribute(int base, String name, boolean more) {
    def.u8(more ? 0x46 : 0x06);
    name(base, name);
  }

  private void text(String s) {
    def.u8(0x05).u8(0x01).u16(s.length());
    def.bytes(s.getBytes(StandardCharsets.UTF_16LE));
  }

  private void substitution(int index, int type) {
    def.u8(0x0D).u16(index).u8(type);
  }

  private void closeStart() {
    def.u8(0x02);
  }

  private void closeEmpty(Element el) {
    patchAttributes(el);
    def.u8(0x03);
    def.patch32(el.sizeAt(), def.size() - el.sizeAt() - 4);
  }

  private void end(Element el) {
    def.u8(0x04);
    def.patch32(el.sizeAt(), def.size() - el.sizeAt() - 4);
  }

  private void patchAttributes(Element el) {
    if (el.attrSizeAt() >= 0) {
      def.patch32(el.attrSizeAt(), def.size() - el.attrSizeAt() - 4);
    }
  }

  private void simple(int base, String name, int index, int type) {
    Element el = open(base, name, false);
    closeStart();
    substitution(index, type);
    end(el);
  }

  /** A name reference: inline at its first use in the chunk, by offset afterwards. */
  private void name(int base, String name) {
    Integer off = names.get(name);
    if (off != null) {
      def.u32(off);
      return;
    }
    int here = base + def.size() + 4;
    names.put(name, here);
    def.u32(here);
    def.u32(0); // next name in the hash bucket
    int hash = 0;
    for (int i = 0; i < name.length(); i++) {
      hash = hash * 65599 + name.charAt(i);
    }
    def.u16(hash & 0xFFFF).u16(name.length());
    def.bytes(name.getBytes(StandardCharsets.UTF_16LE));
    def.u16(0);
  }

  /** The BinXML value type of data value i, as the Security provider's manifest types it. */
  private static int type(SimEvent e, int i) {
    if (e.nt5()) {
      return 0x01;
    }
    String name = e.names().get(i);
    String v = e.data()[i];
    if (name.endsWith("Sid") && v.startsWith("S-1-")) {
      return 0x13;
    }
    if (name.endsWith("LogonId") || name.equals("LogonID") || name.equals("ProcessId")) {
      return 0x15;
    }
    if (name.equals("LogonType") || name.equals("KeyLength") || name.equals("SessionId")) {
      return 0x08;
    }
    if (name.equals("LogonGuid")) {
      return 0x0F;
    }
    return 0x01;
  }

  // ---- the values ----

  private void substitutions(SimEvent e) {
    int n = SUB_DATA + e.data().length;
    byte[][] values = new byte[n][];
    int[] types = new int[n];
    values[SUB_EVENT_ID] = le(e.code(), 2);
    types[SUB_EVENT_ID] = 0x06;
    values[SUB_VERSION] = le(e.version(), 1);
    types[SUB_VERSION] = 0x04;
    values[SUB_LEVEL] = le(Renderers.eventlogProvider(e) ? 4 : 0, 1);
    types[SUB_LEVEL] = 0x04;
    values[SUB_TASK] = le(Messages.taskNumber(e.code()), 2);
    types[SUB_TASK] = 0x06;
    values[SUB_KEYWORDS] = le(Renderers.keywords(e), 8);
    types[SUB_KEYWORDS] = 0x15;
    values[SUB_TIME] = le(filetime(e), 8);
    types[SUB_TIME] = 0x11;
    values[SUB_RECORD_ID] = le(e.recordId(), 8);
    types[SUB_RECORD_ID] = 0x0A;
    values[SUB_PID] = le(Renderers.processId(e), 4);
    types[SUB_PID] = 0x08;
    values[SUB_TID] = le(Renderers.threadId(e), 4);
    types[SUB_TID] = 0x08;
    values[SUB_CHANNEL] = "Security".getBytes(StandardCharsets.UTF_16LE);
    types[SUB_CHANNEL] = 0x01;
    values[SUB_COMPUTER] = e.computer().getBytes(StandardCharsets.UTF_16LE);
    types[SUB_COMPUTER] = 0x01;
    for (int i = 0; i < e.data().length; i++) {
      int t = type(e, i);
      String v = e.data()[i];
      types[SUB_DATA + i] = t;
      switch (t) {
        case 0x13: values[SUB_DATA + i] = sid(v); break;
        case 0x15: values[SUB_DATA + i] = le(Long.parseUnsignedLong(v.substring(2), 16), 8); break;
        case 0x08: values[SUB_DATA + i] = le(Long.parseLong(v), 4); break;
        case 0x0F: values[SUB_DATA + i] = guid(v); break;
        default:
          if (v.isEmpty()) {
            types[SUB_DATA + i] = 0x00;
            values[SUB_DATA + i] = new byte[0];
          } else {
            values[SUB_DATA + i] = v.getBytes(StandardCharsets.UTF_16LE);
          }
      }
    }
    buf.u32(n);
    for (int i = 0; i < n; i++) {
      buf.u16(values[i].length).u8(types[i]).u8(0);
    }
    for (byte[] v : values) {
      buf.bytes(v);
    }
  }

  private static byte[] le(long v, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }

  private static byte[] sid(String s) {
    String[] p = s.split("-");
    int subs = p.length - 3;
    byte[] b = new byte[8 + 4 * subs];
    b[0] = 1;
    b[1] = (byte) subs;
    long authority = Long.parseLong(p[2]);
    for (int i = 0; i < 6; i++) {
      b[2 + i] = (byte) (authority >>> (8 * (5 - i)));
    }
    for (int i = 0; i < subs; i++) {
      long v = Long.parseLong(p[3 + i]);
      for (int k = 0; k < 4; k++) {
        b[8 + 4 * i + k] = (byte) (v >>> (8 * k));
      }
    }
    return b;
  }

  private static byte[] guid(String s) {
    String h = s.replace("{", "").replace("}", "").replace("-", "");
    byte[] b = new byte[16];
    long d1 = Long.parseLong(h.substring(0, 8), 16);
    int d2 = Integer.parseInt(h.substring(8, 12), 16);
    int d3 = Integer.parseInt(h.substring(12, 16), 16);
    for (int i = 0; i < 4; i++) {
      b[i] = (byte) (d1 >>> (8 * i));
    }
    b[4] = (byte) d2;
    b[5] = (byte) (d2 >>> 8);
    b[6] = (byte) d3;
    b[7] = (byte) (d3 >>> 8);
    for (int i = 0; i < 8; i++) {
      b[8 + i] = (byte) Integer.parseInt(h.substring(16 + 2 * i, 18 + 2 * i), 16);
    }
    return b;
  }

  // ---- chunks and file header ----

  private void flushChunk() throws IOException {
    if (firstId < 0) {
      return;
    }
    System.arraycopy("ElfChnk\0".getBytes(StandardCharsets.ISO_8859_1), 0, chunk, 0, 8);
    put64(chunk, 8, firstId);
    put64(chunk, 16, lastId);
    put64(chunk, 24, firstId);
    put64(chunk, 32, lastId);
    put32(chunk, 40, 128);
    put32(chunk, 44, lastRecordOffset);
    put32(chunk, 48, pos);
    CRC32 data = new CRC32();
    data.update(chunk, CHUNK_HEADER, pos - CHUNK_HEADER);
    put32(chunk, 52, (int) data.getValue());
    CRC32 head = new CRC32();
    head.update(chunk, 0, 120);
    head.update(chunk, 128, 384);
    put32(chunk, 124, (int) head.getValue());
    file.write(chunk);
    chunks++;
    java.util.Arrays.fill(chunk, (byte) 0);
    pos = CHUNK_HEADER;
    firstId = -1;
    templates.clear();
    names.clear();
  }

  private long nextId;

  @Override
  public void close() throws IOException {
    nextId = Math.max(nextId, lastId + 1);
    flushChunk();
    byte[] h = new byte[4096];
    System.arraycopy("ElfFile\0".getBytes(StandardCharsets.ISO_8859_1), 0, h, 0, 8);
    put64(h, 8, 0);
    put64(h, 16, Math.max(0, chunks - 1));
    put64(h, 24, nextId);
    put32(h, 32, 128);
    h[36] = 1;
    h[38] = 3;
    put32(h, 40, 4096 | (Math.min(chunks, 0xFFFF) << 16));
    CRC32 crc = new CRC32();
    crc.update(h, 0, 120);
    put32(h, 124, (int) crc.getValue());
    file.seek(0);
    file.write(h);
    file.close();
  }

  static void put32(byte[] b, int p, int v) {
    for (int i = 0; i < 4; i++) {
      b[p + i] = (byte) (v >>> (8 * i));
    }
  }

  static void put64(byte[] b, int p, long v) {
    for (int i = 0; i < 8; i++) {
      b[p + i] = (byte) (v >>> (8 * i));
    }
  }

  /** A little-endian byte buffer. */
  private static final class Buf {
    private byte[] b = new byte[4096];
    private int n;

    void reset() {
      n = 0;
    }

    int size() {
      return n;
    }

    private void ensure(int more) {
      if (n + more > b.length) {
        b = java.util.Arrays.copyOf(b, Math.max(b.length * 2, n + more));
      }
    }

    Buf u8(int v) {
      ensure(1);
      b[n++] = (byte) v;
      return this;
    }

    Buf u16(int v) {
      return u8(v).u8(v >>> 8);
    }

    Buf u32(int v) {
      return u16(v).u16(v >>> 16);
    }

    Buf u64(long v) {
      return u32((int) v).u32((int) (v >>> 32));
    }

    Buf bytes(byte[] x) {
      ensure(x.length);
      System.arraycopy(x, 0, b, n, x.length);
      n += x.length;
      return this;
    }

    void patch32(int at, int v) {
      put32(b, at, v);
    }

    byte[] toArray() {
      return java.util.Arrays.copyOf(b, n);
    }
  }
}
