package org.winsession.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.winsession.event.EventKind;
import org.winsession.event.LogonIds;
import org.winsession.event.SecurityEvent;

/**
 * Rebuilds logon sessions from normalized events and emits a {@link SessionEvent} at every
 * reportable state change: the whole of SESSIONS.md §2-§5.
 *
 * <p>Sessions are keyed by (host, boot, LUID). Events of one host are processed in record-id order
 * per channel, channels merged by time: each host holds up to {@link EngineConfig#reorderWindow()}
 * of its own events to restore it, and all hosts together at most {@link
 * EngineConfig#maxHeldEvents()}, past which the host whose held events arrived first releases its
 * next (SESSIONS.md §2). An event whose host, channel and record id were already processed is
 * ignored. All time
 * comes from the events: leak deadlines are compared with <em>host event time</em>, the largest event
 * time seen from the host in the current boot. Sessions held in state are capped by
 * {@link EngineConfig#maxOpenSessions()}; the oldest is then emitted with {@code end_reason =
 * evicted}, never dropped unseen. Each host carries its {@link AuditState} (§4.1): on a host that
 * does not audit logoffs a passing rule 2 deadline emits {@code unaudited}, not a leak. Every
 * session event is one row of the {@link Transition} table.
 *
 * <p>Deterministic: the same events in the same order give the same session events in the same
 * order. Not thread-safe: one thread calls {@link #accept}, then {@link #finish} once.
 */
public final class SessionEngine {
  private static final Comparator<Session> LOGON_ORDER =
      Comparator.comparingLong((Session s) -> s.logonRecordId())
          .thenComparingLong(s -> s.logonTime)
          .thenComparingLong(s -> s.logonId);

  private static final long SYSTEM_LUID = 0x3e7L;

  private final EngineConfig config;
  private final SessionListener listener;
  private final long[] leakAfterByType;
  private final long graceMillis;
  private final long toleranceMillis;
  private final int reorderWindow;
  private final int maxHeldEvents;
  private final int unauditedAfter;
  private final Map<String, HostState> hostsByRawName = new HashMap<>();
  private final Map<String, HostState> hosts = new HashMap<>();
  private final ArrayDeque<Session> heldQueue = new ArrayDeque<>();
  /**
   * One entry per event held for ordering, its host, in arrival order: a host's live entries are
   * its latest {@link HostState#waiting}; the {@link HostState#staleArrivals} before them belong
   * to events its own window already released and are skipped.
   */
  private final ArrayDeque<HostState> arrivals = new ArrayDeque<>();
  private final ValuePool<String> strings = new ValuePool<>();
  /*
   * What sessions share, each a direct-mapped cache (a slot keeps the last tuple that hashed to
   * it: a miss costs a copy, never a wrong value), looked up without allocating.
   */
  private static final int TUPLE_SLOTS = 1 << 16;
  private final Session.Account[] accounts = new Session.Account[TUPLE_SLOTS];
  private final Session.Origin[] origins = new Session.Origin[TUPLE_SLOTS];
  private final Session.Source[] sources = new Session.Source[TUPLE_SLOTS];
  private final EngineStats stats = new EngineStats();
  private int held;
  private int buffered;

  /** An engine with these settings that emits to {@code listener}. */
  public SessionEngine(EngineConfig config, SessionListener listener) {
    this.config = config;
    this.listener = listener;
    this.leakAfterByType = config.leakAfterMillisByType();
    this.graceMillis = config.logoffGrace().toMillis();
    this.toleranceMillis = config.clockTolerance().toMillis();
    this.reorderWindow = config.reorderWindow();
    this.maxHeldEvents = config.maxHeldEvents();
    this.unauditedAfter = config.unauditedAfter();
  }

  /** Counters so far. */
  public EngineStats stats() {
    return stats;
  }

  /** Sessions held in state now: open ones and leaked ones still waiting for a late logoff. */
  public int heldSessions() {
    return held;
  }

  /** Takes one event; session events it completes are emitted before this returns or later. */
  public void accept(SecurityEvent e) {
    stats.events++;
    HostState h = host(e.host());
    h.stats.events++;
    if (!e.hasRecordId()) {
      process(h, e); // no record id: the source's order is the order (SESSIONS.md §2)
      return;
    }
    h.stream(e.channel()).offer(e);
    h.waiting++;
    buffered++;
    arrivals.addLast(h);
    if (h.waiting > reorderWindow) {
      releaseNext(h); // the host's own window is full: its earliest in record order leaves
      h.staleArrivals++;
    }
    while (buffered > maxHeldEvents) {
      HostState first = arrivals.pollFirst(); // the memory bound: the longest-held host yields
      if (first.staleArrivals > 0) {
        first.staleArrivals--;
      } else {
        releaseNext(first);
      }
    }
    if (arrivals.size() > 2 * buffered + 1024) {
      dropStaleArrivals();
    }
  }

