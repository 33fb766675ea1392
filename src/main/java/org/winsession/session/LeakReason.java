package org.winsession.session;

import java.util.Locale;

/** The two leak rules of SESSIONS.md §4. */
public enum LeakReason {
  /** Rule 1: a user logoff (4647/551) with no logoff (4634/538) within the grace period. */
  USER_LOGOFF_WITHOUT_LOGOFF,
  /** Rule 2: no logoff within {@code leak_after} of the logon. */
  NO_LOGOFF_PAST_THRESHOLD;

  /** The contract's lower-case name. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
