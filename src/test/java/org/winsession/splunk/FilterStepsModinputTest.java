package org.winsession.splunk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.winsession.testing.IntervalRun;
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
    String definition = IntervalRun.definition(dir.resolve(checkpoints), "f",
        "<param name=\"path\">" + logs + "</param>" + params);
    Files.createDirectories(dir.resolve(checkpoints));
    List<JsonObject> health = IntervalRun.run(definition)
        .getOrDefault(WinsessionModularInput.HEALTH, List.of());
    assertEquals(1, health.size(), health.toString());
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
