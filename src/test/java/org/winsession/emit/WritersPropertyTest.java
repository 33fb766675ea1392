package org.winsession.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.winsession.event.SourceFormat;
import org.winsession.session.AccountClass;
import org.winsession.session.SessionEvent;
import org.winsession.session.SessionStatus;

/**
 * Both writers against conforming parsers, on random strings from all of Unicode with controls,
 * unpaired surrogates, noncharacters and markup ({@code ]]>}, {@code </stream>}, {@code <>&"'}):
 * the modular input's XML stream through the JDK's StAX parser, JSON lines encoded as strict UTF-8
 * and read by Gson in strict mode. Every output is well-formed; every character each format can
 * carry comes back unchanged; the others are U+FFFD (and counted, in the stream).
 */
class WritersPropertyTest {
  /** Strings per writer; at least 100,000 in every build. */
  private static final int STRINGS = Integer.getInteger("winsession.propertyStrings", 100_000);
  private static final String[] SPECIALS = {"]]>", "</stream>", "<stream>", "<![CDATA[", "&amp;",
      "&#0;", "<", ">", "&", "\"", "'", "\r\n", "\r", "\n", "\t", "\uFFFE", "\uFFFF", "\u2028",
      "</data></event></stream>", "<?xml version='1.0'?>", "\\u0000", "\u0000"};

  static String randomString(Random r) {
    StringBuilder sb = new StringBuilder();
    for (int n = r.nextInt(24); n > 0; n--) {
      int kind = r.nextInt(10);
      switch (kind) {
        case 0, 1, 2 -> sb.append((char) (0x20 + r.nextInt(0x5f)));
        case 3 -> sb.append((char) (r.nextBoolean() ? r.nextInt(0x20) : 0x7f + r.nextInt(0x21)));
        case 4 -> sb.append((char) (0xD800 + r.nextInt(0x800))); // a surrogate, often unpaired
        case 5 -> sb.appendCodePoint(0x10000 + r.nextInt(0x100000));
        case 6 -> sb.append((char) r.nextInt(0x10000));
        case 7, 8 -> sb.append(SPECIALS[r.nextInt(SPECIALS.length)]);
        default -> {
          int cp = r.nextInt(0x110000);
          if (cp >= 0xD800 && cp <= 0xDFFF) {
            sb.append((char) cp);
          } else {
            sb.appendCodePoint(cp);
          }
        }
      }
    }
    return sb.toString();
  }

