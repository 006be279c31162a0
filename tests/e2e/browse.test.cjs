// Browsing journeys (collections, versions with aliases, runs, datasets, sweeps, registry)
// against the seeded MLflow. Expectations come from MLflow itself and the seed's summary.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { APP_URL, summary, launch, openPage, mlflow, settled, holdRequests } = require('./helpers.cjs');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const demo = summary.experiment;
const sweepModels = summary.logged_models['sweep-model'];
const bestIndex = sweepModels.indexOf(summary.sweep.best_model_id);
const reg = summary.registered_model;

// The logged model a registry alias points at, asked of MLflow.
async function aliasTarget(alias) {
  const r = await mlflow(`/api/2.0/mlflow/registered-models/alias?name=${encodeURIComponent(reg.name)}&alias=${alias}`);
  return r.model_version.source.replace('models:/', '');
}

test('project → collection: every version, newest first, with latest and registry aliases', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP_URL}projects/${demo.id}`);
  await page.locator('.collections-table').getByRole('link', { name: 'sweep-model', exact: true }).click();
  await page.waitForURL(`**/projects/${demo.id}/models/sweep-model`);
  await page.getByRole('heading', { level: 1, name: 'sweep-model' }).waitFor();
  const { models } = await mlflow('/api/2.0/mlflow/logged-models/search', {
    experiment_ids: [demo.id], filter: "name = 'sweep-model'", max_results: 100,
  });
  const rows = page.locator('.versions-table tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), models.length);
  const labels = await page.locator('.versions-table tbody tr th a').allInnerTexts();
  assert.deepEqual(labels, models.map((_, i) => `v${models.length - 1 - i}`));
  assert.match(await rows.first().innerText(), /latest/);
  const champion = await aliasTarget('champion');
  const champRow = page.locator(`.versions-table tr[data-version="v${sweepModels.indexOf(champion)}"]`);
  assert.match(await champRow.innerText(), new RegExp(`${reg.name}@champion`));
  // aliases appear only where they belong
  assert.equal(await page.locator('.versions-table .chip', { hasText: '@champion' }).count(), 1);
  assert.deepEqual(page.problems, []);
});

test(':latest and :champion open by URL', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP_URL}projects/${demo.id}/models/sweep-model:latest`);
  await page.getByRole('heading', { level: 1, name: `sweep-model:v${sweepModels.length - 1}` }).waitFor();
  const champion = await aliasTarget('champion');
  await page.goto(`${APP_URL}projects/${demo.id}/models/sweep-model:champion`);
  await page.getByRole('heading', { level: 1, name: `sweep-model:v${sweepModels.indexOf(champion)}` }).waitFor();
  assert.match(await page.locator('.page-head').innerText(), new RegExp(champion));
  await page.goto(`${APP_URL}projects/${demo.id}/models/sweep-model:v999`);
  await page.getByRole('alert').filter({ hasText: 'does not exist' }).waitFor();
  assert.deepEqual(page.problems, []);
});

test('a version opened by its id is shown before its collection is read: no number, edits closed until then', async () => {
  const id = summary.sweep.best_model_id;
  const page = await openPage(browser);
  // hold MLflow's listing of the collection's versions; the version itself is read by id
  const held = await holdRequests(page, '**/api/2.0/mlflow/logged-models/search');
  await page.goto(`${APP_URL}projects/${demo.id}/models/sweep-model:${id}`);
  await page.locator('.facts').waitFor();
  assert.ok(held.asked() >= 1, 'the version list was asked for and is held');
  assert.equal(await page.locator('section.page').getAttribute('data-state'), 'loading');
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), new RegExp(`^sweep-model:${id.slice(0, 10)}`));
  assert.match(await page.locator('[data-notice="numbering"]').innerText(), /versions of sweep-model are still being read/);
  assert.match(await page.locator('[data-edits="closed"]').innerText(), /Registry edits open once every version of sweep-model has been read/);
  assert.equal(await page.getByRole('button', { name: /^(Change|Remove) tag / }).count(), 0, 'no tag edits yet');
  held.release();
  await page.getByRole('heading', { level: 1, name: `sweep-model:v${bestIndex}` }).waitFor();
  await page.locator('section.page[data-state="complete"]').waitFor();
  assert.equal(await page.locator('[data-edits="closed"]').count(), 0);
  assert.equal(await page.locator('[data-notice="numbering"]').count(), 0);
  assert.ok(await page.getByRole('button', { name: /^(Change|Remove) tag / }).count() > 0, 'tag edits once every version is read');
  assert.deepEqual(page.problems, []);
});

