package org.winsession.read.evtx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Builds small, valid EVTX files for tests: a file header and one chunk holding records whose
 * BinXML the test writes, with every CRC and size filled in. Also writes BinXML tokens.
 */
final class EvtxBuilder {
  private final ByteArrayOutputStream records = new ByteArrayOutputStream();
  private long nextId = 1;

  /** Adds a record with this BinXML payload (written at chunk offset {@link #nextOffset()}). */
  EvtxBuilder record(byte[] binXml) {
    int size = 24 + binXml.length + 4;
    byte[] r = new byte[size];
    r[0] = 0x2A;
    r[1] = 0x2A;
    put32(r, 4, size);
    put64(r, 8, nextId++);
    put64(r, 16, 0); // written time: zero, as in some real files
    System.arraycopy(binXml, 0, r, 24, binXml.length);
    put32(r, size - 4, size);
    records.writeBytes(r);
    return this;
  }

  /** The chunk offset the next record starts at; its BinXML starts 24 bytes later. */
  int nextOffset() {
    return 512 + records.size();
  }

  byte[] build() {
    byte[] file = new byte[4096 + 65536];
    System.arraycopy("ElfFile\0".getBytes(StandardCharsets.ISO_8859_1), 0, file, 0, 8);
    put64(file, 24, nextId);
    put32(file, 32, 128);
    file[36] = 1;
    file[38] = 3;
    put32(file, 40, 4096 | 1 << 16);
    CRC32 crc = new CRC32();
    crc.update(file, 0, 120);
    put32(file, 124, (int) crc.getValue());
    int c = 4096;
    System.arraycopy("ElfChnk\0".getBytes(StandardCharsets.ISO_8859_1), 0, file, c, 8);
    put64(file, c + 8, 1);
    put64(file, c + 16, nextId - 1);
    put64(file, c + 24, 1);
    put64(file, c + 32, nextId - 1);
    put32(file, c + 40, 128);
    byte[] recs = records.toByteArray();
    System.arraycopy(recs, 0, file, c + 512, recs.length);
    put32(file, c + 48, 512 + recs.length);
    CRC32 data = new CRC32();
    data.update(file, c + 512, recs.length);
    put32(file, c + 52, (int) data.getValue());
    CRC32 head = new CRC32();
    head.update(file, c, 120);
    head.update(file, c + 128, 384);
    put32(file, c + 124, (int) head.getValue());
    return file;
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

  /** BinXML token writer; names are written inline where they are first used. */
  static final class Tokens {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int base; // chunk offset of the first byte written

    Tokens(int chunkOffset) {
      this.base = chunkOffset;
    }

    Tokens fragmentHeader() {
      out.writeBytes(new byte[] {0x0F, 1, 1, 0});
      return this;
    }

    /** An element written directly in a record (no dependency id). */
    Tokens open(String name, boolean attributes) {
      out.write(attributes ? 0x41 : 0x01);
      u32(0); // data size: not used by readers
      name(name);
      if (attributes) {
        u32(0);
      }
      return this;
    }

    Tokens attribute(String name) {
      out.write(0x06);
      name(name);
      return this;
    }

    Tokens text(String s) {
      out.write(0x05);
      out.write(0x01);
      u16(s.length());
      out.writeBytes(s.getBytes(StandardCharsets.UTF_16LE));
      return this;
    }

    Tokens closeStart() {
      out.write(0x02);
      return this;
    }

    Tokens closeEmpty() {
      out.write(0x03);
      return this;
    }

    Tokens close() {
      out.write(0x04);
      return this;
    }

    Tokens end() {
      out.write(0x00);
      return this;
    }

    /** An element with text content: {@code <name>text</name>}. */
    Tokens element(String name, String text) {
      return open(name, false).closeStart().text(text).close();
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private void name(String s) {
      int here = base + out.size() + 4;
      u32(here); // defined inline, right after its offset
      u32(0); // next name in the hash bucket
      u16(0); // hash: not checked by readers
      u16(s.length());
      out.writeBytes(s.getBytes(StandardCharsets.UTF_16LE));
      u16(0);
    }

    private void u16(int v) {
      out.write(v & 0xFF);
      out.write((v >>> 8) & 0xFF);
    }

    private void u32(int v) {
      u16(v);
      u16(v >>> 16);
    }
  }
}
