package org.winsession.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * One checkpoint file per modular-input stanza under Splunk's {@code checkpoint_dir}.
 *
 * <p>A checkpoint is written atomically: to a temporary file, forced to disk, then renamed over
 * the old one, so a crash leaves either the old or the new checkpoint, never half of one. Its
 * header carries a format version, the payload's length and CRC32: a checkpoint that does not
 * check out is moved aside (never silently reset) and {@link CorruptCheckpointException} says
 * where it went. File names are derived from the stanza name with every character outside
 * {@code [A-Za-z0-9._-]} percent-encoded, so no stanza name can reach outside the directory.
 */
public final class CheckpointStore {
  /** The checkpoint file format version. */
  public static final int VERSION = 1;

  private static final byte[] MAGIC = "WSNCKPT\n".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + 4 + 8 + 4;
  private static final long MAX_BYTES = 4L << 30;

  private final Path dir;

  /** A store in {@code dir}, created when missing. */
  public CheckpointStore(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** Raised when a checkpoint exists but cannot be trusted; it has been moved aside. */
  public static final class CorruptCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptCheckpointException(String message) {
      super(message);
    }
  }

  /** The checkpoint file name of a stanza: {@code winsession://dc 01} gives {@code winsession%3A%2F%2Fdc%2001.ckpt}. */
  public static String fileName(String stanza) {
    StringBuilder sb = new StringBuilder();
    for (byte b : stanza.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
          || c == '_' || (c == '.' && sb.length() > 0)) {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return sb.append(".ckpt").toString();
  }

  /** Saves a stanza's checkpoint atomically. */
  public void save(String stanza, byte[] payload) throws IOException {
    Path target = dir.resolve(fileName(stanza));
    Path tmp = dir.resolve(fileName(stanza) + ".tmp");
    CRC32 crc = new CRC32();
    crc.update(payload);
    ByteBuffer header = ByteBuffer.allocate(HEADER).put(MAGIC).putInt(VERSION)
        .putLong(payload.length).putInt((int) crc.getValue()).flip();
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ch.write(header);
      ByteBuffer body = ByteBuffer.wrap(payload);
      while (body.hasRemaining()) {
        ch.write(body);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * A stanza's checkpoint payload, or empty when it has none yet.
   *
   * @throws CorruptCheckpointException when it exists but does not check out; it was moved aside
   */
  public Optional<byte[]> load(String stanza) throws IOException {
    Path file = dir.resolve(fileName(stanza));
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    long size = Files.size(file);
    String problem = null;
    byte[] payload = null;
    if (size < HEADER || size > MAX_BYTES) {
      problem = size + " bytes: expected a " + HEADER + "-byte header and a payload";
    } else {
      byte[] all = Files.readAllBytes(file);
      ByteBuffer b = ByteBuffer.wrap(all);
      byte[] magic = new byte[MAGIC.length];
      b.get(magic);
      int version = b.getInt();
      long length = b.getLong();
      int crc = b.getInt();
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        problem = "no winsession checkpoint signature";
      } else if (version != VERSION) {
        problem = "checkpoint format " + version + ": this version reads " + VERSION;
      } else if (length != all.length - HEADER) {
        problem = "payload of " + (all.length - HEADER) + " bytes: the header says " + length
            + " (truncated)";
      } else {
        CRC32 check = new CRC32();
        check.update(all, HEADER, all.length - HEADER);
        if ((int) check.getValue() != crc) {
          problem = "CRC32 mismatch: the checkpoint was damaged";
        } else {
          payload = java.util.Arrays.copyOfRange(all, HEADER, all.length);
        }
      }
    }
    if (problem != null) {
      throw corrupt(stanza, problem);
    }
    return Optional.of(payload);
  }

  /**
   * Moves a stanza's untrusted checkpoint aside (also one whose payload a newer reader refuses)
   * and says where, so the next run starts fresh knowingly.
   */
  public CorruptCheckpointException corrupt(String stanza, String problem) throws IOException {
    Path file = dir.resolve(fileName(stanza));
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
    for (int i = 1; Files.exists(aside); i++) {
      aside = file.resolveSibling(file.getFileName() + ".corrupt." + i);
    }
    Files.move(file, aside);
    return new CorruptCheckpointException("checkpoint " + file + " is not usable (" + problem
        + "); moved aside to " + aside);
  }
}
