package org.winsession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.winsession.emit.SessionJson;
import org.winsession.event.SecurityEvent;
import org.winsession.read.ReadLimits;
import org.winsession.testing.Read;
import org.winsession.testing.SharedData;

/**
 * A restart must change nothing: one engine over all events emits exactly what an engine that
 * was stopped, written, read back and continued emits, wherever the stop falls.
 */
class EngineStateTest {
  private static List<SecurityEvent> events(String which) throws IOException {
    InputStream in = which.equals("sample")
        ? EngineStateTest.class.getResourceAsStream("/org/winsession/sample/sample-day.xml")
        : Files.newInputStream(SharedData.rendered(which));
    try (InputStream s = Objects.requireNonNull(in)) {
      return Read.stream(s, ReadLimits.DEFAULT).events();
    }
  }

  private static byte[] write(SessionEngine engine) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EngineState.write(engine, new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  private static List<String> json(List<SessionEvent> events) {
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(SessionJson.toJson(e)));
    out.sort(null);
    return out;
  }

  @ParameterizedTest(name = "{0} stopped at {1}%")
  @CsvSource({"sample, 10", "sample, 50", "sample, 90",
      "python-evtx/tests/data/security.evtx, 25", "python-evtx/tests/data/security.evtx, 50",
      "python-evtx/tests/data/security.evtx, 97",
      "DFIRArtifactMuseum/Windows/EventLogs/Win11/RathbunVM/RathbunVM_W11EventLogs.7z.extracted/Security.evtx, 60"})
  void stopWriteReadContinue_emitsExactlyWhatOneRunEmits(String log, int percent)
      throws IOException {
    List<SecurityEvent> all = events(log);
    EngineConfig config = EngineConfig.DEFAULT.withEmitOpen(true);
    List<SessionEvent> once = new ArrayList<>();
    SessionEngine whole = new SessionEngine(config, once::add);
    all.forEach(whole::accept);
    whole.finish();

    int cut = all.size() * percent / 100;
    List<SessionEvent> twice = new ArrayList<>();
    SessionEngine first = new SessionEngine(config, twice::add);
    all.subList(0, cut).forEach(first::accept);
    first.flush();
    byte[] state = write(first);
    SessionEngine second = EngineState.read(config, twice::add,
        new DataInputStream(new ByteArrayInputStream(state)));
    assertEquals(first.heldSessions(), second.heldSessions());
    all.subList(cut, all.size()).forEach(second::accept);
    second.finish();

    assertEquals(json(once), json(twice));
    assertTrue(once.size() > 10);
  }

  @Test
  void stateOfARestoredEngine_isTheSameBytes() throws IOException {
    List<SecurityEvent> all = events("sample");
    SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT, e -> {});
    all.forEach(engine::accept);
    engine.flush();
    byte[] state = write(engine);
    SessionEngine back = EngineState.read(EngineConfig.DEFAULT, e -> {},
        new DataInputStream(new ByteArrayInputStream(state)));
    assertEquals(java.util.Arrays.toString(state), java.util.Arrays.toString(write(back)));
  }

  /**
   * {@code engine-state-v1.bin} was written by format 1 (before hosts carried their audit state)
   * after these events: WS01 started, logged bob on (0x100, RDP), svc on and off (0x200), carol
   * on (0x300, network); SRV02 logged three network sessions on (0x400..0x402).
   */
  @Test
  void formatOneState_stillReads_withEveryHostUndecided() throws IOException {
    byte[] v1;
    try (InputStream in = Objects.requireNonNull(EngineStateTest.class.getResourceAsStream(
        "engine-state-v1.bin"))) {
      v1 = in.readAllBytes();
    }
    assertEquals(1, new DataInputStream(new ByteArrayInputStream(v1, 8, 4)).readInt());
    List<SessionEvent> out = new ArrayList<>();
    SessionEngine engine = EngineState.read(EngineConfig.DEFAULT, out::add,
        new DataInputStream(new ByteArrayInputStream(v1)));
    engine.checkInvariants();
    assertEquals(5, engine.heldSessions());
    assertEquals(AuditState.UNDECIDED, engine.auditState("ws01"),
        "format 1 did not keep the audit state: the next logoff decides");
    assertEquals(AuditState.UNDECIDED, engine.auditState("srv02"));
    org.winsession.testing.Scenario next = new org.winsession.testing.Scenario()
        .host("WS01").logoff("10:00:00", 0x100);
    SecurityEvent logoff = next.events().get(0);
    engine.accept(SecurityEvent.builder().host("WS01").channel("Security").recordId(100)
        .timeMillis(logoff.timeMillis()).eventCode(4634).logonId(0x100).build());
    engine.finish();
    SessionEvent closed = out.get(0);
    assertEquals(SessionStatus.CLOSED, closed.status());
    assertEquals(org.winsession.testing.Scenario.time("08:00:00"), closed.logonTime(),
        "the session restored from format 1 pairs with its logoff");
    assertEquals(AuditState.LOGOFF_AUDITED, engine.auditState("ws01"));
    assertEquals(5, out.size(), "the closed session and four still open");
    byte[] v2 = write(engine);
    assertEquals(EngineState.VERSION, new DataInputStream(new ByteArrayInputStream(v2, 8, 4))
        .readInt(), "written again in the current format");
  }

  @Test
  void unflushedEngine_isRefused() {
    SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT, e -> {});
    engine.accept(SecurityEvent.builder().host("h").recordId(1).timeMillis(0).eventCode(4624)
        .logonId(5).build());
    assertThrows(IllegalStateException.class, () -> write(engine));
  }

  @Test
  void notAStateOrAnotherVersionOrCutShort_isAnIoExceptionSayingSo() throws IOException {
    List<SecurityEvent> all = events("sample");
    SessionEngine engine = new SessionEngine(EngineConfig.DEFAULT, e -> {});
    all.forEach(engine::accept);
    engine.flush();
    byte[] state = write(engine);
    byte[] otherVersion = state.clone();
    otherVersion[11] = 9;
    byte[] cut = java.util.Arrays.copyOf(state, state.length / 2);
    for (byte[] bad : List.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, otherVersion, cut)) {
      IOException e = assertThrows(IOException.class, () -> EngineState.read(
          EngineConfig.DEFAULT, x -> {}, new DataInputStream(new ByteArrayInputStream(bad))));
      assertTrue(e.getMessage() == null || !e.getMessage().isBlank());
    }
  }
}
