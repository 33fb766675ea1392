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

  @Test
  void checkpointOverTheLimit_evenSparse_isMovedAsideWithoutBeingRead() throws IOException {
    CheckpointStore store = new CheckpointStore(dir);
    Path file = store.file("s");
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE,
        java.nio.file.StandardOpenOption.SPARSE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {1}), (1L << 30) - 1); // 1 GiB, sparse
    }
    CheckpointStore.CorruptCheckpointException e =
        assertThrows(CheckpointStore.CorruptCheckpointException.class, () -> store.load("s"));
    assertTrue(e.getMessage().contains("1073741824 bytes: over the limit of "
        + CheckpointStore.DEFAULT_MAX_BYTES), e.getMessage());
    assertFalse(Files.exists(file));
    assertEquals(1L << 30, Files.size(dir.resolve(file.getFileName() + ".corrupt")));
    assertEquals(Optional.empty(), store.load("s"));

    CheckpointStore small = new CheckpointStore(dir, 100);
    small.save("t", new byte[77]); // 101 bytes with the header
    assertThrows(CheckpointStore.CorruptCheckpointException.class, () -> small.load("t"));
  }

  @Test
  void linksAreNeverFollowed_neitherPlantedTemporariesNorACheckpointThatIsALink()
      throws IOException {
    CheckpointStore store = new CheckpointStore(dir.resolve("ckpt"));
    Path victim = Files.writeString(dir.resolve("victim"), "precious");
    String name = CheckpointStore.fileName("s");
    // where earlier versions wrote their temporary file, and names that look like ours
    Files.createSymbolicLink(dir.resolve("ckpt/" + name + ".tmp"), victim);
    Files.createSymbolicLink(dir.resolve("ckpt/" + name + ".0123456789abcdef.tmp"), victim);
    store.save("s", "state".getBytes());
    assertEquals("precious", Files.readString(victim));
    assertArrayEquals("state".getBytes(), store.load("s").orElseThrow());
    assertTrue(Files.isSymbolicLink(dir.resolve("ckpt/" + name + ".tmp")), "not ours: left");

    Files.delete(store.file("s"));
    Files.createSymbolicLink(store.file("s"), victim);
    CheckpointStore.CorruptCheckpointException e =
        assertThrows(CheckpointStore.CorruptCheckpointException.class, () -> store.load("s"));
    assertTrue(e.getMessage().contains("a symbolic link"), e.getMessage());
    assertEquals("precious", Files.readString(victim));
  }

  @Test
  void savedFiles_areTheOwnersOnly_andNoTemporaryRemains() throws IOException {
    CheckpointStore store = new CheckpointStore(dir);
    store.save("s", new byte[10]);
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(store.file("s"))));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(store.file("s")), files.toList());
    }
  }

  @Test
  void longStanzaNames_fitEveryFileSystem_andStayDistinct() throws IOException {
    String a = "winsession://" + "x".repeat(300);
    String b = "winsession://" + "x".repeat(299) + "y";
    String c = "winsession://" + "日本".repeat(100);
    for (String s : List.of(a, b, c)) {
      assertTrue(CheckpointStore.fileName(s).length() <= 125, CheckpointStore.fileName(s));
      assertTrue(CheckpointStore.fileName(s).matches("[A-Za-z0-9._%~-]+"));
    }
    assertFalse(CheckpointStore.fileName(a).equals(CheckpointStore.fileName(b)));
    CheckpointStore store = new CheckpointStore(dir);
    store.save(a, new byte[] {1});
    store.save(b, new byte[] {2});
    assertArrayEquals(new byte[] {1}, store.load(a).orElseThrow());
    assertArrayEquals(new byte[] {2}, store.load(b).orElseThrow());
  }

  /** A channel over the real file that fails like a full disk after {@code room} bytes. */
  private static java.nio.channels.FileChannel fillsAfter(java.nio.channels.FileChannel real,
      long room) {
    return new java.nio.channels.FileChannel() {
      long written;

      @Override
      public int write(java.nio.ByteBuffer src) throws IOException {
        if (written + src.remaining() > room) {
          int part = (int) (room - written);
          java.nio.ByteBuffer slice = src.slice().limit(part);
          real.write(slice);
          src.position(src.position() + part);
          written = room;
          throw new IOException("No space left on device");
        }
        int n = real.write(src);
        written += n;
        return n;
      }

      @Override
      public void force(boolean metaData) throws IOException {
        real.force(metaData);
      }

      @Override
      protected void implCloseChannel() throws IOException {
        real.close();
      }

      @Override
      public int read(java.nio.ByteBuffer dst) {
        throw new UnsupportedOperationException();
      }

      @Override
      public long read(java.nio.ByteBuffer[] dsts, int offset, int length) {
        throw new UnsupportedOperationException();
      }

      @Override
      public long write(java.nio.ByteBuffer[] srcs, int offset, int length) {
        throw new UnsupportedOperationException();
      }

      @Override
      public long position() throws IOException {
        return real.position();
      }

      @Override
      public java.nio.channels.FileChannel position(long p) throws IOException {
        real.position(p);
        return this;
      }

      @Override
      public long size() throws IOException {
        return real.size();
      }

      @Override
      public java.nio.channels.FileChannel truncate(long size) throws IOException {
        real.truncate(size);
        return this;
      }

      @Override
      public long transferTo(long p, long c, java.nio.channels.WritableByteChannel t) {
        throw new UnsupportedOperationException();
      }

      @Override
      public long transferFrom(java.nio.channels.ReadableByteChannel s, long p, long c) {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(java.nio.ByteBuffer dst, long p) {
        throw new UnsupportedOperationException();
      }

      @Override
      public int write(java.nio.ByteBuffer src, long p) {
        throw new UnsupportedOperationException();
      }

      @Override
      public java.nio.MappedByteBuffer map(MapMode m, long p, long s) {
        throw new UnsupportedOperationException();
      }

      @Override
      public java.nio.channels.FileLock lock(long p, long s, boolean shared) {
        throw new UnsupportedOperationException();
      }

      @Override
      public java.nio.channels.FileLock tryLock(long p, long s, boolean shared) {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Test
  void aDiskThatFillsWhileSaving_leavesTheOldCheckpointWholeAndNoTemporary() throws IOException {
    byte[] old = "old state".getBytes();
    new CheckpointStore(dir).save("s", old);
    for (long room : new long[] {0, 5, 24, 1000}) {
      CheckpointStore full = new CheckpointStore(dir, CheckpointStore.DEFAULT_MAX_BYTES,
          (file, options, attrs) -> fillsAfter(java.nio.channels.FileChannel.open(file, options,
              attrs), room));
      IOException e = assertThrows(IOException.class, () -> full.save("s", new byte[5000]));
      assertEquals("No space left on device", e.getMessage());
      assertArrayEquals(old, full.load("s").orElseThrow(), "room for " + room + " bytes");
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(List.of(full.file("s")), files.toList(), "no temporary file remains");
      }
    }
  }
}
