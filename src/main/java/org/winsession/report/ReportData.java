package org.winsession.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.winsession.event.EventKind;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.EventSink;
import org.winsession.session.EngineConfig;
import org.winsession.session.SessionEvent;
import org.winsession.session.SessionListener;

/**
 * What a report shows, gathered in one pass: the latest state of every session (from the engine),
 * and from the records themselves each host's boots, shutdowns and event times, successful and
 * failed logons per user and per source, the record ids of each logon session's events, and the
 * rejected records grouped by kind and reason. Every collection is bounded: past its bound a
 * count of what was left out is kept and the report says so.
 */
public final class ReportData implements EventSink, SessionListener {
  /** How many sessions the report keeps in detail, by default. */
  public static final int DEFAULT_MAX_SESSIONS = 100_000;
  private static final int MAX_RECORDS_PER_SESSION = 32;
  private static final int MAX_RECORD_KEYS = 2_000_000;
  private static final int MAX_ACCOUNTS = 50_000;
  private static final int MAX_REJECT_GROUPS = 500;
  private static final int EXAMPLES_PER_GROUP = 5;

  private final EngineConfig config;
  private final int maxSessions;
  private final LinkedHashMap<String, SessionEvent> sessions = new LinkedHashMap<>();
  private final LinkedHashMap<String, SessionEvent> leaks = new LinkedHashMap<>();
  private long sessionsLeftOut;
  private final TreeMap<String, HostLog> hosts = new TreeMap<>();
  private final Map<String, long[]> records = new HashMap<>();
  private long recordKeysLeftOut;
  private final TreeMap<String, Account> users = new TreeMap<>();
  private final TreeMap<String, Account> sources = new TreeMap<>();
  private long accountsLeftOut;
  private final LinkedHashMap<String, RejectGroup> rejected = new LinkedHashMap<>();
  private final Map<RejectKind, Long> rejectedByKind = new EnumMap<>(RejectKind.class);
  private long rejectedTotal;
  private long warnings;
  private long events;

  /** Data for a report of a run with {@code config}, keeping at most {@code maxSessions}. */
  public ReportData(EngineConfig config, int maxSessions) {
    this.config = config;
    this.maxSessions = maxSessions;
  }

  /** One host's boots, shutdowns and the times of its events (for leak evidence). */
  public static final class HostLog {
    final List<Long> boots = new ArrayList<>();
    final List<Long> shutdowns = new ArrayList<>();
    long[] times = new long[64];
    int count;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    private boolean sorted = true;

    void add(long t) {
      if (count == times.length) {
        times = Arrays.copyOf(times, count * 2);
      }
      if (count > 0 && t < times[count - 1]) {
        sorted = false;
      }
      times[count++] = t;
      first = Math.min(first, t);
      last = Math.max(last, t);
    }

    /** The first event time strictly after {@code t}, or {@link SessionEvent#NONE}. */
    long firstAfter(long t) {
      if (!sorted) {
        Arrays.sort(times, 0, count);
        sorted = true;
      }
      int i = Arrays.binarySearch(times, 0, count, t + 1);
      if (i < 0) {
        i = -i - 1;
      } else {
        while (i > 0 && times[i - 1] == t + 1) {
          i--;
        }
      }
      return i < count ? times[i] : SessionEvent.NONE;
    }

    /** How many events the host wrote. */
    public int events() {
      return count;
    }
  }

  /** Successful and failed logons of one user or one source. */
  public static final class Account {
    final Map<Integer, Long> logonsByType = new TreeMap<>();
    final Map<String, Long> failuresByStatus = new TreeMap<>();
    long logons;
    long failures;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
  }

  /** Rejected records of one kind whose reasons read alike (numbers aside). */
  public static final class RejectGroup {
    final RejectKind kind;
    final String pattern;
    long count;
    final List<RejectedRecord> examples = new ArrayList<>();

    RejectGroup(RejectKind kind, String pattern) {
      this.kind = kind;
      this.pattern = pattern;
    }
  }

