package org.winsession.normalize;

/**
 * A record that cannot be normalized: its message says what was found and what was expected. Readers
 * turn it into a {@link org.winsession.event.RejectedRecord} with the record's position.
 */
public final class InvalidEventException extends Exception {
  private static final long serialVersionUID = 1L;

  private final org.winsession.event.RejectKind kind;

  /** A record refused for the given reason, of kind {@code INVALID_EVENT}. */
  public InvalidEventException(String reason) {
    this(org.winsession.event.RejectKind.INVALID_EVENT, reason);
  }

  /** A record refused for the given reason, of the given kind. */
  public InvalidEventException(org.winsession.event.RejectKind kind, String reason) {
    super(reason, null, false, false);
    this.kind = kind;
  }

  /** What kind of fault it is. */
  public org.winsession.event.RejectKind kind() {
    return kind;
  }
}
