package org.winsession.event;

import java.util.Objects;

/**
 * One normalized Windows security event (SESSIONS.md §1): what every reader produces, whatever the
 * source shape, and all the session engine reads.
 *
 * <p>Absent values are {@code null} for objects, {@link #NO_RECORD_ID} for the record id,
 * {@link LogonIds#NONE} for LUIDs and {@link LogonTypes#NONE} / {@link #NO_PORT} for numbers.
 *
 * @param host the Computer / ComputerName as written (normalized later, by the engine's setting)
 * @param channel the log channel, e.g. {@code Security}; may be null
 * @param recordId EventRecordID / RecordNumber, or {@link #NO_RECORD_ID}
 * @param timeMillis TimeCreated / TimeGenerated in UTC epoch milliseconds
 * @param eventCode the event id, e.g. 4624 or 528
 * @param kind what the event means for a session
 * @param logonId the LUID of the session the event is about
 * @param linkedLogonId TargetLinkedLogonId, {@link LogonIds#NONE} when {@code 0x0} or absent
 * @param user target account name
 * @param domain target account domain
 * @param userSid target account SID
 * @param logonType 0..13 or {@link LogonTypes#NONE}
 * @param authPackage trimmed authentication package
 * @param logonProcess trimmed logon process
 * @param lmPackage trimmed NTLM package name
 * @param srcIp source address ({@code ::ffff:a.b.c.d} already reduced to {@code a.b.c.d})
 * @param srcPort source port or {@link #NO_PORT}
 * @param srcWorkstation source workstation name
 * @param processName process name
 * @param elevated ElevatedToken, null when not present
 * @param virtualAccount VirtualAccount, null when not present
 * @param logonGuid logon GUID
 * @param status failure status
 * @param subStatus failure sub-status
 * @param sourceFormat the shape this event was read from
 */
public record SecurityEvent(
    String host,
    String channel,
    long recordId,
    long timeMillis,
    int eventCode,
    EventKind kind,
    long logonId,
    long linkedLogonId,
    String user,
    String domain,
    String userSid,
    int logonType,
    String authPackage,
    String logonProcess,
    String lmPackage,
    String srcIp,
    int srcPort,
    String srcWorkstation,
    String processName,
    Boolean elevated,
    Boolean virtualAccount,
    String logonGuid,
    String status,
    String subStatus,
    SourceFormat sourceFormat) {

  /** The record id meaning "absent". */
  public static final long NO_RECORD_ID = -1L;

  /** The port meaning "absent". */
  public static final int NO_PORT = -1;

  /** Validates the fields every event must have. */
  public SecurityEvent {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sourceFormat, "sourceFormat");
    if (logonType < LogonTypes.NONE || logonType > 13) {
      throw new IllegalArgumentException("logon type " + logonType + ": expected 0..13");
    }
  }

  /** True when the event carries a record id. */
  public boolean hasRecordId() {
    return recordId != NO_RECORD_ID;
  }

  /** A builder, for readers and tests that set a few fields at a time. */
  public static Builder builder() {
    return new Builder();
  }

  /** Mutable builder of {@link SecurityEvent}; not thread-safe. */
  public static final class Builder {
    private String host;
    private String channel;
    private long recordId = NO_RECORD_ID;
    private long timeMillis;
    private int eventCode;
    private EventKind kind;
    private long logonId = LogonIds.NONE;
    private long linkedLogonId = LogonIds.NONE;
    private String user;
    private String domain;
    private String userSid;
    private int logonType = LogonTypes.NONE;
    private String authPackage;
    private String logonProcess;
    private String lmPackage;
    private String srcIp;
    private int srcPort = NO_PORT;
    private String srcWorkstation;
    private String processName;
    private Boolean elevated;
    private Boolean virtualAccount;
    private String logonGuid;
    private String status;
    private String subStatus;
    private SourceFormat sourceFormat = SourceFormat.XML;

    private Builder() {}

    public Builder host(String v) { host = v; return this; }
    public Builder channel(String v) { channel = v; return this; }
    public Builder recordId(long v) { recordId = v; return this; }
    public Builder timeMillis(long v) { timeMillis = v; return this; }
    /** Sets the code and the kind that code has. */
    public Builder eventCode(int v) { eventCode = v; kind = EventKind.ofCode(v); return this; }
    public Builder logonId(long v) { logonId = v; return this; }
    public Builder linkedLogonId(long v) { linkedLogonId = v; return this; }
    public Builder user(String v) { user = v; return this; }
    public Builder domain(String v) { domain = v; return this; }
    public Builder userSid(String v) { userSid = v; return this; }
    public Builder logonType(int v) { logonType = v; return this; }
    public Builder authPackage(String v) { authPackage = v; return this; }
    public Builder logonProcess(String v) { logonProcess = v; return this; }
    public Builder lmPackage(String v) { lmPackage = v; return this; }
    public Builder srcIp(String v) { srcIp = v; return this; }
    public Builder srcPort(int v) { srcPort = v; return this; }
    public Builder srcWorkstation(String v) { srcWorkstation = v; return this; }
    public Builder processName(String v) { processName = v; return this; }
    public Builder elevated(Boolean v) { elevated = v; return this; }
    public Builder virtualAccount(Boolean v) { virtualAccount = v; return this; }
    public Builder logonGuid(String v) { logonGuid = v; return this; }
    public Builder status(String v) { status = v; return this; }
    public Builder subStatus(String v) { subStatus = v; return this; }
    public Builder sourceFormat(SourceFormat v) { sourceFormat = v; return this; }

    /** Builds the event; throws as the record's constructor does. */
    public SecurityEvent build() {
      return new SecurityEvent(host, channel, recordId, timeMillis, eventCode, kind, logonId,
          linkedLogonId, user, domain, userSid, logonType, authPackage, logonProcess, lmPackage,
          srcIp, srcPort, srcWorkstation, processName, elevated, virtualAccount, logonGuid, status,
          subStatus, sourceFormat);
    }
  }
}
