package org.winsession.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.winsession.cli.Main;

/**
 * The first-install data set: {@code winsession sample --shift-to-now} writes the bundled sample
 * with every time moved by the same whole number of days, the newest event in the day before now,
 * and the sessions it makes are the sample's, status for status.
 */
class FirstInstallSampleTest {
  private static final Pattern TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z");

  private static List<Instant> times(String text) {
    List<Instant> out = new ArrayList<>();
    Matcher m = TIME.matcher(text);
    while (m.find()) {
      out.add(Instant.parse(m.group()));
    }
    return out;
  }

  private static Map<String, Integer> statuses(Path sessions) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    Matcher m = Pattern.compile("\"status\":\"([a-z_]+)\"").matcher(Files.readString(sessions));
    while (m.find()) {
      out.merge(m.group(1), 1, Integer::sum);
    }
    return out;
  }

  @Test
  void shiftedSample_movesEveryTimeByWholeDays_toTheDayBeforeNow(@TempDir Path dir)
      throws IOException {
    byte[] original;
    try (InputStream in = getClass().getResourceAsStream("/org/winsession/sample/sample-day.xml")) {
      original = in.readAllBytes();
    }
    Path plain = dir.resolve("plain.xml");
    assertEquals(0, Main.run("sample", "-o", plain.toString()));
    assertArrayEquals(original, Files.readAllBytes(plain), "without --shift-to-now: the sample");

    Instant now = Instant.parse("2031-07-15T09:30:00Z");
    Path shifted = dir.resolve("shifted.xml");
    assertEquals(0, Main.run("sample", "--shift-to-now", "--now", now.toString(), "-o",
        shifted.toString()));
    List<Instant> before = times(new String(original, java.nio.charset.StandardCharsets.UTF_8));
    List<Instant> after = times(Files.readString(shifted));
    assertEquals(before.size(), after.size());
    assertTrue(before.size() >= 269, "every event's time: " + before.size());
    Duration by = Duration.between(before.get(0), after.get(0));
    assertEquals(0, by.getSeconds() % 86_400, "whole days: " + by);
    for (int i = 0; i < before.size(); i++) {
      assertEquals(by, Duration.between(before.get(i), after.get(i)), "time " + i);
    }
    Instant newest = after.stream().max(Instant::compareTo).orElseThrow();
    assertTrue(!newest.isAfter(now) && newest.isAfter(now.minus(Duration.ofDays(1))),
        "newest " + newest + " in the day before " + now);

    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    assertEquals(0, Main.run("analyze", "--sample", "-o", a.toString()));
    assertEquals(0, Main.run("analyze", shifted.toString(), "-o", b.toString()));
    assertEquals(statuses(a), statuses(b), "the same sessions, moved");
    assertTrue(statuses(b).keySet().containsAll(List.of("open", "closed", "leaked",
        "ended_by_shutdown", "superseded", "orphan_logoff")));
  }
}