  /** Removes the arrival entries of released events, keeping each host's latest live ones. */
  private void dropStaleArrivals() {
    int n = arrivals.size();
    for (int i = 0; i < n; i++) {
      HostState x = arrivals.pollFirst();
      if (x.staleArrivals > 0) {
        x.staleArrivals--;
      } else {
        arrivals.addLast(x);
      }
    }
  }

  /** Processes every event still held for ordering. Call before reading final state. */
  public void flush() {
    List<HostState> all = new ArrayList<>(hosts.values());
    all.sort(Comparator.comparing(x -> x.name));
    for (HostState h : all) {
      while (releaseNext(h)) {
        // drained one event
      }
      h.staleArrivals = 0;
    }
    arrivals.clear();
  }

  /**
   * Ends a run: {@link #flush()}, then every session still open is emitted as {@code open}, hosts
   * in name order and sessions in logon order (SESSIONS.md §5, end of a CLI run).
   */
  public void finish() {
    flush();
    List<HostState> all = new ArrayList<>(hosts.values());
    all.sort(Comparator.comparing(x -> x.name));
    for (HostState h : all) {
      List<Session> open = h.sessions.values();
      open.sort(LOGON_ORDER);
      for (Session s : open) {
        if (s.status() == SessionStatus.OPEN) {
          emit(s, h.hostTime, Transition.OPENED);
        }
      }
    }
  }

  /**
   * A host's audit state (SESSIONS.md §4.1), by its normalized name; {@link
   * AuditState#UNDECIDED} for a host never seen.
   */
  public AuditState auditState(String host) {
    HostState h = hosts.get(host);
    return h == null ? AuditState.UNDECIDED : h.audit(unauditedAfter);
  }

  /**
   * The hosts that do not audit logoffs (SESSIONS.md §4.1), by name, each with the number of
   * sessions rule 2 applies to it has opened (in every run the saved state covers).
   */
  public Map<String, Long> unauditedHosts() {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (HostState h : hosts.values()) {
      if (h.audit(unauditedAfter) == AuditState.LOGOFF_UNAUDITED) {
        out.put(h.name, h.eligibleOpened);
      }
    }
    return out;
  }

