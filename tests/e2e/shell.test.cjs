// Journeys through the app shell against a real, seeded MLflow: projects, a project, deep
// links, not-found, settings, and the error view for a server that is down or answers garbage.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { APP_URL, summary, launch, openPage, mlflow, countRuns } = require('./helpers.cjs');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const demo = summary.experiment;

test('the projects page lists every MLflow experiment with its run count', async () => {
  const page = await openPage(browser);
  await page.goto(APP_URL);
  const { experiments } = await mlflow('/api/2.0/mlflow/experiments/search', { max_results: 1000 });
  assert.ok(experiments.length >= 3, 'seeded server has demo, scratch and Default');
  for (const e of experiments) {
    const row = page.locator(`tr[data-project-id="${e.experiment_id}"]`);
    await row.waitFor();
    assert.equal(await row.locator('th a').innerText(), e.name);
    const expected = await countRuns(e.experiment_id);
    await page.waitForFunction(
      ([id, n]) => document.querySelector(`tr[data-project-id="${id}"] .run-count`)?.textContent.trim() === String(n),
      [e.experiment_id, expected],
    );
  }
  await page.locator('.status[data-state="ok"]').waitFor();
  assert.deepEqual(page.problems, []);
});

test('opening the demo project shows its collections, runs and sweep', async () => {
  const page = await openPage(browser);
  await page.goto(APP_URL);
  await page.getByRole('link', { name: demo.name, exact: true }).click();
  await page.waitForURL(`**/projects/${demo.id}`);
  await page.getByRole('heading', { level: 1, name: demo.name }).waitFor();
  assert.match(await page.locator('nav.crumbs').innerText(), new RegExp(`Projects[\\s\\S]*${demo.name}`));

  // every logged-model collection, with MLflow's version count
  const { models } = await mlflow('/api/2.0/mlflow/logged-models/search', { experiment_ids: [demo.id], max_results: 100 });
  const byName = {};
  for (const m of models) byName[m.info.name] = (byName[m.info.name] || 0) + 1;
  for (const [name, n] of Object.entries(byName)) {
    const row = page.locator(`.collections-table tr[data-collection="${name}"]`);
    await row.waitFor();
    assert.equal(await row.locator('td').nth(0).innerText(), String(n), `${name} version count`);
    assert.match(await row.locator('td').nth(1).innerText(), new RegExp(`v${n - 1}\\s+latest`));
  }
  // the champion alias sits on the sweep model collection
  const sweepRow = page.locator(`.collections-table tr[data-collection="sweep-model"]`);
  assert.match(await sweepRow.innerText(), new RegExp(`${summary.registered_model.name}@champion`));
  // datasets: one collection per name, one version per digest
  const digests = {};
  for (const d of summary.datasets) (digests[d.name] ||= new Set()).add(d.digest);
  for (const [name, set] of Object.entries(digests)) {
    const row = page.locator(`.collections-table tr[data-collection="${name}"]`);
    assert.equal(await row.locator('td').nth(0).innerText(), String(set.size), `${name} versions`);
  }

  await page.getByRole('tab', { name: 'Runs' }).click();
  await page.waitForURL(/tab=runs/);
  const runs = await countRuns(demo.id);
  // the table fills in after the tab opens: wait for its last row, then count exactly
  await page.locator('.runs-table tbody tr').nth(runs - 1).waitFor();
  assert.equal(await page.locator('.runs-table tbody tr').count(), runs);

  await page.getByRole('tab', { name: 'Sweeps' }).click();
  const sweep = page.locator(`.sweeps-table tr[data-sweep="${summary.sweep.parent_run_id}"]`);
  await sweep.waitFor();
  assert.equal(await sweep.locator('td').nth(0).innerText(), String(summary.sweep.child_run_ids.length));
  assert.deepEqual(page.problems, []);
});

test('deep links load directly, and back/forward restore the view', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP_URL}projects/${demo.id}?tab=sweeps`);
  await page.locator('.sweeps-table').waitFor();
  await page.getByRole('tab', { name: 'Artifacts' }).click();
  await page.locator('.collections-table').first().waitFor();
  await page.goBack();
  await page.locator('.sweeps-table').waitFor();
  await page.goto(`${APP_URL}?q=scra`);
  await page.locator('tr[data-project-id]').first().waitFor();
  const names = await page.locator('tr[data-project-id] th').allInnerTexts();
  assert.deepEqual(names, ['scratch']);
  assert.equal(await page.getByRole('searchbox', { name: 'Filter projects by name' }).inputValue(), 'scra');
  assert.deepEqual(page.problems, []);
});

test('an unknown address shows the not-found page', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP_URL}no/such/page`);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  assert.deepEqual(page.problems, []);
});

