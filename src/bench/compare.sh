#!/usr/bin/env bash
# Whole-process speed, side by side, with hyperfine:
#  - winsession `analyze` as the README runs it, against evtx_dump (crates.io `evtx`) and pyevtx-rs
#    (PyPI `evtx`), on the largest real EVTX and on a >= 200 MB EVTX of real chunks, on one core
#    and on all cores;
#  - `analyze` alone on 1 GB each of XmlWinEventLog lines, NXLog and Winlogbeat JSON lines (MB/s);
#  - the modular input over 1,000,000 new events, interval mode against long-running mode
#    (src/bench/modinput-run.sh interval|longrun FILE; skipped when that script is absent), and
#    the long-running input's sustained rate: warmed on 300,000 earlier records of the same
#    stream, then 1,000,000 more (modinput-run.sh longrun FILE WARMUP).
# Prints a markdown section with medians, MB/s and ratios (winsession ÷ peer) against the targets;
# it is also written to target/bench/compare.md, and appended to FILE with --append FILE.
#
#   bash src/bench/compare.sh [--quick] [--gb N] [--rounds N] [--only evtx,text,modinput]
#                             [--note TEXT] [--append FILE] [SHARED_DIR]
#
#   --quick    small inputs (20 MB EVTX, 20 MB text files, 20,000 modular-input events), 1 round,
#              no warm-up: checks the script in a couple of minutes; its numbers mean little
#   --gb N     size of each text file in GB (10^9 bytes; default 1)
#   --rounds N rounds of each group (default 3; see "Alternation" below)
#   --only     the sections to run (default all three)
#   --note     a sentence added under the heading (e.g. that the machine was loaded)
#   SHARED_DIR the shared data beside the clone (default ../shared, relative to the repository)
#
# WINSESSION is the command that runs winsession (default `java -jar target/winsession-<version>.jar`,
# the README's way); set it to measure another documented launcher, e.g.
#   WINSESSION=bin/winsession bash src/bench/compare.sh
#
# Installs what it needs when missing: hyperfine (Debian, else `cargo install hyperfine`),
# evtx_dump $EVTX_VERSION (`cargo install evtx --locked` into target/bench/cargo), pyevtx-rs
# $PYEVTX_VERSION (in a virtualenv in target/bench/venv). Inputs are built once under
# target/bench/compare and reused: the EVTX of real chunks by src/bench/evtx-from-chunks.py, the
# text files by the test tree's fleet simulator (org.winsession.sim.RenderShape, 40 hosts, 30 days;
# the modular input's file is 1,000,000 of its XmlWinEventLog lines, 2.7 GB).
#
# Alternation: hyperfine runs all runs of one command before the next. So each group (the tools
# on one file and core setting) is run in rounds: one hyperfine call per round, each command run
# once, in an order rotated by one every round (A B C, B C A, C A B), so the tools alternate on the
# same file; the first round of a file's first group (one core) also makes one warm-up run of each
# command (page cache, disk; the all-cores groups then read files just read). Every
# round is exported with --export-json; the table gives the median of all timed runs (wall) and
# the mean user+sys CPU time per run (src/bench/hyperfine-median.py).
set -euo pipefail
{ # the whole script is read before it runs: editing this file cannot disturb a run in progress

quick=0 gb=1 rounds=3 warmup=1 only=evtx,text,modinput note="" append="" shared=../shared
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --gb) gb=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --only) only=$2; shift ;;
    --note) note=$2; shift ;;
    --append) append=$(realpath -m "$2"); shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) shared=$1 ;;
  esac
  shift
done
evtx_mb=200 modinput_events=1000000
if [ $quick = 1 ]; then
  gb=0.02 rounds=1 warmup=0 evtx_mb=20 modinput_events=20000
fi
text_bytes=$(awk -v g="$gb" 'BEGIN {printf "%d", g * 1e9}')

source "$(dirname "$0")/common.sh"   # cd to the repository root; $out, $jar
started=$(date +%s)
log() { echo "[compare $(date -u +%H:%M:%S)] $*" >&2; }
want() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
dir=$out/compare
res=$dir/results-$(date -u +%Y%m%dT%H%M%S)
mkdir -p "$dir" "$res"
export PATH="$PWD/$out/cargo/bin:$PATH"

# ---- tools -------------------------------------------------------------------------------------
EVTX_VERSION=0.15.1      # crates.io evtx (evtx_dump)
PYEVTX_VERSION=0.14.0    # PyPI evtx (pyevtx-rs), the version src/bench/evtx-compare.sh uses
if ! command -v hyperfine >/dev/null; then
  log "installing hyperfine"
  { command -v apt-get >/dev/null && apt-get update -q >/dev/null \
      && apt-get install -y -q hyperfine >/dev/null; } \
    || cargo install hyperfine --locked --version 1.15.0 --root "$out/cargo"