  /**
   * Checks the engine's own structures against each other and throws {@link
   * IllegalStateException} naming the first thing that is wrong: every event waiting for record
   * order is counted, each host holds no more than its reorder window and all hosts no more than
   * {@code max_held_events}, and the arrival queue has one entry per held or skipped event of each
   * host; every held session is in its host's session map under its LUID, in the
   * current boot, exactly once in the eviction queue, and counted; the deadline heap of each host
   * is a heap, indexes its sessions correctly and holds exactly the open held sessions that have
   * a deadline; sessions a shutdown ended are no longer held; the state cap holds; per-host
   * counters add up to the engine's. Costs time linear in the state: for tests.
   */
  public void checkInvariants() {
    long waiting = 0;
    long heldInMaps = 0;
    long events = 0;
    long[] byStatus = new long[stats.byStatus.length];
    if (!stats.hosts.keySet().equals(hosts.keySet())) {
      throw broken("host counters " + stats.hosts.keySet() + " are not the hosts "
          + hosts.keySet());
    }
    for (Map.Entry<String, HostState> raw : hostsByRawName.entrySet()) {
      if (hosts.get(raw.getValue().name) != raw.getValue()) {
        throw broken("raw host name '" + raw.getKey() + "' maps to a host not in the host table");
      }
    }
    for (HostState h : hosts.values()) {
      events += h.stats.events;
      for (int i = 0; i < byStatus.length; i++) {
        byStatus[i] += h.stats.byStatus[i];
      }
      long mine = 0;
      for (RecordStream rs : h.streams) {
        mine += rs.size();
      }
      if (mine != h.waiting) {
        throw broken("host " + h.name + " holds " + mine + " events for record order but counts "
            + h.waiting);
      }
      if (h.waiting > reorderWindow) {
        throw broken("host " + h.name + " holds " + h.waiting + " events, above its reorder"
            + " window " + reorderWindow);
      }
      waiting += mine;
      if (h.eligibleOpened < 0) {
        throw broken("host " + h.name + " counts " + h.eligibleOpened + " eligible sessions");
      }
      List<Session> mapped = h.sessions.values();
      if (mapped.size() != h.sessions.size()) {
        throw broken("host " + h.name + " session map holds " + mapped.size()
            + " entries but counts " + h.sessions.size());
      }
      int withDeadline = 0;
      for (Session s : mapped) {
        String who = "session " + LogonIds.format(s.logonId) + " of host " + h.name;
        if (h.sessions.get(s.logonId) != s) {
          throw broken(who + " is not found under its own LUID in the session map");
        }
        if (s.host != h || s.has(Session.F_ENDED)) {
          throw broken(who + " is mapped under a host or boot it does not belong to");
        }
        if (!s.has(Session.F_HELD)) {
          throw broken(who + " is in the session map but not marked held");
        }
        SessionStatus st = s.status();
        if (st != SessionStatus.OPEN && st != SessionStatus.LEAKED) {
          throw broken(who + " is held with status " + st.wireName());
        }
        boolean queued = s.heapIndex >= 0;
        if (st == SessionStatus.OPEN && queued != (s.deadline != Long.MAX_VALUE)) {
          throw broken(who + " is open with deadline " + s.deadline + " but "
              + (queued ? "" : "not ") + "in the deadline heap");
        }
        if (st == SessionStatus.LEAKED && queued) {
          throw broken(who + " is leaked but still in the deadline heap");
        }
        if (queued) {
          withDeadline++;
        }
      }
      heldInMaps += mapped.size();
      String heap = h.deadlines.check();
      if (heap != null) {
        throw broken("deadline heap of host " + h.name + ": " + heap);
      }
      if (h.deadlines.size() != withDeadline) {
        throw broken("deadline heap of host " + h.name + " holds " + h.deadlines.size()
            + " sessions; " + withDeadline + " of its mapped sessions are in it");
      }
      for (Session s : h.ended.values()) {
        if (s.host != h || !s.has(Session.F_ENDED)) {
          throw broken("session " + LogonIds.format(s.logonId) + " of host " + h.name
              + " ended by a shutdown is not marked of the ended boot");
        }
        if (h.ended.get(s.logonId) != s) {
          throw broken("session " + LogonIds.format(s.logonId) + " of host " + h.name
              + " ended by a shutdown is not found under its own LUID");
        }
        if (s.has(Session.F_HELD) || s.heapIndex >= 0) {
          throw broken("session " + LogonIds.format(s.logonId) + " of host " + h.name
              + " ended by a shutdown is still held or has a deadline");
        }
        if (s.status() != SessionStatus.ENDED_BY_SHUTDOWN
            && s.status() != SessionStatus.LEAKED) {
          throw broken("session " + LogonIds.format(s.logonId) + " of host " + h.name
              + " ended by a shutdown has status " + s.status().wireName());
        }
      }
    }
    if (waiting != buffered) {
      throw broken(waiting + " events wait for record order but " + buffered + " are counted");
    }
    if (buffered > maxHeldEvents) {
      throw broken(buffered + " events wait for record order, above max_held_events "
          + maxHeldEvents);
    }
    Map<HostState, Integer> entries = new java.util.IdentityHashMap<>();
    for (HostState x : arrivals) {
      entries.merge(x, 1, Integer::sum);
    }
    for (HostState h : hosts.values()) {
      int have = entries.getOrDefault(h, 0);
      if (have != h.waiting + h.staleArrivals || h.staleArrivals < 0) {
        throw broken("host " + h.name + " has " + have + " entries in the arrival queue for "
            + h.waiting + " held events and " + h.staleArrivals + " released ones");
      }
    }
    if (heldInMaps != held) {
      throw broken(heldInMaps + " sessions are in the session maps but " + held
          + " are counted held");
    }
    if (held > config.maxOpenSessions()) {
      throw broken(held + " sessions held, above max_open_sessions " + config.maxOpenSessions());
    }
    Map<Session, Boolean> inQueue = new java.util.IdentityHashMap<>();
    for (Session s : heldQueue) {
      if (s.has(Session.F_HELD) && inQueue.put(s, Boolean.TRUE) != null) {
        throw broken("session " + LogonIds.format(s.logonId) + " of host " + s.host.name
            + " is twice in the eviction queue");
      }
    }
    if (inQueue.size() != held) {
      throw broken(inQueue.size() + " held sessions are in the eviction queue but " + held
          + " are held");
    }
    if (events != stats.events) {
      throw broken("hosts count " + events + " events, the engine " + stats.events);
    }
    if (!java.util.Arrays.equals(byStatus, stats.byStatus)) {
      throw broken("session events by status per host " + java.util.Arrays.toString(byStatus)
          + " do not add up to the engine's " + java.util.Arrays.toString(stats.byStatus));
    }
  }

