package org.winsession.read.evtx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;
import org.winsession.read.EventSink;
import org.winsession.read.ReadLimits;
import org.winsession.testing.CollectingSink;
import org.winsession.testing.Read;
import org.winsession.testing.SharedData;

/**
 * The EVTX reader against the real files: MANIFEST counts, record-for-record equality with the
 * XML reader over libevtx's rendering, and corrupted copies whose expected counts are derived
 * from the pristine file's layout (walked independently here), not copied from the output.
 */
class EvtxEventReaderTest {
  private static final String SECURITY = "python-evtx/tests/data/security.evtx";

  /** What one read gives. */
  record Result(List<SecurityEvent> events, List<RejectedRecord> rejected,
      List<RejectedRecord> warnings) {}

  static Result read(byte[] file) throws IOException {
    CollectingSink sink = new CollectingSink();
    new EvtxEventReader().read(new ByteArrayInputStream(file), "test", sink);
    for (RejectedRecord r : sink.rejected) {
      assertTrue(!r.reason().contains("decoder failure"), "no unchecked failure: " + r.reason());
    }
    return new Result(sink.events, sink.rejected, sink.warnings);
  }

  static Stream<JsonObject> evtxFiles() throws IOException {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : JsonParser.parseString(Files.readString(
        SharedData.dir().resolve("manifest.json"), StandardCharsets.UTF_8)).getAsJsonArray()) {
      if (e.getAsJsonObject().get("format").getAsString().equals("EVTX")) {
        out.add(e.getAsJsonObject());
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("evtxFiles")
  void everyRecordOfEveryFile_matchesTheManifestAndTheXmlReader(JsonObject entry)
      throws IOException {
    String loc = entry.get("loc").getAsString();
    Result r = read(Files.readAllBytes(SharedData.dir().resolve(loc)));
    assertEquals(entry.get("events").getAsLong(), r.events().size(), "every record is read");
    assertEquals(List.of(), r.rejected());
    Map<String, Long> counts = new TreeMap<>();
    Set<String> hosts = new TreeSet<>();
    for (SecurityEvent e : r.events()) {
      counts.merge(String.valueOf(e.eventCode()), 1L, Long::sum);
      hosts.add(e.host());
      assertEquals(SourceFormat.EVTX, e.sourceFormat());
    }
    for (Map.Entry<String, JsonElement> id : entry.getAsJsonObject("ids").entrySet()) {
      assertEquals(id.getValue().getAsLong(), counts.getOrDefault(id.getKey(), 0L),
          "event " + id.getKey());
    }
    Set<String> computers = new TreeSet<>();
    entry.getAsJsonArray("computers").forEach(c -> computers.add(c.getAsString()));
    assertEquals(computers, hosts);

    Map<Long, SecurityEvent> fromXml = new HashMap<>();
    try (InputStream in = Files.newInputStream(SharedData.rendered(loc))) {
      Read.stream(in, ReadLimits.DEFAULT).events().forEach(e -> fromXml.put(e.recordId(), e));
    }
    int compared = 0;
    for (SecurityEvent e : r.events()) {
      SecurityEvent x = fromXml.get(e.recordId());
      if (x == null) {
        continue; // the record libevtx's rendering could not express (raw control characters)
      }
      assertEquals(asEvtx(x), e, "record " + e.recordId());
      compared++;
    }
    assertTrue(compared >= r.events().size() - 1, compared + " of " + r.events().size());
  }

  private static SecurityEvent asEvtx(SecurityEvent x) {
    return new SecurityEvent(x.host(), x.channel(), x.recordId(), x.timeMillis(), x.eventCode(),
        x.kind(), x.logonId(), x.linkedLogonId(), x.user(), x.domain(), x.userSid(),
        x.logonType(), x.authPackage(), x.logonProcess(), x.lmPackage(), x.srcIp(), x.srcPort(),
        x.srcWorkstation(), x.processName(), x.elevated(), x.virtualAccount(), x.logonGuid(),
        x.status(), x.subStatus(), SourceFormat.EVTX);
  }

  @Test
  void dump_isWellFormedXmlThatReadsBackToTheSameEvents() throws IOException {
    byte[] file = Files.readAllBytes(SharedData.dir().resolve(SECURITY));
    java.io.StringWriter xml = new java.io.StringWriter();
    List<RejectedRecord> problems = new ArrayList<>();
    new EvtxEventReader().dump(new ByteArrayInputStream(file), "security.evtx", xml,
        new EventSink() {
          @Override
          public void event(SecurityEvent e) {
            throw new AssertionError("no events while dumping");
          }

          @Override
          public void rejected(RejectedRecord r) {
            problems.add(r);
          }
        });
    assertEquals(List.of(), problems);
    Read.Result back = Read.text(xml.toString());
    assertEquals(List.of(), back.rejected(), "every dumped record is well-formed");
    List<SecurityEvent> direct = read(file).events();
    assertEquals(direct.size(), back.events().size());
    for (int i = 0; i < direct.size(); i++) {
      assertEquals(direct.get(i), asEvtx(back.events().get(i)));
    }
    assertTrue(xml.toString().contains("<Data Name=\"TargetLogonId\">0x"), "rendered like Windows");
  }

  @Test
  void controlCharacterRecordThatXmlCannotCarry_isReadFromTheBinary() throws IOException {
    Result r = read(Files.readAllBytes(SharedData.dir().resolve(SECURITY)));
    SecurityEvent e55 = r.events().stream().filter(e -> e.recordId() == 55).findFirst()
        .orElseThrow();
    assertEquals(4739, e55.eventCode());
  }

  @Test
  void badStringCacheSample_readsEveryRecordAndWarnsOfTheChunkHeader() throws IOException {
    Result r = read(Files.readAllBytes(SharedData.dir()
        .resolve("omerbenamram-evtx/samples/security_bad_string_cache.evtx")));
    assertEquals(2261, r.events().size());
    assertEquals(0, r.rejected().size());
    assertEquals(1, r.warnings().size());
    assertTrue(r.warnings().get(0).reason().startsWith("chunk 0 header CRC32"));
  }

  // ---- corrupted copies of security.evtx --------------------------------------------------

  /** One record of the pristine file, from this test's own walk of the chunk layout. */
  record Rec(int chunk, int fileOffset, int size, int templateOffset) {}

  static List<Rec> layout(byte[] f) {
    List<Rec> out = new ArrayList<>();
    for (int c = 0; 4096 + (c + 1) * 65536 <= f.length; c++) {
      int base = 4096 + c * 65536;
      if (f[base] != 'E') {
        continue;
      }
      int free = Bytes.u32(f, base + 48);
      for (int p = 512; p + 28 <= free && f[base + p] == 0x2A; ) {
        int size = Bytes.u32(f, base + p + 4);
        out.add(new Rec(c, base + p, size, Bytes.u32(f, base + p + 34)));
        p += size;
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 4096 + 100, 4096 + 3 * 65536, 4096 + 5 * 65536 + 20_000,
      4096 + 5 * 65536 + 20_010, 2_000_000})
  void truncatedCopy_keepsEveryCompleteRecordBeforeTheCut(int cut) throws IOException {
    byte[] pristine = Files.readAllBytes(SharedData.dir().resolve(SECURITY));
    List<Rec> recs = layout(pristine);
    byte[] cutFile = java.util.Arrays.copyOf(pristine, cut);
    long complete = recs.stream().filter(x -> x.fileOffset() + x.size() <= cut).count();
    boolean insideRecord = recs.stream()
        .anyMatch(x -> x.fileOffset() < cut && x.fileOffset() + x.size() > cut);
    boolean insideHeader = cut < 4096 || ((cut - 4096) % 65536 > 0 && (cut - 4096) % 65536 < 512);
    Result r = read(cutFile);
    assertEquals(complete, r.events().size());
    assertEquals(insideRecord || insideHeader ? 1 : 0, r.rejected().size(),
        r.rejected().toString());
  }

  @Test
  void brokenRecordSize_costsThatRecordOnly() throws IOException {
    byte[] f = Files.readAllBytes(SharedData.dir().resolve(SECURITY));
    List<Rec> recs = layout(f);
    Rec victim = recs.stream().filter(x -> x.chunk() == 2).skip(10).findFirst().orElseThrow();
    f[victim.fileOffset() + 4] = (byte) 0xFF;
    f[victim.fileOffset() + 5] = (byte) 0xFF;
    Result r = read(f);
    assertEquals(recs.size() - 1, r.events().size());
    assertEquals(1, r.rejected().size());
    assertEquals(victim.fileOffset(), r.rejected().get(0).byteOffset());
    assertEquals(0, r.warnings().stream().filter(w -> !w.reason().contains("CRC32")).count());
  }

  @Test
  void brokenChunkSignatureAndFileHeader_areWarningsAndCostNothing() throws IOException {
    byte[] f = Files.readAllBytes(SharedData.dir().resolve(SECURITY));
    f[4096 + 65536 + 3] ^= 0x20; // "ElfChnk" -> "Elf?hnk" in chunk 1
    f[30] ^= 0x01; // a byte of the file header: its CRC no longer matches
    Result r = read(f);
    assertEquals(layout(Files.readAllBytes(SharedData.dir().resolve(SECURITY))).size(),
        r.events().size());
    assertEquals(0, r.rejected().size(), r.rejected().toString());
    assertEquals(2, r.warnings().size(), r.warnings().toString());
  }

  @Test
  void brokenTemplateDefinition_costsTheRecordsOfThatChunkUsingIt() throws IOException {
    byte[] f = Files.readAllBytes(SharedData.dir().resolve(SECURITY));
    List<Rec> recs = layout(f);
    Rec first = recs.stream().filter(x -> x.chunk() == 2).findFirst().orElseThrow();
    int chunkBase = 4096 + 2 * 65536;
    int template = first.templateOffset();
    f[chunkBase + template + 24 + 4] = 0x7F; // the template's first token after its header
    long using = recs.stream().filter(x -> x.chunk() == 2 && x.templateOffset() == template)
        .count();
    Result r = read(f);
    assertTrue(using >= 1);
    assertEquals(recs.size() - using, r.events().size());
    assertEquals(using, r.rejected().size());
    assertTrue(r.rejected().get(0).reason().contains("BinXML token 0x7f"),
        r.rejected().get(0).reason());
  }

  @Test
  void brokenElementName_rejectsTheChunksRecordsWithTheReason() throws IOException {
    byte[] f = Files.readAllBytes(SharedData.dir().resolve(SECURITY));
    List<Rec> recs = layout(f);
    int chunkBase = 4096 + 4 * 65536;
    byte[] computer = "Computer".getBytes(StandardCharsets.UTF_16LE);
    int at = indexOf(f, computer, chunkBase, chunkBase + 65536);
    assertTrue(at > 0);
    f[at] = 'X'; // the chunk's one definition of the element name Computer
    long inChunk = recs.stream().filter(x -> x.chunk() == 4).count();
    Result r = read(f);
    assertEquals(recs.size() - inChunk, r.events().size());
    assertEquals(inChunk, r.rejected().size());
    assertTrue(r.rejected().get(0).reason().contains("has no Computer"));
  }

  @Test
  void dirtyLogWhoseHeaderCountsOneChunk_isReadToTheEnd() throws IOException {
    byte[] f = Files.readAllBytes(SharedData.dir().resolve(SECURITY));
    int all = layout(f).size();
    f[42] = 1; // number of chunks: 1 (the log has 26)
    f[43] = 0;
    f[120] = 1; // flags: dirty, as after a crash
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(f, 0, 120);
    EvtxBuilder.put32(f, 124, (int) crc.getValue());
    Result r = read(f);
    assertEquals(all, r.events().size());
    assertEquals(0, r.rejected().size());
    assertEquals(0, r.warnings().size(), "a consistent dirty header is no damage");
  }

  @Test
  void notAnEvtxHeader_isOneRejectedRecord() throws IOException {
    Result r = read("ElfFileX but nothing more".getBytes(StandardCharsets.US_ASCII));
    assertEquals(0, r.events().size());
    assertEquals(1, r.rejected().size());
  }

  private static int indexOf(byte[] f, byte[] needle, int from, int to) {
    outer:
    for (int i = from; i + needle.length <= to; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (f[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

}