fi
evtx_dump=$(command -v evtx_dump || true)
if [ -z "$evtx_dump" ] || [ "$("$evtx_dump" --version | awk '{print $NF}')" != "$EVTX_VERSION" ]; then
  command -v cargo >/dev/null || { echo "compare.sh: cargo is needed to install evtx_dump" >&2; exit 1; }
  log "installing evtx_dump $EVTX_VERSION (cargo install evtx --locked)"
  cargo install evtx --version "$EVTX_VERSION" --locked --root "$out/cargo" >&2
  evtx_dump=$PWD/$out/cargo/bin/evtx_dump
fi
py=$PWD/$out/venv/bin/python
[ -x "$py" ] || python3 -m venv "$out/venv"
if [ "$("$py" -c 'import importlib.metadata as m; print(m.version("evtx"))' 2>/dev/null)" != "$PYEVTX_VERSION" ]; then
  log "installing pyevtx-rs $PYEVTX_VERSION"
  "$py" -m pip install -q "evtx==$PYEVTX_VERSION" >&2
fi
WINSESSION=${WINSESSION:-java -jar $jar}

# ---- inputs ------------------------------------------------------------------------------------
largest=$shared/data/DFIRArtifactMuseum/Windows/EventLogs/Win11/RathbunVM/RathbunVM_W11EventLogs.7z.extracted/Security.evtx
big=$dir/chunks-${evtx_mb}mb.evtx
declare -A text_file=(
  [XML_WINEVENTLOG]=$dir/xmlwineventlog-$text_bytes.xml
  [NXLOG_JSON]=$dir/nxlog-$text_bytes.json
  [WINLOGBEAT_JSON]=$dir/winlogbeat-$text_bytes.json)
modin=$dir/modinput-xmlwineventlog-$modinput_events.xml
# the sustained rate: one stream of warm-up + measured records, split at a record start in two
warm_events=$(( modinput_events * 3 / 10 ))
sustained=$dir/modinput-xmlwineventlog-$warm_events+$modinput_events
if want text || want modinput; then
  src=src/test/java/org/winsession/sim/RenderShape.java
  cls=target/test-classes/org/winsession/sim/RenderShape.class
  if [ ! -f "$cls" ] || [ "$src" -nt "$cls" ]; then
    log "compiling the test tree (fleet simulator)"
    mvn -B -ntp -q test-compile >&2
  fi
fi
# render SHAPE FILE --bytes|--records N: written beside FILE, renamed when whole
render() {
  [ -f "$2" ] && return 0
  log "writing $2"
  java -Xmx1g -cp "target/test-classes:$jar" org.winsession.sim.RenderShape "$1" "$2.part" "$3" "$4" \
    | sed 's/\.part:/:/' | tee "$2.info" >&2
  mv "$2.part" "$2"
}
pids=()
if want evtx && [ ! -f "$big" ]; then
  log "writing $big"
  { python3 src/bench/evtx-from-chunks.py "$shared/data" "$big.part" "$evtx_mb" && mv "$big.part" "$big"; } &
  pids+=($!)
fi
if want text; then
  for shape in XML_WINEVENTLOG NXLOG_JSON WINLOGBEAT_JSON; do
    render "$shape" "${text_file[$shape]}" --bytes "$text_bytes" & pids+=($!)
  done
fi
modinput_script=src/bench/modinput-run.sh
if want modinput && [ -f "$modinput_script" ]; then
  render XML_WINEVENTLOG "$modin" --records "$modinput_events" & pids+=($!)
  if [ ! -f "$sustained.after-warmup.xml" ]; then
    { render XML_WINEVENTLOG "$sustained.xml" --records $(( warm_events + modinput_events )) \
      && awk -v w="$warm_events" -v a="$sustained.warmup.xml.part" -v b="$sustained.after-warmup.xml.part" \
        '/^<Event[ >]/ { n++ } { print > (n <= w ? a : b) }' "$sustained.xml" \
      && mv "$sustained.warmup.xml.part" "$sustained.warmup.xml" \
      && mv "$sustained.after-warmup.xml.part" "$sustained.after-warmup.xml" \
      && rm "$sustained.xml"; } & pids+=($!)
  fi
fi
for p in "${pids[@]}"; do wait "$p"; done
inputs_done=$(date +%s)