  private static IllegalStateException broken(String what) {
    return new IllegalStateException("engine invariant broken: " + what);
  }

  /** Events held for record-id ordering, not yet processed. */
  int bufferedEvents() {
    return buffered;
  }

  /** Every host, by name. */
  List<HostState> hostsByName() {
    List<HostState> all = new ArrayList<>(hosts.values());
    all.sort(Comparator.comparing(x -> x.name));
    return all;
  }

  /** Each held session's position in the eviction order (oldest first). */
  Map<Session, Integer> heldOrder() {
    Map<Session, Integer> order = new java.util.IdentityHashMap<>();
    for (Session s : heldQueue) {
      if (s.has(Session.F_HELD) && !order.containsKey(s)) {
        order.put(s, order.size());
      }
    }
    return order;
  }

  /** A host restored from a state, keyed by its normalized name. */
  HostState restoreHost(String name) {
    EngineStats.HostStats hs = new EngineStats.HostStats();
    stats.hosts.put(name, hs);
    HostState h = new HostState(name, hs);
    hosts.put(name, h);
    return h;
  }

  /** The eviction order of restored sessions. */
  void restoreHeld(List<EngineState.Held> restored) {
    restored.sort(Comparator.comparingInt(EngineState.Held::order));
    for (EngineState.Held x : restored) {
      heldQueue.addLast(x.session());
      held++;
    }
  }

  private HostState host(String raw) {
    HostState h = hostsByRawName.get(raw);
    if (h == null) {
      String name = config.hostNormalization().apply(raw);
      h = hosts.get(name);
      if (h == null) {
        EngineStats.HostStats hs = new EngineStats.HostStats();
        stats.hosts.put(name, hs);
        h = new HostState(name, hs);
        hosts.put(name, h);
      }
      hostsByRawName.put(raw, h);
    }
    return h;
  }

  /** Processes the next event of a host in order: the earliest-time head among its channels. */
  private boolean releaseNext(HostState h) {
    RecordStream best = null;
    SecurityEvent head = null;
    for (int i = 0; i < h.streams.size(); i++) {
      RecordStream rs = h.streams.get(i);
      SecurityEvent x = rs.peek();
      if (x != null && (head == null || x.timeMillis() < head.timeMillis())) {
        best = rs;
        head = x;
      }
    }
    if (best == null) {
      return false;
    }
    best.poll();
    h.waiting--;
    buffered--;
    long id = head.recordId();
    if (!best.processed.add(id)) {
      stats.duplicates++;
      return true;
    }
    if (id < best.lastReleased) {
      stats.outOfOrder++;
    } else {
      best.lastReleased = id;
    }
    process(h, head);
    return true;
  }

