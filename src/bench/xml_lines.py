#!/usr/bin/env python3
"""XmlWinEventLog lines, one Windows event a line as Splunk's XmlWinEventLog _raw: N events,
4624 v2 (17 data fields, a 400-byte pad) each followed by its 4634, on 20 hosts, 1,079 bytes a line
on average, every session closed. Written to standard output.
    python3 src/bench/xml_lines.py N > FILE
"""
import datetime, sys
n = int(sys.argv[1])
out = sys.stdout
t0 = datetime.datetime(2024, 1, 1)
pad = "x" * 400
on = ("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/>"
      "<EventID>4624</EventID><Version>2</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords>"
      "<TimeCreated SystemTime='%s'/><EventRecordID>%d</EventRecordID><Correlation/><Execution ProcessID='636' ThreadID='%d'/><Channel>Security</Channel><Computer>HOST%d.contoso.local</Computer><Security/></System>"
      "<EventData><Data Name='SubjectUserSid'>S-1-5-18</Data><Data Name='SubjectUserName'>HOST%d$</Data><Data Name='SubjectDomainName'>CONTOSO</Data><Data Name='SubjectLogonId'>0x3e7</Data>"
      "<Data Name='TargetUserSid'>S-1-5-21-1-2-3-%d</Data><Data Name='TargetUserName'>user%d</Data><Data Name='TargetDomainName'>CONTOSO</Data><Data Name='TargetLogonId'>0x%x</Data>"
      "<Data Name='LogonType'>3</Data><Data Name='LogonProcessName'>NtLmSsp </Data><Data Name='AuthenticationPackageName'>NTLM</Data><Data Name='WorkstationName'>WS%d</Data><Data Name='IpAddress'>10.0.%d.%d</Data><Data Name='IpPort'>%d</Data><Data Name='Pad'>%s</Data></EventData></Event>\n")
off = ("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>4634</EventID><TimeCreated SystemTime='%s'/><EventRecordID>%d</EventRecordID><Channel>Security</Channel><Computer>HOST%d.contoso.local</Computer></System>"
       "<EventData><Data Name='TargetUserSid'>S-1-5-21-1-2-3-%d</Data><Data Name='TargetUserName'>user%d</Data><Data Name='TargetDomainName'>CONTOSO</Data><Data Name='TargetLogonId'>0x%x</Data><Data Name='LogonType'>3</Data></EventData></Event>\n")
rec = {}
for i in range(n // 2):
    h = i % 20
    r = rec.get(h, 0)
    t = (t0 + datetime.timedelta(milliseconds=50 * i)).strftime('%Y-%m-%dT%H:%M:%S.%f') + '0Z'
    u = i % 500
    out.write(on % (t, r + 1, i % 9000, h, h, u, u, 0x100000 + i, u % 200, i % 250, u % 250, 40000 + i % 20000, pad))
    out.write(off % (t, r + 2, h, u, u, 0x100000 + i))
    rec[h] = r + 2
