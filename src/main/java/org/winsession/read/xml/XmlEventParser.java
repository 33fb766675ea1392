package org.winsession.read.xml;

import static org.winsession.read.frame.ByteScan.zeroBytes;

import java.nio.charset.StandardCharsets;
import org.winsession.event.RejectKind;
import org.winsession.normalize.EventFields;
import org.winsession.read.ReadLimits;
import org.winsession.read.frame.ByteScan;

/**
 * A strict, non-validating parser of one Windows {@code <Event>} element held in a byte array
 * (UTF-8), exposing what the normalizer reads as {@link EventFields}.
 *
 * <p>Grammar: elements with single- or double-quoted attributes, character data, the five predefined
 * entities and character references, CDATA sections, comments and processing instructions. A
 * document type declaration, any other entity, control characters (XML 1.0 forbids all below U+0020
 * but tab, CR and LF), malformed UTF-8, unbalanced tags and nesting past {@link ReadLimits#maxDepth()}
 * are errors: the parser never expands or fetches anything. It keeps offsets into the caller's array
 * and decodes only the values asked for, so a parsed view is valid until the array is reused.
 *
 * <p>Names follow XML 1.0 ({@link XmlNames}) and Namespaces in XML, as the JDK's namespace-aware
 * parser reads them: an element or attribute name holds at most one prefix separator {@code :}
 * after its first character, with a name-start character after it; a prefix is declared by an
 * {@code xmlns:p} attribute of the element or an ancestor ({@code xml} is always declared, {@code
 * xmlns} never used as one); {@code xml} is bound to its namespace only and no other prefix to it,
 * nothing to the {@code xmlns} namespace, no prefix to the empty name; two attributes of one tag
 * may not have the same local name in the same namespace. Elements are still matched by their
 * names as written ({@code <e:System>} is not {@code <System>}).
 *
 * <p>Extracted: System/EventID, TimeCreated@SystemTime, EventRecordID, Channel, Computer;
 * EventData/Data (by Name, and by position for NT5 events without names); UserData leaf elements (by
 * element name). Not thread-safe; one instance is reused record after record.
 */
final class XmlEventParser implements EventFields {
  private static final int EVENT_ID = 0;
  private static final int TIME = 1;
  private static final int RECORD_ID = 2;
  private static final int CHANNEL = 3;
  private static final int COMPUTER = 4;
  private static final int SYSTEM_SLOTS = 5;

  /** {@link #valDecode}: the bytes are the value. */
  private static final byte RAW = 0;
  /** {@link #valDecode}: element content, decoded by {@link XmlText#decode}. */
  private static final byte TEXT = 1;
  /** {@link #valDecode}: an attribute value, decoded by {@link XmlText#decodeAttribute}. */
  private static final byte ATTRIBUTE = 2;

  private final int maxDepth;
  private final int maxFields;
  private final int[] stackStart;
  private final int[] stackEnd;

  private final int maxRecordBytes;
  private final int maxFieldChars;
  private final ReadLimits limits;
  private byte[] b;
  private int recordStart;
  private int limit;
  private int to;
  private boolean atEof;
  private String openConstruct; // what the parse was inside when it ran out of input
  private TerminatorScan scan; // null: scan every construct in full
  private long base; // absolute input offset of b[0], for scan
  private int section; // of the open depth-1 element: 1 System, 2 EventData, 3 UserData
  // Value slots: [0, SYSTEM_SLOTS) System values, then one per data field.
  private int[] valStart;
  private int[] valEnd;
  private byte[] valDecode; // RAW, TEXT or ATTRIBUTE: how value() turns the bytes into text
  private int[] nameStart;
  private int[] nameEnd;
  private String[] nameDecoded; // a Data@Name that needed decoding, decoded; else null
  // Attribute names of the start tag being parsed, for the "Unique Att Spec" check.
  private int[] attrStart = new int[8];
  private int[] attrEnd = new int[8];
  private java.util.HashSet<String> manyAttrs; // a tag with more attributes than attrStart holds
  private int fields;

  /** Set by {@link #name}: the index of the name's prefix separator, or -1. */
  private int colon;
  // Namespace declarations in scope: prefix [nsStart, nsEnd) in b, its namespace, and the depth of
  // the element declaring it.
  private int[] nsStart = new int[4];
  private int[] nsEnd = new int[4];
  private int[] nsDepth = new int[4];
  private String[] nsUri = new String[4];
  private int nsCount;
  // The start tag's attributes that take part in namespaces (prefixed, or xmlns): name [s, e),
  // its separator, value [vs, ve) and whether the value needs decoding; the namespace resolved.
  private int[] nsAttr = new int[5 * 4];
  private String[] nsAttrUri = new String[4];
  private int nsAttrs;

  // Text capture of the element currently open at captureDepth (-1 when none).
  private int captureSlot;
  private int captureDepth;

  XmlEventParser(ReadLimits limits) {
    this.limits = limits;
    this.maxRecordBytes = limits.maxRecordBytes();
    this.maxFieldChars = limits.maxFieldChars();
    this.maxDepth = limits.maxDepth();
    this.maxFields = limits.maxFields();
    this.stackStart = new int[maxDepth];
    this.stackEnd = new int[maxDepth];
    int slots = SYSTEM_SLOTS + 64;
    valStart = new int[slots];
    valEnd = new int[slots];
    valDecode = new byte[slots];
    nameStart = new int[slots];
    nameEnd = new int[slots];
    nameDecoded = new String[slots];
  }

