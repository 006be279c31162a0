// The lineage graph against the seeded MLflow: the champion's lineage, the training dataset's
// consumers as one cluster (size from MLflow's own answer), Explode, Types, opening a node's
// page from the keyboard and from the side panel, and the Lineage link on the project page.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { APP_URL, summary, launch, openPage, mlflow } = require('./helpers.cjs');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const demo = summary.experiment;
const sweep = summary.sweep;
const lineageUrl = (focus, extra = '') =>
  `${APP_URL}projects/${demo.id}/lineage?focus=${encodeURIComponent(focus)}${extra}`;
const node = (page, id) => page.locator(`g.lnode[data-node-id="${id.replace(/"/g, '\\"')}"]`);

// The dataset version the best sweep child trained on (name, digest, vN) from the seed summary.
function trainingDataset() {
  const d = summary.datasets.find((x) => x.used_by.includes(sweep.best_child_run_name) && x.contexts.includes('training'));
  assert.ok(d, 'the best child used a training dataset');
  return d;
}

test('the champion model shows its training run, training data and evaluation run', async () => {
  const page = await openPage(browser);
  const championVersion = summary.registered_model.versions[summary.registered_model.aliases.champion];
  assert.equal(championVersion.model_id, sweep.best_model_id, 'champion points at the best sweep model');
  await page.goto(lineageUrl(`model:${sweep.best_model_id}`));
  const champion = node(page, `model:${sweep.best_model_id}`);
  await champion.waitFor();
  // the graph draws progressively: labels are final once the fetch is done
  await page.locator('.lineage-progress').waitFor({ state: 'detached' });
  assert.match(await champion.getAttribute('aria-label'), /^model sweep-model:v\d+$/);
  assert.match(await champion.textContent(), /champion/);
  assert.equal(await champion.getAttribute('role'), 'button');

  const train = node(page, `run:${sweep.best_child_run_id}`);
  await train.waitFor();
  assert.equal(await train.getAttribute('aria-label'), `run ${sweep.best_child_run_name}`);
  const d = trainingDataset();
  const ds = node(page, `dataset:${d.name}@${d.digest}`);
  await ds.waitFor();
  assert.equal(await ds.getAttribute('aria-label'), `dataset ${d.name}:v${d.version}`);
  const evalRun = node(page, `run:${summary.runs['evaluate-champion']}`);
  await evalRun.waitFor();
  assert.equal(await evalRun.getAttribute('aria-label'), 'run evaluate-champion');
  // the dataset → run edge is labelled with its context
  assert.ok((await page.locator('text.ledge-label').allTextContents()).includes('training'));
  // every drawn node is named
  for (const g of await page.locator('g.lnode').all()) {
    assert.ok((await g.getAttribute('aria-label')).length > 0);
  }
  assert.deepEqual(page.problems, []);
});