  @Override
  public void event(SecurityEvent e) {
    events++;
    String host = config.hostNormalization().apply(e.host());
    HostLog log = hosts.computeIfAbsent(host, h -> new HostLog());
    log.add(e.timeMillis());
    if (e.kind() == EventKind.STARTUP) {
      log.boots.add(e.timeMillis());
    } else if (e.kind() == EventKind.SHUTDOWN) {
      log.shutdowns.add(e.timeMillis());
    }
    if (e.kind() == EventKind.LOGON || e.kind() == EventKind.LOGON_FAILED) {
      boolean ok = e.kind() == EventKind.LOGON;
      String user = e.user() == null ? "" : (e.domain() == null || e.domain().isEmpty() ? ""
          : e.domain() + "\\") + e.user();
      String source = e.srcIp() != null && !e.srcIp().isEmpty() && !e.srcIp().equals("-")
          ? e.srcIp() : e.srcWorkstation() != null && !e.srcWorkstation().isEmpty()
              ? e.srcWorkstation() : "(local)";
      count(users, user.isEmpty() ? "(unknown)" : user, e, ok);
      count(sources, source, e, ok);
    }
    if (e.logonId() != 0 && (e.kind() == EventKind.LOGON || e.kind() == EventKind.LOGOFF
        || e.kind() == EventKind.USER_LOGOFF || e.kind() == EventKind.RECONNECT
        || e.kind() == EventKind.DISCONNECT || e.kind() == EventKind.LOCK
        || e.kind() == EventKind.UNLOCK || e.kind() == EventKind.SPECIAL_PRIVILEGES)) {
      remember(host + "|" + Long.toHexString(e.logonId()), e);
    }
  }

  private void count(Map<String, Account> map, String key, SecurityEvent e, boolean ok) {
    Account a = map.get(key);
    if (a == null) {
      if (map.size() >= MAX_ACCOUNTS) {
        accountsLeftOut++;
        return;
      }
      a = new Account();
      map.put(key, a);
    }
    if (ok) {
      a.logons++;
      a.logonsByType.merge(e.logonType(), 1L, Long::sum);
    } else {
      a.failures++;
      String status = e.status() == null || e.status().isEmpty() ? "code " + e.eventCode()
          : e.status() + (e.subStatus() == null || e.subStatus().isEmpty()
              || e.subStatus().equals("0x0") ? "" : "/" + e.subStatus());
      a.failuresByStatus.merge(status, 1L, Long::sum);
    }
    a.first = Math.min(a.first, e.timeMillis());
    a.last = Math.max(a.last, e.timeMillis());
  }

  /** Keeps (time, code, record id) of a session's event, three longs each. */
  private void remember(String key, SecurityEvent e) {
    long[] r = records.get(key);
    if (r == null) {
      if (records.size() >= MAX_RECORD_KEYS) {
        recordKeysLeftOut++;
        return;
      }
      r = new long[1 + 3 * 4];
      records.put(key, r);
    }
    int n = (int) r[0];
    if (n >= MAX_RECORDS_PER_SESSION) {
      return;
    }
    if (1 + 3 * (n + 1) > r.length) {
      r = Arrays.copyOf(r, Math.min(1 + 3 * MAX_RECORDS_PER_SESSION, r.length * 2));
      records.put(key, r);
    }
    r[1 + 3 * n] = e.timeMillis();
    r[2 + 3 * n] = e.eventCode();
    r[3 + 3 * n] = e.recordId();
    r[0] = n + 1;
  }

  @Override
  public void rejected(RejectedRecord r) {
    rejectedTotal++;
    rejectedByKind.merge(r.kind(), 1L, Long::sum);
    String pattern = r.reason().replaceAll("0x[0-9A-Fa-f]+|\\d+", "#");
    String key = r.kind() + "|" + pattern;
    RejectGroup g = rejected.get(key);
    if (g == null) {
      if (rejected.size() >= MAX_REJECT_GROUPS) {
        key = r.kind() + "|(other reasons)";
        g = rejected.computeIfAbsent(key, k -> new RejectGroup(r.kind(), "(other reasons)"));
      } else {
        g = new RejectGroup(r.kind(), pattern);
        rejected.put(key, g);
      }
    }
    g.count++;
    if (g.examples.size() < EXAMPLES_PER_GROUP) {
      g.examples.add(r);
    }
  }

