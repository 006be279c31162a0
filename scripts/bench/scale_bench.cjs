// Per page of the app, and for MLflow's own UI on the same server: MLflow requests, MLflow bytes
// transferred, ms to first content, ms to complete. Each figure is the median of N cold loads
// (a new browser context each time: empty cache, no saved settings), timed from navigation start.
// Not a test: it prints figures. Run through scripts/bench/scale.
//   node scale_bench.cjs APP_URL MLFLOW_URL SUMMARY_JSON LABEL [--repeat 3] [--timeout-s 120] [--json OUT]
//
// First content = the page's selector below is visible. Complete = `section.page[data-state="complete"]`
// exists, when the page carries a `data-state` on `section.page` at first content ("attr"); otherwise
// (builds that never set it) the network to MLflow has been idle for 1 s after first content, and
// complete is the end of the last MLflow response ("idle"). MLflow's UI is always timed by "idle".
'use strict';
const { chromium } = require('playwright-core');
const fs = require('node:fs');

const args = process.argv.slice(2);
const [appUrl, mlflowUrl, summaryFile, label] = args;
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const REPEAT = Number(opt('--repeat', 3));
const TIMEOUT = Number(opt('--timeout-s', 120)) * 1000;
const JSON_OUT = opt('--json', null);
const IDLE_MS = 1000;
const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
// Requests to MLflow: its REST API (both prefixes), GraphQL and artifact downloads. For the app
// they go through the static server's proxy (same origin); MLflow's UI calls its own origin.
const API = /^\/(api|ajax-api)\/|^\/graphql|^\/get-artifact/;

const s = summary.samples;
const e = encodeURIComponent(summary.experiment.id);
const enc = encodeURIComponent;
// [label, app path, first-content selector]
const APP_PAGES = [
  ['projects list', '/', 'tr[data-project-id]'],
  [`project ${summary.experiment.name} (${summary.counts.runs.toLocaleString('en')} runs)`, `/projects/${e}`, '.collections-table tbody tr'],
  [`model collection ${s.model_collection}`, `/projects/${e}/models/${enc(s.model_collection)}`, '.versions-table tbody tr'],
  [`dataset collection ${s.dataset_collection}`, `/projects/${e}/datasets/${enc(s.dataset_collection)}`, '.versions-table tbody tr'],
  [`model version ${s.model.collection}:${s.model.id.slice(0, 8)}…`, `/projects/${e}/models/${enc(s.model.collection)}:${enc(s.model.id)}`, '.facts'],
  ['run (evaluation)', `/projects/${e}/runs/${enc(s.evaluation_run.id)}`, '.used-table tbody tr'],
  [`sweep (${s.sweep.children} children)`, `/projects/${e}/sweeps/${enc(s.sweep.parent_run_id)}`, '.sweep-table tbody tr'],
  ['lineage of the model version', `/projects/${e}/lineage?focus=${enc(`model:${s.model.id}`)}`, 'g.lnode'],
];
// MLflow's own UI (hash routes of MLflow 3.17): the first rows of its runs table and its
// logged-models table (ag-grid rows with a link to a run / a logged model), and the facts of
// one logged model and of one run (the same model version and run the app's pages show).
const MLFLOW_PAGES = [
  ['MLflow UI: runs of the big experiment', `/#/experiments/${e}/runs`, '.ag-row a[href*="/runs/"]'],
  ['MLflow UI: logged models', `/#/experiments/${e}/models`, '.ag-row a[href*="/models/m-"]'],
  ['MLflow UI: the logged model (version)', `/#/experiments/${e}/models/${enc(s.model.id)}`, '[data-testid="key-value-Model ID"]'],
  ['MLflow UI: the evaluation run', `/#/experiments/${e}/runs/${enc(s.evaluation_run.id)}`, '[data-testid="key-value-Run ID"]'],
];

