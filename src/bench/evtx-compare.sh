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
[ -f "$big" ] || python3 src/bench/evtx-from-chunks.py "$shared/data" "$big" 200

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
