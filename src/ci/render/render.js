// Renders every Dashboard Studio view of the app with Splunk's own framework in headless Chromium,
// with each search data source replaced by a test data source holding rows shaped like what that
// search returns (fixtures.json, "<view>/<data source id>": {fields, columns}). Fails on any console
// error, page error, visualization error message, visualization left without content, input error,
// or data source without a fixture. Keeps target/dashboards/<view>.png.
// The page is served from a stand-in Splunk Web origin (request interception, nothing leaves the
// machine): window.$C as Splunk Web sets it, and the two REST calls the views make: the time range
// presets (data/ui/times) and the user's context (authentication/current-context, which the time
// range input reads for the real-time capability). Any other request fails the run.
// Usage: node render.js <views dir> <fixtures.json> <bundle.js> <png dir>
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const [viewsDir, fixturesFile, bundle, pngDir] = process.argv.slice(2);
const fixtures = JSON.parse(fs.readFileSync(fixturesFile, 'utf8'));
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const ORIGIN = 'http://splunkweb.invalid';
const SPLUNKD = '/en-US/splunkd/__raw';
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><script>
window.$C = { SPLUNKD_PATH: '${SPLUNKD}', LOCALE: 'en-US', MRSPARKLE_ROOT_PATH: '', APP: 'winsession',
  USERNAME: 'admin', MRSPARKLE_PORT_NUMBER: '8000', SERVER_ZONEINFO: '' };
