package org.winsession.normalize;

import org.winsession.event.EventKind;
import org.winsession.event.LogonIds;
import org.winsession.event.SecurityEvent;

/**
 * The positional insertion-string templates of NT5 (Windows 2000/XP/2003) Security events, from
 * DOMAIN.md §1.4: 528/540 logon (type at %4), 529..537/539 failure (type at %3), 538 logoff, 551
 * user-initiated logoff, 552 explicit credentials, 576 special privileges, 682/683 reconnect and
 * disconnect, 517 log cleared, 512/513 startup and shutdown.
 */
final class Nt5Templates {
  private Nt5Templates() {}

  static void apply(int code, EventKind kind, EventFields f, SecurityEvent.Builder b)
      throws InvalidEventException {
    switch (kind) {
      case LOGON: // 528, 540: User %1, Domain %2, Logon ID %3, Type %4, Process %5, Package %6,
        // Workstation %7, GUID %8, caller %9..%12, Transited %13, Source address %14, port %15.
        b.user(p(f, 1)).domain(p(f, 2)).logonId(requiredLuid(f, 3, code))
            .logonType(Normalizer.logonType(f.data(4)))
            .logonProcess(p(f, 5)).authPackage(p(f, 6)).srcWorkstation(Normalizer.source(f.data(7)))
            .logonGuid(p(f, 8)).srcIp(Normalizer.ip(f.data(14)))
            .srcPort(Normalizer.port(f.data(15)));
        break;
      case LOGON_FAILED: // 529..537, 539: User %1, Domain %2, Type %3, ..., address %12, port %13
        b.user(p(f, 1)).domain(p(f, 2)).logonType(Normalizer.logonType(f.data(3)))
            .logonProcess(p(f, 4)).authPackage(p(f, 5)).srcWorkstation(Normalizer.source(f.data(6)))
            .srcIp(Normalizer.ip(f.data(12))).srcPort(Normalizer.port(f.data(13)));
        break;
      case LOGOFF: // 538: User %1, Domain %2, Logon ID %3, Logon Type %4
        b.user(p(f, 1)).domain(p(f, 2)).logonId(requiredLuid(f, 3, code))
            .logonType(Normalizer.logonType(f.data(4)));
        break;
      case USER_LOGOFF: // 551: User %1, Domain %2, Logon ID %3
      case SPECIAL_PRIVILEGES: // 576: User %1, Domain %2, Logon ID %3, Privileges %4
        b.user(p(f, 1)).domain(p(f, 2)).logonId(requiredLuid(f, 3, code));
        break;
      case EXPLICIT_CREDENTIALS: // 552: User %1, Domain %2, Logon ID %3, ..., address %11, port %12
        b.logonId(luid(f, 3)).user(p(f, 5)).domain(p(f, 6))
            .srcIp(Normalizer.ip(f.data(11))).srcPort(Normalizer.port(f.data(12)));
        break;
      case RECONNECT: // 682, 683: User %1, Domain %2, Logon ID %3, Session %4, Client %5, Address %6
      case DISCONNECT:
        b.user(p(f, 1)).domain(p(f, 2)).logonId(requiredLuid(f, 3, code))
            .srcWorkstation(Normalizer.source(f.data(5))).srcIp(Normalizer.ip(f.data(6)));
        break;
      case LOG_CLEARED: // 517: Primary %1 %2 %3, Client User %4, Domain %5, Logon ID %6
        b.user(p(f, 4)).domain(p(f, 5)).logonId(luid(f, 6));
        break;
      default: // 512, 513 and the NT5 codes without a session meaning carry nothing we read
        break;
    }
  }

  private static String p(EventFields f, int position) {
    return Normalizer.clean(f.data(position));
  }

  private static long luid(EventFields f, int position) throws InvalidEventException {
    return Normalizer.luidValue(f.data(position), "insertion string %" + position + " (Logon ID)");
  }

  private static long requiredLuid(EventFields f, int position, int code)
      throws InvalidEventException {
    long v = luid(f, position);
    if (v == LogonIds.NONE) {
      throw new InvalidEventException("event " + code + " has no Logon ID at insertion string %"
          + position + ": expected e.g. (0x0,0x3A7A6E0)");
    }
    return v;
  }
}
