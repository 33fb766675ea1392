package org.winsession.read.evtx;

import java.util.HashMap;
import java.util.Map;

/**
 * Decodes the Binary XML of one EVTX chunk (libyal "Windows XML Event Log (EVTX)", MS-EVEN6):
 * fragments, template instances with inline or back-referenced definitions, substitutions (nested
 * BinXML values included) and the chunk's element and attribute names.
 *
 * <p>A template definition is compiled once per chunk into a flat instruction list, then replayed
 * for every record that instantiates it with that record's substitution values: the template's
 * bytes are not parsed again per record. For the field collector, a template is further reduced
 * to an extraction plan per collector state (which slot takes which substitution), applied to each
 * record without a replay; a plan stops at one nested BinXML substitution (a real record's
 * EventData), decodes that fragment, then replays the template's remaining closes. Every offset is
 * checked against the chunk, nested BinXML
 * is limited to {@link #MAX_DEPTH} levels and compiled templates to the chunk's size, so no input
 * can loop, recurse without bound or allocate past a fixed budget. Not thread-safe; {@link #reset}
 * for each chunk.
 */
final class BinXml {
  /** Names the collector cares about, resolved once per compiled template (see {@link #role}). */
  static final int ROLE_OTHER = 0;
  static final int ROLE_SYSTEM = 1;
  static final int ROLE_EVENT_DATA = 2;
  static final int ROLE_USER_DATA = 3;
  static final int ROLE_EVENT_ID = 4;
  static final int ROLE_EVENT_RECORD_ID = 5;
  static final int ROLE_CHANNEL = 6;
  static final int ROLE_COMPUTER = 7;
  static final int ROLE_TIME_CREATED = 8;
  static final int ROLE_DATA = 9;
  static final int ROLE_SYSTEM_TIME = 10;
  static final int ROLE_NAME = 11;

  /** The role of an element or attribute name. */
  static int role(String name) {
    switch (name) {
      case "System": return ROLE_SYSTEM;
      case "EventData": return ROLE_EVENT_DATA;
      case "UserData": return ROLE_USER_DATA;
      case "EventID": return ROLE_EVENT_ID;
      case "EventRecordID": return ROLE_EVENT_RECORD_ID;
      case "Channel": return ROLE_CHANNEL;
      case "Computer": return ROLE_COMPUTER;
      case "TimeCreated": return ROLE_TIME_CREATED;
      case "Data": return ROLE_DATA;
      case "SystemTime": return ROLE_SYSTEM_TIME;
      case "Name": return ROLE_NAME;
      default: return ROLE_OTHER;
    }
  }

  /** Receives one record's XML as it is decoded; values are rendered only on request. */
  interface Handler {
    /** An element opens; {@code role} is {@link #role(String)} of its name. */
    void open(String name, int role);

    /** The values and text that follow, until {@link #closeStart}/{@link #closeEmpty}, form it. */
    void attribute(String name, int role);

    void text(String literal);

    /** A substitution value of a BinXML type, in {@code chunk[offset, offset + size)}. */
    void value(byte[] chunk, int type, int offset, int size);

    void closeStart();

    void closeEmpty();

    void close();
  }

  static final int MAX_DEPTH = 8;
  private static final int MAX_SUBSTITUTIONS = 4096;

  private static final byte OP_OPEN = 1;
  private static final byte OP_ATTRIBUTE = 2;
  private static final byte OP_TEXT = 3;
  private static final byte OP_SUBSTITUTION = 4;
  private static final byte OP_CLOSE_START = 5;
  private static final byte OP_CLOSE_EMPTY = 6;
  private static final byte OP_CLOSE = 7;

  /** A compiled template: op codes, an int operand and a string operand per instruction. */
  private static final class Template {
    byte[] ops = new byte[64];
    int[] args = new int[64];
    String[] strings = new String[64];
    int size;
    int substitutions; // highest substitution index + 1
    /** Extraction plans: [0] for records without nested BinXML, [1] for those with one. */
    final EvtxRecordFields.Plan[] plans = new EvtxRecordFields.Plan[2];

    void add(byte op, int arg, String s) {
      if (size == ops.length) {
        ops = java.util.Arrays.copyOf(ops, size * 2);
        args = java.util.Arrays.copyOf(args, size * 2);
        strings = java.util.Arrays.copyOf(strings, size * 2);
      }
      ops[size] = op;
      args[size] = arg;
      strings[size] = s;
      size++;
    }
  }

  private final boolean plans;
  private final int[][][] scratch = new int[MAX_DEPTH + 2][3][];
  private final Map<Integer, String> names = new HashMap<>();
  private final Map<Integer, Template> templates = new HashMap<>();
  private byte[] b;
  private int len;

