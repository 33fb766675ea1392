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
 */
record Option<T>(List<String> names, Kind kind, String label, String description,
    String defaultValue, List<? extends Enum<?>> choices) {
  /** How the text given becomes a value. */
  enum Kind {
    /** No value: present is true, absent false. */
    FLAG,
    /** A whole number (int). */
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
    return new Option<>(split(names), Kind.FLAG, null, description, "false", List.of());
  }

  /** An option that takes a whole number. */
  static Option<Integer> integer(String names, String label, String description) {
    return new Option<>(split(names), Kind.INT, label, description, null, List.of());
  }

  /** An option that takes text as it is given. */
  static Option<String> text(String names, String label, String description) {
    return new Option<>(split(names), Kind.TEXT, label, description, null, List.of());
  }

  /** An option that takes a file or directory. */
  static Option<Path> path(String names, String label, String description) {
    return new Option<>(split(names), Kind.PATH, label, description, null, List.of());
  }

  /** An option that takes one of {@code values}, by name in any case. */
  static <E extends Enum<E>> Option<E> choice(String names, String label, E[] values,
      String description) {
    return new Option<>(split(names), Kind.CHOICE, label, description, null, List.of(values));
  }

  /** This option with a default: the text of the value when the option is not given. */
  Option<T> withDefault(String text) {
    return new Option<>(names, kind, label, description, text, choices);
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

  private static Integer wholeNumber(String given, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      String expected = "a whole number";
      try {
        Long.parseLong(text);
        expected += " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
      } catch (NumberFormatException notEvenLong) {
        // not a number at all
      }
      throw UsageException.value(given, text, expected);
    }
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