  /**
   * Parses the {@code <Event>} element that starts at {@code buf[from]}, reading no further than
   * {@code limit} and the record-size limit: the end of the root element ends the record.
   *
   * @param atEof whether {@code limit} is the end of the input
   * @return the index just after the closing {@code </Event>}, or -1 when {@code limit} came first
   *     and more input may complete the record (the caller reads more and parses again)
   * @throws XmlSyntaxException with the offset (relative to {@code from}) of the first error,
   *     including a record past the size limit and one the input ends inside
   */
  int parse(byte[] buf, int from, int limit, boolean atEof) throws XmlSyntaxException {
    return parse(buf, from, limit, atEof, null, 0);
  }

  /**
   * {@link #parse(byte[], int, int, boolean)} within a stream: {@code scan} remembers where
   * comment, CDATA and processing-instruction terminators are known to be absent, by absolute
   * offset ({@code base} is the offset of {@code buf[0]}), so that records starting inside an
   * unterminated construct do not scan it again.
   */
  int parse(byte[] buf, int from, int limit, boolean atEof, TerminatorScan scan, long base)
      throws XmlSyntaxException {
    this.scan = scan;
    this.base = base;
    try {
      return parseRecord(buf, from, limit, atEof);
    } catch (XmlSyntaxException e) {
      if (e == XmlSyntaxException.NEED_MORE) {
        return -1;
      }
      throw e;
    }
  }

  private int parseRecord(byte[] buf, int from, int limit, boolean atEof)
      throws XmlSyntaxException {
    b = buf;
    recordStart = from;
    this.limit = limit;
    this.atEof = atEof;
    openConstruct = null;
    int to = (int) Math.min(limit, (long) from + maxRecordBytes);
    this.to = to;
    fields = 0;
    section = 0;
    nsCount = 0;
    for (int i = 0; i < SYSTEM_SLOTS; i++) {
      valStart[i] = -1;
    }
    captureSlot = -1;
    captureDepth = -1;
    int depth = 0;
    int p = from;
    while (p < to) {
      byte c = b[p];
      if (c >= 0x20 && c != '<' && c != '&' && c != ']') {
        p = plainText(b, p + 1, to);
      } else if (c == '<') {
        if (p + 1 >= to) {
          throw ranOut(p);
        }
        byte n = b[p + 1];
        if (n == '/') {
          p = endTag(p, to, depth);
          depth--;
          if (depth == 0) {
            return p; // the root element closed: the record ends here
          }
        } else if (n == '!') {
          p = bang(p, to);
        } else if (n == '?') {
          p = processingInstruction(p, to);
        } else {
          int r = startTag(p, to, depth);
          if (r > 0) {
            depth++;
            p = r;
          } else if (depth == 0) {
            return -r; // an empty-element root, <Event .../>: the record ends here
          } else {
            p = -r;
          }
        }
      } else if (c == '&') {
        if (captureSlot >= 0) {
          valDecode[captureSlot] = TEXT;
        }
        p = entity(p, to);
      } else if (c == ']') {
        if (p + 2 >= to) {
          if (p + 1 >= to || b[p + 1] == ']') {
            throw ranOut(p);
          }
        } else if (b[p + 1] == ']' && b[p + 2] == '>') {
          throw err(p, "']]>' in character data: XML 1.0 allows it only to end a CDATA section");
        }
        p++;
      } else if (c >= 0) {
        if (c != '\n' && c != '\t' && c != '\r') {
          throw err(p, String.format("control character U+%04X, which XML 1.0 forbids", c),
              RejectKind.ENCODING);
        }
        if (c == '\r' && captureSlot >= 0) {
          valDecode[captureSlot] = TEXT; // end-of-line handling turns CR and CR LF into LF
        }
        p++;
      } else {
        p = utf8(p, to);
      }
    }
    throw ranOut(p);
  }

  /** What running into {@code to} means: read more, a record too large, or a truncated input. */
  private XmlSyntaxException ranOut(int p) {
    if (to < limit) {
      return new XmlSyntaxException(p - recordStart,
          limits.refusal(ReadLimits.Limit.MAX_RECORD_BYTES, "event record length", -1),
          XmlSyntaxException.Kind.TOO_LARGE, RejectKind.LIMIT);
    }
    if (!atEof) {
      return XmlSyntaxException.NEED_MORE;
    }
    return new XmlSyntaxException(p - recordStart, "input ends inside "
        + (openConstruct == null ? "an <Event> element" : openConstruct + " of an <Event> element"),
        XmlSyntaxException.Kind.TRUNCATED, RejectKind.TRUNCATED);
  }

  /**
   * What the last parse was inside when the input ran out or the record bound was reached (e.g.
   * "a comment"), or null when inside ordinary element content.
   */
  String openConstruct() {
    return openConstruct;
  }