  /** A decoder that applies extraction plans (see {@link #BinXml(boolean)}). */
  BinXml() {
    this(true);
  }

  /**
   * A decoder; with {@code plans} false every record's template is replayed instruction by
   * instruction (the reference the plans are tested against).
   */
  BinXml(boolean plans) {
    this.plans = plans;
    for (int[][] level : scratch) {
      for (int i = 0; i < level.length; i++) {
        level[i] = new int[32];
      }
    }
  }

  /** Starts a new chunk: names and templates are chunk-relative. */
  void reset(byte[] chunk, int length) {
    b = chunk;
    len = length;
    names.clear();
    templates.clear();
  }

  /**
   * Decodes the fragment at {@code [pos, end)} (a record's event data) to the handler.
   *
   * @throws EvtxFormatException naming the structure and offset that is not valid
   */
  void record(int pos, int end, Handler h) throws EvtxFormatException {
    fragment(pos, end, h, 0);
  }

  /** A fragment: header, then a template instance or elements, up to end of stream. */
  private int fragment(int pos, int end, Handler h, int depth) throws EvtxFormatException {
    if (depth > MAX_DEPTH) {
      throw EvtxFormatException.at(pos, "BinXML nested deeper than " + MAX_DEPTH + " levels");
    }
    int p = pos;
    while (p < end) {
      int token = Bytes.u8(b, p, end, "BinXML token");
      if (token == 0x0F) { // fragment header: major, minor, flags
        p += 4;
      } else if (token == 0x0C) {
        p = instance(p, end, h, depth);
      } else if (token == 0x00) {
        return p + 1;
      } else { // elements written directly, without a template
        Template direct = new Template();
        p = compile(p, end, direct, false);
        replay(direct, 0, null, null, null, 0, h, depth);
        return p;
      }
    }
    return p;
  }

  /** A template instance: definition (inline or referenced), then its substitution values. */
  private int instance(int pos, int end, Handler h, int depth) throws EvtxFormatException {
    int defOffset = Bytes.u32(b, pos + 6, end, "template definition offset");
    int p = pos + 10;
    Template t = template(defOffset);
    if (defOffset == p) { // defined inline: skip the definition
      int size = Bytes.u32(b, p + 20, end, "template data size");
      p += 24 + size;
    }
    int count = Bytes.u32(b, p, end, "substitution count");
    if (count < 0 || count > MAX_SUBSTITUTIONS) {
      throw EvtxFormatException.at(p, "substitution count " + Integer.toUnsignedString(count)
          + ": expected at most " + MAX_SUBSTITUTIONS);
    }
    p += 4;
    Bytes.check(p, 4 * count, end, "substitution descriptors");
    int[] types = scratch(depth, 0, count);
    int[] offsets = scratch(depth, 1, count);
    int[] sizes = scratch(depth, 2, count);
    int value = p + 4 * count;
    int nestedAt = -1;
    int nestedCount = 0;
    for (int i = 0; i < count; i++) {
      int q = p + 4 * i;
      int size = (b[q] & 0xFF) | (b[q + 1] & 0xFF) << 8;
      int type = b[q + 2] & 0xFF;
      sizes[i] = size;
      types[i] = type;
      offsets[i] = value;
      value += size;
      if (type == EvtxValues.BIN_XML && size > 0) {
        nestedAt = i;
        nestedCount++;
      }
    }
    Bytes.check(p + 4 * count, value - (p + 4 * count), end, "substitution values");
    if (nestedCount <= 1 && plans && h instanceof EvtxRecordFields) {
      EvtxRecordFields f = (EvtxRecordFields) h;
      EvtxRecordFields.Plan plan = plan(t, f, nestedAt);
      if (plan != null) {
        f.apply(plan, b, types, offsets, sizes, count);
        if (plan.stop >= 0) {
          fragment(offsets[nestedAt], offsets[nestedAt] + sizes[nestedAt], h, depth + 1);
          replay(t, plan.stop + 1, types, offsets, sizes, count, h, depth);
        }
        return value;
      }
    }
    replay(t, 0, types, offsets, sizes, count, h, depth);
    return value;
  }

  /** Substitution arrays reused per nesting depth ({@code which}: types, offsets, sizes). */
  private int[] scratch(int depth, int which, int count) {
    int[][] level = scratch[depth];
    if (level[which].length < count) {
      level[which] = new int[Math.max(count, 2 * level[which].length)];
    }
    return level[which];
  }

