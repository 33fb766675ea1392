package org.winsession.read.evtx;

import java.util.Arrays;
import org.winsession.normalize.EventFields;

/**
 * Collects, while a record's BinXML is decoded, what the normalizer reads: System/EventID,
 * TimeCreated@SystemTime, EventRecordID, Channel, Computer; EventData/Data by Name (and position);
 * UserData leaf elements by element name. Values are kept as references into the chunk and
 * rendered only when asked for. Reused record after record; valid until the next record.
 */
final class EvtxRecordFields implements BinXml.Handler, EventFields {
  private static final int EVENT_ID = 0;
  private static final int TIME = 1;
  private static final int RECORD_ID = 2;
  private static final int CHANNEL = 3;
  private static final int COMPUTER = 4;
  private static final int SYSTEM_SLOTS = 5;
  private static final int MAX_DEPTH = 64;
  private static final int MAX_FIELDS = 1024;

  private final int[] elementRole = new int[MAX_DEPTH];
  private final int[] elementSlot = new int[MAX_DEPTH];
  private int depth;
  private int section; // 1 System, 2 EventData, 3 UserData
  private int attributeSlot; // -1: the current attribute is not collected; -2: not in an attribute
  private boolean attributeIsName;

  private byte[] chunk;
  private int[] type = new int[SYSTEM_SLOTS + 32];
  private int[] offset = new int[SYSTEM_SLOTS + 32];
  private int[] size = new int[SYSTEM_SLOTS + 32];
  private String[] literal = new String[SYSTEM_SLOTS + 32];
  private boolean[] present = new boolean[SYSTEM_SLOTS + 32];
  private String[] fieldName = new String[SYSTEM_SLOTS + 32];
  private int fields;
  private long headerRecordId;
  private EvtxFormatException renderError;
  private boolean planning;
  private boolean planBroken;

  /** The value type a planning replay passes: its offset is the substitution index. */
  static final int PLAN_MARK = 0xFE;

  /**
   * What one template yields, slot by slot: a literal, a substitution index, or nothing. Applying
   * it to a record gives exactly what replaying the template would, without the replay.
   */
  static final class Plan {
    final int fields;
    final String[] names;
    final int[] substitution; // -1: a literal or nothing
    final String[] literal;
    final boolean[] present;

    private Plan(int fields, String[] names, int[] substitution, String[] literal,
        boolean[] present) {
      this.fields = fields;
      this.names = names;
      this.substitution = substitution;
      this.literal = literal;
      this.present = present;
    }
  }

  /** A collector that records where a template's values go instead of collecting a record. */
  static EvtxRecordFields planner() {
    EvtxRecordFields f = new EvtxRecordFields();
    f.reset(0);
    f.planning = true;
    return f;
  }

  /** The plan this planner recorded, or null when the template is not plannable. */
  Plan plan() {
    if (planBroken || renderError != null || depth != 0) {
      return null;
    }
    int n = SYSTEM_SLOTS + fields;
    int[] sub = new int[n];
    for (int i = 0; i < n; i++) {
      sub[i] = present[i] && type[i] == PLAN_MARK ? offset[i] : -1;
    }
    return new Plan(fields, Arrays.copyOf(fieldName, n), sub, Arrays.copyOf(literal, n),
        Arrays.copyOf(present, n));
  }

  /** Fills this record's slots from a template's plan and the record's substitution values. */
  void apply(Plan p, byte[] chunkBytes, int[] types, int[] offsets, int[] sizes, int count) {
    chunk = chunkBytes;
    int n = SYSTEM_SLOTS + p.fields;
    ensureSlots(n);
    fields = p.fields;
    for (int i = 0; i < n; i++) {
      fieldName[i] = p.names[i];
      int k = p.substitution[i];
      if (k < 0) {
        present[i] = p.present[i];
        literal[i] = p.literal[i];
        type[i] = -1;
      } else if (k < count && sizes[k] > 0 && types[k] != EvtxValues.NULL) {
        present[i] = true;
        type[i] = types[k];
        offset[i] = offsets[k];
        size[i] = sizes[k];
      } else {
        present[i] = false;
      }
    }
  }

  void reset(long recordIdFromHeader) {
    depth = 0;
    section = 0;
    attributeSlot = -2;
    fields = 0;
    headerRecordId = recordIdFromHeader;
    renderError = null;
    Arrays.fill(present, 0, SYSTEM_SLOTS, false);
  }

  /** A structure or value that could not be decoded (unbalanced elements, bad values), or null. */
  EvtxFormatException renderError() {
    return renderError;
  }

  // ---- BinXml.Handler ------------------------------------------------------------------------

  @Override
  public void open(String name, int role) {
    if (depth >= MAX_DEPTH) {
      depth++; // too deep to matter: counted so closes stay balanced, not collected
      return;
    }
    elementRole[depth] = role;
    int slot = -1;
    if (depth == 1) {
      section = role == BinXml.ROLE_SYSTEM ? 1 : role == BinXml.ROLE_EVENT_DATA ? 2
          : role == BinXml.ROLE_USER_DATA ? 3 : 0;
    } else if (depth == 2 && section == 1) {
      slot = role == BinXml.ROLE_EVENT_ID ? EVENT_ID
          : role == BinXml.ROLE_EVENT_RECORD_ID ? RECORD_ID
          : role == BinXml.ROLE_CHANNEL ? CHANNEL : role == BinXml.ROLE_COMPUTER ? COMPUTER : -1;
      if (slot >= 0) {
        present[slot] = false;
      }
    } else if (depth == 2 && section == 2 && role == BinXml.ROLE_DATA) {
      slot = newField(null);
    } else if (depth == 3 && section == 3) {
      slot = newField(name);
    }
    elementSlot[depth] = slot;
    depth++;
    attributeSlot = -2;
  }

