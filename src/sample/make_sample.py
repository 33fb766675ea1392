#!/usr/bin/env python3
"""Writes the sample bundled in the jar: src/main/resources/org/winsession/sample/sample-day.xml.

A working day (Monday 2 March 2026, 06:00 UTC, to Tuesday 08:00) of four hosts of the CONTOSO
domain, as Splunk's XmlWinEventLog stores them (one event per line, single-quoted attributes). Every
session status of the contract appears; the comments next to each step say which and why.
Run from the project root: python3 src/sample/make_sample.py
"""
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape

SEC = "Microsoft-Windows-Security-Auditing"
SEC_GUID = "{54849625-5478-4994-a5ba-3e3b0328c30d}"
DAY = datetime(2026, 3, 2, 0, 0, 0, tzinfo=timezone.utc)
EVENTS = []  # (written time, host key, line template without its record id)
SKEW = {}  # host key -> how far its clock shows behind the real time


def at(day, hh, mm, ss=0, ms=0):
    return DAY + timedelta(days=day, hours=hh, minutes=mm, seconds=ss, milliseconds=ms)


def emit(computer, when, code, data, version=0, channel="Security", provider=SEC, legacy=False,
         record_key=None):
    key = record_key or computer.split(".")[0].lower()
    written = when + SKEW.get(key, timedelta(0))
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"
    if legacy:
        body = "".join("<Data>%s</Data>" % escape(v) for v in data)
    else:
        body = "".join("<Data Name='%s'>%s</Data>" % (k, escape(v)) for k, v in data)
    EVENTS.append((written, len(EVENTS), key,
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
        "<Provider Name='%s' Guid='%s'/><EventID>%d</EventID><Version>%d</Version><Level>0</Level>"
        "<Task>12544</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords>"
        "<TimeCreated SystemTime='%s'/><EventRecordID>%%d</EventRecordID><Correlation/>"
        "<Execution ProcessID='652' ThreadID='700'/><Channel>%s</Channel><Computer>%s</Computer>"
        "<Security/></System><EventData>%s</EventData></Event>"
        % (provider, SEC_GUID, code, version, stamp, channel, computer, body)))


def logon(computer, when, luid, user, domain, sid, ltype, *, process="Advapi  ", package="Negotiate",
          workstation="-", ip="-", port="-", linked="0x0", elevated="%%1843", virtual="%%1843",
          procname="C:\\Windows\\System32\\services.exe", subject=("S-1-5-18", "0x3e7")):
    emit(computer, when, 4624, [
        ("SubjectUserSid", subject[0]), ("SubjectUserName", computer.split(".")[0].upper() + "$"),
        ("SubjectDomainName", "CONTOSO"), ("SubjectLogonId", subject[1]),
        ("TargetUserSid", sid), ("TargetUserName", user), ("TargetDomainName", domain),
        ("TargetLogonId", luid), ("LogonType", str(ltype)), ("LogonProcessName", process),
        ("AuthenticationPackageName", package), ("WorkstationName", workstation),
        ("LogonGuid", "{00000000-0000-0000-0000-000000000000}"), ("TransmittedServices", "-"),
        ("LmPackageName", "-"), ("KeyLength", "0"), ("ProcessId", "0x2c4"),
        ("ProcessName", procname), ("IpAddress", ip), ("IpPort", port),
        ("ImpersonationLevel", "%%1833"), ("RestrictedAdminMode", "-"),
        ("TargetOutboundUserName", "-"), ("TargetOutboundDomainName", "-"),
        ("VirtualAccount", virtual), ("TargetLinkedLogonId", linked), ("ElevatedToken", elevated)],
         version=2)


def privileges(computer, when, luid, user, domain, sid):
    emit(computer, when, 4672, [("SubjectUserSid", sid), ("SubjectUserName", user),
                                ("SubjectDomainName", domain), ("SubjectLogonId", luid),
                                ("PrivilegeList", "SeBackupPrivilege SeDebugPrivilege")])


def target(code, computer, when, luid, user, domain, sid, ltype=None):
    data = [("TargetUserSid", sid), ("TargetUserName", user), ("TargetDomainName", domain),
            ("TargetLogonId", luid)]
    if ltype is not None:
        data.append(("LogonType", str(ltype)))
    emit(computer, when, code, data)


def logoff(computer, when, luid, user, domain, sid, ltype):
    target(4634, computer, when, luid, user, domain, sid, ltype)


