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
  // value types read as numbers without rendering (EvtxValues renders them as text)
  private static final int UINT64 = 0x0A;
  private static final int HEX_INT32 = 0x14;
  private static final int HEX_INT64 = 0x15;
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
  private final LastValue channels = new LastValue();
  private final LastValue computers = new LastValue();
  private long headerRecordId;
  private EvtxFormatException renderError;
  private boolean planning;
  private boolean planBroken;
  private boolean[] touched; // planning: the slots the template writes
  private int entryFields; // planning: fields before the template; a write to one breaks the plan

  /** The value type a planning replay passes: its offset is the substitution index. */
  static final int PLAN_MARK = 0xFE;

  /** Deepest element a plan starts or works at; deeper templates are replayed. */
  private static final int MAX_PLAN_DEPTH = 16;

  /**
   * What one template yields from one collector state (its entry), slot by slot: a literal, a
   * substitution index, or nothing, and the collector state it leaves (its exit). Applying it to a
   * record in that entry state gives exactly what replaying the template's instructions up to
   * {@code stop} would, without the replay. A plan stops at a nested BinXML substitution (the
   * caller decodes that fragment, then replays the remaining instructions, which are only closes).
   */
  static final class Plan {
    final boolean usable;
    final int nestedIndex; // the substitution the plan stops at, or -1
    final int stop; // the instruction of that substitution, or -1
    // entry state
    final int entryDepth;
    final int entrySection;
    final int[] entryRoles;
    final int[] entrySlots;
    final int entryFieldCount;
    final boolean[] entrySystem;
    // what the template writes
    final int[] slots;
    final String[] names;
    final int[] substitution; // -1: a literal or nothing
    final String[] literal;
    final boolean[] present;
    // exit state
    final int exitDepth;
    final int exitSection;
    final int[] exitRoles;
    final int[] exitSlots;
    final int exitFieldCount;
    final int exitAttributeSlot;
    final boolean exitAttributeIsName;

    private Plan(EvtxRecordFields entry, EvtxRecordFields planner, int nestedIndex, int stop,
        boolean usable) {
      this.usable = usable;
      this.nestedIndex = nestedIndex;
      this.stop = stop;
      entryDepth = entry.depth;
      entrySection = entry.section;
      entryRoles = Arrays.copyOf(entry.elementRole, entry.depth);
      entrySlots = Arrays.copyOf(entry.elementSlot, entry.depth);
      entryFieldCount = entry.fields;
      entrySystem = Arrays.copyOf(entry.present, SYSTEM_SLOTS);
      int count = 0;
      int n = SYSTEM_SLOTS + planner.fields;
      for (int i = 0; usable && i < n; i++) {
        count += planner.touched[i] ? 1 : 0;
      }
      slots = new int[count];
      names = new String[count];
      substitution = new int[count];
      literal = new String[count];
      present = new boolean[count];
      for (int i = 0, k = 0; k < count; i++) {
        if (planner.touched[i]) {
          slots[k] = i;
          names[k] = planner.fieldName[i];
          boolean marked = planner.present[i] && planner.type[i] == PLAN_MARK;
          substitution[k] = marked ? planner.offset[i] : -1;
          literal[k] = marked ? null : planner.literal[i];
          present[k] = planner.present[i];
          k++;
        }
      }
      int d = Math.min(planner.depth, MAX_DEPTH);
      exitDepth = planner.depth;
      exitSection = planner.section;
      exitRoles = Arrays.copyOf(planner.elementRole, d);
      exitSlots = Arrays.copyOf(planner.elementSlot, d);
      exitFieldCount = planner.fields;
      exitAttributeSlot = planner.attributeSlot;
      exitAttributeIsName = planner.attributeIsName;
    }
  }

  /**
   * A collector in this one's state that records where a template's values go instead of
   * collecting them; null when this state is not one plans are made for.
   */
  EvtxRecordFields planner() {
    if (depth > MAX_PLAN_DEPTH || attributeSlot != -2) {
      return null;
    }
    EvtxRecordFields f = new EvtxRecordFields();
    f.reset(0);
    f.planning = true;
    f.depth = depth;
    f.section = section;
    System.arraycopy(elementRole, 0, f.elementRole, 0, depth);
    System.arraycopy(elementSlot, 0, f.elementSlot, 0, depth);
    f.fields = fields;
    f.entryFields = fields;
    f.ensureSlots(SYSTEM_SLOTS + fields);
    System.arraycopy(present, 0, f.present, 0, SYSTEM_SLOTS);
    f.touched = new boolean[f.present.length];
    return f;
  }

  /**
   * The plan this planner (made by {@code entry.planner()}) recorded, up to instruction
   * {@code stop} of the template at nested substitution {@code nestedIndex} (both -1: to the
   * end); not {@linkplain Plan#usable usable} when the template must be replayed record by record
   * (or when the caller found it so: {@code complete} false).
   */
  Plan plan(EvtxRecordFields entry, int nestedIndex, int stop, boolean complete) {
    boolean usable = complete && !planBroken && renderError == null;
    return new Plan(entry, this, nestedIndex, stop, usable);
  }

  /** Whether this collector is in the state {@code p} was made from. */
  boolean entryMatches(Plan p) {
    return depth == p.entryDepth && section == p.entrySection && fields == p.entryFieldCount
        && attributeSlot == -2
        && Arrays.equals(elementRole, 0, depth, p.entryRoles, 0, p.entryRoles.length)
        && Arrays.equals(elementSlot, 0, depth, p.entrySlots, 0, p.entrySlots.length)
        && Arrays.equals(present, 0, SYSTEM_SLOTS, p.entrySystem, 0, SYSTEM_SLOTS);
  }

  /**
   * Fills the slots a template writes from its plan and the record's substitution values, and
   * leaves the collector in the plan's exit state.
   */
  void apply(Plan p, byte[] chunkBytes, int[] types, int[] offsets, int[] sizes, int count) {
    chunk = chunkBytes;
    ensureSlots(SYSTEM_SLOTS + p.exitFieldCount);
    int[] slots = p.slots;
    for (int j = 0; j < slots.length; j++) {
      int i = slots[j];
      fieldName[i] = p.names[j];
      int k = p.substitution[j];
      if (k < 0) {
        present[i] = p.present[j];
        literal[i] = p.literal[j];
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
    fields = p.exitFieldCount;
    depth = p.exitDepth;
    section = p.exitSection;
    System.arraycopy(p.exitRoles, 0, elementRole, 0, p.exitRoles.length);
    System.arraycopy(p.exitSlots, 0, elementSlot, 0, p.exitSlots.length);
    attributeSlot = p.exitAttributeSlot;
    attributeIsName = p.exitAttributeIsName;
  }

  /** Planning: slot {@code slot} is written; a field from before the template breaks the plan. */
  private void touch(int slot) {
    if (slot >= SYSTEM_SLOTS && slot < SYSTEM_SLOTS + entryFields) {
      planBroken = true;
    }
    touched[slot] = true;
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
    if (planning && depth >= MAX_PLAN_DEPTH) {
      planBroken = true;
    }
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
        if (planning) {
          touch(slot);
        }
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
      if (planning) {
        touch(TIME);
      }
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
    if (planning) {
      touch(slot);
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
    if (planning) {
      touch(slot);
    }
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
    if (planning) {
      touch(slot);
    }
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
    if (touched != null) {
      touched = Arrays.copyOf(touched, n);
    }
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
  public long recordIdNumber() {
    long v;
    if (!present[RECORD_ID]) {
      v = headerRecordId;
    } else if (type[RECORD_ID] == UINT64 && size[RECORD_ID] >= 8) {
      v = Bytes.u64(chunk, offset[RECORD_ID]);
    } else {
      return NOT_NUMERIC;
    }
    return v >= 0 ? v : NOT_NUMERIC; // beyond a signed long: the text path words the refusal
  }

  @Override
  public String channel() {
    return present[CHANNEL] && type[CHANNEL] != -1
        ? channels.text(chunk, type[CHANNEL], offset[CHANNEL], size[CHANNEL]) : render(CHANNEL);
  }

  @Override
  public String computer() {
    return present[COMPUTER] && type[COMPUTER] != -1
        ? computers.text(chunk, type[COMPUTER], offset[COMPUTER], size[COMPUTER])
        : render(COMPUTER);
  }

  /**
   * The last value rendered for a field that repeats record after record (a log's channel and
   * host): the same bytes give the same string, without decoding or allocating it again.
   */
  private final class LastValue {
    private byte[] bytes = new byte[0];
    private int valueType = -1;
    private String text;

    String text(byte[] b, int t, int off, int n) {
      if (t == valueType && n == bytes.length && Arrays.equals(b, off, off + n, bytes, 0, n)) {
        return text;
      }
      String s = renderQuietly(t, off, n);
      if (s != null) {
        bytes = Arrays.copyOfRange(b, off, off + n);
        valueType = t;
        text = s;
      }
      return s;
    }
  }

  @Override
  public String data(String name) {
    int i = slotOf(name);
    return i < 0 ? null : present[i] ? render(i) : "";
  }

  @Override
  public long dataHexNumber(String name) {
    int i = slotOf(name);
    if (i < 0 || !present[i]) {
      return NOT_NUMERIC;
    }
    if (type[i] == HEX_INT64 && size[i] >= 8) {
      return Bytes.u64(chunk, offset[i]);
    }
    return type[i] == HEX_INT32 && size[i] >= 4 ? Bytes.u32(chunk, offset[i]) & 0xFFFFFFFFL
        : NOT_NUMERIC;
  }

  /** The slot of the data field with this name, or -1. */
  private int slotOf(String name) {
    int hash = name.hashCode(); // both sides cache theirs: a mismatch costs one comparison
    for (int i = SYSTEM_SLOTS, end = SYSTEM_SLOTS + fields; i < end; i++) {
      String f = fieldName[i];
      if (f != null && f.hashCode() == hash && name.equals(f)) {
        return i;
      }
    }
    return -1;
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

  /** Every collected slot as {@code name=value}, for diagnostics and tests. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("EventID=").append(eventId()).append(" Time=")
        .append(timeCreated()).append('/').append(timeMillis()).append(" RecordID=")
        .append(recordId()).append(" Channel=").append(channel()).append(" Computer=")
        .append(computer());
    for (int i = SYSTEM_SLOTS; i < SYSTEM_SLOTS + fields; i++) {
      s.append(' ').append(fieldName[i]).append('=').append(present[i] ? render(i) : "(absent)");
    }
    return s.append(" error=").append(renderError == null ? "" : renderError.getMessage())
        .toString();
  }
}