  /** Parses a start tag at p; returns the index after it, positive if it opened, negated if empty. */
  private int startTag(int p, int to, int depth) throws XmlSyntaxException {
    int ns = p + 1;
    int ne = name(ns, to, "element name");
    int elementColon = colon;
    if (depth == 0 && !eq(ns, ne, "Event")) {
      throw err(p, "root element <" + str(ns, ne) + ">: expected <Event>");
    }
    if (depth >= maxDepth) {
      throw err(p, limits.refusal(ReadLimits.Limit.MAX_DEPTH, "element nesting depth", depth + 1),
          RejectKind.LIMIT);
    }
    if (depth > 0 && ne - ns == 5 && eq(ns, ne, "Event")) {
      throw new XmlSyntaxException(p - recordStart, "unterminated <Event> element",
          XmlSyntaxException.Kind.NEXT_EVENT, RejectKind.TRUNCATED);
    }
    if (depth == 1) {
      section = eq(ns, ne, "System") ? 1 : eq(ns, ne, "EventData") ? 2
          : eq(ns, ne, "UserData") ? 3 : 0;
    }
    int slot = -1;
    int wantAttr = 0; // 1: Data@Name, 2: TimeCreated@SystemTime
    if (depth == 2 && section == 1) {
      if (eq(ns, ne, "EventID")) {
        slot = EVENT_ID;
      } else if (eq(ns, ne, "EventRecordID")) {
        slot = RECORD_ID;
      } else if (eq(ns, ne, "Channel")) {
        slot = CHANNEL;
      } else if (eq(ns, ne, "Computer")) {
        slot = COMPUTER;
      } else if (eq(ns, ne, "TimeCreated")) {
        wantAttr = 2;
      }
    } else if (depth == 2 && section == 2 && eq(ns, ne, "Data")) {
      slot = newField(p);
      wantAttr = 1;
    } else if (depth == 3 && section == 3) {
      slot = newField(p);
      nameStart[slot] = ns;
      nameEnd[slot] = ne;
    }
    int q = ne;
    int attrs = 0;
    nsAttrs = 0;
    while (true) {
      int ws = q;
      q = skipWs(q, to);
      if (q >= to) {
        throw ranOut(q);
      }
      byte c = b[q];
      if (c == '/' && q + 1 >= to) {
        throw ranOut(q + 1); // "/>" split by the end of the buffered input
      }
      if (c == '>' || (c == '/' && b[q + 1] == '>')) {
        boolean empty = c == '/';
        int after = q + (empty ? 2 : 1);
        if (elementColon >= 0 || nsAttrs > 0) {
          namespaces(p, ns, ne, elementColon, depth);
          if (empty) {
            endScope(depth);
          }
        }
        if (slot >= 0) {
          valStart[slot] = after;
          valEnd[slot] = after;
          valDecode[slot] = RAW;
        }
        if (empty) {
          return -after;
        }
        stackStart[depth] = ns;
        stackEnd[depth] = ne;
        if (slot >= 0) {
          captureSlot = slot;
          captureDepth = depth + 1;
        } else if (captureSlot >= 0 && depth + 1 > captureDepth) {
          valDecode[captureSlot] = TEXT; // markup inside a captured value: decode strips it
        }
        return after;
      }
      if (ws == q) {
        throw err(q, "expected whitespace, '>' or '/>' in <" + str(ns, ne) + ">");
      }
      int an = q;
      int ae = name(q, to, "attribute name");
      int attrColon = colon;
      attrs = uniqueAttribute(p, an, ae, attrs);
      q = skipWs(ae, to);
      if (q >= to) {
        throw ranOut(q);
      }
      if (b[q] != '=') {
        throw err(q, "attribute " + str(an, ae) + " without '='");
      }
      q = skipWs(q + 1, to);
      if (q >= to) {
        throw ranOut(q);
      }
      if (b[q] != '"' && b[q] != '\'') {
        throw err(q, "attribute " + str(an, ae) + ": expected a quoted value");
      }
      byte quote = b[q];
      int vs = q + 1;
      boolean decode = false;
      int v = vs;
      long quotes = quote == '"' ? QUOTES : APOSTROPHES;
      while (true) {
        v = plainValue(b, v, to, quotes);
        if (v >= to) {
          throw ranOut(v);
        }
        byte d = b[v];
        if (d == quote) {
          break;
        } else if (d == '<') {
          throw err(v, "'<' inside the value of attribute " + str(an, ae));
        } else if (d == '&') {
          decode = true;
          v = entity(v, to);
        } else if (d >= 0 && d < 0x20) {
          if (d != '\n' && d != '\t' && d != '\r') {
            throw err(v, String.format("control character U+%04X in attribute %s", d, str(an, ae)),
                RejectKind.ENCODING);
          }
          decode = true; // attribute value normalization turns these into spaces
          v++;
        } else if (d < 0) {
          v = utf8(v, to);
        } else {
          v++;
        }
      }
      if (attrColon >= 0 || ae - an == 5 && eq(an, ae, "xmlns")) {
        namespaceAttribute(an, ae, attrColon, vs, v, decode);
      }
      if (wantAttr == 1 && eq(an, ae, "Name")) {
        nameStart[slot] = vs;
        nameEnd[slot] = v;
        nameDecoded[slot] = decode ? XmlText.decodeAttribute(b, vs, v) : null;
      } else if (wantAttr == 2 && eq(an, ae, "SystemTime")) {
        valStart[TIME] = vs;
        valEnd[TIME] = v;
        valDecode[TIME] = decode ? ATTRIBUTE : RAW;
      }
      q = v + 1;
    }
  }