async function once(browser, base, path, selector, isApp) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const origin = new URL(base).origin;
  const reqs = new Map();
  let allBytes = 0;
  let inflight = 0;
  let last = 0;
  const now = () => Date.now();
  const isApi = (u) => { try { const x = new URL(u); return x.origin === origin && API.test(x.pathname); } catch { return false; } };
  cdp.on('Network.requestWillBeSent', (ev) => {
    if (reqs.has(ev.requestId) || !isApi(ev.request.url)) return; // a redirect keeps its id
    reqs.set(ev.requestId, { start: now(), end: null, bytes: 0 });
    inflight++; last = now();
  });
  const finish = (ev, bytes) => {
    allBytes += bytes;
    const r = reqs.get(ev.requestId);
    if (!r || r.end !== null) return;
    r.end = now(); r.bytes = bytes; inflight--; last = now();
  };
  cdp.on('Network.loadingFinished', (ev) => finish(ev, ev.encodedDataLength || 0));
  cdp.on('Network.loadingFailed', (ev) => finish(ev, 0));
  const problems = [];
  page.on('pageerror', (err) => problems.push(err.message));

  const t0 = now();
  let first = null;
  let error = null;
  try {
    await page.goto(base.replace(/\/$/, '') + path, { waitUntil: 'commit', timeout: TIMEOUT });
    const never = new Promise(() => {});
    const content = page.locator(selector).first().waitFor({ state: 'visible', timeout: TIMEOUT }).then(() => 'ok', () => 'timeout');
    const failed = isApp ? page.locator('.error-view').first().waitFor({ timeout: TIMEOUT }).then(() => 'error', () => never) : never;
    const what = await Promise.race([content, failed]);
    if (what === 'ok') first = now();
    else if (what === 'error') { first = now(); error = (await page.locator('.error-view').first().innerText()).replace(/\s+/g, ' ').slice(0, 120); }
    else error = `no first content within ${TIMEOUT / 1000} s`;
  } catch (err) {
    error = `navigation failed: ${err.message.split('\n')[0]}`;
  }
  let complete = null;
  let timedOut = first === null && !error?.startsWith('navigation');
  let rule = 'idle';
  if (first !== null && !error) {
    const attr = isApp && (await page.locator('section.page[data-state]').count()) > 0;
    if (attr) {
      rule = 'attr';
      try {
        await page.locator('section.page[data-state="complete"]').first().waitFor({ state: 'attached', timeout: Math.max(1, TIMEOUT - (now() - t0)) });
        complete = now();
      } catch { error = `not complete within ${TIMEOUT / 1000} s`; timedOut = true; }
    } else {
      for (;;) {
        if (inflight === 0 && now() - last >= IDLE_MS) { complete = Math.max(first, last); break; }
        if (now() - t0 > TIMEOUT) { error = `MLflow traffic still running after ${TIMEOUT / 1000} s`; timedOut = true; break; }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
  const until = complete ?? now();
  const done = [...reqs.values()].filter((r) => r.start <= until);
  const result = {
    first: first === null ? null : first - t0,
    complete: complete === null ? null : complete - t0,
    requests: done.length,
    bytes: done.filter((r) => r.end !== null && r.end <= until).reduce((a, r) => a + r.bytes, 0),
    bytesBeforeFirst: first === null ? null : done.filter((r) => r.end !== null && r.end <= first).reduce((a, r) => a + r.bytes, 0),
    allBytes,
    rule,
    timedOut,
    error: error || (problems.length ? `page error: ${problems[0].slice(0, 100)}` : null),
  };
  await context.close();
  return result;
}

const median = (xs) => {
  const v = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : null;
};

async function measure(browser, base, [name, path, selector], isApp) {
  const runs = [];
  for (let i = 0; i < REPEAT; i++) {
    const r = await once(browser, base, path, selector, isApp);
    runs.push(r);
    if (r.first === null) break; // a page that never shows is not loaded again
  }
  const ok = runs.filter((r) => !r.error);
  // A load that timed out counts as slower than any other (Infinity, printed as ">timeout"),
  // so one slow load among three cannot pull the median down; a load that failed has no time.
  return {
    page: name, path, selector, samples: runs.length, ok: ok.length,
    requests: median(runs.map((r) => r.requests)),
    bytes: median(runs.map((r) => r.bytes)),
    bytesBeforeFirst: median(runs.map((r) => r.bytesBeforeFirst)),
    allBytes: median(runs.map((r) => r.allBytes)),
    first: median(runs.map((r) => (r.first === null && r.timedOut ? Infinity : r.first))),
    complete: median(runs.map((r) => (r.timedOut ? Infinity : r.complete))),
    rule: [...new Set(runs.map((r) => r.rule))].join('/'),
    error: runs.find((r) => r.error)?.error ?? null,
  };
}

const kb = (b) => (b === null ? '-' : (b / 1024).toLocaleString('en', { maximumFractionDigits: 0 }));
const ms = (x) => (x === null ? '-' : x === Infinity ? `>${TIMEOUT}` : String(x));

function printTable(rows) {
  const head = ['page', 'requests', 'MLflow KB', 'KB before 1st', 'ms 1st content', 'ms complete', 'rule', 'all KB'];
  const body = rows.map((r) => [r.page, String(r.requests ?? '-'), kb(r.bytes), kb(r.bytesBeforeFirst), ms(r.first), ms(r.complete), r.rule, kb(r.allBytes)]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  console.log(line(head));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const b of body) console.log(line(b));
  for (const r of rows) if (r.error) console.log(`  note: ${r.page}: ${r.error} (${r.ok}/${r.samples} loads ok)`);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const rows = [];
  for (const p of APP_PAGES) {
    const r = await measure(browser, appUrl, p, true);
    rows.push(r);
    process.stderr.write(`  ${label}: ${r.page}: ${ms(r.first)} / ${ms(r.complete)} ms\n`);
  }
  for (const p of MLFLOW_PAGES) {
    const r = await measure(browser, mlflowUrl, p, false);
    rows.push(r);
    process.stderr.write(`  ${label}: ${r.page}: ${ms(r.first)} / ${ms(r.complete)} ms\n`);
  }
  await browser.close();
  console.log(`\n${label}: median of ${REPEAT} cold loads (new browser context each); requests and KB are to MLflow, until complete`);
  printTable(rows);
  const rules = [...new Set(rows.slice(0, APP_PAGES.length).map((r) => r.rule))];
  console.log(`complete rule for the app: ${rules.map((x) => (x === 'attr' ? 'section.page[data-state="complete"]' : 'MLflow network idle for 1 s after first content')).join(' / ')}; MLflow UI: network idle for 1 s`);
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify({ label, repeat: REPEAT, rows }, null, 1));
})().catch((err) => { console.error(err); process.exit(1); });