  /**
   * The template's extraction plan for a collector in {@code f}'s state, made on first use in that
   * state by replaying the template once with marked values, up to the substitution
   * {@code nestedIndex} (-1: none) that holds nested BinXML; null when a replay is needed.
   */
  private EvtxRecordFields.Plan plan(Template t, EvtxRecordFields f, int nestedIndex) {
    int k = nestedIndex < 0 ? 0 : 1;
    EvtxRecordFields.Plan cached = t.plans[k];
    if (cached != null && cached.nestedIndex == nestedIndex && f.entryMatches(cached)) {
      return cached.usable ? cached : null;
    }
    EvtxRecordFields planner = f.planner();
    if (planner == null) {
      return null;
    }
    int n = t.substitutions;
    int[] types = new int[n];
    int[] offsets = new int[n];
    int[] sizes = new int[n];
    for (int i = 0; i < n; i++) {
      types[i] = EvtxRecordFields.PLAN_MARK;
      offsets[i] = i;
      sizes[i] = 1;
    }
    int stop = -1;
    boolean complete = true;
    for (int i = 0; i < t.size && complete; i++) {
      byte op = t.ops[i];
      if (stop >= 0) {
        complete = op == OP_CLOSE_START || op == OP_CLOSE_EMPTY || op == OP_CLOSE;
      } else if (op == OP_SUBSTITUTION && (t.args[i] & 0xFFFF) == nestedIndex) {
        stop = i;
      } else {
        step(t, i, types, offsets, sizes, n, planner);
      }
    }
    complete &= nestedIndex < 0 || stop >= 0;
    t.plans[k] = planner.plan(f, nestedIndex, stop, complete);
    return t.plans[k].usable ? t.plans[k] : null;
  }

  /** Instruction {@code i} of a planning replay: substitutions are marked values, never nested. */
  private static void step(Template t, int i, int[] types, int[] offsets, int[] sizes, int count,
      EvtxRecordFields h) {
    switch (t.ops[i]) {
      case OP_OPEN -> h.open(t.strings[i], t.args[i]);
      case OP_ATTRIBUTE -> h.attribute(t.strings[i], t.args[i]);
      case OP_TEXT -> h.text(t.strings[i]);
      case OP_SUBSTITUTION -> {
        int index = t.args[i] & 0xFFFF;
        if (index < count) {
          h.value(null, types[index], offsets[index], sizes[index]);
        }
      }
      case OP_CLOSE_START -> h.closeStart();
      case OP_CLOSE_EMPTY -> h.closeEmpty();
      case OP_CLOSE -> h.close();
      default -> throw new AssertionError(t.ops[i]);
    }
  }

  private Template template(int defOffset) throws EvtxFormatException {
    Template t = templates.get(defOffset);
    if (t == null) {
      if (defOffset < 512 || defOffset > len - 24) {
        throw EvtxFormatException.at(defOffset, "template definition offset outside the chunk");
      }
      int size = Bytes.u32(b, defOffset + 20, len, "template data size");
      int start = defOffset + 24;
      if (size < 4 || size > len - start) {
        throw EvtxFormatException.at(defOffset, "template data size "
            + Integer.toUnsignedString(size) + " outside the chunk");
      }
      t = new Template();
      compile(start, start + size, t, true);
      templates.put(defOffset, t);
    }
    return t;
  }

