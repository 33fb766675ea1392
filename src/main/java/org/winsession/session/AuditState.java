package org.winsession.session;

import java.util.Locale;

/**
 * Whether a host audits logoffs (SESSIONS.md §4.1): the engine calls a rule 2 deadline a leak only
 * on a host that is not known to leave logoffs unaudited.
 */
public enum AuditState {
  /** Neither of the others yet: rule 2 fires as usual. */
  UNDECIDED,
  /** The host has written at least one logoff or user logoff, in this run or an earlier one. */
  LOGOFF_AUDITED,
  /**
   * The host has opened at least {@link EngineConfig#unauditedAfter()} sessions rule 2 applies
   * to and has never written a logoff or user logoff: a passing rule 2 deadline emits the session
   * as {@link SessionStatus#UNAUDITED}, not as a leak.
   */
  LOGOFF_UNAUDITED;

  /** The contract's lower-case name. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
