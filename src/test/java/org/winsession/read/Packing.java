package org.winsession.read;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.winsession.testing.Samples;

/** Containers written in tests: gzip, zip (stored or deflated) and ustar with real checksums. */
final class Packing {
  private Packing() {}

  /** A named member of an archive. */
  record Member(String name, byte[] body) {}

  /** {@code n} distinct logoff events as event XML lines, record ids from {@code firstId}. */
  static byte[] xmlEvents(long firstId, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(Samples.modern(4634, firstId + i, "2024-01-01T00:00:" + String.format("%02d",
          i % 60) + "Z", "H1", "TargetLogonId", "0x" + Long.toHexString(firstId + i),
          "TargetUserName", "u", "LogonType", "3")).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A zip of deflated members (streamed: sizes in data descriptors, as most tools write). */
  static byte[] zip(List<Member> members) {
    return zip(members, false);
  }

  /** A zip whose members are stored (or, with {@code stored} false, deflated). */
  static byte[] zip(List<Member> members, boolean stored) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Member m : members) {
        ZipEntry e = new ZipEntry(m.name());
        if (stored) {
          CRC32 crc = new CRC32();
          crc.update(m.body());
          e.setMethod(ZipEntry.STORED);
          e.setSize(m.body().length);
          e.setCompressedSize(m.body().length);
          e.setCrc(crc.getValue());
        }
        z.putNextEntry(e);
        z.write(m.body());
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A ustar archive with correct header checksums and two end blocks. */
  static byte[] tar(List<Member> members) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Member m : members) {
      out.writeBytes(tarHeader(m.name(), m.body().length));
      out.writeBytes(m.body());
      out.writeBytes(new byte[(512 - m.body().length % 512) % 512]);
    }
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  static byte[] tarHeader(String name, long size) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(n, 0, h, 0, Math.min(n.length, 100));
    put(h, 100, "0000644\0");
    put(h, 124, String.format("%011o", size) + "\0");
    h[156] = '0';
    put(h, 257, "ustar\0" + "00");
    checksum(h);
    return h;
  }

  /** Writes the header checksum of a 512-byte header in place. */
  static void checksum(byte[] h) {
    Arrays.fill(h, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xFF;
    }
    put(h, 148, String.format("%06o", sum) + "\0 ");
  }

  static void put(byte[] h, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, at, b.length);
  }

  /** Writes {@code n} zero bytes. */
  static void zeros(OutputStream out, long n) throws IOException {
    byte[] z = new byte[1 << 16];
    for (long left = n; left > 0; left -= z.length) {
      out.write(z, 0, (int) Math.min(z.length, left));
    }
  }

  /**
   * Raw deflate data of {@code n} zero bytes (n a multiple of 4 MiB), made fast: one 4 MiB block
   * compressed after a full flush decodes alone, so it is repeated.
   */
  static byte[] deflatedZeros(long n) {
    int block = 4 << 20;
    java.util.zip.Deflater d = new java.util.zip.Deflater(9, true);
    d.setInput(new byte[block]);
    byte[] buf = new byte[block];
    int len = d.deflate(buf, 0, buf.length, java.util.zip.Deflater.FULL_FLUSH);
    d.end();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long k = 0; k < n / block; k++) {
      out.write(buf, 0, len);
    }
    out.writeBytes(new byte[] {3, 0}); // a final empty fixed-Huffman block
    return out.toByteArray();
  }

  /** The CRC-32 of {@code n} zero bytes. */
  static long zerosCrc(long n) {
    CRC32 crc = new CRC32();
    byte[] z = new byte[1 << 20];
    for (long left = n; left > 0; left -= z.length) {
      crc.update(z, 0, (int) Math.min(z.length, left));
    }
    return crc.getValue();
  }

  /** A zip member as raw bytes: deflated data with its sizes and CRC, or stored. */
  record Raw(String name, byte[] data, long size, long crc, boolean deflated,
      boolean descriptor) {
    static Raw of(String name, byte[] body) {
      CRC32 c = new CRC32();
      c.update(body);
      return new Raw(name, body, body.length, c.getValue(), false, false);
    }
  }

  /**
   * A zip written byte by byte, so members can be given already deflated: local headers (sizes
   * there, or in a data descriptor), then the central directory.
   */
  static byte[] zipRaw(List<Raw> members) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream central = new ByteArrayOutputStream();
    for (Raw m : members) {
      long at = out.size();
      byte[] name = m.name().getBytes(StandardCharsets.UTF_8);
      int flags = m.descriptor() ? 8 : 0;
      int method = m.deflated() ? 8 : 0;
      long crc = m.descriptor() ? 0 : m.crc();
      long csize = m.descriptor() ? 0 : m.data().length;
      long usize = m.descriptor() ? 0 : m.size();
      le(out, 0x04034b50, 4);
      le(out, 20, 2);
      le(out, flags, 2);
      le(out, method, 2);
      le(out, 0, 4);
      le(out, crc, 4);
      le(out, csize, 4);
      le(out, usize, 4);
      le(out, name.length, 2);
      le(out, 0, 2);
      out.writeBytes(name);
      out.writeBytes(m.data());
      if (m.descriptor()) {
        le(out, 0x08074b50, 4);
        le(out, m.crc(), 4);
        le(out, m.data().length, 4);
        le(out, m.size(), 4);
      }
      le(central, 0x02014b50, 4);
      le(central, 20, 2);
      le(central, 20, 2);
      le(central, flags, 2);
      le(central, method, 2);
      le(central, 0, 4);
      le(central, m.crc(), 4);
      le(central, m.data().length, 4);
      le(central, m.size(), 4);
      le(central, name.length, 2);
      le(central, 0, 8);
      le(central, 0, 4);
      le(central, at, 4);
      central.writeBytes(name);
    }
    long cdAt = out.size();
    out.writeBytes(central.toByteArray());
    le(out, 0x06054b50, 4);
    le(out, 0, 4);
    le(out, members.size(), 2);
    le(out, members.size(), 2);
    le(out, central.size(), 4);
    le(out, cdAt, 4);
    le(out, 0, 2);
    return out.toByteArray();
  }

  private static void le(ByteArrayOutputStream out, long v, int bytes) {
    for (int i = 0; i < bytes; i++) {
      out.write((int) (v >>> (8 * i)) & 0xFF);
    }
  }
}
