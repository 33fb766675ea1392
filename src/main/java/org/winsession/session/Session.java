package org.winsession.session;

import org.winsession.event.LogonIds;
import org.winsession.event.SourceFormat;

/**
 * The engine's state for one logon session, kept to 72 bytes (compressed references) so ten
 * million open sessions fit in a 2 GB heap: what sessions share (the account, how and from where
 * they logged on) is an interned {@link Account}, {@link Origin} and {@link Source} each; times are
 * epoch millis with {@link SessionEvent#NONE} for absent; what few sessions have (locks,
 * disconnects, a linked or user logoff, repeated logons, a record id past 31 bits) lives in a
 * {@link Rare} allocated on first use. The boot is not stored: a session is of its host's current
 * boot, or of the boot the last shutdown ended when {@link #F_ENDED} is set. Package-private and
 * mutable; only the engine's thread touches it.
 */
final class Session {
  static final byte F_PRIVILEGED = 1;
  static final byte F_HELD = 2;
  static final byte F_RULE_USER_LOGOFF = 4;
  static final byte F_ORPHAN = 8;
  /** Ended by the shutdown that ended its host's previous boot ({@link HostState#endedBoot}). */
  static final byte F_ENDED = 16;

  private static final SessionStatus[] STATUSES = SessionStatus.values();
  /** {@link #recordId} of a session without one. */
  private static final int NO_RECORD = -1;
  /** {@link #recordId} of a session whose record id is in {@link Rare#wideRecordId}. */
  private static final int WIDE_RECORD = -2;

  final HostState host;
  final long logonId;
  long logonTime;
  long deadline = Long.MAX_VALUE;
  Account account = Account.NONE;
  Origin origin = Origin.NONE;
  Source source = Source.NONE;
  Rare rare;
  int heapIndex = -1;
  int clockJumpsAtOpen;
  private int recordId = NO_RECORD;
  /** The source port plus one; 0 when absent. */
  private char port;
  byte status;
  byte flags;

  Session(HostState host, long logonId) {
    this.host = host;
    this.logonId = logonId;
  }

  SessionStatus status() {
    return STATUSES[status];
  }

  void status(SessionStatus s) {
    status = (byte) s.ordinal();
  }

  boolean has(byte flag) {
    return (flags & flag) != 0;
  }

  void set(byte flag, boolean on) {
    flags = (byte) (on ? flags | flag : flags & ~flag);
  }

  /** The boot this session belongs to (SESSIONS.md §2). */
  Boot boot() {
    return has(F_ENDED) ? host.endedBoot : host.boot;
  }

  /** The logon's record id (or a stand-in for an orphan's), {@link SessionEvent#NONE} if none. */
  long logonRecordId() {
    return recordId >= 0 ? recordId : recordId == NO_RECORD ? SessionEvent.NONE
        : rare.wideRecordId;
  }

  void logonRecordId(long id) {
    if (id == SessionEvent.NONE) {
      recordId = NO_RECORD;
    } else if (id >= 0 && id <= Integer.MAX_VALUE) {
      recordId = (int) id;
    } else {
      rare().wideRecordId = id;
      recordId = WIDE_RECORD;
    }
  }

  /** The source port, or -1. */
  int srcPort() {
    return port == 0xffff ? rare.widePort : port - 1;
  }

  void srcPort(int p) {
    if (p >= 0 && p <= 0xfffe) {
      port = (char) (p + 1);
    } else if (p < 0) {
      port = 0;
    } else { // not a TCP/UDP port: kept as written
      rare().widePort = p;
      port = 0xffff;
    }
  }

  long linkedLogonId() {
    return rare == null ? LogonIds.NONE : rare.linkedLogonId;
  }

  long linkedSessionHash() {
    return rare == null ? 0 : rare.linkedSessionHash;
  }

  long userLogoffTime() {
    return rare == null ? SessionEvent.NONE : rare.userLogoffTime;
  }

  int logonCount() {
    return rare == null ? 1 : rare.logonCount;
  }

  Rare rare() {
    if (rare == null) {
      rare = new Rare();
    }
    return rare;
  }

  /** The stable 64-bit id (SESSIONS.md §5): host, boot start, LUID and the logon's record id. */
  long hash() {
    long rid = logonRecordId();
    long marker = rid != SessionEvent.NONE ? rid : logonTime ^ 0x5bd1e995L;
    if (has(F_ORPHAN)) {
      marker = ~marker;
    }
    long h = mix(host.nameHash ^ boot().start);
    h = mix(h + logonId * 0x9E3779B97F4A7C15L);
    return mix(h ^ marker);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /**
   * What few sessions have: lock, screensaver and RDP disconnect bookkeeping, a linked logon, a
   * user logoff, repeated logons of a boot-long LUID, and values too wide for the session's
   * compact fields. Allocated only for sessions that have any.
   */
  static final class Rare {
    long lockStart = SessionEvent.NONE;
    long lockedMillis;
    long disconnectStart = SessionEvent.NONE;
    long disconnectedMillis;
    int reconnects;
    long linkedLogonId = LogonIds.NONE;
    long linkedSessionHash;
    long userLogoffTime = SessionEvent.NONE;
    int logonCount = 1;
    long wideRecordId;
    int widePort;
  }

  /** The account a session is of, shared by its sessions through the engine's pool. */
  record Account(String user, String domain, String userSid, AccountClass accountClass) {
    static final Account NONE = new Account(null, null, null, AccountClass.USER);
  }

  /** How a session logged on, shared by the sessions that logged on alike. */
  record Origin(String authPackage, String logonProcess, String processName, byte logonType,
      byte elevated, SourceFormat sourceFormat, short logonEventCode) {
    static final Origin NONE = new Origin(null, null, null, (byte) -1, (byte) -1,
        SourceFormat.values()[0], (short) 0);
  }

  /** Where a session logged on from: the source address and workstation name. */
  record Source(String srcIp, String srcWorkstation) {
    static final Source NONE = new Source(null, null);
  }
}
