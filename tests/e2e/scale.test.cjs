// Journeys on an MLflow backed by PostgreSQL, seeded by scripts/seed_scale.py through MLflow's
// store layer with an experiment beyond the app's limits (about 12,000 runs, 1,200 logged models
// in 6 collections, more dataset summaries than experiments/search-datasets returns, registered
// versions with aliases). scripts/test starts it and sets AE_PG_APP_URL (the release build served
// against it), AE_PG_MLFLOW_URL and AE_PG_SUMMARY (the seed's summary: ids and names only;
// expected answers come from MLflow itself).
//
// AE_EXPECT_OLD_APP=1 skips the assertions marked "fails until the fetching rewrite (issue 10)
// lands"; without it they run.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { launch, openPage } = require('./helpers.cjs');

const APP_URL = process.env.AE_PG_APP_URL;
const MLFLOW_URL = process.env.AE_PG_MLFLOW_URL;
if (!APP_URL || !MLFLOW_URL || !process.env.AE_PG_SUMMARY) {
  throw new Error('run through scripts/test (AE_PG_APP_URL, AE_PG_MLFLOW_URL or AE_PG_SUMMARY unset)');
}
const scale = JSON.parse(fs.readFileSync(process.env.AE_PG_SUMMARY, 'utf8'));
const OLD_APP = process.env.AE_EXPECT_OLD_APP === '1'; // eslint-disable-line no-unused-vars
// Pages of a 12,000-run experiment may take a while on a loaded CI machine.
const SLOW = { timeout: 180_000 };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Asks the PostgreSQL-backed MLflow itself.
async function mlflow(path, body) {
  const res = await fetch(`${MLFLOW_URL}${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

// Every logged model of an experiment, paging to the end: collection name → number of versions.
async function modelCollections(experimentId) {
  const counts = new Map();
  let token;
  let pages = 0;
  do {
    const page = await mlflow('/api/2.0/mlflow/logged-models/search', {
      experiment_ids: [experimentId], max_results: 100, ...(token ? { page_token: token } : {}),
    });
    for (const m of page.models || []) counts.set(m.info.name, (counts.get(m.info.name) || 0) + 1);
    token = page.next_page_token;
    pages += 1;
  } while (token && pages < 10_000);
  assert.ok(!token, 'logged-models/search ended');
  return counts;
}

test('PostgreSQL: the big project lists every model collection MLflow knows, with its version count', SLOW, async () => {
  const id = scale.experiment.id;
  const { experiment } = await mlflow(`/api/2.0/mlflow/experiments/get?experiment_id=${encodeURIComponent(id)}`);
  const expected = await modelCollections(id);
  assert.ok(expected.size >= 2, `MLflow knows several model collections (${expected.size})`);

  const page = await openPage(browser);
  await page.goto(APP_URL);
  const row = page.locator(`tr[data-project-id="${id}"]`);
  await row.waitFor(SLOW);
  await row.getByRole('link', { name: experiment.name, exact: true }).click();
  await page.waitForURL(`**/projects/${id}`);
  await page.getByRole('heading', { level: 1, name: experiment.name }).waitFor(SLOW);
  const models = page.locator('section.artifact-type:has(.type-chip[data-kind="model"]) .collections-table tbody tr');
  await models.first().waitFor(SLOW);

  const shown = new Map();
  for (const tr of await models.all()) {
    shown.set(await tr.getAttribute('data-collection'), Number((await tr.locator('td.num').first().innerText()).replace(/[^0-9]/g, '')));
  }
  // the same collections, and for each the number of versions MLflow has
  assert.deepEqual([...shown.keys()].sort(), [...expected.keys()].sort());
  for (const [name, n] of expected) assert.equal(shown.get(name), n, `versions of ${name}`);
  assert.deepEqual(page.problems, []);
});
