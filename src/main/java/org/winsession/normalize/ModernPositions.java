package org.winsession.normalize;

import java.util.List;

/**
 * The field order of modern events, for sources that lose the names and keep positions
 * ({@code Get-WinEvent}'s {@code Properties}): the EventData order of each event and version
 * (DOMAIN.md §1.3; 4624 v3 inserts RemoteCredentialGuard, which is why names are preferred).
 */
public final class ModernPositions {
  private static final List<String> E4624_V0 = List.of("SubjectUserSid", "SubjectUserName",
      "SubjectDomainName", "SubjectLogonId", "TargetUserSid", "TargetUserName",
      "TargetDomainName", "TargetLogonId", "LogonType", "LogonProcessName",
      "AuthenticationPackageName", "WorkstationName", "LogonGuid", "TransmittedServices",
      "LmPackageName", "KeyLength", "ProcessId", "ProcessName", "IpAddress", "IpPort");
  private static final List<String> E4624_V1 = concat(E4624_V0, List.of("ImpersonationLevel"));
  private static final List<String> E4624_V2 = concat(E4624_V1, List.of("RestrictedAdminMode",
      "TargetOutboundUserName", "TargetOutboundDomainName", "VirtualAccount",
      "TargetLinkedLogonId", "ElevatedToken"));
  private static final List<String> E4624_V3 = concat(E4624_V1, List.of("RestrictedAdminMode",
      "RemoteCredentialGuard", "TargetOutboundUserName", "TargetOutboundDomainName",
      "VirtualAccount", "TargetLinkedLogonId", "ElevatedToken"));
  private static final List<String> SUBJECT = List.of("SubjectUserSid", "SubjectUserName",
      "SubjectDomainName", "SubjectLogonId");
  private static final List<String> TARGET = List.of("TargetUserSid", "TargetUserName",
      "TargetDomainName", "TargetLogonId");

  private ModernPositions() {}

  /**
   * The names of an event's positional values, or null for events this product does not read
   * by position. {@code version} may be -1 (unknown): 4624 is then told by its value count.
   */
  public static List<String> names(int code, int version, int count) {
    switch (code) {
      case 4624:
        int v = version >= 0 ? version : count >= 28 ? 3 : count >= 27 ? 2 : count >= 21 ? 1 : 0;
        return v >= 3 ? E4624_V3 : v == 2 ? E4624_V2 : v == 1 ? E4624_V1 : E4624_V0;
      case 4625:
        return concat(SUBJECT, List.of("TargetUserSid", "TargetUserName", "TargetDomainName",
            "Status", "FailureReason", "SubStatus", "LogonType", "LogonProcessName",
            "AuthenticationPackageName", "WorkstationName", "TransmittedServices",
            "LmPackageName", "KeyLength", "ProcessId", "ProcessName", "IpAddress", "IpPort"));
      case 4634:
        return concat(TARGET, List.of("LogonType"));
      case 4647:
        return TARGET;
      case 4648:
        return concat(SUBJECT, List.of("LogonGuid", "TargetUserName", "TargetDomainName",
            "TargetLogonGuid", "TargetServerName", "TargetInfo", "ProcessId", "ProcessName",
            "IpAddress", "IpPort"));
      case 4672:
        return concat(SUBJECT, List.of("PrivilegeList"));
      case 4778:
      case 4779:
        return List.of("AccountName", "AccountDomain", "LogonID", "SessionName", "ClientName",
            "ClientAddress");
      case 4800:
      case 4801:
      case 4802:
      case 4803:
        return concat(TARGET, List.of("SessionId"));
      case 1102:
        return SUBJECT;
      default:
        return null;
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }
}
