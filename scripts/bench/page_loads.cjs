// Measures each page of the app: HTTP requests to MLflow and the time until its content shows.
// Not a test: it prints figures. Run through scripts/bench/page-loads.
//   node page_loads.cjs APP_URL DEMO_SUMMARY BULK_SUMMARY
'use strict';
const { chromium } = require('playwright-core');
const fs = require('node:fs');

const [appUrl, demoFile, bulkFile] = process.argv.slice(2);
const demo = JSON.parse(fs.readFileSync(demoFile, 'utf8'));
const bulk = bulkFile ? JSON.parse(fs.readFileSync(bulkFile, 'utf8')) : null;
const API = /\/(api|ajax-api)\/|\/graphql/;

async function measure(browser, label, path, ready) {
  const times = [];
  let requests = 0;
  for (let i = 0; i < 3; i++) {
    const page = await browser.newPage();
    let n = 0;
    page.on('request', (r) => { if (API.test(r.url())) n++; });
    // Load the app on a page that reads nothing but the status probe, then time a client-side
    // navigation to the page under test: from the click to its content on screen.
    await page.goto(`${appUrl}/settings`);
    await page.locator('[role=status][data-state="ok"]').waitFor({ timeout: 60000 });
    await page.waitForLoadState('networkidle');
    n = 0;
    const t0 = Date.now();
    await page.evaluate((p) => { history.pushState({}, '', p); dispatchEvent(new PopStateEvent('popstate')); }, path);
    await page.locator(ready).first().waitFor({ timeout: 120000 });
    times.push(Date.now() - t0);
    await page.waitForLoadState('networkidle'); // count every request the page makes
    requests = n;
    await page.close();
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} requests=${String(requests).padStart(3)} ms=${times[1]}`);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  const e = demo.experiment.id;
  const best = demo.sweep.best_model_id;
  const pages = [
    ['demo: projects', '/', 'tr[data-project-id] .run-count span'],
    ['demo: project', `/projects/${e}`, '.collections-table'],
    ['demo: collection sweep-model', `/projects/${e}/models/sweep-model`, '.versions-table tbody tr'],
    ['demo: version sweep-model:champion', `/projects/${e}/models/sweep-model:champion`, '.facts'],
    ['demo: version usage (model scan)', `/projects/${e}/models/sweep-model:${best}?tab=usage`, '.usage-table, .empty'],
    ['demo: run (best sweep child)', `/projects/${e}/runs/${demo.sweep.best_child_run_id}`, '.used-table'],
    ['demo: sweep', `/projects/${e}/sweeps/${demo.sweep.parent_run_id}`, '.sweep-table tbody tr'],
    ['demo: registry', '/registry', '.registry-table'],
    ['demo: registered model', `/registry/${demo.registered_model.name}`, '.registry-versions-table tbody tr'],
  ];
  if (bulk) {
    const b = bulk.experiment.id;
    const coll = bulk.collections[0];
    const found = await (await fetch(`${appUrl}/api/2.0/mlflow/runs/search`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ experiment_ids: [b], max_results: 1 }),
    })).json();
    const anyRun = found.runs?.[0]?.info?.run_id;
    pages.push(
      ['bulk (1,000 runs): project', `/projects/${b}`, '.collections-table'],
      [`bulk: collection ${coll}`, `/projects/${b}/models/${coll}`, '.versions-table tbody tr'],
      [`bulk: version ${coll}:v0 usage (model scan)`, `/projects/${b}/models/${coll}:v0?tab=usage`, '.usage-table, .empty'],
    );
    if (anyRun) pages.push(['bulk: run', `/projects/${b}/runs/${anyRun}`, '.used-table, .empty']);
  }
  for (const [label, path, ready] of pages) await measure(browser, label, path, ready);
  await browser.close();
})();