# ---- measuring ---------------------------------------------------------------------------------
commands=()   # every command measured, for the report
# group NAME WARMUP (LABEL COMMAND)...: ROUNDS hyperfine calls, order rotated, one JSON each;
# WARMUP warm-up runs of each command in the first round
group() {
  local g=$1 warm=$2; shift 2
  local names=() cmds=() n r i j w
  while [ $# -gt 0 ]; do names+=("$1"); cmds+=("$2"); commands+=("$2"); shift 2; done
  n=${#names[@]}
  for ((r = 0; r < rounds; r++)); do
    local args=()
    for ((i = 0; i < n; i++)); do
      j=$(((i + r) % n))
      args+=(-n "${names[j]}" "${cmds[j]}")
    done
    w=0; [ $r = 0 ] && w=$warm
    log "$g, round $((r + 1)) of $rounds"
    hyperfine -i --style basic --warmup "$w" --runs 1 --export-json "$res/$g.$r.json" "${args[@]}" >&2
  done
  python3 src/bench/hyperfine-median.py "$res/$g".*.json > "$res/$g.txt"
}
# st GROUP NAME FIELD: median | cpu | runs | failed
st() {
  awk -v n="$2" -v f="$3" '$1 == n {print (f == "median" ? $2 : f == "cpu" ? $3 : f == "runs" ? $4 : $5)}' "$res/$1.txt"
}
cell() { # GROUP NAME BYTES: "1.23 s, 45 MB/s (cpu 1.10 s, 50 MB per cpu-s)"
  awk -v m="$(st "$1" "$2" median)" -v c="$(st "$1" "$2" cpu)" -v b="$3" -v x="$(st "$1" "$2" failed)" \
    'BEGIN {printf "%.2f s, %.0f MB/s (cpu %.2f s, %.0f MB per cpu-s)%s", m, b / 1e6 / m, c, b / 1e6 / c, (x > 0 ? ", " x " FAILED" : "")}'
}
ratio() { # GROUP A B FIELD: A ÷ B
  awk -v a="$(st "$1" "$2" "$4")" -v b="$(st "$1" "$3" "$4")" 'BEGIN {printf "%.2fx", a / b}'
}
q() { printf '%q' "$1"; }
summary() { # ERR: "N records: E events, R rejected", from winsession's summary on stderr (last run)
  local s
  s=$(sed -n 's/^winsession analyze: [^;]*; \([0-9]* records: [0-9]* events, [0-9]* rejected\).*/\1/p' "$1" 2>/dev/null | head -n1)
  echo "${s:-(no summary)}"
}
one_core="taskset -c 0"
pyevtx() { # FILE THREADS: every record rendered as JSON, as its README shows
  echo "$(q "$py") -c 'import sys, evtx; sum(1 for _ in evtx.PyEvtxParser(sys.argv[1], number_of_threads=int(sys.argv[2])).records_json())' $(q "$1") $2"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
evtx_rows=() text_rows=() modinput_rows=()
if want evtx; then
  for f in "$largest" "$big"; do
    [ "$f" = "$largest" ] && name="largest real log (RathbunVM Win11 Security.evtx)" || name="real chunks, cycled"
    bytes=$(stat -L -c %s "$f")
    for cores in 1 all; do
      g=evtx-$(basename "$f" .evtx)-$cores
      if [ $cores = 1 ]; then
        group "$g" "$warmup" winsession "$one_core $WINSESSION analyze $(q "$f") -o /dev/null 2> $(q "$res/$g.winsession.err")" \
          evtx_dump "$one_core $(q "$evtx_dump") -t 1 -o jsonl $(q "$f")" \
          pyevtx-rs "$one_core $(pyevtx "$f" 1)"
        target=1.5
      else
        group "$g" 0 winsession "$WINSESSION analyze $(q "$f") -o /dev/null 2> $(q "$res/$g.winsession.err")" \
          evtx_dump "$(q "$evtx_dump") -o jsonl $(q "$f")" \
          pyevtx-rs "$(pyevtx "$f" 0)"
        target=1.0
      fi
      r=$(ratio "$g" winsession evtx_dump median)
      verdict=$(awk -v r="${r%x}" -v t=$target 'BEGIN {print (r <= t ? "met" : "missed")}')
      evtx_rows+=("| $name, $(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}') MB; winsession read $(summary "$res/$g.winsession.err") | $cores | $(cell "$g" winsession "$bytes") | $(cell "$g" evtx_dump "$bytes") | $(cell "$g" pyevtx-rs "$bytes") | $r (cpu $(ratio "$g" winsession evtx_dump cpu)) | $(ratio "$g" winsession pyevtx-rs median) (cpu $(ratio "$g" winsession pyevtx-rs cpu)) | <= ${target}x: $verdict |")
    done
  done
fi
if want text; then
  for cores in 1 all; do
    g=text-$cores
    pin="" warm=0; [ $cores = 1 ] && pin="$one_core " warm=$warmup
    group "$g" "$warm" XmlWinEventLog "$pin$WINSESSION analyze $(q "${text_file[XML_WINEVENTLOG]}") -o /dev/null 2> $(q "$res/$g.XmlWinEventLog.err")" \
      NXLog "$pin$WINSESSION analyze $(q "${text_file[NXLOG_JSON]}") -o /dev/null 2> $(q "$res/$g.NXLog.err")" \
      Winlogbeat "$pin$WINSESSION analyze $(q "${text_file[WINLOGBEAT_JSON]}") -o /dev/null 2> $(q "$res/$g.Winlogbeat.err")"
    for s in XmlWinEventLog:XML_WINEVENTLOG NXLog:NXLOG_JSON Winlogbeat:WINLOGBEAT_JSON; do
      f=${text_file[${s#*:}]}
      bytes=$(stat -c %s "$f")
      records=$(awk '{for (i = 1; i < NF; i++) if ($(i + 1) ~ /^records/) {print $i; exit}}' "$f.info")
      mbs=$(awk -v b="$bytes" -v m="$(st "$g" "${s%%:*}" median)" 'BEGIN {printf "%.0f", b / 1e6 / m}')
      target="-"
      [ $cores = 1 ] && target=">= 300 MB/s: $(awk -v x="$mbs" 'BEGIN {print (x >= 300 ? "met" : "missed")}')"
      text_rows+=("| ${s%%:*} | $(awk -v b="$bytes" 'BEGIN {printf "%.0f", b / 1e6}') MB, $records records | $(summary "$res/$g.${s%%:*}.err") | $cores | $(cell "$g" "${s%%:*}" "$bytes") | $(awk -v n="$records" -v m="$(st "$g" "${s%%:*}" median)" 'BEGIN {printf "%.0f K", n / m / 1e3}') | $target |")
    done
  done
fi
if want modinput; then
  if [ -f "$modinput_script" ]; then
    g=modinput
    group "$g" "$warmup" interval "bash $modinput_script interval $(q "$modin") > $(q "$res/modinput-interval.log") 2>&1" \
      longrun "bash $modinput_script longrun $(q "$modin") > $(q "$res/modinput-longrun.log") 2>&1"
    bytes=$(stat -c %s "$modin")
    for m in interval longrun; do
      eps=$(awk -v n="$modinput_events" -v s="$(st $g $m median)" 'BEGIN {printf "%.0f", n / s}')
      target="-"
      [ $m = longrun ] && target=">= 200,000 events/s: $(awk -v x="$eps" 'BEGIN {print (x >= 200000 ? "met" : "missed")}')"
      modinput_rows+=("| $m | $(cell $g $m "$bytes") | $(awk -v x="$eps" 'BEGIN {printf "%.0f K", x / 1e3}') | $target |")
    done
    modinput_rows+=("" "long-running ÷ interval: $(ratio $g longrun interval median) wall, $(ratio $g longrun interval cpu) CPU.")
    # sustained: the long-running input, warmed on the stream's first records, then the next ones
    # (the rate from its own health events; not a hyperfine group: the warm-up is not timed)
    rates=()
    for ((r = 0; r < rounds; r++)); do
      cmd="bash $modinput_script longrun $(q "$sustained.after-warmup.xml") $(q "$sustained.warmup.xml")"
      [ $r = 0 ] && commands+=("$cmd")
      bash "$modinput_script" longrun "$sustained.after-warmup.xml" "$sustained.warmup.xml" \
        > "$res/modinput-sustained-$r.log" 2>&1 || true
      rates+=("$(sed -n 's/^longrun after the warm-up: .* \([0-9,]*\) events\/s$/\1/p' "$res/modinput-sustained-$r.log" | tr -d ,)")
    done
    cp "$res/modinput-sustained-0.log" "$res/modinput-sustained.log"
    eps=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
    modinput_rows+=("" "Sustained, long-running: warmed on $warm_events earlier records of the same stream, then $modinput_events more: median $(awk -v x="$eps" 'BEGIN {printf "%.0f K", x / 1e3}') events/s of $rounds run(s) (each: $(printf '%s ' "${rates[@]}")events/s, from the input's health events; target >= 200,000 events/s: $(awk -v x="$eps" 'BEGIN {print (x >= 200000 ? "met" : "missed")}')).")
  else
    modinput_rows+=("Skipped: $modinput_script is not in this tree (it runs the modular input over FILE, as splunkd starts it, in interval or long-running mode).")
  fi
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
ended=$(date +%s)

# ---- report ------------------------------------------------------------------------------------
report=$out/compare.md
{
  model=$(lscpu | sed -n 's/^Model name: *//p' | head -n1)
  echo "## $(date -u '+%Y-%m-%d %H:%M') UTC, whole process side by side$([ $quick = 1 ] && echo ' (--quick: small inputs, 1 run; a check of the script, not a measurement)')"
  echo
  if [ -n "$note" ]; then echo "$note"; echo; fi
  echo "Command: \`bash src/bench/compare.sh$([ $quick = 1 ] && echo ' --quick')$([ "$gb" != 1 ] && [ $quick = 0 ] && echo " --gb $gb") --rounds $rounds$([ "$only" != evtx,text,modinput ] && echo " --only $only")\` with \`WINSESSION='$WINSESSION'\`."
  echo "Machine: $model, $(nproc) CPUs ($(lscpu | sed -n 's/^CPU(s): *//p') in lscpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); load average $load_before before, $load_after after."
  echo "Versions: $(java -version 2>&1 | head -n1), winsession $(basename "$jar" .jar | sed 's/^winsession-//') (git $(git rev-parse --short HEAD 2>/dev/null || echo '?')), evtx_dump $("$evtx_dump" --version | awk '{print $NF}') (crates.io \`evtx\`), pyevtx-rs $PYEVTX_VERSION (PyPI \`evtx\`) on $("$py" --version), $(hyperfine --version)."
  echo "Method: $rounds round(s) of hyperfine per group, each command once a round in an order rotated every round (so the tools alternate on the same file), $warmup warm-up run(s) of each in the first round on one core (the all-cores rounds read the files just read); median wall time of all runs, mean user+sys CPU time per run. One core: \`taskset -c 0\` on every command (winsession's default \`--threads\` is the cores it may use, so 1; \`evtx_dump -t 1\`; pyevtx-rs \`number_of_threads=1\`). All cores: unpinned, default threads (pyevtx-rs \`number_of_threads=0\`). MB = 10^6 bytes. Inputs built in $((inputs_done - started)) s (0 when reused), measurements took $((ended - inputs_done)) s."
  if want evtx; then
    echo
    echo "EVTX to output, whole process: winsession \`analyze\` (session events) against \`evtx_dump -o jsonl\` and pyevtx-rs (every record as JSON). Target: winsession at most 1.5x evtx_dump's time on one core, 1x on all cores."
    echo
    echo "| input | cores | winsession | evtx_dump | pyevtx-rs | winsession ÷ evtx_dump | winsession ÷ pyevtx-rs | target |"
    echo "|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${evtx_rows[@]}"
  fi
  if want text; then
    echo
    echo "Text shapes to session events, whole process (\`analyze\` alone), fleet simulator output (40 hosts, 30 days, seed 7). Target: >= 300 MB/s on one core."
    echo
    echo "| input | size | winsession read | cores | wall, MB/s (cpu time) | records/s (wall) | target |"
    echo "|---|---|---|---|---|---|---|"
    printf '%s\n' "${text_rows[@]}"
  fi
  if want modinput; then
    echo
    echo "The modular input over $modinput_events new events (XmlWinEventLog lines of the fleet simulator), as splunkd starts it, interval mode against long-running mode (\`src/bench/modinput-run.sh MODE FILE\`). Target: long-running >= 200,000 events/s."
    echo
    if [ -f "$modinput_script" ]; then
      echo "| mode | wall, MB/s (cpu time) | events/s (whole process, wall) | target |"
      echo "|---|---|---|---|"
    fi
    printf '%s\n' "${modinput_rows[@]}"
    for m in interval longrun sustained; do
      if [ -s "$res/modinput-$m.log" ]; then
        echo; echo "Last lines of \`modinput-run.sh $m\`:"; echo; echo '```'; tail -n 5 "$res/modinput-$m.log"; echo '```'
      fi
    done
  fi
  echo
  echo "Commands (\`FILE\` paths under \`target/bench/compare/\`, hyperfine JSON in \`$res/\`):"
  echo
  echo '```'
  printf '%s\n' "${commands[@]}" | sed "s|$PWD/||g"
  echo '```'
} > "$report"
cat "$report"
if [ -n "$append" ]; then
  { echo; cat "$report"; } >> "$append"
  log "appended to $append"
fi
log "done in $((ended - started)) s"
exit
}
