package org.winsession.read.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.TreeSet;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;

/**
 * {@link XmlNames} against the JDK's namespace-aware StAX parser, character by character: every
 * ASCII letter and digit, each side of every boundary of the table, and every seventh character
 * of the Basic Multilingual Plane besides; plus characters above U+FFFF, which are never in a name.
 */
class XmlNamesTest {
  private static final XMLInputFactory FACTORY = XMLInputFactory.newDefaultFactory();

  static {
    FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    FACTORY.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
  }

  private static boolean wellFormed(String doc) {
    try {
      XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(doc));
      while (r.hasNext()) {
        r.next();
      }
      return true;
    } catch (XMLStreamException e) {
      return false;
    }
  }

  /** What StAX makes of the character: starts a name, goes on one, or neither. */
  private static byte stax(int cp) {
    String c = new String(Character.toChars(cp));
    return wellFormed("<" + c + "/>") ? XmlNames.START
        : wellFormed("<a" + c + "/>") ? XmlNames.PART : XmlNames.NONE;
  }

  @Test
  void everyClassAgreesWithStax() {
    TreeSet<Integer> points = new TreeSet<>();
    for (int c = 'a'; c <= 'z'; c++) {
      points.add(c);
      points.add(c - 'a' + 'A');
    }
    for (int c = '0'; c <= '9'; c++) {
      points.add(c);
    }
    points.add((int) '_');
    points.add((int) '-');
    points.add((int) '.');
    for (int c = 0x80; c < 0x10000; c++) {
      if (c % 7 == 0 || XmlNames.of(c) != XmlNames.of(c - 1)) {
        points.add(c - 1);
        points.add(c);
        points.add(Math.min(c + 1, 0xFFFF));
      }
    }
    int checked = 0;
    for (int c : points) {
      if (c < 0x80 && XmlNames.of(c) == XmlNames.NONE || Character.isSurrogate((char) c)) {
        continue;
      }
      assertEquals(stax(c), XmlNames.of(c), String.format("U+%04X", c));
      checked++;
    }
    assertEquals(true, checked > 9_000, "checked " + checked);
    for (int cp : new int[] {0x10000, 0x1F642, 0x20000, 0x10FFFF}) {
      assertEquals(stax(cp), XmlNames.of(cp), String.format("U+%04X", cp));
      assertEquals(XmlNames.NONE, XmlNames.of(cp));
    }
  }
}
