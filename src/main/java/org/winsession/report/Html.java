package org.winsession.report;

import org.winsession.emit.SafeText;

/**
 * Event values for the report page, through the project's one escaping path ({@link SafeText}):
 * every value from an event reaches the page as text, never as markup, and characters a page
 * cannot carry become U+FFFD.
 */
final class Html {
  private Html() {}

  /** {@code s} as HTML text or double-quoted attribute content; null is empty. */
  static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    SafeText.appendXml(sb, s, true);
    return sb.toString();
  }

  /** {@code s} with unpaired surrogates replaced, for the JSON inside the page (Gson escapes the rest). */
  static String clean(String s) {
    return SafeText.wellFormed(s);
  }
}
