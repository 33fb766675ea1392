package org.winsession.normalize;

/**
 * A record that cannot be normalized: its message says what was found and what was expected. Readers
 * turn it into a {@link org.winsession.event.RejectedRecord} with the record's position.
 */
public final class InvalidEventException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A record refused for the given reason. */
  public InvalidEventException(String reason) {
    super(reason, null, false, false);
  }
}
