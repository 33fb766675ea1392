package org.winsession.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.Packing.Member;
import org.winsession.read.ReadLimits.Limit;
import org.winsession.testing.CollectingSink;

/**
 * Hostile containers, each generated here: an archive past its member limit, a nested zip bomb,
 * a tar with a bad size field. Each costs the member or input it is in, is reported naming the
 * limit or the damage, and leaves every other member and input read.
 */
class HostileContainersTest {
  private static final long GIB = 1L << 30;

  private static CollectingSink read(ReadLimits limits, byte[]... inputs) throws IOException {
    CollectingSink sink = new CollectingSink();
    Inputs readers = new Inputs(limits);
    for (int i = 0; i < inputs.length; i++) {
      readers.read(new ByteArrayInputStream(inputs[i]), "in" + i, sink);
    }
    return sink;
  }

  private static Set<Long> ids(CollectingSink s) {
    Set<Long> out = new TreeSet<>();
    for (SecurityEvent e : s.events) {
      out.add(e.recordId());
    }
    return out;
  }

  private static Set<Long> range(long from, long to) {
    Set<Long> out = new TreeSet<>();
    for (long i = from; i <= to; i++) {
      out.add(i);
    }
    return out;
  }

  private static Set<Long> union(Set<Long> a, Set<Long> b) {
    Set<Long> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  private static void assertNames(RejectedRecord r, Limit... limits) {
    assertEquals(RejectKind.CONTAINER, r.kind(), r.toString());
    Limit named = Limit.namedIn(r.reason());
    assertTrue(named != null && List.of(limits).contains(named), r.reason());
  }

  @Test
  void zipOf100001Members_theOnePastTheLimitIsReportedNotLost() throws IOException {
    List<Packing.Raw> members = new ArrayList<>();
    for (int i = 1; i <= 100_001; i++) {
      members.add(Packing.Raw.of(String.format("m%06d.xml", i),
          i == 1 || i == 100_000 || i == 100_001 ? Packing.xmlEvents(i, 1) : new byte[0]));
    }
    CollectingSink r = read(ReadLimits.DEFAULT, Packing.zipRaw(members));
    assertEquals(Set.of(1L, 100_000L), ids(r), "every member up to the limit is read");
    assertEquals(1, r.rejected.size(), r.rejected.toString());
    assertNames(r.rejected.get(0), Limit.MAX_ARCHIVE_ENTRIES);
    assertTrue(r.rejected.get(0).reason().contains("(100000, read limit max_archive_entries"),
        r.rejected.get(0).reason());
  }

  @Test
  void tarPastASmallMemberLimit_readsTheFirstAndReportsTheRest() throws IOException {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      members.add(new Member("m" + i + ".xml", Packing.xmlEvents(10 * i + 1, 2)));
    }
    byte[] tar = Packing.tar(members);
    CollectingSink r = read(ReadLimits.DEFAULT.with(Limit.MAX_ARCHIVE_ENTRIES, 3), tar,
        Packing.zip(members));
    assertEquals(12, r.events.size(), "3 members of 2 events from each archive");
    assertEquals(Set.of(1L, 2L, 11L, 12L, 21L, 22L), ids(r));
    assertEquals(2, r.rejected.size(), r.rejected.toString());
    r.rejected.forEach(x -> assertNames(x, Limit.MAX_ARCHIVE_ENTRIES));
    assertEquals(List.of("in0", "in1"), r.rejected.stream().map(RejectedRecord::source).toList());
  }

  /** A zip of one deflated member of {@code zeros} zero bytes, sizes in a descriptor. */
  private static byte[] zerosZip(long zeros) {
    return Packing.zipRaw(List.of(zerosMember("zeros.bin", zeros)));
  }

  private static Packing.Raw zerosMember(String name, long zeros) {
    return new Packing.Raw(name, Packing.deflatedZeros(zeros), zeros, Packing.zerosCrc(zeros),
        true, true);
  }

  private static final Pattern STOPPED = Pattern.compile("stopped after (\\d+) bytes");

  /** Every rejection: the zeros are no log, and each container past a limit is refused early. */
  private static void assertRefusedEarly(List<RejectedRecord> rejected) {
    assertTrue(rejected.stream().anyMatch(x -> x.kind() == RejectKind.CONTAINER), "refused");
    for (RejectedRecord x : rejected) {
      if (x.kind() == RejectKind.UNRECOGNIZED_INPUT) {
        assertTrue(x.source().endsWith("zeros.bin"), x.toString());
        continue;
      }
      assertNames(x, Limit.MAX_EXPANSION_RATIO, Limit.MAX_EXPANDED_BYTES);
      Matcher m = STOPPED.matcher(x.reason());
      assertTrue(m.find(), x.reason());
      assertTrue(Long.parseLong(m.group(1)) <= 16L << 20,
          "stopped within a few MiB of decompression: " + x.reason());
    }
  }

