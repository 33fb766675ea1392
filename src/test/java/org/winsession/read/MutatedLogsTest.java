package org.winsession.read;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.testing.SharedData;

/**
 * Every build feeds the binary readers a few hundred seeded mutations of real logs (bytes flipped,
 * ranges zeroed, bytes inserted, the file cut): a reader may report damage only as rejected
 * records and warnings, never by throwing or by a failure of its own decoder, and it always
 * accounts for something when the input had records.
 */
class MutatedLogsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "omerbenamram-evtx/samples/Security_short_selected.evtx, 300",
      "EVTX-to-MITRE-Attack/TA0008-Lateral Movement/T1021.001-Remote Desktop Protocol/ID4688-4778 RDP hijack command execution.evtx, 200",
      "omerbenamram-evtx/samples/post-Security.evtx, 60",
      "evt-parser/test_files/Security.evt, 400"})
  void mutatedRealLog_neverBreaksTheReader(String path, int mutations) throws IOException {
    byte[] pristine = Files.readAllBytes(SharedData.dir().resolve(path.strip()));
    Random random = new Random(path.hashCode());
    for (int m = 0; m < mutations; m++) {
      byte[] f = mutate(pristine, random);
      long[] counts = new long[2];
      new Inputs(ReadLimits.DEFAULT).read(new ByteArrayInputStream(f), "mutation " + m,
          new EventSink() {
            @Override
            public void event(SecurityEvent event) {
              counts[0]++;
            }

            @Override
            public void rejected(RejectedRecord record) {
              counts[1]++;
              assertFalse(record.reason().contains("decoder failure"), record.reason());
            }
          });
      assertTrue(counts[0] + counts[1] > 0 || f.length < 4096 + 512,
          "mutation " + m + " of " + path + ": nothing reported for a log with records");
    }
  }

  private static byte[] mutate(byte[] in, Random r) {
    byte[] f = in.clone();
    switch (r.nextInt(5)) {
      case 0: // flip a few bytes anywhere past the file signature
        for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
          f[8 + r.nextInt(f.length - 8)] ^= (byte) (1 + r.nextInt(255));
        }
        return f;
      case 1: { // zero a range
        int at = 8 + r.nextInt(f.length - 8);
        Arrays.fill(f, at, Math.min(f.length, at + 1 + r.nextInt(600)), (byte) 0);
        return f;
      }
      case 2: { // insert random bytes
        int at = 8 + r.nextInt(f.length - 8);
        byte[] junk = new byte[1 + r.nextInt(64)];
        r.nextBytes(junk);
        byte[] out = new byte[f.length + junk.length];
        System.arraycopy(f, 0, out, 0, at);
        System.arraycopy(junk, 0, out, at, junk.length);
        System.arraycopy(f, at, out, at + junk.length, f.length - at);
        return out;
      }
      case 3: // cut the file
        return Arrays.copyOf(f, 8 + r.nextInt(f.length - 8));
      default: { // overwrite a 4-byte field with an extreme value
        int at = 8 + r.nextInt(f.length - 12);
        int v = r.nextBoolean() ? -1 : r.nextInt(1 << 20);
        for (int i = 0; i < 4; i++) {
          f[at + i] = (byte) (v >>> (8 * i));
        }
        return f;
      }
    }
  }
}
