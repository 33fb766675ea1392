#!/usr/bin/env bash
# Opens `winsession report` pages in headless Chromium as an analyst would, with the network off:
# the bundled sample, a real log from ../shared/data and a log of hostile values. Fails on any
# console or page error, any request, a missing section, a timeline that does not draw or answer
# a click, or a hostile value that is not shown as text. PNGs of every section: target/report/png.
# Chromium is Debian's (installed here if missing); playwright-core is pinned in
# src/report/package-lock.json (installed by mvn, which also builds the jar).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null; then
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
fi
if [ ! -d src/report/node_modules/playwright-core ]; then
  (cd src/report && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
jar=$(ls target/winsession-*.jar | grep -v original | head -n1)
out=target/report
mkdir -p "$out"
java -jar "$jar" report --sample -o "$out/sample.html" 2>/dev/null
java -jar "$jar" report ../shared/data/python-evtx/tests/data/security.evtx -o "$out/security.html" 2>/dev/null
java -jar "$jar" report src/test/resources/org/winsession/report/hostile.xml -o "$out/hostile.html" 2>/dev/null
node src/report/check-report.mjs "$out/png" "$out/sample.html" "$out/security.html" "$out/hostile.html"
