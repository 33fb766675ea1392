package org.winsession.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.winsession.testing.Samples;
import org.winsession.testing.SharedData;

/** The analyze command as a user runs it: the sample, files, stdin, exit codes, the summary. */
class AnalyzeCommandTest {
  /** Every field name SESSIONS.md §5 allows. */
  static final Set<String> CONTRACT_FIELDS = Set.of("schema", "time", "session_id", "host",
      "boot_start", "logon_id", "linked_logon_id", "linked_session_id", "user", "domain",
      "user_sid", "account_class", "logon_type", "logon_type_name", "auth_package",
      "logon_process", "src_ip", "src_port", "src_workstation", "process_name", "elevated",
      "privileged", "logon_time", "user_logoff_time", "logoff_time", "end_time",
      "logon_event_code", "logoff_event_code", "logon_record_id", "logon_count", "end_reason",
      "duration", "status", "leak", "leak_reason", "late_logoff", "confidence", "locked_seconds",
      "disconnected_seconds", "reconnects", "clock_anomaly", "source_format");

  @TempDir
  Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void sample_showsEveryStatusAndOnlyContractFields() throws Exception {
    Path out = dir.resolve("sessions.json");
    CliRun r = run("analyze", "--sample", "-o", out.toString());
    assertEquals(0, r.code(), r.err());
    Map<String, Integer> statuses = new TreeMap<>();
    Set<String> reasons = new TreeSet<>();
    boolean late = false;
    boolean clock = false;
    for (String line : Files.readAllLines(out)) {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      assertTrue(CONTRACT_FIELDS.containsAll(o.keySet()), o.keySet().toString());
      statuses.merge(o.get("status").getAsString(), 1, Integer::sum);
      if (o.has("leak_reason")) {
        reasons.add(o.get("leak_reason").getAsString());
      }
      late |= o.get("late_logoff").getAsBoolean();
      clock |= o.get("clock_anomaly").getAsBoolean();
    }
    assertEquals(Set.of("open", "closed", "leaked", "ended_by_shutdown", "superseded",
        "orphan_logoff"), statuses.keySet());
    assertEquals(Set.of("user_logoff_without_logoff", "no_logoff_past_threshold"), reasons);
    assertTrue(late && clock);
    assertTrue(r.err().contains("269 records: 269 events, 0 rejected"), r.err());
    assertTrue(r.err().contains("legacy03"), r.err());
  }

  @Test
  void sameInputTwice_givesByteIdenticalOutput() throws Exception {
    String log = SharedData.rendered("python-evtx/tests/data/security.evtx").toString();
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    assertEquals(0, run("analyze", log, "-o", a.toString()).code());
    assertEquals(0, run("analyze", log, "-o", b.toString()).code());
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertTrue(Files.size(a) > 100_000);
  }

  @Test
  void directoriesAreReadRecursively_andRejectedRecordsGoToTheirFile() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs/sub"));
    Files.writeString(logs.resolve("a.xml"), Samples.E4624_V3 + "\ngarbage\n");
    Files.writeString(logs.getParent().resolve("b.xml"), Samples.E4634);
    Path out = dir.resolve("s.json");
    Path rejected = dir.resolve("r.json");
    CliRun r = run("analyze", logs.getParent().toString(), "-o", out.toString(), "--rejected",
        rejected.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(2, Files.readAllLines(out).size());
    List<String> rej = Files.readAllLines(rejected);
    assertEquals(1, rej.size());
    JsonObject o = JsonParser.parseString(rej.get(0)).getAsJsonObject();
    assertEquals(2, o.get("line").getAsInt());
    assertTrue(o.get("source").getAsString().endsWith("a.xml"));
    assertTrue(r.err().contains("2 inputs read; 3 records: 2 events, 1 rejected"), r.err());
  }

  @Test
  void standardInput_isReadWhenNoInputIsGiven() throws Exception {
    InputStream old = System.in;
    System.setIn(new ByteArrayInputStream(Samples.E4634.getBytes(StandardCharsets.UTF_8)));
    try {
      Path out = dir.resolve("s.json");
      CliRun r = run("analyze", "-o", out.toString());
      assertEquals(0, r.code(), r.err());
      assertTrue(Files.readString(out).contains("\"status\":\"orphan_logoff\""));
    } finally {
      System.setIn(old);
    }
  }

