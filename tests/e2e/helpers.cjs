// Shared set-up for the end-to-end tests: the running app, the real MLflow behind it, the seed
// summary (what to look for), and a Chromium page that fails the test on page errors.
'use strict';
const { chromium } = require('playwright-core');
const fs = require('node:fs');

const APP_URL = process.env.AE_APP_URL;
const MLFLOW_URL = process.env.AE_MLFLOW_URL;
if (!APP_URL || !MLFLOW_URL) throw new Error('run through scripts/test (AE_APP_URL and AE_MLFLOW_URL unset)');
const summary = JSON.parse(fs.readFileSync(process.env.AE_SEED_SUMMARY, 'utf8'));

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

// A fresh context per test (no saved settings), collecting page errors and dialogs.
async function openPage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && /panicked|RuntimeError|Content[- ]Security[- ]Policy/i.test(m.text())) page.problems.push(`console: ${m.text()}`); });
  // CSP violations are reported as events too (and to the console, above)
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content-Security-Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('dialog', (d) => { page.problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  return page;
}

// Asks MLflow itself (the truth the UI must match).
async function mlflow(path, body) {
  const res = await fetch(`${MLFLOW_URL}${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

async function countRuns(experimentId) {
  let n = 0; let token;
  do {
    const page = await mlflow('/api/2.0/mlflow/runs/search', { experiment_ids: [experimentId], max_results: 1000, page_token: token });
    n += (page.runs || []).length; token = page.next_page_token;
  } while (token);
  return n;
}

// Waits until every plan of the page has finished reading (pages fill in progressively).
async function settled(page) {
  await page.locator('section.page[data-state="complete"]').waitFor();
}

// Holds the page's requests to `pattern` from the `from`-th on (1 = every one) until `release()`;
// `asked()` counts the requests made so far.
async function holdRequests(page, pattern, { from = 1 } = {}) {
  let release;
  const held = new Promise((r) => { release = r; });
  let asked = 0;
  await page.route(pattern, async (route) => {
    asked += 1;
    if (asked >= from) await held;
    await route.continue();
  });
  return { release, asked: () => asked };
}

module.exports = { APP_URL, MLFLOW_URL, summary, launch, openPage, mlflow, countRuns, settled, holdRequests };
