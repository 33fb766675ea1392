#!/usr/bin/env bash
# MB/s and events/s of each text reader on one core, from memory (issue 4: JSON lines and classic
# text >= 100 MB/s). Inputs: the real Mordor/NXLog JSON unzipped, and ~100 MB each of classic
# WinEventLog text and Event Viewer CSV built from DOMAIN.md's real samples with varying ids.
#   bash src/bench/readers.sh [SHARED_DIR]
set -euo pipefail
shared=${1:-../shared}
source "$(dirname "$0")/common.sh"
python3 - "$shared/data" "$out" <<'PY'
import glob, os, sys, zipfile
data, out = sys.argv[1], sys.argv[2]
with open(os.path.join(out, "mordor.json"), "wb") as w:
    for z in sorted(glob.glob(data + "/OTRF-Security-Datasets/**/*.zip", recursive=True)):
        with zipfile.ZipFile(z) as f:
            for n in f.namelist():
                w.write(f.read(n))
classic = ("{d} 07:07:21 PM\r\nLogName=Security\r\nSourceName=Microsoft Windows security auditing.\r\n"
  "EventCode=4624\r\nEventType=0\r\nType=Information\r\nComputerName=host{h}.test.com\r\nTaskCategory=Logon\r\n"
  "OpCode=Info\r\nRecordNumber={r}\r\nKeywords=Audit Success\r\nMessage=An account was successfully logged on.\r\n\r\n"
  "Subject:\r\n\tSecurity ID:\t\tNULL SID\r\n\tAccount Name:\t\t-\r\n\tAccount Domain:\t\t-\r\n\tLogon ID:\t\t0x0\r\n\r\n"
  "Logon Type:\t\t\t3\r\n\r\nImpersonation Level:\t\tImpersonation\r\n\r\nNew Logon:\r\n\tSecurity ID:\t\ttest.com\\u{u}\r\n"
  "\tAccount Name:\t\tu{u}\r\n\tAccount Domain:\t\ttest.com\r\n\tLogon ID:\t\t0x{l:X}\r\n"
  "\tLogon GUID:\t\t{{E53069F0-662E-0C65-F889-AA8D8770D56A}}\r\n\r\nProcess Information:\r\n\tProcess ID:\t\t0x0\r\n"
  "\tProcess Name:\t\t-\r\n\r\nNetwork Information:\r\n\tWorkstation Name:\t\r\n\tSource Network Address:\t10.0.{a}.1\r\n"
  "\tSource Port:\t\t39028\r\n\r\nDetailed Authentication Information:\r\n\tLogon Process:\t\tKerberos\r\n"
  "\tAuthentication Package:\tKerberos\r\n\tTransited Services:\t-\r\n\tPackage Name (NTLM only):\t-\r\n\tKey Length:\t\t0\r\n\r\n"
  "This event is generated when a logon session is created. It is generated on the computer that was accessed.\r\n")
with open(os.path.join(out, "classic.txt"), "w", newline="") as w:
    i = 0
    while w.tell() < 100 << 20:
        w.write(classic.format(d="04/01/2019", h=i % 50, r=i + 1, u=i % 1000, l=0x100000 + i, a=i % 250))
        i += 1
with open(os.path.join(out, "eventviewer.csv"), "w", newline="") as w:
    w.write("Keywords,Date and Time,Source,Event ID,Task Category\r\n")
    i = 0
    while w.tell() < 100 << 20:
        msg = classic.format(d="04/01/2019", h=0, r=i, u=i % 1000, l=0x100000 + i, a=i % 250).split("Message=", 1)[1]
        w.write('Audit Success,4/1/2019 7:07:21 PM,Microsoft-Windows-Security-Auditing,4624,Logon,"%s"\r\n' % msg.replace('"', '""'))
        i += 1
PY
echo "| input | MB | events | MB/s | events/s | rejected |"
echo "|---|---|---|---|---|---|"
for f in mordor.json classic.txt eventviewer.csv; do
  taskset -c 0 java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:ActiveProcessorCount=1 -jar "$jar" bench --input "$out/$f" --rounds 5 --warmup 3 \
    | awk '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}'
done