</script><script src="/bundle.js"></script></head>
<body style="margin:0;background:#fff"><div id="root" style="width:1260px;min-height:1150px"></div></body></html>`;
const TIME_PRESETS = {
  entry: [
    ['Last 15 minutes', '-15m', 'now', 10], ['Last 24 hours', '-24h', 'now', 20],
    ['Last 7 days', '-7d@d', 'now', 30], ['Last 30 days', '-30d@d', 'now', 40],
    ['All time', '', '', 50], ['Today', '@d', 'now', 60],
  ].map(([label, earliest, latest, order]) => ({ name: label, content: { label, earliest_time: earliest, latest_time: latest, order, disabled: false } })),
};
TIME_PRESETS.entry[4].content.earliest_time = '0';
const CONTEXT = {
  entry: [{ name: 'admin', content: { username: 'admin', roles: ['admin'], capabilities: ['search', 'rtsearch', 'schedule_search'] } }],
};
let errors = 0;
const fail = (view, message) => {
  errors++;
  console.error(`render ${view}: ${message}`);
};

function definitionOf(xml) {
  const m = /<definition><!\[CDATA\[([\s\S]*?)\]\]><\/definition>/.exec(xml);
  return JSON.parse(m[1]);
}

/** The definition with every search and chain data source swapped for its test data. */
function withTestData(view, def) {
  const out = JSON.parse(JSON.stringify(def));
  for (const [id, ds] of Object.entries(out.dataSources || {})) {
    const key = `${view}/${id}`;
    const data = fixtures[key];
    if (!data) {
      fail(view, `no fixture for data source ${id} (${key} in fixtures.json)`);
      continue;
    }
    if (data.columns.length !== data.fields.length) {
      fail(view, `fixture ${key}: ${data.fields.length} fields but ${data.columns.length} columns`);
    }
    out.dataSources[id] = { type: 'ds.test', name: ds.name, options: { data } };
  }
  delete out.defaults;
  return out;
}

(async () => {
  fs.mkdirSync(pngDir, { recursive: true });
  const bundleText = fs.readFileSync(bundle, 'utf8');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'winsession-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${profile}`],
    userDataDir: profile,
  });
  try {
    const views = fs.readdirSync(viewsDir).filter((f) => f.endsWith('.xml')).sort();
    for (const file of views) {
      const view = file.replace(/\.xml$/, '');
      const xml = fs.readFileSync(path.join(viewsDir, file), 'utf8');
      const def = withTestData(view, definitionOf(xml));
      const theme = (/^<dashboard [^>]*theme="(light|dark)"/.exec(xml) || [null, 'light'])[1];
      const page = await browser.newPage();
      const problems = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url().slice(0, 200)}`));
      await page.setViewport({ width: 1280, height: 1200 });
      await page.setRequestInterception(true);
      page.on('request', (req) => {
        const url = new URL(req.url());
        if (url.origin !== ORIGIN) {
          problems.push(`request outside the page: ${req.url().slice(0, 200)}`);
          req.abort();
        } else if (url.pathname === '/') {
          req.respond({ status: 200, contentType: 'text/html', body: PAGE });
        } else if (url.pathname === '/bundle.js') {
          req.respond({ status: 200, contentType: 'application/javascript', body: bundleText });
        } else if (url.pathname === '/favicon.ico') {
          req.respond({ status: 204, body: '' });
        } else if (url.pathname === `${SPLUNKD}/services/authentication/current-context`) {
          req.respond({ status: 200, contentType: 'application/json', body: JSON.stringify(CONTEXT) });
        } else if (url.pathname.startsWith(SPLUNKD) && url.pathname.endsWith('/data/ui/times')) {
          req.respond({ status: 200, contentType: 'application/json', body: JSON.stringify(TIME_PRESETS) });
        } else {
          problems.push(`unexpected request: ${req.method()} ${url.pathname}${url.search.slice(0, 100)}`);
          req.respond({ status: 404, contentType: 'application/json', body: '{"messages":[]}' });
        }
      });
      await page.goto(`${ORIGIN}/`, { waitUntil: 'load', timeout: 120000 });
      await page.evaluate((d, t) => window.renderDashboard(d, t), def, theme);
      const vizIds = Object.keys(def.visualizations || {});
      // The framework's own markers: viz-item (data-id = visualization id), viz-size-wrapper (the
      // drawing), viz-waiting-for-input (the placeholder with a message instead of data, e.g. "No
      // results" or a search error) and status-icon-container (an error or warning badge).
      const CONTENT = 'canvas, svg, table, [data-test="majorValue"]';
      try {
        await page.waitForFunction((ids, content) => ids.every((id) => {
          const el = document.querySelector(`[data-test="viz-item"][data-id="${id}"]`);
          const drawing = el && el.querySelector('[data-test="viz-size-wrapper"]');
          return drawing && (drawing.querySelector(content)
            || drawing.querySelector('[data-test="viz-waiting-for-input"]'));
        }), { timeout: 60000 }, vizIds, CONTENT);
      } catch (e) {
        problems.push('visualizations did not all render within 60 s');
      }
      await new Promise((r) => setTimeout(r, 2000)); // animations settle before the screenshot
      const report = await page.evaluate((ids, content) => ids.map((id) => {
        const el = document.querySelector(`[data-test="viz-item"][data-id="${id}"]`);
        if (!el) return { id, found: false };
        const drawing = el.querySelector('[data-test="viz-size-wrapper"]');
        const placeholder = el.querySelector('[data-test="viz-waiting-for-input"]');
        const status = el.querySelector('[data-test="status-icon-container"]');
        return {
          id,
          found: true,
          content: drawing ? drawing.querySelectorAll(content).length : 0,
          placeholder: placeholder ? placeholder.innerText : null,
          status: status ? (status.innerText || status.getAttribute('aria-label') || 'status icon') : null,
          text: (drawing ? drawing.innerText : '').slice(0, 200),
        };
      }), vizIds, CONTENT);
      for (const r of report) {
        if (!r.found) problems.push(`visualization ${r.id} is not on the page`);
        else if (r.placeholder !== null) problems.push(`visualization ${r.id} shows no data: ${r.placeholder}`);
        else if (r.status !== null) problems.push(`visualization ${r.id} has an error or warning: ${r.status}`);
        else if (r.content === 0) problems.push(`visualization ${r.id} drew nothing: ${r.text}`);
      }
      // the inputs: any error message in the input bar
      const inputText = await page.evaluate(() => {
        const bar = document.querySelector('[data-test="input-layout-container"], [data-test="global-inputs"]');
        return bar ? bar.innerText : '';
      });
      if (/error|fail|cannot/i.test(inputText)) problems.push(`inputs show: ${inputText.replace(/\s+/g, ' ')}`);
      await page.screenshot({ path: path.join(pngDir, `${view}.png`), fullPage: true });
      for (const p of problems) fail(view, p);
      if (problems.length === 0) console.error(`render ${view}: ${vizIds.length} visualizations rendered`);
      await page.close();
    }
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.exit(errors ? 1 : 0);
})().catch((e) => {
  console.error(`render: ${e.stack || e}`);
  process.exit(1);
});
