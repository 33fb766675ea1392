package org.winsession.normalize;

import org.winsession.event.EventKind;
import org.winsession.event.LogonIds;
import org.winsession.event.LogonTypes;
import org.winsession.event.SecurityEvent;
import org.winsession.event.SourceFormat;

/**
 * Turns one source record's fields into a {@link SecurityEvent} (SESSIONS.md §1).
 *
 * <p>Modern events (4624, 4634, ...) are read by field name, never by position (4624 v3 inserted a
 * field). NT5 events (512..683) are read by their documented positional templates (DOMAIN.md §1.4),
 * see {@link Nt5Templates}. Stateless and thread-safe.
 */
public final class Normalizer {
  private static final int MAX_FIELD_CHARS = 4096;

  private Normalizer() {}

  /**
   * Normalizes one record.
   *
   * @throws InvalidEventException when a field the event needs is missing or malformed, and when
   *     reading the record's fields fails in any other way (a runtime exception of a rule or of
   *     the reader's fields): that record is refused, never the run
   */
  public static SecurityEvent normalize(EventFields f, SourceFormat format)
      throws InvalidEventException {
    try {
      return normalizeFields(f, format);
    } catch (RuntimeException e) {
      throw new InvalidEventException("the record's fields could not be read: "
          + shorten(String.valueOf(e)) + " (expected values the event's rules can read)");
    }
  }

  private static SecurityEvent normalizeFields(EventFields f, SourceFormat format)
      throws InvalidEventException {
    int code = parseCode(f.eventId());
    SecurityEvent.Builder b = SecurityEvent.builder().eventCode(code).sourceFormat(format);
    String computer = clean(f.computer());
    if (computer == null) {
      throw new InvalidEventException(
          "event " + code + " has no Computer: expected the host name, which keys every session");
    }
    b.host(computer).channel(clean(f.channel()));
    long millis = f.timeMillis();
    if (millis != Long.MIN_VALUE) {
      b.timeMillis(millis);
    } else {
      parseTime(f, b, code);
    }
    long recordId = f.recordIdNumber();
    b.recordId(recordId != EventFields.NOT_NUMERIC ? recordId : parseRecordId(f.recordId()));
    EventKind kind = EventKind.ofCode(code);
    if (EventKind.isLegacyCode(code)) {
      Nt5Templates.apply(code, kind, f, b);
    } else {
      applyModern(kind, f, b);
    }
    return b.build();
  }

  private static void parseTime(EventFields f, SecurityEvent.Builder b, int code)
      throws InvalidEventException {
    String time = f.timeCreated();
    if (time == null || time.isBlank()) {
      throw new InvalidEventException("event " + code + " has no TimeCreated/SystemTime");
    }
    try {
      b.timeMillis(Timestamps.parseMillis(time));
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException("event " + code + ": " + e.getMessage());
    }
  }

  private static void applyModern(EventKind kind, EventFields f, SecurityEvent.Builder b)
      throws InvalidEventException {
    switch (kind) {
      case LOGON:
        b.logonId(required(f, "TargetLogonId"))
            .linkedLogonId(luid(f, "TargetLinkedLogonId"))
            .logonType(logonType(f.data("LogonType")))
            .logonProcess(clean(f.data("LogonProcessName")))
            .authPackage(clean(f.data("AuthenticationPackageName")))
            .lmPackage(clean(f.data("LmPackageName")))
            .srcWorkstation(source(f.data("WorkstationName")))
            .processName(clean(f.data("ProcessName")))
            .srcIp(ip(f.data("IpAddress")))
            .srcPort(port(f.data("IpPort")))
            .logonGuid(clean(f.data("LogonGuid")))
            .elevated(yesNo(f.data("ElevatedToken")))
            .virtualAccount(yesNo(f.data("VirtualAccount")));
        target(f, b);
        break;
      case LOGON_FAILED:
        target(f, b);
        b.logonType(logonType(f.data("LogonType")))
            .logonProcess(clean(f.data("LogonProcessName")))
            .authPackage(clean(f.data("AuthenticationPackageName")))
            .srcWorkstation(source(f.data("WorkstationName")))
            .processName(clean(f.data("ProcessName")))
            .srcIp(ip(f.data("IpAddress")))
            .srcPort(port(f.data("IpPort")))
            .status(hexCode(f.data("Status")))
            .subStatus(hexCode(f.data("SubStatus")));
        break;
      case LOGOFF:
      case USER_LOGOFF:
      case LOCK:
      case UNLOCK:
      case SCREENSAVER_ON:
      case SCREENSAVER_OFF:
        b.logonId(required(f, "TargetLogonId")).logonType(logonType(f.data("LogonType")));
        target(f, b);
        break;
      case EXPLICIT_CREDENTIALS:
        b.logonId(luid(f, "SubjectLogonId"))
            .processName(clean(f.data("ProcessName")))
            .srcIp(ip(f.data("IpAddress")))
            .srcPort(port(f.data("IpPort")));
        target(f, b);
        break;
      case SPECIAL_PRIVILEGES:
      case LOG_CLEARED:
        b.logonId(kind == EventKind.SPECIAL_PRIVILEGES
                ? required(f, "SubjectLogonId") : luid(f, "SubjectLogonId"))
            .user(clean(f.data("SubjectUserName")))
            .domain(clean(f.data("SubjectDomainName")))
            .userSid(clean(f.data("SubjectUserSid")));
        break;
      case RECONNECT:
      case DISCONNECT:
        b.logonId(required(f, "LogonID"))
            .user(clean(f.data("AccountName")))
            .domain(clean(f.data("AccountDomain")))
            .srcWorkstation(source(f.data("ClientName")))
            .srcIp(ip(f.data("ClientAddress")));
        break;
      case STARTUP:
      case SHUTDOWN:
        break;
      case OTHER:
        long target = luid(f, "TargetLogonId");
        b.logonId(target != LogonIds.NONE ? target : luid(f, "SubjectLogonId"));
        break;
      default:
        throw new AssertionError(kind);
    }
  }

