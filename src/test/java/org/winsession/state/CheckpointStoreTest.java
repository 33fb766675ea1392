package org.winsession.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir
  Path dir;

  @Test
  void saveThenLoad_roundTripsAndLeavesNoTemporaryFile() throws IOException {
    CheckpointStore store = new CheckpointStore(dir.resolve("modinputs/winsession"));
    assertEquals(Optional.empty(), store.load("winsession://dc01"));
    byte[] payload = "open sessions".getBytes();
    store.save("winsession://dc01", payload);
    store.save("winsession://dc01", payload); // replacing works too
    assertArrayEquals(payload, store.load("winsession://dc01").orElseThrow());
    try (Stream<Path> files = Files.list(dir.resolve("modinputs/winsession"))) {
      assertEquals(List.of("winsession%3A%2F%2Fdc01.ckpt"),
          files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void stanzaNames_neverLeaveTheDirectory() {
    for (String hostile : List.of("winsession://../../etc/passwd", "winsession://a/b\\c", "..",
        ".hidden", "winsession://x\u0000y", "winsession://日本")) {
      String name = CheckpointStore.fileName(hostile);
      assertFalse(name.contains("/") || name.contains("\\") || name.startsWith(".")
          || name.contains("\u0000"), name);
      assertTrue(name.matches("[A-Za-z0-9._%-]+"), name);
    }
    assertEquals("winsession%3A%2F%2Fdc%2001.ckpt", CheckpointStore.fileName("winsession://dc 01"));
  }

  @Test
  void damagedOrCutCheckpoint_isMovedAsideAndReportedNeverReset() throws IOException {
    CheckpointStore store = new CheckpointStore(dir);
    store.save("s", new byte[1000]);
    Path file = dir.resolve(CheckpointStore.fileName("s"));
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 10] ^= 1;
    Files.write(file, bytes);
    CheckpointStore.CorruptCheckpointException e =
        assertThrows(CheckpointStore.CorruptCheckpointException.class, () -> store.load("s"));
    assertTrue(e.getMessage().contains("CRC32 mismatch") && e.getMessage().contains(".corrupt"),
        e.getMessage());
    assertFalse(Files.exists(file));
    assertTrue(Files.exists(dir.resolve(CheckpointStore.fileName("s") + ".corrupt")));
    assertEquals(Optional.empty(), store.load("s"), "the next run starts fresh, knowingly");

    store.save("s", new byte[1000]);
    Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 500));
    e = assertThrows(CheckpointStore.CorruptCheckpointException.class, () -> store.load("s"));
    assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(".corrupt.1"),
        e.getMessage());
  }
}
