package org.winsession.testing;

/** Exact event XML from DOMAIN.md §4.1 and hand-written NT5 events from §1.4/§4.5. */
public final class Samples {
  private Samples() {}

  /** 4624 v3 (Windows 11), exact, from cea-sec/openwec's test constant (DOMAIN.md §4.1). */
  public static final String E4624_V3 = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/><EventID>4624</EventID><Version>3</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2024-03-14T13:54:19.3628662Z'/><EventRecordID>1446</EventRecordID><Correlation ActivityID='{b073a4bf-7611-0000-bca5-73b01176da01}'/><Execution ProcessID='780' ThreadID='2832'/><Channel>Security</Channel><Computer>WKS10001</Computer><Security/></System><EventData><Data Name='SubjectUserSid'>S-1-5-18</Data><Data Name='SubjectUserName'>WKS10001$</Data><Data Name='SubjectDomainName'>WORKGROUP</Data><Data Name='SubjectLogonId'>0x3e7</Data><Data Name='TargetUserSid'>S-1-5-21-1430380458-3079459327-630937868-1001</Data><Data Name='TargetUserName'>user</Data><Data Name='TargetDomainName'>WKS10001</Data><Data Name='TargetLogonId'>0x615a44</Data><Data Name='LogonType'>2</Data><Data Name='LogonProcessName'>User32 </Data><Data Name='AuthenticationPackageName'>Negotiate</Data><Data Name='WorkstationName'>WKS10001</Data><Data Name='LogonGuid'>{00000000-0000-0000-0000-000000000000}</Data><Data Name='TransmittedServices'>-</Data><Data Name='LmPackageName'>-</Data><Data Name='KeyLength'>0</Data><Data Name='ProcessId'>0x5c8</Data><Data Name='ProcessName'>C:\\Windows\\System32\\svchost.exe</Data><Data Name='IpAddress'>127.0.0.1</Data><Data Name='IpPort'>0</Data><Data Name='ImpersonationLevel'>%%1833</Data><Data Name='RestrictedAdminMode'>-</Data><Data Name='RemoteCredentialGuard'>-</Data><Data Name='TargetOutboundUserName'>-</Data><Data Name='TargetOutboundDomainName'>-</Data><Data Name='VirtualAccount'>%%1843</Data><Data Name='TargetLinkedLogonId'>0x615a61</Data><Data Name='ElevatedToken'>%%1842</Data></EventData><RenderingInfo Culture='en-GB'><Message>An account was successfully logged on.</Message><Level>Information</Level></RenderingInfo></Event>";

  /** 4634, exact, from the MS documentation (DOMAIN.md §4.1), double-quoted. */
  public static final String E4634 = "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System><Provider Name=\"Microsoft-Windows-Security-Auditing\" Guid=\"{54849625-5478-4994-A5BA-3E3B0328C30D}\" /><EventID>4634</EventID><Version>0</Version><Level>0</Level><Task>12545</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime=\"2015-09-09T02:27:57.877205900Z\" /><EventRecordID>230019</EventRecordID><Correlation /><Execution ProcessID=\"516\" ThreadID=\"832\" /><Channel>Security</Channel><Computer>DC01.contoso.local</Computer><Security /></System><EventData><Data Name=\"TargetUserSid\">S-1-5-90-1</Data><Data Name=\"TargetUserName\">DWM-1</Data><Data Name=\"TargetDomainName\">Window Manager</Data><Data Name=\"TargetLogonId\">0x1a0992</Data><Data Name=\"LogonType\">2</Data></EventData></Event>";

  /** An NT5 event as forwarded XML: unnamed, positional Data elements. */
  public static String nt5(int code, String time, long recordId, String... params) {
    StringBuilder sb = new StringBuilder("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Security'/><EventID>")
        .append(code).append("</EventID><TimeCreated SystemTime='").append(time)
        .append("'/><EventRecordID>").append(recordId)
        .append("</EventRecordID><Channel>Security</Channel><Computer>DC1</Computer></System><EventData>");
    for (String p : params) {
      sb.append("<Data>").append(p).append("</Data>");
    }
    return sb.append("</EventData></Event>").toString();
  }

  /** The real 528 of DOMAIN.md §4.5 (Win2003, eventopedia), as positional insertion strings. */
  public static final String E528 = nt5(528, "2009-11-02T05:47:29Z", 10, "Paul", "RESEARCH",
      "(0x0,0x3A7A6E0)", "2", "seclogon", "Negotiate", "DC1",
      "{f6956476-dd7a-df4a-1006-c2026f6e3cc3}", "CBrown", "RESEARCH", "(0x0,0x697DC)", "884", "-",
      "-", "-");

