package org.winsession.session;

import java.util.Locale;
import org.winsession.event.LogonIds;

/**
 * What kind of principal a session belongs to (SESSIONS.md §5 {@code account_class}); the first
 * that applies in the order anonymous, system, virtual, machine, service, user. NT5 events carry
 * names, not SIDs, so names are checked too.
 */
public enum AccountClass {
  ANONYMOUS,
  SYSTEM,
  VIRTUAL,
  MACHINE,
  SERVICE,
  USER;

  /** The contract's lower-case name. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Classifies a target account; any argument may be null. */
  public static AccountClass of(String sid, String user, String domain, long logonId, int logonType,
      Boolean virtualAccount) {
    if ("S-1-5-7".equals(sid) || "ANONYMOUS LOGON".equalsIgnoreCase(user)) {
      return ANONYMOUS;
    }
    if ("S-1-5-18".equals(sid) || "S-1-5-19".equals(sid) || "S-1-5-20".equals(sid)
        || LogonIds.isWellKnown(logonId) || isNtAuthorityService(user, domain)) {
      return SYSTEM;
    }
    if (Boolean.TRUE.equals(virtualAccount) || (sid != null
        && (sid.startsWith("S-1-5-90-") || sid.startsWith("S-1-5-96-")))
        || numbered(user, "DWM-") || numbered(user, "UMFD-")) {
      return VIRTUAL;
    }
    if (user != null && user.endsWith("$")) {
      return MACHINE;
    }
    return logonType == 5 ? SERVICE : USER;
  }

  private static boolean isNtAuthorityService(String user, String domain) {
    if (user == null || domain == null || !domain.equalsIgnoreCase("NT AUTHORITY")) {
      return false;
    }
    return user.equalsIgnoreCase("SYSTEM") || user.equalsIgnoreCase("LOCAL SERVICE")
        || user.equalsIgnoreCase("NETWORK SERVICE");
  }

  private static boolean numbered(String user, String prefix) {
    if (user == null || user.length() <= prefix.length()
        || !user.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return false;
    }
    for (int i = prefix.length(); i < user.length(); i++) {
      if (user.charAt(i) < '0' || user.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