  private void process(HostState h, SecurityEvent e) {
    if (isLogServiceNotice(e)) {
      return; // about the log, not the host: no sign of life, no host time, no leak deadline
    }
    long t = e.timeMillis();
    long prev = h.hostTime;
    if (h.lastEventTime != SessionEvent.NONE && t < h.lastEventTime - toleranceMillis) {
      h.clockJumps++; // the clock stepped back between two consecutive records
    }
    h.lastEventTime = t;
    long now = prev == SessionEvent.NONE ? t : Math.max(prev, t);
    EventKind kind = e.kind();
    boolean ownEnd = kind == EventKind.LOGOFF || kind == EventKind.USER_LOGOFF;
    if (ownEnd) {
      // §4.1: the host audits logoffs from this event on, the deadlines it passes included
      h.logoffAudited = true;
    }
    if (kind != EventKind.STARTUP) {
      // A startup proves nothing about the time before it (the host may have been off): it ends
      // the boot at the last event seen, so deadlines past that never fire because of it.
      fireDeadlines(h, now, ownEnd ? e.logonId() : LogonIds.NONE);
    }
    h.hostTime = now;
    switch (kind) {
      case LOGON:
        if (isBootLogon(h, e)) {
          // LSASS logs SYSTEM on with type 0 once per boot: a second one in the same boot means
          // the host restarted without a startup event in the data (NT5 logs often have none)
          startBoot(h, prev, now, t);
          h.stats.inferredBoots++;
        }
        logon(h, e, t);
        break;
      case LOGOFF:
        logoff(h, e, t, now);
        break;
      case USER_LOGOFF:
        userLogoff(h, e, t);
        break;
      case SPECIAL_PRIVILEGES:
        Session p = openSession(h, e.logonId());
        if (p != null) {
          p.set(Session.F_PRIVILEGED, true);
        } else {
          h.pendingPrivileged = e.logonId(); // 4672 written just before its 4624
        }
        break;
      case LOCK:
      case SCREENSAVER_ON:
        Session l = openSession(h, e.logonId());
        if (l != null && l.rare().lockStart == SessionEvent.NONE) {
          l.rare.lockStart = t;
        }
        break;
      case UNLOCK:
      case SCREENSAVER_OFF:
        Session u = openSession(h, e.logonId());
        if (u != null && u.rare != null && u.rare.lockStart != SessionEvent.NONE) {
          u.rare.lockedMillis += Math.max(0, t - u.rare.lockStart);
          u.rare.lockStart = SessionEvent.NONE;
        }
        break;
      case DISCONNECT:
        Session d = openSession(h, e.logonId());
        if (d != null && d.rare().disconnectStart == SessionEvent.NONE) {
          d.rare.disconnectStart = t;
        }
        break;
      case RECONNECT:
        Session r = openSession(h, e.logonId());
        if (r != null) {
          Session.Rare a = r.rare();
          if (a.disconnectStart != SessionEvent.NONE) {
            a.disconnectedMillis += Math.max(0, t - a.disconnectStart);
            a.disconnectStart = SessionEvent.NONE;
          }
          a.reconnects++;
        }
        break;
      case STARTUP:
        startBoot(h, prev, now, t);
        h.stats.boots++;
        break;
      case SHUTDOWN:
        h.ended = new LuidMap();
        h.endedAt = t;
        endBoot(h, EndReason.SHUTDOWN, t, now);
        h.boot = new Boot(SessionEvent.NONE); // host time goes on: only a startup restarts it
        break;
      default:
        break; // failures, explicit credentials, log clears and other codes open no session
    }
  }

  /**
   * Notices the event log service writes at boot about an earlier period: 1101 audit events
   * dropped, 4612/516 audit queue overflow, System 6008 unexpected shutdown. Their time says
   * nothing about the host being up (python-evtx security.evtx record 2198: a 1101 stamped after
   * the 4608 that follows a three-week gap).
   */
  private static boolean isLogServiceNotice(SecurityEvent e) {
    int c = e.eventCode();
    return e.kind() == EventKind.OTHER && (c == 1101 || c == 4612 || c == 516 || c == 6008);
  }

  /** Ends the running boot at the host's last event and starts one at {@code t}. */
  private void startBoot(HostState h, long prev, long now, long t) {
    endBoot(h, EndReason.STARTUP, prev, now);
    h.ended = new LuidMap();
    h.endedAt = SessionEvent.NONE;
    h.boot = new Boot(t);
    h.hostTime = t; // host event time is per boot
  }

  private static boolean isBootLogon(HostState h, SecurityEvent e) {
    if (e.logonType() != 0 || e.logonId() != SYSTEM_LUID) {
      return false;
    }
    Session system = h.sessions.get(SYSTEM_LUID);
    return system != null && system.status() == SessionStatus.OPEN;
  }

  private Session openSession(HostState h, long luid) {
    Session s = luid == LogonIds.NONE ? null : h.sessions.get(luid);
    return s != null && s.status() == SessionStatus.OPEN ? s : null;
  }

  private void logon(HostState h, SecurityEvent e, long t) {
    long luid = e.logonId();
    Session old = h.sessions.get(luid);
    if (old != null) {
      if (old.status() == SessionStatus.OPEN && LogonIds.isWellKnown(luid)) {
        old.rare().logonCount++; // SYSTEM and friends are announced again at every service start
        return;
      }
      forget(old);
      if (old.status() == SessionStatus.OPEN) {
        emit(old, h.hostTime, Transition.SUPERSEDED);
      }
    }
    Session s = new Session(h, luid);
    fill(s, e);
    s.logonTime = t;
    s.logonRecordId(e.hasRecordId() ? e.recordId() : SessionEvent.NONE);
    long linked = e.linkedLogonId();
    if (h.pendingPrivileged == luid) {
      s.set(Session.F_PRIVILEGED, true);
    }
    h.pendingPrivileged = LogonIds.NONE;
    if (linked != LogonIds.NONE) {
      s.rare().linkedLogonId = linked;
      Session other = h.sessions.get(linked);
      if (other != null && other.status() == SessionStatus.OPEN
          && (other.linkedLogonId() == luid || other.linkedLogonId() == LogonIds.NONE)) {
        s.rare.linkedSessionHash = other.hash();
        other.rare().linkedSessionHash = s.hash();
      }
    }
    if (leaksByThreshold(s)) {
      h.eligibleOpened++; // counts towards the host's audit state (§4.1)
      // on host event time: after a clock step back the logon's own time is behind the host's
      s.deadline = h.hostTime + leakAfterByType[Math.max(0, (int) s.origin.logonType())];
      h.deadlines.add(s);
    }
    hold(h, s);
    if (config.emitOpen()) {
      emit(s, h.hostTime, Transition.OPENED);
    }
  }

