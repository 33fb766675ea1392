#!/usr/bin/env bash
# Validates the app's dashboards with Splunk's @splunk/dashboard-validation and
# @splunk/dashboard-definition, pinned in src/ci/dashboards/package-lock.json and installed from
# npm into target/ci/dashboards (needs node and npm). Any schema or structure error fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=target/ci/dashboards
mkdir -p "$work"
cp src/ci/dashboards/package.json src/ci/dashboards/package-lock.json src/ci/dashboards/validate.js "$work/"
if [ ! -d "$work/node_modules/@splunk/dashboard-validation" ]; then
  (cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
node "$work/validate.js" default/data/ui/views
