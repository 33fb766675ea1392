package org.winsession.session;

import java.util.Locale;

/**
 * How sure the end of a session is: {@link #HIGH} a logoff was seen, {@link #MEDIUM} a user logoff or
 * shutdown event, {@link #LOW} inferred from a startup, a reused LUID, a leak threshold or a
 * threshold passed on a host that does not audit logoffs.
 */
public enum Confidence {
  HIGH,
  MEDIUM,
  LOW;

  /** The contract's lower-case name. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
