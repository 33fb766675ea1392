package org.winsession.session;

import org.winsession.event.SourceFormat;

/**
 * The engine's state for one logon session, kept small (about 140 bytes plus shared strings) so a
 * million open sessions fit in a modest heap: times are epoch millis with {@link SessionEvent#NONE}
 * for absent, enums are stored as ordinals, rarely used counters live in {@link Activity}.
 * Package-private and mutable; only the engine's thread touches it.
 */
final class Session {
  static final byte F_PRIVILEGED = 1;
  static final byte F_HELD = 2;
  static final byte F_RULE_USER_LOGOFF = 4;
  static final byte F_ORPHAN = 8;

  private static final SessionStatus[] STATUSES = SessionStatus.values();
  private static final AccountClass[] CLASSES = AccountClass.values();
  private static final SourceFormat[] FORMATS = SourceFormat.values();

  final HostState host;
  final Boot boot;
  final long logonId;
  long linkedLogonId;
  long linkedSessionHash;
  long logonTime;
  long userLogoffTime = SessionEvent.NONE;
  long logonRecordId;
  long deadline = Long.MAX_VALUE;
  String user;
  String domain;
  String userSid;
  String authPackage;
  String logonProcess;
  String srcIp;
  String srcWorkstation;
  String processName;
  Activity activity;
  int logonCount = 1;
  int heapIndex = -1;
  int clockJumpsAtOpen;
  int srcPort = -1;
  short logonEventCode;
  byte logonType = -1;
  byte elevated = -1;
  byte status;
  byte accountClass;
  byte sourceFormat;
  byte flags;

  Session(HostState host, Boot boot, long logonId) {
    this.host = host;
    this.boot = boot;
    this.logonId = logonId;
  }

  SessionStatus status() {
    return STATUSES[status];
  }

  void status(SessionStatus s) {
    status = (byte) s.ordinal();
  }

  AccountClass accountClass() {
    return CLASSES[accountClass];
  }

  SourceFormat sourceFormat() {
    return FORMATS[sourceFormat];
  }

  boolean has(byte flag) {
    return (flags & flag) != 0;
  }

  void set(byte flag, boolean on) {
    flags = (byte) (on ? flags | flag : flags & ~flag);
  }

  Activity activity() {
    if (activity == null) {
      activity = new Activity();
    }
    return activity;
  }

  /** The stable 64-bit id (SESSIONS.md §5): host, boot start, LUID and the logon's record id. */
  long hash() {
    long marker = logonRecordId != SessionEvent.NONE ? logonRecordId : logonTime ^ 0x5bd1e995L;
    if (has(F_ORPHAN)) {
      marker = ~marker;
    }
    long h = mix(host.nameHash ^ boot.start);
    h = mix(h + logonId * 0x9E3779B97F4A7C15L);
    return mix(h ^ marker);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** Lock, screensaver and RDP disconnect bookkeeping: allocated only for sessions that have any. */
  static final class Activity {
    long lockStart = SessionEvent.NONE;
    long lockedMillis;
    long disconnectStart = SessionEvent.NONE;
    long disconnectedMillis;
    int reconnects;
  }
}
