package org.winsession.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the engine keeps for one host: its current boot, host event time, clock steps, the
 * sessions of the boot by LUID, their leak deadlines, the per-channel record order, and whether it
 * audits logoffs (SESSIONS.md §4.1). Hosts never share state. Package-private; engine thread only.
 */
final class HostState {
  final String name;
  final long nameHash;
  Boot boot = new Boot(SessionEvent.NONE);
  long hostTime = SessionEvent.NONE;
  long lastEventTime = SessionEvent.NONE;
  int clockJumps;
  long pendingPrivileged;
  final LuidMap sessions = new LuidMap();
  /** Sessions the last shutdown ended, until the next startup: Windows often writes the 4647 or
   * 4634 of a session just after the 1100/4609 that ends its boot. */
  LuidMap ended = new LuidMap();
  long endedAt = SessionEvent.NONE;
  /** The boot the last shutdown ended: the boot of the sessions in {@link #ended}. */
  Boot endedBoot = boot;
  final DeadlineQueue deadlines = new DeadlineQueue();
  final List<RecordStream> streams = new ArrayList<>(2);
  /** Events of this host held for record order, over all its channels. */
  int waiting;
  /** This host's entries in the engine's arrival queue whose events already left the window. */
  int staleArrivals;
  final EngineStats.HostStats stats;
  /** The host has written a logoff or user logoff, in this run or an earlier one (§4.1). */
  boolean logoffAudited;
  /** Sessions rule 2 applies to that the host has opened, in every run so far. */
  long eligibleOpened;

  HostState(String name, EngineStats.HostStats stats) {
    this.name = name;
    this.nameHash = fnv1a64(name);
    this.stats = stats;
  }

  /** The host's audit state when {@code unauditedAfter} eligible sessions decide it (§4.1). */
  AuditState audit(int unauditedAfter) {
    if (logoffAudited) {
      return AuditState.LOGOFF_AUDITED;
    }
    return eligibleOpened >= unauditedAfter ? AuditState.LOGOFF_UNAUDITED : AuditState.UNDECIDED;
  }

  RecordStream stream(String channel) {
    for (int i = 0; i < streams.size(); i++) {
      RecordStream s = streams.get(i);
      if (s.channel == null ? channel == null : s.channel.equalsIgnoreCase(channel)) {
        return s;
      }
    }
    RecordStream s = new RecordStream(channel);
    streams.add(s);
    return s;
  }

  static long fnv1a64(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
