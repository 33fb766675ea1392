package org.winsession.read.evt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.winsession.event.EventKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;
import org.winsession.session.EngineConfig;
import org.winsession.session.SessionEngine;
import org.winsession.session.SessionEvent;
import org.winsession.testing.CollectingSink;
import org.winsession.testing.SharedData;

/** The legacy EVT reader on the one real Windows 2003 Security.evt and copies made from it. */
class EvtEventReaderTest {
  record Result(List<SecurityEvent> events, List<RejectedRecord> rejected,
      List<RejectedRecord> warnings) {}

  static byte[] fixture() throws IOException {
    return Files.readAllBytes(SharedData.dir().resolve("evt-parser/test_files/Security.evt"));
  }

  static Result read(byte[] file) throws IOException {
    CollectingSink sink = new CollectingSink();
    new EvtEventReader().read(new ByteArrayInputStream(file), "test", sink);
    return new Result(sink.events, sink.rejected, sink.warnings);
  }

  private static int u32(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
  }

  private static void put32(byte[] b, int p, int v) {
    for (int i = 0; i < 4; i++) {
      b[p + i] = (byte) (v >>> (8 * i));
    }
  }

  /** Record offsets of the pristine (unwrapped) fixture, walked by their size fields. */
  static List<int[]> layout(byte[] f) {
    List<int[]> out = new ArrayList<>();
    for (int p = 0x30; p + 8 <= f.length && u32(f, p + 4) == 0x654c664c; p += u32(f, p)) {
      out.add(new int[] {p, u32(f, p)});
    }
    return out;
  }

  @Test
  void realWindows2003Log_everyRecordWithTheManifestCounts() throws IOException {
    Result r = read(fixture());
    assertEquals(49, r.events().size());
    assertEquals(List.of(), r.rejected());
    Map<Integer, Long> codes = new TreeMap<>(r.events().stream()
        .collect(Collectors.groupingBy(SecurityEvent::eventCode, Collectors.counting())));
    assertEquals(Map.of(528, 20L, 540, 5L, 552, 3L, 513, 2L, 576, 15L, 680, 3L, 612, 1L), codes);
    assertEquals(Map.of("MACHINENAME", 5L, "WIN2003S-CF42A4", 44L), r.events().stream()
        .collect(Collectors.groupingBy(SecurityEvent::host, Collectors.counting())));
    List<Long> ids = r.events().stream().map(SecurityEvent::recordId).toList();
    assertEquals(java.util.stream.LongStream.rangeClosed(1, 49).boxed().toList(), ids);
    assertTrue(r.events().stream().allMatch(e -> e.sourceFormat() == SourceFormat.EVT));
    SecurityEvent admin = r.events().get(14); // record 15: the console logon of Administrator
    assertEquals(528, admin.eventCode());
    assertEquals("Administrator", admin.user());
    assertEquals(2, admin.logonType());
    assertEquals(0x17ac7L, admin.logonId());
    assertEquals("User32", admin.logonProcess());
  }

