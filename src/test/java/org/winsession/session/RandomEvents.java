package org.winsession.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.winsession.event.SecurityEvent;

/**
 * A small seeded generator of hostile-but-plausible Security event streams for engine property
 * tests: a few hosts (written with and without their DNS suffix), LUIDs drawn from a small range
 * so they collide and are reused, every session-relevant event kind, boots with and without
 * startup events, clock steps backwards, day-long gaps that pass leak deadlines, events without
 * record ids, and deliveries that repeat and swap events. Hosts named {@code srv*} never write a
 * logoff or user logoff (their Audit Logoff policy is off); hosts named {@code ws*} start with a
 * logon and its logoff, so they audit logoffs from their first events.
 */
final class RandomEvents {
  private static final long DAY0 = 1_767_600_000_000L; // 2026-01-05
  private static final int[] TYPES = {0, 2, 3, 3, 3, 3, 4, 5, 5, 7, 8, 9, 10, 10, 11};

  private RandomEvents() {}

  /** A host's generator state. */
  private static final class Host {
    final String name;
    final boolean audits;
    long time = DAY0;
    long record;
    long systemRecord;
    final List<Long> open = new ArrayList<>();

    Host(String name, boolean audits) {
      this.name = name;
      this.audits = audits;
    }
  }

  /** About {@code count} events of {@code hosts} hosts, the same for the same seed. */
  static List<SecurityEvent> generate(long seed, int hosts, int count) {
    Random r = new Random(seed);
    List<Host> all = new ArrayList<>();
    List<SecurityEvent> out = new ArrayList<>();
    for (int i = 0; i < hosts; i++) {
      Host h = new Host((i % 3 == 2 ? "SRV" : "WS") + (10 + i), i % 3 != 2);
      all.add(h);
      if (h.audits) {
        out.add(logon(h, r, 0x100 + i));
        out.add(event(h, r, 4634, 0x100 + i).build());
      }
    }
    while (out.size() < count) {
      Host h = all.get(r.nextInt(all.size()));
      int step = r.nextInt(1000);
      if (step < 10) {
        h.time += 20L * 3_600_000L + r.nextInt(10 * 3_600_000); // a quiet day: deadlines pass
      } else if (step < 14) {
        h.time -= r.nextInt(2 * 3_600_000); // NTP steps the clock back
      } else {
        h.time += r.nextInt(20 * 60_000);
      }
      out.add(next(h, r));
    }
    return deliver(out, r);
  }

  private static SecurityEvent next(Host h, Random r) {
    int k = r.nextInt(100);
    long someOpen = h.open.isEmpty() ? 0x1000 + r.nextInt(48) : h.open.get(r.nextInt(
        h.open.size()));
    if (k < 34) {
      return logon(h, r, 0x1000 + r.nextInt(48));
    }
    if (k < 50) {
      if (!h.audits) {
        return event(h, r, 4688, 0).build();
      }
      h.open.remove(someOpen);
      return event(h, r, r.nextInt(8) == 0 ? 538 : 4634, someOpen).build();
    }
    if (k < 55) {
      return event(h, r, h.audits ? (r.nextBoolean() ? 4647 : 551) : 4625, someOpen).build();
    }
    if (k < 58) {
      return event(h, r, r.nextBoolean() ? 4672 : 576, someOpen).build();
    }
    if (k < 68) {
      int[] codes = {4800, 4801, 4802, 4803, 4778, 4779, 682, 683};
      return event(h, r, codes[r.nextInt(codes.length)], someOpen).build();
    }
    if (k < 70) {
      h.open.clear();
      int[] codes = {4608, 512, 6005};
      return boot(h, r, codes[r.nextInt(codes.length)]);
    }
    if (k < 72) {
      int[] codes = {4609, 513, 1100, 6006};
      return boot(h, r, codes[r.nextInt(codes.length)]);
    }
    if (k < 73) {
      int[] codes = {1101, 4612, 516, 6008, 1102};
      return event(h, r, codes[r.nextInt(codes.length)], 0).build();
    }
    return event(h, r, r.nextBoolean() ? 4688 : 4648, r.nextInt(4) == 0 ? someOpen : 0).build();
  }

  private static SecurityEvent logon(Host h, Random r, long luid) {
    int type = TYPES[r.nextInt(TYPES.length)];
    int who = r.nextInt(20);
    if (who == 0) {
      luid = 0x3e3 + r.nextInt(5); // well-known: announced again at every service start
      type = r.nextBoolean() ? 5 : 0;
    } else if (who == 1 && r.nextInt(4) == 0) {
      luid = 0x3e7; // SYSTEM type 0 again: an inferred restart
      type = 0;
    }
    String user = switch (who) {
      case 0, 1 -> "SYSTEM";
      case 2 -> "DWM-" + r.nextInt(3);
      case 3 -> "UMFD-" + r.nextInt(3);
      case 4 -> h.name + "$";
      default -> "user" + r.nextInt(6);
    };
    SecurityEvent.Builder b = event(h, r, r.nextInt(6) == 0 ? (type == 3 ? 540 : 528) : 4624, luid)
        .logonType(type).user(user).domain(who < 2 ? "NT AUTHORITY" : "CONTOSO");
    if (who == 5) {
      b.virtualAccount(true);
    }
    if (r.nextInt(10) == 0 && !h.open.isEmpty()) {
      b.linkedLogonId(h.open.get(r.nextInt(h.open.size())));
    }
    if (r.nextInt(3) == 0) {
      b.srcIp("10.0.0." + r.nextInt(5)).processName("C:\\Windows\\System32\\svchost.exe");
    }
    if (!h.open.contains(luid)) {
      h.open.add(luid);
    }
    return b.build();
  }

  private static SecurityEvent boot(Host h, Random r, int code) {
    if (code == 6005 || code == 6006) {
      return SecurityEvent.builder().host(name(h, r)).channel("System")
          .recordId(++h.systemRecord).timeMillis(h.time).eventCode(code).build();
    }
    return event(h, r, code, 0).build();
  }

  private static SecurityEvent.Builder event(Host h, Random r, int code, long luid) {
    SecurityEvent.Builder b = SecurityEvent.builder().host(name(h, r)).channel("Security")
        .timeMillis(h.time).eventCode(code).logonId(luid);
    h.record++;
    if (r.nextInt(50) != 0) {
      b.recordId(h.record);
    }
    return b;
  }

  private static String name(Host h, Random r) {
    return r.nextInt(4) == 0 ? h.name + ".contoso.local" : h.name.toLowerCase(java.util.Locale.ROOT);
  }

  /** Repeats about 3 % of the events later and swaps about 5 % with their neighbour. */
  private static List<SecurityEvent> deliver(List<SecurityEvent> in, Random r) {
    List<SecurityEvent> out = new ArrayList<>(in);
    for (int i = 0; i < in.size(); i++) {
      if (r.nextInt(33) == 0) {
        out.add(Math.min(out.size(), i + 1 + r.nextInt(200)), in.get(i));
      }
    }
    for (int i = 0; i + 1 < out.size(); i++) {
      if (r.nextInt(20) == 0) {
        SecurityEvent a = out.get(i);
        out.set(i, out.get(i + 1));
        out.set(i + 1, a);
      }
    }
    return out;
  }
}
