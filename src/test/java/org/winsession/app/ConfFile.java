package org.winsession.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Splunk .conf file read the strict way for tests: no duplicate stanza or key, no stray line. */
public final class ConfFile {
  private ConfFile() {}

  /** Stanzas of a .conf file, name to settings, in file order. */
  public static Map<String, Map<String, String>> read(Path file) throws IOException {
    return parse(Files.readAllLines(file), file.toString());
  }

  /** Stanzas of .conf lines; {@code where} names them in failure messages. */
  public static Map<String, Map<String, String>> parse(List<String> lines, String where) {
    Map<String, Map<String, String>> stanzas = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (String line : lines) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      if (t.startsWith("[")) {
        current = new LinkedHashMap<>();
        assertTrue(stanzas.put(t.substring(1, t.indexOf(']')), current) == null,
            where + ": duplicate stanza " + t);
      } else {
        int eq = t.indexOf('=');
        assertTrue(current != null && eq > 0, where + ": not key = value in a stanza: " + t);
        assertTrue(current.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip()) == null,
            where + ": duplicate key " + t);
      }
    }
    return stanzas;
  }
}