  /** Rule 2 exemptions: types 0 and 5, the well-known LUIDs and virtual accounts. */
  private static boolean leaksByThreshold(Session s) {
    int type = s.origin.logonType();
    return type != 0 && type != 5 && !LogonIds.isWellKnown(s.logonId)
        && s.account.accountClass() != AccountClass.VIRTUAL;
  }

  private void logoff(HostState h, SecurityEvent e, long t, long now) {
    Session s = h.sessions.get(e.logonId());
    if (s == null && (s = h.ended.get(e.logonId())) != null) {
      h.ended.remove(e.logonId()); // written just after the shutdown that ended its boot
      emit(s, now, Transition.logoff(s.has(Session.F_ORPHAN),
          s.status() == SessionStatus.LEAKED), t, e.eventCode());
      return;
    }
    if (s == null) {
      Session orphan = new Session(h, e.logonId());
      fill(orphan, e);
      orphan.logonTime = SessionEvent.NONE;
      orphan.logonRecordId(e.hasRecordId() ? e.recordId() : t);
      orphan.set(Session.F_ORPHAN, true);
      emit(orphan, now, Transition.ORPHAN_LOGOFF, t, e.eventCode());
      return;
    }
    forget(s);
    emit(s, now, Transition.logoff(s.has(Session.F_ORPHAN), s.status() == SessionStatus.LEAKED),
        t, e.eventCode());
  }

  private void userLogoff(HostState h, SecurityEvent e, long t) {
    Session s = h.sessions.get(e.logonId());
    Session done = s == null ? h.ended.get(e.logonId()) : null;
    if (done != null) { // written just after the shutdown that ended its boot
      if (done.status() == SessionStatus.ENDED_BY_SHUTDOWN
          && done.userLogoffTime() == SessionEvent.NONE) {
        done.rare().userLogoffTime = t;
        emit(done, h.hostTime, Transition.ENDED_BY_SHUTDOWN, h.endedAt, -1);
      }
      return;
    }
    if (s != null && s.status() != SessionStatus.OPEN) {
      return; // already leaked: the user logoff changes nothing
    }
    if (s == null) { // its logon is before the data: keep it to pair the logoff or flag the leak
      s = new Session(h, e.logonId());
      fill(s, e);
      s.logonTime = SessionEvent.NONE;
      s.logonRecordId(e.hasRecordId() ? e.recordId() : t);
      s.set(Session.F_ORPHAN, true);
      hold(h, s);
    }
    if (s.userLogoffTime() == SessionEvent.NONE) {
      s.rare().userLogoffTime = t;
      s.deadline = h.hostTime + graceMillis; // on host event time, as rule 2's
      s.set(Session.F_RULE_USER_LOGOFF, true);
      h.deadlines.update(s);
    }
  }

  private void fireDeadlines(HostState h, long now, long exemptLuid) {
    Session exempt = null;
    Session s;
    while ((s = h.deadlines.peek()) != null && s.deadline < now) {
      h.deadlines.remove(s);
      if (s.logonId == exemptLuid && exempt == null) {
        exempt = s; // the event at hand ends this very session: it is not a leak
        continue;
      }
      if (s.has(Session.F_RULE_USER_LOGOFF)) {
        emit(s, now, Transition.LEAKED_AFTER_USER_LOGOFF); // rule 1
      } else if (h.audit(unauditedAfter) == AuditState.LOGOFF_UNAUDITED) {
        forget(s); // §4.1: the host writes no logoffs, so none will come to pair
        emit(s, now, Transition.UNAUDITED);
      } else {
        emit(s, now, Transition.LEAKED_PAST_THRESHOLD); // rule 2
      }
    }
    if (exempt != null) {
      h.deadlines.add(exempt);
    }
  }

