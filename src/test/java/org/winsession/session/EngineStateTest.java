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
