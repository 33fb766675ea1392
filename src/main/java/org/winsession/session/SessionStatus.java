package org.winsession.session;

import java.util.Locale;

/** The reportable states of a session (SESSIONS.md §5 {@code status}). */
public enum SessionStatus {
  OPEN,
  CLOSED,
  LEAKED,
  ENDED_BY_SHUTDOWN,
  SUPERSEDED,
  ORPHAN_LOGOFF,
  /**
   * The rule 2 deadline passed on a host that does not audit logoffs (SESSIONS.md §4.1): the end
   * of the session is unknown, and it is not a leak.
   */
  UNAUDITED;

  /** The contract's lower-case name. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
