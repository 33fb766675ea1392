package org.winsession.session;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters of one engine run: events in, duplicates, events out of order, session events by status,
 * leaks by rule, evictions, and the same per host. Read them after {@link SessionEngine#finish()};
 * engine thread only.
 */
public final class EngineStats {
  long events;
  long duplicates;
  long outOfOrder;
  long evicted;
  long evictedLeaked;
  final long[] byStatus = new long[SessionStatus.values().length];
  final long[] leaksByReason = new long[LeakReason.values().length];
  final Map<String, HostStats> hosts = new TreeMap<>();

  /** Events accepted, duplicates included. */
  public long events() {
    return events;
  }

  /** Events ignored because the same host, channel and record id was already processed. */
  public long duplicates() {
    return duplicates;
  }

  /** Events that arrived after a higher record id of their host and channel had been processed. */
  public long outOfOrder() {
    return outOfOrder;
  }

  /** Open sessions emitted with {@code end_reason = evicted} because of the state cap. */
  public long evicted() {
    return evicted;
  }

  /** Leaked sessions (already emitted) dropped from state because of the state cap. */
  public long evictedLeaked() {
    return evictedLeaked;
  }

  /** Session events emitted by final status; the end-of-run {@code open} events included. */
  public Map<SessionStatus, Long> byStatus() {
    Map<SessionStatus, Long> m = new EnumMap<>(SessionStatus.class);
    for (SessionStatus s : SessionStatus.values()) {
      m.put(s, byStatus[s.ordinal()]);
    }
    return m;
  }

  /** Leaks detected by rule. */
  public Map<LeakReason, Long> leaks() {
    Map<LeakReason, Long> m = new EnumMap<>(LeakReason.class);
    for (LeakReason r : LeakReason.values()) {
      m.put(r, leaksByReason[r.ordinal()]);
    }
    return m;
  }

  /** Per normalized host name, sorted by name. */
  public Map<String, HostStats> hosts() {
    return Collections.unmodifiableMap(hosts);
  }

  /** Counters of one host. */
  public static final class HostStats {
    long events;
    long boots;
    long inferredBoots;
    final long[] byStatus = new long[SessionStatus.values().length];

    /** Events of this host, duplicates included. */
    public long events() {
      return events;
    }

    /** Startups seen. */
    public long boots() {
      return boots;
    }

    /**
     * Restarts inferred without a startup event: SYSTEM logged on with type 0 (which LSASS does
     * once per boot) while a SYSTEM session of the boot was open.
     */
    public long inferredBoots() {
      return inferredBoots;
    }

    /** Session events emitted with this status. */
    public long count(SessionStatus s) {
      return byStatus[s.ordinal()];
    }
  }
}
