package org.winsession.cli;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a command's arguments against its declared {@link Option}s, one set of rules for every
 * command: {@code --name=value} and {@code --name value} (short names too, {@code -o value}); a
 * flag takes no value; an argument that is one of the command's option names is never taken as a
 * value; {@code --} ends the options; {@code -} and every other argument not starting with
 * {@code -} is positional; each option at most once; {@code -h}/{@code --help} and
 * {@code -V}/{@code --version} stop reading and ask for help or the version. Anything else is a
 * {@link UsageException} that says what was found where and what was expected.
 */
final class Parser {
  private Parser() {}

  /** The values of {@code args}, the arguments after the command's name. */
  static Values parse(Command command, List<String> args) {
    // by identity: a record's hashCode is bootstrapped by invokedynamic, costly at start-up
    Map<Option<?>, Object> given = new IdentityHashMap<>();
    List<String> positionals = new ArrayList<>();
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (optionsEnded || !isOptionLike(arg)) {
        positionals.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        optionsEnded = true;
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq > 0 ? arg.substring(0, eq) : arg;
      Option<?> option = command.option(name);
      if (option == null) {
        throw new UsageException("unknown option '" + name + "'"
            + didYouMean(name, optionNames(command)));
      }
      if (option == Option.HELP || option == Option.VERSION) {
        return new Values(option == Option.HELP ? Values.Request.HELP : Values.Request.VERSION,
            given, positionals);
      }
      if (given.containsKey(option)) {
        throw new UsageException(name + " given twice: it takes one value");
      }
      if (option.kind() == Option.Kind.FLAG) {
        if (eq > 0) {
          throw new UsageException(name + " takes no value, found '" + arg.substring(eq + 1) + "'");
        }
        given.put(option, Boolean.TRUE);
        continue;
      }
      String text;
      if (eq > 0) {
        text = arg.substring(eq + 1);
      } else if (i + 1 < args.size() && !namesAnOption(command, args.get(i + 1))) {
        text = args.get(++i);
      } else {
        throw new UsageException("missing value for " + name + " (" + option.label() + ")");
      }
      given.put(option, option.value(name, text));
    }
    checkPositionals(command, positionals);
    return new Values(Values.Request.RUN, given, positionals);
  }

  private static void checkPositionals(Command command, List<String> positionals) {
    Command.Positional p = command.positional();
    if (p == null && !positionals.isEmpty()) {
      throw new UsageException("unexpected argument '" + positionals.get(0) + "': "
          + command.name() + " takes options only");
    }
    if (p != null && !p.repeated() && positionals.size() > 1) {
      throw new UsageException("unexpected argument '" + positionals.get(1) + "': expected one "
          + p.label());
    }
    if (p != null && p.required() && positionals.isEmpty()) {
      throw new UsageException("missing " + p.label() + " (" + p.description() + ")");
    }
  }

  /** {@code -x}, {@code --name}, {@code --name=value}, {@code --}; not {@code -} alone. */
  private static boolean isOptionLike(String arg) {
    return arg.length() > 1 && arg.charAt(0) == '-';
  }

  /** Whether {@code arg} is one of the command's options, so it cannot be the value before it. */
  private static boolean namesAnOption(Command command, String arg) {
    if (!isOptionLike(arg)) {
      return false;
    }
    int eq = arg.indexOf('=');
    return arg.equals("--") || command.option(eq > 0 ? arg.substring(0, eq) : arg) != null;
  }

  private static List<String> optionNames(Command command) {
    List<String> names = new ArrayList<>();
    for (Option<?> o : command.everyOption()) {
      names.addAll(o.names());
    }
    return names;
  }

  /**
   * {@code "; did you mean 'x'?"} naming the candidates closest to {@code given} (fewest single
   * letters added, removed or changed: at most 2, and fewer than half the letters of its name
   * without dashes), or {@code ""} when none is that close.
   */
  static String didYouMean(String given, List<String> candidates) {
    int letters = given.replaceFirst("^-+", "").length();
    int best = Math.min(2, (letters - 1) / 2);
    List<String> closest = new ArrayList<>();
    for (String c : candidates) {
      int d = distance(given, c);
      if (d < best) {
        best = d;
        closest.clear();
      }
      if (d == best) {
        closest.add(c);
      }
    }
    if (closest.isEmpty()) {
      return "";
    }
    return "; did you mean '" + String.join("' or '", closest) + "'?";
  }

  /** The edit distance between two strings (Levenshtein). */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int change = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(change, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
