#!/usr/bin/env bash
# Runs Splunk AppInspect on the built app package, as Splunkbase and Splunk Cloud vetting do:
# --mode precert with the cloud tags (cloud, private_app, private_victoria, private_classic); any
# failure or error fails. Installs the pinned splunk-appinspect from PyPI into
# target/ci/appinspect (needs python3 with venv and libmagic). The JSON report is kept as
# target/appinspect.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=4.3.1
pkg=$(ls target/winsession-*.tgz 2>/dev/null | head -n 1 || true)
if [ -z "$pkg" ]; then
  echo "appinspect: no target/winsession-*.tgz; run mvn package first" >&2
  exit 2
fi
venv=target/ci/appinspect
if [ ! -x "$venv/bin/splunk-appinspect" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "splunk-appinspect==$version"
fi
"$venv/bin/splunk-appinspect" inspect "$pkg" --mode precert --data-format json \
  --included-tags cloud --included-tags private_app --included-tags private_victoria \
  --included-tags private_classic \
  --output-file target/appinspect.json --max-messages all >target/appinspect.log 2>&1 || true
"$venv/bin/python" - target/appinspect.json <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
summary = report["summary"]
bad = []
for group in report["reports"][0]["groups"]:
    for check in group["checks"]:
        result = check["result"]
        if result in ("failure", "error", "warning", "manual_check", "future_failure"):
            for m in check["messages"] or [{"message": ""}]:
                line = f"appinspect {result}: {check['name']}: {m.get('message', '')[:300]}"
                print(line, file=sys.stderr)
            if result in ("failure", "error"):
                bad.append(check["name"])
print("appinspect summary: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.items())),
      file=sys.stderr)
if bad or summary.get("failure", 0) or summary.get("error", 0):
    print("appinspect: FAILED: " + ", ".join(bad), file=sys.stderr)
    sys.exit(1)
PY
