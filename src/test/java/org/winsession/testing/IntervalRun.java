package org.winsession.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.winsession.emit.XmlEventStream;
import org.winsession.splunk.WinsessionModularInput;

/**
 * One interval-mode run of the modular input in this JVM, given splunkd's input definition: the
 * JSON data of the events it wrote, by sourcetype, in stream order. The run must exit 0.
 */
public final class IntervalRun {
  private IntervalRun() {}

  /**
   * splunkd's definition of one interval-mode stanza {@code winsession://name} checkpointing in
   * {@code checkpoints}, with these {@code <param>} elements.
   */
  public static String definition(java.nio.file.Path checkpoints, String name, String params) {
    return "<input><server_host>h</server_host><server_uri>https://127.0.0.1:8089</server_uri>"
        + "<session_key>k</session_key><checkpoint_dir>" + checkpoints + "</checkpoint_dir>"
        + "<configuration><stanza name=\"winsession://" + name + "\">"
        + "<param name=\"interval\">300</param>" + params + "</stanza></configuration></input>";
  }

  /** The events of a run over {@code definition}, by sourcetype ({@code winsession:session}...). */
  public static Map<String, List<JsonObject>> run(String definition) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (XmlEventStream events = new XmlEventStream(out)) {
      assertEquals(0, new WinsessionModularInput().stream(new ByteArrayInputStream(
          definition.getBytes(StandardCharsets.UTF_8)), events, new PrintWriter(err, true)),
          err.toString());
    }
    NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8)))
        .getElementsByTagName("event");
    Map<String, List<JsonObject>> bySourcetype = new LinkedHashMap<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      bySourcetype.computeIfAbsent(e.getElementsByTagName("sourcetype").item(0).getTextContent(),
          k -> new ArrayList<>()).add(JsonParser.parseString(e.getElementsByTagName("data")
              .item(0).getTextContent()).getAsJsonObject());
    }
    return bySourcetype;
  }
}
