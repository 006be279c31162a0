// The sweep page on a real autologged sweep: `mlflow.sklearn.autolog()` around a GridSearchCV over
// six values of C (experiment `iris-gridsearch`, seeded by scripts/seed_demo.py). What counts as
// right comes from MLflow's own answers: its ordering by mean_test_score, the children's params,
// and the logged models whose source run is the parent.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { APP_URL, summary, launch, openPage, mlflow, holdRequests } = require('./helpers.cjs');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const gs = summary.gridsearch;
const sweepUrl = (query = '') => `${APP_URL}projects/${gs.experiment_id}/sweeps/${gs.parent_run_id}${query}`;

// The children, best first by mean_test_score, as MLflow orders them.
async function childrenByScore() {
  const { runs } = await mlflow('/api/2.0/mlflow/runs/search', {
    experiment_ids: [gs.experiment_id],
    filter: `tags.mlflow.parentRunId = '${gs.parent_run_id}'`,
    order_by: ['metrics.mean_test_score DESC'],
    max_results: 1000,
  });
  return runs.map((r) => ({
    id: r.info.run_id,
    name: r.info.run_name,
    score: r.data.metrics.find((m) => m.key === 'mean_test_score').value,
    params: Object.fromEntries(r.data.params.map((p) => [p.key, p.value])),
  }));
}

const paramHeaders = (page) => page.locator('.sweep-table thead th.param-col').allInnerTexts();

test('an autologged GridSearchCV ranks by mean_test_score, maximised, and MLflow agrees on the best child', async () => {
  const children = await childrenByScore();
  assert.ok(children.length >= 2, `a sweep has children: ${children.length}`);
  assert.ok(children[0].score > children[1].score, 'the seeded sweep has a unique best');
  const page = await openPage(browser);
  await page.goto(`${APP_URL}projects/${gs.experiment_id}?tab=sweeps`);
  await page.getByRole('link', { name: gs.parent_run_name, exact: true }).click();
  await page.waitForURL(`**/sweeps/${gs.parent_run_id}`);
  const rows = page.locator('.sweep-table tbody tr');
  await rows.first().waitFor();
  await page.locator('section.page[data-state="complete"]').waitFor();

  // the default metric and goal, with nothing in the URL
  assert.equal(await page.getByLabel('Metric to rank by').inputValue(), 'mean_test_score');
  assert.equal(await page.getByLabel('Goal').inputValue(), 'max');
  assert.doesNotMatch(page.url(), /metric=|goal=/);
  assert.match(await page.locator('.sweep-table thead').innerText(), /mean_test_score/);

  // every child, in MLflow's order (children with equal scores may swap), best first
  assert.equal(await rows.count(), children.length);
  const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.runId));
  assert.equal(ids[0], children[0].id, 'the first row is MLflow\'s best');
  assert.deepEqual([...ids].sort(), children.map((c) => c.id).sort());
  const values = (await page.locator('.sweep-table .metric-value').allInnerTexts()).map(Number);
  values.forEach((v, i) => assert.ok(Math.abs(v - children[i].score) < 1e-4, `row ${i}: ${v} vs ${children[i].score}`));
  const best = page.getByRole('region', { name: 'Best run' });
  assert.match(await best.innerText(), new RegExp(`Best run: ${children[0].name}`));
  assert.match(await rows.first().innerText(), /best/);
  assert.deepEqual(page.problems, []);
});

test('only the swept param (C) is shown by default; the toggle shows all, and lives in the URL', async () => {
  const children = await childrenByScore();
  const allKeys = [...new Set(children.flatMap((c) => Object.keys(c.params)))].sort();
  const swept = allKeys.filter((k) => new Set(children.map((c) => c.params[k])).size > 1);
  assert.deepEqual(swept, ['C'], 'MLflow: only C differs across the children');
  assert.ok(allKeys.length > 5, `autolog logs every estimator param: ${allKeys}`);

  const page = await openPage(browser);
  await page.goto(sweepUrl());
  await page.locator('.sweep-table tbody tr').first().waitFor();
  await page.locator('section.page[data-state="complete"]').waitFor();
  assert.deepEqual(await paramHeaders(page), ['C']);
  for (const c of children) {
    const cells = page.locator(`.sweep-table tr[data-run-id="${c.id}"] td.param`);
    assert.equal(await cells.count(), 1);
    assert.equal(await cells.first().getAttribute('data-param'), 'C');
    assert.equal(await cells.first().innerText(), c.params.C);
  }
  assert.match(await page.locator('.swept-summary').innerText(), new RegExp(`swept: C \\(1 of ${allKeys.length} params\\)`));

  const toggle = page.getByRole('checkbox', { name: 'Show all params' });
  assert.equal(await toggle.isChecked(), false);
  await toggle.check();
  await page.waitForURL(/params=all/);
  await page.waitForFunction((n) => document.querySelectorAll('.sweep-table thead th.param-col').length === n, allKeys.length);
  assert.deepEqual(await paramHeaders(page), allKeys);
  const first = children[0];
  for (const k of allKeys) {
    const cell = page.locator(`.sweep-table tr[data-run-id="${first.id}"] td.param[data-param="${k}"]`);
    assert.equal(await cell.innerText(), first.params[k], k);
  }

  // a deep link keeps the choice; unchecking goes back to the swept param
  await page.goto(sweepUrl('?params=all'));
  await page.locator('.sweep-table tbody tr').first().waitFor();
  await page.locator('section.page[data-state="complete"]').waitFor();
  assert.equal((await paramHeaders(page)).length, allKeys.length);
  await page.getByRole('checkbox', { name: 'Show all params' }).uncheck();
  await page.waitForFunction(() => !location.search.includes('params='));
  assert.deepEqual(await paramHeaders(page), ['C']);
  assert.deepEqual(page.problems, []);
});

