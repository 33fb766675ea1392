package org.winsession.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.winsession.event.RejectedRecord;
import org.winsession.testing.CollectingSink;
import org.winsession.testing.Samples;
import org.winsession.testing.SharedData;

/** Containers opened in place, and detection of every file in ../shared/data by its bytes. */
class InputsTest {
  private static CollectingSink read(byte[] data) throws IOException {
    CollectingSink sink = new CollectingSink();
    new Inputs(ReadLimits.DEFAULT).read(new ByteArrayInputStream(data), "t", sink);
    return sink;
  }

  private static byte[] gzip(byte[] in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(in);
    }
    return out.toByteArray();
  }

  private static byte[] zip(String name, byte[] in, String name2, byte[] in2) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry(name));
      z.write(in);
      z.putNextEntry(new ZipEntry("dir/"));
      z.putNextEntry(new ZipEntry(name2));
      z.write(in2);
    }
    return out.toByteArray();
  }

  /** A one-member ustar archive, written here (the JDK has no tar writer). */
  private static byte[] tar(String name, byte[] body) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(n, 0, h, 0, n.length);
    byte[] size = String.format("%011o", body.length).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(size, 0, h, 124, size.length);
    h[156] = '0';
    System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xFF;
    }
    byte[] check = String.format("%06o\u0000 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(check, 0, h, 148, 8);
    int padded = (body.length + 511) / 512 * 512;
    byte[] out = new byte[512 + padded + 1024];
    System.arraycopy(h, 0, out, 0, 512);
    System.arraycopy(body, 0, out, 512, body.length);
    return out;
  }

  private static final byte[] XML = (Samples.E4624_V3 + "\n").getBytes(StandardCharsets.UTF_8);
  private static final byte[] JSON = ("{\"EventID\":4634,\"Hostname\":\"H\",\"RecordNumber\":5,"
      + "\"@timestamp\":\"2024-01-01T00:00:00Z\",\"TargetLogonId\":\"0x10\"}\n")
      .getBytes(StandardCharsets.UTF_8);

  @Test
  void zipWithXmlAndJsonMembers_readsBothAndNamesThem() throws IOException {
    CollectingSink r = read(zip("a.xml", XML, "b.json", JSON));
    assertEquals(2, r.events.size());
    assertEquals(List.of(), r.rejected);
  }

  @Test
  void tarGzInsideAZip_isOpenedThreeLevelsDeep() throws IOException {
    CollectingSink r = read(zip("logs.tar.gz", gzip(tar("x/a.xml", XML)), "b.json", JSON));
    assertEquals(2, r.events.size(), r.rejected.toString());
  }

  @Test
  void nestingPastTheLimit_isRejectedNotFollowed() throws IOException {
    byte[] deep = gzip(gzip(gzip(gzip(XML))));
    CollectingSink r = read(deep);
    assertEquals(0, r.events.size());
    assertEquals(1, r.rejected.size());
    assertTrue(r.rejected.get(0).reason().contains("nested deeper"));
  }

  @Test
  void cutGzip_deliversWhatCameBeforeWithAWarning() throws IOException {
    StringBuilder many = new StringBuilder();
    for (int i = 1; i <= 2000; i++) {
      many.append(new String(JSON, StandardCharsets.UTF_8).replace("\"RecordNumber\":5",
          "\"RecordNumber\":" + i + ",\"Pad\":\"" + Integer.toHexString(i * 7919) + "\""));
    }
    byte[] gz = gzip(many.toString().getBytes(StandardCharsets.UTF_8));
    CollectingSink r = read(java.util.Arrays.copyOf(gz, gz.length * 2 / 3));
    assertTrue(r.events.size() > 500 && r.events.size() < 2000, "" + r.events.size());
    assertEquals(1, r.warnings.size(), r.warnings.toString());
    assertTrue(r.rejected.size() <= 1, "at most the line the cut fell in: " + r.rejected);
  }

  @Test
  void everyFileOfTheSharedData_isDetectedByItsBytes() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SharedData.dir())) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    int logs = 0;
    for (Path f : files) {
      String name = f.getFileName().toString();
      boolean log = name.endsWith(".evtx") || name.endsWith(".evt") || name.endsWith(".xml.gz")
          || name.endsWith(".zip") || name.endsWith(".tar.gz");
      CollectingSink r = new CollectingSink();
      try (InputStream in = Files.newInputStream(f)) {
        new Inputs(ReadLimits.DEFAULT).read(in, f.toString(), r);
      }
      long unrecognized = r.rejected.stream().map(RejectedRecord::reason)
          .filter(x -> x.startsWith("unrecognized input")).count();
      if (log) {
        logs++;
        assertTrue(r.events.size() > 0, f.toString());
        assertEquals(0, unrecognized, f.toString());
      } else if (name.endsWith(".json")) {
        assertEquals(0, r.events.size(), f + ": a JSON array of no events");
        assertTrue(r.rejected.size() > 0, f.toString());
      } else {
        assertEquals(0, r.events.size(), f.toString());
        assertEquals(1, unrecognized, f + ": documentation, licenses and 7z are no logs");
      }
    }
    assertEquals(16 + 16 + 1 + 3, logs, "16 EVTX, their 16 renderings, 1 EVT, 3 Mordor archives");
  }
}
