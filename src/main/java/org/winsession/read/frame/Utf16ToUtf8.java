package org.winsession.read.frame;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 bytes of a UTF-16 byte stream (whose BOM was already taken off). Unpaired surrogates and
 * a dangling odd byte become U+FFFD. Each {@link #read(byte[], int, int)} makes single reads of the
 * source only until at least one byte can be returned, so short source reads stay short.
 */
final class Utf16ToUtf8 extends InputStream {
  private final InputStream in;
  private final CharsetDecoder decoder;
  private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private final ByteBuffer raw;
  private final CharBuffer chars = CharBuffer.allocate(4096);
  private final ByteBuffer out = ByteBuffer.allocate(3 * 4096 + 16);
  private boolean sourceDone;
  private boolean decoderFlushed;
  private boolean encoderFlushed;

  /**
   * @param seed source bytes already read past the BOM, decoded before {@code in}
   */
  Utf16ToUtf8(InputStream in, boolean bigEndian, byte[] seed, int off, int len) {
    this.in = in;
    this.decoder = (bigEndian ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE).newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    this.raw = ByteBuffer.allocate(Math.max(8192, len));
    raw.put(seed, off, len);
    raw.flip();
    out.flip();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!out.hasRemaining()) {
      if (encoderFlushed) {
        return -1;
      }
      out.clear();
      if (!decoderFlushed) {
        CoderResult r = decoder.decode(raw, chars, sourceDone);
        if (sourceDone && r.isUnderflow()) {
          decoder.flush(chars);
          decoderFlushed = true;
        }
      }
      chars.flip();
      CoderResult w = encoder.encode(chars, out, decoderFlushed);
      if (decoderFlushed && w.isUnderflow()) {
        encoder.flush(out);
        encoderFlushed = true;
      }
      chars.compact();
      out.flip();
      if (!out.hasRemaining() && !sourceDone) {
        raw.compact();
        int n = in.read(raw.array(), raw.position(), raw.remaining());
        if (n < 0) {
          sourceDone = true;
        } else {
          raw.position(raw.position() + n);
        }
        raw.flip();
        if (n == 0) {
          return 0; // the source made no progress: so does this read
        }
      }
    }
    int n = Math.min(len, out.remaining());
    out.get(b, off, n);
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