test('version → logged-by run → its used dataset → the dataset version and its users', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP_URL}projects/${demo.id}/models/sweep-model:v${bestIndex}`);
  await page.locator('.facts').getByRole('link', { name: summary.sweep.best_child_run_name }).click();
  await page.waitForURL(`**/runs/${summary.sweep.best_child_run_id}`);
  await page.getByRole('heading', { level: 1, name: summary.sweep.best_child_run_name }).waitFor();
  await settled(page);
  // logged artifacts: this run's sweep-model version
  assert.match(await page.locator('.logged-table').innerText(), new RegExp(`sweep-model:v${bestIndex}`));
  // used artifacts: the training dataset, with its context and its producer
  const run = (await mlflow(`/api/2.0/mlflow/runs/get?run_id=${summary.sweep.best_child_run_id}`)).run;
  const used = run.inputs.dataset_inputs[0];
  const trainVersions = summary.datasets.filter((d) => d.name === used.dataset.name);
  const v = `v${trainVersions.find((d) => d.digest === used.dataset.digest).version}`;
  const usedRow = page.locator('.used-table tbody tr').filter({ hasText: `${used.dataset.name}:${v}` });
  assert.match(await usedRow.innerText(), /training/);
  assert.match(await usedRow.innerText(), /prepare-data/);
  await usedRow.getByRole('link', { name: `${used.dataset.name}:${v}` }).click();
  await page.getByRole('heading', { level: 1, name: `${used.dataset.name}:${v}` }).waitFor();
  await settled(page);
  assert.match(await page.locator('.facts').innerText(), /prepare-data[\s\S]*inferred/);
  await page.getByRole('tab', { name: 'Usage' }).click();
  const users = await mlflow('/api/2.0/mlflow/runs/search', {
    experiment_ids: [demo.id], max_results: 1000,
    filter: `dataset.name = '${used.dataset.name}' AND dataset.digest = '${used.dataset.digest}'`,
  });
  await page.locator('.usage-table').waitFor();
  assert.equal(await page.locator('.usage-table tbody tr').count(), users.runs.length);
  assert.deepEqual(page.problems, []);
});

test('the champion model\'s usage lists the evaluation run that used it', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP_URL}projects/${demo.id}/models/sweep-model:champion?tab=usage`);
  const row = page.locator('.usage-table tbody tr');
  await row.first().waitFor();
  assert.deepEqual(await page.locator('.usage-table tbody th').allInnerTexts(), ['evaluate-champion']);
  assert.deepEqual(page.problems, []);
});

test('the sweep page ranks children by val_acc and shows the best run\'s model', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP_URL}projects/${demo.id}?tab=sweeps`);
  await page.getByRole('link', { name: summary.sweep.parent_run_name, exact: true }).click();
  await page.waitForURL(`**/sweeps/${summary.sweep.parent_run_id}`);
  const rows = page.locator('.sweep-table tbody tr');
  await rows.first().waitFor();
  await page.locator('section.page[data-state="complete"]').waitFor();
  assert.equal(await rows.count(), summary.sweep.child_run_ids.length);
  const values = (await page.locator('.sweep-table .metric-value').allInnerTexts()).map(Number);
  assert.deepEqual(values, [...values].sort((a, b) => b - a), 'ranked best first');
  assert.match(await rows.first().innerText(), new RegExp(summary.sweep.best_child_run_name));
  assert.match(await page.locator('.best-run').innerText(), new RegExp(`sweep-model:v${bestIndex}`));
  // minimising flips the ranking, and the choice lives in the URL
  await page.getByLabel('Goal').selectOption('min');
  await page.waitForURL(/goal=min/);
  const flipped = (await page.locator('.sweep-table .metric-value').allInnerTexts()).map(Number);
  assert.deepEqual(flipped, [...values].reverse());
  assert.deepEqual(page.problems, []);
});

test('comparing two versions highlights what differs', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP_URL}projects/${demo.id}/models/sweep-model`);
  await page.getByLabel('select sweep-model:v0 to compare').check();
  await page.getByLabel('select sweep-model:v1 to compare').check();
  await page.getByRole('button', { name: /Compare v0 and v1/ }).click();
  // the URL names the versions by MLflow id, which never renumbers
  const [v0, v1] = [sweepModels[0], sweepModels[1]];
  await page.waitForURL(new RegExp(`compare=${v0}(%2C|,)${v1}`));
  const compare = page.locator('.compare-table');
  await compare.waitFor();
  assert.equal(await compare.locator('tr.changed[data-key="id"]').count(), 1);
  assert.ok(await compare.locator('tr.changed').count() >= 2, 'params or metrics differ too');
  // and the files of both versions, diffed (each version's listing comes from MLflow)
  const summary = page.locator('.compare .diff-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /\d+ added · \d+ removed · \d+ changed · \d+ unchanged/);
  assert.deepEqual(page.problems, []);
});