  @Override
  public void attribute(String name, int role) {
    attributeIsName = false;
    attributeSlot = -1;
    if (depth == 0 || depth > MAX_DEPTH) {
      return;
    }
    if (depth == 3 && section == 1 && elementRole[depth - 1] == BinXml.ROLE_TIME_CREATED
        && role == BinXml.ROLE_SYSTEM_TIME) {
      attributeSlot = TIME;
      present[TIME] = false;
    } else if (role == BinXml.ROLE_NAME && elementSlot[depth - 1] >= SYSTEM_SLOTS) {
      attributeSlot = elementSlot[depth - 1];
      attributeIsName = true;
    }
  }

  @Override
  public void text(String s) {
    int slot = target();
    if (slot < 0) {
      return;
    }
    if (attributeIsName && attributeSlot >= 0) {
      fieldName[slot] = fieldName[slot] == null ? s : fieldName[slot] + s;
      return;
    }
    if (planning && present[slot]) {
      planBroken = true; // two parts: only a replay joins them
      return;
    }
    if (present[slot]) {
      literal[slot] = render(slot) + s;
    } else {
      literal[slot] = s;
    }
    type[slot] = -1;
    present[slot] = true;
  }

  @Override
  public void value(byte[] chunkBytes, int valueType, int valueOffset, int valueSize) {
    int slot = target();
    if (slot < 0) {
      return;
    }
    chunk = chunkBytes;
    if (planning && (present[slot] || (attributeIsName && attributeSlot >= 0))) {
      planBroken = true; // a joined value or a name from a substitution: replay each record
      return;
    }
    if (attributeIsName && attributeSlot >= 0) {
      String s = renderQuietly(valueType, valueOffset, valueSize);
      fieldName[slot] = fieldName[slot] == null ? s : fieldName[slot] + s;
      return;
    }
    if (present[slot]) { // a second part: join them as text
      String first = render(slot);
      literal[slot] = first + renderQuietly(valueType, valueOffset, valueSize);
      type[slot] = -1;
      return;
    }
    type[slot] = valueType;
    offset[slot] = valueOffset;
    size[slot] = valueSize;
    present[slot] = true;
  }

  @Override
  public void closeStart() {
    attributeSlot = -2;
  }

  @Override
  public void closeEmpty() {
    attributeSlot = -2;
    pop();
  }

  @Override
  public void close() {
    attributeSlot = -2;
    pop();
  }

  private void pop() {
    if (depth == 0) {
      if (renderError == null) {
        renderError = new EvtxFormatException("BinXML closes an element that was never opened");
      }
      return;
    }
    depth--;
  }

  private int target() {
    if (attributeSlot != -2) {
      return attributeSlot;
    }
    return depth > 0 && depth <= MAX_DEPTH ? elementSlot[depth - 1] : -1;
  }

  private int newField(String name) {
    if (fields >= MAX_FIELDS) {
      return -1;
    }
    int slot = SYSTEM_SLOTS + fields++;
    ensureSlots(slot + 1);
    present[slot] = false;
    fieldName[slot] = name;
    return slot;
  }

  private void ensureSlots(int needed) {
    if (needed <= type.length) {
      return;
    }
    int n = Math.max(needed, type.length * 2);
    type = Arrays.copyOf(type, n);
    offset = Arrays.copyOf(offset, n);
    size = Arrays.copyOf(size, n);
    literal = Arrays.copyOf(literal, n);
    present = Arrays.copyOf(present, n);
    fieldName = Arrays.copyOf(fieldName, n);
  }

  // ---- EventFields ---------------------------------------------------------------------------

  @Override
  public String eventId() {
    return render(EVENT_ID);
  }

  @Override
  public String timeCreated() {
    return render(TIME);
  }

  @Override
  public long timeMillis() {
    if (present[TIME] && type[TIME] == 0x11 && size[TIME] >= 8) { // FILETIME
      long ticks = Bytes.u64(chunk, offset[TIME]);
      return Math.floorDiv(ticks - 116_444_736_000_000_000L, 10_000L);
    }
    return Long.MIN_VALUE;
  }

  @Override
  public String recordId() {
    String s = render(RECORD_ID);
    return s != null ? s : Long.toUnsignedString(headerRecordId);
  }

  @Override
  public String channel() {
    return render(CHANNEL);
  }

  @Override
  public String computer() {
    return render(COMPUTER);
  }

  @Override
  public String data(String name) {
    for (int i = SYSTEM_SLOTS, end = SYSTEM_SLOTS + fields; i < end; i++) {
      if (name.equals(fieldName[i])) {
        return present[i] ? render(i) : "";
      }
    }
    return null;
  }

  @Override
  public String data(int position) {
    if (position < 1 || position > fields) {
      return null;
    }
    int slot = SYSTEM_SLOTS + position - 1;
    return present[slot] ? render(slot) : "";
  }

  private String render(int slot) {
    if (!present[slot]) {
      return null;
    }
    if (type[slot] == -1) {
      return literal[slot];
    }
    return renderQuietly(type[slot], offset[slot], size[slot]);
  }

  private String renderQuietly(int valueType, int valueOffset, int valueSize) {
    try {
      return EvtxValues.render(chunk, valueType, valueOffset, valueSize);
    } catch (EvtxFormatException e) {
      if (renderError == null) {
        renderError = e;
      }
      return null;
    }
  }
}
