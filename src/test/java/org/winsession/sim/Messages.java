package org.winsession.sim;

import java.util.Locale;

/**
 * The rendered Message of a simulated record, as Windows' message files word it (CRLF line ends,
 * tab-aligned labels, SIDs as {@code S-1-...} the way {@code EvtFormatMessage} renders them, Logon
 * IDs in upper-case hex): what Splunk's classic text, Event Viewer's CSV, PowerShell's CSV, NXLog's
 * {@code Message} and the NT5 exports carry (DOMAIN.md §4).
 */
final class Messages {
  private Messages() {}

  private static final String E4624_TAIL = "This event is generated when a logon session is"
      + " created. It is generated on the computer that was accessed.\r\n\r\nThe subject fields"
      + " indicate the account on the local system which requested the logon. This is most"
      + " commonly a service such as the Server service, or a local process such as Winlogon.exe"
      + " or Services.exe.\r\n\r\nThe logon type field indicates the kind of logon that occurred."
      + " The most common types are 2 (interactive) and 3 (network).\r\n\r\nThe New Logon fields"
      + " indicate the account for whom the new logon was created, i.e. the account that was"
      + " logged on.\r\n\r\nThe network fields indicate where a remote logon request originated."
      + " Workstation name is not always available and may be left blank in some cases.\r\n\r\n"
      + "The impersonation level field indicates the extent to which a process in the logon"
      + " session can impersonate.\r\n\r\nThe authentication information fields provide detailed"
      + " information about this specific logon request.\r\n\t- Logon GUID is a unique identifier"
      + " that can be used to correlate this event with a KDC event.\r\n\t- Transited services"
      + " indicate which intermediate services have participated in this logon request.\r\n\t-"
      + " Package name indicates which sub-protocol was used among the NTLM protocols.\r\n\t- Key"
      + " length indicates the length of the generated session key. This will be 0 if no session"
      + " key was requested.";

  /** The message text; no trailing line end. */
  static String of(SimEvent e) {
    String[] d = e.data();
    switch (e.code()) {
      case 4624:
        return "An account was successfully logged on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\t"
            + d[0] + "\r\n\tAccount Name:\t\t" + d[1] + "\r\n\tAccount Domain:\t\t" + d[2]
            + "\r\n\tLogon ID:\t\t" + upper(d[3]) + "\r\n\r\nLogon Information:\r\n\tLogon Type:"
            + "\t\t" + d[8] + "\r\n\tRestricted Admin Mode:\t" + yesNo(d[21]) + "\r\n\tVirtual"
            + " Account:\t\t" + yesNo(d[24]) + "\r\n\tElevated Token:\t\t" + yesNo(d[26])
            + "\r\n\r\nImpersonation Level:\t\tImpersonation\r\n\r\nNew Logon:\r\n\tSecurity ID:"
            + "\t\t" + d[4] + "\r\n\tAccount Name:\t\t" + d[5] + "\r\n\tAccount Domain:\t\t" + d[6]
            + "\r\n\tLogon ID:\t\t" + upper(d[7]) + "\r\n\tLinked Logon ID:\t\t" + upper(d[25])
            + "\r\n\tNetwork Account Name:\t" + d[22] + "\r\n\tNetwork Account Domain:\t" + d[23]
            + "\r\n\tLogon GUID:\t\t" + d[12] + "\r\n\r\nProcess Information:\r\n\tProcess ID:"
            + "\t\t" + d[16] + "\r\n\tProcess Name:\t\t" + d[17] + "\r\n\r\nNetwork Information:"
            + "\r\n\tWorkstation Name:\t" + d[11] + "\r\n\tSource Network Address:\t" + d[18]
            + "\r\n\tSource Port:\t\t" + d[19] + "\r\n\r\nDetailed Authentication Information:"
            + "\r\n\tLogon Process:\t\t" + d[9] + "\r\n\tAuthentication Package:\t" + d[10]
            + "\r\n\tTransited Services:\t" + d[13] + "\r\n\tPackage Name (NTLM only):\t" + d[14]
            + "\r\n\tKey Length:\t\t" + d[15] + "\r\n\r\n" + E4624_TAIL;
      case 4634:
        return "An account was logged off.\r\n\r\n" + subject(d) + "\r\n\r\nLogon Type:\t\t\t"
            + d[4] + "\r\n\r\nThis event is generated when a logon session is destroyed. It may"
            + " be positively correlated with a logon event using the Logon ID value. Logon IDs"
            + " are only unique between reboots on the same computer.";
      case 4647:
        return "User initiated logoff:\r\n\r\n" + subject(d) + "\r\n\r\nThis event is generated"
            + " when a logoff is initiated. No further user-initiated activity can occur. This"
            + " event can be interpreted as a logoff event.";
      case 4672:
        return "Special privileges assigned to new logon.\r\n\r\n" + subject(d)
            + "\r\n\r\nPrivileges:\t\t" + d[4];
      case 4800:
      case 4801:
        return (e.code() == 4800 ? "The workstation was locked." : "The workstation was"
            + " unlocked.") + "\r\n\r\n" + subject(d) + "\r\n\tSession ID:\t" + d[4]
            + "\r\n\r\nThis event is generated when a workstation was "
            + (e.code() == 4800 ? "locked." : "unlocked.");
      case 4778:
      case 4779:
        return "A session was " + (e.code() == 4778 ? "reconnected to" : "disconnected from")
            + " a Window Station.\r\n\r\nSubject:\r\n\tAccount Name:\t\t" + d[0]
            + "\r\n\tAccount Domain:\t\t" + d[1] + "\r\n\tLogon ID:\t\t" + upper(d[2])
            + "\r\n\r\nSession:\r\n\tSession Name:\t\t" + d[3] + "\r\n\r\nAdditional"
            + " Information:\r\n\tClient Name:\t\t" + d[4] + "\r\n\tClient Address:\t\t" + d[5]
            + "\r\n\r\nThis event is generated when a user " + (e.code() == 4778
                ? "reconnects to an existing Terminal Services session, or when a user switches"
                    + " to an existing desktop using Fast User Switching."
                : "disconnects from an existing Terminal Services session, or when a user"
                    + " switches away from an existing desktop using Fast User Switching.");
      case 4608:
        return "Windows is starting up.\r\n\r\nThis event is logged when LSASS.EXE starts and the"
            + " auditing subsystem is initialized.";
      case 1100:
        return "The event logging service has shut down.";
      case 512:
        return "Windows is starting up.";
      case 513:
        return "Windows is shutting down.\r\n\tAll logon sessions will be terminated by this"
            + " shutdown.";
      case 528:
      case 540:
        return "Successful " + (e.code() == 540 ? "Network " : "") + "Logon:\r\n\tUser Name:\t"
            + d[0] + "\r\n\tDomain:\t\t" + d[1] + "\r\n\tLogon ID:\t\t" + d[2] + "\r\n\tLogon"
            + " Type:\t" + d[3] + "\r\n\tLogon Process:\t" + d[4] + "\r\n\tAuthentication"
            + " Package:\t" + d[5] + "\r\n\tWorkstation Name:\t" + d[6] + "\r\n\tLogon GUID:\t"
            + d[7] + "\r\n\tCaller User Name:\t" + d[8] + "\r\n\tCaller Domain:\t" + d[9]
            + "\r\n\tCaller Logon ID:\t" + d[10] + "\r\n\tCaller Process ID: " + d[11]
            + "\r\n\tTransited Services: " + d[12] + "\r\n\tSource Network Address:\t" + d[13]
            + "\r\n\tSource Port:\t" + d[14];
      case 538:
        return "User Logoff:\r\n\tUser Name:\t" + d[0] + "\r\n\tDomain:\t\t" + d[1]
            + "\r\n\tLogon ID:\t\t" + d[2] + "\r\n\tLogon Type:\t" + d[3];
      case 551:
        return "User initiated logoff:\r\n\tUser Name:\t" + d[0] + "\r\n\tDomain:\t\t" + d[1]
            + "\r\n\tLogon ID:\t\t" + d[2];
      case 576:
        return "Special privileges assigned to new logon:\r\n\tUser Name:\t" + d[0]
            + "\r\n\tDomain:\t\t" + d[1] + "\r\n\tLogon ID:\t\t" + d[2] + "\r\n\tPrivileges:\t"
            + d[3];
      case 682:
      case 683:
        return "Session " + (e.code() == 682 ? "reconnected to" : "disconnected from")
            + " winstation:\r\n\tUser Name:\t" + d[0] + "\r\n\tDomain:\t\t" + d[1]
            + "\r\n\tLogon ID:\t\t" + d[2] + "\r\n\tSession Name:\t" + d[3]
            + "\r\n\tClient Name:\t" + d[4] + "\r\n\tClient Address:\t" + d[5];
      default:
        throw new IllegalArgumentException("no message for " + e.code());
    }
  }