  /** The test's own model of what XML can carry: forbidden code points and lone halves as U+FFFD. */
  static String xmlModel(String s, long[] replaced) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int len = Character.charCount(cp);
      boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
          || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
      if (ok) {
        sb.appendCodePoint(cp);
      } else {
        sb.append('\uFFFD');
        replaced[0]++;
      }
      i += len;
    }
    return sb.toString();
  }

  /** What JSON can carry: everything but unpaired surrogates. */
  static String jsonModel(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      sb.appendCodePoint(cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp);
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  @Test
  void xmlStream_isWellFormedAndCarriesEveryAllowedCharacter() throws Exception {
    Random r = new Random(20261129L);
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    int batch = 200;
    long checked = 0;
    long replacedTotal = 0;
    for (int done = 0; done < STRINGS; done += batch) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        values.add(randomString(r));
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Writer w = new OutputStreamWriter(bytes, StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT));
      XmlEventStream out = new XmlEventStream(w);
      long[] expectedReplaced = {0};
      for (String v : values) {
        out.event(v, "winsession:session", v, v, 1_700_000_000_123L, v);
        for (int k = 0; k < 4; k++) {
          xmlModel(v, expectedReplaced);
        }
      }
      out.close();
      assertEquals(expectedReplaced[0], out.replaced(), "every replacement counted");
      replacedTotal += out.replaced();
      XMLStreamReader x = f.createXMLStreamReader(new ByteArrayInputStream(bytes.toByteArray()));
      try {
        assertEquals(XMLStreamConstants.START_ELEMENT, x.nextTag());
        assertEquals("stream", x.getLocalName());
        for (String v : values) {
          String want = xmlModel(v, new long[1]);
          assertEquals(XMLStreamConstants.START_ELEMENT, x.nextTag());
          assertEquals("event", x.getLocalName());
          assertEquals(want, x.getAttributeValue(null, "stanza"), () -> dump(v));
          x.nextTag();
          assertEquals("time", x.getLocalName());
          assertEquals("1700000000.123", x.getElementText());
          for (String name : new String[] {"source", "sourcetype", "host", "data"}) {
            x.nextTag();
            assertEquals(name, x.getLocalName());
            String text = x.getElementText();
            assertEquals(name.equals("sourcetype") ? "winsession:session" : want, text,
                () -> name + " of " + dump(v));
          }
          x.nextTag();
          assertEquals("done", x.getLocalName());
          x.nextTag();
          x.nextTag();
          assertEquals("event", x.getLocalName());
          checked++;
        }
        assertEquals(XMLStreamConstants.END_ELEMENT, x.nextTag());
        assertEquals("stream", x.getLocalName());
        while (x.hasNext()) {
          x.next();
        }
      } catch (XMLStreamException e) {
        throw new AssertionError("not well-formed: " + e.getMessage() + " in a batch holding "
            + values.stream().map(WritersPropertyTest::dump).toList(), e);
      }
    }
    assertEquals(STRINGS, checked);
    assertTrue(replacedTotal > STRINGS / 2, "the strings did hold forbidden characters");
  }

  @Test
  void jsonLines_areStrictJsonInStrictUtf8_andRoundTrip() throws IOException {
    Random r = new Random(1129L);
    long controls = 0;
    for (int i = 0; i < STRINGS; i++) {
      String v = randomString(r);
      String json = SessionJson.toJson(event(v));
      byte[] utf8;
      try {
        utf8 = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
            .encode(java.nio.CharBuffer.wrap(json + "\n")).array();
      } catch (CharacterCodingException e) {
        throw new AssertionError("not encodable (" + e + "): " + dump(v));
      }
      String decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
      JsonReader reader = new JsonReader(new StringReader(decoded));
      reader.setStrictness(Strictness.STRICT);
      JsonElement parsed;
      try {
        parsed = JsonParser.parseReader(reader);
      } catch (RuntimeException e) {
        throw new AssertionError("not strict JSON (" + e.getMessage() + "): " + dump(v), e);
      }
      JsonObject o = parsed.getAsJsonObject();
      String want = jsonModel(v);
      for (String field : new String[] {"host", "user", "domain", "process_name", "src_ip"}) {
        assertEquals(want, o.get(field).getAsString(), () -> field + " of " + dump(v));
      }
      if (v.chars().anyMatch(c -> c < 0x20)) {
        controls++;
        assertTrue(json.chars().noneMatch(c -> c < 0x20), "control characters are escaped");
      }
      RejectedJsonCheck.check(v, want);
    }
    assertTrue(controls > STRINGS / 4, "the strings did hold control characters: " + controls);
  }

  /** Rejected records (raw bytes of hostile input) go the same way. */
  static final class RejectedJsonCheck {
    static void check(String v, String want) {
      String json = RejectedJson.toJson(new org.winsession.event.RejectedRecord(v, 0, 1, -1,
          org.winsession.event.RejectKind.values()[0], "bad", v));
      JsonReader reader = new JsonReader(new StringReader(json));
      reader.setStrictness(Strictness.STRICT);
      JsonObject o = JsonParser.parseReader(reader).getAsJsonObject();
      assertEquals(want, o.get("raw").getAsString());
    }
  }

  private static SessionEvent event(String v) {
    return new SessionEvent(1_700_000_000_000L, "s1", v, SessionEvent.NONE, 0x3e7,
        0, null, v, v, null, AccountClass.USER, 2, null, null, v, -1, null, v, null, false,
        SessionEvent.NONE, SessionEvent.NONE, SessionEvent.NONE, SessionEvent.NONE, 4624, -1,
        SessionEvent.NONE, 1, null, SessionStatus.OPEN, false, null, false, null, 0, 0, 0,
        false, SourceFormat.XML);
  }

  private static String dump(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c)
        : String.format("\\u%04x", c)));
    return sb.append('"').toString();
  }

  @Test
  void logLines_areOneBoundedLine() {
    Random r = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      String v = randomString(r) + randomString(r);
      String line = SafeText.forLog(v, 20);
      assertTrue(line.chars().noneMatch(c -> c < 0x20 || c == 0x7f), dump(line));
      assertEquals(line, SafeText.wellFormed(line), "no half surrogate pair");
      assertTrue(line.length() <= 20 + 40, line);
    }
  }
}
