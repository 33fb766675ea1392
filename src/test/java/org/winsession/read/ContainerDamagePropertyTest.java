package org.winsession.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.winsession.event.SecurityEvent;
import org.winsession.testing.CollectingSink;

/**
 * Random nestings of gzip, zip (stored, deflated, sizes in the header or in descriptors) and tar
 * around small logs (generated event XML, and the real Windows 2003 EVT log of the shared data),
 * with one random piece of damage (a bad tar header, damaged deflate data, a cut gzip, garbage in
 * a log, a zip bomb member): every member the damage is not in arrives whole, each record at most
 * once, the damage is reported, and the next input of the run is read whole.
 */
class ContainerDamagePropertyTest {
  private static final int RUNS = 300;
  private static final byte[] EVT = evt();
  private static final long ZEROS = 64L << 20;
  private static final Packing.Raw BOMB = new Packing.Raw("zeros.bin",
      Packing.deflatedZeros(ZEROS), ZEROS, Packing.zerosCrc(ZEROS), true, true);

  private static byte[] evt() {
    try {
      return java.nio.file.Files.readAllBytes(org.winsession.testing.SharedData.dir()
          .resolve("evt-parser/test_files/Security.evt"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int le32(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16
        | (b[p + 3] & 0xFF) << 24;
  }

  /** A leaf log: its record ids are {@code first .. first + n - 1}. */
  private record Leaf(long first, int n) {}

  private final class Builder {
    final Random rnd;
    final List<Leaf> leaves = new ArrayList<>();
    final List<Leaf> damaged = new ArrayList<>();
    long nextId = 100;
    boolean evtUsed;
    /** Nodes are numbered as built; the one numbered {@code target} is damaged. */
    int node;
    int target;
    String damage = "none";

    Builder(long seed) {
      rnd = new Random(seed);
    }

    /** A member's bytes at container depth {@code depth}; {@code hurt}: inside the damage. */
    byte[] build(int depth, boolean hurt) {
      int me = node++;
      boolean damageHere = me == target;
      int kind = depth >= 3 ? 0 : rnd.nextInt(depth == 0 ? 3 : 4) + (depth == 0 ? 1 : 0);
      switch (kind) {
        case 1:
          return gzip(depth, hurt, damageHere);
        case 2:
          return zip(depth, hurt, damageHere);
        case 3:
          return tar(depth, hurt, damageHere);
        default:
          return leaf(hurt, damageHere);
      }
    }

    byte[] leaf(boolean hurt, boolean damageHere) {
      if (!evtUsed && rnd.nextInt(4) == 0) { // the real Windows 2003 log: record ids 1..49
        evtUsed = true;
        byte[] evt = EVT.clone();
        if (damageHere) {
          damage = "garbage in a log";
          List<Integer> records = new ArrayList<>(); // walked by their size fields
          for (int p = 0x30; p + 8 <= evt.length && le32(evt, p + 4) == 0x654c664c;
              p += le32(evt, p)) {
            records.add(p);
          }
          evt[records.get(rnd.nextInt(records.size())) + 4] = 'X'; // a record's signature
        }
        (hurt || damageHere ? damaged : leaves).add(new Leaf(1, 49));
        return evt;
      }
      Leaf l = new Leaf(nextId, 1 + rnd.nextInt(20));
      nextId += l.n();
      byte[] xml = Packing.xmlEvents(l.first(), l.n());
      if (damageHere) {
        damage = "garbage in a log";
        String s = new String(xml, StandardCharsets.UTF_8);
        int cut = s.indexOf('\n', rnd.nextInt(s.length())) + 1;
        xml = (s.substring(0, cut) + "<Event><System><EventID>4624</Ev\u0001nt>\n"
            + s.substring(cut)).getBytes(StandardCharsets.UTF_8);
      }
      (hurt || damageHere ? damaged : leaves).add(l);
      return xml;
    }

    byte[] gzip(int depth, boolean hurt, boolean damageHere) {
      byte[] gz = Packing.gzip(build(depth + 1, hurt || damageHere));
      if (damageHere) {
        damage = "cut gzip";
        gz = Arrays.copyOf(gz, rnd.nextInt(4) == 0 ? 5 + rnd.nextInt(6)
            : Math.max(11, gz.length * (1 + rnd.nextInt(3)) / 4)); // in the header, or after
      }
      return gz;
    }

    byte[] zip(int depth, boolean hurt, boolean damageHere) {
      int n = 1 + rnd.nextInt(4);
      int bad = damageHere ? rnd.nextInt(n + 1) : -1; // n: a bomb member added
      List<Packing.Raw> members = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] body = build(depth + 1, hurt || i == bad);
        members.add(member("m" + i, body, i == bad));
      }
      if (bad == n) {
        damage = "zip bomb member";
        members.add(rnd.nextInt(members.size() + 1), BOMB);
      }
      return Packing.zipRaw(members);
    }

    Packing.Raw member(String name, byte[] body, boolean damageHere) {
      CRC32 crc = new CRC32();
      crc.update(body);
      boolean deflated = damageHere || rnd.nextBoolean();
      byte[] data = body;
      if (deflated) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(body);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
          out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        data = out.toByteArray();
      }
      if (damageHere) {
        damage = "damaged deflate data";
        data = data.clone();
        int from = data.length / 3;
        for (int i = from; i < Math.min(data.length, from + 16); i++) {
          data[i] ^= (byte) (1 + rnd.nextInt(255));
        }
      }
      return new Packing.Raw(name, data, body.length, crc.getValue(), deflated,
          deflated && rnd.nextBoolean());
    }

    byte[] tar(int depth, boolean hurt, boolean damageHere) {
      int n = 1 + rnd.nextInt(4);
      int bad = damageHere ? rnd.nextInt(n) : -1;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < n; i++) {
        byte[] body = build(depth + 1, hurt || i == bad);
        byte[] h = Packing.tarHeader("m" + i, body.length);
        if (i == bad) {
          damage = "bad tar size field";
          Packing.put(h, 124, "9z9z9z9z9z9");
          if (rnd.nextBoolean()) {
            Packing.checksum(h);
          }
        }
        out.writeBytes(h);
        out.writeBytes(body);
        out.writeBytes(new byte[(512 - body.length % 512) % 512]);
      }
      out.writeBytes(new byte[1024]);
      return out.toByteArray();
    }
  }

