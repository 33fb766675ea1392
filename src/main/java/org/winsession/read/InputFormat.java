package org.winsession.read;

import java.nio.charset.StandardCharsets;

/**
 * The input shapes, recognized from their first bytes (never from a file name).
 */
public enum InputFormat {
  /** Windows event XML: a document, an {@code <Events>} export or one event per line. */
  XML,
  /** A binary EVTX log ({@code ElfFile\0}). */
  EVTX,
  /** A legacy EVT log ({@code LfLe} at offset 4). */
  EVT,
  /** JSON lines: NXLog, Winlogbeat/ECS or Splunk's export, one object a line. */
  JSON,
  /** Rendered event text: Splunk's classic WinEventLog, or Event Viewer's NT5 text export. */
  WINEVENTLOG,
  /** CSV exports: Event Viewer's, PowerShell's Export-Csv, Windows 2003's archive. */
  CSV,
  /** Nothing this product recognizes. */
  UNKNOWN;

  /** How many leading bytes {@link #detect} looks at. */
  public static final int SNIFF_BYTES = 512;

  /** Whether {@code b[0 .. n)} opens with a UTF-16 byte order mark, of either byte order. */
  static boolean utf16Bom(byte[] b, int n) {
    return n >= 2 && ((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE
        || (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF);
  }

  /** Whether {@code b[0 .. n)} opens with a UTF-8 byte order mark. */
  static boolean utf8Bom(byte[] b, int n) {
    return n >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
  }

  /**
   * The index in {@code b[0 .. n)} of the first byte after a UTF-8 byte order mark and white
   * space (space, tab, CR, LF); {@code n} when there is none.
   */
  static int firstSignificant(byte[] b, int n) {
    int i = utf8Bom(b, n) ? 3 : 0;
    while (i < n && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  /** The shape of an input from its first bytes (after decompression). */
  public static InputFormat detect(byte[] head, int n) {
    if (n >= 8 && new String(head, 0, 8, StandardCharsets.ISO_8859_1).equals("ElfFile\0")) {
      return EVTX;
    }
    if (n >= 8 && new String(head, 4, 4, StandardCharsets.ISO_8859_1).equals("LfLe")) {
      return EVT;
    }
    if (utf16Bom(head, n)) {
      return XML; // UTF-16 with BOM: only XML exports are written so
    }
    int i = firstSignificant(head, n);
    if (i < n && head[i] == '<') {
      return XML;
    }
    if (i < n && (head[i] == '{' || head[i] == '[')) {
      return JSON;
    }
    int end = i;
    while (end < n && head[end] != '\n' && head[end] != '\r') {
      end++;
    }
    String first = new String(head, i, end - i, StandardCharsets.UTF_8);
    if (first.matches("\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}:\\d{2} ?[AaPp][Mm]\\s*")
        || first.startsWith("Event Type:")) {
      return WINEVENTLOG;
    }
    String unquoted = first.replace("\"", "");
    boolean csv = unquoted.startsWith("Keywords,Date and Time,") || unquoted.startsWith(
        "Level,Date and Time,") || (unquoted.contains(",Id,") && unquoted.contains("TimeCreated"))
        || unquoted.matches("\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{1,4},[^,]*,[^,]*,[^,]*,[^,]*,\\d{1,5},.*");
    return csv ? CSV : UNKNOWN;
  }
}