test('downstream of the training data, the sweep children form one cluster; Explode and Types', async () => {
  const page = await openPage(browser);
  const d = trainingDataset();
  // MLflow's truth: the runs that used this dataset version, by job type
  const { runs } = await mlflow('/api/2.0/mlflow/runs/search', {
    experiment_ids: [demo.id], max_results: 1000,
    filter: `dataset.name = '${d.name}' AND dataset.digest = '${d.digest}'`,
  });
  const jobType = (r) => (r.data.tags || []).find((t) => t.key === 'job_type')?.value || '';
  const childType = jobType(runs.find((r) => r.info.run_id === sweep.best_child_run_id));
  const expected = runs.filter((r) => jobType(r) === childType).length;
  assert.ok(expected >= 5, 'enough siblings to cluster');

  await page.goto(lineageUrl(`dataset:${d.name}@${d.digest}`, '&direction=downstream'));
  const cluster = page.locator(`g.lnode.cluster.run[aria-label="cluster of ${expected} runs"]`);
  await cluster.waitFor();
  assert.equal(await page.locator('g.lnode.cluster.run').count(), 1);
  await page.locator('.lineage-progress').waitFor({ state: 'detached' });

  // the cluster's panel lists its members, searchable
  await cluster.click();
  const panel = page.locator('aside.lineage-panel');
  await panel.waitFor();
  assert.equal(await panel.locator('.lineage-members li').count(), expected);
  await panel.getByRole('searchbox', { name: 'Search members' }).fill(sweep.child_run_names[0]);
  assert.ok(await panel.locator('.lineage-members li').count() >= 1);

  await page.locator('button[data-mode="explode"]').click();
  await page.waitForURL(/mode=explode/);
  await page.getByRole('button', { name: 'Fit to screen' }).click();
  for (const id of sweep.child_run_ids) await node(page, `run:${id}`).waitFor();
  assert.equal(await page.locator('g.lnode.cluster').count(), 0);
  const kinds = new Set();
  for (const g of await page.locator('g.lnode').all()) {
    kinds.add(`${await g.getAttribute('data-kind')}:${await g.getAttribute('data-type')}`);
  }

  await page.locator('button[data-mode="types"]').click();
  await page.waitForURL(/mode=types/);
  await page.getByRole('button', { name: 'Fit to screen' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('g.lnode.type').length === n, kinds.size);
  assert.equal(await page.locator('g.lnode').count(), kinds.size);
  const labels = await page.locator('g.lnode').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  assert.ok(labels.every((l) => l.startsWith('type ')));
  assert.deepEqual(page.problems, []);
});

test('Enter on a node, or the link in its panel, opens its page', async () => {
  const page = await openPage(browser);
  await page.goto(lineageUrl(`model:${sweep.best_model_id}`));
  const train = node(page, `run:${sweep.best_child_run_id}`);
  await train.waitFor();
  await page.locator('.lineage-progress').waitFor({ state: 'detached' });
  // Tab moves between nodes
  await train.focus();
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement?.matches('g.lnode')), 'Tab reaches the next node');
  await train.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/projects/${demo.id}/runs/${sweep.best_child_run_id}`);

  await page.goBack();
  const champion = node(page, `model:${sweep.best_model_id}`);
  await champion.waitFor();
  await page.locator('.lineage-progress').waitFor({ state: 'detached' });
  await champion.click();
  const open = page.locator('aside.lineage-panel a.lineage-open');
  await open.waitFor();
  const label = (await champion.getAttribute('aria-label')).replace(/^model /, '');
  await page.keyboard.press('Escape');
  await open.waitFor({ state: 'detached' });
  await champion.click();
  await open.click();
  // links carry MLflow's id; the version page shows the same vN as the lineage node
  await page.waitForURL(`**/projects/${demo.id}/models/sweep-model:${sweep.best_model_id}`);
  await page.getByRole('heading', { level: 1, name: label, exact: true }).waitFor();
  assert.deepEqual(page.problems, []);
});

test('one version shows one vN on the collection, version and lineage pages', async () => {
  const page = await openPage(browser);
  const id = sweep.best_model_id;
  await page.goto(`${APP_URL}projects/${demo.id}/models/sweep-model`);
  const row = page.locator(`.versions-table tr[data-version-id="${id}"]`);
  await row.waitFor();
  const label = await row.getAttribute('data-version');
  assert.match(label, /^v\d+$/);
  await row.locator('th a').first().click();
  await page.waitForURL(`**/models/sweep-model:${id}`);
  await page.getByRole('heading', { level: 1, name: `sweep-model:${label}`, exact: true }).waitFor();
  await page.getByRole('tab', { name: 'Lineage' }).click();
  const n = node(page, `model:${id}`);
  await n.waitFor();
  await page.locator('.lineage-progress').waitFor({ state: 'detached' });
  assert.equal(await n.getAttribute('aria-label'), `model sweep-model:${label}`);
  assert.deepEqual(page.problems, []);
});

test('the project page links each collection to its latest version lineage', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP_URL}projects/${demo.id}`);
  const link = page.locator('.collections-table tr[data-collection="sweep-model"] a.lineage-link');
  await link.click();
  const latest = summary.logged_models['sweep-model'].at(-1);
  await page.waitForURL(new RegExp(`/models/sweep-model:${latest}\\?tab=lineage$`));
  await node(page, `model:${latest}`).waitFor();
  assert.deepEqual(page.problems, []);
});

