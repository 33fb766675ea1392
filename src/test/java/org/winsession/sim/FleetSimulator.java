package org.winsession.sim;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.winsession.event.LogonIds;
import org.winsession.event.SecurityEvent;
import org.winsession.session.HostNormalization;

/**
 * A seeded simulation of a Windows fleet's Security logs, delivered as a collector receives them:
 * the records of every machine interleaved by time, each machine's in record order.
 *
 * <p>Modern machines write 4608, 1100, 4624 v2 (LogonType, TargetLogonId, TargetLinkedLogonId,
 * ElevatedToken, VirtualAccount, IpAddress, ProcessName), 4634, 4647, 4672, 4778/4779 and
 * 4800/4801; Windows 2003 machines write 512, 513, 528, 540, 538, 551, 576 and 682/683 with
 * positional insertion strings (DOMAIN.md §1.4). Behaviours: boots, crashes without a shutdown,
 * restarts whose startup is not logged, clock steps back, RDP disconnect/reconnect, UAC linked
 * pairs, SYSTEM re-logons at every service start, DWM virtual sessions, token leaks (4647 without
 * 4634, 551 without 538), network logons whose logoff never comes, logoffs of sessions opened
 * before the data, a host renamed at a restart, and hosts that do not audit logoffs (no
 * 4634/4647/538/551 at all). With {@code duplicates}, the delivery also repeats records and
 * replays runs of them (the same record ids again), as forwarders do after a restart.
 *
 * <p>The same parameters give the same records: every machine draws from its own
 * {@link SplittableRandom} split from the seed, and the delivery's repeats from another, so the
 * records do not depend on whether duplicates are delivered. Memory is a few pending events per
 * machine: the stream can be billions long.
 */
