package org.winsession.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.winsession.event.SecurityEvent;
import org.winsession.session.EngineConfig;
import org.winsession.session.SessionEngine;
import org.winsession.session.SessionEvent;

/**
 * A few hand-written events for one engine rule: times are "HH:MM:SS" on 2026-01-05 (or "+1d
 * HH:MM:SS" for the next day), record ids count up per host unless given, and {@link #run()} feeds
 * the engine, finishes it and returns every session event.
 */
public final class Scenario {
  private static final long DAY0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

  private final List<SecurityEvent> events = new ArrayList<>();
  private final Map<String, Long> nextRecord = new HashMap<>();
  private EngineConfig config = EngineConfig.DEFAULT;
  private String host = "WS01";

  /** Uses another engine configuration. */
  public Scenario config(EngineConfig c) {
    config = c;
    return this;
  }

  /** Later events come from this host (as written in the event). */
  public Scenario host(String h) {
    host = h;
    return this;
  }

  public static long time(String when) {
    String s = when.strip();
    long day = 0;
    if (s.startsWith("+")) {
      day = Long.parseLong(s.substring(1, s.indexOf('d')));
      s = s.substring(s.indexOf(' ') + 1);
    }
    String[] p = s.split(":");
    double sec = Double.parseDouble(p[2]);
    return DAY0 + day * 86_400_000L + Long.parseLong(p[0]) * 3_600_000L
        + Long.parseLong(p[1]) * 60_000L + Math.round(sec * 1000);
  }

  /** An event of any code, shaped by {@code more}. */
  public Scenario event(String when, int code, long luid, Consumer<SecurityEvent.Builder> more) {
    long rid = nextRecord.merge(host.toLowerCase(java.util.Locale.ROOT).split("\\.")[0], 1L,
        Long::sum);
    SecurityEvent.Builder b = SecurityEvent.builder().host(host).channel("Security")
        .recordId(rid).timeMillis(time(when)).eventCode(code).logonId(luid);
    more.accept(b);
    events.add(b.build());
    return this;
  }

  public Scenario logon(String when, long luid, int type, String user) {
    return event(when, 4624, luid, b -> b.logonType(type).user(user).domain("CONTOSO")
        .userSid("S-1-5-21-1-2-3-" + Math.abs(user.hashCode() % 9000)));
  }

  public Scenario logon(String when, long luid, int type, String user,
      Consumer<SecurityEvent.Builder> more) {
    return event(when, 4624, luid, b -> {
      b.logonType(type).user(user).domain("CONTOSO");
      more.accept(b);
    });
  }

  public Scenario logoff(String when, long luid) {
    return event(when, 4634, luid, b -> {});
  }

  public Scenario userLogoff(String when, long luid) {
    return event(when, 4647, luid, b -> {});
  }

  public Scenario startup(String when) {
    return event(when, 4608, 0, b -> {});
  }

  public Scenario shutdown(String when) {
    return event(when, 1100, 0, b -> {});
  }

  /** Some other event that only shows the host is still logging. */
  public Scenario noise(String when) {
    return event(when, 4688, 0, b -> {});
  }

  /** The same event kind without a record id. */
  public Scenario withoutRecordIds() {
    events.replaceAll(e -> new SecurityEvent(e.host(), e.channel(), SecurityEvent.NO_RECORD_ID,
        e.timeMillis(), e.eventCode(), e.kind(), e.logonId(), e.linkedLogonId(), e.user(),
        e.domain(), e.userSid(), e.logonType(), e.authPackage(), e.logonProcess(), e.lmPackage(),
        e.srcIp(), e.srcPort(), e.srcWorkstation(), e.processName(), e.elevated(),
        e.virtualAccount(), e.logonGuid(), e.status(), e.subStatus(), e.sourceFormat()));
    return this;
  }

  /** The events written so far, in order. */
  public List<SecurityEvent> events() {
    return List.copyOf(events);
  }

  /** Runs these events through a new engine and returns every session event. */
  public List<SessionEvent> run() {
    return run(events);
  }

  /**
   * Runs the given events through a new engine with this scenario's configuration, checking the
   * engine's invariants after every event and at the end.
   */
  public List<SessionEvent> run(List<SecurityEvent> input) {
    List<SessionEvent> out = new ArrayList<>();
    SessionEngine engine = new SessionEngine(config, out::add);
    for (SecurityEvent e : input) {
      engine.accept(e);
      engine.checkInvariants();
    }
    engine.finish();
    engine.checkInvariants();
    return out;
  }
}
