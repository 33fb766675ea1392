package org.winsession.report;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.winsession.event.LogonTypes;
import org.winsession.event.RejectedRecord;
import org.winsession.session.EngineConfig;
import org.winsession.session.EngineStats;
import org.winsession.session.LeakReason;
import org.winsession.session.SessionEvent;
import org.winsession.session.SessionStatus;

/**
 * Writes the report as one self-contained HTML page: styles, script and chart library inline, a
 * Content-Security-Policy that forbids every request, and every section but the timeline rendered
 * as plain HTML, so the page reads without JavaScript (in a mail, say). The timeline is drawn by
 * Apache ECharts from the session data embedded as JSON. Event values reach the page only through
 * {@link Html} (text) or Gson's HTML-safe JSON (script), never as markup.
 */
public final class HtmlReport {
  /** How many rows a table shows at most; the rest are counted. */
  static final int MAX_ROWS = 5_000;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String RESOURCES = "/org/winsession/report/";

  private HtmlReport() {}

  /**
   * Writes the report of one run.
   *
   * @param inputs the names of the inputs read, as the summary lists them
   */
  public static void write(Writer out, ReportData data, EngineStats stats, List<String> inputs,
      String version) throws IOException {
    StringBuilder h = new StringBuilder(1 << 16);
    List<SessionEvent> sessions = data.sessions();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
            + " script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>winsession report</title>\n<style>").append(resource("report.css"))
        .append("</style></head><body>\n");
    h.append("<header><h1>Logon sessions</h1><p class=\"sub\">winsession ")
        .append(Html.text(version)).append(" report of ").append(inputs.size())
        .append(inputs.size() == 1 ? " input" : " inputs").append("</p>")
        .append("<nav><a href=\"#summary\">Summary</a> <a href=\"#timeline\">Timeline</a>"
            + " <a href=\"#leaks\">Leaks</a> <a href=\"#interactive\">RDP and interactive</a>"
            + " <a href=\"#users\">Users</a> <a href=\"#sources\">Sources</a>"
            + " <a href=\"#rejected\">Rejected records</a></nav></header>\n<main>\n");
    summary(h, data, stats, inputs, sessions);
    timeline(h);
    leaks(h, data);
    interactive(h, sessions);
    accounts(h, "users", "Users", "User", data.users(), data.accountsLeftOut());
    accounts(h, "sources", "Sources", "Source address or workstation", data.sources(),
        data.accountsLeftOut());
    rejected(h, data);
    h.append("</main>\n<script type=\"application/json\" id=\"winsession-data\">");
    out.write(h.toString());
    h.setLength(0);
    writeData(out, data, sessions);
    out.write("</script>\n<script>");
    out.write(resource("dist/echarts.min.js"));
    out.write("</script>\n<script>");
    out.write(resource("report.js"));
    out.write("</script>\n</body></html>\n");
  }

  private static void summary(StringBuilder h, ReportData data, EngineStats stats,
      List<String> inputs, List<SessionEvent> sessions) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long boots = 0;
    long shutdowns = 0;
    for (ReportData.HostLog log : data.hosts().values()) {
      if (log.count > 0) {
        first = Math.min(first, log.first);
        last = Math.max(last, log.last);
      }
      boots += log.boots.size();
      shutdowns += log.shutdowns.size();
    }
    long rdp = sessions.stream().filter(s -> s.logonType() == 10).count();
    long clock = sessions.stream().filter(SessionEvent::clockAnomaly).count();
    Map<LeakReason, Long> leaks = stats.leaks();
    long leakTotal = leaks.values().stream().mapToLong(Long::longValue).sum();
    h.append("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
    card(h, "hosts", Integer.toString(data.hosts().size()));
    card(h, "time span", first == Long.MAX_VALUE ? "no events"
        : time(first) + " to " + time(last));
    card(h, "boots", boots + " (" + shutdowns + " shutdowns)");
    card(h, "leaks", Long.toString(leakTotal));
    card(h, "RDP sessions", Long.toString(rdp));
    card(h, "rejected records", Long.toString(data.rejectedTotal()));
    card(h, "sessions with a clock anomaly", Long.toString(clock));
    h.append("</div>\n<table class=\"kv\"><tr><th>records</th><td>")
        .append(data.events() + data.rejectedTotal()).append(" (").append(data.events())
        .append(" events, ").append(data.rejectedTotal()).append(" rejected, ")
        .append(data.warnings()).append(" warnings; ").append(stats.duplicates())
        .append(" duplicates ignored, ").append(stats.outOfOrder()).append(" out of order)</td></tr>");
    h.append("<tr><th>session events by status</th><td>");
    for (Map.Entry<SessionStatus, Long> e : stats.byStatus().entrySet()) {
      h.append("<span class=\"st st-").append(e.getKey().wireName()).append("\">")
          .append(e.getKey().wireName()).append(' ').append(e.getValue()).append("</span> ");
    }
    h.append("</td></tr><tr><th>leaks by reason</th><td>");
    for (Map.Entry<LeakReason, Long> e : leaks.entrySet()) {
      h.append(e.getKey().wireName()).append(' ').append(e.getValue()).append("; ");
    }
    h.append("evicted by max_open_sessions ").append(stats.evicted()).append("</td></tr>");
    EngineConfig c = data.config();
    h.append("<tr><th>settings</th><td>leak_after ").append(c.leakAfter()).append(
        c.leakAfterByType().isEmpty() ? "" : ", leak_after_by_type " + c.leakAfterByType())
        .append(", logoff_grace ").append(c.logoffGrace()).append(", host_normalization ")
        .append(c.hostNormalization().name().toLowerCase(Locale.ROOT))
        .append(", max_open_sessions ").append(c.maxOpenSessions()).append(", clock_tolerance ")
        .append(c.clockTolerance()).append(", reorder_window ").append(c.reorderWindow())
        .append("</td></tr><tr><th>inputs</th><td>");
    int shown = 0;
    for (String in : inputs) {
      if (shown++ == 50) {
        h.append("and ").append(inputs.size() - 50).append(" more");
        break;
      }
      h.append("<code>").append(Html.text(in)).append("</code> ");
    }
    h.append("</td></tr></table>\n<h3>Hosts</h3><table><tr><th>host</th><th>events</th>"
        + "<th>first</th><th>last</th><th>boots</th><th>shutdowns</th></tr>");
    for (Map.Entry<String, ReportData.HostLog> e : data.hosts().entrySet()) {
      ReportData.HostLog log = e.getValue();
      h.append("<tr><td>").append(Html.text(e.getKey())).append("</td><td>").append(log.count)
          .append("</td><td>").append(time(log.first)).append("</td><td>").append(time(log.last))
          .append("</td><td>").append(log.boots.size()).append("</td><td>")
          .append(log.shutdowns.size()).append("</td></tr>");
    }
    h.append("</table>");
    if (data.sessionsLeftOut() > 0) {
      h.append("<p class=\"note\">").append(data.sessionsLeftOut()).append(
          " session events of sessions beyond the first ").append(ReportData.DEFAULT_MAX_SESSIONS)
          .append(" are counted above but not shown in the tables and timeline.</p>");
    }
    h.append("</section>\n");
  }

  private static void card(StringBuilder h, String label, String value) {
    h.append("<div class=\"card\"><div class=\"v\">").append(Html.text(value))
        .append("</div><div class=\"l\">").append(Html.text(label)).append("</div></div>");
  }

  private static void timeline(StringBuilder h) {
    h.append("<section id=\"timeline\"><h2>Timeline</h2>"
        + "<p class=\"nojs\">The timeline needs JavaScript; every other section reads without it.</p>"
        + "<div class=\"controls\"><label>Host <select id=\"tl-host\"></select></label>"
        + " <label>User <input id=\"tl-user\" type=\"search\" placeholder=\"any\"></label>"
        + " <label>Logon type <select id=\"tl-type\"><option value=\"\">any</option></select></label>"
        + " <span id=\"tl-count\"></span></div>"
        + "<div id=\"tl-legend\" class=\"legend\"></div>"
        + "<div id=\"tl-chart\"></div><div id=\"tl-details\"><p>Click a session for its fields"
        + " and the record ids of its events.</p></div></section>\n");
  }

  private static void leaks(StringBuilder h, ReportData data) {
    List<SessionEvent> leaks = data.leaks();
    leaks.sort(Comparator.comparing(SessionEvent::host).thenComparingLong(SessionEvent::logonTime));
    h.append("<section id=\"leaks\"><h2>Leaks</h2><p>").append(leaks.size()).append(
        " sessions leaked: a logon whose logoff never came. Evidence: the logon, the user logoff"
            + " if any, the deadline (user logoff plus logoff_grace, or logon plus leak_after) and the"
        + " host's first event after it.</p>");
    h.append("<table><tr><th>host</th><th>user</th><th>type</th><th>logon</th>"
        + "<th>logon record</th><th>user logoff</th><th>deadline</th>"
        + "<th>host event past it</th><th>reason</th><th>confidence</th><th>later</th></tr>");
    int rows = 0;
    for (SessionEvent s : leaks) {
      if (rows++ == MAX_ROWS) {
        break;
      }
      long passed = data.passedDeadlineAt(s);
      h.append("<tr><td>").append(Html.text(s.host())).append("</td><td>").append(user(s))
          .append("</td><td>").append(type(s.logonType())).append("</td><td>")
          .append(time(s.logonTime())).append("</td><td>").append(id(s.logonRecordId()))
          .append("</td><td>").append(time(s.userLogoffTime())).append("</td><td>")
          .append(time(data.deadline(s))).append("</td><td>").append(time(passed))
          .append("</td><td>").append(s.leakReason() == null ? "" : s.leakReason().wireName())
          .append("</td><td>").append(s.confidence() == null ? "" : Html.text(
              s.confidence().name().toLowerCase(Locale.ROOT))).append("</td><td>");
      SessionEvent now = data.latest(s.sessionId());
      if (now != null && now.lateLogoff()) {
        h.append("logoff came late, ").append(time(now.logoffTime()));
      }
      h.append("</td></tr>");
    }
    h.append("</table>").append(more(leaks.size())).append("</section>\n");
  }

  private static void interactive(StringBuilder h, List<SessionEvent> sessions) {
    List<SessionEvent> rows = new ArrayList<>();
    for (SessionEvent s : sessions) {
      if (s.logonType() == 2 || s.logonType() == 10 || s.logonType() == 11) {
        rows.add(s);
      }
    }
    rows.sort(Comparator.comparing(SessionEvent::host).thenComparingLong(SessionEvent::logonTime));
    h.append("<section id=\"interactive\"><h2>RDP and interactive sessions</h2><p>")
        .append(rows.size()).append(" sessions of logon types 2 (interactive), 10 (remote"
            + " interactive) and 11 (cached interactive).</p><table><tr><th>host</th><th>user</th>"
            + "<th>type</th><th>source address</th><th>logon</th><th>duration</th>"
            + "<th>locked</th><th>disconnected</th><th>reconnects</th><th>status</th></tr>");
    int n = 0;
    for (SessionEvent s : rows) {
      if (n++ == MAX_ROWS) {
        break;
      }
      long d = s.durationMillis();
      h.append("<tr><td>").append(Html.text(s.host())).append("</td><td>").append(user(s))
          .append("</td><td>").append(type(s.logonType())).append("</td><td>")
          .append(Html.text(s.srcIp())).append("</td><td>").append(time(s.logonTime()))
          .append("</td><td>").append(d == SessionEvent.NONE ? "" : span(d)).append("</td><td>")
          .append(span(s.lockedMillis())).append("</td><td>").append(span(s.disconnectedMillis()))
          .append("</td><td>").append(Math.max(0, s.reconnects())).append("</td><td>")
          .append(status(s.status())).append("</td></tr>");
    }
    h.append("</table>").append(more(rows.size())).append("</section>\n");
  }

  private static void accounts(StringBuilder h, String id, String title, String what,
      Map<String, ReportData.Account> map, long leftOut) {
    h.append("<section id=\"").append(id).append("\"><h2>").append(title).append("</h2><p>")
        .append("Successful logons by logon type, failed logons by status code (4625, 529-537,"
            + " 539), first and last seen.</p><table><tr><th>").append(Html.text(what))
        .append("</th><th>logons</th><th>by type</th><th>failed</th><th>failure status</th>"
            + "<th>first seen</th><th>last seen</th></tr>");
    List<Map.Entry<String, ReportData.Account>> rows = new ArrayList<>(map.entrySet());
    rows.sort((a, b) -> Long.compare(b.getValue().logons + b.getValue().failures,
        a.getValue().logons + a.getValue().failures));
    int n = 0;
    for (Map.Entry<String, ReportData.Account> e : rows) {
      if (n++ == MAX_ROWS) {
        break;
      }
      ReportData.Account a = e.getValue();
      h.append("<tr><td>").append(Html.text(e.getKey())).append("</td><td>").append(a.logons)
          .append("</td><td>");
      a.logonsByType.forEach((t, c) -> h.append(type(t)).append(": ").append(c).append("<br>"));
      h.append("</td><td>").append(a.failures).append("</td><td>");
      a.failuresByStatus.forEach((st, c) -> h.append(Html.text(st)).append(": ").append(c)
          .append("<br>"));
      h.append("</td><td>").append(time(a.first)).append("</td><td>").append(time(a.last))
          .append("</td></tr>");
    }
    h.append("</table>").append(more(rows.size()));
    if (leftOut > 0) {
      h.append("<p class=\"note\">").append(leftOut).append(" logons of further users or sources"
          + " are not itemized.</p>");
    }
    h.append("</section>\n");
  }

  private static void rejected(StringBuilder h, ReportData data) {
    h.append("<section id=\"rejected\"><h2>Rejected records</h2><p>").append(data.rejectedTotal())
        .append(" records could not be read; grouped by kind and reason (numbers shown as #),"
            + " with the first examples of each.</p><table><tr><th>kind</th><th>reason</th>"
            + "<th>records</th><th>examples</th></tr>");
    for (ReportData.RejectGroup g : data.rejectGroups()) {
      h.append("<tr><td>").append(g.kind.name().toLowerCase(Locale.ROOT)).append("</td><td>")
          .append(Html.text(g.pattern)).append("</td><td>").append(g.count).append("</td><td>");
      for (RejectedRecord r : g.examples) {
        h.append("<div class=\"ex\"><code>").append(Html.text(r.where())).append("</code> ")
            .append(Html.text(r.reason())).append("</div>");
      }
      h.append("</td></tr>");
    }
    h.append("</table></section>\n");
  }

  /** The data the timeline draws, as HTML-safe JSON (no {@code <}, {@code >} or {@code &}). */
  private static void writeData(Writer out, ReportData data, List<SessionEvent> sessions)
      throws IOException {
    JsonWriter w = new JsonWriter(out);
    w.setHtmlSafe(true);
    w.beginObject();
    w.name("hosts").beginArray();
    Map<String, Integer> hostIndex = new java.util.HashMap<>();
    for (Map.Entry<String, ReportData.HostLog> e : data.hosts().entrySet()) {
      hostIndex.put(e.getKey(), hostIndex.size());
      ReportData.HostLog log = e.getValue();
      w.beginObject().name("name").value(Html.clean(e.getKey()));
      w.name("first").value(log.count == 0 ? 0 : log.first);
      w.name("last").value(log.count == 0 ? 0 : log.last);
      w.name("boots").beginArray();
      for (long t : log.boots) {
        w.value(t);
      }
      w.endArray().name("shutdowns").beginArray();
      for (long t : log.shutdowns) {
        w.value(t);
      }
      w.endArray().endObject();
    }
    w.endArray();
    w.name("sessions").beginArray();
    for (SessionEvent s : sessions) {
      Integer hi = hostIndex.get(s.host());
      if (hi == null) {
        hostIndex.put(s.host(), hostIndex.size());
        hi = hostIndex.size() - 1;
      }
      w.beginObject();
      w.name("h").value(hi);
      w.name("s").value(s.logonTime() == SessionEvent.NONE ? s.time() : s.logonTime());
      w.name("e").value(s.endTime() == SessionEvent.NONE ? -1 : s.endTime());
      w.name("st").value(s.status().wireName());
      w.name("leak").value(s.leak());
      w.name("u").value(Html.clean(s.user() == null ? "" : s.user()));
      w.name("t").value(s.logonType());
      w.name("f");
      String json = Html.clean(org.winsession.emit.SessionJson.toJson(s));
      w.jsonValue(json); // contract fields, rendered by the one session JSON writer
      w.name("r").beginArray();
      for (long[] r : data.recordsOf(s)) {
        w.beginArray().value(r[0]).value(r[1]).value(r[2]).endArray();
      }
      w.endArray();
      w.endObject();
    }
    w.endArray();
    w.endObject();
    w.flush();
  }

  static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("report resource " + name + " is missing from this build");
      }
      String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      // inline scripts must not close their own element
      return s.replace("</script", "<\\/script");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String time(long t) {
    return t == SessionEvent.NONE || t == Long.MAX_VALUE || t == Long.MIN_VALUE ? ""
        : TIME.format(Instant.ofEpochMilli(t));
  }

  private static String id(long recordId) {
    return recordId == SessionEvent.NONE || recordId < 0 ? "" : Long.toString(recordId);
  }

  private static String user(SessionEvent s) {
    String d = s.domain() == null || s.domain().isEmpty() ? "" : s.domain() + "\\";
    return Html.text(d + (s.user() == null ? "" : s.user()));
  }

  private static String type(int t) {
    return t < 0 ? "" : t + " " + Html.text(LogonTypes.name(t));
  }

  private static String status(SessionStatus s) {
    return "<span class=\"st st-" + s.wireName() + "\">" + s.wireName() + "</span>";
  }

  private static String span(long millis) {
    if (millis <= 0) {
      return millis == 0 ? "0s" : "";
    }
    long s = millis / 1000;
    return s >= 86400 ? String.format(Locale.ROOT, "%dd %dh", s / 86400, s % 86400 / 3600)
        : s >= 3600 ? String.format(Locale.ROOT, "%dh %dm", s / 3600, s % 3600 / 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm %ds", s / 60, s % 60) : s + "s";
  }

  private static String more(int total) {
    return total > MAX_ROWS ? "<p class=\"note\">" + (total - MAX_ROWS)
        + " more rows not shown.</p>" : "";
  }

  /** For tests: the report of {@code data} as a string. */
  static String render(ReportData data, EngineStats stats, List<String> inputs) {
    StringWriter sw = new StringWriter();
    try {
      write(sw, data, stats, inputs, "test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString();
  }
}
