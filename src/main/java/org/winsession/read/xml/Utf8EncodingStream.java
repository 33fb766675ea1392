package org.winsession.read.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 bytes of a character stream (used for UTF-16 inputs); malformed input becomes U+FFFD. */
final class Utf8EncodingStream extends InputStream {
  private final Reader reader;
  private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private final CharBuffer chars = CharBuffer.allocate(8192);
  private final ByteBuffer bytes = ByteBuffer.allocate(32768);
  private boolean done;

  Utf8EncodingStream(Reader reader) {
    this.reader = reader;
    bytes.flip();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (!bytes.hasRemaining()) {
      if (done) {
        return -1;
      }
      bytes.clear();
      int n = reader.read(chars);
      chars.flip();
      done = n < 0;
      encoder.encode(chars, bytes, done);
      if (done) {
        encoder.flush(bytes);
      }
      chars.compact();
      bytes.flip();
    }
    int n = Math.min(len, bytes.remaining());
    bytes.get(b, off, n);
    return n;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
