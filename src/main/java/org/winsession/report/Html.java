package org.winsession.report;

/**
 * Escaping of event values for the report: every value from an event reaches the page through
 * here, as text, never as markup. Characters HTML cannot carry (controls, unpaired surrogates,
 * noncharacters) become U+FFFD.
 */
final class Html {
  private Html() {}

  /** {@code s} as HTML text or attribute content: {@code & < > " '} escaped; null is empty. */
  static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (rep == null) {
        rep = invalid(s, i) ? "\uFFFD" : null;
        if (rep == null && Character.isHighSurrogate(c)) {
          if (sb != null) {
            sb.append(c).append(s.charAt(i + 1));
          }
          i++;
          continue;
        }
      }
      if (rep != null) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        sb.append(rep);
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** {@code s} with what HTML cannot carry replaced by U+FFFD (for JSON inside the page). */
  static String clean(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad = invalid(s, i);
      if (!bad && Character.isHighSurrogate(c)) {
        if (sb != null) {
          sb.append(c).append(s.charAt(i + 1));
        }
        i++;
        continue;
      }
      if (bad && sb == null) {
        sb = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (sb != null) {
        sb.append(bad ? '\uFFFD' : c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** True when the char at {@code i} is a control, a noncharacter or half a surrogate pair. */
  private static boolean invalid(String s, int i) {
    char c = s.charAt(i);
    if (c < 0x20) {
      return c != '\t' && c != '\n' && c != '\r';
    }
    if (c >= 0x7F && c <= 0x9F || c == 0xFFFE || c == 0xFFFF) {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    return Character.isLowSurrogate(c);
  }
}