def user_logoff(computer, when, luid, user, domain, sid):
    target(4647, computer, when, luid, user, domain, sid)


def station(code, computer, when, luid, user, client, address):
    emit(computer, when, code, [("AccountName", user), ("AccountDomain", "CONTOSO"),
                                ("LogonID", luid), ("SessionName", "RDP-Tcp#3"),
                                ("ClientName", client), ("ClientAddress", address)])


def startup(computer, when):
    emit(computer, when, 4608, [])


def shutdown(computer, when):
    emit(computer, when, 4609, [])
    emit(computer, when + timedelta(milliseconds=400), 1100, [],
         provider="Microsoft-Windows-Eventlog")


def system_services(computer, when):
    """What every boot logs first: SYSTEM, then the service accounts, each with its 4672."""
    logon(computer, when, "0x3e7", "SYSTEM", "NT AUTHORITY", "S-1-5-18", 0, process="-",
          package="-", procname="-", subject=("S-1-0-0", "0x0"))
    privileges(computer, when, "0x3e7", "SYSTEM", "NT AUTHORITY", "S-1-5-18")
    for i, (luid, name, sid) in enumerate([("0x3e4", "NETWORK SERVICE", "S-1-5-20"),
                                           ("0x3e5", "LOCAL SERVICE", "S-1-5-19")]):
        t = when + timedelta(seconds=2 + i)
        logon(computer, t, luid, name, "NT AUTHORITY", sid, 5)
        privileges(computer, t, luid, name, "NT AUTHORITY", sid)


ALICE = ("alice.admin", "CONTOSO", "S-1-5-21-3623811015-3361044348-30300820-1104")
BOB = ("bob", "CONTOSO", "S-1-5-21-3623811015-3361044348-30300820-1107")
CAROL = ("carol", "CONTOSO", "S-1-5-21-3623811015-3361044348-30300820-1112")
ERIN = ("erin", "CONTOSO", "S-1-5-21-3623811015-3361044348-30300820-1118")
BACKUP = ("svc_backup", "CONTOSO", "S-1-5-21-3623811015-3361044348-30300820-1201")
APPSVC = ("svc_app", "CONTOSO", "S-1-5-21-3623811015-3361044348-30300820-1202")
JDOE = ("jdoe", "CONTOSO", "S-1-5-21-3623811015-3361044348-30300820-1130")
WS01M = ("WS01$", "CONTOSO", "S-1-5-21-3623811015-3361044348-30300820-1601")
ANON = ("ANONYMOUS LOGON", "NT AUTHORITY", "S-1-5-7")


