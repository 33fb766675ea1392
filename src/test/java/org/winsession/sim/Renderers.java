package org.winsession.sim;

import java.util.List;

/**
 * One simulated record in each text shape the readers accept, laid out as Windows, Splunk, NXLog,
 * Winlogbeat and PowerShell write it (DOMAIN.md §4). Every method returns the record's text with
 * its own line end, ready to append to a file.
 */
final class Renderers {
  private Renderers() {}

  static final String SECURITY_GUID = "{54849625-5478-4994-A5BA-3E3B0328C30D}";
  static final String EVENTLOG_GUID = "{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}";
  static final String NS = "http://schemas.microsoft.com/win/2004/08/events/event";

  static boolean eventlogProvider(SimEvent e) {
    return e.code() == 1100;
  }

  static String provider(SimEvent e) {
    return e.nt5() ? "Security" : eventlogProvider(e) ? "Microsoft-Windows-Eventlog"
        : "Microsoft-Windows-Security-Auditing";
  }

  static long keywords(SimEvent e) {
    return eventlogProvider(e) ? 0x4020000000000000L : 0x8020000000000000L;
  }

  static int processId(SimEvent e) {
    return 600 + e.machine() * 4;
  }

  static int threadId(SimEvent e) {
    return 700 + (int) (e.recordId() % 5000);
  }

  // ---- XML ----------------------------------------------------------------------------------

  /**
   * The event XML Windows renders ({@code wevtutil qe /f:xml}, Splunk's XmlWinEventLog):
   * single-quoted attributes, 7-digit SystemTime; with {@code renderingInfo}, Splunk's
   * RenderingInfo holding the rendered Message.
   */
  static String xml(SimEvent e, boolean renderingInfo) {
    StringBuilder sb = new StringBuilder(2048);
    sb.append("<Event xmlns='").append(NS).append("'><System><Provider Name='")
        .append(provider(e)).append('\'');
    if (!e.nt5()) {
      sb.append(" Guid='").append(eventlogProvider(e) ? EVENTLOG_GUID : SECURITY_GUID)
          .append('\'');
    }
    sb.append("/><EventID").append(e.nt5() ? " Qualifiers='0'" : "").append('>')
        .append(e.code()).append("</EventID><Version>").append(e.version())
        .append("</Version><Level>").append(eventlogProvider(e) ? 4 : 0).append("</Level><Task>")
        .append(e.nt5() ? Messages.category(e.code()) : Messages.taskNumber(e.code()))
        .append("</Task><Opcode>0</Opcode><Keywords>0x")
        .append(Long.toHexString(e.nt5() ? 0x80a0000000000000L : keywords(e)))
        .append("</Keywords><TimeCreated SystemTime='")
        .append(Text.systemTime(e.millis(), e.ticks())).append("'/><EventRecordID>")
        .append(e.recordId()).append("</EventRecordID><Correlation/><Execution ProcessID='")
        .append(e.nt5() ? 0 : processId(e)).append("' ThreadID='").append(e.nt5() ? 0
            : threadId(e)).append("'/><Channel>Security</Channel><Computer>")
        .append(Text.xml(e.computer())).append("</Computer><Security/></System>");
    if (eventlogProvider(e)) {
      sb.append("<UserData><ServiceShutdown xmlns='http://manifests.microsoft.com/win/2004/08/"
          + "windows/eventlog'></ServiceShutdown></UserData>");
    } else {
      sb.append("<EventData>");
      List<String> names = e.names();
      for (int i = 0; i < e.data().length; i++) {
        sb.append(e.nt5() ? "<Data>" : "<Data Name='" + names.get(i) + "'>")
            .append(Text.xml(e.data()[i])).append("</Data>");
      }
      sb.append("</EventData>");
    }
    if (renderingInfo) {
      sb.append("<RenderingInfo Culture='en-US'><Message>").append(Text.xml(Messages.of(e)))
          .append("</Message><Level>Information</Level><Task>")
          .append(Text.xml(Messages.task(e.code()))).append("</Task><Opcode>Info</Opcode>"
              + "<Channel>Security</Channel><Provider>")
          .append(e.nt5() ? "Security" : eventlogProvider(e) ? "Microsoft-Windows-Eventlog"
              : "Microsoft Windows security auditing.")
          .append("</Provider><Keywords><Keyword>Audit Success</Keyword></Keywords>"
              + "</RenderingInfo>");
    }
    return sb.append("</Event>\r\n").toString();
  }

  // ---- rendered text ------------------------------------------------------------------------

