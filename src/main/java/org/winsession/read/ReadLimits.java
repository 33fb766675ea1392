package org.winsession.read;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one set of bounds that keeps hostile input from exhausting memory or time. Every reader and
 * container takes its bounds from here; a record past a bound becomes a rejected record of kind
 * {@link org.winsession.event.RejectKind#LIMIT} whose reason names the limit, its value and how to
 * change it ({@link #refusal}), and an input or member past a bound costs that input or member
 * only. Each bound is a {@link Limit}, settable from {@code analyze} ({@code --max-record-bytes})
 * and from the modular input ({@code max_record_bytes}).
 */
public final class ReadLimits {
  /** Every bound, with its setting name, default and smallest allowed value. */
  public enum Limit {
    /** The largest single event record, in bytes (XML element, JSON line, CSV row, text block). */
    MAX_RECORD_BYTES(1L << 20, 1024, "the largest single event record, in bytes"),
    /** The longest physical line of a line-based input, in bytes; the rest of the line is skipped. */
    MAX_LINE_BYTES(1L << 20, 1024, "the longest line of a line-based input (JSON lines, CSV, text), in bytes"),
    /** The deepest element or array/object nesting inside one record. */
    MAX_DEPTH(64, 4, "the deepest nesting of elements, arrays or objects inside one record"),
    /** The most data fields one record may carry. */
    MAX_FIELDS(1024, 16, "the most data fields one record may carry"),
    /** The longest single field value, in characters. */
    MAX_FIELD_CHARS(64L << 10, 256, "the longest single field value, in characters"),
    /** The most members read from one zip or tar archive; the rest are reported, not read. */
    MAX_ARCHIVE_ENTRIES(100_000, 1, "the most members read from one zip or tar archive"),
    /** The most bytes decompressed from one input across all its containers. */
    MAX_EXPANDED_BYTES(64L << 30, 1L << 20, "the most bytes decompressed from one input, across every container in it"),
    /** The largest ratio of decompressed to compressed bytes a container may reach. */
    MAX_EXPANSION_RATIO(1000, 10, "the largest ratio of decompressed to compressed bytes of one container"),
    /** How deep containers may nest (a tar.gz inside a zip is 3). */
    MAX_NESTING(3, 1, "how deep containers may nest (a tar.gz inside a zip is 3)"),
    /** The largest legacy EVT log, in bytes (the EVT format is a circular buffer read whole). */
    MAX_EVT_BYTES(1L << 30, 1L << 16, "the largest legacy EVT log read, in bytes"),
    /**
     * The characters one host or user filter pattern may read for one value, over all its
     * backtracking; a match not decided within it counts as not matching, and is counted.
     */
    MAX_FILTER_STEPS(10_000_000, 1, "the characters one host or user filter regular expression"
        + " may read for one value, over all its backtracking; a match not decided within it"
        + " counts as not matching");

    private final long defaultValue;
    private final long minimum;
    private final String description;

    Limit(long defaultValue, long minimum, String description) {
      this.defaultValue = defaultValue;
      this.minimum = minimum;
      this.description = description;
    }

    /** The modular-input setting name, e.g. {@code max_record_bytes}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The command-line option, e.g. {@code --max-record-bytes}. */
    public String option() {
      return "--" + key().replace('_', '-');
    }

    /** The value when nothing is set. */
    public long defaultValue() {
      return defaultValue;
    }

    /** The smallest value accepted. */
    public long minimum() {
      return minimum;
    }

    /** What the limit bounds, in words. */
    public String description() {
      return description;
    }

    /**
     * A value of this limit as written by an admin: a whole number of at least {@link #minimum}.
     *
     * @param given how the value was given, for the message, e.g. {@code --max-record-bytes} or
     *     {@code setting 'max_record_bytes'}
     * @throws IllegalArgumentException naming {@code given}, the value and what is allowed
     */
    public long parse(String given, String text) {
      String t = text == null ? "" : text.strip();
      try {
        long v = Long.parseLong(t);
        if (v >= minimum) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(given + " '" + t + "': expected a whole number of at"
          + " least " + minimum + " (" + description + "; default " + defaultValue + ")");
    }

    /**
     * The limit a refusal worded by {@link ReadLimits#refusal} names ("read limit
     * max_record_bytes"), or null when the text names none.
     */
    public static Limit namedIn(String reason) {
      int at = reason == null ? -1 : reason.indexOf(NAMED);
      if (at < 0) {
        return null;
      }
      int from = at + NAMED.length();
      int to = from;
      while (to < reason.length() && (Character.isLetter(reason.charAt(to))
          || reason.charAt(to) == '_')) {
        to++;
      }
      String key = reason.substring(from, to);
      for (Limit l : values()) {
        if (l.key().equals(key)) {
          return l;
        }
      }
      return null;
    }
  }

  private static final String NAMED = "read limit ";

  /** Every limit at its default. */
  public static final ReadLimits DEFAULT = new ReadLimits(new EnumMap<>(Limit.class));

  private final long[] values = new long[Limit.values().length];

  private ReadLimits(Map<Limit, Long> set) {
    for (Limit l : Limit.values()) {
      long v = set.getOrDefault(l, l.defaultValue);
      if (v < l.minimum) {
        throw new IllegalArgumentException(l.key() + " = " + v + " is too small: expected at least "
            + l.minimum + " (" + l.description + ")");
      }
      values[l.ordinal()] = v;
    }
  }

  /** These limits with {@code limit} set to {@code value}; refuses a value under its minimum. */
  public ReadLimits with(Limit limit, long value) {
    Map<Limit, Long> set = new EnumMap<>(Limit.class);
    for (Limit l : Limit.values()) {
      set.put(l, values[l.ordinal()]);
    }
    set.put(Objects.requireNonNull(limit, "limit"), value);
    return new ReadLimits(set);
  }

  /** The value of one limit. */
  public long get(Limit limit) {
    return values[limit.ordinal()];
  }

  /** The value of one limit, capped to what an {@code int} holds (for buffer sizes and counts). */
  public int getInt(Limit limit) {
    return (int) Math.min(Integer.MAX_VALUE, values[limit.ordinal()]);
  }

  /** {@link Limit#MAX_RECORD_BYTES}. */
  public int maxRecordBytes() {
    return getInt(Limit.MAX_RECORD_BYTES);
  }

  /** {@link Limit#MAX_LINE_BYTES}. */
  public int maxLineBytes() {
    return getInt(Limit.MAX_LINE_BYTES);
  }

  /** {@link Limit#MAX_DEPTH}. */
  public int maxDepth() {
    return getInt(Limit.MAX_DEPTH);
  }

  /** {@link Limit#MAX_FIELDS}. */
  public int maxFields() {
    return getInt(Limit.MAX_FIELDS);
  }

  /** {@link Limit#MAX_FIELD_CHARS}. */
  public int maxFieldChars() {
    return getInt(Limit.MAX_FIELD_CHARS);
  }

  /**
   * The words of a refusal, in the manner of Jackson's {@code StreamReadConstraints}: what was
   * found, the limit it passed and how to change it. E.g. "record length (2000000) exceeds the
   * maximum allowed (1048576, read limit max_record_bytes; set with --max-record-bytes or
   * max_record_bytes)".
   *
   * @param what what was measured, e.g. "record length"
   * @param found what was found, or -1 when it is only known to be larger than the limit
   */
  public String refusal(Limit limit, String what, long found) {
    return what + " (" + (found < 0 ? "more than " + get(limit) : Long.toString(found))
        + ") exceeds the maximum allowed (" + get(limit) + ", " + NAMED + limit.key()
        + "; set with " + limit.option() + " or " + limit.key() + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReadLimits r && java.util.Arrays.equals(values, r.values);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ReadLimits[");
    for (Limit l : Limit.values()) {
      sb.append(l.ordinal() == 0 ? "" : ", ").append(l.key()).append('=').append(get(l));
    }
    return sb.append(']').toString();
  }
}