  @Test
  void everyLogonOfTheRealLog_isASessionOfItsOwn() throws IOException {
    Result r = read(fixture());
    Set<Long> logons = r.events().stream().filter(e -> e.kind() == EventKind.LOGON)
        .map(SecurityEvent::recordId).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(25, logons.size());
    List<SessionEvent> out = new ArrayList<>();
    SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT, out::add);
    r.events().forEach(engine::accept);
    engine.finish();
    // five boots of WIN2003S-CF42A4 show only as SYSTEM logging on with type 0 (no 512 events)
    Set<Long> sessionLogons = out.stream().map(SessionEvent::logonRecordId)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(logons, sessionLogons);
    assertEquals(25, out.stream().map(SessionEvent::sessionId).distinct().count());
    assertEquals(3, engine.stats().hosts().get("win2003s-cf42a4").inferredBoots());
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 1000, 3000})
  void wrappedLog_isReadInOrderAcrossTheEndOfTheFile(int tailBytes) throws IOException {
    byte[] f = fixture();
    int cursor = 0x3fa0;
    byte[] records = Arrays.copyOfRange(f, 0x30, cursor + 0x28); // records, then the cursor
    byte[] w = new byte[f.length];
    System.arraycopy(f, 0, w, 0, 0x30);
    int start = w.length - tailBytes; // the oldest record starts near the end of the file
    System.arraycopy(records, 0, w, start, tailBytes);
    System.arraycopy(records, tailBytes, w, 0x30, records.length - tailBytes);
    int newCursor = 0x30 + (cursor - 0x30) - tailBytes;
    put32(w, newCursor + 20, start);
    put32(w, newCursor + 24, newCursor);
    put32(w, 16, start);
    put32(w, 20, newCursor);
    Result r = read(w);
    assertEquals(List.of(), r.rejected());
    assertEquals(read(f).events(), r.events(), "the same events, in the same order");
  }

  @Test
  void brokenRecordSignature_costsThatRecordOnly() throws IOException {
    byte[] f = fixture();
    int[] victim = layout(f).get(19);
    f[victim[0] + 4] = 'X';
    Result r = read(f);
    assertEquals(48, r.events().size());
    assertEquals(1, r.rejected().size());
    assertEquals(victim[0], r.rejected().get(0).byteOffset());
    assertTrue(r.events().stream().noneMatch(e -> e.recordId() == 20));
  }

  @ParameterizedTest
  @ValueSource(ints = {0x2000, 0x3000, 0x3fa0})
  void truncatedLog_keepsTheCompleteRecordsAndSaysItWasCut(int cut) throws IOException {
    byte[] f = fixture();
    List<int[]> recs = layout(f);
    long complete = recs.stream().filter(x -> x[0] + x[1] <= cut).count();
    boolean insideRecord = recs.stream().anyMatch(x -> x[0] < cut && x[0] + x[1] > cut);
    Result r = read(Arrays.copyOf(f, cut));
    assertEquals(complete, r.events().size());
    assertEquals(insideRecord ? 1 : 0, r.rejected().size(), r.rejected().toString());
    assertEquals(1, r.warnings().size(), "no end-of-file record");
  }

  @Test
  void notAnEvtLog_isOneRejectedRecord() throws IOException {
    Result r = read(new byte[] {0x30, 0, 0, 0, 'L', 'f', 'L', 'x'});
    assertEquals(0, r.events().size());
    assertEquals(1, r.rejected().size());
  }

  /** {@code n} zero bytes, generated, counting how many were read. */
  static final class Zeros extends java.io.InputStream {
    private final long n;
    long read;

    Zeros(long n) {
      this.n = n;
    }

    @Override
    public int read() {
      if (read >= n) {
        return -1;
      }
      read++;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (read >= n) {
        return -1;
      }
      int k = (int) Math.min(len, n - read);
      Arrays.fill(b, off, off + k, (byte) 0);
      read += k;
      return k;
    }
  }

  @Test
  void logPastMaxEvtBytes_isOneLimitRejection_andTheNextInputIsRead() throws IOException {
    org.winsession.read.ReadLimits limits = org.winsession.read.ReadLimits.DEFAULT
        .with(org.winsession.read.ReadLimits.Limit.MAX_EVT_BYTES, 65536);
    byte[] f = fixture();
    assertEquals(65536, f.length);
    CollectingSink sink = new CollectingSink();
    org.winsession.read.Inputs readers = new org.winsession.read.Inputs(limits);
    readers.read(new ByteArrayInputStream(Arrays.copyOf(f, f.length + 4)), "big", sink);
    assertEquals(0, sink.events.size());
    assertEquals(1, sink.rejected.size(), sink.rejected.toString());
    RejectedRecord x = sink.rejected.get(0);
    assertEquals(org.winsession.event.RejectKind.LIMIT, x.kind());
    assertEquals(org.winsession.read.ReadLimits.Limit.MAX_EVT_BYTES,
        org.winsession.read.ReadLimits.Limit.namedIn(x.reason()), x.reason());
    readers.read(new ByteArrayInputStream(f), "good", sink);
    assertEquals(49, sink.events.size(), "a log at the limit is read whole");
  }

  @Test
  void streamFarPastTheLimit_isRefusedHavingReadLittleMoreThanTheLimit() throws IOException {
    long limit = 32L << 20;
    Zeros zeros = new Zeros(1L << 40); // a terabyte that is never read
    CollectingSink sink = new CollectingSink();
    new EvtEventReader(org.winsession.read.ReadLimits.DEFAULT.with(
        org.winsession.read.ReadLimits.Limit.MAX_EVT_BYTES, limit)).read(
        new java.io.SequenceInputStream(new ByteArrayInputStream(fixture()), zeros), "t", sink);
    assertEquals(1, sink.rejected.size());
    assertTrue(sink.rejected.get(0).reason().contains("max_evt_bytes"));
    assertTrue(zeros.read <= limit + (1 << 16), "read " + zeros.read);
  }

  @Test
  void logLargerThanWhatTheHeapHolds_isReadThroughAMappedFile_likeTheSameLogSmall()
      throws IOException {
    byte[] f = fixture();
    Result small = read(f);
    CollectingSink sink = new CollectingSink();
    new EvtEventReader().read(new java.io.SequenceInputStream(new ByteArrayInputStream(f),
        new Zeros(EvtEventReader.IN_HEAP + (4L << 20))), "t", sink);
    assertEquals(small.events(), sink.events);
    assertEquals(List.of(), sink.rejected);
    assertEquals(small.warnings().size(), sink.warnings.size());
  }
}
