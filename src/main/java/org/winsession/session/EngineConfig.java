package org.winsession.session;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The session engine's settings (SESSIONS.md §2-§4); immutable.
 *
 * @param leakAfter rule 2 threshold: no logoff within this time of the logon is a leak (24h)
 * @param leakAfterByType per-logon-type overrides of {@code leakAfter}, keyed by type 0..13
 * @param logoffGrace rule 1 grace: a user logoff must be followed by a logoff within this (2 min)
 * @param hostNormalization how host names are keyed ({@link HostNormalization#SHORT})
 * @param maxOpenSessions the most sessions held in state; past it the oldest is emitted with
 *     {@code end_reason = evicted} and forgotten (1,000,000)
 * @param emitOpen whether a session event is emitted when a session opens
 * @param clockTolerance how far a host's clock may step back before sessions open across the step
 *     are marked {@code clock_anomaly} (1 s: events of one burst are not written in time order)
 * @param reorderWindow how many events of one host are held to restore that host's record-id
 *     order (100,000); an event arriving later than that is processed where it arrives and counted
 * @param unauditedAfter how many sessions rule 2 applies to a host may open without ever writing
 *     a logoff or user logoff before it counts as not auditing logoffs (SESSIONS.md §4.1; 20)
 * @param maxHeldEvents the most events held for ordering across all hosts, a memory bound
 *     (100,000); past it the host whose held events arrived first releases its next one
 */
public record EngineConfig(
    Duration leakAfter,
    Map<Integer, Duration> leakAfterByType,
    Duration logoffGrace,
    HostNormalization hostNormalization,
    int maxOpenSessions,
    boolean emitOpen,
    Duration clockTolerance,
    int reorderWindow,
    int unauditedAfter,
    int maxHeldEvents) {

  /** The default of {@link #unauditedAfter()} (SESSIONS.md §4.1). */
  public static final int DEFAULT_UNAUDITED_AFTER = 20;

  /** The default of {@link #maxHeldEvents()}: the memory the reorder window had when shared. */
  public static final int DEFAULT_MAX_HELD_EVENTS = 100_000;

  /** The defaults the contract names. */
  public static final EngineConfig DEFAULT = new EngineConfig(Duration.ofHours(24), Map.of(),
      Duration.ofMinutes(2), HostNormalization.SHORT, 1_000_000, false, Duration.ofSeconds(1),
      100_000, DEFAULT_UNAUDITED_AFTER, DEFAULT_MAX_HELD_EVENTS);

  /** These settings with the default {@code maxHeldEvents}. */
  public EngineConfig(Duration leakAfter, Map<Integer, Duration> leakAfterByType,
      Duration logoffGrace, HostNormalization hostNormalization, int maxOpenSessions,
      boolean emitOpen, Duration clockTolerance, int reorderWindow, int unauditedAfter) {
    this(leakAfter, leakAfterByType, logoffGrace, hostNormalization, maxOpenSessions, emitOpen,
        clockTolerance, reorderWindow, unauditedAfter, DEFAULT_MAX_HELD_EVENTS);
  }

  /** These settings with the default {@code unauditedAfter} and {@code maxHeldEvents}. */
  public EngineConfig(Duration leakAfter, Map<Integer, Duration> leakAfterByType,
      Duration logoffGrace, HostNormalization hostNormalization, int maxOpenSessions,
      boolean emitOpen, Duration clockTolerance, int reorderWindow) {
    this(leakAfter, leakAfterByType, logoffGrace, hostNormalization, maxOpenSessions, emitOpen,
        clockTolerance, reorderWindow, DEFAULT_UNAUDITED_AFTER);
  }

  /** Validates every setting. */
  public EngineConfig {
    Objects.requireNonNull(leakAfter, "leakAfter");
    Objects.requireNonNull(logoffGrace, "logoffGrace");
    Objects.requireNonNull(hostNormalization, "hostNormalization");
    Objects.requireNonNull(clockTolerance, "clockTolerance");
    leakAfterByType = Map.copyOf(new TreeMap<>(leakAfterByType));
    requirePositive("leak_after", leakAfter);
    requirePositive("logoff_grace", logoffGrace);
    if (clockTolerance.isNegative()) {
      throw new IllegalArgumentException("clock_tolerance " + clockTolerance + ": expected >= 0");
    }
    for (Map.Entry<Integer, Duration> e : leakAfterByType.entrySet()) {
      if (e.getKey() < 0 || e.getKey() > 13) {
        throw new IllegalArgumentException("leak_after_by_type: logon type " + e.getKey()
            + " is not a Windows logon type (expected 0..13)");
      }
      requirePositive("leak_after_by_type for type " + e.getKey(), e.getValue());
    }
    if (maxOpenSessions < 1) {
      throw new IllegalArgumentException("max_open_sessions " + maxOpenSessions + ": expected >= 1");
    }
    if (reorderWindow < 0) {
      throw new IllegalArgumentException("reorder_window " + reorderWindow + ": expected >= 0");
    }
    if (maxHeldEvents < 0) {
      throw new IllegalArgumentException("max_held_events " + maxHeldEvents + ": expected >= 0");
    }
    if (unauditedAfter < 1) {
      throw new IllegalArgumentException("unaudited_after " + unauditedAfter + ": expected >= 1");
    }
  }

  /** The rule 2 threshold of each logon type 0..13 in milliseconds. */
  long[] leakAfterMillisByType() {
    long[] out = new long[14];
    Arrays.fill(out, leakAfter.toMillis());
    leakAfterByType.forEach((type, d) -> out[type] = d.toMillis());
    return out;
  }

  /** A copy with another {@code leakAfter}. */
  public EngineConfig withLeakAfter(Duration d) {
    return new EngineConfig(d, leakAfterByType, logoffGrace, hostNormalization, maxOpenSessions,
        emitOpen, clockTolerance, reorderWindow, unauditedAfter, maxHeldEvents);
  }

  /** A copy with other per-type thresholds. */
  public EngineConfig withLeakAfterByType(Map<Integer, Duration> m) {
    return new EngineConfig(leakAfter, m, logoffGrace, hostNormalization, maxOpenSessions,
        emitOpen, clockTolerance, reorderWindow, unauditedAfter, maxHeldEvents);
  }

  /** A copy with another {@code logoffGrace}. */
  public EngineConfig withLogoffGrace(Duration d) {
    return new EngineConfig(leakAfter, leakAfterByType, d, hostNormalization, maxOpenSessions,
        emitOpen, clockTolerance, reorderWindow, unauditedAfter, maxHeldEvents);
  }

  /** A copy with another host normalization. */
  public EngineConfig withHostNormalization(HostNormalization h) {
    return new EngineConfig(leakAfter, leakAfterByType, logoffGrace, h, maxOpenSessions, emitOpen,
        clockTolerance, reorderWindow, unauditedAfter, maxHeldEvents);
  }

  /** A copy with another state cap. */
  public EngineConfig withMaxOpenSessions(int n) {
    return new EngineConfig(leakAfter, leakAfterByType, logoffGrace, hostNormalization, n,
        emitOpen, clockTolerance, reorderWindow, unauditedAfter, maxHeldEvents);
  }

  /** A copy that does or does not emit {@code open} events. */
  public EngineConfig withEmitOpen(boolean b) {
    return new EngineConfig(leakAfter, leakAfterByType, logoffGrace, hostNormalization,
        maxOpenSessions, b, clockTolerance, reorderWindow, unauditedAfter, maxHeldEvents);
  }

  /** A copy with another clock tolerance. */
  public EngineConfig withClockTolerance(Duration d) {
    return new EngineConfig(leakAfter, leakAfterByType, logoffGrace, hostNormalization,
        maxOpenSessions, emitOpen, d, reorderWindow, unauditedAfter, maxHeldEvents);
  }

  /** A copy with another reorder window. */
  public EngineConfig withReorderWindow(int n) {
    return new EngineConfig(leakAfter, leakAfterByType, logoffGrace, hostNormalization,
        maxOpenSessions, emitOpen, clockTolerance, n, unauditedAfter, maxHeldEvents);
  }

  /** A copy with another {@code unauditedAfter}. */
  public EngineConfig withUnauditedAfter(int n) {
    return new EngineConfig(leakAfter, leakAfterByType, logoffGrace, hostNormalization,
        maxOpenSessions, emitOpen, clockTolerance, reorderWindow, n, maxHeldEvents);
  }

  /** A copy with another bound on the events held for ordering across hosts. */
  public EngineConfig withMaxHeldEvents(int n) {
    return new EngineConfig(leakAfter, leakAfterByType, logoffGrace, hostNormalization,
        maxOpenSessions, emitOpen, clockTolerance, reorderWindow, unauditedAfter, n);
  }

  private static void requirePositive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " " + d + ": expected a positive duration");
    }
  }
}
