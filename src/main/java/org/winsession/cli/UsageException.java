package org.winsession.cli;

/**
 * A command line that cannot be run as given: what was wrong, where, what was found and what was
 * expected, in words for the user. {@link Main} prints it after the command's name, adds a hint to
 * {@code --help} and exits 2, without a stack trace.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message, null, false, false);
  }

  /** A value that is not what its option takes: {@code --threads 'x': expected a whole number}. */
  static UsageException value(String given, String text, String expected) {
    return new UsageException(given + " '" + text + "': expected " + expected);
  }
}
