package org.winsession.session;

import java.util.Objects;
import org.winsession.event.SourceFormat;

/**
 * One emitted state of one session: the session event of SESSIONS.md §5, typed. The JSON rendering
 * lives in {@code org.winsession.emit}.
 *
 * <p>Absent values: {@code null} objects, {@link #NONE} for times, record ids and LUIDs held as
 * {@code long}, and -1 for the {@code int} fields.
 */
public record SessionEvent(
    long time,
    String sessionId,
    String host,
    long bootStart,
    long logonId,
    long linkedLogonId,
    String linkedSessionId,
    String user,
    String domain,
    String userSid,
    AccountClass accountClass,
    int logonType,
    String authPackage,
    String logonProcess,
    String srcIp,
    int srcPort,
    String srcWorkstation,
    String processName,
    Boolean elevated,
    boolean privileged,
    long logonTime,
    long userLogoffTime,
    long logoffTime,
    long endTime,
    int logonEventCode,
    int logoffEventCode,
    long logonRecordId,
    int logonCount,
    EndReason endReason,
    SessionStatus status,
    boolean leak,
    LeakReason leakReason,
    boolean lateLogoff,
    Confidence confidence,
    long lockedMillis,
    long disconnectedMillis,
    int reconnects,
    boolean clockAnomaly,
    SourceFormat sourceFormat) {

  /** The schema version this record renders as. */
  public static final int SCHEMA = 1;

  /** Absent time, record id or LUID. */
  public static final long NONE = Long.MIN_VALUE;

  /** Requires the fields every session event has. */
  public SessionEvent {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(accountClass, "accountClass");
    Objects.requireNonNull(sourceFormat, "sourceFormat");
  }

  /** Milliseconds from logon to end, or {@link #NONE} when either is unknown. */
  public long durationMillis() {
    return logonTime == NONE || endTime == NONE ? NONE : endTime - logonTime;
  }
}
