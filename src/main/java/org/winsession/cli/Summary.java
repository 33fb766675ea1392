package org.winsession.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.winsession.session.EngineConfig;
import org.winsession.session.EngineStats;
import org.winsession.session.LeakReason;
import org.winsession.session.SessionEngine;
import org.winsession.session.SessionStatus;

/** The end-of-run summary {@code analyze} prints on standard error. */
final class Summary {
  private static final SessionStatus[] COLUMNS = {
    SessionStatus.CLOSED, SessionStatus.LEAKED, SessionStatus.ENDED_BY_SHUTDOWN,
    SessionStatus.SUPERSEDED, SessionStatus.ORPHAN_LOGOFF, SessionStatus.OPEN,
    SessionStatus.UNAUDITED
  };

  private Summary() {}

  static void print(PrintWriter err, int opened, int failed, long events, long rejected,
      long warnings, SessionEngine engine, EngineConfig config, java.time.ZoneId zone) {
    EngineStats s = engine.stats();
    err.printf(Locale.ROOT, "winsession analyze: %d input%s read%s; %d records: %d events,"
            + " %d rejected%s; %d duplicates ignored, %d out of order%n",
        opened, opened == 1 ? "" : "s", failed > 0 ? ", " + failed + " unreadable" : "",
        events + rejected, events, rejected, warnings > 0 ? ", " + warnings + " warnings" : "",
        s.duplicates(), s.outOfOrder());
    StringBuilder line = new StringBuilder("session events:");
    for (SessionStatus st : COLUMNS) {
      line.append(' ').append(st.wireName()).append(' ').append(s.byStatus().get(st));
    }
    err.println(line);
    Map<LeakReason, Long> leaks = s.leaks();
    err.printf(Locale.ROOT, "leaks: %d (user_logoff_without_logoff %d, no_logoff_past_threshold"
            + " %d); evicted by max_open_sessions: %d%n",
        leaks.values().stream().mapToLong(Long::longValue).sum(),
        leaks.get(LeakReason.USER_LOGOFF_WITHOUT_LOGOFF),
        leaks.get(LeakReason.NO_LOGOFF_PAST_THRESHOLD), s.evicted());
    err.printf(Locale.ROOT, "settings: leak_after %s, logoff_grace %s, host_normalization %s;"
            + " local times without a zone read in %s; output times UTC%n",
        config.leakAfter(), config.logoffGrace(), config.hostNormalization().name()
            .toLowerCase(Locale.ROOT), zone);
    Map<String, Long> unaudited = engine.unauditedHosts();
    if (!unaudited.isEmpty()) {
      err.printf(Locale.ROOT, "hosts that do not audit logoffs: %d (no logoff ever, %d sessions or"
          + " more: rule 2 reports their sessions as unaudited; fix: Advanced Audit Policy >"
          + " Logon/Logoff > Audit Logoff: Success)%n", unaudited.size(),
          config.unauditedAfter());
      for (Map.Entry<String, Long> e : unaudited.entrySet()) {
        err.printf(Locale.ROOT, "  %s: %d sessions opened, %d emitted unaudited%n", e.getKey(),
            e.getValue(), s.hosts().containsKey(e.getKey())
                ? s.hosts().get(e.getKey()).count(SessionStatus.UNAUDITED) : 0);
      }
    }
    if (s.hosts().isEmpty()) {
      return;
    }
    int w = Math.max(4, s.hosts().keySet().stream().mapToInt(String::length).max().orElse(4));
    err.printf(Locale.ROOT, "%-" + w + "s %8s %5s %7s %7s %9s %10s %7s %6s%n", "host", "events",
        "boots", "closed", "leaked", "shutdown", "superseded", "orphan", "open");
    for (Map.Entry<String, EngineStats.HostStats> e : s.hosts().entrySet()) {
      EngineStats.HostStats h = e.getValue();
      err.printf(Locale.ROOT, "%-" + w + "s %8d %5d %7d %7d %9d %10d %7d %6d%n", e.getKey(),
          h.events(), h.boots() + h.inferredBoots(), h.count(SessionStatus.CLOSED), h.count(SessionStatus.LEAKED),
          h.count(SessionStatus.ENDED_BY_SHUTDOWN), h.count(SessionStatus.SUPERSEDED),
          h.count(SessionStatus.ORPHAN_LOGOFF), h.count(SessionStatus.OPEN));
    }
  }

  /**
   * One line of the host and user filter matches given up undecided (counted as not matching),
   * e.g. "filter matches undecided: 2 past max_filter_steps 10000000 (raise it to decide them),
   * 0 past the stack depth; each counted as not matching"; nothing when there were none.
   */
  static void printUndecidedMatches(PrintWriter err, org.winsession.session.SessionFilter.Run f) {
    if (f.undecided() == 0 && f.overflowed() == 0) {
      return;
    }
    err.printf(Locale.ROOT, "filter matches undecided: %d past max_filter_steps %d (raise"
        + " --max-filter-steps to decide them), %d past the stack depth; each counted as not"
        + " matching%n", f.undecided(), f.maxSteps(), f.overflowed());
  }

  /**
   * One line of rejected records by kind and read-limit hits by limit, e.g. "rejected by kind:
   * syntax 2, limit 1; read limits hit: max_record_bytes 1"; nothing when there were none.
   */
  static void printReadProblems(PrintWriter err,
      Map<org.winsession.event.RejectKind, Long> byKind,
      Map<org.winsession.read.ReadLimits.Limit, Long> limitHits) {
    if (byKind.isEmpty() && limitHits.isEmpty()) {
      return;
    }
    StringBuilder line = new StringBuilder();
    if (!byKind.isEmpty()) {
      line.append("rejected by kind:");
      String sep = " ";
      for (Map.Entry<org.winsession.event.RejectKind, Long> e : byKind.entrySet()) {
        line.append(sep).append(e.getKey().name().toLowerCase(Locale.ROOT)).append(' ')
            .append(e.getValue());
        sep = ", ";
      }
    }
    if (!limitHits.isEmpty()) {
      line.append(line.length() > 0 ? "; " : "").append("read limits hit:");
      String sep = " ";
      for (Map.Entry<org.winsession.read.ReadLimits.Limit, Long> e : limitHits.entrySet()) {
        line.append(sep).append(e.getKey().key()).append(' ').append(e.getValue());
        sep = ", ";
      }
    }
    err.println(line);
  }
}
