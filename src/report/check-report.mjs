// Opens winsession reports in headless Chromium (Debian's, driven by playwright-core) with the
// network off and checks what an analyst would: no console error, no page error, no request but
// the file itself, every section present, the timeline drawn and a click on a session showing its
// fields; hostile values shown as text (no dialog opens). Keeps a PNG of each section.
//   node check-report.mjs OUTDIR REPORT.html [REPORT.html ...]
// A report whose name starts with "hostile" must contain the text of HOSTILE below, unexecuted.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const HOSTILE = ['<img src=x onerror=alert(1)>', '</script><script>alert(2)</script>'];
const SECTIONS = ['summary', 'timeline', 'leaks', 'interactive', 'users', 'sources', 'rejected'];
const [outDir, ...reports] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failures = 0;
let passed = 0;
function check(ok, what) {
  if (ok) { passed++; } else { failures++; console.error('FAIL ' + what); }
}
for (const file of reports) {
  const name = basename(file, '.html');
  const url = pathToFileURL(resolve(file)).href;
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.setOffline(true);
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  let dialogs = 0;
  page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.type() + ': ' + m.text()); });
  page.on('pageerror', e => problems.push('page error: ' + e.message));
  page.on('request', r => { if (r.url() !== url) requests.push(r.url()); });
  page.on('dialog', d => { dialogs++; d.dismiss(); });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(500);
  for (const id of SECTIONS) {
    const el = await page.$('#' + id);
    check(el !== null, `${name}: section #${id} present`);
    if (el) { await el.screenshot({ path: `${outDir}/${name}-${id}.png` }); }
  }
  const drawn = await page.evaluate(() => {
    const r = window.winsessionReport;
    if (!r) { return { sessions: -1 }; }
    const shown = r.shown();
    if (shown.length === 0) { return { sessions: 0 }; }
    const opt = r.chart.getOption().series[0].data[0].value;
    const [x, y] = r.chart.convertToPixel({ seriesIndex: 0 }, [(opt[0] + opt[1]) / 2, opt[2]]);
    const box = document.getElementById('tl-chart').getBoundingClientRect();
    return { sessions: shown.length, x: box.left + x + window.scrollX, y: box.top + y + window.scrollY };
  });
  check(drawn.sessions !== -1, `${name}: the timeline script ran`);
  if (drawn.sessions > 0) {
    await page.locator('#tl-chart').scrollIntoViewIfNeeded();
    const pos = await page.evaluate(() => {
      const r = window.winsessionReport;
      const v = r.chart.getOption().series[0].data[0].value;
      const [x, y] = r.chart.convertToPixel({ seriesIndex: 0 }, [v[0] + Math.max(1, (v[1] - v[0]) / 2), v[2]]);
      const box = document.getElementById('tl-chart').getBoundingClientRect();
      return { x: box.left + x, y: box.top + y };
    });
    await page.mouse.click(pos.x, pos.y);
    await page.waitForTimeout(200);
    const details = await page.textContent('#tl-details');
    check(details.includes('session_id'), `${name}: a click on a session shows its fields`);
    await (await page.$('#timeline')).screenshot({ path: `${outDir}/${name}-timeline-clicked.png` });
  }
  if (name.startsWith('hostile')) {
    const text = await page.evaluate(() => document.body.innerText);
    for (const h of HOSTILE) {
      check(text.includes(h), `${name}: hostile value shown as text: ${h}`);
    }
    check(await page.$('img[src="x"]') === null, `${name}: no injected element`);
  }
  check(dialogs === 0, `${name}: no script from a value ran (${dialogs} dialogs)`);
  check(problems.length === 0, `${name}: no console or page error: ${problems.join(' | ')}`);
  check(requests.length === 0, `${name}: no request: ${requests.join(' ')}`);
  await context.close();
}
await browser.close();
console.log(`report check: ${passed} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
