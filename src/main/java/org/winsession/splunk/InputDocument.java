package org.winsession.splunk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The XML document splunkd writes on standard input (the input definition), read up to the end of
 * its root element and no further: a long-running input's standard input may stay open after it.
 * No DTD is read, and a document over {@link #MAX_BYTES} is refused.
 */
final class InputDocument {
  /** The largest definition read: splunkd's are a few KiB. */
  static final int MAX_BYTES = 16 << 20;

  private InputDocument() {}

  /**
   * The bytes of the document at the head of {@code in}, through the end of its root element;
   * throws, naming the problem, when the stream ends first, is not XML or is too large.
   */
  static byte[] read(InputStream in) throws IOException, XMLStreamException {
    Recording rec = new Recording(in);
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    XMLStreamReader r = f.createXMLStreamReader(rec);
    int depth = 0;
    String root = null;
    while (true) {
      if (!r.hasNext()) {
        throw new XMLStreamException("the document ended before its root element was closed");
      }
      int e = r.next();
      if (e == XMLStreamConstants.START_ELEMENT) {
        if (root == null) {
          root = r.getLocalName();
        }
        depth++;
      } else if (e == XMLStreamConstants.END_ELEMENT && --depth == 0) {
        break; // not r.next(): that would wait for what follows the document
      }
    }
    byte[] b = rec.bytes();
    return Arrays.copyOf(b, endOfRoot(b, root));
  }

  /** Where the root's end tag ends in {@code b} (what the reader took past it is dropped). */
  private static int endOfRoot(byte[] b, String root) {
    byte[] tag = ("</" + root).getBytes(StandardCharsets.UTF_8);
    for (int i = b.length - tag.length; i >= 0; i--) {
      if (Arrays.equals(b, i, i + tag.length, tag, 0, tag.length)) {
        for (int j = i + tag.length; j < b.length; j++) {
          if (b[j] == '>') {
            return j + 1;
          }
        }
      }
    }
    return b.length; // not ASCII-compatible (UTF-16): the whole read, as before
  }

  /** Keeps a copy of every byte the XML reader takes, up to {@link #MAX_BYTES}. */
  private static final class Recording extends InputStream {
    private final InputStream in;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream(8192);

    Recording(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, Math.min(len, 8192));
      if (n > 0) {
        if (copy.size() + n > MAX_BYTES) {
          throw new IOException("the input definition is larger than " + MAX_BYTES + " bytes");
        }
        copy.write(b, off, n);
      }
      return n;
    }

    byte[] bytes() {
      return copy.toByteArray();
    }
  }
}
