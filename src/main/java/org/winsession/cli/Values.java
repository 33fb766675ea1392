package org.winsession.cli;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Parser} read from a command's arguments: the value of each option given, the
 * positional arguments in order, and whether help or the version was asked for instead of a run.
 */
final class Values {
  /** What the command line asks for. */
  enum Request {
    /** Run the command. */
    RUN,
    /** Print the command's help ({@code -h}, {@code --help}). */
    HELP,
    /** Print the version ({@code -V}, {@code --version}). */
    VERSION
  }

  private final Request request;
  private final Map<Option<?>, Object> given;
  private final List<String> positionals;

  Values(Request request, Map<Option<?>, Object> given, List<String> positionals) {
    this.request = request;
    this.given = new IdentityHashMap<>(given);
    this.positionals = List.copyOf(positionals);
  }

  Request request() {
    return request;
  }

  /** The option's value: as given, else its default (false for a flag), else null. */
  @SuppressWarnings("unchecked")
  <T> T get(Option<T> option) {
    return given.containsKey(option) ? (T) given.get(option) : option.absent();
  }

  /** The positional arguments, in order ({@code -} among them as it was given). */
  List<String> positionals() {
    return positionals;
  }
}