  private static void target(EventFields f, SecurityEvent.Builder b) {
    b.user(clean(f.data("TargetUserName")))
        .domain(clean(f.data("TargetDomainName")))
        .userSid(clean(f.data("TargetUserSid")));
  }

  private static long required(EventFields f, String name) throws InvalidEventException {
    long v = luid(f, name);
    if (v == LogonIds.NONE) {
      throw new InvalidEventException("missing " + name + ": expected the session's logon ID");
    }
    return v;
  }

  private static long luid(EventFields f, String name) throws InvalidEventException {
    long v = f.dataHexNumber(name);
    return v != EventFields.NOT_NUMERIC ? v : luidValue(f.data(name), name);
  }

  static long luidValue(String value, String what) throws InvalidEventException {
    try {
      return LogonIds.parse(value);
    } catch (NumberFormatException e) {
      throw new InvalidEventException(what + ": " + e.getMessage());
    }
  }

  static int parseCode(String text) throws InvalidEventException {
    if (text == null || text.isBlank()) {
      throw new InvalidEventException("no EventID: expected a number such as 4624");
    }
    String s = text.strip();
    if (s.length() > 9 || !isDigits(s)) {
      throw new InvalidEventException("EventID '" + shorten(s) + "': expected a number");
    }
    return Integer.parseInt(s);
  }

  static long parseRecordId(String text) throws InvalidEventException {
    if (text == null || text.isBlank()) {
      return SecurityEvent.NO_RECORD_ID;
    }
    String s = text.strip();
    // 19 digits may pass Long.MAX_VALUE: the one length that needs the comparison
    if (s.length() > 19 || !isDigits(s)
        || s.length() == 19 && s.compareTo(String.valueOf(Long.MAX_VALUE)) > 0) {
      throw new InvalidEventException("EventRecordID '" + shorten(s) + "': expected a number"
          + " from 0 to " + Long.MAX_VALUE);
    }
    return Long.parseLong(s);
  }

  static int logonType(String text) throws InvalidEventException {
    String s = clean(text);
    if (s == null) {
      return LogonTypes.NONE;
    }
    if (s.length() > 2 || !isDigits(s) || Integer.parseInt(s) > 13) {
      throw new InvalidEventException("LogonType '" + shorten(s) + "': expected 0..13");
    }
    return Integer.parseInt(s);
  }

  /** Trims and maps Windows' placeholders ({@code -}, empty) to null; caps absurd lengths. */
  static String clean(String v) {
    if (v == null) {
      return null;
    }
    String s = v.strip();
    if (s.isEmpty() || s.equals("-")) {
      return null;
    }
    return s.length() > MAX_FIELD_CHARS ? s.substring(0, MAX_FIELD_CHARS) : s;
  }

  /** Source workstation: {@code -}, empty and {@code ::} are absent (SESSIONS.md §1). */
  static String source(String v) {
    String s = clean(v);
    return s == null || s.equals("::") ? null : s;
  }

  static String ip(String v) {
    String s = source(v);
    if (s == null) {
      return null;
    }
    if (s.regionMatches(true, 0, "::ffff:", 0, 7) && s.indexOf('.') > 0) {
      return s.substring(7);
    }
    return s;
  }

  static int port(String v) {
    String s = source(v);
    if (s == null || s.length() > 5 || !isDigits(s)) {
      return SecurityEvent.NO_PORT;
    }
    int p = Integer.parseInt(s);
    return p <= 65535 ? p : SecurityEvent.NO_PORT;
  }

  /**
   * NTSTATUS codes as Windows renders them: {@code 0xc000006d}; libevtx's zero padding
   * ({@code 0x00000000}) and upper case give the same text. Anything else is kept as written.
   */
  static String hexCode(String v) {
    String s = clean(v);
    if (s == null || s.length() < 3 || s.length() > 18 || !s.regionMatches(true, 0, "0x", 0, 2)) {
      return s;
    }
    try {
      return "0x" + Long.toHexString(Long.parseUnsignedLong(s.substring(2), 16));
    } catch (NumberFormatException e) {
      return s;
    }
  }

  /** {@code %%1842}/Yes is true, {@code %%1843}/No is false (DOMAIN.md §1.3); else absent. */
  static Boolean yesNo(String v) {
    String s = clean(v);
    if (s == null) {
      return null;
    }
    if (s.equals("%%1842") || s.equalsIgnoreCase("Yes") || s.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (s.equals("%%1843") || s.equalsIgnoreCase("No") || s.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    return null;
  }

  private static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return !s.isEmpty();
  }

  static String shorten(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }
}
