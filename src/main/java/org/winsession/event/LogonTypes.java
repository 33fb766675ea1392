package org.winsession.event;

/** Names of the Windows logon types 0..13 (MS-doc event-4624), as the contract spells them. */
public final class LogonTypes {
  /** The value meaning "no logon type". */
  public static final int NONE = -1;

  private static final String[] NAMES = {
    "System", null, "Interactive", "Network", "Batch", "Service", null, "Unlock",
    "NetworkCleartext", "NewCredentials", "RemoteInteractive", "CachedInteractive",
    "CachedRemoteInteractive", "CachedUnlock"
  };

  private LogonTypes() {}

  /** The name of a logon type, or {@code null} for an unknown or absent type. */
  public static String name(int type) {
    return type >= 0 && type < NAMES.length ? NAMES[type] : null;
  }
}
