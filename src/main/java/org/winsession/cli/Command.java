package org.winsession.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * A command of the command line, declared once as a value: its name, the one line the top-level
 * help shows, the paragraphs of its own help, its options in help order, its positional
 * arguments, and how it is made from what {@link Parser} read.
 *
 * @param name what the user types, e.g. {@code analyze}
 * @param summary one line for the list of commands
 * @param description paragraphs of the command's help
 * @param options the options in the order help lists them ({@code -h} and {@code -V} come with
 *     every command and are not among them)
 * @param positional the positional arguments; null when the command takes none
 * @param factory the command to run with the values read; null for {@code modinput}, which takes
 *     splunkd's arguments as they are
 */
record Command(String name, String summary, List<String> description, List<Option<?>> options,
    Positional positional, Function<Values, Callable<Integer>> factory) {
  /**
   * The positional arguments of a command.
   *
   * @param label their name in help and messages, e.g. {@code INPUT}
   * @param description what they are, for help
   * @param required at least one must be given
   * @param repeated more than one may be given
   */
  record Positional(String label, String description, boolean required, boolean repeated) {
    /** As the usage line and help write it: {@code [INPUT...]}, {@code FILE}. */
    String synopsis() {
      String s = label + (repeated ? "..." : "");
      return required ? s : "[" + s + "]";
    }
  }

  /** The option named {@code name} (with its dashes), {@code -h} and {@code -V} included; or null. */
  Option<?> option(String name) {
    for (Option<?> o : everyOption()) {
      if (o.names().contains(name)) {
        return o;
      }
    }
    return null;
  }

  /** The options followed by {@code -h} and {@code -V}. */
  List<Option<?>> everyOption() {
    List<Option<?>> all = new ArrayList<>(options);
    all.add(Option.HELP);
    all.add(Option.VERSION);
    return all;
  }

  /** Lists of options one after another, e.g. a command's own and the read limits. */
  @SafeVarargs
  static List<Option<?>> options(List<? extends Option<?>>... parts) {
    List<Option<?>> all = new ArrayList<>();
    for (List<? extends Option<?>> p : parts) {
      all.addAll(p);
    }
    return List.copyOf(all);
  }
}
