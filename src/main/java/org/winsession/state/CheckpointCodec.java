package org.winsession.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.TreeMap;

/**
 * The bytes of a {@link Checkpoint} (the payload {@link CheckpointStore} frames and checks).
 *
 * <p>Versions read (fixtures of each under {@code src/test/resources/org/winsession/state}):
 * <ol>
 *   <li>files read ({@code int} count, then UTF fingerprint and {@code long} size each), then the
 *       engine state to the end;
 *   <li>as 1 with the search window end ({@code long}) before the engine state;
 *   <li>as 2 with the engine state's length ({@code int}) before it, so the engine state is a
 *       framed, opaque payload and nothing may follow it;
 *   <li>as 3 with each file's resume offset ({@code long}, -1: read whole), the line number there
 *       ({@code long}) and the hash of the bytes before it (UTF) after its size
 *       ({@link FileRead}); a line number past one line end a byte before the offset is refused.
 *       Files of earlier versions are read whole when they change.
 * </ol>
 * Version {@value #VERSION} is written. Every count and length read is checked against the bytes
 * left, so a damaged payload fails with an {@link IOException} that names what is wrong.
 */
public final class CheckpointCodec {
  /** The version written. */
  public static final int VERSION = 4;

  private CheckpointCodec() {}

  /** The payload of a checkpoint, in version {@value #VERSION}. */
  public static byte[] encode(Checkpoint c) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(c.engineState().length + 64
        + c.filesRead().size() * 48);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(VERSION);
      out.writeInt(c.filesRead().size());
      for (var f : c.filesRead().entrySet()) {
        out.writeUTF(f.getKey());
        FileRead read = f.getValue();
        out.writeLong(read.size());
        out.writeLong(read.resumeAt());
        out.writeLong(read.resumeLine());
        out.writeUTF(read.tailHash());
      }
      out.writeLong(c.searchedUntil());
      out.writeInt(c.engineState().length);
      out.write(c.engineState());
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return bytes.toByteArray();
  }

  /**
   * The checkpoint in a payload of any version read.
   *
   * @throws IOException when the bytes are not one, naming why
   */
  public static Checkpoint decode(byte[] payload) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    try {
      int version = in.readInt();
      if (version < 1 || version > VERSION) {
        throw new IOException("checkpoint version " + version + ": this version reads 1.."
            + VERSION);
      }
      int n = in.readInt();
      // a file entry takes at least 10 bytes (an empty name's length and the size)
      if (n < 0 || (long) n * 10 > in.available()) {
        throw new IOException("files-read count " + n + " does not fit the "
            + in.available() + " bytes left");
      }
      TreeMap<String, FileRead> files = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        String fingerprint = in.readUTF();
        long size = in.readLong();
        if (version < 4) {
          files.put(fingerprint, FileRead.whole(size));
          continue;
        }
        long resumeAt = in.readLong();
        long resumeLine = in.readLong();
        String tailHash = in.readUTF();
        if (resumeAt < FileRead.WHOLE || resumeAt > size || resumeLine < 1) {
          throw new IOException("file " + fingerprint + ": resume offset " + resumeAt
              + " on line " + resumeLine + ", expected -1, or 0 to its size " + size
              + " on line 1 or later");
        }
        if (resumeAt >= 0 && resumeLine - 1 > resumeAt) { // a line end takes a byte
          throw new IOException("file " + fingerprint + ": line " + resumeLine + " at byte "
              + resumeAt + ", expected at most one line end a byte before it");
        }
        files.put(fingerprint, new FileRead(size, resumeAt, resumeLine, tailHash));
      }
      long searchedUntil = version >= 2 ? in.readLong() : Checkpoint.NOT_SEARCHED;
      int length = version >= 3 ? in.readInt() : in.available();
      if (length < 0 || length > in.available()) {
        throw new IOException("engine state of " + length + " bytes: " + in.available()
            + " bytes are left");
      }
      byte[] engine = in.readNBytes(length);
      if (in.available() != 0) {
        throw new IOException(in.available() + " bytes after the engine state");
      }
      return new Checkpoint(files, searchedUntil, engine);
    } catch (EOFException e) {
      throw new IOException("checkpoint payload ends early (" + payload.length + " bytes)", e);
    }
  }
}
