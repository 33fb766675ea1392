package org.winsession.read.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.EventSink;
import org.winsession.read.LocalTimes;
import org.winsession.read.ReadLimits;
import org.winsession.read.ReadLimits.Limit;

/**
 * The byte-level scanner against Gson: the same fields out of valid JSON lines, and the same
 * reports (events, rejections with their kind and reason, in order) from the reader with and
 * without the scanner, over random NXLog- and Winlogbeat-like lines, random JSON, and their
 * mutations (bytes flipped, dropped, inserted, lines cut), at the default limits and at the
 * smallest ones.
 */
class JsonLineScannerTest {
  private static final Set<String> UNREAD = Set.of("Message", "message", "event.original",
      "winlog.event_data.Message");
  private static final ReadLimits TIGHT = ReadLimits.DEFAULT.with(Limit.MAX_DEPTH, 4)
      .with(Limit.MAX_FIELDS, 16).with(Limit.MAX_FIELD_CHARS, 256);

  @Test
  void validLines_theScannerTakesThemWithGsonsFields() throws IOException {
    Random rnd = new Random(11);
    JsonLineScanner scanner = new JsonLineScanner(ReadLimits.DEFAULT);
    int taken = 0;
    for (int i = 0; i < 20_000; i++) {
      String line = record(rnd);
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      Map<String, String> gson = gsonFields(new String(b, StandardCharsets.UTF_8));
      boolean ok = scanner.scan(b, 0, b.length);
      if (!ok) {
        continue; // a key with an escape or non-ASCII byte, a raw control, near a bound
      }
      taken++;
      Map<String, String> mine = new TreeMap<>();
      for (int f = 0; f < scanner.fieldCount(); f++) {
        if (!UNREAD.contains(scanner.path(f))) {
          mine.put(scanner.path(f), scanner.text(f));
        }
      }
      if (!gson.equals(mine)) {
        Map<String, String> only = new TreeMap<>(gson);
        only.entrySet().removeAll(mine.entrySet());
        Map<String, String> other = new TreeMap<>(mine);
        other.entrySet().removeAll(gson.entrySet());
        assertEquals(escaped(only.toString()), escaped(other.toString()),
            line.substring(0, Math.min(line.length(), 80)));
      }
    }
    assertTrue(taken > 15_000, "the scanner took only " + taken + " of 20,000 valid lines");
  }

