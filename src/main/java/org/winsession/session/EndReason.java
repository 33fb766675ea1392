package org.winsession.session;

import java.util.Locale;

/** Why a session ended (SESSIONS.md §5 {@code end_reason}); {@link #EVICTED} marks a state cap. */
public enum EndReason {
  LOGOFF,
  USER_LOGOFF,
  SHUTDOWN,
  STARTUP,
  SUPERSEDED,
  EVICTED;

  /** The contract's lower-case name. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