  /**
   * Records the attribute name [an, ae) as the {@code attrs}-th of the start tag at p, and refuses
   * it when the tag already has it (XML's "Unique Att Spec"); returns the new count. A tag with
   * more attributes than a few is checked by a hash set, so hostile tags stay linear.
   */
  private int uniqueAttribute(int p, int an, int ae, int attrs) throws XmlSyntaxException {
    int len = ae - an;
    if (attrs < attrStart.length) {
      for (int i = 0; i < attrs; i++) {
        if (attrEnd[i] - attrStart[i] == len && sameBytes(attrStart[i], an, len)) {
          throw duplicate(p, an, ae);
        }
      }
      attrStart[attrs] = an;
      attrEnd[attrs] = ae;
      return attrs + 1;
    }
    if (attrs == attrStart.length) {
      manyAttrs = new java.util.HashSet<>();
      for (int i = 0; i < attrs; i++) {
        manyAttrs.add(new String(b, attrStart[i], attrEnd[i] - attrStart[i],
            StandardCharsets.ISO_8859_1));
      }
    }
    if (!manyAttrs.add(new String(b, an, len, StandardCharsets.ISO_8859_1))) {
      throw duplicate(p, an, ae);
    }
    return attrs + 1;
  }

  private XmlSyntaxException duplicate(int p, int an, int ae) {
    return err(an, "attribute " + str(an, ae) + " given twice in <" + str(p + 1, name(p + 1)) + ">");
  }

  /** The end of the name starting at p, known to be complete (for messages). */
  private int name(int p) {
    int q = p;
    while (q < to && NAME_CHAR[b[q] & 0xFF] != 0) {
      q++;
    }
    return q;
  }

  private int endTag(int p, int to, int depth) throws XmlSyntaxException {
    int ns = p + 2;
    int ne = -1;
    if (depth > 0) { // the usual case first: the open element's name, then a delimiter
      int len = stackEnd[depth - 1] - stackStart[depth - 1];
      if (ns + len < to && sameBytes(stackStart[depth - 1], ns, len)) {
        byte c = b[ns + len];
        if (c >= 0 && NAME_CHAR[c] == 0) {
          ne = ns + len;
        }
      }
    }
    if (ne < 0) {
      ne = name(ns, to, "element name");
    }
    int q = skipWs(ne, to);
    if (q >= to) {
      throw ranOut(q);
    }
    if (b[q] != '>') {
      throw err(p, "unterminated end tag </" + str(ns, ne) + ">");
    }
    if (depth == 0) {
      throw err(p, "end tag </" + str(ns, ne) + "> without a start tag");
    }
    int os = stackStart[depth - 1];
    int oe = stackEnd[depth - 1];
    if (oe - os != ne - ns || !sameBytes(os, ns, ne - ns)) {
      throw err(p, "end tag </" + str(ns, ne) + "> does not match <" + str(os, oe) + ">");
    }
    if (nsCount > 0) {
      endScope(depth - 1);
    }
    if (captureSlot >= 0 && depth == captureDepth) {
      int vs = valStart[captureSlot];
      if (p - vs > maxFieldChars && characters(vs, p) > maxFieldChars) {
        throw err(vs, limits.refusal(ReadLimits.Limit.MAX_FIELD_CHARS, "field value length",
            characters(vs, p)), RejectKind.LIMIT);
      }
      valEnd[captureSlot] = p;
      captureSlot = -1;
      captureDepth = -1;
    }
    return q + 1;
  }

  private int bang(int p, int to) throws XmlSyntaxException {
    if (to - p < 9) {
      throw ranOut(p);
    }
    if (startsWith(p, to, "<!--")) {
      return skipPast(p + 4, to, "-->", "a comment");
    }
    if (startsWith(p, to, "<![CDATA[")) {
      int end = skipPast(p + 9, to, "]]>", "a CDATA section");
      for (int i = p + 9; i < end - 3; ) {
        byte c = b[i];
        if (c >= 0 && c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          throw err(i, String.format("control character U+%04X in CDATA", c), RejectKind.ENCODING);
        }
        i = c < 0 ? utf8(i, to) : i + 1;
      }
      if (captureSlot >= 0) {
        valDecode[captureSlot] = TEXT;
      }
      return end;
    }
    if (startsWith(p, to, "<!DOCTYPE")) {
      throw err(p, "document type declaration refused: DTDs and entity declarations are not"
          + " processed", RejectKind.REFUSED_MARKUP);
    }
    throw err(p, "markup declaration '<!' inside an event: expected a comment or CDATA");
  }