  private static String subject(String[] d) {
    return "Subject:\r\n\tSecurity ID:\t\t" + d[0] + "\r\n\tAccount Name:\t\t" + d[1]
        + "\r\n\tAccount Domain:\t\t" + d[2] + "\r\n\tLogon ID:\t\t" + upper(d[3]);
  }

  /** {@code 0x1f2e3a} as the message writes it: {@code 0x1F2E3A}. */
  static String upper(String hex) {
    return "0x" + hex.substring(2).toUpperCase(Locale.ROOT);
  }

  private static String yesNo(String v) {
    return v.equals("%%1842") ? "Yes" : v.equals("%%1843") ? "No" : v;
  }

  /** Event Viewer's task category. */
  static String task(int code) {
    switch (code) {
      case 4624: return "Logon";
      case 4634: case 4647: return "Logoff";
      case 4672: return "Special Logon";
      case 4608: return "Security State Change";
      case 1100: return "Service shutdown";
      case 4778: case 4779: case 4800: case 4801: return "Other Logon/Logoff Events";
      case 576: return "Privilege Use";
      case 512: case 513: return "System Event";
      default: return "Logon/Logoff";
    }
  }

  /** The task number of a modern event. */
  static int taskNumber(int code) {
    switch (code) {
      case 4624: return 12544;
      case 4634: case 4647: return 12545;
      case 4672: return 12548;
      case 4608: return 12288;
      case 1100: return 103;
      default: return 12551;
    }
  }

  /** The NT5 category number (Logon/Logoff 2, Privilege Use 4, System Event 8). */
  static int category(int code) {
    return code == 576 ? 4 : code == 512 || code == 513 ? 8 : 2;
  }

  /** "DOMAIN\\user" of an NT5 record's User column, or N/A. */
  static String nt5User(SimEvent e) {
    if (e.data().length < 2) {
      return "N/A";
    }
    return e.data()[1] + "\\" + e.data()[0];
  }
}
