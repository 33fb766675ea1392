package org.winsession.read.xml;

import java.nio.charset.StandardCharsets;

/**
 * Decodes a span of already-validated XML content to text: predefined entities and character
 * references are replaced, CDATA sections unwrapped, and comments, processing instructions and any
 * nested tags dropped. Input must have passed {@link XmlEventParser}, which guarantees every
 * reference is well-formed.
 */
final class XmlText {
  private XmlText() {}

  static String decode(byte[] b, int from, int to) {
    String raw = new String(b, from, to - from, StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(raw.length());
    int i = 0;
    int n = raw.length();
    while (i < n) {
      char c = raw.charAt(i);
      if (c == '&') {
        int semi = raw.indexOf(';', i);
        sb.appendCodePoint(reference(raw.substring(i + 1, semi)));
        i = semi + 1;
      } else if (c == '<') {
        if (raw.startsWith("<![CDATA[", i)) {
          int end = raw.indexOf("]]>", i + 9);
          sb.append(raw, i + 9, end);
          i = end + 3;
        } else if (raw.startsWith("<!--", i)) {
          i = raw.indexOf("-->", i + 4) + 3;
        } else if (raw.startsWith("<?", i)) {
          i = raw.indexOf("?>", i + 2) + 2;
        } else {
          i = raw.indexOf('>', i) + 1;
        }
      } else {
        sb.append(c);
        i++;
      }
    }
    return sb.toString();
  }

  private static int reference(String name) {
    switch (name) {
      case "lt": return '<';
      case "gt": return '>';
      case "amp": return '&';
      case "quot": return '"';
      case "apos": return '\'';
      default:
        return name.startsWith("#x")
            ? Integer.parseInt(name.substring(2), 16)
            : Integer.parseInt(name.substring(1));
    }
  }
}
