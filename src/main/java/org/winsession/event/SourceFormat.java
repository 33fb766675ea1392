package org.winsession.event;

import java.util.Locale;

/** The shape a normalized event was read from (SESSIONS.md §1 {@code source_format}). */
public enum SourceFormat {
  EVTX,
  EVT,
  XML,
  WINEVENTLOG,
  CSV,
  JSON,
  SPLUNK;

  /** The contract's lower-case name. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
