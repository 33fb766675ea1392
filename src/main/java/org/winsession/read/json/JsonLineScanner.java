package org.winsession.read.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.winsession.read.ReadLimits;

/**
 * The fast path of {@link JsonLinesEventReader}: one pass over a JSON line's bytes that checks its
 * syntax (RFC 8259) and notes where each value is, under the same dotted paths as the reader's
 * Gson tree ({@code winlog.event_data.TargetLogonId}, {@code a[0].b}), without decoding any value
 * until it is asked for. Values the reader never reads (the rendered {@code Message} and the
 * other {@code UNREAD} copies) are only checked, never kept.
 *
 * <p>It reads only the common case and says so: {@link #scan} returns false for anything else,
 * and the reader then reads the line with Gson, whose verdict (event, or rejection with its
 * reason) stands. So every bound and every rejection keeps one wording: false is returned for a
 * line that is no JSON object, has text after it, passes (or nears) a bound of
 * {@link ReadLimits} (depth, number of fields, a value longer in bytes than
 * {@link ReadLimits#maxFieldChars()} characters), has a key with an escape, a control character
 * or a non-ASCII byte, or a string with a raw control character. Duplicate paths keep the last
 * value, as the tree does.
 *
 * <p>Memory: tables sized by the largest line seen, which the frame bounds. One instance per
 * reader; the values of a line are valid until the next {@code scan}. Not thread-safe.
 */
final class JsonLineScanner implements JsonShapes.Flat {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long SPACES = 0x2020202020202020L;
  /** Gson's own nesting limit is 255: deeper records are left to it. */
  private static final int GSON_DEPTH = 200;

  private static final byte STRING = 0;
  private static final byte ESCAPED = 1;
  private static final byte LITERAL = 2;
  private static final byte TRUE = 3;
  private static final byte FALSE = 4;

  private static final byte[] MESSAGE = ascii("Message");
  private static final byte[][] UNREAD = {MESSAGE, ascii("message"), ascii("event.original"),
      ascii("winlog.event_data.Message")};

  private final int maxDepth;
  private final int maxFields;
  private final int maxFieldChars;

  private byte[] b;
  private int pos;
  private int end;

  private byte[] path = new byte[256];
  private char[] chars = new char[256]; // unescaping

  private int count;
  private byte[] keys = new byte[4096];
  private int keysLen;
  private int[] keyOff = new int[64];
  private int[] keyLen = new int[64];
  private int[] keyHash = new int[64];
  private int[] valStart = new int[64];
  private int[] valEnd = new int[64];
  private byte[] kind = new byte[64];
  private int[] table = new int[128]; // field index + 1; 0 is empty

  JsonLineScanner(ReadLimits limits) {
    this.maxDepth = Math.min(limits.maxDepth(), GSON_DEPTH);
    this.maxFields = limits.maxFields();
    this.maxFieldChars = limits.maxFieldChars();
  }

  /**
   * Reads the JSON object in {@code line[from .. to)}.
   *
   * @return true when the line is one JSON object within the bounds (its values can then be
   *     asked for), false when the reader must read it the general way
   */
  boolean scan(byte[] line, int from, int to) {
    b = line;
    pos = from;
    end = to;
    if (count > 0) {
      Arrays.fill(table, 0);
    }
    count = 0;
    keysLen = 0;
    skipWhiteSpace();
    if (pos >= end || b[pos] != '{' || !object(1, 0, false)) {
      return false;
    }
    skipWhiteSpace();
    return pos == end;
  }

  // ---- the grammar ---------------------------------------------------------------------------

  /**
   * An object at {@code b[pos] == '{'}, its members' paths under {@code path[0 .. prefix)}; with
   * {@code skip}, checked only.
   */
  private boolean object(int depth, int prefix, boolean skip) {
    if (depth > maxDepth) {
      return false;
    }
    pos++;
    skipWhiteSpace();
    if (pos < end && b[pos] == '}') {
      pos++;
      return true;
    }
    while (true) {
      if (pos >= end || b[pos] != '"') {
        return false;
      }
      int k = ++pos;
      while (true) {
        if (pos >= end) {
          return false;
        }
        byte c = b[pos];
        if (c == '"') {
          break;
        }
        if (c < 0x20 || c == '\\') { // also every byte >= 0x80: keys are read plain ASCII
          return false;
        }
        pos++;
      }
      int keyEnd = prefix + (pos - k);
      if (keyEnd > path.length) {
        path = Arrays.copyOf(path, Math.max(keyEnd, 2 * path.length));
      }
      System.arraycopy(b, k, path, prefix, pos - k);
      pos++;
      skipWhiteSpace();
      if (pos >= end || b[pos] != ':') {
        return false;
      }
      pos++;
      skipWhiteSpace();
      if (!(skip ? value(depth, keyEnd, true) : member(depth, keyEnd))) {
        return false;
      }
      skipWhiteSpace();
      if (pos >= end) {
        return false;
      }
      byte c = b[pos++];
      if (c == '}') {
        return true;
      }
      if (c != ',') {
        return false;
      }
      skipWhiteSpace();
    }
  }

