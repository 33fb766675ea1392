#!/usr/bin/env bash
# The modular input over FILE, started exactly as splunkd starts it: the app extracted from
# target/winsession-<version>.tgz (into target/bench/app, again whenever the package is newer),
# linux_x86_64/bin/winsession.sh with jars/winsession.vmopts and no arguments, the input definition
# on stdin, a fresh checkpoint directory, the event stream on stdout (kept in a temporary file).
#
#   bash src/bench/modinput-run.sh interval FILE   one interval-mode run over FILE from an empty
#                                                  checkpoint (the stanza has interval = 300)
#   bash src/bench/modinput-run.sh longrun FILE    the long-running input (no interval,
#                                                  poll_interval = 1s) started on an empty
#                                                  directory; once its first poll is done FILE is
#                                                  dropped in (a hard link, else a copy renamed
#                                                  in); returns when the poll that read FILE has
#                                                  written its health event (every session event
#                                                  of FILE is then on the stream), after closing
#                                                  stdin, which stops the input (exit 0, the
#                                                  checkpoint saved, </stream>)
#   bash src/bench/modinput-run.sh longrun FILE WARMUP
#                                                  the same, but WARMUP is dropped in first and
#                                                  FILE only once the poll that read WARMUP has
#                                                  written its health event: FILE's rate is then
#                                                  the input's sustained rate, its JIT warm (give
#                                                  WARMUP the earlier records of the same stream,
#                                                  e.g. the first lines of a larger file)
#   bash src/bench/modinput-run.sh tail FILE [PIECES]
#                                                  a log that grows while the long-running input
#                                                  (poll_interval = 1s) watches it: FILE is
#                                                  written into the watched directory in PIECES
#                                                  (default 20) appends of equal size, cut
#                                                  wherever they fall, each once the poll that
#                                                  read the one before has written its health
#                                                  event; prints the input's CPU over all pieces
#                                                  and the events it read (a record read again
#                                                  counts again)
#   bash src/bench/modinput-run.sh idle FILE [SECONDS]
#                                                  CPU of empty polls: the long-running input
#                                                  (poll_interval = 100ms) reads FILE once, then
#                                                  polls a directory with nothing new for SECONDS
#                                                  (default 60); the process's CPU time (user+sys
#                                                  from /proc) over that span divided by its polls
#
# One line of results goes to stderr (events read, session events, seconds in polls, events/s);
# the exit code is the input's (1 when the stream did not end with </stream>). A 1,000,000-event
# XmlWinEventLog file: python3 src/bench/xml_lines.py 1000000 > /tmp/xml-1m.log (1.08 GB).
set -euo pipefail
mode=${1:?MODE: interval, longrun or idle}
file=$(realpath "${2:?FILE: the Windows events to read}")
idle_seconds=${3:-60}
pieces=20
if [ "$mode" = tail ] && [ -n "${3:-}" ]; then pieces=$3; fi
warmup_file=""
if [ "$mode" = longrun ] && [ -n "${3:-}" ]; then warmup_file=$(realpath "$3"); fi
cd "$(dirname "$0")/../.."
tgz=$(ls target/winsession-*.tgz 2>/dev/null | head -n1 || true)
if [ -z "$tgz" ]; then
  mvn -B -ntp -q package -DskipTests
  tgz=$(ls target/winsession-*.tgz | head -n1)
fi
apps=target/bench/app
if [ ! -x "$apps/winsession/linux_x86_64/bin/winsession.sh" ] || [ "$tgz" -nt "$apps/.extracted" ]; then
  rm -rf "$apps" && mkdir -p "$apps" && tar -xzf "$tgz" -C "$apps" && touch "$apps/.extracted"
