package org.winsession.read;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.winsession.normalize.InvalidEventException;

/**
 * How local times written without a zone (classic WinEventLog text, Event Viewer CSV and text
 * exports) are read: in {@code zone}, with {@code patterns} tried in order (the export's locale
 * decides the layout: {@code 6/1/2026 9:00:00 AM}, {@code 19-07-2026 09:58:57}, ...).
 *
 * @param zone the zone of the machine that wrote the times (default UTC)
 * @param patterns {@link DateTimeFormatter} patterns, tried in order
 */
public record LocalTimes(ZoneId zone, List<String> patterns) {
  /** The patterns tried when none is configured: US first, then day-first layouts. */
  public static final List<String> DEFAULT_PATTERNS = List.of("M/d/yyyy h:mm:ss a",
      "M/d/yyyy H:mm:ss", "d-M-yyyy H:mm:ss", "d.M.yyyy H:mm:ss", "yyyy-MM-dd H:mm:ss",
      "d/M/yyyy H:mm:ss");

  /** UTC and the default patterns. */
  public static final LocalTimes DEFAULT = new LocalTimes(ZoneOffset.UTC, DEFAULT_PATTERNS);

  /** Validates the zone and every pattern. */
  public LocalTimes {
    Objects.requireNonNull(zone, "zone");
    patterns = List.copyOf(patterns);
    for (String p : patterns) {
      try {
        DateTimeFormatter.ofPattern(p, Locale.US);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("date pattern '" + p + "': " + e.getMessage());
      }
    }
  }

  private static final java.util.Map<String, DateTimeFormatter> FORMATTERS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static DateTimeFormatter formatter(String pattern) {
    return FORMATTERS.computeIfAbsent(pattern, p -> DateTimeFormatter.ofPattern(p, Locale.US));
  }

  /** A local time as ISO-8601 UTC ({@code 2019-04-01T19:07:21Z}). */
  public String toIso(String local) throws InvalidEventException {
    String s = local.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    List<String> tried = new ArrayList<>();
    for (String p : patterns) {
      try {
        return LocalDateTime.parse(s, formatter(p)).atZone(zone).toInstant().toString();
      } catch (DateTimeParseException e) {
        tried.add(p);
      }
    }
    throw new InvalidEventException("local time '" + local + "' matches none of the date"
        + " patterns " + tried + " (setting date_pattern), read in zone " + zone);
  }
}