  /** An array at {@code b[pos] == '['}, its items at {@code path[0 .. base) + "[i]"}. */
  private boolean array(int depth, int base, boolean skip) {
    if (depth > maxDepth) {
      return false;
    }
    pos++;
    skipWhiteSpace();
    if (pos < end && b[pos] == ']') {
      pos++;
      return true;
    }
    for (int index = 0; ; index++) {
      int digits = index < 10 ? 1 : (int) Math.log10(index) + 1;
      int keyEnd = base + digits + 2;
      if (keyEnd > path.length) {
        path = Arrays.copyOf(path, Math.max(keyEnd, 2 * path.length));
      }
      path[base] = '[';
      for (int i = keyEnd - 2, v = index; i > base; i--, v /= 10) {
        path[i] = (byte) ('0' + v % 10);
      }
      path[keyEnd - 1] = ']';
      if (!value(depth, keyEnd, skip)) {
        return false;
      }
      skipWhiteSpace();
      if (pos >= end) {
        return false;
      }
      byte c = b[pos++];
      if (c == ']') {
        return true;
      }
      if (c != ',') {
        return false;
      }
      skipWhiteSpace();
    }
  }

  /**
   * An object member's value, its path {@code path[0 .. keyEnd)}: the paths the reader never
   * reads are skipped (checked, not kept), but for an NT5 event's {@code Message}, kept when the
   * fields before it show the event needs it, as the reader's tree keeps it.
   */
  private boolean member(int depth, int keyEnd) {
    if (isUnread(keyEnd)) {
      boolean kept = keyEnd == MESSAGE.length && pos < end && b[pos] == '"'
          && JsonShapes.needsMessage(this);
      return value(depth, keyEnd, !kept);
    }
    return value(depth, keyEnd, false);
  }

  private boolean isUnread(int keyEnd) {
    for (byte[] u : UNREAD) {
      if (keyEnd == u.length && Arrays.equals(path, 0, keyEnd, u, 0, keyEnd)) {
        return true;
      }
    }
    return false;
  }

  /** Any value at {@code pos}; kept at {@code path[0 .. keyEnd)} unless {@code skip}. */
  private boolean value(int depth, int keyEnd, boolean skip) {
    if (pos >= end) {
      return false;
    }
    byte c = b[pos];
    switch (c) {
      case '{':
        if (keyEnd >= path.length) {
          path = Arrays.copyOf(path, 2 * path.length);
        }
        path[keyEnd] = '.';
        return object(depth + 1, keyEnd + 1, skip);
      case '[':
        return array(depth + 1, keyEnd, skip);
      case '"': {
        int s = pos + 1;
        int escapes = string();
        return escapes >= 0 && (skip || keep(keyEnd, s, pos - 1, escapes > 0 ? ESCAPED : STRING));
      }
      case 't':
        return word("true") && (skip || keep(keyEnd, pos - 4, pos, TRUE));
      case 'f':
        return word("false") && (skip || keep(keyEnd, pos - 5, pos, FALSE));
      case 'n':
        return word("null"); // a null is no field
      default: {
        int s = pos;
        return number() && (skip || keep(keyEnd, s, pos, LITERAL));
      }
    }
  }

