package org.winsession.session;

/** One boot epoch of one host: LUIDs are unique only within it (SESSIONS.md §2). */
final class Boot {
  /** The startup event's time, or {@link SessionEvent#NONE} for a boot already running. */
  final long start;

  Boot(long start) {
    this.start = start;
  }
}