final class FleetSimulator implements Iterator<SimEvent> {
  static final long START = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
  static final long GRACE = 120_000L;
  static final long LEAK_AFTER = 86_400_000L;
  static final String DOMAIN = "CONTOSO";
  static final String DOMAIN_SID = "S-1-5-21-1004336348-1177238915-682003330";
  private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank",
      "grace", "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil",
      "trent", "victor", "walter", "xavier", "yolanda", "zoe", "adm.jsmith", "adm.kdoe",
      "svc_backup", "svc_sql"};
  /** Average records one activity writes; sets the activity rate from the wanted event count. */
  private static final double RECORDS_PER_ACTIVITY = 2.3;

  record Account(String sid, String user, String domain, boolean admin) {}

  static final Account SYSTEM = new Account("S-1-5-18", "SYSTEM", "NT AUTHORITY", true);
  static final Account LOCAL_SERVICE = new Account("S-1-5-19", "LOCAL SERVICE", "NT AUTHORITY",
      false);
  static final Account NETWORK_SERVICE = new Account("S-1-5-20", "NETWORK SERVICE",
      "NT AUTHORITY", false);
  static final Account ANONYMOUS = new Account("S-1-5-7", "ANONYMOUS LOGON", "NT AUTHORITY",
      false);
  static final Account NOBODY = new Account("S-1-0-0", "-", "-", false);

  private final FleetParams params;
  private final Machine[] machines;
  private final PriorityQueue<Machine> queue = new PriorityQueue<>(
      Comparator.comparingLong((Machine m) -> m.out.peekFirst().delivered())
          .thenComparingInt(m -> m.index));
  private final ArrayDeque<SimEvent> injected = new ArrayDeque<>();
  private final SplittableRandom delivery;
  private final boolean duplicates;
  final GroundTruth truth = new GroundTruth();

  FleetSimulator(FleetParams p, boolean duplicates) {
    this.params = p;
    this.duplicates = duplicates;
    SplittableRandom root = new SplittableRandom(p.seed());
    this.delivery = root.split();
    this.machines = new Machine[p.hosts()];
    int nt5 = p.nt5Hosts();
    int unaudited = p.unauditedHosts();
    int renamed = -1;
    for (int i = 0; i < p.hosts(); i++) {
      boolean isNt5 = i % 4 == 1 && (i / 4) < nt5;
      boolean audits = !isUnaudited(i, p.hosts(), unaudited);
      if (renamed < 0 && i >= 2 && !isNt5 && audits) {
        renamed = i;
      }
      machines[i] = new Machine(i, isNt5, audits, i == renamed, root.split());
    }
    for (Machine m : machines) {
      if (!m.audited) {
        truth.unauditedHosts.add(HostNormalization.SHORT.apply(m.computer));
      }
      if (m.nt5) {
        truth.nt5Hosts.add(HostNormalization.SHORT.apply(m.computer));
      }
      if (m.fill()) {
        queue.add(m);
      }
    }
  }

  /** Unaudited machines are every other one counted from the last. */
  private static boolean isUnaudited(int i, int hosts, int count) {
    int fromEnd = hosts - 1 - i;
    return fromEnd % 2 == 0 && fromEnd / 2 < count;
  }

  /** The parameters of this fleet. */
  FleetParams params() {
    return params;
  }

  /** Machine i's generation. */
  boolean isNt5(int machine) {
    return machines[machine].nt5;
  }

  /** How many machines. */
  int machineCount() {
    return machines.length;
  }

  /** Machine i's first name, short, as its export files are named. */
  String fileHost(int machine) {
    return machines[machine].fileHost;
  }

  @Override
  public boolean hasNext() {
    return !injected.isEmpty() || !queue.isEmpty();
  }

  @Override
  public SimEvent next() {
    if (!injected.isEmpty()) {
      return injected.pollFirst();
    }
    Machine m = queue.poll();
    if (m == null) {
      throw new NoSuchElementException();
    }
    SimEvent e = m.out.pollFirst();
    if (m.fill()) {
      queue.add(m);
    }
    if (duplicates) {
      m.remember(e);
      double u = delivery.nextDouble();
      if (u < 0.002) {
        injected.add(e);
        truth.deliveredDuplicates++;
      } else if (u < 0.0023) {
        int k = Math.min(m.recentCount, 5 + delivery.nextInt(150));
        for (int i = k; i >= 1; i--) {
          injected.add(m.recent[(m.recentCount - i) % m.recent.length]);
        }
        truth.deliveredDuplicates += k;
      }
    }
    return e;
  }

  // ---- one machine ---------------------------------------------------------------------------

  private record Pending(long at, long seq, Runnable action) {}

  private record Plant(long deadline, GroundTruth.Key key, boolean rule1) {}

  private final class Machine {
    final int index;
    final boolean nt5;
    final boolean audited;
    final String fileHost;
    final SplittableRandom rnd;
    final long end;
    final double meanGap;
    String computer;
    String newName;
    long record;
    long now;
    long offset;
    long luid;
    long bootEnds = Long.MAX_VALUE;
    long maxWritten = Long.MIN_VALUE;
    boolean finished;
    long seq;
    int dwm = 1;
    final PriorityQueue<Pending> pending = new PriorityQueue<>(
        Comparator.comparingLong(Pending::at).thenComparingLong(Pending::seq));
    final PriorityQueue<Plant> plants = new PriorityQueue<>(
        Comparator.comparingLong(Plant::deadline));
    final ArrayDeque<SimEvent> out = new ArrayDeque<>();
    final SimEvent[] recent = new SimEvent[256];
    int recentCount;

    Machine(int index, boolean nt5, boolean audited, boolean renamed, SplittableRandom rnd) {
      this.index = index;
      this.nt5 = nt5;
      this.audited = audited;
      this.rnd = rnd;
      this.computer = nt5 ? String.format(Locale.ROOT, "W2K3-%02d", index)
          : String.format(Locale.ROOT, index % 3 == 0 ? "SRV%02d.contoso.local"
              : "WS%02d.contoso.local", index);
      this.fileHost = HostNormalization.SHORT.apply(computer);
      this.newName = renamed ? "FIN-" + computer : null;
      this.end = START + params.days() * 86_400_000L;
      double perMachineDay = (double) params.events() / params.hosts() / params.days();
      this.meanGap = 86_400_000.0 / (perMachineDay / RECORDS_PER_ACTIVITY);
      this.record = 1000 + rnd.nextInt(90_000);
      this.now = START + rnd.nextLong(3_600_000L);
      if (index % 2 == 0) {
        boot(true);
      } else { // the data starts in the middle of a boot
        luid = 0x40000L + rnd.nextInt(0x40000);
        bootEnds = now + uptime();
        if (audited) {
          for (int i = 0; i < 3; i++) { // logoffs of sessions logged on before the data
            long orphan = 0x9000L + rnd.nextInt(0x1000) * 4L;
            Account a = user();
            at(now + rnd.nextLong(3_600_000L), () -> logoff(a, orphan, 3, null));
          }
        }
      }
    }

    void remember(SimEvent e) {
      recent[recentCount % recent.length] = e;
      recentCount++;
    }

    /** Makes sure a record is ready; false once the machine has written everything. */
    boolean fill() {
      while (out.isEmpty()) {
        if (finished) {
          return false;
        }
        long next = now + gap();
        Pending p;
        while ((p = pending.peek()) != null && p.at() <= Math.min(next, bootEnds)
            && p.at() <= end) {
          pending.poll();
          now = Math.max(now, p.at());
          p.action().run();
        }
        if (bootEnds <= next && bootEnds <= end) {
          now = Math.max(now, bootEnds);
          restart();
          continue;
        }
        if (next > end) {
          finished = true;
          continue;
        }
        now = Math.max(now, next);
        activity();
      }
      return true;
    }

    private long gap() {
      return 1 + (long) (-meanGap * Math.log(1 - rnd.nextDouble()));
    }

    private long uptime() {
      return 3 * 3_600_000L + (long) (-2 * 86_400_000.0 * Math.log(1 - rnd.nextDouble()));
    }

    private void tick() {
      now += 20 + rnd.nextInt(400);
    }

    private void at(long when, Runnable action) {
      pending.add(new Pending(when, seq++, action));
    }

    private long nextLuid() {
      luid += 1 + rnd.nextInt(0x3000);
      return luid;
    }

    private Account user() {
      int i = rnd.nextInt(USERS.length);
      return new Account(DOMAIN_SID + "-" + (1100 + i), USERS[i], DOMAIN,
          USERS[i].startsWith("adm.") || i % 7 == 0);
    }

    private Account machineAccount() {
      int i = rnd.nextInt(40);
      return new Account(DOMAIN_SID + "-" + (3000 + i),
          String.format(Locale.ROOT, "WS%02d$", i), DOMAIN, false);
    }

    private String clientIp() {
      String ip = "10.1." + rnd.nextInt(8) + "." + (2 + rnd.nextInt(250));
      return rnd.nextInt(10) == 0 ? "::ffff:" + ip : ip;
    }

    private String clientName() {
      return String.format(Locale.ROOT, "WS%02d", rnd.nextInt(40));
    }

    // ---- lifecycle ----

    private void boot(boolean logged) {
      luid = 0x40000L + rnd.nextInt(0x40000);
      if (logged) {
        emitPlain(nt5 ? 512 : 4608);
        tick();
      }
      if (!nt5) { // LSASS logs SYSTEM on with logon type 0 once per boot
        logon(SYSTEM, 0x3e7L, 0, 0L, false, "-", "-", "-", "-", "-", "-");
        tick();
      }
      serviceLogon(SYSTEM, 0x3e7L);
      tick();
      serviceLogon(NETWORK_SERVICE, 0x3e4L);
      tick();
      serviceLogon(LOCAL_SERVICE, 0x3e5L);
      bootEnds = now + uptime();
      if (rnd.nextInt(3) == 0) { // an NTP correction steps the clock back
        long when = now + rnd.nextLong(Math.max(1, bootEnds - now));
        at(when, () -> {
          long step = rnd.nextInt(4) == 0 ? 1_000L * (60 + rnd.nextInt(7200))
              : 1_000L * (2 + rnd.nextInt(60)) + rnd.nextInt(1000);
          offset -= step;
          truth.clockSteps++;
        });
      }
    }

    private void restart() {
      boolean clean = newName != null || rnd.nextInt(5) != 0;
      if (clean) {
        emitPlain(nt5 ? 513 : 1100);
        truth.cleanRestarts++;
      } else {
        truth.crashes++;
      }
      pending.clear();
      plants.clear(); // undecided: the boot ended before their deadline
      if (clean && newName != null) {
        truth.renames.put(HostNormalization.SHORT.apply(computer),
            HostNormalization.SHORT.apply(newName));
        computer = newName;
        newName = null;
      }
      now += clean ? 60_000L + rnd.nextLong(540_000L) : 120_000L + rnd.nextLong(1_680_000L);
      boolean logged = rnd.nextInt(14) != 0;
      if (!logged) {
        truth.unloggedStartups++;
      }
      // the engine restarts host event time on a startup, or on a second type-0 SYSTEM logon
      if (logged || (!nt5 && !clean)) {
        maxWritten = Long.MIN_VALUE;
      }
      boot(logged);
    }

    // ---- activities ----

    private void activity() {
      int u = rnd.nextInt(100);
      if (u < 28) {
        int w = rnd.nextInt(10);
        serviceLogon(w < 8 ? SYSTEM : w == 8 ? NETWORK_SERVICE : LOCAL_SERVICE,
            w < 8 ? 0x3e7L : w == 8 ? 0x3e4L : 0x3e5L);
      } else if (u < 50) {
        networkLogon(user());
      } else if (u < 62) {
        networkLogon(machineAccount());
      } else if (u < 71) {
        userSession();
      } else if (u < 78) {
        shortLogon(new Account(DOMAIN_SID + "-1124", "svc_backup", DOMAIN, false), 4);
      } else if (u < 80) {
        shortLogon(ANONYMOUS, 3);
      } else {
        networkLogon(user());
      }
    }

    private void serviceLogon(Account a, long id) {
      logon(a, id, 5, 0L, false, nt5 ? "Advapi  " : "Advapi  ", "Negotiate", "-",
          nt5 ? "-" : "C:\\Windows\\System32\\services.exe", "-", "-");
      if (a == SYSTEM || rnd.nextBoolean()) {
        tick();
        privileges(a, id);
      }
    }

    private void networkLogon(Account a) {
      long id = nextLuid();
      boolean kerberos = a.user().endsWith("$") || rnd.nextBoolean();
      String ws = kerberos ? "-" : clientName();
      String port = String.valueOf(49152 + rnd.nextInt(16000));
      GroundTruth.Key key = logon(a, id, 3, 0L, false, kerberos ? "Kerberos" : "NtLmSsp ",
          kerberos ? "Kerberos" : "NTLM", ws, "-", clientIp(), port);
      if (a.admin()) {
        tick();
        privileges(a, id);
      }
      if (!audited) {
        return;
      }
      if (rnd.nextInt(40) == 0) { // its logoff never comes
        truth.plantedNeverLoggedOff++;
        plants.add(new Plant(key.logonMillis() + LEAK_AFTER, key, false));
        return;
      }
      at(now + 500 + rnd.nextLong(600_000L), () -> logoff(a, id, 3, key));
    }

    private void shortLogon(Account a, int type) {
      long id = nextLuid();
      GroundTruth.Key key = type == 4
          ? logon(a, id, 4, 0L, false, "Advapi  ", "Negotiate", "-",
              "C:\\Windows\\System32\\svchost.exe", "-", "-")
          : logon(a, id, 3, 0L, false, "NtLmSsp ", "NTLM", clientName(), "-",
              clientIp(), String.valueOf(49152 + rnd.nextInt(16000)));
      if (audited) {
        at(now + 1000 + rnd.nextLong(120_000L), () -> logoff(a, id, type, key));
      }
    }

    /** An interactive (2) or RDP (10) session: locks, disconnects, a UAC pair, DWM, logoff. */
    private void userSession() {
      Account a = user();
      int type = rnd.nextInt(3) == 0 ? 10 : 2;
      boolean uac = !nt5 && a.admin();
      long primary = nextLuid();
      long elevated = uac ? nextLuid() : 0L;
      String ip = type == 10 ? clientIp() : "127.0.0.1";
      String ws = type == 10 ? clientName() : fileHost.toUpperCase(Locale.ROOT);
      String process = nt5 ? "-" : "C:\\Windows\\System32\\svchost.exe";
      GroundTruth.Key elevatedKey = null;
      if (uac) { // the full token first, then the filtered one, each naming the other
        elevatedKey = logon(a, elevated, type, primary, true, "User32 ", "Negotiate", ws,
            process, ip, "0");
        tick();
        privileges(a, elevated);
        tick();
        truth.uacPairs++;
      }
      GroundTruth.Key key = logon(a, primary, type, elevated, false, "User32 ",
          "Negotiate", ws, process, ip, "0");
      if (!uac && a.admin()) {
        tick();
        privileges(a, primary);
      }
      long dwmId = 0L;
      GroundTruth.Key dwmKey = null;
      Account dwmAccount = null;
      if (!nt5 && type == 2 && rnd.nextBoolean()) {
        tick();
        int n = dwm++;
        dwmAccount = new Account("S-1-5-90-0-" + n, "DWM-" + n, "Window Manager", false);
        dwmId = nextLuid();
        dwmKey = logon(dwmAccount, dwmId, 2, 0L, true, "Advapi  ", "Negotiate", "-",
            "C:\\Windows\\System32\\winlogon.exe", "-", "-");
      }
      long start = now;
      long length = (long) (300_000.0 * Math.pow(96, rnd.nextDouble())); // 5 min .. 8 h
      long stop = start + length;
      int pauses = rnd.nextInt(3);
      for (int i = 0; i < pauses; i++) {
        long t1 = start + 1000 + rnd.nextLong(Math.max(1, length - 2000));
        long t2 = t1 + 1000 + rnd.nextLong(Math.max(1, stop - t1 - 1000));
        if (t2 >= stop) {
          continue;
        }
        if (type == 10) {
          at(t1, () -> rdp(a, primary, false, ip));
          at(t2, () -> {
            rdp(a, primary, true, ip);
            truth.rdpReconnects++;
          });
        } else if (!nt5) {
          at(t1, () -> lock(a, primary, true));
          at(t2, () -> lock(a, primary, false));
        }
      }
      if (!audited) {
        return;
      }
      GroundTruth.Key ek = elevatedKey;
      long eid = elevated;
      long did = dwmId;
      GroundTruth.Key dk = dwmKey;
      Account da = dwmAccount;
      if (rnd.nextInt(25) == 0) { // a token leak: the user logoff, and no logoff ever
        truth.plantedUserLogoffLeaks++;
        at(stop, () -> {
          SimEvent ul = userLogoff(a, primary);
          plants.add(new Plant(ul.millis() + GRACE, key, true));
          if (ek != null) {
            plants.add(new Plant(ek.logonMillis() + LEAK_AFTER, ek, false));
          }
        });
        return;
      }
      at(stop, () -> userLogoff(a, primary));
      at(stop + 200 + rnd.nextInt(2500), () -> {
        logoff(a, primary, type, key);
        if (ek != null) {
          tick();
          logoff(a, eid, type, ek);
        }
        if (da != null) {
          tick();
          logoff(da, did, 2, dk);
        }
      });
    }

    // ---- records ----

    private String hexLuid(long id) {
      return "0x" + Long.toHexString(id);
    }

    private String nt5Luid(long id) {
      return "(0x0,0x" + Long.toHexString(id).toUpperCase(Locale.ROOT) + ")";
    }

    private GroundTruth.Key logon(Account a, long id, int type, long linked, boolean elevated,
        String process, String pkg, String workstation,
        String processName, String ip, String port) {
      SecurityEvent.Builder b = SecurityEvent.builder().logonId(id).logonType(type)
          .user(clean(a.user())).domain(clean(a.domain())).logonProcess(clean(process))
          .authPackage(clean(pkg)).srcWorkstation(source(workstation)).srcIp(ip(ip))
          .srcPort(port(port));
      if (nt5) {
        b.logonGuid(null);
        String[] d = {a.user(), a.domain(), nt5Luid(id), String.valueOf(type), process, pkg,
            workstation.equals("-") ? "" : workstation, "-", type == 3 ? "-" : fileHost + "$",
            type == 3 ? "-" : DOMAIN, type == 3 ? "-" : "(0x0,0x3E7)",
            type == 3 ? "-" : String.valueOf(400 + rnd.nextInt(3000)), "-", ip, port};
        if (workstation.equals("-")) {
          b.srcWorkstation(null);
        }
        return emit(type == 3 ? 540 : 528, 0, d, b, id);
      }
      boolean dwmAccount = a.sid().startsWith("S-1-5-90-");
      Account subject = type == 0 || type == 3 ? NOBODY : SYSTEM;
      String subjectLuid = type == 0 || type == 3 ? "0x0" : "0x3e7";
      String guid = pkg.equals("Kerberos") ? String.format(Locale.ROOT,
          "{%08x-%04x-%04x-%04x-%012x}", rnd.nextInt(), rnd.nextInt(0x10000),
          rnd.nextInt(0x10000), rnd.nextInt(0x10000), rnd.nextLong(0x1000000000000L))
          : "{00000000-0000-0000-0000-000000000000}";
      String virtual = dwmAccount ? "%%1842" : "%%1843";
      String elevatedToken = elevated || type == 0 || type == 5
          || (a.admin() && type == 3) ? "%%1842" : "%%1843";
      String lm = pkg.equals("NTLM") ? "NTLM V2" : "-";
      String pid = processName.equals("-") ? "0x0" : "0x" + Integer.toHexString(
          0x200 + rnd.nextInt(0x2000));
      String[] d = {subject.sid(), type == 0 || type == 3 ? "-" : fileHost.toUpperCase(
          Locale.ROOT) + "$", type == 0 || type == 3 ? "-" : DOMAIN, subjectLuid, a.sid(),
          a.user(), a.domain(), hexLuid(id), String.valueOf(type), process, pkg, workstation,
          guid, "-", lm, pkg.equals("NTLM") ? "128" : "0", pid, processName, ip, port,
          "%%1833", type == 10 ? "%%1843" : "-", "-", "-", virtual, hexLuid(linked),
          elevatedToken};
      b.userSid(a.sid()).linkedLogonId(linked).processName(clean(processName))
          .lmPackage(clean(lm)).logonGuid(guid).elevated(elevatedToken.equals("%%1842"))
          .virtualAccount(dwmAccount);
      return emit(4624, 2, d, b, id);
    }

    private void privileges(Account a, long id) {
      SecurityEvent.Builder b = SecurityEvent.builder().logonId(id).user(clean(a.user()))
          .domain(clean(a.domain()));
      if (nt5) {
        emit(576, 0, new String[] {a.user(), a.domain(), nt5Luid(id),
            "SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege"}, b, id);
      } else {
        b.userSid(a.sid());
        emit(4672, 0, new String[] {a.sid(), a.user(), a.domain(), hexLuid(id),
            "SeAssignPrimaryTokenPrivilege\r\n\t\t\tSeTcbPrivilege\r\n\t\t\tSeSecurityPrivilege"},
            b, id);
      }
    }

    private void logoff(Account a, long id, int type, GroundTruth.Key key) {
      SecurityEvent.Builder b = SecurityEvent.builder().logonId(id).logonType(type)
          .user(clean(a.user())).domain(clean(a.domain()));
      SimEvent e;
      long hostTime = maxWritten;
      if (nt5) {
        e = emitEvent(538, 0, new String[] {a.user(), a.domain(), nt5Luid(id),
            String.valueOf(type)}, b);
      } else {
        b.userSid(a.sid());
        e = emitEvent(4634, 0, new String[] {a.sid(), a.user(), a.domain(), hexLuid(id),
            String.valueOf(type)}, b);
      }
      if (key != null) {
        truth.closed(key, e.millis(), e.millis() < hostTime);
      }
    }

    private SimEvent userLogoff(Account a, long id) {
      SecurityEvent.Builder b = SecurityEvent.builder().logonId(id).user(clean(a.user()))
          .domain(clean(a.domain()));
      if (nt5) {
        return emitEvent(551, 0, new String[] {a.user(), a.domain(), nt5Luid(id)}, b);
      }
      b.userSid(a.sid());
      return emitEvent(4647, 0, new String[] {a.sid(), a.user(), a.domain(), hexLuid(id)}, b);
    }

    private void rdp(Account a, long id, boolean reconnect, String ip) {
      String client = clientName();
      SecurityEvent.Builder b = SecurityEvent.builder().logonId(id).user(clean(a.user()))
          .domain(clean(a.domain())).srcWorkstation(client).srcIp(ip(ip));
      String session = "RDP-Tcp#" + (1 + rnd.nextInt(30));
      if (nt5) {
        emit(reconnect ? 682 : 683, 0, new String[] {a.user(), a.domain(), nt5Luid(id), session,
            client, ip}, b, id);
      } else {
        emit(reconnect ? 4778 : 4779, 0, new String[] {a.user(), a.domain(), hexLuid(id),
            session, client, ip}, b, id);
      }
    }

    private void lock(Account a, long id, boolean lock) {
      SecurityEvent.Builder b = SecurityEvent.builder().logonId(id).user(clean(a.user()))
          .domain(clean(a.domain())).userSid(a.sid());
      emit(lock ? 4800 : 4801, 0, new String[] {a.sid(), a.user(), a.domain(), hexLuid(id),
          String.valueOf(1 + rnd.nextInt(3))}, b, id);
    }

    private void emitPlain(int code) {
      emit(code, 0, new String[0], SecurityEvent.builder(), 0L);
    }

    private GroundTruth.Key emit(int code, int version, String[] data, SecurityEvent.Builder b,
        long id) {
      return key(emitEvent(code, version, data, b), id);
    }

    private GroundTruth.Key key(SimEvent e, long id) {
      return new GroundTruth.Key(e.hostKey(), id, e.millis());
    }

    private SimEvent emitEvent(int code, int version, String[] data, SecurityEvent.Builder b) {
      long written = now + offset;
      long rid = ++record;
      SecurityEvent t = b.host(computer).channel("Security").recordId(rid).timeMillis(written)
          .eventCode(code).build();
      SimEvent e = new SimEvent(index, nt5, computer, rid, written, rnd.nextInt(10_000), now,
          code, version, data, t);
      out.add(e);
      truth.records++;
      if (written > maxWritten) {
        maxWritten = written;
        Plant p;
        while ((p = plants.peek()) != null && p.deadline() < maxWritten) {
          plants.poll();
          (p.rule1() ? truth.userLogoffLeaks : truth.thresholdLeaks).add(p.key());
        }
      }
      return e;
    }
  }

  // ---- the contract's normalization of values (SESSIONS.md §1), for the truth ----------------

  static String clean(String v) {
    if (v == null) {
      return null;
    }
    String s = v.strip();
    return s.isEmpty() || s.equals("-") ? null : s;
  }

  static String source(String v) {
    String s = clean(v);
    return s == null || s.equals("::") ? null : s;
  }

  static String ip(String v) {
    String s = source(v);
    return s != null && s.startsWith("::ffff:") && s.indexOf('.') > 0 ? s.substring(7) : s;
  }

  static int port(String v) {
    String s = source(v);
    return s == null ? SecurityEvent.NO_PORT : Integer.parseInt(s);
  }

  static {
    if (LogonIds.parse("(0x0,0x3E7)") != 0x3e7L) {
      throw new AssertionError("LUID notation");
    }
  }
}