  private void endBoot(HostState h, EndReason reason, long endTime, long now) {
    List<Session> all = h.sessions.values();
    all.sort(LOGON_ORDER);
    if (reason == EndReason.SHUTDOWN) {
      h.endedBoot = h.boot;
    }
    for (Session s : all) {
      forget(s);
      if (s.status() == SessionStatus.OPEN) {
        emit(s, now, reason == EndReason.SHUTDOWN
            ? Transition.ENDED_BY_SHUTDOWN : Transition.ENDED_BY_STARTUP, endTime, -1);
      }
      if (reason == EndReason.SHUTDOWN) {
        s.set(Session.F_ENDED, true); // of the boot that ended, now h.endedBoot
        h.ended.put(s);
      }
    }
    h.sessions.clear();
    h.deadlines.clear();
    h.pendingPrivileged = LogonIds.NONE;
  }

  private void fill(Session s, SecurityEvent e) {
    s.account = account(e.user(), e.domain(), e.userSid(), AccountClass.of(e.userSid(), e.user(),
        e.domain(), e.logonId(), e.logonType(), e.virtualAccount()));
    s.origin = origin(e.authPackage(), e.logonProcess(), e.processName(), (byte) e.logonType(),
        e.elevated() == null ? -1 : (byte) (e.elevated() ? 1 : 0), e.sourceFormat(),
        (short) e.eventCode());
    s.source = source(e.srcIp(), e.srcWorkstation());
    s.srcPort(e.srcPort());
    s.clockJumpsAtOpen = s.host.clockJumps;
  }

  /** The shared account tuple of these values. */
  Session.Account account(String user, String domain, String sid, AccountClass c) {
    int slot = slot(((hash(user) * 31 + hash(domain)) * 31 + hash(sid)) * 31 + c.ordinal());
    Session.Account a = accounts[slot];
    if (a == null || a.accountClass() != c || !same(a.user(), user) || !same(a.domain(), domain)
        || !same(a.userSid(), sid)) {
      a = new Session.Account(strings.intern(user), strings.intern(domain), strings.intern(sid),
          c);
      accounts[slot] = a;
    }
    return a;
  }

  /** The shared origin tuple of these values. */
  Session.Origin origin(String authPackage, String logonProcess, String processName,
      byte logonType, byte elevated, org.winsession.event.SourceFormat format, short code) {
    int slot = slot((((hash(authPackage) * 31 + hash(logonProcess)) * 31 + hash(processName))
        * 31 + ((logonType & 0xff) << 24 | (elevated & 0xff) << 16 | code & 0xffff)) * 31
        + format.ordinal());
    Session.Origin o = origins[slot];
    if (o == null || o.logonType() != logonType || o.elevated() != elevated
        || o.sourceFormat() != format || o.logonEventCode() != code
        || !same(o.authPackage(), authPackage) || !same(o.logonProcess(), logonProcess)
        || !same(o.processName(), processName)) {
      o = new Session.Origin(strings.intern(authPackage), strings.intern(logonProcess),
          strings.intern(processName), logonType, elevated, format, code);
      origins[slot] = o;
    }
    return o;
  }

  /** The shared source tuple of these values. */
  Session.Source source(String srcIp, String srcWorkstation) {
    int slot = slot(hash(srcIp) * 31 + hash(srcWorkstation));
    Session.Source x = sources[slot];
    if (x == null || !same(x.srcIp(), srcIp) || !same(x.srcWorkstation(), srcWorkstation)) {
      x = new Session.Source(strings.intern(srcIp), strings.intern(srcWorkstation));
      sources[slot] = x;
    }
    return x;
  }

  private static int hash(String v) {
    return v == null ? 0 : v.hashCode();
  }

  private static boolean same(String pooled, String v) {
    return pooled == v || (pooled != null && pooled.equals(v));
  }

  /** A slot of the tuple caches: direct-mapped like {@link ValuePool}, so they stay bounded. */
  private static int slot(int h) {
    h *= 0x9E3779B9;
    return (h ^ (h >>> 16)) & (TUPLE_SLOTS - 1);
  }

  private void hold(HostState h, Session s) {
    h.sessions.put(s);
    s.set(Session.F_HELD, true);
    heldQueue.addLast(s);
    held++;
    if (heldQueue.size() > 2 * held + 1024) {
      heldQueue.removeIf(x -> !x.has(Session.F_HELD));
    }
    while (held > config.maxOpenSessions()) {
      evictOldest();
    }
  }