// Lays out every view in the worker (config.json's layout_worker_min_nodes: 0) and lets the test
// hold the jobs the page sends it (a wrapper around Worker#postMessage, installed before the app).
async function workerPage() {
  const page = await openPage(browser);
  await page.route('**/config.json', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, json: { ...(await res.json()), layout_worker_min_nodes: 0 } });
  });
  await page.addInitScript(() => {
    const post = Worker.prototype.postMessage;
    const held = [];
    window.__layoutJobs = { hold: false, sent: 0, held };
    Worker.prototype.postMessage = function (message, ...rest) {
      window.__layoutJobs.sent += 1;
      if (window.__layoutJobs.hold) { held.push([this, message, rest]); return undefined; }
      return post.call(this, message, ...rest);
    };
    window.__layoutJobs.release = () => {
      window.__layoutJobs.hold = false;
      for (const [w, m, r] of held.splice(0)) post.call(w, m, ...r);
    };
  });
  return page;
}

test('large layouts run in a Web Worker: the previous drawing stays and typing echoes until the new layout arrives', async () => {
  const page = await workerPage();
  const d = trainingDataset();
  await page.goto(lineageUrl(`dataset:${d.name}@${d.digest}`, '&direction=downstream'));
  const svg = page.locator('svg.lineage-svg');
  const cluster = page.locator('g.lnode.cluster.run');
  await cluster.first().waitFor();
  await page.locator('.lineage-progress').waitFor({ state: 'detached' });
  await page.locator('svg.lineage-svg[data-layout="ready"]').waitFor();
  assert.equal(await svg.getAttribute('data-layout-in'), 'worker');
  assert.ok(await page.evaluate(() => window.__layoutJobs.sent) >= 1, 'the page sent the worker its jobs');
  await cluster.first().click();
  const search = page.locator('aside.lineage-panel').getByRole('searchbox', { name: 'Search members' });
  await search.waitFor();

  // hold the next job: Explode asks for a new layout that does not come
  await page.evaluate(() => { window.__layoutJobs.hold = true; });
  await page.locator('button[data-mode="explode"]').click();
  await page.waitForURL(/mode=explode/);
  await page.waitForFunction(() => window.__layoutJobs.held.length === 1);
  await page.locator('svg.lineage-svg[data-layout="pending"]').waitFor();
  assert.equal(await svg.getAttribute('aria-busy'), 'true');
  assert.match(await page.getByRole('status').filter({ hasText: 'Laying out' }).innerText(), /^Laying out \d+ nodes…$/);
  // the previous layout is still drawn, and the page answers the keyboard
  assert.equal(await cluster.count(), 1, 'the clustered drawing stays until the new layout arrives');
  await search.pressSequentially(sweep.child_run_names[0].slice(0, 4));
  assert.equal(await search.inputValue(), sweep.child_run_names[0].slice(0, 4));
  assert.equal(await svg.getAttribute('data-layout'), 'pending', 'typed while the layout was still out');

  await page.evaluate(() => window.__layoutJobs.release());
  await page.locator('svg.lineage-svg[data-layout="ready"]').waitFor();
  for (const id of sweep.child_run_ids) await node(page, `run:${id}`).waitFor();
  assert.equal(await cluster.count(), 0);
  assert.equal(await page.getByRole('status').filter({ hasText: 'Laying out' }).count(), 0);
  assert.deepEqual(page.problems, []);
});

test('without its worker (the file is missing), the graph is laid out on the page', async () => {
  const page = await workerPage();
  let asked = 0;
  await page.route('**/layout-worker_loader.js', (route) => { asked += 1; return route.fulfill({ status: 404, body: 'gone' }); });
  await page.goto(lineageUrl(`model:${sweep.best_model_id}`));
  await node(page, `model:${sweep.best_model_id}`).waitFor();
  await node(page, `run:${sweep.best_child_run_id}`).waitFor();
  await page.locator('.lineage-progress').waitFor({ state: 'detached' });
  await page.locator('svg.lineage-svg[data-layout="ready"]').waitFor();
  assert.ok(asked >= 1, 'the worker was asked for');
  assert.equal(await page.locator('svg.lineage-svg').getAttribute('data-layout-in'), 'page');
  assert.deepEqual(page.problems, []);
});