  /** Splunk's classic WinEventLog event ({@code renderXml=false}). */
  static String classic(SimEvent e) {
    StringBuilder sb = new StringBuilder(2048).append(Text.classic(e.millis()))
        .append("\r\nLogName=Security\r\n");
    if (e.nt5()) {
      sb.append("SourceName=Security\r\nEventCode=").append(e.code())
          .append("\r\nEventType=8\r\nType=Success Audit\r\nComputerName=").append(e.computer())
          .append("\r\nTaskCategory=").append(Messages.task(e.code()))
          .append("\r\nOpCode=None\r\nRecordNumber=").append(e.recordId())
          .append("\r\nKeywords=Audit Success\r\n");
    } else {
      sb.append("EventCode=").append(e.code()).append("\r\nEventType=0\r\nComputerName=")
          .append(e.computer()).append("\r\nSourceName=").append(eventlogProvider(e)
              ? "Microsoft-Windows-Eventlog" : "Microsoft Windows security auditing.")
          .append("\r\nType=Information\r\nRecordNumber=").append(e.recordId())
          .append("\r\nKeywords=Audit Success\r\nTaskCategory=").append(Messages.task(e.code()))
          .append("\r\nOpCode=Info\r\n");
    }
    return sb.append("Message=").append(Messages.of(e)).append("\r\n").toString();
  }

  /** Event Viewer's text rendering of an NT5 event (DOMAIN.md §4.5). */
  static String nt5Text(SimEvent e) {
    return "Event Type:\tSuccess Audit\r\nEvent Source:\tSecurity\r\nEvent Category:\t"
        + Messages.task(e.code()) + "\r\nEvent ID:\t" + e.code() + "\r\nDate:\t\t"
        + Text.usDate(e.millis()) + "\r\nTime:\t\t" + Text.usTime(e.millis()) + "\r\nUser:\t\t"
        + Messages.nt5User(e) + "\r\nComputer:\t" + e.computer() + "\r\nDescription:\r\n"
        + Messages.of(e) + "\r\n\r\n";
  }

  // ---- JSON lines ---------------------------------------------------------------------------

  /** NXLog {@code to_json()}: im_msvistalog for modern hosts, im_mseventlog for NT5 ones. */
  static String nxlog(SimEvent e) {
    StringBuilder sb = new StringBuilder(3072).append("{\"EventTime\":\"")
        .append(Text.nxlog(e.millis())).append("\",\"Hostname\":").append(Text.json(e.computer()));
    if (e.nt5()) { // im_mseventlog: the rendered Message, no insertion strings
      sb.append(",\"EventType\":\"AUDIT_SUCCESS\",\"SeverityValue\":2,\"Severity\":\"INFO\","
          + "\"EventID\":").append(e.code()).append(",\"SourceName\":\"Security\",\"Category\":")
          .append(Text.json(Messages.task(e.code()))).append(",\"CategoryNumber\":")
          .append(Messages.category(e.code())).append(",\"RecordNumber\":").append(e.recordId())
          .append(",\"FileName\":\"Security\",\"Message\":").append(Text.json(Messages.of(e)))
          .append(",\"EventReceivedTime\":\"").append(Text.nxlog(e.delivered() + 1500))
          .append("\",\"SourceModuleName\":\"eventlog\",\"SourceModuleType\":\"im_mseventlog\"}\n");
      return sb.toString();
    }
    sb.append(",\"Keywords\":").append(keywords(e)).append(",\"EventType\":\"AUDIT_SUCCESS\","
        + "\"SeverityValue\":2,\"Severity\":\"INFO\",\"EventID\":").append(e.code())
        .append(",\"SourceName\":\"").append(provider(e)).append("\",\"ProviderGuid\":\"")
        .append(eventlogProvider(e) ? EVENTLOG_GUID : SECURITY_GUID).append("\",\"Version\":")
        .append(e.version()).append(",\"Task\":").append(Messages.taskNumber(e.code()))
        .append(",\"OpcodeValue\":0,\"RecordNumber\":").append(e.recordId())
        .append(",\"ExecutionProcessID\":").append(processId(e)).append(",\"ExecutionThreadID\":")
        .append(threadId(e)).append(",\"Channel\":\"Security\",\"Message\":")
        .append(Text.json(Messages.of(e))).append(",\"Category\":")
        .append(Text.json(Messages.task(e.code()))).append(",\"Opcode\":\"Info\"");
    List<String> names = e.names();
    for (int i = 0; i < e.data().length; i++) {
      sb.append(',').append(Text.json(names.get(i))).append(':')
          .append(Text.json(e.data()[i]));
    }
    return sb.append(",\"EventReceivedTime\":\"").append(Text.nxlog(e.delivered() + 1500))
        .append("\",\"SourceModuleName\":\"eventlog\",\"SourceModuleType\":\"im_msvistalog\"}\n")
        .toString();
  }