  /** Validates an entity or character reference at p and returns the index after its ';'. */
  private int entity(int p, int to) throws XmlSyntaxException {
    int semi = -1;
    for (int i = p + 1; i < to && i < p + 12; i++) {
      if (b[i] == ';') {
        semi = i;
        break;
      }
    }
    if (semi < 0 && p + 12 > to) {
      throw ranOut(p);
    }
    if (semi < 0) {
      throw err(p, "'&' not starting an entity reference: expected &amp; or similar");
    }
    int s = p + 1;
    if (b[s] == '#') {
      int cp = 0;
      boolean hex = s + 1 < semi && b[s + 1] == 'x';
      int i = hex ? s + 2 : s + 1;
      if (i == semi) {
        throw err(p, "empty character reference " + str(p, semi + 1));
      }
      for (; i < semi; i++) {
        int d = Character.digit(b[i], hex ? 16 : 10);
        if (d < 0 || cp > 0x10FFFF) {
          throw err(p, "bad character reference " + str(p, semi + 1));
        }
        cp = cp * (hex ? 16 : 10) + d;
      }
      if (!isXmlChar(cp)) {
        throw err(p, String.format("character reference to U+%04X, which XML 1.0 forbids", cp),
            RejectKind.ENCODING);
      }
      return semi + 1;
    }
    if (eq(s, semi, "lt") || eq(s, semi, "gt") || eq(s, semi, "amp") || eq(s, semi, "quot")
        || eq(s, semi, "apos")) {
      return semi + 1;
    }
    throw err(p, "undeclared entity " + str(p, semi + 1)
        + ": only the five predefined entities are accepted (DTDs are refused)",
        RejectKind.REFUSED_MARKUP);
  }