def dc01():
    """DC01: a domain controller that runs all day. Its events name it by FQDN and, from one
    collector, by the short name: both are one host."""
    h = "DC01.contoso.local"
    startup(h, at(0, 6, 0))
    system_services(h, at(0, 6, 0, 1))
    # svc_backup's nightly batch job never logs off: leaked (no_logoff_past_threshold) once the DC
    # has logged past 06:30 the next morning.
    logon(h, at(0, 6, 30), "0x2a1f01", *BACKUP, 4, process="Advapi  ",
          procname="C:\\Windows\\System32\\svchost.exe")
    # jdoe maps a share at 07:00 and his laptop keeps it past the 24h threshold: leaked on Tuesday
    # at 07:10, then the 4634 arrives at 07:30 and the session is emitted again as closed with
    # late_logoff.
    logon(h, at(0, 7, 0), "0x5c0a11", *JDOE, 3, process="NtLmSsp ", package="NTLM",
          workstation="LAPTOP-77", ip="10.0.7.77", port="51000", procname="-",
          subject=("S-1-0-0", "0x0"))
    # alice.admin RDPs in at 08:05 with a UAC split token: two linked sessions, one elevated.
    ip, port = "::ffff:10.0.4.21", "50412"
    logon(h, at(0, 8, 5, 2), "0x3b0c11", *ALICE, 10, process="User32 ", workstation="ADMIN-PC",
          ip=ip, port=port, linked="0x3b0c32", elevated="%%1842",
          procname="C:\\Windows\\System32\\svchost.exe")
    privileges(h, at(0, 8, 5, 2), "0x3b0c11", *ALICE)
    logon(h, at(0, 8, 5, 2, 40), "0x3b0c32", *ALICE, 10, process="User32 ", workstation="ADMIN-PC",
          ip=ip, port=port, linked="0x3b0c11", procname="C:\\Windows\\System32\\svchost.exe")
    # network logons all day: the workstation's machine account and ANONYMOUS null sessions,
    # each closed by its 4634 (closed, high confidence).
    luid = 0x4c0000
    for hour in range(6, 24):
        for minute in (10, 40):
            luid += 0x1a3
            ws = "0x%x" % luid
            logon(h, at(0, hour, minute), ws, *WS01M, 3, process="Kerberos", package="Kerberos",
                  ip="10.0.5.31", port="49811", procname="-", subject=("S-1-0-0", "0x0"))
            logoff(h, at(0, hour, minute, 1), ws, *WS01M, 3)
        luid += 0x1a3
        an = "0x%x" % luid
        logon(h, at(0, hour, 22), an, *ANON, 3, process="NtLmSsp ", package="NTLM",
              workstation="PRINT-01", ip="10.0.9.3", port="0", procname="-",
              subject=("S-1-0-0", "0x0"))
        logoff(h if hour % 2 else "dc01", at(0, hour, 22, 0, 300), an, *ANON, 3)
    # alice's RDP session: disconnected at lunch, reconnected, then a proper logoff of both tokens.
    station(4779, h, at(0, 12, 1), "0x3b0c11", "alice.admin", "ADMIN-PC", "10.0.4.21")
    station(4778, h, at(0, 12, 46), "0x3b0c11", "alice.admin", "ADMIN-PC", "10.0.4.21")
    user_logoff(h, at(0, 17, 2), "0x3b0c11", *ALICE)
    logoff(h, at(0, 17, 2, 1), "0x3b0c32", *ALICE, 10)
    logoff(h, at(0, 17, 2, 1, 200), "0x3b0c11", *ALICE, 10)
    # Tuesday morning: the DC keeps logging, which is what lets the batch job's leak fire.
    for hour in range(0, 8):
        luid += 0x1a3
        ws = "0x%x" % luid
        logon(h, at(1, hour, 10), ws, *WS01M, 3, process="Kerberos", package="Kerberos",
              ip="10.0.5.31", port="49811", procname="-", subject=("S-1-0-0", "0x0"))
        logoff(h, at(1, hour, 10, 1), ws, *WS01M, 3)
        if hour == 7:
            logoff(h, at(1, 7, 30), "0x5c0a11", *JDOE, 3)


def ws01():
    """WS01: a Windows 10 workstation, booted in the morning and shut down in the evening."""
    h = "WS01.contoso.local"
    startup(h, at(0, 7, 50))
    system_services(h, at(0, 7, 50, 1))
    # Window Manager and font driver virtual sessions live as long as the console: never leaks.
    logon(h, at(0, 7, 50, 9), "0x9a41", "UMFD-0", "Font Driver Host", "S-1-5-96-0-0", 2,
          process="Advapi  ", virtual="%%1842", procname="C:\\Windows\\System32\\wininit.exe")
    logon(h, at(0, 7, 50, 10), "0x9c12", "DWM-1", "Window Manager", "S-1-5-90-0-1", 2,
          process="Advapi  ", virtual="%%1842", procname="C:\\Windows\\System32\\winlogon.exe")
    # bob works the day: console logon, a locked lunch break, then 4647 and 4634 (closed).
    logon(h, at(0, 8, 1, 12), "0x1f2e3a", *BOB, 2, process="User32 ", workstation="WS01",
          ip="127.0.0.1", port="0", procname="C:\\Windows\\System32\\svchost.exe")
    target(4800, h, at(0, 12, 0), "0x1f2e3a", *BOB)
    target(4801, h, at(0, 12, 58, 30), "0x1f2e3a", *BOB)
    user_logoff(h, at(0, 17, 31), "0x1f2e3a", *BOB)
    logoff(h, at(0, 17, 31, 2), "0x1f2e3a", *BOB, 2)
    # carol logs on, logs off at 18:20 but her 4634 never comes: a token leak
    # (user_logoff_without_logoff) once the host logs past the two-minute grace.
    logon(h, at(0, 17, 45), "0x2011c4", *CAROL, 2, process="User32 ", workstation="WS01",
          ip="127.0.0.1", port="0", procname="C:\\Windows\\System32\\svchost.exe")
    user_logoff(h, at(0, 18, 20), "0x2011c4", *CAROL)
    # erin logs off seconds before the shutdown: Windows writes no 4634 at shutdown, so this is
    # not a leak but ended_by_shutdown.
    logon(h, at(0, 18, 24), "0x20a501", *ERIN, 2, process="User32 ", workstation="WS01",
          ip="127.0.0.1", port="0", procname="C:\\Windows\\System32\\svchost.exe")
    # the host keeps logging (network logons from the file server) through the evening
    for i, minute in enumerate((21, 30, 45, 58)):
        luid = "0x21%04x" % (i * 0x31 + 0x100)
        logon(h, at(0, 18, minute), luid, "FILE01$", "CONTOSO",
              "S-1-5-21-3623811015-3361044348-30300820-1602", 3, process="Kerberos",
              package="Kerberos", ip="10.0.5.40", port="50123", procname="-",
              subject=("S-1-0-0", "0x0"))
        logoff(h, at(0, 18, minute, 0, 500), luid, "FILE01$", "CONTOSO",
               "S-1-5-21-3623811015-3361044348-30300820-1602", 3)
    user_logoff(h, at(0, 18, 59, 30), "0x20a501", *ERIN)
    shutdown(h, at(0, 19, 0))
    # Tuesday: bob is back; his session is still open when the data ends.
    startup(h, at(1, 7, 48))
    system_services(h, at(1, 7, 48, 1))
    logon(h, at(1, 7, 58, 40), "0x1d07b2", *BOB, 2, process="User32 ", workstation="WS01",
          ip="127.0.0.1", port="0", procname="C:\\Windows\\System32\\svchost.exe")


