package org.winsession.session;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.winsession.event.SecurityEvent;

/**
 * Run in a child JVM by {@link OpenSessionsMemoryTest}: opens N sessions on 100 hosts (none
 * closed, leaked or evicted; the user, address and port mix of the {@code bench} command) and
 * prints {@code open N bytes-per-session B}, the heap growth after full collections divided by N.
 */
public final class OpenSessionsProbe {
  private OpenSessionsProbe() {}

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    String[] users = new String[1000];
    String[] ips = new String[1000];
    String[] hosts = new String[100];
    for (int i = 0; i < users.length; i++) {
      users[i] = "user" + i;
      ips[i] = "10." + (i / 250) + "." + (i % 250) + ".7";
    }
    for (int i = 0; i < hosts.length; i++) {
      hosts[i] = "HOST" + i;
    }
    EngineConfig config = EngineConfig.DEFAULT.withLeakAfter(Duration.ofDays(3650))
        .withMaxOpenSessions(n);
    long before = usedAfterGc();
    SessionEngine engine = new SessionEngine(config, e -> {
      throw new IllegalStateException("no session should end: " + e);
    });
    long time = 1_700_000_000_000L;
    for (int i = 0; i < n; i++) {
      engine.accept(SecurityEvent.builder().host(hosts[i % 100]).channel("Security")
          .recordId(i / 100 + 1).timeMillis(time + i).eventCode(4624)
          .logonId(0x100000L + i).logonType(i % 7 == 0 ? 10 : 3).user(users[i % 1000])
          .domain("CONTOSO").userSid("S-1-5-21-1-2-3-" + (1000 + i % 1000))
          .authPackage("Kerberos").logonProcess("Kerberos").srcIp(ips[(i / 7) % 1000])
          .srcPort(49152 + i % 16000).build());
    }
    engine.flush();
    long after = usedAfterGc();
    if (engine.heldSessions() != n) {
      throw new IllegalStateException(engine.heldSessions() + " sessions held, not " + n);
    }
    System.out.printf(java.util.Locale.ROOT, "open %d bytes-per-session %.1f%n", n,
        (after - before) / (double) n);
  }

  private static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
