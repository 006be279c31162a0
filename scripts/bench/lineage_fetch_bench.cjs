// Measures ours (the app in Chromium) and the naive approach (node fetch) on the same model,
// in two cases:
//   A. `seed_demo.py --bulk`: the model is newer than every run, so nothing can consume it and
//      the app's scan of "runs that started after the model" reads 0 runs;
//   B. `seed_consumers.py`: half the runs start after the model and every tenth of those uses it
//      (the usual case); the app must find every consumer, which is checked.
// Run through scripts/bench/lineage-fetch.
'use strict';
const { chromium } = require('playwright-core');
const fs = require('node:fs');

const APP = process.env.AE_APP_URL;
const MLFLOW = process.env.AE_MLFLOW_URL;
const bulk = JSON.parse(fs.readFileSync(process.env.AE_BULK_SUMMARY, 'utf8'));
const consumersCase = JSON.parse(fs.readFileSync(process.env.AE_CONSUMERS_SUMMARY, 'utf8'));

let naiveRequests = 0;
async function call(path, body) {
  naiveRequests += 1;
  const res = await fetch(`${MLFLOW}${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

// The naive 2-hop lineage of a model: the model, its producer run, every run of the
// experiment read with runs/get (model inputs are only there), then the outputs of consumers
// and the inputs of the producer.
async function naive(exp, modelId) {
  const t0 = performance.now();
  const { model } = await call(`/api/2.0/mlflow/logged-models/${modelId}`);
  const ids = [];
  let token;
  do {
    const page = await call('/api/2.0/mlflow/runs/search', { experiment_ids: [exp], max_results: 1000, page_token: token });
    ids.push(...(page.runs || []).map((r) => r.info.run_id));
    token = page.next_page_token;
  } while (token);
  const runs = [];
  let next = 0;
  await Promise.all([0, 1, 2, 3].map(async () => {
    while (next < ids.length) {
      const id = ids[next++];
      runs.push((await call(`/api/2.0/mlflow/runs/get?run_id=${id}`)).run);
    }
  }));
  const producer = runs.find((r) => r.info.run_id === model.info.source_run_id);
  const consumers = runs.filter((r) => (r.inputs?.model_inputs || []).some((m) => m.model_id === modelId));
  return { ms: performance.now() - t0, producer: !!producer, consumers: consumers.length, runs: runs.length };
}

// Our batching when the consumer scan has to read every run (a model older than all runs):
// run ids in pages of 1,000 over GraphQL, then mlflowGetRun 10 per request, 4 in flight.
const RUN_FIELDS = 'info { runId runName experimentId status startTime endTime artifactUri userId } '
  + 'data { tags { key value } } inputs { datasetInputs { dataset { name digest sourceType source } tags { key value } } '
  + 'modelInputs { modelId } } outputs { modelOutputs { modelId step } }';
async function oursWorstCase(exp) {
  const t0 = performance.now();
  const ids = [];
  let token = '';
  do {
    const q = `query { mlflowSearchRuns(input: {experimentIds: [${JSON.stringify(exp)}], filter: "attributes.start_time >= 0", maxResults: 1000${token ? `, pageToken: ${JSON.stringify(token)}` : ''}}) { runs { info { runId status startTime } } nextPageToken } }`;
    const { data } = await call('/graphql', { query: q });
    ids.push(...data.mlflowSearchRuns.runs.map((r) => r.info.runId));
    token = data.mlflowSearchRuns.nextPageToken;
  } while (token);
  const batches = [];
  for (let i = 0; i < ids.length; i += 10) batches.push(ids.slice(i, i + 10));
  let next = 0; let read = 0;
  await Promise.all([0, 1, 2, 3].map(async () => {
    while (next < batches.length) {
      const b = batches[next++];
      const q = `query { ${b.map((id, i) => `r${i}: mlflowGetRun(input: {runId: ${JSON.stringify(id)}}) { run { ${RUN_FIELDS} } }`).join(' ')} }`;
      const { data } = await call('/graphql', { query: q });
      read += Object.values(data).filter((x) => x && x.run).length;
    }
  }));
  return { ms: performance.now() - t0, read };
}

// The app in Chromium: from a warm project page to the finished 2-hop lineage of the model.
// Returns the time, the MLflow requests, the nodes drawn, and (Explode, every node drawn) the
// runs that used the model.
async function ours(exp, modelId, producerRunId) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await browser.newPage();
  // Warm the app (wasm download and compile are not the lineage fetch).
  await page.goto(`${APP}projects/${exp}`);
  await page.locator('.collections-table').first().waitFor({ timeout: 120000 });
  let requests = 0;
  page.on('request', (r) => { if (/\/(api|ajax-api)\/2\.0\/mlflow\/|\/graphql/.test(r.url())) requests += 1; });
  const t0 = performance.now();
  await page.evaluate((href) => { history.pushState(null, '', href); dispatchEvent(new PopStateEvent('popstate')); },
    `/projects/${exp}/lineage?focus=${encodeURIComponent(`model:${modelId}`)}`);
  await page.locator(`g.lnode[data-node-id="model:${modelId}"]`).waitFor({ timeout: 600000 });
  await page.locator('section.lineage[data-busy="false"]').waitFor({ timeout: 600000 });
  const ms = performance.now() - t0;
  const nodes = await page.locator('g.lnode').count();
  await page.locator('button[data-mode="explode"]').click();
  await page.waitForURL(/mode=explode/);
  await page.waitForFunction(() => document.querySelectorAll('g.lnode.cluster').length === 0);
  const runIds = await page.locator('g.lnode.run').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-node-id')));
  await browser.close();
  const consumers = runIds.filter((id) => id !== `run:${producerRunId}`).length;
  return { ms, requests, nodes, consumers };
}

async function measure(label, exp, modelId, expectedConsumers) {
  const { model } = await call(`/api/2.0/mlflow/logged-models/${modelId}`);
  naiveRequests = 0;
  const o = await ours(exp, modelId, model.info.source_run_id);
  naiveRequests = 0;
  const w = await oursWorstCase(exp);
  const worstRequests = naiveRequests;
  naiveRequests = 0;
  const n = await naive(exp, modelId);
  console.log(`${label}: model ${modelId}, ${n.runs} runs`);
  console.log(`  ours: requests=${o.requests} ms=${o.ms.toFixed(0)} (nodes drawn: ${o.nodes}, consumers found: ${o.consumers} of ${expectedConsumers})`);
  console.log(`  ours, consumer scan of every run (batching only, node): requests=${worstRequests} ms=${w.ms.toFixed(0)} (runs read: ${w.read})`);
  console.log(`  naive: requests=${naiveRequests} ms=${n.ms.toFixed(0)} (producer found: ${n.producer}, consumers: ${n.consumers})`);
  if (o.consumers !== expectedConsumers || n.consumers !== expectedConsumers) {
    throw new Error(`${label}: expected ${expectedConsumers} consumers, ours found ${o.consumers}, naive ${n.consumers}`);
  }
}

(async () => {
  const { models } = await call('/api/2.0/mlflow/logged-models/search', { experiment_ids: [bulk.experiment.id], max_results: 1 });
  await measure(`A. model newer than every run (${bulk.experiment.name})`, bulk.experiment.id, models[0].info.model_id, 0);
  await measure(`B. consumers start after the model (${consumersCase.experiment.name}: `
    + `${consumersCase.runs_after_model} runs after it, ${consumersCase.consumers.length} use it)`,
  consumersCase.experiment.id, consumersCase.model_id, consumersCase.consumers.length);
})().catch((e) => { console.error(e); process.exit(1); });
