package org.winsession.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The app's Dashboard Studio views: each is in the navigation. Their searches are checked by
 * SplFieldsTest, schema and layout by Splunk's validator (src/ci/dashboards.sh).
 */
class DashboardsTest {
  private static final Path VIEWS = Path.of("default/data/ui/views");
  private static final Pattern DEFINITION =
      Pattern.compile("<definition><!\\[CDATA\\[(.*?)]]></definition>", Pattern.DOTALL);

  static Map<String, JsonObject> definitions() throws IOException {
    Map<String, JsonObject> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(VIEWS)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String xml = Files.readString(p);
        assertTrue(xml.startsWith("<dashboard version=\"2\""), p + ": Dashboard Studio");
        Matcher m = DEFINITION.matcher(xml);
        assertTrue(m.find(), p + ": definition");
        String name = p.getFileName().toString();
        out.put(name.substring(0, name.length() - 4),
            JsonParser.parseString(m.group(1)).getAsJsonObject());
      }
    }
    return out;
  }

  @Test
  void everyViewIsInTheNavigation() throws IOException {
    String nav = Files.readString(Path.of("default/data/ui/nav/default.xml"));
    Set<String> listed = new TreeSet<>();
    Matcher m = Pattern.compile("<view name=\"(winsession_[a-z_]+)\"").matcher(nav);
    while (m.find()) {
      listed.add(m.group(1));
    }
    assertEquals(definitions().keySet(), listed);
    assertEquals(Set.of("winsession_overview", "winsession_explorer", "winsession_leaks",
        "winsession_health"), listed);
  }
}