  @Test
  void nothingReadable_exitsOneNamingTheFile() {
    CliRun r = run("analyze", dir.resolve("missing.xml").toString(), "-o",
        dir.resolve("o").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("missing.xml"), r.err());
  }

  @Test
  void oneUnreadableAmongReadable_exitsZeroAndSaysSo() throws Exception {
    Path good = Files.writeString(dir.resolve("good.xml"), Samples.E4634);
    CliRun r = run("analyze", good.toString(), dir.resolve("missing.xml").toString(), "-o",
        dir.resolve("o").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("1 unreadable"), r.err());
  }

  @Test
  void badSetting_exitsTwoNamingSettingValueAndWhatIsAllowed() {
    CliRun r = run("analyze", "--sample", "--leak-after", "forever");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--leak-after 'forever': expected a duration such as"), r.err());
    CliRun t = run("analyze", "--sample", "--leak-after-by-type", "99=1h");
    assertEquals(2, t.code());
    assertTrue(t.err().contains("logon type '99'"), t.err());
    CliRun h = run("analyze", "--sample", "--host-normalization", "netbios");
    assertTrue(h.err().contains("expected short, fqdn or as_is"), h.err());
  }

  @Test
  void engineSettings_reachTheEngine() throws Exception {
    Path out = dir.resolve("s.json");
    assertEquals(0, run("analyze", "--sample", "--leak-after", "1h", "-o", out.toString())
        .code());
    long leaks = Files.readAllLines(out).stream()
        .filter(l -> l.contains("\"leak_reason\":\"no_logoff_past_threshold\"")).count();
    assertTrue(leaks > 2, "a shorter threshold finds more leaks: " + leaks);
  }

