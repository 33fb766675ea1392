package org.winsession.read.wineventlog;

import java.util.HashMap;
import java.util.Map;
import org.winsession.normalize.InvalidEventException;
import org.winsession.normalize.MappedFields;

/**
 * The rendered Message of a Windows event ("Subject:" / "\tLogon ID:\t\t0x3E7" ...) mapped to the
 * event's field names, so the normalizer reads it like XML: modern events by name (the section
 * decides which: "New Logon" holds the target of a 4624, "Subject" the target of a 4634), NT5
 * events by insertion-string position (the label decides which %n). Shared by every reader of
 * rendered text: classic WinEventLog, NT5 text exports, CSV and NXLog's {@code im_mseventlog}.
 */
public final class MessageFields {
  private MessageFields() {}

  /**
   * A record whose data values come from its rendered message: the one rule every reader of
   * rendered text follows (classic and NT5 text, CSV exports, NXLog {@code im_mseventlog} JSON).
   *
   * @throws InvalidEventException when the event id is not a number
   */
  public static MappedFields of(String eventId, String time, String recordId, String channel,
      String computer, String message) throws InvalidEventException {
    int code;
    try {
      code = Integer.parseInt(eventId == null ? "" : eventId.strip());
    } catch (NumberFormatException e) {
      throw new InvalidEventException("EventCode '" + (eventId == null ? ""
          : eventId.length() > 64 ? eventId.substring(0, 64) + "..." : eventId)
          + "': expected a number");
    }
    return new MappedFields(eventId, time, recordId, channel, computer,
        parse(code, message == null ? "" : message));
  }

  /** Field values by XML name (modern) and by "%n" (NT5), from one message. */
  public static Map<String, String> parse(int code, String message) {
    Map<String, String> out = new HashMap<>();
    boolean nt5 = code >= 512 && code <= 683;
    String section = "";
    int n = message.length();
    int start = 0;
    while (start < n) {
      int nl = message.indexOf('\n', start);
      int end = nl < 0 ? n : nl;
      int next = end + 1;
      if (end > start && message.charAt(end - 1) == '\r') {
        end--;
      }
      boolean indented = message.charAt(start) == '\t' || message.charAt(start) == ' ';
      int s = start;
      while (s < end && Character.isWhitespace(message.charAt(s))) {
        s++;
      }
      int colon = message.indexOf(':', s);
      start = next;
      if (s == end || colon < 0 || colon >= end) {
        continue; // blank lines and prose
      }
      int le = colon;
      while (le > s && Character.isWhitespace(message.charAt(le - 1))) {
        le--;
      }
      int vs = colon + 1;
      while (vs < end && Character.isWhitespace(message.charAt(vs))) {
        vs++;
      }
      int ve = end;
      while (ve > vs && Character.isWhitespace(message.charAt(ve - 1))) {
        ve--;
      }
      String label = message.substring(s, le);
      if (vs == ve && !indented) {
        section = label; // "New Logon:", "Subject:", "Network Information:" ...
        continue;
      }
      String name = nt5 ? nt5(code, label) : modern(code, section, label);
      if (name != null && !out.containsKey(name)) {
        String value = message.substring(vs, ve);
        if (!name.endsWith("UserSid") || value.startsWith("S-1-")) { // "NULL SID", names: no SID
          out.put(name, value);
        }
      }
    }
    return out;
  }

  private static String modern(int code, String section, String label) {
    boolean subject = section.equals("Subject");
    String target;
    switch (code) {
      case 4624:
      case 4625:
        target = section.equals("New Logon") || section.equals("Account For Which Logon Failed")
            ? "Target" : null;
        break;
      case 4634: case 4647: case 4800: case 4801: case 4802: case 4803:
        target = subject ? "Target" : null; // the label says Subject; the XML says Target
        break;
      case 4648:
        target = section.equals("Account Whose Credentials Were Used") ? "Target"
            : subject ? "Subject" : null;
        break;
      case 4778: case 4779:
        if (subject || section.equals("Account")) {
          return label.equals("Account Name") ? "AccountName"
              : label.equals("Account Domain") ? "AccountDomain"
              : label.equals("Logon ID") ? "LogonID" : null;
        }
        return label.equals("Client Name") ? "ClientName"
            : label.equals("Client Address") ? "ClientAddress" : null;
      default:
        target = subject ? "Subject" : null;
        break;
    }
    if (target != null) {
      switch (label) {
        case "Security ID": return target + "UserSid";
        case "Account Name": return target + "UserName";
        case "Account Domain": return target + "DomainName";
        case "Logon ID": return target + "LogonId";
        case "Linked Logon ID": return "TargetLinkedLogonId";
        case "Logon GUID": return "LogonGuid";
        default: break;
      }
    }
    switch (label) {
      case "Logon Type": return "LogonType";
      case "Elevated Token": return "ElevatedToken";
      case "Virtual Account": return "VirtualAccount";
      case "Process Name": return "ProcessName";
      case "Workstation Name": return "WorkstationName";
      case "Source Network Address": case "Network Address": return "IpAddress";
      case "Source Port": case "Port": return "IpPort";
      case "Logon Process": return "LogonProcessName";
      case "Authentication Package": return "AuthenticationPackageName";
      case "Package Name (NTLM only)": return "LmPackageName";
      case "Status": return "Status";
      case "Sub Status": return "SubStatus";
      default: return null;
    }
  }

  /** NT5 labels to insertion-string positions (DOMAIN.md §1.4). */
  private static String nt5(int code, String label) {
    String[] order;
    if (code == 528 || code == 540) {
      order = new String[] {"User Name", "Domain", "Logon ID", "Logon Type", "Logon Process",
          "Authentication Package", "Workstation Name", "Logon GUID", "Caller User Name",
          "Caller Domain", "Caller Logon ID", "Caller Process ID", "Transited Services",
          "Source Network Address", "Source Port"};
    } else if (code >= 529 && code <= 539 && code != 538) {
      order = new String[] {"User Name", "Domain", "Logon Type", "Logon Process",
          "Authentication Package", "Workstation Name", "Caller User Name", "Caller Domain",
          "Caller Logon ID", "Caller Process ID", "Transited Services", "Source Network Address",
          "Source Port"};
    } else if (code == 538) {
      order = new String[] {"User Name", "Domain", "Logon ID", "Logon Type"};
    } else if (code == 682 || code == 683) {
      order = new String[] {"User Name", "Domain", "Logon ID", "Session Name", "Client Name",
          "Client Address"};
    } else if (code == 517) {
      order = new String[] {"Primary User Name", "Primary Domain", "Primary Logon ID",
          "Client User Name", "Client Domain", "Client Logon ID"};
    } else { // 551, 576 and the rest: User Name, Domain, Logon ID first
      order = new String[] {"User Name", "Domain", "Logon ID"};
    }
    for (int i = 0; i < order.length; i++) {
      if (order[i].equals(label)) {
        return "%" + (i + 1);
      }
    }
    return null;
  }
}
