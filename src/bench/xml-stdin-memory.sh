#!/usr/bin/env bash
# Peak RSS of `analyze` reading XmlWinEventLog lines from standard input in a 256 MB heap (issue 9:
# memory must not grow with the input). The lines are generated on the fly and piped in, nothing is
# written to disk: 4624 v2 (17 data fields, a 400-byte pad) and its 4634 on 20 hosts, 1,079 bytes
# a line on average, every session closed.
#   bash src/bench/xml-stdin-memory.sh [LINES] [HEAP]      (default 3000000 lines, 256m)
set -euo pipefail
lines=${1:-3000000}
heap=${2:-256m}
source "$(dirname "$0")/common.sh"
python3 src/bench/xml_lines.py "$lines" | /usr/bin/time -f "peak RSS %M KiB, user %U s, wall %e s" \
    java -Xmx"$heap" -jar "$jar" analyze - -o /dev/null