test('sorting the version list by a metric puts the best version first', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP_URL}projects/${demo.id}/models/sweep-model`);
  await page.getByRole('button', { name: 'val_acc' }).click();
  await page.waitForURL(/sort=metric%3Aval_acc|sort=metric:val_acc/);
  await page.locator(`.versions-table tbody tr:first-child[data-version="v${bestIndex}"]`).waitFor();
  assert.deepEqual(page.problems, []);
});

test('the registry lists registered models and each version links to its logged model', async () => {
  const page = await openPage(browser);
  await page.goto(APP_URL);
  await page.getByRole('link', { name: 'Registry' }).click();
  await page.locator(`tr[data-registered-model="${reg.name}"]`).getByRole('link', { name: reg.name }).click();
  const rows = page.locator('.registry-versions-table tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), Object.keys(reg.versions).length);
  for (const [alias, version] of Object.entries(reg.aliases)) {
    assert.match(await page.locator(`tr[data-registry-version="${version}"]`).innerText(), new RegExp(`@${alias}`));
  }
  const champion = await aliasTarget('champion');
  // each registry version links to its logged model as name:vN, by the model's id
  const label = `sweep-model:v${sweepModels.indexOf(champion)}`;
  await settled(page);
  const link = page.locator(`tr[data-registry-version="${reg.aliases.champion}"]`).getByRole('link', { name: label, exact: true });
  assert.match(await link.getAttribute('href'), new RegExp(`/models/sweep-model:${champion}$`));
  await link.click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
  assert.deepEqual(page.problems, []);
});

test('version and run pages carry the Files and Lineage tabs', async () => {
  const page = await openPage(browser);
  const champion = await aliasTarget('champion');
  // a logged model's files, as MLflow lists them
  await page.goto(`${APP_URL}projects/${demo.id}/models/sweep-model:champion?tab=files`);
  await page.locator('.files-totals').waitFor();
  const listing = await mlflow(`/ajax-api/2.0/mlflow/logged-models/${champion}/artifacts/directories`);
  for (const f of listing.files.filter((x) => !x.is_dir)) {
    await page.locator(`tr[data-path="${f.path}"]`).waitFor();
  }
  // the same version's lineage: focused model, its training run, the evaluation run
  await page.getByRole('tab', { name: 'Lineage' }).click();
  await page.locator(`g.lnode[data-node-id="model:${champion}"]`).waitFor();
  await page.locator(`g.lnode[aria-label="run ${summary.sweep.best_child_run_name}"]`).waitFor();
  await page.locator('g.lnode[aria-label="run evaluate-champion"]').waitFor();
  // a run's lineage tab focuses the run
  await page.goto(`${APP_URL}projects/${demo.id}/runs/${summary.sweep.best_child_run_id}?tab=lineage`);
  await page.locator(`g.lnode[data-node-id="run:${summary.sweep.best_child_run_id}"]`).waitFor();
  await page.getByRole('tab', { name: 'Files' }).click();
  await page.locator('tr.folder-row[data-folder="code"] a').first().click();
  await page.locator('tr[data-path="code/train.py"]').waitFor();
  assert.deepEqual(page.problems, []);
});
