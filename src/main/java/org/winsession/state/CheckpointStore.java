package org.winsession.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * One checkpoint file per modular-input stanza under Splunk's {@code checkpoint_dir}.
 *
 * <p>Writing: a temporary file with a random name is created new and exclusive (an existing file
 * or link of that name fails the save; no link is ever followed), written, forced to disk, renamed
 * atomically over the old checkpoint, and the directory is forced too. A crash or a full disk
 * leaves either the old or the new checkpoint, never half of one; a failed save removes its
 * temporary file.
 *
 * <p>Reading is bounded: a checkpoint larger than the store's limit, one that is not a regular
 * file (a link, a device), and one whose header does not check out (signature, format, length,
 * CRC32) is moved aside as {@code *.corrupt} (never silently reset) and
 * {@link CorruptCheckpointException} says where it went. File names are derived from the stanza
 * name with every character outside {@code [A-Za-z0-9._-]} percent-encoded, long names cut and
 * completed by a hash, so no stanza name can reach outside the directory or over a name limit.
 */
public final class CheckpointStore {
  /** The checkpoint file format version (the framing; the payload has its own). */
  public static final int VERSION = 1;

  /**
   * The default size limit: more than a million held sessions (about 200 bytes each) and a
   * quarter of the modular input's default heap.
   */
  public static final long DEFAULT_MAX_BYTES = 256L << 20;

  private static final byte[] MAGIC = "WSNCKPT\n".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + 4 + 8 + 4;
  private static final int MAX_NAME = 120;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final long maxBytes;
  private final Opener opener;

  /** Opens the temporary file for writing; the store's seam for faults (a full disk) in tests. */
  @FunctionalInterface
  interface Opener {
    FileChannel open(Path file, Set<OpenOption> options, FileAttribute<?>... attrs)
        throws IOException;
  }

  /** A store in {@code dir}, created when missing, reading checkpoints up to the default limit. */
  public CheckpointStore(Path dir) throws IOException {
    this(dir, DEFAULT_MAX_BYTES);
  }

  /** A store in {@code dir} refusing checkpoints larger than {@code maxBytes}. */
  public CheckpointStore(Path dir, long maxBytes) throws IOException {
    this(dir, maxBytes, FileChannel::open);
  }

