package org.winsession.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the simulator planted and what the session contract says must come of it, kept while the
 * records are generated. Sessions are named by host (the engine's short name), Logon ID and logon
 * time as written (milliseconds).
 */
final class GroundTruth {
  /** At most this many closed sessions are remembered (a sample at large scale). */
  static final int MAX_CLOSED = 200_000;

  /** One session. */
  record Key(String host, long logonId, long logonMillis) {}

  /** A planted token leak: a user logoff (4647/551) and no logoff, the host logging on past grace. */
  final List<Key> userLogoffLeaks = new ArrayList<>();
  /** A planted logon without logoff whose host kept logging past leak_after in the same boot. */
  final List<Key> thresholdLeaks = new ArrayList<>();
  /** Sessions whose logoff (4634/538) was written before their boot ended: logoff time. */
  final Map<Key, Long> closed = new LinkedHashMap<>();
  /**
   * Closed sessions whose logoff was written while the host's clock was behind the largest time
   * it had written (after an NTP step back): host event time has not moved between its user
   * logoff and its logoff.
   */
  final Set<Key> closedBehindClock = new java.util.HashSet<>();
  /** Hosts (short names) that write no logoff and no user logoff at all. */
  final Set<String> unauditedHosts = new TreeSet<>();
  /** Hosts (short names, every name they had) of the Windows 2003 machines. */
  final Set<String> nt5Hosts = new TreeSet<>();
  /** Machines renamed at a restart: old short name to new short name. */
  final Map<String, String> renames = new LinkedHashMap<>();
  int plantedUserLogoffLeaks;
  int plantedNeverLoggedOff;
  int crashes;
  int cleanRestarts;
  int unloggedStartups;
  int clockSteps;
  int uacPairs;
  int rdpReconnects;
  long records;
  long deliveredDuplicates;

  void closed(Key k, long logoffMillis, boolean behindClock) {
    if (closed.size() < MAX_CLOSED) {
      closed.put(k, logoffMillis);
      if (behindClock) {
        closedBehindClock.add(k);
      }
    }
  }

  @Override
  public String toString() {
    return records + " records, " + deliveredDuplicates + " duplicate deliveries; "
        + cleanRestarts + " clean restarts, " + crashes + " crashes, " + unloggedStartups
        + " startups not logged, " + clockSteps + " clock steps back, " + uacPairs
        + " UAC pairs, " + rdpReconnects + " RDP reconnects, " + plantedUserLogoffLeaks
        + " user logoffs without logoff (" + userLogoffLeaks.size() + " decidable), "
        + plantedNeverLoggedOff + " logons never logged off (" + thresholdLeaks.size()
        + " past leak_after), renames " + renames + ", unaudited " + unauditedHosts;
  }
}