def app01():
    """APP01: an application server with a logoff from before the data, a LUID that comes back,
    a clock step, a crash, and a logoff that arrives after the leak threshold."""
    h = "APP01.contoso.local"
    # The first event is a logoff whose logon was before the data: orphan_logoff.
    logoff(h, at(0, 6, 0, 5), "0x3f1a2", *APPSVC, 3)
    system_services(h, at(0, 6, 0, 10))  # a service restart: SYSTEM is announced again
    # svc_app's LUID 0x5a1b2 logs on twice without a logoff between: the first is superseded.
    logon(h, at(0, 9, 0), "0x5a1b2", *APPSVC, 3, process="Kerberos", package="Kerberos",
          ip="10.0.3.10", port="50001", procname="-", subject=("S-1-0-0", "0x0"))
    logon(h, at(0, 11, 0), "0x5a1b2", *APPSVC, 3, process="Kerberos", package="Kerberos",
          ip="10.0.3.10", port="50077", procname="-", subject=("S-1-0-0", "0x0"))
    logoff(h, at(0, 11, 5), "0x5a1b2", *APPSVC, 3)
    # an RDP session open across an NTP correction that steps the clock back 40 minutes
    logon(h, at(0, 13, 30), "0x61e00c", *ALICE, 10, process="User32 ", workstation="ADMIN-PC",
          ip="10.0.4.21", port="50990", procname="C:\\Windows\\System32\\svchost.exe")
    privileges(h, at(0, 13, 30), "0x61e00c", *ALICE)
    logon(h, at(0, 14, 0), "0x62a001", *APPSVC, 3, process="Kerberos", package="Kerberos",
          ip="10.0.3.10", port="50100", procname="-", subject=("S-1-0-0", "0x0"))
    logoff(h, at(0, 14, 0, 1), "0x62a001", *APPSVC, 3)
    SKEW["app01"] = timedelta(minutes=40)  # 14:01 NTP steps the clock back 40 minutes
    logon(h, at(0, 13, 21), "0x62a0f3", *APPSVC, 3, process="Kerberos", package="Kerberos",
          ip="10.0.3.10", port="50101", procname="-", subject=("S-1-0-0", "0x0"))
    logoff(h, at(0, 13, 21, 1), "0x62a0f3", *APPSVC, 3)
    user_logoff(h, at(0, 13, 50), "0x61e00c", *ALICE)
    logoff(h, at(0, 13, 50, 1), "0x61e00c", *ALICE, 10)
    # 15:12 (clock 14:32) power loss: no shutdown event. The next boot's 4608 ends the RDP session of a
    # helpdesk user as ended_by_shutdown (end_reason startup, low confidence).
    logon(h, at(0, 14, 10), "0x63b210", *BOB, 10, process="User32 ", workstation="HELPDESK-3",
          ip="10.0.6.3", port="52000", procname="C:\\Windows\\System32\\svchost.exe")
    logon(h, at(0, 14, 31), "0x63b800", *APPSVC, 3, process="Kerberos", package="Kerberos",
          ip="10.0.3.10", port="50102", procname="-", subject=("S-1-0-0", "0x0"))
    SKEW["app01"] = timedelta(0)  # the clock is right again after the reboot
    startup(h, at(0, 15, 19))
    system_services(h, at(0, 15, 19, 1))
    # svc_app's hourly job after the reboot, until Tuesday morning
    for hour in range(16, 24 + 8):
        day, hh = divmod(hour, 24)
        luid = "0x7%05x" % (hour * 0x101)
        logon(h, at(day, hh, 5), luid, *APPSVC, 3, process="Kerberos", package="Kerberos",
              ip="10.0.3.10", port="50200", procname="-", subject=("S-1-0-0", "0x0"))
        logoff(h, at(day, hh, 5, 2), luid, *APPSVC, 3)