  /** A minimal modern event with the given code, record id, time and data fields. */
  public static String modern(int code, long recordId, String time, String computer,
      String... nameValues) {
    StringBuilder sb = new StringBuilder("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>")
        .append(code).append("</EventID><TimeCreated SystemTime='").append(time)
        .append("'/><EventRecordID>").append(recordId)
        .append("</EventRecordID><Channel>Security</Channel><Computer>").append(computer)
        .append("</Computer></System><EventData>");
    for (int i = 0; i < nameValues.length; i += 2) {
      sb.append("<Data Name='").append(nameValues[i]).append("'>").append(nameValues[i + 1])
          .append("</Data>");
    }
    return sb.append("</EventData></Event>").toString();
  }

  /** The real classic 4624 v1 (nv-morpheus/Morpheus tests), with CRLF line ends. */
  public static final String CLASSIC_4624 = String.join("\r\n",
      "04/01/2019 07:07:21 PM", "LogName=Security",
      "SourceName=Microsoft Windows security auditing.", "EventCode=4624", "EventType=0",
      "Type=Information", "ComputerName=test109.test.com", "TaskCategory=Logon", "OpCode=Info",
      "RecordNumber=13730612955", "Keywords=Audit Success",
      "Message=An account was successfully logged on.", "", "Subject:",
      "\tSecurity ID:\t\tNULL SID", "\tAccount Name:\t\t-", "\tAccount Domain:\t\t-",
      "\tLogon ID:\t\t0x0", "", "Logon Type:\t\t\t3", "", "Impersonation Level:\t\tImpersonation",
      "", "New Logon:", "\tSecurity ID:\t\ttest.com\\test106$", "\tAccount Name:\t\ttest106$",
      "\tAccount Domain:\t\ttest.com", "\tLogon ID:\t\t0x9DE8990DE",
      "\tLogon GUID:\t\t{E53069F0-662E-0C65-F889-AA8D8770D56A}", "", "Process Information:",
      "\tProcess ID:\t\t0x0", "\tProcess Name:\t\t-", "", "Network Information:",
      "\tWorkstation Name:\t", "\tSource Network Address:\t100.00.100.1",
      "\tSource Port:\t\t39028", "", "Detailed Authentication Information:",
      "\tLogon Process:\t\tKerberos", "\tAuthentication Package:\tKerberos",
      "\tTransited Services:\t-", "\tPackage Name (NTLM only):\t-", "\tKey Length:\t\t0", "",
      "This event is generated when a logon session is created.", "");

  /** The classic 4634 body of DOMAIN.md §4.2 (constructed from a real rendered message). */
  public static final String CLASSIC_4634 = String.join("\n", "11/25/2022 08:10:35 PM",
      "LogName=Security", "EventCode=4634", "ComputerName=regina.vmware.fekt.cz",
      "RecordNumber=6170175", "TaskCategory=Logoff", "Keywords=Audit Success",
      "Message=An account was logged off.", "", "Subject:", "\tSecurity ID:\t\tS-1-5-18",
      "\tAccount Name:\t\tREGINA$", "\tAccount Domain:\t\tvmware",
      "\tLogon ID:\t\t0x2E5D58D2", "", "Logon Type:\t\t\t3", "",
      "This event is generated when a logon session is destroyed.", "");

  /** The real 528 of DOMAIN.md §4.5 (Win2003 Event Viewer text, eventopedia). */
  public static final String NT5_528 = String.join("\n", "Event Type:\tSuccess Audit",
      "Event Source:\tSecurity", "Event Category:\tLogon/Logoff", "Event ID:\t528",
      "Date:\t\t11/2/2009", "Time:\t\t05:47:29", "User:\t\tRESEARCH\\Ann_Benning",
      "Computer:\tDC1", "Description:", "Successful Logon:", "User Name:\tPaul",
      "Domain:\t\tRESEARCH", "Logon ID:\t\t(0x0,0x3A7A6E0)", "Logon Type:\t2",
      "Logon Process:\tseclogon", "Authentication Package:\tNegotiate",
      "Workstation Name:\tDC1", "Logon GUID:\t{f6956476-dd7a-df4a-1006-c2026f6e3cc3}",
      "Caller User Name:\tCBrown", "Caller Domain:\tRESEARCH", "Caller Logon ID:\t(0x0,0x697DC)",
      "Caller Process ID: 884", "Transited Services: -", "Source Network Address:\t-",
      "Source Port:\t-", "");

  /**
   * Five 4634 records, one a line, the first three from a host of 5,000 letters {@code a} on
   * which the pattern {@code .*b} reads about 12.5 million characters (past the default
   * {@code max_filter_steps}), the other two from {@code h1}.
   */
  public static String longHostLogoffs() {
    String longHost = "a".repeat(5000);
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 5; i++) {
      sb.append(modern(4634, i, "2024-01-01T00:00:00Z", i <= 3 ? longHost : "h1",
          "TargetLogonId", "0x" + i, "LogonType", "3")).append('\n');
    }
    return sb.toString();
  }
}
