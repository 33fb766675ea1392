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

  private final String[] path = new String[MAX_DEPTH];
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
  public void open(String name) {
    if (depth >= MAX_DEPTH) {
      depth++; // too deep to matter: counted so closes stay balanced, not collected
      return;
    }
    path[depth] = name;
    int slot = -1;
    if (depth == 1) {
      section = name.equals("System") ? 1 : name.equals("EventData") ? 2
          : name.equals("UserData") ? 3 : 0;
    } else if (depth == 2 && section == 1) {
      slot = name.equals("EventID") ? EVENT_ID : name.equals("EventRecordID") ? RECORD_ID
          : name.equals("Channel") ? CHANNEL : name.equals("Computer") ? COMPUTER : -1;
      if (slot >= 0) {
        present[slot] = false;
      }
    } else if (depth == 2 && section == 2 && name.equals("Data")) {
      slot = newField(null);
    } else if (depth == 3 && section == 3) {
      slot = newField(name);
    }
    elementSlot[depth] = slot;
    depth++;
    attributeSlot = -2;
  }

  @Override
  public void attribute(String name) {
    attributeIsName = false;
    attributeSlot = -1;
    if (depth == 0 || depth > MAX_DEPTH) {
      return;
    }
    String element = path[depth - 1];
    if (depth == 3 && section == 1 && element.equals("TimeCreated") && name.equals("SystemTime")) {
      attributeSlot = TIME;
      present[TIME] = false;
    } else if (name.equals("Name") && elementSlot[depth - 1] >= SYSTEM_SLOTS) {
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
    if (slot >= type.length) {
      int n = type.length * 2;
      type = Arrays.copyOf(type, n);
      offset = Arrays.copyOf(offset, n);
      size = Arrays.copyOf(size, n);
      literal = Arrays.copyOf(literal, n);
      present = Arrays.copyOf(present, n);
      fieldName = Arrays.copyOf(fieldName, n);
    }
    present[slot] = false;
    fieldName[slot] = name;
    return slot;
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
