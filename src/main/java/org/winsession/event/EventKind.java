package org.winsession.event;

/**
 * What a Windows Security (or System) event means for a logon session, as fixed by SESSIONS.md §1.
 *
 * <p>Both generations map here: NT5 (Windows 2000/XP/2003) codes and their modern (Vista and later)
 * counterparts have the same kind, so the session engine never looks at event codes.
 */
public enum EventKind {
  LOGON,
  LOGON_FAILED,
  LOGOFF,
  USER_LOGOFF,
  EXPLICIT_CREDENTIALS,
  SPECIAL_PRIVILEGES,
  RECONNECT,
  DISCONNECT,
  LOCK,
  UNLOCK,
  SCREENSAVER_ON,
  SCREENSAVER_OFF,
  STARTUP,
  SHUTDOWN,
  LOG_CLEARED,
  OTHER;

  /** The contract's lower-case name, e.g. {@code user_logoff}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The kind of an event code; codes this product does not know are {@link #OTHER}. */
  public static EventKind ofCode(int code) {
    switch (code) {
      case 4624: case 528: case 540:
        return LOGON;
      case 4625: case 529: case 530: case 531: case 532: case 533: case 534: case 535: case 536:
      case 537: case 539:
        return LOGON_FAILED;
      case 4634: case 538:
        return LOGOFF;
      case 4647: case 551:
        return USER_LOGOFF;
      case 4648: case 552:
        return EXPLICIT_CREDENTIALS;
      case 4672: case 576:
        return SPECIAL_PRIVILEGES;
      case 4778: case 682:
        return RECONNECT;
      case 4779: case 683:
        return DISCONNECT;
      case 4800:
        return LOCK;
      case 4801:
        return UNLOCK;
      case 4802:
        return SCREENSAVER_ON;
      case 4803:
        return SCREENSAVER_OFF;
      case 4608: case 512: case 6005:
        return STARTUP;
      case 4609: case 513: case 1100: case 6006:
        return SHUTDOWN;
      case 1102: case 517:
        return LOG_CLEARED;
      default:
        return OTHER;
    }
  }

  /** True for the NT5 (pre-Vista) codes, whose fields are positional insertion strings. */
  public static boolean isLegacyCode(int code) {
    return code >= 512 && code <= 683;
  }
}