def legacy03():
    """LEGACY03: a Windows Server 2003 box still in service, logging NT5 events (positional)."""
    h = "LEGACY03"
    emit(h, at(0, 6, 2), 512, [], legacy=True, provider="Security")
    admin = ("Administrator", "LEGACY03")
    # console logon 528 type 2, 576 privileges, then 551 and 538: closed
    emit(h, at(0, 7, 15), 528, [admin[0], admin[1], "(0x0,0x3A7A6E0)", "2", "User32  ",
                                "Negotiate", "LEGACY03", "{f6956476-dd7a-df4a-1006-c2026f6e3cc3}",
                                "LEGACY03$", "CONTOSO", "(0x0,0x3E7)", "488", "-", "127.0.0.1",
                                "0"], legacy=True, provider="Security")
    emit(h, at(0, 7, 15), 576, [admin[0], admin[1], "(0x0,0x3A7A6E0)",
                                "SeBackupPrivilege"], legacy=True, provider="Security")
    emit(h, at(0, 7, 40), 551, [admin[0], admin[1], "(0x0,0x3A7A6E0)"], legacy=True,
         provider="Security")
    emit(h, at(0, 7, 40, 2), 538, [admin[0], admin[1], "(0x0,0x3A7A6E0)", "2"], legacy=True,
         provider="Security")
    # network logons 540 and their 538s
    for i, hour in enumerate(range(8, 20)):
        luid = "(0x0,0x%X)" % (0x3B10000 + i * 0x2f1)
        emit(h, at(0, hour, 0), 540, ["WS01$", "CONTOSO", luid, "3", "Kerberos", "Kerberos", "",
                                      "{00000000-0000-0000-0000-000000000000}", "-", "-", "-",
                                      "-", "-", "10.0.5.31", "1041"], legacy=True,
             provider="Security")
        emit(h, at(0, hour, 0, 3), 538, ["WS01$", "CONTOSO", luid, "3"], legacy=True,
             provider="Security")
    # an RDP session (type 10) whose 551 comes without a 538: the NT5 token-leak signature
    emit(h, at(0, 10, 30), 528, ["jdoe", "CONTOSO", "(0x0,0x3C00A10)", "10", "User32  ",
                                 "Negotiate", "LEGACY03", "{11111111-dd7a-df4a-1006-c2026f6e3cc3}",
                                 "LEGACY03$", "CONTOSO", "(0x0,0x3E7)", "488", "-", "10.0.7.77",
                                 "3389"], legacy=True, provider="Security")
    emit(h, at(0, 11, 45), 551, ["jdoe", "CONTOSO", "(0x0,0x3C00A10)"], legacy=True,
         provider="Security")
    # a console session still open when the data ends
    emit(h, at(0, 19, 30), 528, [admin[0], admin[1], "(0x0,0x3D2B7F0)", "2", "User32  ",
                                 "Negotiate", "LEGACY03", "{22222222-dd7a-df4a-1006-c2026f6e3cc3}",
                                 "LEGACY03$", "CONTOSO", "(0x0,0x3E7)", "488", "-", "127.0.0.1",
                                 "0"], legacy=True, provider="Security")


def main():
    for host in (dc01, ws01, app01, legacy03):
        host()
    # One collector's file: every host's events interleaved in the order they were written;
    # record ids count up per host in that order (a clock step changes times, not record ids).
    out = "src/main/resources/org/winsession/sample/sample-day.xml"
    record = {}
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for _, _, key, line in sorted(EVENTS):
            record[key] = record.get(key, 1000) + 1
            f.write(line % record[key] + "\n")
    print("wrote %d events to %s" % (len(EVENTS), out))


if __name__ == "__main__":
    main()