  CheckpointStore(Path dir, long maxBytes, Opener opener) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.maxBytes = maxBytes;
    this.opener = opener;
  }

  /** Raised when a checkpoint exists but cannot be trusted; it has been moved aside. */
  public static final class CorruptCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptCheckpointException(String message) {
      super(message);
    }
  }

  /**
   * The checkpoint file name of a stanza: {@code winsession://dc 01} gives
   * {@code winsession%3A%2F%2Fdc%2001.ckpt}; a name whose encoding is longer than
   * {@value #MAX_NAME} characters is cut there and completed by a hash of the whole name.
   */
  public static String fileName(String stanza) {
    StringBuilder sb = new StringBuilder();
    byte[] utf8 = stanza.getBytes(StandardCharsets.UTF_8);
    for (byte b : utf8) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
          || c == '_' || (c == '.' && sb.length() > 0)) {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    if (sb.length() > MAX_NAME) {
      int cut = MAX_NAME - 40;
      while (cut > 0 && (sb.charAt(cut - 1) == '%' || (cut > 1 && sb.charAt(cut - 2) == '%'))) {
        cut--; // never cut a %XX apart
      }
      sb.setLength(cut);
      sb.append('~').append(HexFormat.of().formatHex(sha256(utf8), 0, 16));
    }
    return sb.append(".ckpt").toString();
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The file a stanza's checkpoint is kept in. */
  public Path file(String stanza) {
    return dir.resolve(fileName(stanza));
  }

  /** Saves a checkpoint atomically. */
  public void save(String stanza, Checkpoint checkpoint) throws IOException {
    save(stanza, CheckpointCodec.encode(checkpoint));
  }

  /**
   * Saves a stanza's checkpoint payload atomically: on any failure the old checkpoint is left as
   * it was and no temporary file remains.
   */
  public void save(String stanza, byte[] payload) throws IOException {
    Path target = file(stanza);
    removeStaleTemporaries(target.getFileName().toString());
    byte[] nonce = new byte[8];
    RANDOM.nextBytes(nonce);
    Path tmp = dir.resolve(target.getFileName() + "." + HexFormat.of().formatHex(nonce) + ".tmp");
    CRC32 crc = new CRC32();
    crc.update(payload);
    ByteBuffer header = ByteBuffer.allocate(HEADER).put(MAGIC).putInt(VERSION)
        .putLong(payload.length).putInt((int) crc.getValue()).flip();
    boolean done = false;
    try {
      Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      try (FileChannel ch = opener.open(tmp, options, ownerOnly())) {
        while (header.hasRemaining()) {
          ch.write(header);
        }
        ByteBuffer body = ByteBuffer.wrap(payload);
        while (body.hasRemaining()) {
          ch.write(body);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      forceDirectory();
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private FileAttribute<?>[] ownerOnly() {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }
    return new FileAttribute<?>[0];
  }

  /** Makes the rename durable; a file system that cannot open directories has nothing to force. */
  private void forceDirectory() throws IOException {
    FileChannel d;
    try {
      d = FileChannel.open(dir, StandardOpenOption.READ);
    } catch (IOException | UnsupportedOperationException e) {
      return; // Windows cannot open a directory as a channel; its renames are journaled
    }
    try (d) {
      d.force(true);
    }
  }

  /** Temporary files a killed run left behind (only names this store makes; links not followed). */
  private void removeStaleTemporaries(String name) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
      String f = p.getFileName().toString();
      return f.startsWith(name + ".") && f.endsWith(".tmp")
          && f.length() == name.length() + 1 + 16 + 4
          && f.substring(name.length() + 1, f.length() - 4).matches("[0-9a-f]{16}");
    })) {
      for (Path p : s) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * A stanza's checkpoint, or empty when it has none yet.
   *
   * @throws CorruptCheckpointException when it exists but does not check out or its payload is
   *     not a checkpoint this version reads; it was moved aside
   */
  public Optional<Checkpoint> read(String stanza) throws IOException {
    Optional<byte[]> payload = load(stanza);
    if (payload.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(CheckpointCodec.decode(payload.get()));
    } catch (IOException e) {
      throw corrupt(stanza, e.getMessage());
    }
  }

  /**
   * A stanza's checkpoint payload, or empty when it has none yet.
   *
   * @throws CorruptCheckpointException when it exists but does not check out; it was moved aside
   */
  public Optional<byte[]> load(String stanza) throws IOException {
    Path file = file(stanza);
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    String problem;
    if (!attrs.isRegularFile()) {
      problem = "not a regular file (" + (attrs.isSymbolicLink() ? "a symbolic link"
          : attrs.isDirectory() ? "a directory" : "a device or pipe") + ")";
    } else if (attrs.size() > maxBytes) {
      problem = attrs.size() + " bytes: over the limit of " + maxBytes + " bytes";
    } else if (attrs.size() < HEADER) {
      problem = attrs.size() + " bytes: expected a " + HEADER + "-byte header and a payload";
    } else {
      byte[] all = readBounded(file, (int) attrs.size());
      problem = check(all);
      if (problem == null) {
        return Optional.of(Arrays.copyOfRange(all, HEADER, all.length));
      }
    }
    throw corrupt(stanza, problem);
  }

  /**
   * The file's first {@code expected} bytes (its size when looked at): a file that grows since
   * is not read further, and its header's length then does not match.
   */
  private static byte[] readBounded(Path file, int expected) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer b = ByteBuffer.allocate(expected);
      while (b.hasRemaining() && ch.read(b) >= 0) {
        // read until full or at the end
      }
      return b.hasRemaining() ? Arrays.copyOf(b.array(), b.position()) : b.array();
    }
  }

  private static String check(byte[] all) {
    if (all.length < HEADER) {
      return all.length + " bytes: expected a " + HEADER + "-byte header and a payload";
    }
    ByteBuffer b = ByteBuffer.wrap(all);
    byte[] magic = new byte[MAGIC.length];
    b.get(magic);
    int version = b.getInt();
    long length = b.getLong();
    int crc = b.getInt();
    if (!Arrays.equals(magic, MAGIC)) {
      return "no winsession checkpoint signature";
    }
    if (version != VERSION) {
      return "checkpoint format " + version + ": this version reads " + VERSION;
    }
    if (length != all.length - HEADER) {
      return "payload of " + (all.length - HEADER) + " bytes: the header says " + length
          + " (truncated)";
    }
    CRC32 check = new CRC32();
    check.update(all, HEADER, all.length - HEADER);
    if ((int) check.getValue() != crc) {
      return "CRC32 mismatch: the checkpoint was damaged";
    }
    return null;
  }

  /**
   * Moves a stanza's untrusted checkpoint aside (also one whose payload a newer reader refuses)
   * and says where, so the next run starts over knowingly.
   */
  public CorruptCheckpointException corrupt(String stanza, String problem) throws IOException {
    Path file = file(stanza);
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
    for (int i = 1; ; i++) {
      try {
        Files.move(file, aside); // never replaces: an existing name is tried with the next number
        break;
      } catch (FileAlreadyExistsException e) {
        aside = file.resolveSibling(file.getFileName() + ".corrupt." + i);
      }
    }
    return new CorruptCheckpointException("checkpoint " + file + " is not usable (" + problem
        + "); moved aside to " + aside);
  }
}