  @Test
  void nestedZipBomb_isRefusedEarly_andTheNextInputIsRead() throws IOException {
    byte[] inner = zerosZip(GIB); // 1 GiB of zeros in about 1 MB
    List<Member> ten = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add(new Member("bomb" + i + ".zip", inner));
    }
    byte[] bomb = Packing.gzip(Packing.zip(ten));
    assertTrue(bomb.length < 64 << 10, "a bomb of " + bomb.length + " bytes holding 10 GiB");
    CollectingSink r = read(ReadLimits.DEFAULT, bomb, Packing.xmlEvents(1, 3));
    assertEquals(Set.of(1L, 2L, 3L), ids(r), "the input after the bomb is read whole");
    assertRefusedEarly(r.rejected);
  }

  @Test
  void bombMemberAmongGoodOnes_costsThatMemberOnly() throws IOException {
    for (boolean descriptor : new boolean[] {true, false}) {
      Packing.Raw zeros = zerosMember("zeros.bin", GIB);
      zeros = new Packing.Raw(zeros.name(), zeros.data(), zeros.size(), zeros.crc(), true,
          descriptor);
      byte[] zip = Packing.zipRaw(List.of(Packing.Raw.of("a.xml", Packing.xmlEvents(1, 3)), zeros,
          Packing.Raw.of("b.xml", Packing.xmlEvents(4, 3))));
      CollectingSink r = read(ReadLimits.DEFAULT, zip, Packing.xmlEvents(7, 3));
      assertEquals(range(1, 9), ids(r), "both good members of the zip, and the input after it");
      // sized, the unread rest is skipped without inflating it; else inflating it to find its
      // end passes the ratio
      assertEquals(descriptor ? 1 : 0, r.rejected.stream()
          .filter(x -> x.kind() == RejectKind.CONTAINER).count(), r.rejected.toString());
      assertTrue(r.rejected.stream().anyMatch(x -> x.source().equals("in0!zeros.bin")));
      if (descriptor) {
        assertRefusedEarly(r.rejected);
      }
    }
  }

  @Test
  void inputPastMaxExpandedBytes_keepsWhatCameBefore_andCostsThatInputOnly()
      throws IOException {
    ReadLimits limits = ReadLimits.DEFAULT.with(Limit.MAX_EXPANDED_BYTES, 1 << 20)
        .with(Limit.MAX_EXPANSION_RATIO, 1_000_000_000L);
    ByteArrayOutputStream big = new ByteArrayOutputStream();
    Packing.zeros(big, 3 << 20);
    byte[] tgz = Packing.gzip(Packing.tar(List.of(new Member("a.xml", Packing.xmlEvents(1, 3)),
        new Member("big.bin", big.toByteArray()), new Member("c.xml", Packing.xmlEvents(7, 3)))));
    CollectingSink r = read(limits, tgz, Packing.gzip(Packing.xmlEvents(100, 2)));
    assertEquals(Set.of(1L, 2L, 3L, 100L, 101L), ids(r));
    assertEquals(List.of(RejectKind.UNRECOGNIZED_INPUT, RejectKind.CONTAINER),
        r.rejected.stream().map(RejectedRecord::kind).toList(), "the zeros are no log");
    assertNames(r.rejected.get(1), Limit.MAX_EXPANDED_BYTES);
    assertEquals("in0", r.rejected.get(1).source());
    assertEquals(List.of(), r.warnings, "a spent budget is no damage");
  }

  @Test
  void nestingPastASetLimit_isRefusedNamingIt() throws IOException {
    CollectingSink r = read(ReadLimits.DEFAULT.with(Limit.MAX_NESTING, 1),
        Packing.gzip(Packing.gzip(Packing.xmlEvents(1, 1))), Packing.gzip(Packing.xmlEvents(2, 1)));
    assertEquals(Set.of(2L), ids(r));
    assertEquals(1, r.rejected.size());
    assertNames(r.rejected.get(0), Limit.MAX_NESTING);
  }

  private static byte[] threeMemberTar() {
    return Packing.tar(List.of(new Member("a.xml", Packing.xmlEvents(1, 3)),
        new Member("b.xml", Packing.xmlEvents(4, 3)), new Member("c.xml", Packing.xmlEvents(7, 3))));
  }

  /** Offset of the header of the member named {@code name}. */
  private static int headerOf(byte[] tar, String name) {
    for (int p = 0; p + 512 <= tar.length; p += 512) {
      if (new String(tar, p, name.length(), java.nio.charset.StandardCharsets.US_ASCII)
          .equals(name) && tar[p + 257] == 'u') {
        return p;
      }
    }
    throw new AssertionError(name);
  }

  @Test
  void tarWithABadSizeField_deliversTheMembersAroundIt_andSaysWhere() throws IOException {
    for (boolean fixChecksum : new boolean[] {true, false}) {
      byte[] tar = threeMemberTar();
      int b = headerOf(tar, "b.xml");
      Packing.put(tar, b + 124, "zz9zz9zz9zz");
      if (fixChecksum) {
        byte[] h = java.util.Arrays.copyOfRange(tar, b, b + 512);
        Packing.checksum(h);
        System.arraycopy(h, 0, tar, b, 512);
      }
      CollectingSink r = read(ReadLimits.DEFAULT, tar);
      assertEquals(union(range(1, 3), range(7, 9)), ids(r), "the members before and after");
      assertEquals(1, r.rejected.size(), r.rejected.toString());
      RejectedRecord x = r.rejected.get(0);
      assertEquals(RejectKind.CONTAINER, x.kind());
      assertEquals(b, x.byteOffset(), x.reason());
      assertTrue(x.reason().contains(fixChecksum ? "size field 'zz9zz9zz9zz'" : "checksum"),
          x.reason());
    }
  }

  @Test
  void tarWhoseSizeRunsPastTheEnd_deliversEverythingBeforeAndWarns() throws IOException {
    byte[] tar = threeMemberTar();
    int b = headerOf(tar, "b.xml");
    byte[] h = java.util.Arrays.copyOfRange(tar, b, b + 512);
    Packing.put(h, 124, "77777777777");
    Packing.checksum(h);
    System.arraycopy(h, 0, tar, b, 512);
    CollectingSink r = read(ReadLimits.DEFAULT, tar);
    assertTrue(ids(r).containsAll(range(1, 6)), ids(r).toString());
    assertEquals(1, r.warnings.size(), r.warnings.toString());
    assertTrue(r.warnings.get(0).reason().contains("ends early"));
  }

  @Test
  void damagedDeflateDataInOneZipMember_costsThatMemberOnly() throws IOException {
    for (boolean sized : new boolean[] {false, true}) {
      List<Member> members = List.of(new Member("a.xml", Packing.xmlEvents(1, 50)),
          new Member("b.xml", Packing.xmlEvents(51, 50)),
          new Member("c.xml", Packing.xmlEvents(101, 50)));
      byte[] zip = sized ? sizedZip(members) : Packing.zip(members);
      int b = indexOf(zip, "b.xml".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      for (int i = b + 40; i < b + 200; i += 7) {
        zip[i] ^= 0x5a;
      }
      CollectingSink r = read(ReadLimits.DEFAULT, zip);
      assertTrue(ids(r).containsAll(union(range(1, 50), range(101, 150))), "sized " + sized
          + ": " + ids(r));
      assertTrue(r.rejected.stream().anyMatch(x -> x.kind() == RejectKind.CONTAINER
          && x.source().equals("in0") && x.reason().contains("'b.xml'")), r.rejected.toString());
    }
  }

  /** A zip whose deflated members carry their sizes in the local header (no descriptors). */
  static byte[] sizedZip(List<Member> members) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Member m : members) {
        java.util.zip.Deflater d = new java.util.zip.Deflater(
            java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(m.body());
        d.finish();
        byte[] buf = new byte[m.body().length + 1024];
        int csize = 0;
        while (!d.finished()) {
          csize += d.deflate(buf, csize, buf.length - csize);
        }
        d.end();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(m.body());
        ZipEntry e = new ZipEntry(m.name());
        e.setSize(m.body().length);
        e.setCompressedSize(csize);
        e.setCrc(crc.getValue());
        z.putNextEntry(e);
        z.write(m.body());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void gzipCutShortInsideATar_costsThatMemberOnly() throws IOException {
    byte[] gz = Packing.gzip(Packing.xmlEvents(1, 200));
    byte[] cut = java.util.Arrays.copyOf(gz, gz.length / 2);
    byte[] tar = Packing.tar(List.of(new Member("a.xml.gz", cut),
        new Member("b.xml", Packing.xmlEvents(1000, 3))));
    CollectingSink r = read(ReadLimits.DEFAULT, tar);
    assertTrue(ids(r).containsAll(range(1000, 1002)));
    assertTrue(r.events.size() > 3, "what came before the cut is read");
    assertEquals(1, r.warnings.size(), r.warnings.toString());
    assertEquals("in0!a.xml.gz", r.warnings.get(0).source());
  }
}