  private int utf8(int p, int to) throws XmlSyntaxException {
    int lead = b[p] & 0xFF;
    int n;
    int min2 = 0x80;
    int max2 = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      n = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      n = 2;
      if (lead == 0xE0) {
        min2 = 0xA0;
      } else if (lead == 0xED) {
        max2 = 0x9F;
      }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      n = 3;
      if (lead == 0xF0) {
        min2 = 0x90;
      } else if (lead == 0xF4) {
        max2 = 0x8F;
      }
    } else {
      throw err(p, String.format("invalid UTF-8 byte 0x%02X", lead), RejectKind.ENCODING);
    }
    if (p + n >= to) {
      throw ranOut(p);
    }
    for (int i = 1; i <= n; i++) {
      int c = b[p + i] & 0xFF;
      int lo = i == 1 ? min2 : 0x80;
      int hi = i == 1 ? max2 : 0xBF;
      if (c < lo || c > hi) {
        throw err(p, String.format("invalid UTF-8 sequence starting 0x%02X 0x%02X", lead, c),
            RejectKind.ENCODING);
      }
    }
    return p + n + 1;
  }

  private int newField(int p) throws XmlSyntaxException {
    if (fields >= maxFields) {
      throw err(p, limits.refusal(ReadLimits.Limit.MAX_FIELDS, "data field count", -1),
          RejectKind.LIMIT);
    }
    int slot = SYSTEM_SLOTS + fields++;
    if (slot >= valStart.length) {
      int n = Math.min(valStart.length * 2, SYSTEM_SLOTS + maxFields);
      valStart = java.util.Arrays.copyOf(valStart, n);
      valEnd = java.util.Arrays.copyOf(valEnd, n);
      valDecode = java.util.Arrays.copyOf(valDecode, n);
      nameStart = java.util.Arrays.copyOf(nameStart, n);
      nameEnd = java.util.Arrays.copyOf(nameEnd, n);
      nameDecoded = java.util.Arrays.copyOf(nameDecoded, n);
    }
    nameStart[slot] = 0;
    nameEnd[slot] = 0;
    nameDecoded[slot] = null;
    valStart[slot] = -1;
    return slot;
  }

  /**
   * The end of the name starting at p, read as a QName: {@link #colon} is set to its prefix
   * separator (the first {@code :} after its first character) or -1. A second separator, or a
   * separator not followed by a name-start character other than {@code :}, is an error, as is a
   * character beyond ASCII that is not a name character ({@link XmlNames}): nothing may follow a
   * name without a delimiter.
   */
  private int name(int p, int to, String what) throws XmlSyntaxException {
    return name(p, to, what, true);
  }

  /** {@link #name(int, int, String)}, or with {@code qname} false a plain XML Name (no prefix). */
  private int name(int p, int to, String what, boolean qname) throws XmlSyntaxException {
    colon = -1;
    if (p >= to) {
      throw ranOut(p);
    }
    int q;
    byte c = b[p];
    if (c >= 0) {
      if (NAME_CHAR[c] != NAME_START) {
        throw err(p, "expected an " + what);
      }
      q = p + 1;
    } else {
      q = nameChar(p, to, what, true);
    }
    byte[] b = this.b;
    while (true) {
      while (q < to && NAME_PLAIN[b[q] & 0xFF]) {
        q++;
      }
      if (q >= to) {
        throw ranOut(q);
      }
      c = b[q];
      if (c == ':') {
        if (qname) {
          if (colon >= 0) {
            throw err(q, "the " + what + " " + str(p, q) + " is followed by a second ':'"
                + " (Namespaces in XML: a name has at most one prefix)");
          }
          colon = q;
          if (q + 1 >= to) {
            throw ranOut(q + 1);
          }
          byte d = b[q + 1];
          if (d >= 0 ? d == ':' || NAME_CHAR[d] != NAME_START
              : XmlNames.of(codePoint(q + 1, utf8(q + 1, to))) != XmlNames.START) {
            throw err(q, "the " + what + " " + str(p, q + 1) + "... has an empty or malformed"
                + " local part after its prefix (Namespaces in XML: QName is prefix ':' NCName)");
          }
        }
        q++;
      } else if (c < 0) {
        q = nameChar(q, to, what, false);
      } else {
        return q;
      }
    }
  }

  /**
   * Past the character beyond ASCII at p in a name (a malformed UTF-8 sequence rejects the record
   * like in text); it must be a name character, and a name-start one if {@code first}.
   */
  private int nameChar(int p, int to, String what, boolean first) throws XmlSyntaxException {
    int next = utf8(p, to);
    int cp = codePoint(p, next);
    byte k = XmlNames.of(cp);
    if (first ? k != XmlNames.START : k == XmlNames.NONE) {
      throw err(p, String.format(first ? "expected an %s: U+%04X cannot start a name"
          : "U+%04X in an %s: not a name character", first ? what : cp, first ? cp : what));
    }
    return next;
  }

  /** The code point of the valid UTF-8 sequence [p, next). */
  private int codePoint(int p, int next) {
    int lead = b[p] & 0xFF;
    int n = next - p;
    int cp = n == 2 ? lead & 0x1F : n == 3 ? lead & 0x0F : lead & 0x07;
    for (int i = p + 1; i < next; i++) {
      cp = cp << 6 | (b[i] & 0x3F);
    }
    return cp;
  }

  /**
   * A processing instruction at p: its target is a name other than {@code xml} (in any case),
   * followed by {@code ?>} or by whitespace and data up to {@code ?>}. Returns the index after it.
   */
  private int processingInstruction(int p, int to) throws XmlSyntaxException {
    int ts = p + 2;
    int te = name(ts, to, "processing instruction target", false);
    if (te - ts == 3 && (b[ts] | 0x20) == 'x' && (b[ts + 1] | 0x20) == 'm'
        && (b[ts + 2] | 0x20) == 'l') {
      throw err(p, "processing instruction target " + str(ts, te) + ": names matching"
          + " [xX][mM][lL] are reserved");
    }
    byte c = b[te];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      if (te + 1 >= to) {
        throw ranOut(te + 1);
      }
      if (c != '?' || b[te + 1] != '>') {
        throw err(te, "expected whitespace or '?>' after the processing instruction target");
      }
    }
    return skipPast(te, to, "?>", "a processing instruction");
  }

  private static final byte NAME_START = XmlNames.START;
  /** ASCII bytes as {@link XmlNames#of} classes them; bytes beyond as name characters (messages). */
  private static final byte[] NAME_CHAR = new byte[256];

  /** ASCII name characters other than ':': a name goes on over these without a second look. */
  private static final boolean[] NAME_PLAIN = new boolean[256];

  static {
    for (int c = 0; c < 256; c++) {
      NAME_CHAR[c] = c < 0x80 ? XmlNames.of(c) : XmlNames.PART;
      NAME_PLAIN[c] = c < 0x80 && c != ':' && XmlNames.of(c) != XmlNames.NONE;
    }
  }

  // ---- eight bytes at a time -----------------------------------------------------------------

  private static final long HIGH = 0x8080808080808080L;
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long BELOW_SPACE = 0x6060606060606060L; // 0x80 - 0x20 in each byte
  private static final long LT = 0x3C3C3C3C3C3C3C3CL;
  private static final long AMP = 0x2626262626262626L;
  private static final long BRACKET = 0x5D5D5D5D5D5D5D5DL;
  private static final long TABS = 0x0909090909090909L;
  private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long APOSTROPHES = 0x2727272727272727L;

  /** The high bit of each byte of v below 0x20 or beyond ASCII. */
  private static long controlOrHigh(long v) {
    return (v & HIGH) | (~((v & LOW7) + BELOW_SPACE) & HIGH);
  }

  /**
   * The first index at or after p, before {@code to}, of a byte that is not plain ASCII text
   * (below 0x20 but tab and LF, {@code <}, {@code &}, {@code ]} or beyond ASCII), else {@code
   * to}; eight bytes at a time.
   */
  private static int plainText(byte[] b, int p, int to) {
    for (; p + 8 <= to; p += 8) {
      long v = ByteScan.word(b, p);
      long special = controlOrHigh(v) & ~(zeroBytes(v ^ TABS) | zeroBytes(v ^ LINE_FEEDS))
          | zeroBytes(v ^ LT) | zeroBytes(v ^ AMP) | zeroBytes(v ^ BRACKET);
      if (special != 0) {
        return p + (Long.numberOfTrailingZeros(special) >>> 3);
      }
    }
    for (; p < to; p++) {
      byte c = b[p];
      if (c < 0x20 && c != '\t' && c != '\n' || c == '<' || c == '&' || c == ']') {
        return p;
      }
    }
    return p;
  }

  /**
   * {@link #plainText} for an attribute value: stops at its quote ({@code quotes}: the quote in
   * every byte), {@code <}, {@code &}, below 0x20 or beyond ASCII.
   */
  private static int plainValue(byte[] b, int p, int to, long quotes) {
    for (; p + 8 <= to; p += 8) {
      long v = ByteScan.word(b, p);
      long special = controlOrHigh(v) | zeroBytes(v ^ LT) | zeroBytes(v ^ AMP)
          | zeroBytes(v ^ quotes);
      if (special != 0) {
        return p + (Long.numberOfTrailingZeros(special) >>> 3);
      }
    }
    byte quote = (byte) quotes;
    for (; p < to; p++) {
      byte c = b[p];
      if (c < 0x20 || c == '<' || c == '&' || c == quote) {
        return p;
      }
    }
    return p;
  }

  // ---- namespaces ----------------------------------------------------------------------------

  private static final String XML_NS = "http://www.w3.org/XML/1998/namespace";
  private static final String XMLNS_NS = "http://www.w3.org/2000/xmlns/";

  /** Notes an attribute of the tag being parsed that is prefixed or an {@code xmlns} one. */
  private void namespaceAttribute(int an, int ae, int sep, int vs, int ve, boolean decode) {
    int k = nsAttrs * 5;
    if (k + 5 > nsAttr.length) {
      nsAttr = java.util.Arrays.copyOf(nsAttr, nsAttr.length * 2);
      nsAttrUri = java.util.Arrays.copyOf(nsAttrUri, nsAttrUri.length * 2);
    }
    nsAttr[k] = an;
    nsAttr[k + 1] = ae;
    nsAttr[k + 2] = sep;
    nsAttr[k + 3] = vs;
    nsAttr[k + 4] = decode ? -ve - 1 : ve;
    nsAttrs++;
  }

  /**
   * The start tag at p has a prefixed name or attributes taking part in namespaces: its
   * declarations are checked and come into scope, then its element and attribute prefixes must be
   * declared and its attributes unique by namespace and local name.
   */
  private void namespaces(int p, int ns, int ne, int elementColon, int depth)
      throws XmlSyntaxException {
    int resolved = 0;
    for (int i = 0; i < nsAttrs; i++) {
      int k = i * 5;
      int an = nsAttr[k];
      int ae = nsAttr[k + 1];
      int sep = nsAttr[k + 2];
      boolean declaration = sep < 0 || sep - an == 5 && eq(an, sep, "xmlns");
      if (!declaration) {
        resolved++;
        continue;
      }
      int vs = nsAttr[k + 3];
      int ve = nsAttr[k + 4];
      if (sep < 0 && ve >= 0 && ve - vs != XML_NS.length() && ve - vs != XMLNS_NS.length()) {
        continue; // a default namespace that cannot be either reserved one (the usual xmlns='...')
      }
      String uri = attributeValue(vs, ve);
      if (sep < 0) {
        if (uri.equals(XML_NS) || uri.equals(XMLNS_NS)) {
          throw err(an, "the default namespace cannot be " + uri + " (Namespaces in XML)");
        }
        continue;
      }
      boolean xml = eq(sep + 1, ae, "xml");
      if (eq(sep + 1, ae, "xmlns")) {
        throw err(an, "the prefix xmlns cannot be declared (Namespaces in XML)");
      }
      if (xml != uri.equals(XML_NS) || uri.equals(XMLNS_NS)) {
        throw err(an, xml ? "the prefix xml can be bound to " + XML_NS + " only"
            : "no prefix but xml can be bound to " + uri + " (Namespaces in XML)");
      }
      if (uri.isEmpty()) {
        throw err(an, "the prefix " + str(sep + 1, ae) + " is declared with an empty namespace"
            + " name, which XML 1.0 namespaces forbid");
      }
      if (!xml) {
        declare(sep + 1, ae, uri, depth);
      }
    }
    if (elementColon >= 0) {
      if (eq(ns, elementColon, "xmlns")) {
        throw err(p, "element <" + str(ns, ne) + ">: the prefix xmlns is reserved for"
            + " declarations");
      }
      if (!eq(ns, elementColon, "xml") && namespaceOf(ns, elementColon) == null) {
        throw err(p, "element <" + str(ns, ne) + ">: undeclared namespace prefix "
            + str(ns, elementColon));
      }
    }
    if (resolved == 0) {
      return;
    }
    java.util.HashSet<String> seen = resolved > 8 ? new java.util.HashSet<>() : null;
    for (int i = 0; i < nsAttrs; i++) {
      int k = i * 5;
      int an = nsAttr[k];
      int sep = nsAttr[k + 2];
      nsAttrUri[i] = null;
      if (sep < 0 || sep - an == 5 && eq(an, sep, "xmlns")) {
        continue;
      }
      String uri = eq(an, sep, "xml") ? XML_NS : namespaceOf(an, sep);
      if (uri == null) {
        throw err(an, "attribute " + str(an, nsAttr[k + 1]) + ": undeclared namespace prefix "
            + str(an, sep));
      }
      nsAttrUri[i] = uri;
      int ls = sep + 1;
      int le = nsAttr[k + 1];
      boolean twice;
      if (seen != null) {
        twice = !seen.add(uri + '\u0000' + new String(b, ls, le - ls, StandardCharsets.UTF_8));
      } else {
        twice = false;
        for (int j = 0; j < i && !twice; j++) {
          int m = j * 5;
          twice = nsAttrUri[j] != null && nsAttrUri[j].equals(uri)
              && nsAttr[m + 1] - nsAttr[m + 2] - 1 == le - ls
              && sameBytes(nsAttr[m + 2] + 1, ls, le - ls);
        }
      }
      if (twice) {
        throw err(an, "attribute " + str(an, le) + " given twice in <" + str(ns, ne)
            + ">: the same local name in the same namespace (" + uri + ")");
      }
    }
  }

  /** An attribute value [vs, ve), {@code ve} negated minus one when it needs decoding. */
  private String attributeValue(int vs, int ve) {
    return ve < 0 ? XmlText.decodeAttribute(b, vs, -ve - 1)
        : new String(b, vs, ve - vs, StandardCharsets.UTF_8);
  }

  private void declare(int ps, int pe, String uri, int depth) {
    if (nsCount == nsStart.length) {
      int n = nsCount * 2;
      nsStart = java.util.Arrays.copyOf(nsStart, n);
      nsEnd = java.util.Arrays.copyOf(nsEnd, n);
      nsDepth = java.util.Arrays.copyOf(nsDepth, n);
      nsUri = java.util.Arrays.copyOf(nsUri, n);
    }
    nsStart[nsCount] = ps;
    nsEnd[nsCount] = pe;
    nsDepth[nsCount] = depth;
    nsUri[nsCount] = uri;
    nsCount++;
  }

  /** The namespace the prefix [ps, pe) is bound to in scope, or null. */
  private String namespaceOf(int ps, int pe) {
    int len = pe - ps;
    for (int i = nsCount - 1; i >= 0; i--) {
      if (nsEnd[i] - nsStart[i] == len && sameBytes(nsStart[i], ps, len)) {
        return nsUri[i];
      }
    }
    return null;
  }

  /** The element at {@code depth} ended: its declarations go out of scope. */
  private void endScope(int depth) {
    while (nsCount > 0 && nsDepth[nsCount - 1] >= depth) {
      nsCount--;
    }
  }

  private int skipWs(int p, int to) {
    while (p < to) {
      byte c = b[p];
      if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
        break;
      }
      p++;
    }
    return p;
  }

  /** The index after the first {@code end} at or after p; {@code what} is named if none is. */
  private int skipPast(int p, int to, String end, String what) throws XmlSyntaxException {
    int n = end.length();
    if (scan != null) {
      int i = scan.indexOf(b, p, to, base, end);
      if (i >= 0) {
        return i + n;
      }
    } else {
      byte first = (byte) end.charAt(0);
      for (int i = p; i + n <= to; i++) {
        if (b[i] == first && startsWith(i, to, end)) {
          return i + n;
        }
      }
    }
    openConstruct = what;
    throw ranOut(p);
  }

  /** Characters of UTF-8 bytes [s, e): every byte but continuation bytes starts one. */
  private int characters(int s, int e) {
    int n = 0;
    for (int i = s; i < e; i++) {
      if ((b[i] & 0xC0) != 0x80) {
        n++;
      }
    }
    return n;
  }

  private boolean startsWith(int p, int to, String s) {
    if (p + s.length() > to) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[p + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private boolean eq(int s, int e, String ascii) {
    if (e - s != ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (b[s + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private boolean sameBytes(int a, int c, int len) {
    for (int i = 0; i < len; i++) {
      if (b[a + i] != b[c + i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isXmlChar(int cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
  }

  private String str(int s, int e) {
    return new String(b, s, Math.min(e - s, 64), StandardCharsets.UTF_8);
  }

  private XmlSyntaxException err(int p, String message) {
    return new XmlSyntaxException(p - recordStart, message);
  }

  private XmlSyntaxException err(int p, String message, RejectKind kind) {
    return new XmlSyntaxException(p - recordStart, message, XmlSyntaxException.Kind.MALFORMED,
        kind);
  }

  // ---- EventFields: decoded on demand -------------------------------------------------------

  /** The record id as far as it was read, even when parsing failed later; else null. */
  String recordIdSoFar() {
    return valStart[RECORD_ID] >= 0 && valEnd[RECORD_ID] >= valStart[RECORD_ID]
        ? value(RECORD_ID) : null;
  }

  @Override
  public String eventId() {
    return value(EVENT_ID);
  }

  @Override
  public String timeCreated() {
    return value(TIME);
  }

  @Override
  public String recordId() {
    return value(RECORD_ID);
  }

  @Override
  public String channel() {
    return value(CHANNEL);
  }

  @Override
  public String computer() {
    return value(COMPUTER);
  }

  @Override
  public String data(String name) {
    int len = name.length();
    boolean ascii = true;
    for (int k = 0; k < len && ascii; k++) {
      ascii = name.charAt(k) < 0x80;
    }
    for (int i = SYSTEM_SLOTS, end = SYSTEM_SLOTS + fields; i < end; i++) {
      if (nameDecoded[i] != null) {
        if (nameDecoded[i].equals(name)) {
          return value(i);
        }
        continue;
      }
      int s = nameStart[i];
      if (nameEnd[i] - s == len && (len == 0 || b[s] == name.charAt(0))
          && eq(s, nameEnd[i], name)) {
        return value(i);
      }
      if (!ascii && nameEnd[i] - s >= len
          && new String(b, s, nameEnd[i] - s, StandardCharsets.UTF_8).equals(name)) {
        return value(i); // a name beyond ASCII: its UTF-8 bytes are not its chars
      }
    }
    return null;
  }

  @Override
  public String data(int position) {
    return position >= 1 && position <= fields ? value(SYSTEM_SLOTS + position - 1) : null;
  }

  private String value(int slot) {
    int s = valStart[slot];
    if (s < 0) {
      return null;
    }
    int e = valEnd[slot];
    switch (valDecode[slot]) {
      case TEXT:
        return XmlText.decode(b, s, e);
      case ATTRIBUTE:
        return XmlText.decodeAttribute(b, s, e);
      default:
        return new String(b, s, e - s, StandardCharsets.UTF_8);
    }
  }
}
