package org.winsession.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.winsession.session.SessionEvent;

/**
 * The session events of one run, per host, as an order-free multiset: a count and two 64-bit sums
 * of hashes of each event's canonical text (memory does not grow with the run), plus the texts
 * themselves when asked for, to show the differences. Events of different hosts never affect each
 * other (SESSIONS.md §2), and the order in which hosts' events interleave depends on the input's
 * layout, so runs are compared host by host, each as a multiset.
 */
final class SessionDigest {
  /** One host's session events. */
  static final class Host {
    long count;
    long h1;
    long h2;
    final List<String> lines;

    Host(boolean keep) {
      lines = keep ? new ArrayList<>() : null;
    }

    boolean sameAs(Host o) {
      return count == o.count && h1 == o.h1 && h2 == o.h2;
    }
  }

  final Map<String, Host> hosts = new TreeMap<>();
  final Map<String, Long> byStatus = new TreeMap<>();
  private final boolean keep;

  SessionDigest(boolean keepLines) {
    this.keep = keepLines;
  }

  void add(String host, String line, String status) {
    Host h = hosts.computeIfAbsent(host, k -> new Host(keep));
    h.count++;
    long a = 0xcbf29ce484222325L;
    long b = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      a = (a ^ c) * 0x100000001b3L;
      b = mix(b + c);
    }
    h.h1 += mix(a);
    h.h2 += b;
    if (h.lines != null) {
      h.lines.add(line);
    }
    byStatus.merge(status, 1L, Long::sum);
  }

  long total() {
    long n = 0;
    for (Host h : hosts.values()) {
      n += h.count;
    }
    return n;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /**
   * A session event as text: the identifying fields first (host, Logon ID, logon time, status),
   * then every contract field except those {@code exempt} names, times as epoch milliseconds.
   */
  static String canonical(SessionEvent s, String host, java.util.Set<String> exempt) {
    StringBuilder sb = new StringBuilder(400);
    f(sb, exempt, "host", host);
    f(sb, exempt, "logon_id", Long.toHexString(s.logonId()));
    f(sb, exempt, "logon_time", t(s.logonTime()));
    f(sb, exempt, "status", s.status().wireName());
    f(sb, exempt, "time", t(s.time()));
    f(sb, exempt, "session_id", s.sessionId());
    f(sb, exempt, "boot_start", t(s.bootStart()));
    f(sb, exempt, "linked_logon_id", Long.toHexString(s.linkedLogonId()));
    f(sb, exempt, "linked_session_id", s.linkedSessionId());
    f(sb, exempt, "user", s.user());
    f(sb, exempt, "domain", s.domain());
    f(sb, exempt, "user_sid", s.userSid());
    f(sb, exempt, "account_class", s.accountClass().wireName());
    f(sb, exempt, "logon_type", String.valueOf(s.logonType()));
    f(sb, exempt, "auth_package", s.authPackage());
    f(sb, exempt, "logon_process", s.logonProcess());
    f(sb, exempt, "src_ip", s.srcIp());
    f(sb, exempt, "src_port", String.valueOf(s.srcPort()));
    f(sb, exempt, "src_workstation", s.srcWorkstation());
    f(sb, exempt, "process_name", s.processName());
    f(sb, exempt, "elevated", String.valueOf(s.elevated()));
    f(sb, exempt, "privileged", String.valueOf(s.privileged()));
    f(sb, exempt, "user_logoff_time", t(s.userLogoffTime()));
    f(sb, exempt, "logoff_time", t(s.logoffTime()));
    f(sb, exempt, "end_time", t(s.endTime()));
    f(sb, exempt, "logon_event_code", String.valueOf(s.logonEventCode()));
    f(sb, exempt, "logoff_event_code", String.valueOf(s.logoffEventCode()));
    f(sb, exempt, "logon_record_id", t(s.logonRecordId()));
    f(sb, exempt, "logon_count", String.valueOf(s.logonCount()));
    f(sb, exempt, "end_reason", s.endReason() == null ? null : s.endReason().wireName());
    f(sb, exempt, "leak", String.valueOf(s.leak()));
    f(sb, exempt, "leak_reason", s.leakReason() == null ? null : s.leakReason().wireName());
    f(sb, exempt, "late_logoff", String.valueOf(s.lateLogoff()));
    f(sb, exempt, "confidence", s.confidence() == null ? null : s.confidence().wireName());
    f(sb, exempt, "locked_ms", String.valueOf(s.lockedMillis()));
    f(sb, exempt, "disconnected_ms", String.valueOf(s.disconnectedMillis()));
    f(sb, exempt, "reconnects", String.valueOf(s.reconnects()));
    f(sb, exempt, "clock_anomaly", String.valueOf(s.clockAnomaly()));
    f(sb, exempt, "source_format", s.sourceFormat().wireName());
    return sb.toString();
  }

  private static String t(long v) {
    return v == SessionEvent.NONE ? null : Long.toString(v);
  }

  private static void f(StringBuilder sb, java.util.Set<String> exempt, String name, String v) {
    if (!exempt.contains(name)) {
      sb.append(name).append('=').append(v).append('|');
    }
  }

  /**
   * The hosts whose session events differ, each with a few events only one side has and, for an
   * event both sides have in another version, the fields that differ. Empty when equal.
   */
  static List<String> differences(SessionDigest expected, SessionDigest actual, int perHost) {
    List<String> out = new ArrayList<>();
    TreeSet<String> all = new TreeSet<>(expected.hosts.keySet());
    all.addAll(actual.hosts.keySet());
    for (String host : all) {
      Host e = expected.hosts.getOrDefault(host, new Host(false));
      Host a = actual.hosts.getOrDefault(host, new Host(false));
      if (e.sameAs(a)) {
        continue;
      }
      StringBuilder sb = new StringBuilder("host " + host + ": expected " + e.count
          + " session events, read " + a.count);
      if (e.lines != null && a.lines != null) {
        Map<String, Integer> bag = new HashMap<>();
        e.lines.forEach(l -> bag.merge(l, 1, Integer::sum));
        List<String> onlyActual = new ArrayList<>();
        for (String l : a.lines) {
          Integer n = bag.get(l);
          if (n == null || n == 0) {
            onlyActual.add(l);
          } else {
            bag.put(l, n - 1);
          }
        }
        List<String> onlyExpected = new ArrayList<>();
        bag.forEach((l, n) -> {
          for (int i = 0; i < n; i++) {
            onlyExpected.add(l);
          }
        });
        onlyExpected.sort(null);
        onlyActual.sort(null);
        sb.append("; ").append(onlyExpected.size()).append(" only expected, ")
            .append(onlyActual.size()).append(" only read");
        Map<String, String> readByKey = new HashMap<>();
        for (String l : onlyActual) {
          readByKey.putIfAbsent(key(l), l);
        }
        int shown = 0;
        for (String l : onlyExpected) {
          if (shown++ >= perHost) {
            break;
          }
          String other = readByKey.get(key(l));
          sb.append("\n    expected ").append(key(l)).append(other == null
              ? " -> not read: " + l : " -> read with " + fieldDiff(l, other));
        }
        shown = 0;
        for (String l : onlyActual) {
          if (shown >= perHost) {
            break;
          }
          boolean paired = onlyExpected.stream().anyMatch(x -> key(x).equals(key(l)));
          if (!paired) {
            sb.append("\n    read, not expected: ").append(l);
            shown++;
          }
        }
      }
      out.add(sb.toString());
    }
    return out;
  }

  /** host, logon_id, logon_time and status: what names one state of one session. */
  static String key(String line) {
    int bar = 0;
    for (int i = 0, n = 0; i < line.length(); i++) {
      if (line.charAt(i) == '|' && ++n == 4) {
        bar = i;
        break;
      }
    }
    return line.substring(0, bar);
  }

  private static String fieldDiff(String expected, String read) {
    String[] e = expected.split("\\|");
    String[] r = read.split("\\|");
    Map<String, String> rm = new HashMap<>();
    for (String x : r) {
      int eq = x.indexOf('=');
      rm.put(x.substring(0, eq), x.substring(eq + 1));
    }
    StringBuilder sb = new StringBuilder();
    for (String x : e) {
      int eq = x.indexOf('=');
      String name = x.substring(0, eq);
      String v = x.substring(eq + 1);
      if (!v.equals(rm.get(name))) {
        sb.append(name).append(' ').append(rm.get(name)).append(" (expected ").append(v)
            .append(") ");
      }
    }
    return sb.toString().strip();
  }
}
