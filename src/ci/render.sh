#!/usr/bin/env bash
# Renders every dashboard with Splunk's own Dashboard Studio framework (@splunk/dashboard-core,
# @splunk/dashboard-presets, pinned in src/ci/render/package-lock.json, installed from npm into
# target/ci/render) in headless Chromium (Debian's chromium; installed with apt-get when missing and
# run as root). Each search is replaced by test data shaped like what it returns
# (src/ci/render/fixtures.json, held to the searches by RenderFixturesTest). Any visualization,
# input or console error fails; a PNG per dashboard is kept in target/dashboards/.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >target/chromium-install.log 2>&1 \
      || { apt-get update -q >>target/chromium-install.log 2>&1 \
           && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >>target/chromium-install.log 2>&1; }
  fi
  command -v chromium >/dev/null 2>&1 || { echo "render: no chromium (apt-get install chromium)" >&2; exit 2; }
fi
work=target/ci/render
mkdir -p "$work"
for f in package.json package-lock.json app.jsx render.js; do
  cp "src/ci/render/$f" "$work/"
done
if ! cmp -s src/ci/render/package-lock.json "$work/node_modules/.package-lock.json.installed" 2>/dev/null; then
  (cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp src/ci/render/package-lock.json "$work/node_modules/.package-lock.json.installed"
fi
(cd "$work" && node_modules/.bin/esbuild app.jsx --bundle --minify --outfile=bundle.js \
  --loader:.js=jsx --define:process.env.NODE_ENV=\"production\" --log-level=warning)
CHROMIUM=$(command -v chromium) node "$work/render.js" default/data/ui/views \
  src/ci/render/fixtures.json "$work/bundle.js" target/dashboards