  /** Winlogbeat 8 (ECS) with its Security module. */
  static String winlogbeat(SimEvent e) {
    StringBuilder sb = new StringBuilder(3072).append("{\"@timestamp\":\"")
        .append(Text.isoMillis(e.millis())).append("\",\"agent\":{\"type\":\"winlogbeat\","
            + "\"version\":\"8.11.1\"},\"ecs\":{\"version\":\"8.0.0\"},\"event\":{\"action\":")
        .append(Text.json(Messages.task(e.code()))).append(",\"code\":\"").append(e.code())
        .append("\",\"created\":\"").append(Text.isoMillis(e.delivered() + 2300))
        .append("\",\"kind\":\"event\",\"module\":\"security\",\"outcome\":\"success\","
            + "\"provider\":\"").append(provider(e)).append("\"},\"host\":{\"name\":")
        .append(Text.json(e.computer().toLowerCase(java.util.Locale.ROOT)))
        .append("},\"log\":{\"level\":\"information\"},\"message\":")
        .append(Text.json(Messages.of(e))).append(",\"winlog\":{\"api\":\"wineventlog\","
            + "\"channel\":\"Security\",\"computer_name\":").append(Text.json(e.computer()));
    if (eventlogProvider(e)) {
      sb.append(",\"user_data\":{\"xml_name\":\"ServiceShutdown\"}");
    } else if (e.data().length > 0) {
      sb.append(",\"event_data\":{");
      List<String> names = e.names();
      for (int i = 0; i < e.data().length; i++) {
        sb.append(i == 0 ? "" : ",").append(Text.json(names.get(i))).append(':')
            .append(Text.json(e.data()[i]));
      }
      sb.append('}');
    }
    return sb.append(",\"event_id\":\"").append(e.code()).append("\",\"keywords\":[\"Audit"
        + " Success\"],\"opcode\":\"Info\",\"process\":{\"pid\":").append(processId(e))
        .append(",\"thread\":{\"id\":").append(threadId(e)).append("}},\"provider_guid\":\"")
        .append(eventlogProvider(e) ? EVENTLOG_GUID : SECURITY_GUID)
        .append("\",\"provider_name\":\"").append(provider(e)).append("\",\"record_id\":")
        .append(e.recordId()).append(",\"task\":").append(Text.json(Messages.task(e.code())))
        .append(",\"version\":").append(e.version()).append("}}\n").toString();
  }

  /**
   * One element of {@code Get-WinEvent | ConvertTo-Json -Depth 3} as Windows PowerShell 5.1
   * writes it (four-space indents, two spaces after the colon, {@code \/Date(ms)\/}): SIDs as
   * objects, HexInt64 and integers as numbers, strings as strings.
   */
  static String getWinEvent(SimEvent e, boolean first) {
    StringBuilder sb = new StringBuilder(4096).append(first ? "" : ",\r\n").append("    {\r\n");
    field(sb, "Message", Text.json(Messages.of(e)));
    field(sb, "Id", Integer.toString(e.code()));
    field(sb, "Version", Integer.toString(e.version()));
    field(sb, "Qualifiers", "null");
    field(sb, "Level", eventlogProvider(e) ? "4" : "0");
    field(sb, "Task", Integer.toString(Messages.taskNumber(e.code())));
    field(sb, "Opcode", "0");
    field(sb, "Keywords", Long.toString(keywords(e)));
    field(sb, "RecordId", Long.toString(e.recordId()));
    field(sb, "ProviderName", Text.json(provider(e)));
    field(sb, "ProviderId", Text.json((eventlogProvider(e) ? EVENTLOG_GUID : SECURITY_GUID)
        .replace("{", "").replace("}", "").toLowerCase(java.util.Locale.ROOT)));
    field(sb, "LogName", "\"Security\"");
    field(sb, "ProcessId", Integer.toString(processId(e)));
    field(sb, "ThreadId", Integer.toString(threadId(e)));
    field(sb, "MachineName", Text.json(e.computer()));
    field(sb, "UserId", "null");
    field(sb, "TimeCreated", "\"\\/Date(" + e.millis() + ")\\/\"");
    field(sb, "ActivityId", "null");
    field(sb, "RelatedActivityId", "null");
    field(sb, "ContainerLog", "\"Security\"");
    field(sb, "MatchedQueryIds", "[\r\n\r\n                        ]");
    field(sb, "Bookmark", "{\r\n\r\n                 }");
    field(sb, "LevelDisplayName", "\"Information\"");
    field(sb, "OpcodeDisplayName", "\"Info\"");
    field(sb, "TaskDisplayName", Text.json(Messages.task(e.code())));
    field(sb, "KeywordsDisplayNames", "[\r\n                                 \"Audit Success\"\r\n"
        + "                             ]");
    StringBuilder props = new StringBuilder("[\r\n");
    List<String> names = e.names();
    for (int i = 0; i < e.data().length; i++) {
      props.append(i == 0 ? "" : ",\r\n").append("                       {\r\n"
          + "                           \"Value\":  ")
          .append(propertyValue(names.get(i), e.data()[i]))
          .append("\r\n                       }");
    }
    props.append(e.data().length == 0 ? "\r\n                   ]" : "\r\n                   ]");
    sb.append("        \"Properties\":  ").append(props).append("\r\n    }");
    return sb.toString();
  }

