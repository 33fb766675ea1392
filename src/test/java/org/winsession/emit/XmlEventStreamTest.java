package org.winsession.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The stream's shape, one rule a case; random values are WritersPropertyTest's. */
class XmlEventStreamTest {
  @Test
  void oneEvent_inTheSdksElementOrder() throws IOException {
    StringWriter sw = new StringWriter();
    XmlEventStream s = new XmlEventStream(sw);
    s.event("winsession://a", "winsession:session", "winsession", "dc01", 1_372_275_124_466L,
        "{\"a\":\"<b>\"}");
    s.close();
    assertEquals("<stream>\n<event stanza=\"winsession://a\" unbroken=\"1\"><time>1372275124.466"
        + "</time><source>winsession</source><sourcetype>winsession:session</sourcetype><host>dc01"
        + "</host><data>{\"a\":\"&lt;b&gt;\"}</data><done/></event>\n</stream>\n", sw.toString());
  }

  @Test
  void noEvent_noStream_andNoTimeOrHostWhenAbsent() throws IOException {
    StringWriter sw = new StringWriter();
    new XmlEventStream(sw).close();
    assertEquals("", sw.toString(), "splunkd takes an empty stdout; a lone </stream> is an error");
    XmlEventStream s = new XmlEventStream(sw);
    s.event("x", "t", "s", null, XmlEventStream.NO_TIME, "d");
    assertEquals("<stream>\n<event stanza=\"x\" unbroken=\"1\"><source>s</source><sourcetype>t"
        + "</sourcetype><data>d</data><done/></event>\n", sw.toString());
  }

  @Test
  void timesBefore1970_andWholeSeconds_keepThreeDecimals() throws IOException {
    StringWriter sw = new StringWriter();
    XmlEventStream s = new XmlEventStream(sw);
    for (long t : new long[] {-1, -1500, 5000, 7}) {
      s.event("x", "t", "s", null, t, "d");
    }
    java.util.List<String> times = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<time>([^<]*)</time>")
        .matcher(sw.toString());
    while (m.find()) {
      times.add(m.group(1));
    }
    assertEquals(java.util.List.of("-0.001", "-1.500", "5.000", "0.007"), times);
  }

  @Test
  void afterClose_nothingMoreIsWritten() throws IOException {
    XmlEventStream s = new XmlEventStream(new StringWriter());
    s.close();
    assertThrows(IOException.class, () -> s.event("x", "t", "s", null, 0, "d"));
  }
}
