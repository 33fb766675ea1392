package org.winsession.session;

/**
 * Every state change the engine reports, as one table: for each, the {@code status},
 * {@code end_reason}, {@code leak_reason} (and so {@code leak}), {@code confidence} and
 * {@code late_logoff} of the session event, and where its {@code end_time} comes from (SESSIONS.md
 * §3-§5). Every session event the engine emits is one of these rows; the engine decides which row
 * applies, never the fields of a row.
 */
enum Transition {
  /** A logon opened the session ({@code emit_open}), or the run ended with it open. */
  OPENED(SessionStatus.OPEN, null, null, null, false, EndAt.NONE),
  /** The state cap forgot it while open. */
  EVICTED(SessionStatus.OPEN, EndReason.EVICTED, null, null, false, EndAt.NONE),
  /** Its logoff (4634/538) came. */
  CLOSED(SessionStatus.CLOSED, EndReason.LOGOFF, null, Confidence.HIGH, false, EndAt.LOGOFF),
  /** Its logoff came after it had been reported leaked. */
  CLOSED_LATE(SessionStatus.CLOSED, EndReason.LOGOFF, null, Confidence.HIGH, true, EndAt.LOGOFF),
  /** A logoff whose logon is before the data. */
  ORPHAN_LOGOFF(SessionStatus.ORPHAN_LOGOFF, EndReason.LOGOFF, null, Confidence.HIGH, false,
      EndAt.LOGOFF),
  /** The logoff of a session known only from its user logoff, after it was reported leaked. */
  ORPHAN_LOGOFF_LATE(SessionStatus.ORPHAN_LOGOFF, EndReason.LOGOFF, null, Confidence.HIGH, true,
      EndAt.LOGOFF),
  /** A logon reused its LUID without a logoff we saw. */
  SUPERSEDED(SessionStatus.SUPERSEDED, EndReason.SUPERSEDED, null, Confidence.LOW, false,
      EndAt.NONE),
  /** A shutdown event ended its boot; it ends at the shutdown's time. */
  ENDED_BY_SHUTDOWN(SessionStatus.ENDED_BY_SHUTDOWN, EndReason.SHUTDOWN, null, Confidence.MEDIUM,
      false, EndAt.BOOT_END),
  /** A startup (or an inferred restart) ended its boot; it ends at the host's last event before. */
  ENDED_BY_STARTUP(SessionStatus.ENDED_BY_SHUTDOWN, EndReason.STARTUP, null, Confidence.LOW, false,
      EndAt.BOOT_END),
  /** Rule 1: a user logoff and no logoff within the grace period. */
  LEAKED_AFTER_USER_LOGOFF(SessionStatus.LEAKED, EndReason.USER_LOGOFF,
      LeakReason.USER_LOGOFF_WITHOUT_LOGOFF, Confidence.MEDIUM, false, EndAt.USER_LOGOFF),
  /** Rule 2: no logoff within {@code leak_after} on a host not known to leave logoffs unaudited. */
  LEAKED_PAST_THRESHOLD(SessionStatus.LEAKED, null, LeakReason.NO_LOGOFF_PAST_THRESHOLD,
      Confidence.LOW, false, EndAt.NONE),
  /** The rule 2 deadline passed on a host that does not audit logoffs (§4.1): no longer held. */
  UNAUDITED(SessionStatus.UNAUDITED, null, null, Confidence.LOW, false, EndAt.NONE);

  /** Where a transition's {@code end_time} comes from. */
  enum EndAt {
    /** None: the session has not ended, or when is unknown. */
    NONE,
    /** The logoff event's time, which is also {@code logoff_time}. */
    LOGOFF,
    /** The end of the boot: the shutdown's time, or the host's last event before the startup. */
    BOOT_END,
    /** The session's user logoff time. */
    USER_LOGOFF
  }

  final SessionStatus status;
  final EndReason endReason;
  final LeakReason leakReason;
  final Confidence confidence;
  final boolean lateLogoff;
  final EndAt endAt;

  Transition(SessionStatus status, EndReason endReason, LeakReason leakReason,
      Confidence confidence, boolean lateLogoff, EndAt endAt) {
    this.status = status;
    this.endReason = endReason;
    this.leakReason = leakReason;
    this.confidence = confidence;
    this.lateLogoff = lateLogoff;
    this.endAt = endAt;
  }

  /** Whether the session event says {@code leak = true}. */
  boolean leak() {
    return leakReason != null;
  }

  /** The row for a logoff of a session: orphan or not, and whether it was reported leaked. */
  static Transition logoff(boolean orphan, boolean afterLeak) {
    if (orphan) {
      return afterLeak ? ORPHAN_LOGOFF_LATE : ORPHAN_LOGOFF;
    }
    return afterLeak ? CLOSED_LATE : CLOSED;
  }
}
