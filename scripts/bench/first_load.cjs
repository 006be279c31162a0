// First load (issue 14): ms from navigation to a usable experiment list, cold cache (a new
// browser context per load, cache disabled), for this app and for MLflow's own UI served by the
// same MLflow; unthrottled and at 20 Mbit/s with 40 ms latency (Chromium's network emulation);
// median of N loads. Also the bytes each load transferred.
//   node first_load.cjs APP_URL MLFLOW_URL [--repeat 5]
'use strict';
const { chromium } = require('playwright-core');

const [app, mlflow] = process.argv.slice(2, 4);
const repeat = Number(process.argv[process.argv.indexOf('--repeat') + 1] || 5) || 5;
const TARGETS = [
  ['Artifact Explorer: projects list', `${app}/`, 'tr[data-project-id] a'],
  ['MLflow UI: experiments list', `${mlflow}/#/experiments`, '[data-testid="experiment-list-item-link"]'],
];
const NETWORKS = [
  ['unthrottled', null],
  ['20 Mbit/s, 40 ms', { offline: false, latency: 40, downloadThroughput: (20e6 / 8), uploadThroughput: (20e6 / 8) }],
];

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function once(browser, url, selector, network) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (network) await cdp.send('Network.emulateNetworkConditions', network);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(selector).first().waitFor({ state: 'visible', timeout: 60000 });
  const ms = Date.now() - t0;
  await context.close();
  return { ms, bytes };
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  const rows = [];
  for (const [net, conditions] of NETWORKS) {
    for (const [name, url, selector] of TARGETS) {
      await once(browser, url, selector, conditions); // the server's first answer is not counted
      const runs = [];
      for (let i = 0; i < repeat; i++) runs.push(await once(browser, url, selector, conditions));
      rows.push({ net, name, ms: median(runs.map((r) => r.ms)), bytes: median(runs.map((r) => r.bytes)), all: runs.map((r) => r.ms) });
      process.stderr.write(`  ${net}: ${name}: ${rows.at(-1).ms} ms (${rows.at(-1).all.join(', ')})\n`);
    }
  }
  await browser.close();
  console.log(`first load to a usable experiment list, cold cache, median of ${repeat} (headless Chromium)`);
  console.log('network            page                                  ms   KB transferred   app / MLflow UI');
  for (const r of rows) {
    const peer = rows.find((x) => x.net === r.net && x.name.startsWith('MLflow'));
    const ratio = r.name.startsWith('MLflow') ? '' : `${Math.round((100 * r.ms) / peer.ms)}%`;
    console.log(`${r.net.padEnd(18)} ${r.name.padEnd(36)} ${String(r.ms).padStart(6)} ${String(Math.round(r.bytes / 1000)).padStart(10)}        ${ratio}`);
  }
})().catch((e) => { console.error(e); process.exit(1); });
