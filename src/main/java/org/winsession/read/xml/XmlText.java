package org.winsession.read.xml;

import java.nio.charset.StandardCharsets;

/**
 * Decodes a span of already-validated XML content or attribute value to text: predefined entities
 * and character references are replaced, CDATA sections unwrapped, and comments, processing
 * instructions and any nested tags dropped. Line ends are handled as XML 1.0 says (section 2.11):
 * a CR LF pair or a lone CR is read as one LF, in text and CDATA alike, while a character reference
 * such as {@code &#13;} stays what it names. Input must have passed {@link XmlEventParser}, which
 * guarantees every reference is well-formed.
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
          appendLines(sb, raw, i + 9, end);
          i = end + 3;
        } else if (raw.startsWith("<!--", i)) {
          i = raw.indexOf("-->", i + 4) + 3;
        } else if (raw.startsWith("<?", i)) {
          i = raw.indexOf("?>", i + 2) + 2;
        } else {
          i = raw.indexOf('>', i) + 1;
        }
      } else if (c == '\r') {
        sb.append('\n');
        i += i + 1 < n && raw.charAt(i + 1) == '\n' ? 2 : 1;
      } else {
        sb.append(c);
        i++;
      }
    }
    return sb.toString();
  }

  /**
   * Decodes an attribute value (the bytes between its quotes): references replaced, and each
   * literal tab, LF, CR or CR LF pair one space, as XML 1.0 attribute-value normalization says
   * (section 3.3.3, CDATA type); a character reference to one of them stays that character.
   */
  static String decodeAttribute(byte[] b, int from, int to) {
    String raw = new String(b, from, to - from, StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(raw.length());
    int n = raw.length();
    for (int i = 0; i < n; ) {
      char c = raw.charAt(i);
      if (c == '&') {
        int semi = raw.indexOf(';', i);
        sb.appendCodePoint(reference(raw.substring(i + 1, semi)));
        i = semi + 1;
      } else if (c == '\r') {
        sb.append(' ');
        i += i + 1 < n && raw.charAt(i + 1) == '\n' ? 2 : 1;
      } else {
        sb.append(c == '\t' || c == '\n' ? ' ' : c);
        i++;
      }
    }
    return sb.toString();
  }

  /** Appends raw[from, to) with each CR LF pair or lone CR as one LF. */
  private static void appendLines(StringBuilder sb, String raw, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      if (c == '\r') {
        sb.append('\n');
        if (i + 1 < to && raw.charAt(i + 1) == '\n') {
          i++;
        }
      } else {
        sb.append(c);
      }
    }
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