  @Test
  void afterDamage_everyUndamagedMemberAndTheNextInputArriveWhole() throws IOException {
    Map<String, Integer> damages = new HashMap<>();
    long events = 0;
    for (long seed = 1; seed <= RUNS; seed++) {
      // first count the nodes of this seed's tree, then build it again damaging one of them
      Builder count = new Builder(seed);
      count.target = -1;
      count.build(0, false);
      Builder b = new Builder(seed);
      b.target = seed % 5 == 0 ? -1 : new Random(seed * 31).nextInt(count.node);
      byte[] input = b.build(0, false);
      byte[] next = Packing.gzip(Packing.xmlEvents(1_000_000, 5));
      CollectingSink sink = new CollectingSink();
      Inputs readers = new Inputs(ReadLimits.DEFAULT);
      readers.read(new ByteArrayInputStream(input), "in", sink);
      readers.read(new ByteArrayInputStream(next), "next", sink);
      String what = "seed " + seed + " (" + b.damage + ")";
      Map<Long, Integer> seen = new HashMap<>();
      for (SecurityEvent e : sink.events) {
        assertEquals(null, seen.put(e.recordId(), 1), what + ": record " + e.recordId()
            + " delivered twice");
      }
      for (Leaf l : b.leaves) {
        for (long id = l.first(); id < l.first() + l.n(); id++) {
          assertTrue(seen.containsKey(id), what + ": record " + id + " of an undamaged member"
              + " lost; rejected " + sink.rejected + " warnings " + sink.warnings);
        }
      }
      for (long id = 1_000_000; id < 1_000_005; id++) {
        assertTrue(seen.containsKey(id), what + ": the next input lost record " + id);
      }
      if (b.damage.equals("none")) {
        assertEquals(List.of(), sink.rejected, what);
        assertEquals(List.of(), sink.warnings, what);
        assertEquals(b.leaves.stream().mapToInt(Leaf::n).sum() + 5, sink.events.size(), what);
      } else {
        assertFalse(sink.rejected.isEmpty() && sink.warnings.isEmpty(),
            what + ": damage must be reported");
      }
      damages.merge(b.damage, 1, Integer::sum);
      events += sink.events.size();
    }
    for (String kind : List.of("none", "garbage in a log", "cut gzip", "zip bomb member",
        "damaged deflate data", "bad tar size field")) {
      assertTrue(damages.getOrDefault(kind, 0) >= 5, "too few runs with " + kind + ": " + damages);
    }
    assertTrue(events > 10_000, "" + events);
  }

  @Test
  void bytesFlippedAnywhere_neverFailTheRun_andTheNextInputArrivesWhole() throws IOException {
    long survived = 0;
    for (long seed = 1; seed <= RUNS; seed++) {
      Builder b = new Builder(seed);
      b.target = -1;
      byte[] input = b.build(0, false);
      Random rnd = new Random(-seed);
      for (int k = 1 + rnd.nextInt(8); k > 0; k--) {
        input[rnd.nextInt(input.length)] ^= (byte) (1 + rnd.nextInt(255));
      }
      CollectingSink sink = new CollectingSink();
      Inputs readers = new Inputs(ReadLimits.DEFAULT);
      try {
        readers.read(new ByteArrayInputStream(input), "in", sink);
      } catch (IOException e) {
        throw new AssertionError("seed " + seed + ": a damaged container failed its input", e);
      }
      int before = sink.events.size();
      readers.read(new ByteArrayInputStream(Packing.gzip(Packing.xmlEvents(1_000_000, 5))),
          "next", sink);
      assertEquals(5, sink.events.size() - before, "seed " + seed + ": the next input");
      survived += before;
    }
    assertTrue(survived > 3_000, "most records survive a few flipped bytes: " + survived);
  }
}
