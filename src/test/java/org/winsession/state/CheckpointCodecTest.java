package org.winsession.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.winsession.session.EngineConfig;
import org.winsession.session.EngineState;
import org.winsession.session.SessionEngine;
import org.winsession.session.SessionEvent;

/**
 * Every checkpoint version ever written still loads (fixtures: the exact bytes of each, see the
 * README beside them), the current one round-trips, and damaged payloads fail with a reason.
 */
class CheckpointCodecTest {
  @TempDir
  Path dir;

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = CheckpointCodecTest.class.getResourceAsStream(name)) {
      assertTrue(in != null, name);
      return in.readAllBytes();
    }
  }

  /** The fixture through the store, as the modular input reads it. */
  private Checkpoint load(String name) throws IOException {
    String stanza = "winsession://fixture";
    CheckpointStore store = new CheckpointStore(dir);
    Files.write(store.file(stanza), fixture(name));
    return store.read(stanza).orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"v1-files.ckpt", "v2-files.ckpt", "v3-files.ckpt"})
  void everyReleasedVersionLoads_withItsFilesAndOpenSessions(String name) throws IOException {
    Checkpoint c = load(name);
    assertEquals(1, c.filesRead().size());
    FileRead read = c.filesRead().values().iterator().next();
    assertEquals(FileRead.whole(read.size()), read, "before version 4 a changed file is read whole");
    assertEquals(Checkpoint.NOT_SEARCHED, c.searchedUntil());
    List<SessionEvent> emitted = new ArrayList<>();
    SessionEngine engine = EngineState.read(EngineConfig.DEFAULT, emitted::add,
        new DataInputStream(new ByteArrayInputStream(c.engineState())));
    assertEquals(13, engine.heldSessions(), "the sessions open at the end of the sample day");
    assertEquals(List.of(), emitted, "restoring emits nothing");

    // written again in the current version, it reads back the same
    assertEquals(c, CheckpointCodec.decode(CheckpointCodec.encode(c)));
  }

  @Test
  void v1AndV2AndV3_differOnlyInHowTheyAreWritten() throws IOException {
    assertEquals(load("v1-files.ckpt"), load("v2-files.ckpt"));
    assertEquals(load("v2-files.ckpt"), load("v3-files.ckpt"));
  }

  @Test
  void currentVersion_roundTrips() throws IOException {
    Random r = new Random(11);
    for (int i = 0; i < 200; i++) {
      TreeMap<String, FileRead> files = new TreeMap<>();
      for (int k = r.nextInt(5); k > 0; k--) {
        long size = r.nextLong() & Long.MAX_VALUE;
        long at = (long) (r.nextDouble() * size);
        files.put(Long.toHexString(r.nextLong()), r.nextBoolean() ? FileRead.whole(size)
            : new FileRead(size, at, 1 + r.nextInt((int) Math.min(at, 1 << 20) + 1),
                Long.toHexString(r.nextLong())));
      }
      byte[] engine = new byte[r.nextInt(100)];
      r.nextBytes(engine);
      Checkpoint c = new Checkpoint(files, r.nextBoolean() ? -1 : r.nextInt(), engine);
      byte[] bytes = CheckpointCodec.encode(c);
      assertEquals(CheckpointCodec.VERSION, bytes[3]);
      assertEquals(c, CheckpointCodec.decode(bytes));
    }
  }

  @Test
  void damagedPayloads_failNamingWhy() {
    byte[] good = CheckpointCodec.encode(new Checkpoint(new TreeMap<>(Map.of("ab",
        new FileRead(5, 3, 2, "h"))), 7, new byte[] {1, 2, 3}));
    int resumeAt = 4 + 4 + 4 + 8; // version, count, "ab" and the size

    Map<String, byte[]> bad = Map.of(
        "checkpoint version 9", with(good, 3, 9),
        "checkpoint version 0", with(good, 3, 0),
        "files-read count", with(good, 4, 0x7f),
        "bytes after the engine state", Arrays.copyOf(good, good.length + 1),
        "engine state of", Arrays.copyOf(good, good.length - 1),
        "ends early", Arrays.copyOf(good, 6),
        "resume offset 259 on line 2, expected -1, or 0 to its size 5", with(good, resumeAt + 6, 1),
        "resume offset -2", withLong(good, resumeAt, -2),
        "on line 0", with(good, resumeAt + 15, 0),
        "line 5 at byte 3, expected at most one line end a byte", with(good, resumeAt + 15, 5));
    for (Map.Entry<String, byte[]> e : bad.entrySet()) {
      IOException x = assertThrows(IOException.class, () -> CheckpointCodec.decode(e.getValue()));
      assertTrue(x.getMessage().contains(e.getKey()), e.getKey() + ": " + x.getMessage());
    }
  }

  private static byte[] withLong(byte[] b, int at, long value) {
    byte[] c = b.clone();
    java.nio.ByteBuffer.wrap(c).putLong(at, value);
    return c;
  }

  private static byte[] with(byte[] b, int at, int value) {
    byte[] c = b.clone();
    c[at] = (byte) value;
    return c;
  }

  @Test
  void anUnreadablePayload_isMovedAsideByTheStore() throws IOException {
    CheckpointStore store = new CheckpointStore(dir);
    store.save("s", new byte[] {0, 0, 0, 42});
    CheckpointStore.CorruptCheckpointException e = assertThrows(
        CheckpointStore.CorruptCheckpointException.class, () -> store.read("s"));
    assertTrue(e.getMessage().contains("checkpoint version 42"), e.getMessage());
    assertTrue(Files.exists(dir.resolve(CheckpointStore.fileName("s") + ".corrupt")));
  }
}