  /** Removes a session from every structure of its host; the caller decides what to emit. */
  private void forget(Session s) {
    if (s.has(Session.F_HELD)) {
      s.set(Session.F_HELD, false);
      held--;
      s.host.sessions.remove(s.logonId);
      s.host.deadlines.remove(s);
    }
  }

  private void evictOldest() {
    for (int guard = heldQueue.size(); guard > 0; guard--) {
      Session s = heldQueue.pollFirst();
      if (!s.has(Session.F_HELD)) {
        continue;
      }
      if (guard > 1 && s.status() == SessionStatus.OPEN && LogonIds.isWellKnown(s.logonId)) {
        heldQueue.addLast(s); // boot-long SYSTEM sessions are the last to go
        continue;
      }
      forget(s);
      if (s.status() == SessionStatus.OPEN) {
        stats.evicted++;
        emit(s, s.host.hostTime, Transition.EVICTED);
      } else {
        stats.evictedLeaked++;
      }
      return;
    }
  }

  /** Emits a transition that has no end time of its own (or takes the user logoff time). */
  private void emit(Session s, long time, Transition tr) {
    emit(s, time, tr, SessionEvent.NONE, -1);
  }

  /**
   * Emits one row of the {@link Transition} table for a session at host event time {@code time}:
   * {@code endTime} is used by the rows that end at a given time (a logoff's, whose code is
   * {@code logoffCode}, or the end of the boot). The session takes the row's status.
   */
  private void emit(Session s, long time, Transition tr, long endTime, int logoffCode) {
    SessionStatus status = tr.status;
    s.status(status);
    if (tr.leakReason != null) {
      stats.leaksByReason[tr.leakReason.ordinal()]++;
    }
    switch (tr.endAt) {
      case NONE:
        endTime = SessionEvent.NONE;
        break;
      case USER_LOGOFF:
        endTime = s.userLogoffTime();
        break;
      default:
        break;
    }
    long logoffTime = tr.endAt == Transition.EndAt.LOGOFF ? endTime : SessionEvent.NONE;
    if (tr.endAt != Transition.EndAt.LOGOFF) {
      logoffCode = -1;
    }
    long locked = 0;
    long disconnected = 0;
    int reconnects = 0;
    Session.Rare a = s.rare;
    if (a != null) {
      long until = endTime != SessionEvent.NONE ? endTime : time;
      locked = a.lockedMillis + (a.lockStart != SessionEvent.NONE
          ? Math.max(0, until - a.lockStart) : 0);
      disconnected = a.disconnectedMillis + (a.disconnectStart != SessionEvent.NONE
          ? Math.max(0, until - a.disconnectStart) : 0);
      reconnects = a.reconnects;
    }
    boolean orphan = s.has(Session.F_ORPHAN);
    Session.Account account = s.account;
    Session.Origin origin = s.origin;
    Session.Source source = s.source;
    long linkedHash = s.linkedSessionHash();
    SessionEvent ev = new SessionEvent(
        time,
        hex16(s.hash()),
        s.host.name,
        s.boot().start,
        s.logonId,
        s.linkedLogonId(),
        linkedHash == 0 ? null : hex16(linkedHash),
        account.user(),
        account.domain(),
        account.userSid(),
        account.accountClass(),
        origin.logonType(),
        origin.authPackage(),
        origin.logonProcess(),
        source.srcIp(),
        s.srcPort(),
        source.srcWorkstation(),
        origin.processName(),
        origin.elevated() < 0 ? null : origin.elevated() == 1,
        s.has(Session.F_PRIVILEGED),
        s.logonTime,
        s.userLogoffTime(),
        logoffTime,
        endTime,
        orphan ? -1 : origin.logonEventCode(),
        logoffCode,
        orphan ? SessionEvent.NONE : s.logonRecordId(),
        orphan ? 0 : s.logonCount(),
        tr.endReason,
        status,
        tr.leak(),
        tr.leakReason,
        tr.lateLogoff,
        tr.confidence,
        locked,
        disconnected,
        reconnects,
        s.host.clockJumps > s.clockJumpsAtOpen,
        origin.sourceFormat());
    stats.byStatus[status.ordinal()]++;
    s.host.stats.byStatus[status.ordinal()]++;
    listener.session(ev);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  static String hex16(long v) {
    char[] c = new char[16];
    for (int i = 15; i >= 0; i--) {
      c[i] = HEX[(int) (v & 0xF)];
      v >>>= 4;
    }
    return new String(c);
  }
}