test('a missing project shows MLflow\'s error, and the rest of the app keeps working', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP_URL}projects/987654321`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /RESOURCE_DOES_NOT_EXIST/);
  await page.getByRole('link', { name: 'Artifact Explorer' }).click();
  await page.locator(`tr[data-project-id="${demo.id}"]`).waitFor();
  assert.deepEqual(page.problems, []);
});

test('settings: a server that is down or answers garbage shows the error view, and recovery works', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP_URL}settings`);
  const field = page.getByLabel('MLflow server URL');

  await field.fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').filter({ hasText: 'http://' }).waitFor();

  // nothing listens on port 9 of loopback
  await field.fill('http://127.0.0.1:9');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('link', { name: 'Artifact Explorer' }).click();
  const down = page.locator('.error-view[data-error-kind="network"]');
  await down.waitFor();
  assert.match(await down.innerText(), /Cannot reach the MLflow server/);
  await page.locator('.status[data-state="down"]').waitFor();

  // the app's own static host answers every path with index.html: HTML instead of JSON
  await page.goto(`${APP_URL}settings`);
  await field.fill(`${APP_URL}not-mlflow`);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.goto(APP_URL);
  const garbage = page.locator('.error-view[data-error-kind="decode"]');
  await garbage.waitFor();
  assert.match(await garbage.innerText(), /HTML/);

  // back to the same origin: the app recovers without a page reload
  await page.getByRole('link', { name: 'Settings' }).click();
  await field.fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('link', { name: 'Artifact Explorer' }).click();
  await page.locator(`tr[data-project-id="${demo.id}"]`).waitFor();
  await page.locator('.status[data-state="ok"]').waitFor();
  assert.deepEqual(page.problems, []);
});

test('a malformed config.json is reported on the page, and the app still works on its own origin', async () => {
  const page = await openPage(browser);
  // the deployment's config.json, cut off mid-value (the static host answers 200)
  await page.route('**/config.json', (route) => route.fulfill({
    status: 200, contentType: 'application/json', body: '{"mlflow_url": "http://mlflow.internal:5000',
  }));
  await page.goto(APP_URL);
  const banner = page.locator('.config-error[role="alert"]');
  await banner.waitFor();
  assert.match(await banner.innerText(), /config\.json is not valid/);
  await page.locator(`tr[data-project-id="${demo.id}"]`).waitFor();
  // a misspelt key is an error too, not a silent "same origin"
  await page.route('**/config.json', (route) => route.fulfill({
    status: 200, contentType: 'application/json', body: '{"mlflowurl": "http://mlflow.internal:5000"}',
  }));
  await page.reload();
  await banner.waitFor();
  assert.match(await banner.innerText(), /unknown field `mlflowurl`/);
  // the shipped config.json is fine: no banner
  await page.unroute('**/config.json');
  await page.reload();
  await page.locator(`tr[data-project-id="${demo.id}"]`).waitFor();
  assert.equal(await banner.count(), 0);
  assert.deepEqual(page.problems, []);
});

// Issue 14: the projects list is the only page in the first wasm; every other page is in one
// second wasm (src/pages/deferred.rs), fetched on first use.
test('the other pages\' code: not needed for the projects list, a failed fetch says so and Retry loads it', async () => {
  const page = await openPage(browser);
  const CHUNK = '**/split_deferred_pages-*.wasm';
  let mode = 'fail';
  let failed = 0; let served = 0;
  let release; const held = new Promise((r) => { release = r; });
  await page.route(CHUNK, async (route) => {
    if (mode === 'fail') { failed += 1; return route.fulfill({ status: 503, body: 'unavailable' }); }
    await held;
    served += 1;
    return route.continue();
  });
  await page.goto(APP_URL);
  // the list works without it (and asked for it once drawn, in the background)
  await page.locator(`tr[data-project-id="${demo.id}"] th a`).waitFor();
  await page.getByRole('link', { name: demo.name, exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
  await alert.waitFor();
  assert.ok(failed >= 1, 'the chunk was asked for');
  // the shell stays usable around the error
  assert.equal(await page.getByRole('link', { name: 'Artifact Explorer' }).count(), 1);

  mode = 'hold';
  await alert.getByRole('button', { name: 'Retry' }).click();
  await page.getByLabel('Loading this page').waitFor();
  assert.equal(await page.getByRole('heading', { level: 1, name: demo.name }).count(), 0);
  release();
  await page.getByRole('heading', { level: 1, name: demo.name }).waitFor();
  assert.equal(served, 1, 'one successful fetch of the chunk');
  assert.equal(await alert.count(), 0);

  // loaded once: another page opens without asking again
  await page.getByRole('link', { name: 'Registry' }).click();
  await page.getByRole('heading', { level: 1, name: 'Model registry' }).waitFor();
  assert.equal(served, 1);
  assert.deepEqual(page.problems, []);
});