  private static void field(StringBuilder sb, String name, String value) {
    sb.append("        \"").append(name).append("\":  ").append(value).append(",\r\n");
  }

  /** A property value as PowerShell serializes the typed EventData value. */
  private static String propertyValue(String name, String v) {
    if (v.startsWith("S-1-")) {
      return "{\r\n                                         \"BinaryLength\":  "
          + (8 + 4 * (v.split("-").length - 3)) + ",\r\n"
          + "                                         \"AccountDomainSid\":  null,\r\n"
          + "                                         \"Value\":  " + Text.json(v) + "\r\n"
          + "                                     }";
    }
    if (name.endsWith("LogonId") || name.equals("LogonID") || name.equals("ProcessId")) {
      return Long.toUnsignedString(Long.parseUnsignedLong(v.substring(2), 16)); // HexInt64
    }
    if (name.equals("LogonType") || name.equals("KeyLength") || name.equals("SessionId")) {
      return v; // UInt32
    }
    if (name.equals("LogonGuid")) {
      return Text.json(v.substring(1, v.length() - 1)); // a Guid, as its text
    }
    return Text.json(v);
  }

  // ---- CSV ----------------------------------------------------------------------------------

  /** Event Viewer's "Save All Events As... CSV" header (5 names; the Message column is unnamed). */
  static final String EVENT_VIEWER_HEADER = "Keywords,Date and Time,Source,Event ID,Task"
      + " Category\r\n";

  static String eventViewerRow(SimEvent e) {
    return "Audit Success," + Text.usDate(e.millis()) + " " + Text.usTime(e.millis()) + ","
        + provider(e) + "," + e.code() + "," + Text.csv(Messages.task(e.code()), false) + ","
        + Text.csv(Messages.of(e), true) + "\r\n";
  }

  /** PowerShell 7's {@code Get-WinEvent | Export-Csv} (no #TYPE line), every field quoted. */
  static final String POWERSHELL_HEADER = "\"Message\",\"Id\",\"Version\",\"Qualifiers\","
      + "\"Level\",\"Task\",\"Opcode\",\"Keywords\",\"RecordId\",\"ProviderName\",\"ProviderId\","
      + "\"LogName\",\"ProcessId\",\"ThreadId\",\"MachineName\",\"UserId\",\"TimeCreated\","
      + "\"ActivityId\",\"RelatedActivityId\",\"ContainerLog\",\"MatchedQueryIds\",\"Bookmark\","
      + "\"LevelDisplayName\",\"OpcodeDisplayName\",\"TaskDisplayName\","
      + "\"KeywordsDisplayNames\",\"Properties\"\r\n";

  static String powerShellRow(SimEvent e) {
    String[] v = {Messages.of(e), Integer.toString(e.code()), Integer.toString(e.version()), "",
        eventlogProvider(e) ? "4" : "0", Integer.toString(Messages.taskNumber(e.code())), "0",
        Long.toString(keywords(e)), Long.toString(e.recordId()), provider(e),
        (eventlogProvider(e) ? EVENTLOG_GUID : SECURITY_GUID).replace("{", "").replace("}", "")
            .toLowerCase(java.util.Locale.ROOT), "Security", Integer.toString(processId(e)),
        Integer.toString(threadId(e)), e.computer(), "",
        Text.usDate(e.millis()) + " " + Text.usTime(e.millis()), "", "", "Security",
        "System.Int32[]", "System.Diagnostics.Eventing.Reader.EventBookmark", "Information",
        "Info", Messages.task(e.code()),
        "System.Collections.ObjectModel.ReadOnlyCollection`1[System.String]",
        "System.Collections.Generic.List`1[System.Diagnostics.Eventing.Reader.EventProperty]"};
    StringBuilder sb = new StringBuilder(3072);
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ",").append(Text.csv(v[i], true));
    }
    return sb.append("\r\n").toString();
  }

  /** Windows 2003 Event Viewer's CSV: Date, Time, Source, Type, Category, Event, User, Computer, Description. */
  static String win2003Row(SimEvent e) {
    return Text.usDate(e.millis()) + "," + Text.usTime(e.millis()) + ",Security,Success Audit,"
        + Messages.task(e.code()) + "," + e.code() + "," + Text.csv(Messages.nt5User(e), false)
        + "," + e.computer() + "," + Text.csv(Messages.of(e), false) + "\r\n";
  }
}
