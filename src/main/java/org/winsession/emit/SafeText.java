package org.winsession.emit;

/**
 * The one place where text from events becomes output: JSON values, the modular input's XML
 * stream and log lines all go through here, so no value can make output invalid or end it early.
 *
 * <ul>
 *   <li>{@link #wellFormed}: an unpaired surrogate becomes U+FFFD, so the text encodes as UTF-8
 *       (JSON output; Gson then escapes control characters, which round-trip).
 *   <li>{@link #appendXml}: XML character data or an attribute value. Markup characters are
 *       escaped ({@code ]]>} and {@code </stream>} become text), carriage returns and, in
 *       attributes, tabs and newlines as character references (so they survive the parser's
 *       normalization), and every character XML 1.0 forbids (C0 controls other than tab, newline
 *       and carriage return, U+FFFE, U+FFFF, unpaired surrogates) is replaced by U+FFFD and
 *       counted.
 *   <li>{@link #forLog}: one bounded line for stderr, which splunkd turns into one log entry.
 * </ul>
 */
public final class SafeText {
  /** What replaces a character that cannot be written. */
  public static final char REPLACEMENT = '\uFFFD';

  private SafeText() {}

  /** {@code s} with every unpaired surrogate replaced by U+FFFD; {@code s} itself when it has none. */
  public static String wellFormed(String s) {
    if (s == null) {
      return null;
    }
    int bad = firstUnpaired(s, 0);
    if (bad < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    sb.append(s, 0, bad);
    for (int i = bad; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else {
        sb.append(Character.isSurrogate(c) ? REPLACEMENT : c);
      }
    }
    return sb.toString();
  }

  private static int firstUnpaired(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether XML 1.0 allows the code point in a document (production 2, {@code Char}). */
  public static boolean isXmlChar(int cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
  }

  /**
   * Appends {@code s} escaped as XML character data, or as an attribute value in double quotes
   * when {@code attribute}; returns how many characters were replaced by U+FFFD.
   */
  public static int appendXml(StringBuilder out, String s, boolean attribute) {
    int clean = 0; // the run of characters that stand for themselves is copied at once
    while (clean < s.length() && plain(s.charAt(clean), attribute)) {
      clean++;
    }
    out.append(s, 0, clean);
    int replaced = 0;
    for (int i = clean; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
        continue;
      }
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        case '\'' -> out.append(attribute ? "&apos;" : "'");
        case '\r' -> out.append("&#13;");
        case '\n' -> out.append(attribute ? "&#10;" : "\n");
        case '\t' -> out.append(attribute ? "&#9;" : "\t");
        default -> {
          if (Character.isSurrogate(c) || !isXmlChar(c)) {
            out.append(REPLACEMENT);
            replaced++;
          } else {
            out.append(c);
          }
        }
      }
    }
    return replaced;
  }

  /** A character {@link #appendXml} writes as itself, whatever follows it. */
  private static boolean plain(char c, boolean attribute) {
    return c >= 0x20 && c < 0xD800 && c != '&' && c != '<' && c != '>'
        && !(attribute && (c == '"' || c == '\''));
  }

  /**
   * {@code s} as one log line of at most {@code max} characters: line breaks become {@code \n}
   * (as two characters), other control characters and unpaired surrogates U+FFFD; a cut line ends
   * with how much was left out.
   */
  public static String forLog(String s, int max) {
    if (s == null) {
      return "null";
    }
    String w = wellFormed(s);
    StringBuilder sb = new StringBuilder(Math.min(w.length(), max) + 32);
    int i = 0;
    for (; i < w.length() && sb.length() < max; i++) {
      char c = w.charAt(i);
      if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append(' ');
      } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\uFFFE'
          || c == '\uFFFF') {
        sb.append(REPLACEMENT);
      } else {
        sb.append(c);
      }
    }
    if (i < w.length()) {
      if (Character.isLowSurrogate(w.charAt(i)) && sb.length() > 0) {
        sb.setLength(sb.length() - 1); // never end on half a pair
        i--;
      }
      sb.append("... (").append(w.length() - i).append(" more characters)");
    }
    return sb.toString();
  }

  /**
   * A writer for JSON that escapes the noncharacters U+FFFE and U+FFFF as JSON escapes (backslash,
   * u and four hex digits): JSON carries them either way, XML only escaped, so a JSON value inside the
   * modular input's stream keeps them exactly. In JSON text they can only occur inside strings,
   * where the escape means the same character.
   */
  public static java.io.Writer escapingNoncharacters(java.io.Writer out) {
    return new java.io.FilterWriter(out) {
      @Override
      public void write(int c) throws java.io.IOException {
        if (c == 0xFFFE || c == 0xFFFF) {
          out.write(c == 0xFFFE ? "\\ufffe" : "\\uffff");
        } else {
          out.write(c);
        }
      }

      @Override
      public void write(char[] cbuf, int off, int len) throws java.io.IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
          if (cbuf[i] >= 0xFFFE) {
            out.write(cbuf, start, i - start);
            write(cbuf[i]);
            start = i + 1;
          }
        }
        out.write(cbuf, start, off + len - start);
      }

      @Override
      public void write(String str, int off, int len) throws java.io.IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
          if (str.charAt(i) >= 0xFFFE) {
            out.write(str, start, i - start);
            write(str.charAt(i));
            start = i + 1;
          }
        }
        out.write(str, start, off + len - start);
      }
    };
  }
}