  @Test
  void anyLine_theReaderReportsTheSameWithAndWithoutTheScanner() throws IOException {
    Random rnd = new Random(12);
    long events = 0;
    long rejected = 0;
    for (int round = 0; round < 400; round++) {
      ReadLimits limits = round % 4 == 0 ? TIGHT : ReadLimits.DEFAULT;
      List<byte[]> lines = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        byte[] line = (rnd.nextInt(5) == 0 ? randomObject(rnd, 0) : record(rnd))
            .getBytes(StandardCharsets.UTF_8);
        lines.add(rnd.nextInt(3) == 0 ? mutate(rnd, line) : line);
      }
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      for (byte[] l : lines) {
        all.write(l, 0, l.length);
        all.write('\n');
      }
      byte[] input = all.toByteArray();
      if (input.length > 0 && input[0] == '[') {
        input[0] = ' '; // lines, not an array
      }
      List<Object> fast = reports(new JsonLinesEventReader(limits, LocalTimes.DEFAULT, true),
          input);
      List<Object> gson = reports(new JsonLinesEventReader(limits, LocalTimes.DEFAULT, false),
          input);
      assertEquals(gson.size(), fast.size(), "round " + round);
      for (int i = 0; i < gson.size(); i++) {
        assertEquals(gson.get(i), fast.get(i), "report " + i + " of round " + round);
        if (gson.get(i) instanceof SecurityEvent) {
          events++;
        } else {
          rejected++;
        }
      }
    }
    assertTrue(events > 1_000 && rejected > 2_000, events + " events, " + rejected
        + " rejected: the lines must reach both verdicts");
  }

  private static String escaped(String s) {
    StringBuilder sb = new StringBuilder();
    s.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c)
        : String.format("\\u%04x", c)));
    return sb.toString();
  }

  private static List<Object> reports(JsonLinesEventReader reader, byte[] input)
      throws IOException {
    List<Object> out = new ArrayList<>();
    reader.read(new ByteArrayInputStream(input), "t", new EventSink() {
      @Override
      public void event(SecurityEvent e) {
        out.add(e);
      }

      @Override
      public void rejected(RejectedRecord r) {
        out.add(r);
      }
    });
    return out;
  }

  /** Gson's streaming reader flattened as the reader's tree paths, UNREAD paths left out. */
  private static Map<String, String> gsonFields(String line) throws IOException {
    Map<String, String> out = new TreeMap<>();
    JsonReader r = new JsonReader(new StringReader(line));
    flatten(r, "", out);
    return out;
  }

  private static void flatten(JsonReader r, String prefix, Map<String, String> out)
      throws IOException {
    boolean object = r.peek() == JsonToken.BEGIN_OBJECT;
    if (object) {
      r.beginObject();
    } else {
      r.beginArray();
    }
    int index = 0;
    while (r.hasNext()) {
      String key = object ? prefix + r.nextName()
          : prefix.substring(0, prefix.length() - 1) + "[" + index++ + "]";
      JsonToken t = r.peek();
      if (UNREAD.contains(key)) {
        r.skipValue();
      } else if (t == JsonToken.BEGIN_OBJECT || t == JsonToken.BEGIN_ARRAY) {
        flatten(r, key + ".", out);
      } else if (t == JsonToken.NULL) {
        r.nextNull();
      } else if (t == JsonToken.BOOLEAN) {
        out.put(key, Boolean.toString(r.nextBoolean()));
      } else {
        out.put(key, r.nextString());
      }
    }
    if (object) {
      r.endObject();
    } else {
      r.endArray();
    }
  }

  // ---- generators ----------------------------------------------------------------------------

  private static final String[] CODES = {"4624", "4634", "4647", "4672", "4648", "4625", "528",
      "538", "540", "551", "4778", "1100", " 4624", "x", "99999999999"};
  private static final String[] NAMES = {"TargetLogonId", "TargetUserName", "TargetDomainName",
      "TargetUserSid", "LogonType", "IpAddress", "IpPort", "WorkstationName", "SubjectLogonId",
      "LogonProcessName", "AuthenticationPackageName", "ElevatedToken", "param1", "param2",
      "param3", "%1", "ProcessName", "Status", "SubStatus", "LogonGuid", "TargetLinkedLogonId"};

  /** An NXLog- or Winlogbeat-like record, with random values of every kind in its fields. */
  private static String record(Random rnd) {
    StringBuilder sb = new StringBuilder("{");
    List<String> members = new ArrayList<>();
    String code = CODES[rnd.nextInt(CODES.length)];
    if (rnd.nextBoolean()) { // NXLog
      members.add("\"EventTime\":" + str(times(rnd)));
      members.add("\"Hostname\":" + str(rnd.nextInt(10) == 0 ? " " : "HOST" + rnd.nextInt(4)));
      members.add("\"EventID\":" + (rnd.nextBoolean() ? code.strip().matches("\\d+")
          ? code.strip() : str(code) : str(code)));
      members.add("\"RecordNumber\":" + rnd.nextInt(100000));
      if (rnd.nextBoolean()) {
        members.add("\"Channel\":\"Security\"");
      } else {
        members.add("\"FileName\":\"Security\"");
      }
      if (rnd.nextInt(4) == 0) {
        members.add("\"@timestamp\":" + str(times(rnd)));
      }
      if (rnd.nextBoolean()) {
        members.add("\"SourceModuleType\":\"im_mseventlog\"");
      }
      members.add("\"Message\":" + (rnd.nextInt(8) == 0 ? randomValue(rnd, 1)
          : str(message(rnd))));
      for (int i = rnd.nextInt(12); i > 0; i--) {
        members.add(str(NAMES[rnd.nextInt(NAMES.length)]) + ":" + dataValue(rnd));
      }
    } else { // Winlogbeat
      members.add("\"@timestamp\":" + str(times(rnd)));
      members.add("\"message\":" + str(message(rnd)));
      StringBuilder w = new StringBuilder("{\"channel\":\"Security\",\"computer_name\":")
          .append(str("host" + rnd.nextInt(4))).append(",\"event_id\":")
          .append(rnd.nextBoolean() ? str(code) : code.strip().matches("\\d+") ? code.strip()
              : "0").append(",\"record_id\":").append(rnd.nextInt(1000))
          .append(",\"keywords\":[\"Audit Success\"]");
      if (rnd.nextInt(5) > 0) {
        w.append(",\"event_data\":{");
        for (int i = rnd.nextInt(12); i >= 0; i--) {
          w.append(str(NAMES[rnd.nextInt(NAMES.length)])).append(':').append(dataValue(rnd))
              .append(i > 0 ? "," : "");
        }
        w.append('}');
      }
      members.add("\"winlog\":" + w.append('}'));
      members.add("\"event\":{\"code\":" + str(code) + ",\"original\":" + str(message(rnd))
          + "}");
    }
    for (int i = rnd.nextInt(4); i > 0; i--) {
      members.add(str("x" + rnd.nextInt(5)) + ":" + randomValue(rnd, 1));
    }
    java.util.Collections.shuffle(members.subList(rnd.nextInt(2), members.size()), rnd);
    sb.append(String.join(rnd.nextInt(10) == 0 ? " , " : ",", members)).append('}');
    return sb.toString();
  }

  private static String times(Random rnd) {
    String[] t = {"2024-03-14 13:54:19", "2024-03-14T13:54:19.3628662Z", "2024-03-14 13:54:19.5",
        "2024-02-30 10:00:00", "2024-03-14 24:00:00", "2024-03-14T13:54:19+02:00",
        "2024-03-14 13:54:19.123456789", "0000-01-01 00:00:00", "9999-12-31 23:59:59",
        "1679330336354", "yesterday", "", "2024-03-14 13:54:19.", "2024-13-01 00:00:00",
        "2024-03-14T13:54:19.1234567890", "x\n2024-03-14T13:54:19+02:00"};
    return t[rnd.nextInt(t.length)];
  }

  private static String message(Random rnd) {
    return rnd.nextBoolean() ? "An account was successfully logged on.\r\n\r\nSubject:\r\n"
        + "\tLogon ID:\t\t0x3E7\r\n\tLogon Type:\t\t" + rnd.nextInt(12) + "\r\n"
        : "Successful Logon:\n\tUser Name:\talice\n\tDomain:\t\tCONTOSO\n\tLogon ID:\t\t(0x0,0x"
            + Integer.toHexString(rnd.nextInt()) + ")\n\tLogon Type:\t2\n" + text(rnd);
  }

  private static String dataValue(Random rnd) {
    switch (rnd.nextInt(8)) {
      case 0:
        return str("0x" + Long.toHexString(rnd.nextLong() >>> rnd.nextInt(64)));
      case 1:
        return Integer.toString(rnd.nextInt(20) - 2);
      case 2:
        return "null";
      case 3:
        return rnd.nextBoolean() ? "true" : "false";
      case 4:
        return str(text(rnd));
      case 5:
        return str("%%1842");
      default:
        return str(rnd.nextBoolean() ? "-" : "alice" + rnd.nextInt(3));
    }
  }

  private static String randomValue(Random rnd, int depth) {
    switch (rnd.nextInt(depth > 5 ? 5 : 8)) {
      case 0:
        return "null";
      case 1:
        return rnd.nextBoolean() ? "true" : "false";
      case 2: {
        String[] n = {"0", "-0", "12", "-3.25", "1e5", "2E-3", "1.0e+10",
            "123456789012345678901234567890", "-9223372036854775808", "9223372036854775807"};
        return n[rnd.nextInt(n.length)];
      }
      case 3:
      case 4:
        return str(text(rnd));
      case 5:
        return randomObject(rnd, depth);
      default: {
        StringBuilder sb = new StringBuilder("[");
        for (int i = rnd.nextInt(4); i > 0; i--) {
          sb.append(randomValue(rnd, depth + 1)).append(i > 1 ? "," : "");
        }
        return sb.append(']').toString();
      }
    }
  }

  private static String randomObject(Random rnd, int depth) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = rnd.nextInt(5); i > 0; i--) {
      String key = rnd.nextInt(6) == 0 ? text(rnd) : "k" + rnd.nextInt(4);
      sb.append(str(key)).append(rnd.nextBoolean() ? ":" : " : ")
          .append(randomValue(rnd, depth + 1)).append(i > 1 ? "," : "");
    }
    return sb.append('}').toString();
  }

  private static final String[] PIECES = {"a", "Z", " ", "\\", "\"", "/", "\n", "\t", "\u0001",
      "\u007f", "é", "€", "\uD83D\uDE00", "\uD800", "\uDC00", "\u2028", "<", "=", "'", "\uFFFF",
      "\u0000", ".", "[0]"};

  private static String text(Random rnd) {
    StringBuilder sb = new StringBuilder();
    for (int i = rnd.nextInt(rnd.nextInt(20) == 0 ? 400 : 12); i > 0; i--) {
      sb.append(PIECES[rnd.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  /** A JSON string, escaped in one of the ways JSON allows (raw UTF-8, \\u, short escapes). */
  private static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int style = (c * 31 + i) % 3;
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n' && style == 0) {
        sb.append("\\n");
      } else if (c < 0x20 || (style == 0 && c > 0x7e)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else if (c == '/' && style == 1) {
        sb.append("\\/");
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private static final byte[] INTERESTING = "\"\\{}[],: 0e-.tnu\u0000/x".getBytes(
      StandardCharsets.ISO_8859_1);

  private static byte[] mutate(Random rnd, byte[] line) {
    byte[] b = line;
    for (int m = 1 + rnd.nextInt(3); m > 0 && b.length > 0; m--) {
      int at = rnd.nextInt(b.length);
      byte x = rnd.nextInt(4) == 0 ? (byte) rnd.nextInt(256)
          : INTERESTING[rnd.nextInt(INTERESTING.length)];
      switch (rnd.nextInt(4)) {
        case 0: // replace
          b = b.clone();
          b[at] = x;
          break;
        case 1: { // drop
          byte[] c = new byte[b.length - 1];
          System.arraycopy(b, 0, c, 0, at);
          System.arraycopy(b, at + 1, c, at, b.length - at - 1);
          b = c;
          break;
        }
        case 2: { // insert
          byte[] c = new byte[b.length + 1];
          System.arraycopy(b, 0, c, 0, at);
          c[at] = x;
          System.arraycopy(b, at, c, at + 1, b.length - at);
          b = c;
          break;
        }
        default: // cut
          b = java.util.Arrays.copyOf(b, at);
          break;
      }
    }
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\n' || b[i] == '\r') {
        b[i] = ' '; // one line stays one line
      }
    }
    return b;
  }
}