  /** Compiles tokens at [pos, end) up to end of stream; returns the index after it. */
  private int compile(int pos, int end, Template t, boolean inTemplate)
      throws EvtxFormatException {
    int p = pos;
    while (p < end) {
      int token = Bytes.u8(b, p, end, "BinXML token");
      int type = token & 0x3F;
      boolean more = (token & 0x40) != 0;
      switch (type) {
        case 0x00:
          return p + 1;
        case 0x0F:
          p += 4;
          break;
        case 0x01: {
          p += inTemplate ? 3 : 1; // dependency id (templates only)
          Bytes.check(p, 4, end, "element data size");
          p += 4;
          p = name(p, end, t, OP_OPEN);
          if (more) {
            Bytes.check(p, 4, end, "attribute list size");
            p += 4;
          }
          break;
        }
        case 0x02:
          t.add(OP_CLOSE_START, 0, null);
          p++;
          break;
        case 0x03:
          t.add(OP_CLOSE_EMPTY, 0, null);
          p++;
          break;
        case 0x04:
          t.add(OP_CLOSE, 0, null);
          p++;
          break;
        case 0x05: // value text: a string type, then a length-prefixed UTF-16 string
          p = utf16Text(p + 2, end, t, "value text");
          break;
        case 0x06:
          p = name(p + 1, end, t, OP_ATTRIBUTE);
          break;
        case 0x07: // CDATA
          p = utf16Text(p + 1, end, t, "CDATA");
          break;
        case 0x08:
          t.add(OP_TEXT, 0, String.valueOf((char) Bytes.u16(b, p + 1, end, "character reference")));
          p += 3;
          break;
        case 0x09: {
          p = name(p + 1, end, t, OP_TEXT);
          t.strings[t.size - 1] = entity(t.strings[t.size - 1]);
          break;
        }
        case 0x0A: {
          Template ignored = new Template();
          p = name(p + 1, end, ignored, OP_TEXT); // processing instruction target: not data
          break;
        }
        case 0x0B: {
          int n = Bytes.u16(b, p + 1, end, "processing instruction length");
          Bytes.check(p + 3, 2 * n, end, "processing instruction");
          p += 3 + 2 * n;
          break;
        }
        case 0x0D:
        case 0x0E: {
          int index = Bytes.u16(b, p + 1, end, "substitution index");
          int valueType = Bytes.u8(b, p + 3, end, "substitution type");
          t.add(OP_SUBSTITUTION, index | (type == 0x0E ? 1 << 16 : 0), null);
          t.substitutions = Math.max(t.substitutions, index + 1);
          p += 4;
          if (valueType > 0xA3) {
            throw EvtxFormatException.at(p - 1, String.format("substitution type 0x%02x:"
                + " not a BinXML value type", valueType));
          }
          break;
        }
        default:
          throw EvtxFormatException.at(p, String.format("BinXML token 0x%02x: expected one of"
              + " 0x00-0x0F", token));
      }
      if (t.size > len) {
        throw EvtxFormatException.at(p, "template larger than its chunk");
      }
    }
    throw EvtxFormatException.at(p, "BinXML without end-of-stream token");
  }

  /** Reads a name reference (inline or at an earlier chunk offset) and adds it as an op. */
  /**
   * Adds the UTF-16 text whose 16-bit character count is at {@code at} as a text op; returns the
   * offset just past the text.
   */
  private int utf16Text(int at, int end, Template t, String what) throws EvtxFormatException {
    int n = Bytes.u16(b, at, end, what + " length");
    Bytes.check(at + 2, 2 * n, end, what);
    t.add(OP_TEXT, 0, EvtxValues.utf16(b, at + 2, 2 * n));
    return at + 2 + 2 * n;
  }

  private int name(int p, int end, Template t, byte op) throws EvtxFormatException {
    int off = Bytes.u32(b, p, end, "name offset");
    p += 4;
    String name = names.get(off);
    if (name == null) {
      if (off < 0 || off > len - 10) {
        throw EvtxFormatException.at(p - 4, "name offset 0x" + Integer.toHexString(off)
            + " outside the chunk");
      }
      int n = Bytes.u16(b, off + 6, len, "name length");
      Bytes.check(off + 8, 2 * n + 2, len, "name");
      name = EvtxValues.utf16(b, off + 8, 2 * n);
      names.put(off, name);
    }
    if (off == p) { // defined here: skip it
      p += 10 + 2 * ((b[off + 6] & 0xFF) | (b[off + 7] & 0xFF) << 8);
    }
    t.add(op, op == OP_TEXT ? 0 : role(name), name);
    return p;
  }

  private void replay(Template t, int from, int[] types, int[] offsets, int[] sizes, int count,
      Handler h, int depth) throws EvtxFormatException {
    for (int i = from; i < t.size; i++) {
      switch (t.ops[i]) {
        case OP_OPEN:
          h.open(t.strings[i], t.args[i]);
          break;
        case OP_ATTRIBUTE:
          h.attribute(t.strings[i], t.args[i]);
          break;
        case OP_TEXT:
          h.text(t.strings[i]);
          break;
        case OP_SUBSTITUTION: {
          int index = t.args[i] & 0xFFFF;
          if (index < count && sizes[index] > 0 && types[index] != EvtxValues.NULL) {
            if (types[index] == EvtxValues.BIN_XML) {
              fragment(offsets[index], offsets[index] + sizes[index], h, depth + 1);
            } else {
              h.value(b, types[index], offsets[index], sizes[index]);
            }
          }
          break;
        }
        case OP_CLOSE_START:
          h.closeStart();
          break;
        case OP_CLOSE_EMPTY:
          h.closeEmpty();
          break;
        case OP_CLOSE:
          h.close();
          break;
        default:
          throw new AssertionError(t.ops[i]);
      }
    }
  }

  private static String entity(String name) {
    switch (name) {
      case "lt": return "<";
      case "gt": return ">";
      case "amp": return "&";
      case "quot": return "\"";
      case "apos": return "'";
      default: return "&" + name + ";";
    }
  }
}