  /**
   * The string at {@code b[pos] == '"'}; {@code pos} ends past its closing quote.
   *
   * @return the number of escapes in it, or -1 when it is no valid JSON string (or holds a raw
   *     control character)
   */
  private int string() {
    int i = pos + 1;
    int escapes = 0;
    byte[] a = b;
    int e = end;
    while (true) {
      while (i + 8 <= e) { // eight bytes at a time while none is '"', '\\' or a control
        long v = (long) LONGS.get(a, i);
        long q = v ^ QUOTES;
        long s = v ^ BACKSLASHES;
        long found = ((q - ONES) & ~q) | ((s - ONES) & ~s) | ((v - SPACES) & ~v);
        if ((found & HIGHS) != 0) {
          break;
        }
        i += 8;
      }
      if (i >= e) {
        return -1;
      }
      byte c = a[i];
      if (c == '"') {
        pos = i + 1;
        return escapes;
      }
      if (c == '\\') {
        if (i + 1 >= e) {
          return -1;
        }
        byte x = a[i + 1];
        if (x == 'u') {
          if (i + 6 > e || hex(a[i + 2]) < 0 || hex(a[i + 3]) < 0 || hex(a[i + 4]) < 0
              || hex(a[i + 5]) < 0) {
            return -1;
          }
          i += 6;
        } else if (x == '"' || x == '\\' || x == '/' || x == 'b' || x == 'f' || x == 'n'
            || x == 'r' || x == 't') {
          i += 2;
        } else {
          return -1;
        }
        escapes++;
        continue;
      }
      if (c >= 0 && c < 0x20) {
        return -1;
      }
      i++;
    }
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** A literal word at {@code pos}, followed by no letter or digit. */
  private boolean word(String w) {
    int n = w.length();
    if (pos + n > end) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (b[pos + i] != w.charAt(i)) {
        return false;
      }
    }
    pos += n;
    return pos == end || isDelimiter(b[pos]);
  }

