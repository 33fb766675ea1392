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

  /** The most characters of a usage message shown; an argument may be 100 KB long. */
  static final int MAX_SHOWN = 600;

  /**
   * {@code message} as shown to the user: whole when short, else its start and its end (where
   * the expectation is said) around a note of how many characters were left out.
   */
  static String shown(String message) {
    if (message == null || message.length() <= MAX_SHOWN) {
      return message;
    }
    int head = MAX_SHOWN / 2;
    int tail = MAX_SHOWN - head;
    return message.substring(0, head) + "... (" + (message.length() - head - tail)
        + " characters left out) ..." + message.substring(message.length() - tail);
  }

  /** A value that is not what its option takes: {@code --threads 'x': expected a whole number}. */
  static UsageException value(String given, String text, String expected) {
    return new UsageException(given + " '" + text + "': expected " + expected);
  }
}