fi
launcher=$(realpath "$apps/winsession/linux_x86_64/bin/winsession.sh")
work=$(mktemp -d "${TMPDIR:-/tmp}/winsession-modinput.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ckpt" "$work/watched"

definition() { # $1 = path, $2 = extra params
  printf '<input><server_host>bench</server_host><server_uri>https://127.0.0.1:8089</server_uri>'
  printf '<session_key>bench</session_key><checkpoint_dir>%s</checkpoint_dir><configuration>' "$work/ckpt"
  printf '<stanza name="winsession://bench"><param name="mode">files</param>'
  printf '<param name="path">%s</param><param name="index">main</param>%s' "$1" "$2"
  printf '</stanza></configuration></input>\n'
}

summary() { # the health events of the stream, summed (after the warm-up file's, when there is one)
  python3 - "$work/out.xml" "$mode" "$warmup_file" "$work/measured-from" <<'PY'
import json, os, re, sys
events = sessions = polls = 0
seconds = 0.0
# with a warm-up file, only what the stream got after FILE was dropped (the watcher's offset)
start = int(open(sys.argv[4]).read()) if sys.argv[3] and os.path.exists(sys.argv[4]) else 0
with open(sys.argv[1], 'rb') as f:  # the health events are at the end: read only that
    f.seek(0, 2)
    f.seek(0 if sys.argv[2] == 'tail' else max(start, f.tell() - (1 << 20)))  # tail: all its polls
    for m in re.finditer(rb'<sourcetype>winsession:health</sourcetype><data>(.*?)</data>', f.read()):
        h = json.loads(m.group(1).decode().replace('&quot;', '"').replace('&lt;', '<').replace('&gt;', '>').replace('&amp;', '&'))
        events += h['events_read']; sessions += h['session_events']; seconds += h['run_seconds']
        polls += h.get('polls', 1)
rate = events / seconds if seconds else 0
label = sys.argv[2] + (' after the warm-up' if sys.argv[3] else '')
print(f"{label}: {events} events read, {sessions} session events, {seconds:.3f} s in "
      f"{polls} poll(s) (from the health events), {rate:,.0f} events/s", file=sys.stderr)
PY
}

ended_cleanly() {
  if [ "$(tail -c 10 "$work/out.xml")" != "</stream>" ]; then
    echo "modinput-run: the stream did not end with </stream>; stderr:" >&2
    grep -v '^DEBUG' "$work/err.txt" | tail -n 5 >&2
    return 1
  fi
}

polls_done() { grep -c ': poll [0-9]* done' "$work/err.txt" || true; }

case "$mode" in
  interval)
    definition "$file" '<param name="interval">300</param>' > "$work/def.xml"
    code=0
    "$launcher" < "$work/def.xml" > "$work/out.xml" 2> "$work/err.txt" || code=$?
    summary
    ended_cleanly || code=1
    exit "$code"
    ;;
  longrun|idle|tail)
    if [ "$mode" = idle ]; then poll=100ms; else poll=1s; fi
    definition "$work/watched/*" "<param name=\"poll_interval\">$poll</param>" > "$work/def.xml"
    mkfifo "$work/stdin"
    "$launcher" < "$work/stdin" > "$work/out.xml" 2> "$work/err.txt" &
    pid=$!
    exec 3> "$work/stdin" # splunkd's end of standard input, kept open until the end
    cat "$work/def.xml" >&3
    written=$(date +%s%N)
    # one light watcher (not a fork per look): waits for the first poll, drops FILE in, then
    # waits for the health event of the poll that read it (written and flushed after the file's
    # session events), and prints the input's own CPU time (user+sys of the JVM) up to then
    python3 - "$pid" "$work" "$file" "$warmup_file" "$mode" "$pieces" <<'PY' || { cat "$work/err.txt" >&2; exit 1; }
import os, re, shutil, sys, time
pid, work, src, warm = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
mode, pieces = sys.argv[5], int(sys.argv[6])
def alive():
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False
def cpu():
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
while not re.search(r': poll \d+ done', open(f'{work}/err.txt').read()):
    if not alive():
        sys.exit('modinput-run: the input ended before its first poll')
    time.sleep(0.005)
out = open(f'{work}/out.xml', 'rb')
seen = 0  # health events on the stream so far, counted in what was appended since the last look
tail = b''
def health_events():
    global seen, tail
    chunk = out.read()
    if chunk:
        data = tail + chunk
        seen += data.count(b'winsession:health') - tail.count(b'winsession:health')
        tail = data[-32:]
    return seen
