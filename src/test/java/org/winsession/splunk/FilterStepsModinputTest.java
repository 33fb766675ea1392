package org.winsession.splunk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.winsession.emit.XmlEventStream;
import org.winsession.testing.Samples;

/**
 * The modular input's side of {@code max_filter_steps}: a host pattern that backtracks on a
 * long host name is given up past the setting, and the health event counts each such match
 * ({@code filter_undecided}); a raised setting decides them, and a plain pattern counts none.
 */
class FilterStepsModinputTest {
  @TempDir
  Path dir;

  /** The health event of one interval run of a stanza over {@code logs} with these params. */
  private JsonObject health(Path logs, String checkpoints, String params) throws Exception {
    String definition = "<input><server_host>h</server_host><server_uri>https://127.0.0.1:8089"
        + "</server_uri><session_key>k</session_key><checkpoint_dir>" + dir.resolve(checkpoints)
        + "</checkpoint_dir><configuration><stanza name=\"winsession://f\">"
        + "<param name=\"path\">" + logs + "</param><param name=\"interval\">300</param>"
        + params + "</stanza></configuration></input>";
    Files.createDirectories(dir.resolve(checkpoints));
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
    List<JsonObject> health = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      if (e.getElementsByTagName("sourcetype").item(0).getTextContent()
          .equals(WinsessionModularInput.HEALTH)) {
        health.add(JsonParser.parseString(e.getElementsByTagName("data").item(0)
            .getTextContent()).getAsJsonObject());
      }
    }
    assertEquals(1, health.size(), out.toString());
    return health.get(0);
  }

  @Test
  void undecidedHostMatches_areCountedInTheHealthEvent_andARaisedSettingDecidesThem()
      throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.writeString(logs.resolve("a.xml"), Samples.longHostLogoffs());
    String include = "<param name=\"include_hosts\">.*b</param>";
    JsonObject bounded = health(logs, "c1", include);
    assertEquals(5, bounded.get("events_read").getAsLong());
    assertEquals(3, bounded.get("filter_undecided").getAsLong(), bounded.toString());
    assertEquals(0, bounded.get("filter_undecided_stack").getAsLong(), bounded.toString());
    JsonObject raised = health(logs, "c2", include
        + "<param name=\"max_filter_steps\">100000000</param>");
    assertEquals(0, raised.get("filter_undecided").getAsLong(), raised.toString());
    JsonObject plain = health(logs, "c3", "<param name=\"exclude_hosts\">^h\\d</param>");
    assertEquals(0, plain.get("filter_undecided").getAsLong(), plain.toString());
  }
}