  /** Twenty network logons on a host that writes no logoff, then an event the next day. */
  private Path hostWithoutLogoffAudit() throws IOException {
    StringBuilder xml = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      xml.append(org.winsession.testing.Samples.modern(4624, i + 1,
          String.format("2026-03-02T08:%02d:00Z", i), "FS07.contoso.local", "TargetUserName",
          "u" + i, "TargetLogonId", "0x" + Integer.toHexString(0x5000 + i), "LogonType", "3"))
          .append('\n');
    }
    xml.append(org.winsession.testing.Samples.modern(4688, 21, "2026-03-03T09:00:00Z",
        "FS07.contoso.local")).append('\n');
    return Files.writeString(dir.resolve("fs07.xml"), xml);
  }

  @Test
  void hostWithoutLogoffAudit_isListedWithTheFix_andItsSessionsAreUnaudited() throws Exception {
    Path in = hostWithoutLogoffAudit();
    Path out = dir.resolve("u.json");
    CliRun r = run("analyze", in.toString(), "-o", out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(20, Files.readAllLines(out).stream()
        .filter(l -> l.contains("\"status\":\"unaudited\"")).count());
    assertTrue(r.err().contains("hosts that do not audit logoffs: 1 (") && r.err().contains(
        "Audit Logoff: Success") && r.err().contains("  fs07: 20 sessions opened, 20 emitted"
        + " unaudited"), r.err());
    assertTrue(r.err().contains(" open 0 unaudited 20"), r.err());

    CliRun higher = run("analyze", in.toString(), "--unaudited-after", "21", "-o", out.toString());
    assertEquals(20, Files.readAllLines(out).stream()
        .filter(l -> l.contains("\"status\":\"leaked\"")).count());
    assertFalse(higher.err().contains("do not audit logoffs"), higher.err());

    CliRun bad = run("analyze", in.toString(), "--unaudited-after", "0");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--unaudited-after '0': expected a whole number from 1 to"),
        bad.err());
  }

  @Test
  void binaryEvtxAndItsXmlRendering_giveTheSameSessions() throws Exception {
    String loc = "omerbenamram-evtx/samples/Security_with_size_t.evtx";
    Path fromEvtx = dir.resolve("evtx.json");
    Path fromXml = dir.resolve("xml.json");
    CliRun r = run("analyze", SharedData.dir().resolve(loc).toString(), "-o", fromEvtx.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("636 records: 636 events, 0 rejected"), r.err());
    assertEquals(0, run("analyze", SharedData.rendered(loc).toString(), "-o", fromXml.toString())
        .code());
    assertEquals(Files.readString(fromXml).replace("\"source_format\":\"xml\"",
        "\"source_format\":\"evtx\""), Files.readString(fromEvtx));
  }

  @Test
  void formatOption_overridesDetection() throws Exception {
    // a classic event whose first line was lost: detection sees no shape it knows
    String text = "LogName=Security\nEventCode=4634\nComputerName=H\nMessage=x\n";
    Path f = Files.writeString(dir.resolve("cut.txt"), text);
    CliRun detected = run("analyze", f.toString(), "-o", dir.resolve("a").toString());
    assertTrue(detected.err().contains("unrecognized input"), detected.err());
    CliRun forced = run("analyze", "--format", "wineventlog", f.toString(), "-o",
        dir.resolve("b").toString());
    assertTrue(forced.err().contains("text before the first event"), forced.err());
    CliRun bad = run("analyze", "--format", "pdf", f.toString());
    assertEquals(2, bad.code());
  }

  @Test
  void chunkDamageThatCostsNoRecord_isAWarning() throws Exception {
    String loc = "omerbenamram-evtx/samples/security_bad_string_cache.evtx";
    CliRun r = run("analyze", SharedData.dir().resolve(loc).toString(), "-o",
        dir.resolve("o").toString());
    assertEquals(0, r.code());
    assertTrue(r.err().contains("2261 events, 0 rejected, 1 warnings"), r.err());
    assertTrue(r.err().contains("warning: ") && r.err().contains("header CRC32"), r.err());
  }

  @Test
  void everyReadLimit_isAnOption_checkedAgainstItsMinimum() {
    for (org.winsession.read.ReadLimits.Limit l : org.winsession.read.ReadLimits.Limit.values()) {
      CliRun r = run("analyze", "--sample", l.option(), Long.toString(l.minimum() - 1));
      assertEquals(2, r.code(), l.option());
      assertTrue(r.err().contains(l.option() + " '" + (l.minimum() - 1) + "': expected a whole"
          + " number of at least " + l.minimum()), r.err());
      CliRun ok = run("analyze", "--sample", l.option(), Long.toString(l.defaultValue()), "-o",
          dir.resolve("ok.json").toString());
      assertEquals(0, ok.code(), ok.err());
    }
    CliRun text = run("analyze", "--sample", "--max-record-bytes", "1m");
    assertEquals(2, text.code());
    assertTrue(text.err().contains("--max-record-bytes '1m': expected a whole number"), text.err());
  }

  /** A ustar archive of members, with header checksums. */
  private static byte[] tar(String[] names, byte[][] bodies) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int m = 0; m < names.length; m++) {
      byte[] h = new byte[512];
      byte[] n = names[m].getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(n, 0, h, 0, n.length);
      byte[] size = String.format("%011o", bodies[m].length).getBytes(StandardCharsets.US_ASCII);
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
      out.writeBytes(h);
      out.writeBytes(bodies[m]);
      out.writeBytes(new byte[(512 - bodies[m].length % 512) % 512]);
    }
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  private static byte[] events(long first, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(Samples.modern(4634, first + i, "2024-01-01T00:00:00Z", "H1", "TargetLogonId",
          "0x" + Long.toHexString(first + i), "LogonType", "3")).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void tarWithABadSizeField_exitsZeroWithTheEventsAroundItAndTheDamageCounted()
      throws Exception {
    byte[] tar = tar(new String[] {"a.xml", "b.xml", "c.xml"},
        new byte[][] {events(1, 3), events(4, 3), events(7, 3)});
    int b = 512 + (events(1, 3).length + 511) / 512 * 512;
    System.arraycopy("zzzzzzzzzzz".getBytes(StandardCharsets.US_ASCII), 0, tar, b + 124, 11);
    Path f = dir.resolve("logs.tar");
    Files.write(f, tar);
    CliRun r = run("analyze", f.toString(), "-o", dir.resolve("s.json").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("7 records: 6 events, 1 rejected"), r.err());
    assertTrue(r.err().contains("logs.tar byte " + b + ": tar header at byte " + b), r.err());
    assertTrue(r.err().contains("rejected by kind: container 1"), r.err());
  }

  @Test
  void aLimitSetOnTheCommandLine_reachesTheReaders_andItsHitsAreCounted() throws Exception {
    Path f = dir.resolve("logs.tar");
    Files.write(f, tar(new String[] {"a.xml", "b.xml", "c.xml"},
        new byte[][] {events(1, 3), events(4, 3), events(7, 3)}));
    CliRun all = run("analyze", f.toString(), "-o", dir.resolve("a.json").toString());
    assertTrue(all.err().contains("9 records: 9 events, 0 rejected"), all.err());
    assertTrue(!all.err().contains("read limits hit"), all.err());
    CliRun two = run("analyze", "--max-archive-entries", "2", f.toString(), f.toString(), "-o",
        dir.resolve("b.json").toString());
    assertEquals(0, two.code(), two.err());
    assertTrue(two.err().contains("14 records: 12 events, 2 rejected"), two.err());
    assertTrue(two.err().contains("rejected by kind: container 2; read limits hit:"
        + " max_archive_entries 2"), two.err());
  }

  /**
   * max_filter_steps: a host pattern that backtracks on a long host name is given up past the
   * bound, each such match counted and reported in the summary with the setting to raise; a
   * raised bound decides them; a pattern that does not backtrack is never counted.
   */
  @Test
  void filterMatchesPastMaxFilterSteps_areCountedAndReported_andARaisedBoundDecidesThem()
      throws Exception {
    Path f = Files.writeString(dir.resolve("hosts.xml"), Samples.longHostLogoffs());
    CliRun bounded = run("analyze", "--include-hosts", ".*b", f.toString(), "-o",
        dir.resolve("a.json").toString());
    assertEquals(0, bounded.code(), bounded.err());
    assertTrue(bounded.err().contains("filter matches undecided: 3 past max_filter_steps"
        + " 10000000 (raise --max-filter-steps to decide them), 0 past the stack depth; each"
        + " counted as not matching"), bounded.err());
    CliRun raised = run("analyze", "--include-hosts", ".*b", "--max-filter-steps", "100000000",
        f.toString(), "-o", dir.resolve("b.json").toString());
    assertEquals(0, raised.code(), raised.err());
    assertFalse(raised.err().contains("filter matches undecided"), raised.err());
    CliRun plain = run("analyze", "--exclude-hosts", "^h\\d", f.toString(), "-o",
        dir.resolve("c.json").toString());
    assertEquals(0, plain.code(), plain.err());
    assertFalse(plain.err().contains("filter matches undecided"), plain.err());
  }

  /** The undecided count follows the records in their order: the same for any --threads. */
  @Test
  void undecidedFilterMatches_areTheSameForAnyNumberOfThreads() throws Exception {
    String log = SharedData.dir().resolve("omerbenamram-evtx/samples/Security_with_size_t.evtx")
        .toString();
    String line = null;
    for (String threads : new String[] {"1", "2", "3"}) {
      CliRun r = run("analyze", "--threads", threads, "--include-hosts", ".*z",
          "--max-filter-steps", "3", log, "-o", dir.resolve("t" + threads).toString());
      assertEquals(0, r.code(), r.err());
      String undecided = r.err().lines().filter(l -> l.startsWith("filter matches undecided"))
          .findFirst().orElseThrow(() -> new AssertionError(r.err()));
      assertTrue(undecided.startsWith("filter matches undecided: 636 past"), undecided);
      assertTrue(line == null || line.equals(undecided), line + " / " + undecided);
      line = undecided;
    }
  }
}
