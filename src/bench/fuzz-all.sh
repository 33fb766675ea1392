#!/usr/bin/env bash
# Fuzzes every reader with Jazzer, one target after the other, for a given duration each:
#
#   bash src/bench/fuzz-all.sh [DURATION] [TARGET...]
#
# DURATION is seconds or 90s / 10m / 1h (default 3m); TARGETs are evtx evt xml json csv text
# containers (default: all). Each target runs `mvn -Pfuzz test-compile surefire:test@fuzz-TARGET`
# (the fuzz profile of pom.xml); its log is target/fuzz/TARGET.log and its findings are
# target/fuzz-TARGET-crash-* (each a reproducing input). At the end it prints one line per
# target: seconds, executions, distinct findings and the finding files, for BENCHMARKS.md.
# FUZZ_OPTS adds Maven options to each run, e.g. FUZZ_OPTS='-Dfuzz.known=REGEX' to set findings
# already reported aside in an exploratory XML run (XmlReaderFuzzer explains).
set -u
cd "$(dirname "$0")/../.."

duration=${1:-3m}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(evtx evt xml json csv text containers)
fi
case "$duration" in
  *h) seconds=$(( ${duration%h} * 3600 )) ;;
  *m) seconds=$(( ${duration%m} * 60 )) ;;
  *s) seconds=${duration%s} ;;
  *) seconds=$duration ;;
esac

mkdir -p target/fuzz
offline=-o
[ "${FUZZ_ONLINE:-}" = 1 ] && offline=

mvn -B -ntp -q $offline -Pfuzz test-compile || exit 1
for t in "${targets[@]}"; do
  rm -f target/fuzz-"$t"-crash-* target/fuzz-"$t"-timeout-* target/fuzz-"$t"-oom-*
  echo "fuzzing $t for ${seconds}s ($(date -u +%H:%M:%S) UTC)"
  mvn -B -ntp $offline -Pfuzz surefire:test@fuzz-"$t" -Dfuzz.seconds="$seconds" ${FUZZ_OPTS:-} \
    > target/fuzz/"$t".log 2>&1
  echo "  exit $? ($(date -u +%H:%M:%S) UTC)"
done

printf '\n%-11s %8s %12s %9s  %s\n' target seconds executions findings files
for t in "${targets[@]}"; do
  log=target/fuzz/"$t".log
  [ -f "$log" ] || continue
  # "Done N runs in S second(s)" ends a run; a run stopped by a finding ends at its last "#N" line
  done_line=$(grep -a -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n1)
  if [ -n "$done_line" ]; then
    runs=$(echo "$done_line" | awk '{print $2}')
    secs=$(echo "$done_line" | awk '{print $5}')
  else
    runs=$(grep -a -E '^#[0-9]+' "$log" | tail -n1 | sed -E 's/^#([0-9]+).*/\1/')
    secs='?'
  fi
  findings=$(grep -a -c '^== Java Exception:' "$log")
  files=$(ls target/fuzz-"$t"-* 2>/dev/null | tr '\n' ' ')
  printf '%-11s %8s %12s %9s  %s\n' "$t" "${secs}" "${runs:-0}" "$findings" "$files"
done
