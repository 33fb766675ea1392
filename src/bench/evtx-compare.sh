#!/usr/bin/env bash
# Compares winsession's EVTX reader with pyevtx-rs (PyPI "evtx", Rust) and libevtx's evtxexport
# (Debian "libevtx-utils") on the same files, one core each, and prints records/s and ratios.
#   bash src/bench/evtx-compare.sh [SHARED_DIR]
# Installs what it needs: a virtualenv with evtx under target/bench, and libevtx-utils via apt.
# Files: the largest real EVTX in the shared data, and a >= 200 MB log made of real chunks.
# winsession: median of 3 JVM forks, each warmed up >= 10 s, pinned to one core like the others.
set -euo pipefail
shared=${1:-../shared}
source "$(dirname "$0")/common.sh"
[ -x "$out/venv/bin/python" ] || python3 -m venv "$out/venv"
"$out/venv/bin/pip" install -q "evtx==0.14.0"
command -v evtxexport >/dev/null || { apt-get update -q >/dev/null; apt-get install -y -q libevtx-utils >/dev/null; }

largest="$shared/data/DFIRArtifactMuseum/Windows/EventLogs/Win11/RathbunVM/RathbunVM_W11EventLogs.7z.extracted/Security.evtx"
big="$out/concatenated.evtx"
[ -f "$big" ] || "$out/venv/bin/python" - "$shared/data" "$big" <<'PY'
import glob, struct, sys, zlib
data, target = sys.argv[1], sys.argv[2]
files = sorted(f for f in glob.glob(data + "/**/*.evtx", recursive=True) if "bad_string" not in f)
chunks = []
for f in files:
    b = open(f, "rb").read()
    chunks += [b[o:o + 65536] for o in range(4096, len(b) - 65535, 65536) if b[o:o + 8] == b"ElfChnk\0"]
need = (200 << 20) // 65536 + 1
body = (chunks * (need // len(chunks) + 1))[:need]
header = bytearray(open(files[0], "rb").read()[:4096])
struct.pack_into("<QQ", header, 8, 0, len(body) - 1)       # first and last chunk number
struct.pack_into("<H", header, 42, len(body))                # number of chunks
struct.pack_into("<I", header, 120, 0)                       # flags: clean
struct.pack_into("<I", header, 124, zlib.crc32(bytes(header[:120])) & 0xFFFFFFFF)
with open(target, "wb") as w:
    w.write(header)
    for c in body:
        w.write(c)
PY

echo "| file | tool | records | records/s | winsession reader ÷ tool |"
echo "|---|---|---|---|---|"
for f in "$largest" "$big"; do
  name=$(basename "$(dirname "$f")")/$(basename "$f")
  [ "$f" = "$big" ] && name="$(du -m "$big" | cut -f1) MB of real chunks"
  # three JVM forks; the median of their medians
  ours=$(for fork in 1 2 3; do taskset -c 0 java -Xms2g -Xmx2g -XX:+AlwaysPreTouch \
      -XX:ActiveProcessorCount=1 -jar "$jar" bench --evtx "$f" --rounds 5 --warmup 3; done)
  median() { echo "$ours" | awk -v k="$1" '$1 == k {print $2, $3}' | sort -k2 -n | sed -n 2p; }
  reader=$(median winsession-reader)
  sessions=$(median winsession-sessions)
  py=$(taskset -c 0 "$out/venv/bin/python" - "$f" <<'PY'
import statistics, sys, time, evtx
rates, until = [], time.perf_counter() + 3  # median over >= 3 s and >= 3 parses, like winsession
while len(rates) < 3 or time.perf_counter() < until:
    t = time.perf_counter()
    n = sum(1 for _ in evtx.PyEvtxParser(sys.argv[1], number_of_threads=1).records())
    rates.append(n / (time.perf_counter() - t))
print(n, int(statistics.median(rates)))
PY
)
  t0=$(date +%s.%N); taskset -c 0 evtxexport -f xml "$f" > /dev/null 2>&1 || true; t1=$(date +%s.%N)
  n=$(echo "$reader" | cut -d' ' -f1)
  libevtx=$(awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN {printf "%d %d", n, n / (b - a)}')
  r=$(echo "$reader" | cut -d' ' -f2)
  for row in "winsession reader + normalization|$reader" "winsession into session events|$sessions" \
             "pyevtx-rs 0.14.0 (1 thread, XML)|$py" "evtxexport 20181227 (XML)|$libevtx"; do
    tool=${row%%|*}; vals=${row#*|}
    awk -v f="$name" -v t="$tool" -v v="$vals" -v r="$r" 'BEGIN {split(v, a, " "); printf "| %s | %s | %d | %d | %.2fx |\n", f, t, a[1], a[2], r / a[2]}'
  done
done
