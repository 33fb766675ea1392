package org.winsession.read.xml;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.winsession.normalize.EventFields;

/**
 * The oracle of the XML differential: one record's bytes decoded by the JDK's strict UTF-8
 * decoder and parsed by the JDK's own StAX parser
 * ({@link XMLInputFactory#newDefaultFactory()}: DTDs and external entities off, coalescing,
 * namespace-aware, so that QName syntax and prefix declarations are checked), and the fields the
 * product's extraction rules select, taken from StAX's view of the document. Elements and
 * attributes are matched by their names as written ({@code prefix:local}, as the product reads
 * them), not by namespace:
 *
 * <ul>
 *   <li>System fields: the text of {@code Event/System/EventID}, {@code EventRecordID}, {@code
 *       Channel}, {@code Computer} (every descendant's text, comments and PIs dropped), and
 *       {@code TimeCreated/@SystemTime}; when one occurs twice, the last wins;
 *   <li>data fields, in document order: {@code Event/EventData/Data} (named by {@code @Name}) and
 *       the elements at {@code Event/UserData/*}{@code /*} (named by the element).
 * </ul>
 */
final class StaxRecord implements EventFields {
  private static final XMLInputFactory FACTORY = factory();

  /** Null when well-formed, else StAX's message. */
  final String error;
  /** An element named {@code Event} below the root: the product starts a new record there. */
  boolean nestedEvent;
  /** The root element's name as written, or null when none was read. */
  String rootName;
  /** The deepest element nesting (the root is depth 1). */
  int maxDepth;
  final String[] system = new String[5];
  final List<String> names = new ArrayList<>();
  final List<String> values = new ArrayList<>();

  private StaxRecord(String error) {
    this.error = error;
  }

  /** Parses one record's bytes (UTF-8). */
  static StaxRecord parse(byte[] record) {
    String text;
    try { // the JDK's strict decoder first: StAX's own reports malformed UTF-8 on stderr
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(record))
          .toString();
    } catch (CharacterCodingException e) {
      return new StaxRecord("malformed UTF-8 (" + e + ")");
    }
    StaxRecord out = new StaxRecord(null);
    try {
      XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(text));
      try {
        out.walk(r);
      } finally {
        r.close();
      }
      return out;
    } catch (XMLStreamException | RuntimeException e) {
      StaxRecord bad = new StaxRecord(String.valueOf(e.getMessage()));
      bad.nestedEvent = out.nestedEvent;
      bad.maxDepth = out.maxDepth;
      bad.rootName = out.rootName;
      return bad;
    }
  }

  private void walk(XMLStreamReader r) throws XMLStreamException {
    int depth = 0; // elements open
    int section = 0; // of the open depth-1 element: 1 System, 2 EventData, 3 UserData
    int captureDepth = -1; // depth of the element whose text is being captured
    int captureSlot = -1; // system slot, or -1 for the last data field
    StringBuilder text = new StringBuilder();
    while (r.hasNext()) {
      int ev = r.next();
      switch (ev) {
        case XMLStreamConstants.START_ELEMENT: {
          String name = written(r.getPrefix(), r.getLocalName());
          if (depth == 0) {
            rootName = name;
          }
          if (depth > 0 && name.equals("Event")) {
            nestedEvent = true;
          }
          if (depth == 1) {
            section = name.equals("System") ? 1 : name.equals("EventData") ? 2
                : name.equals("UserData") ? 3 : 0;
          }
          boolean capture = false;
          if (depth == 2 && section == 1) {
            int slot = systemSlot(name);
            if (slot >= 0) {
              capture = true;
              captureSlot = slot;
            } else if (name.equals("TimeCreated")) {
              String t = attribute(r, "SystemTime");
              if (t != null) {
                system[1] = t;
              }
            }
          } else if (depth == 2 && section == 2 && name.equals("Data")) {
            names.add(attribute(r, "Name"));
            values.add("");
            capture = true;
            captureSlot = -1;
          } else if (depth == 3 && section == 3 && captureDepth < 0) {
            names.add(name);
            values.add("");
            capture = true;
            captureSlot = -1;
          }
          if (capture && captureDepth < 0) {
            captureDepth = depth;
            text.setLength(0);
            if (captureSlot >= 0) {
              system[captureSlot] = "";
            }
          }
          depth++;
          maxDepth = Math.max(maxDepth, depth);
          break;
        }
        case XMLStreamConstants.END_ELEMENT:
          depth--;
          if (depth == captureDepth) {
            if (captureSlot >= 0) {
              system[captureSlot] = text.toString();
            } else {
              values.set(values.size() - 1, text.toString());
            }
            captureDepth = -1;
          }
          break;
        case XMLStreamConstants.CHARACTERS:
        case XMLStreamConstants.CDATA:
        case XMLStreamConstants.SPACE:
          if (captureDepth >= 0) {
            text.append(r.getText());
          }
          break;
        default:
          break;
      }
    }
  }

  private static int systemSlot(String name) {
    switch (name) {
      case "EventID": return 0;
      case "EventRecordID": return 2;
      case "Channel": return 3;
      case "Computer": return 4;
      default: return -1;
    }
  }

  private static String attribute(XMLStreamReader r, String name) {
    String found = null;
    for (int i = 0; i < r.getAttributeCount(); i++) {
      if (written(r.getAttributePrefix(i), r.getAttributeLocalName(i)).equals(name)) {
        found = r.getAttributeValue(i);
      }
    }
    return found;
  }

  /** A name as written: {@code prefix:local}, or {@code local} without a prefix. */
  private static String written(String prefix, String local) {
    return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
  }

  private static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    return f;
  }

  boolean wellFormed() {
    return error == null;
  }

  // ---- EventFields, for the normalizer --------------------------------------------------------

  @Override
  public String eventId() {
    return system[0];
  }

  @Override
  public String timeCreated() {
    return system[1];
  }

  @Override
  public String recordId() {
    return system[2];
  }

  @Override
  public String channel() {
    return system[3];
  }

  @Override
  public String computer() {
    return system[4];
  }

  @Override
  public String data(String name) {
    for (int i = 0; i < names.size(); i++) {
      if (name.equals(names.get(i))) {
        return values.get(i);
      }
    }
    return null;
  }

  @Override
  public String data(int position) {
    return position >= 1 && position <= values.size() ? values.get(position - 1) : null;
  }
}
