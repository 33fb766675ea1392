package org.winsession.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One command-line option, declared once: its names, the label of its value, its description (in
 * which {@code ${DEFAULT-VALUE}} stands for the default), the text of its default and the kind of
 * value it takes. {@link Parser} reads it, {@link Help} shows it, and a command reads its value
 * with {@link Values#get}. Declared as plain values, not annotations read by reflection: building
 * a command line costs next to nothing at start-up.
 *
 * @param <T> the type of the value: Boolean for a flag, Integer, String, Path, or an enum
 * @param names the names, short before long ({@code -o}, {@code --output})
 * @param kind how the text given becomes a value
 * @param label the value's name in help and messages ({@code FILE}); null for a flag
 * @param description what the option does, for help
 * @param defaultValue the text of the value when the option is not given; null for none
 * @param choices the values of a {@link Kind#CHOICE}, matched case-insensitively by name
 * @param min the smallest value of an {@link Kind#INT} (0 for other kinds)
 * @param max the largest value of an {@link Kind#INT} (0 for other kinds)
 */
record Option<T>(List<String> names, Kind kind, String label, String description,
    String defaultValue, List<? extends Enum<?>> choices, int min, int max) {
  /** How the text given becomes a value. */
  enum Kind {
    /** No value: present is true, absent false. */
    FLAG,
    /** A whole number (int) within the option's range, {@link #min} to {@link #max}. */
    INT,
    /** Text as given. */
    TEXT,
    /** A file or directory. */
    PATH,
    /** One of the names of an enum, in any case. */
    CHOICE
  }

  /** {@code -h, --help}: every command's help, on standard output. */
  static final Option<Boolean> HELP = flag("-h, --help", "Show this help message and exit.");
  /** {@code -V, --version}: the version, from the jar manifest. */
  static final Option<Boolean> VERSION = flag("-V, --version", "Print version information and exit.");

  /** A flag: present or not. {@code names} is written as help shows it, e.g. {@code "-o, --output"}. */
  static Option<Boolean> flag(String names, String description) {
    return new Option<>(split(names), Kind.FLAG, null, description, "false", List.of(), 0, 0);
  }

  /**
   * An option that takes a whole number from {@code min} to {@code max}; any other text is a
   * usage error that states this range.
   */
  static Option<Integer> integer(String names, String label, int min, int max,
      String description) {
    if (min > max) {
      throw new IllegalArgumentException(names + ": empty range " + min + " to " + max);
    }
    return new Option<>(split(names), Kind.INT, label, description, null, List.of(), min, max);
  }

  /** An option that takes text as it is given. */
  static Option<String> text(String names, String label, String description) {
    return new Option<>(split(names), Kind.TEXT, label, description, null, List.of(), 0, 0);
  }

  /** An option that takes a file or directory. */
  static Option<Path> path(String names, String label, String description) {
    return new Option<>(split(names), Kind.PATH, label, description, null, List.of(), 0, 0);
  }

  /** An option that takes one of {@code values}, by name in any case. */
  static <E extends Enum<E>> Option<E> choice(String names, String label, E[] values,
      String description) {
    return new Option<>(split(names), Kind.CHOICE, label, description, null, List.of(values), 0,
        0);
  }

  /** This option with a default: the text of the value when the option is not given. */
  Option<T> withDefault(String text) {
    return new Option<>(names, kind, label, description, text, choices, min, max);
  }

  /** Adds this option to a command's list of options (in help order) and returns it. */
  Option<T> in(List<? super Option<T>> options) {
    options.add(this);
    return this;
  }

  /** The long name, which help and messages use. */
  String name() {
    return names.get(names.size() - 1);
  }

  /**
   * The value of {@code text} given for this option.
   *
   * @param given the option's name as it was given, for the message
   * @throws UsageException naming the option, the text and what was expected
   */
  @SuppressWarnings("unchecked")
  T value(String given, String text) {
    return (T) switch (kind) {
      case FLAG -> Boolean.valueOf(text);
      case TEXT -> text;
      case INT -> wholeNumber(given, text);
      case PATH -> path(given, text);
      case CHOICE -> choice(given, text);
    };
  }

  /** The value when the option is not given: its default, false for a flag, or null. */
  T absent() {
    return defaultValue == null ? null : value(name(), defaultValue);
  }

  /**
   * The whole number {@code text} when it lies in this option's range; otherwise (not a number,
   * beyond any int, or outside the range) a usage error that states the range.
   */
  private Integer wholeNumber(String given, String text) {
    try {
      int n = Integer.parseInt(text);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, with the range
    }
    throw UsageException.value(given, text, expected());
  }

  /** What an {@link Kind#INT} option takes, as its usage errors say it. */
  String expected() {
    return "a whole number from " + min + " to " + max;
  }

  private static Path path(String given, String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw UsageException.value(given, text, "a file name (" + e.getReason() + ")");
    }
  }

  private Enum<?> choice(String given, String text) {
    List<String> names = new ArrayList<>();
    for (Enum<?> c : choices) {
      if (c.name().equalsIgnoreCase(text)) {
        return c;
      }
      names.add(c.name().toLowerCase(Locale.ROOT));
    }
    throw UsageException.value(given, text, "one of " + String.join(", ", names));
  }

  /** "-o, --output" as its names. */
  private static List<String> split(String names) {
    List<String> out = new ArrayList<>(2);
    int from = 0;
    for (int comma = names.indexOf(", "); comma >= 0; comma = names.indexOf(", ", from)) {
      out.add(names.substring(from, comma));
      from = comma + 2;
    }
    out.add(names.substring(from));
    return List.copyOf(out);
  }
}