  @Override
  public void warning(RejectedRecord notice) {
    warnings++;
  }

  @Override
  public void session(SessionEvent e) {
    if (sessions.containsKey(e.sessionId()) || sessions.size() < maxSessions) {
      sessions.put(e.sessionId(), e);
      if (e.leak()) {
        leaks.put(e.sessionId(), e); // kept even when a late logoff closes it afterwards
      }
    } else {
      sessionsLeftOut++;
    }
  }

  /** The state in which each leaked session leaked (a late logoff does not undo the leak). */
  List<SessionEvent> leaks() {
    return new ArrayList<>(leaks.values());
  }

  /** The latest state of a session, or null when it was not kept. */
  SessionEvent latest(String sessionId) {
    return sessions.get(sessionId);
  }

  /** The record ids (with time and event code) of the events of one session, oldest first. */
  public List<long[]> recordsOf(SessionEvent s) {
    long[] r = records.get(s.host() + "|" + Long.toHexString(s.logonId()));
    List<long[]> out = new ArrayList<>();
    if (r == null) {
      return out;
    }
    long from = s.logonTime() == SessionEvent.NONE ? Long.MIN_VALUE : s.logonTime();
    long to = s.endTime() == SessionEvent.NONE ? Long.MAX_VALUE : s.endTime();
    for (int i = 0; i < r[0]; i++) {
      long t = r[1 + 3 * i];
      if (t >= from && t <= to) {
        out.add(new long[] {t, r[2 + 3 * i], r[3 + 3 * i]});
      }
    }
    return out;
  }

  /**
   * The leak deadline of a session: its user logoff plus logoff_grace for a user logoff without
   * logoff (leak rule 1), else its logon plus leak_after for its logon type (rule 2).
   */
  public long deadline(SessionEvent s) {
    if (s.leakReason() == org.winsession.session.LeakReason.USER_LOGOFF_WITHOUT_LOGOFF
        && s.userLogoffTime() != SessionEvent.NONE) {
      return s.userLogoffTime() + config.logoffGrace().toMillis();
    }
    Duration d = config.leakAfterByType().getOrDefault(s.logonType(), config.leakAfter());
    return s.logonTime() == SessionEvent.NONE ? SessionEvent.NONE : s.logonTime() + d.toMillis();
  }

  /** The first event of the session's host after its leak deadline, or {@link SessionEvent#NONE}. */
  public long passedDeadlineAt(SessionEvent s) {
    HostLog log = hosts.get(s.host());
    long deadline = deadline(s);
    return log == null || deadline == SessionEvent.NONE ? SessionEvent.NONE
        : log.firstAfter(deadline);
  }

  EngineConfig config() {
    return config;
  }

  List<SessionEvent> sessions() {
    return new ArrayList<>(sessions.values());
  }

  long sessionsLeftOut() {
    return sessionsLeftOut;
  }

  Map<String, HostLog> hosts() {
    return hosts;
  }

  Map<String, Account> users() {
    return users;
  }

  Map<String, Account> sources() {
    return sources;
  }

  long accountsLeftOut() {
    return accountsLeftOut;
  }

  List<RejectGroup> rejectGroups() {
    List<RejectGroup> out = new ArrayList<>(rejected.values());
    out.sort((a, b) -> Long.compare(b.count, a.count));
    return out;
  }

  long rejectedTotal() {
    return rejectedTotal;
  }

  Map<RejectKind, Long> rejectedByKind() {
    return rejectedByKind;
  }

  long warnings() {
    return warnings;
  }

  long events() {
    return events;
  }

  long recordKeysLeftOut() {
    return recordKeysLeftOut;
  }
}
