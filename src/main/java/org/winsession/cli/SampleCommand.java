package org.winsession.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code winsession sample}: the bundled sample (a day of four hosts, every session status) as the
 * Windows event XML it is, optionally moved by whole days so that its newest event lies in the
 * day before now: a first-install data set that a winsession input can read and every dashboard
 * shows. Moving by whole days keeps the hours of the day, the weekday rhythm aside.
 */
final class SampleCommand implements Callable<Integer> {
  /** Every UTC timestamp in the sample (TimeCreated SystemTime), with its fraction. */
  static final Pattern TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z");

  static final Option<Path> OUTPUT = Option.path("-o, --output", "FILE", "Instead of stdout.");
  static final Option<Boolean> SHIFT_TO_NOW = Option.flag("--shift-to-now", "Move every time by"
      + " whole days so that the newest event lies within the day before now.");
  static final Option<String> NOW = Option.text("--now", "ISO-8601", "The 'now' of"
      + " --shift-to-now (default: this machine's clock).");
  static final Command COMMAND = new Command("sample",
      "Write the bundled sample's Windows event XML, optionally moved to now.",
      List.of("Write the bundled sample's Windows event XML, optionally moved to now."),
      List.of(OUTPUT, SHIFT_TO_NOW, NOW), null, SampleCommand::new);

  private final Path output;
  private final boolean shiftToNow;
  private final String now;

  /** The command with the values read from its command line. */
  SampleCommand(Values v) {
    output = v.get(OUTPUT);
    shiftToNow = v.get(SHIFT_TO_NOW);
    now = v.get(NOW);
  }

  @Override
  public Integer call() throws IOException {
    String xml;
    try (InputStream in = SampleCommand.class.getResourceAsStream(AnalyzeCommand.SAMPLE_RESOURCE)) {
      if (in == null) {
        System.err.println("winsession sample: the sample is missing from this build");
        return 1;
      }
      xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (shiftToNow) {
      Instant target;
      try {
        target = now == null ? Instant.now() : Instant.parse(now);
      } catch (DateTimeParseException e) {
        System.err.println("winsession sample: --now " + now + ": not an ISO-8601 instant");
        return 2;
      }
      xml = shift(xml, target);
    }
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    if (output == null) {
      System.out.write(bytes);
      System.out.flush();
    } else {
      try (OutputStream out = Files.newOutputStream(output)) {
        out.write(bytes);
      }
    }
    return 0;
  }

  /** The text with every timestamp moved by the whole days that bring the newest to (now-1d, now]. */
  static String shift(String text, Instant now) {
    Instant newest = Instant.MIN;
    Matcher m = TIME.matcher(text);
    while (m.find()) {
      Instant t = Instant.parse(m.group());
      newest = t.isAfter(newest) ? t : newest;
    }
    if (newest == Instant.MIN) {
      return text;
    }
    long days = Math.floorDiv(Duration.between(newest, now).getSeconds(), 86_400L);
    Duration by = Duration.ofDays(days);
    StringBuilder sb = new StringBuilder();
    m.reset();
    while (m.find()) {
      m.appendReplacement(sb, format(m.group(), Instant.parse(m.group()).plus(by)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The instant written like the original: same number of fraction digits. */
  private static String format(String original, Instant t) {
    int dot = original.indexOf('.');
    int digits = dot < 0 ? 0 : original.length() - dot - 2;
    String base = t.toString().substring(0, 19);
    if (digits == 0) {
      return base + "Z";
    }
    String nanos = String.format("%09d", t.getNano());
    return base + "." + (digits <= 9 ? nanos.substring(0, digits) : nanos) + "Z";
  }
}