  /** A number as RFC 8259 writes it: {@code -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?}. */
  private boolean number() {
    int i = pos;
    if (i < end && b[i] == '-') {
      i++;
    }
    if (i >= end) {
      return false;
    }
    if (b[i] == '0') {
      i++;
    } else if (b[i] >= '1' && b[i] <= '9') {
      while (i < end && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
    } else {
      return false;
    }
    if (i < end && b[i] == '.') {
      int d = ++i;
      while (i < end && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      if (i == d) {
        return false;
      }
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int d = i;
      while (i < end && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      if (i == d) {
        return false;
      }
    }
    pos = i;
    return i == end || isDelimiter(b[i]);
  }

  private static boolean isDelimiter(byte c) {
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private void skipWhiteSpace() {
    while (pos < end) {
      byte c = b[pos];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  // ---- the table of fields -------------------------------------------------------------------

  /** Keeps the value {@code b[s .. e)} at {@code path[0 .. keyEnd)}; false past a bound. */
  private boolean keep(int keyEnd, int s, int e, byte k) {
    if (e - s > maxFieldChars) {
      return false; // maybe longer than the bound once decoded: the general way words it
    }
    int h = hash(path, 0, keyEnd);
    int mask = table.length - 1;
    for (int slot = h & mask; ; slot = (slot + 1) & mask) {
      int f = table[slot] - 1;
      if (f < 0) {
        break;
      }
      if (keyHash[f] == h && keyLen[f] == keyEnd
          && Arrays.equals(keys, keyOff[f], keyOff[f] + keyEnd, path, 0, keyEnd)) {
        valStart[f] = s; // a repeated path: the last value counts
        valEnd[f] = e;
        kind[f] = k;
        return true;
      }
    }
    if (count >= maxFields) {
      return false;
    }
    if (count == keyOff.length) {
      int n = 2 * count;
      keyOff = Arrays.copyOf(keyOff, n);
      keyLen = Arrays.copyOf(keyLen, n);
      keyHash = Arrays.copyOf(keyHash, n);
      valStart = Arrays.copyOf(valStart, n);
      valEnd = Arrays.copyOf(valEnd, n);
      kind = Arrays.copyOf(kind, n);
    }
    if (keysLen + keyEnd > keys.length) {
      keys = Arrays.copyOf(keys, Math.max(keysLen + keyEnd, 2 * keys.length));
    }
    System.arraycopy(path, 0, keys, keysLen, keyEnd);
    int f = count++;
    keyOff[f] = keysLen;
    keyLen[f] = keyEnd;
    keyHash[f] = h;
    valStart[f] = s;
    valEnd[f] = e;
    kind[f] = k;
    keysLen += keyEnd;
    if (2 * count > table.length) {
      rehash();
    } else {
      insert(f);
    }
    return true;
  }

  private void insert(int f) {
    int mask = table.length - 1;
    int slot = keyHash[f] & mask;
    while (table[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    table[slot] = f + 1;
  }

  private void rehash() {
    table = new int[2 * table.length];
    for (int f = 0; f < count; f++) {
      insert(f);
    }
  }

  private static int hash(byte[] a, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + a[i];
    }
    return mix(h);
  }

  private static int mix(int h) {
    return h ^ (h >>> 16);
  }

  /** The field at {@code prefix + name}, or -1 (paths are ASCII: so must the name be). */
  private int find(String prefix, String name) {
    int h = 0;
    int n = prefix.length() + name.length();
    for (int i = 0; i < n; i++) {
      char c = i < prefix.length() ? prefix.charAt(i) : name.charAt(i - prefix.length());
      if (c >= 0x80) {
        return -1;
      }
      h = 31 * h + c;
    }
    h = mix(h);
    int mask = table.length - 1;
    for (int slot = h & mask; ; slot = (slot + 1) & mask) {
      int f = table[slot] - 1;
      if (f < 0) {
        return -1;
      }
      if (keyHash[f] == h && keyLen[f] == n && matches(f, prefix, name)) {
        return f;
      }
    }
  }

  private boolean matches(int f, String prefix, String name) {
    int o = keyOff[f];
    for (int i = 0; i < prefix.length(); i++) {
      if (keys[o + i] != prefix.charAt(i)) {
        return false;
      }
    }
    o += prefix.length();
    for (int i = 0; i < name.length(); i++) {
      if (keys[o + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String get(String path) {
    return get("", path);
  }

  @Override
  public String get(String prefix, String name) {
    int f = find(prefix, name);
    return f < 0 ? null : text(f);
  }

  @Override
  public boolean has(String path) {
    return find("", path) >= 0;
  }

  @Override
  public boolean hasPathStartingWith(String prefix) {
    for (int f = 0; f < count; f++) {
      if (keyLen[f] >= prefix.length() && matches(f, prefix, "")) {
        return true;
      }
    }
    return false;
  }

  /** The number of fields kept (for tests). */
  int fieldCount() {
    return count;
  }

  /** The path of field {@code f}, {@code 0 <= f < fieldCount()} (for tests). */
  String path(int f) {
    return new String(keys, keyOff[f], keyLen[f], StandardCharsets.US_ASCII);
  }

  /** The value of field {@code f} as the reader's tree holds it (for tests). */
  String text(int f) {
    switch (kind[f]) {
      case TRUE:
        return "true";
      case FALSE:
        return "false";
      case LITERAL:
        return new String(b, valStart[f], valEnd[f] - valStart[f], StandardCharsets.ISO_8859_1);
      case STRING:
        return new String(b, valStart[f], valEnd[f] - valStart[f], StandardCharsets.UTF_8);
      default:
        return unescape(valStart[f], valEnd[f]);
    }
  }

  /**
   * A string with escapes: ASCII as it is, each run of other bytes decoded as UTF-8 (a run ends
   * at an ASCII byte, which no UTF-8 sequence holds, so malformed bytes become U+FFFD as they do
   * when the whole line is decoded), each escape as the one UTF-16 unit it names.
   */
  private String unescape(int s, int e) {
    if (chars.length < e - s) {
      chars = new char[e - s];
    }
    char[] out = chars;
    int n = 0;
    int i = s;
    while (i < e) {
      byte c = b[i];
      if (c >= 0 && c != '\\') {
        out[n++] = (char) c;
        i++;
        continue;
      }
      if (c < 0) { // a run of non-ASCII bytes, decoded as UTF-8 up to the next ASCII byte
        int run = i;
        while (i < e && b[i] < 0) {
          i++;
        }
        String d = new String(b, run, i - run, StandardCharsets.UTF_8);
        d.getChars(0, d.length(), out, n); // never more chars than bytes
        n += d.length();
        continue;
      }
      byte x = b[i + 1];
      switch (x) {
        case 'u':
          out[n++] = (char) (hex(b[i + 2]) << 12 | hex(b[i + 3]) << 8 | hex(b[i + 4]) << 4
              | hex(b[i + 5]));
          i += 6;
          break;
        case 'b':
          out[n++] = '\b';
          i += 2;
          break;
        case 'f':
          out[n++] = '\f';
          i += 2;
          break;
        case 'n':
          out[n++] = '\n';
          i += 2;
          break;
        case 'r':
          out[n++] = '\r';
          i += 2;
          break;
        case 't':
          out[n++] = '\t';
          i += 2;
          break;
        default: // '"', '\\', '/'
          out[n++] = (char) x;
          i += 2;
          break;
      }
    }
    return new String(out, 0, n);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