test("the best child logged no model, so the parent's best_estimator is linked", async () => {
  const { models } = await mlflow('/api/2.0/mlflow/logged-models/search', {
    experiment_ids: [gs.experiment_id], filter: `source_run_id = '${gs.parent_run_id}'`, max_results: 100,
  });
  const parentModels = models.map((m) => m.info.name).sort();
  assert.ok(parentModels.includes('best_estimator'), `MLflow: the parent logged ${parentModels}`);
  const children = await childrenByScore();
  const { models: childModels = [] } = await mlflow('/api/2.0/mlflow/logged-models/search', {
    experiment_ids: [gs.experiment_id], filter: `source_run_id = '${children[0].id}'`, max_results: 100,
  });
  assert.equal(childModels.length, 0, 'MLflow: the best child logged no model');

  const page = await openPage(browser);
  await page.goto(sweepUrl());
  const best = page.getByRole('region', { name: 'Best run' });
  await best.locator('.best-from-parent').waitFor();
  assert.match(await best.locator('.best-from-parent').innerText(),
    new RegExp(`The best child logged no model; the sweep's parent ${gs.parent_run_name} logged:`));
  const links = best.locator('.best-artifacts a.version-link');
  assert.deepEqual((await links.allInnerTexts()).map((t) => t.split(':')[0]).sort(), parentModels);
  const estimator = best.getByRole('link', { name: 'best_estimator:v0', exact: true });
  // links carry MLflow's id (a vN can renumber; an id cannot)
  const estimatorId = models.find((m) => m.info.name === 'best_estimator').info.model_id;
  assert.equal(await estimator.getAttribute('href'), `/projects/${gs.experiment_id}/models/best_estimator:${estimatorId}`);
  await estimator.click();
  await page.getByRole('heading', { level: 1, name: 'best_estimator:v0' }).waitFor();
  assert.match(await page.locator('main').innerText(), new RegExp(gs.parent_run_name));
  assert.deepEqual(page.problems, []);
});

test('a sweep is drawn while the best run\'s models are still looked up: "best so far", never "logged no model"', async () => {
  const children = await childrenByScore();
  const page = await openPage(browser);
  // hold MLflow's logged-model searches (asked once every child has been read)
  const held = await holdRequests(page, '**/api/2.0/mlflow/logged-models/search');
  await page.goto(sweepUrl());
  const rows = page.locator('.sweep-table tbody tr');
  await rows.first().waitFor();
  for (let i = 0; held.asked() < 1 && i < 400; i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(held.asked() >= 1, 'the model search was asked for and is held');
  assert.equal(await page.locator('section.page').getAttribute('data-state'), 'loading');
  assert.equal(await rows.count(), children.length);
  const early = page.getByRole('region', { name: 'Best run so far' });
  assert.match(await early.innerText(), new RegExp(`Best so far: ${children[0].name}`));
  assert.match(await early.innerText(), /looked up once every child has been read/);
  assert.doesNotMatch(await page.locator('section.page').innerText(), /logged no model/);
  assert.match(await page.locator('.page-head .meta').innerText(), new RegExp(`${children.length} child runs so far`));
  held.release();
  await page.locator('section.page[data-state="complete"]').waitFor();
  const best = page.getByRole('region', { name: 'Best run', exact: true });
  assert.match(await best.innerText(), new RegExp(`Best run: ${children[0].name}`));
  assert.equal(await page.getByRole('region', { name: 'Best run so far' }).count(), 0);
  assert.match(await page.locator('.page-head .meta').innerText(), new RegExp(`${children.length} child runs ·`));
  assert.deepEqual(page.problems, []);
});