def drop(path, name):
    """Drops path into the watched directory and waits for the health event of the poll that read it."""
    before = health_events()
    dest = os.path.join(work, 'watched', name)
    try:
        os.link(path, dest)
    except OSError:
        shutil.copyfile(path, os.path.join(work, '.incoming'))
        os.rename(os.path.join(work, '.incoming'), dest)
    while health_events() == before:
        if not alive():
            sys.exit('modinput-run: the input ended before it read ' + path)
        time.sleep(0.005)
if mode == 'tail':
    size = os.path.getsize(src)
    t0, c0 = time.time(), cpu()
    health_events()
    with open(f'{work}/measured-from', 'w') as f:
        f.write(str(out.tell()))
    with open(src, 'rb') as s, open(os.path.join(work, 'watched', 'growing.log'), 'ab') as d:
        for k in range(pieces):
            before = health_events()
            d.write(s.read((k + 1) * size // pieces - k * size // pieces))
            d.flush()
            while health_events() == before:
                if not alive():
                    sys.exit('modinput-run: the input ended while the log grew')
                time.sleep(0.005)
    t1, c1 = time.time(), cpu()
    print(f'tail: {os.path.basename(src)} ({size} bytes) in {pieces} appends: {t1 - t0:.3f} s wall,'
          f' {c1 - c0:.3f} s CPU of the input', file=sys.stderr)
    sys.exit(0)
if warm:
    w0, wc0 = time.time(), cpu()
    drop(warm, '1-' + os.path.basename(warm))
    print(f'longrun: warm-up {os.path.basename(warm)}: {time.time() - w0:.3f} s wall,'
          f' {cpu() - wc0:.3f} s CPU of the input', file=sys.stderr)
t0, c0 = time.time(), cpu()
health_events()
with open(f'{work}/measured-from', 'w') as f:  # the summary reads the health events after this
    f.write(str(out.tell()))
drop(src, '2-' + os.path.basename(src))
t1, c1 = time.time(), cpu()
print(f'longrun: from the drop to the last session event on the stream: {t1 - t0:.3f} s wall,'
      f' {c1 - c0:.3f} s CPU of the input (JVM start and first poll before: {c0:.3f} s CPU'
      f'{", and the warm-up file" if warm else ""})', file=sys.stderr)
PY
    if [ "$mode" = idle ]; then
      stat_cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
      java_pid=$pid # the launcher execs java: the same process
      sleep 5 # past the read's own work (JIT, GC)
      c0=$(stat_cpu "$java_pid"); p0=$(polls_done); t0=$(date +%s.%N)
      sleep "$idle_seconds"
      c1=$(stat_cpu "$java_pid"); p1=$(polls_done); t1=$(date +%s.%N)
      hz=$(getconf CLK_TCK)
      awk -v c="$((c1 - c0))" -v p="$((p1 - p0))" -v hz="$hz" -v t0="$t0" -v t1="$t1" 'BEGIN {
        printf "idle: %d empty polls in %.1f s, process CPU %.3f s: %.2f ms of CPU per poll (whole JVM, all threads)\n",
          p, t1 - t0, c / hz, p ? 1000 * c / hz / p : 0 }' >&2
    fi
    # an end of stdin within 1 s of the definition is taken for splunkd's own close after writing
    # it (StopSignal.CLOSED_WITH_DEFINITION), not a request to stop: never close sooner
    left=$(( 1100000000 - ($(date +%s%N) - written) ))
    [ "$left" -gt 0 ] && sleep "$(awk -v n="$left" 'BEGIN { print n / 1e9 }')"
    exec 3>&- # stdin closed: the input saves its checkpoint, ends the stream and exits
    code=0
    ( sleep 120; kill -TERM "$pid" 2>/dev/null ) & guard=$!
    wait "$pid" || code=$?
    kill "$guard" 2>/dev/null || true
    [ "$mode" != idle ] && summary
    ended_cleanly || code=1
    exit "$code"
    ;;
  *)
    echo "modinput-run: MODE is interval, longrun, tail or idle, not '$mode'" >&2
    exit 2
    ;;
esac
