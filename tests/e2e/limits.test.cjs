// The same build with small read limits (its config.json, see scripts/test) against the demo
// MLflow: every page beyond a limit says what it left out, never shows a guessed vN, and what
// it does show equals MLflow's own answers.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { summary, launch, openPage, mlflow, countRuns, holdRequests } = require('./helpers.cjs');

const APP = process.env.AE_TIGHT_APP_URL;
if (!APP) throw new Error('run through scripts/test (AE_TIGHT_APP_URL unset)');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const demo = summary.experiment;
const done = (page) => page.locator('section.page[data-state="complete"]').waitFor();
const notices = async (page) => (await page.locator('p.notice').allInnerTexts()).join('\n');

async function loggedModels(filter) {
  const out = []; let token;
  do {
    const r = await mlflow('/api/2.0/mlflow/logged-models/search', {
      experiment_ids: [demo.id], filter, max_results: 100, page_token: token,
    });
    out.push(...(r.models || [])); token = r.next_page_token;
  } while (token);
  return out;
}

test('the project page says which limits it reached; dataset counts stay exact', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP}projects/${demo.id}`);
  await done(page);
  const text = await notices(page);
  assert.match(text, /Only the newest 10 logged models were read/);
  assert.match(text, /registry aliases of the others are not shown/);
  assert.ok(await countRuns(demo.id) > 10);
  assert.match(await page.locator('.run-total').innerText(), /^10\+ runs$/);
  // model collections: counts are lower bounds and no latest is guessed
  const sweepRow = page.locator('tr[data-collection="sweep-model"]');
  assert.match(await sweepRow.locator('td.num').innerText(), /^\d+\+$/);
  assert.equal(await sweepRow.locator('.chip.derived').count(), 0);
  // dataset collections come from search-datasets, within its limit: exact, as MLflow says
  const { dataset_summaries } = await mlflow('/ajax-api/2.0/mlflow/experiments/search-datasets', { experiment_ids: [demo.id] });
  const digests = {};
  for (const d of dataset_summaries) (digests[d.name] ||= new Set()).add(d.digest);
  for (const [name, set] of Object.entries(digests)) {
    assert.equal(await page.locator(`tr[data-collection="${name}"]`).getAttribute('data-versions'), String(set.size), name);
  }
  assert.deepEqual(page.problems, []);
});

test('a collection past the limit shows ids, not numbers, and :latest says why it cannot open', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP}projects/${demo.id}/models/sweep-model`);
  await done(page);
  assert.match(await notices(page), /version numbers are not shown/i);
  const all = await loggedModels("name = 'sweep-model'");
  assert.ok(all.length > 10, 'the demo is beyond the limit');
  const ids = await page.locator('.versions-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.versionId));
  assert.equal(ids.length, 10);
  // the ten newest, by MLflow's own order
  const newest = [...all].sort((a, b) => Number(b.info.creation_timestamp_ms) - Number(a.info.creation_timestamp_ms)).slice(0, 10);
  assert.deepEqual([...ids].sort(), newest.map((m) => m.info.model_id).sort());
  for (const label of await page.locator('.versions-table tbody th a').allInnerTexts()) {
    assert.doesNotMatch(label, /^v\d+$/, 'no number without the whole collection');
  }
  await page.goto(`${APP}projects/${demo.id}/models/sweep-model:latest`);
  await page.getByRole('alert').filter({ hasText: 'cannot be told apart' }).waitFor();
  // an id still opens the version
  await page.goto(`${APP}projects/${demo.id}/models/sweep-model:${newest[0].info.model_id}`);
  await page.getByRole('heading', { level: 1, name: /^sweep-model:/ }).waitFor();
  assert.deepEqual(page.problems, []);
});

test('a long version list shows its newest versions while the rest are read: no numbers, no edits until all are in', async () => {
  const page = await openPage(browser);
  // hold MLflow's second page of logged models until the first list has been checked
  const held = await holdRequests(page, '**/api/2.0/mlflow/logged-models/search', { from: 2 });
  await page.goto(`${APP}projects/${demo.id}/models/sweep-model`);
  await page.locator('.versions-table tbody tr').first().waitFor();
  for (let i = 0; held.asked() < 2 && i < 400; i++) await new Promise((r) => setTimeout(r, 25));
  assert.equal(held.asked(), 2, 'the second page was asked for and is held');
  assert.equal(await page.locator('section.page').getAttribute('data-state'), 'loading');
  assert.equal(await page.locator('.version-total').innerText(), '5 versions so far');
  assert.match(await page.locator('.page-head .reading').innerText(), /reading versions: 5 so far/);
  assert.match(await page.locator('[data-notice="numbering"]').innerText(), /still reading the versions of sweep-model/);
  assert.equal(await page.locator('.versions-table tbody tr').count(), 5);
  for (const label of await page.locator('.versions-table tbody th a').allInnerTexts()) {
    assert.doesNotMatch(label, /^v\d+$/, 'no number before every version is read');
  }
  const edits = page.getByRole('button', { name: /^Edit aliases of sweep-model:/ });
  assert.equal(await edits.count(), 5);
  for (const b of await edits.all()) assert.equal(await b.isDisabled(), true);
  held.release();
  await done(page);
  assert.equal(await page.locator('.version-total').innerText(), '10 versions');
  assert.equal(await page.locator('.versions-table tbody tr').count(), 10);
  assert.equal(await page.locator('.page-head .reading').count(), 0);
  assert.equal(await edits.first().isDisabled(), false);
  assert.deepEqual(page.problems, []);
});

test('a dataset collection is numbered even with a small scan: its users come oldest first', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP}projects/${demo.id}/datasets/iris-train`);
  await done(page);
  for (const d of summary.datasets.filter((x) => x.name === 'iris-train')) {
    assert.equal(await page.locator(`tr[data-version-id="${d.digest}"]`).getAttribute('data-version'), `v${d.version}`);
  }
  assert.doesNotMatch(await notices(page), /not shown/);
  assert.deepEqual(page.problems, []);
});

test('the usage scan says what it did not scan, and scanning more finds the consumer', async () => {
  const page = await openPage(browser);
  const model = summary.sweep.best_model_id;
  await page.goto(`${APP}projects/${demo.id}/models/sweep-model:${model}?tab=usage`);
  await page.getByRole('button', { name: 'Scan more runs' }).waitFor();
  assert.match(await notices(page), /Scanned the first 5 runs that started after this version was created/);
  assert.match(await page.locator('.empty').innerText(), /not every run was read/);
  assert.equal(await page.locator('.usage-table').count(), 0);
  await page.getByRole('button', { name: 'Scan more runs' }).click();
  await page.locator('.usage-table tbody th', { hasText: 'evaluate-champion' }).waitFor();
  assert.deepEqual(page.problems, []);
});

test('a dataset version\'s users stop at the list limit and say so', async () => {
  const page = await openPage(browser);
  const v = summary.datasets.find((x) => x.name === 'iris-train' && x.used_by.length > 5);
  await page.goto(`${APP}projects/${demo.id}/datasets/iris-train:${v.digest}?tab=usage`);
  await page.locator('.usage-table').waitFor();
  assert.equal(await page.locator('.usage-table tbody tr').count(), 5);
  assert.match(await notices(page), /Showing the newest 5 runs that used this version/);
  assert.deepEqual(page.problems, []);
});
