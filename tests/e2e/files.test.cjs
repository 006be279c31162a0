// Files (manifest) journeys against the real, seeded MLflow: run and logged-model files match
// what MLflow holds, a dataset shows its reference URI, previews, the glob filter, the size
// guard on big files (no request until asked, then a Range request), a bounded DOM for a
// large folder, and the file diff of two runs.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { APP_URL, MLFLOW_URL, summary, launch, openPage, mlflow } = require('./helpers.cjs');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const demo = summary.experiment;
const enc = encodeURIComponent;
const filesUrl = (query) => `${APP_URL}projects/${demo.id}/files?${query}`;

// MLflow's truth: every file below a run's or a logged model's artifact root, walked in node.
async function walkRun(runId, path = '') {
  const q = path ? `&path=${enc(path)}` : '';
  const { files = [] } = await mlflow(`/api/2.0/mlflow/artifacts/list?run_id=${enc(runId)}${q}`);
  const out = [];
  for (const f of files) {
    if (f.is_dir) out.push(...await walkRun(runId, f.path));
    else out.push({ path: f.path, size: Number(f.file_size) });
  }
  return out;
}
async function walkModel(modelId, path = '') {
  const q = path ? `?artifact_directory_path=${enc(path)}` : '';
  const { files = [] } = await mlflow(`/ajax-api/2.0/mlflow/logged-models/${enc(modelId)}/artifacts/directories${q}`);
  const out = [];
  for (const f of files) {
    if (f.is_dir) out.push(...await walkModel(modelId, f.path));
    else out.push({ path: f.path, size: Number(f.file_size) });
  }
  return out;
}

// Every file the table shows for the glob `*` (all files, flat, by full path) with its exact size.
async function shownFiles(page) {
  await page.getByRole('searchbox', { name: /^Filter files of/ }).fill('*');
  await page.waitForFunction(() => /matching file/.test(document.querySelector('.row-count')?.textContent || ''));
  return page.$$eval('tr[data-path]', (rows) => rows.map((r) => ({
    path: r.getAttribute('data-path'),
    size: Number(r.querySelector('td.num').getAttribute('title').replace(/[^0-9]/g, '')),
  })));
}
// The status check asked again, to its answer: everything the page sent before has been sent.
async function roundTrip(page) {
  const probe = page.waitForRequest((r) => r.url().includes('/experiments/search'));
  await page.locator('.status').click();
  await (await probe).response();
}
const byPath = (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

test('each seeded run shows exactly the files and sizes MLflow holds, reached from the runs table', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP_URL}projects/${demo.id}?tab=runs`);
  const evalId = summary.runs['evaluate-champion'];
  await page.locator(`tr[data-run-id="${evalId}"] a.files-link`).click();
  await page.waitForURL(`**/projects/${demo.id}/files?run=${evalId}`);
  const runIds = [...new Set([evalId, ...summary.run_artifacts.map((f) => f.run_id)])];
  assert.ok(runIds.length >= 2);
  for (const runId of runIds) {
    if (runId !== evalId) await page.goto(filesUrl(`run=${runId}`));
    await page.locator('.files-totals').waitFor();
    const truth = (await walkRun(runId)).sort(byPath);
    const seeded = summary.run_artifacts.filter((f) => f.run_id === runId).map(({ path, size }) => ({ path, size }));
    assert.deepEqual(truth, seeded.sort(byPath), 'summary agrees with MLflow');
    const totals = await page.locator('.files-totals').innerText();
    assert.match(totals, new RegExp(`^${truth.length} files? · `), totals);
    assert.deepEqual((await shownFiles(page)).sort(byPath), truth, `files of run ${runId}`);
  }
  assert.deepEqual(page.problems, []);
});

test('logged model versions show exactly their files, with app-built download links', async () => {
  const page = await openPage(browser);
  const ids = Object.values(summary.logged_models).map((versions) => versions[versions.length - 1]);
  for (const id of ids) {
    await page.goto(filesUrl(`model=${enc(id)}`));
    await page.locator('.files-totals').waitFor();
    const truth = (await walkModel(id)).sort(byPath);
    assert.ok(truth.length > 0, `model ${id} has files`);
    assert.deepEqual((await shownFiles(page)).sort(byPath), truth, `files of model ${id}`);
    const first = truth[0].path;
    const href = await page.locator(`tr[data-path="${first}"] a.download-link`).getAttribute('href');
    assert.ok(href.endsWith(`/ajax-api/2.0/mlflow/logged-models/${enc(id)}/artifacts/files?artifact_file_path=${enc(first)}`), href);
    const res = await fetch(new URL(href, APP_URL));
    assert.equal(res.status, 200);
    assert.equal(Number((await res.arrayBuffer()).byteLength), truth[0].size);
  }
  assert.deepEqual(page.problems, []);
});

test('the s3 dataset shows its reference URI and digest', async () => {
  const page = await openPage(browser);
  const ds = summary.datasets.find((d) => d.name === 'raw-images');
  assert.ok(ds, 'seed has raw-images');
  await page.goto(filesUrl(`dataset=${enc(ds.name)}&digest=${enc(ds.digest)}`));
  const row = page.locator('tr[data-path]');
  await row.waitFor();
  assert.equal(await row.count(), 1);
  assert.equal(await row.locator('.ref-uri').innerText(), ds.source.uri);
  assert.match(ds.source.uri, /^s3:\/\//);
  assert.match(await row.innerText(), new RegExp(ds.digest));
  assert.equal(await row.locator('a.download-link').count(), 0, 'no link for external storage');
  assert.deepEqual(page.problems, []);
});

test('the big file is listed but fetched only on request, then with a Range header', async () => {
  const page = await openPage(browser);
  const big = summary.run_artifacts.find((f) => f.size > 5_000_000);
  assert.ok(big, 'seed has a > 5 MB file');
  const requests = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if ((u.searchParams.get('path') || '') === big.path) requests.push({ url: r.url(), range: r.headers().range });
  });
  const responses = [];
  page.on('response', (r) => { if (new URL(r.url()).searchParams.get('path') === big.path) responses.push(r.status()); });
  const folder = big.path.split('/').slice(0, -1).join('/');
  await page.goto(filesUrl(`run=${big.run_id}&path=${enc(folder)}`));
  const row = page.locator(`tr[data-path="${big.path}"]`);
  await row.waitFor();
  assert.equal(await row.locator('td.num').getAttribute('title'), `${big.size.toLocaleString('en-US')} bytes`);
  await row.locator('a.file-link').click();
  const button = page.getByRole('button', { name: /^Load first 1 MB of/ });
  await button.waitFor();
  // A preview that fetched on its own would have sent its request when it rendered: a round
  // trip sent after that (the status check, asked again) has come back first.
  await roundTrip(page);
  assert.deepEqual(requests, [], 'nothing fetched before the click');
  await button.click();
  await page.locator('[data-preview]').waitFor();
  assert.equal(requests.length, 1, JSON.stringify(requests));
  assert.equal(requests[0].range, 'bytes=0-1048575');
  assert.deepEqual(responses, [206]);
  const preview = await page.locator('.file-preview').innerText();
  assert.match(preview, /Showing the first 1\.0 MB of 5\.8 MB/);
  assert.match(preview, /Binary file/);
  assert.deepEqual(page.problems, []);
});

test('JSON, CSV, text and PNG previews show the file', async () => {
  const page = await openPage(browser);
  const runId = summary.runs['evaluate-champion'];
  const fileOf = (ext) => summary.run_artifacts.find((f) => f.run_id === runId && f.path.endsWith(ext));
  const raw = async (path) => (await fetch(`${MLFLOW_URL}/get-artifact?path=${enc(path)}&run_uuid=${runId}`)).text();
  const open = async (path) => {
    await page.goto(filesUrl(`run=${runId}&file=${enc(path)}`));
    await page.locator('.file-preview').waitFor();
  };

  const json = fileOf('.json');
  await open(json.path);
  const shownJson = await page.locator('[data-preview=json]').innerText();
  assert.deepEqual(JSON.parse(shownJson), JSON.parse(await raw(json.path)));
  assert.ok(shownJson.includes('\n  "'), 'pretty-printed');

  const csv = fileOf('.csv');
  await open(csv.path);
  const lines = (await raw(csv.path)).trim().split(/\r?\n/);
  const table = page.locator('table[data-preview=csv]');
  await table.waitFor();
  assert.deepEqual(await table.locator('thead th').allInnerTexts(), lines[0].split(','));
  assert.equal(await table.locator('tbody tr').count(), lines.length - 1);

  const txt = fileOf('.txt');
  await open(txt.path);
  const text = await raw(txt.path);
  const items = page.locator('ol[data-preview=text] li');
  await items.first().waitFor();
  assert.deepEqual(await items.allTextContents(), text.replace(/\n$/, '').split('\n'));

  const png = fileOf('.png');
  const pngFetched = page.waitForResponse((r) => r.url().includes(`/get-artifact?path=${enc(png.path)}`));
  await open(png.path);
  const img = page.locator('img.preview-image');
  await img.waitFor();
  await page.waitForFunction(() => document.querySelector('img.preview-image')?.naturalWidth > 0);
  // fetched by the app (so it can carry credentials) and shown from a blob: URL
  assert.equal((await pngFetched).status(), 200);
  assert.match(await img.getAttribute('src'), /^blob:/);
  assert.equal(Number(await img.getAttribute('data-bytes')), png.size);
  assert.deepEqual(page.problems, []);
});

test('the glob *.png shows exactly the PNG files, and the filter is in the URL', async () => {
  const page = await openPage(browser);
  const runId = summary.runs['evaluate-champion'];
  await page.goto(filesUrl(`run=${runId}`));
  await page.getByRole('searchbox', { name: /^Filter files of/ }).fill('*.png');
  await page.waitForURL(/q=\*\.png/);
  await page.waitForFunction(() => /matching/.test(document.querySelector('.row-count')?.textContent || ''));
  const shown = await page.$$eval('tr[data-path]', (rows) => rows.map((r) => r.getAttribute('data-path')));
  const pngs = (await walkRun(runId)).map((f) => f.path).filter((p) => p.toLowerCase().endsWith('.png'));
  assert.ok(pngs.length >= 2);
  assert.deepEqual(shown.sort(), pngs.sort());
  // Sorting keeps the filter (links are rebuilt from the current URL).
  await page.getByRole('link', { name: 'Sort by Size' }).click();
  await page.waitForURL(/sort=size/);
  assert.match(page.url(), /q=\*\.png/);
  const sizes = await page.$$eval('tr[data-path] td.num', (cells) => cells.map((c) => Number(c.title.replace(/[^0-9]/g, ''))));
  assert.deepEqual(sizes, [...sizes].sort((a, b) => a - b));
  await page.reload();
  await page.locator('tr[data-path]').first().waitFor();
  assert.equal(await page.getByRole('searchbox', { name: /^Filter files of/ }).inputValue(), '*.png');
  assert.deepEqual(page.problems, []);
});

test('a folder of 400 files keeps the DOM bounded while scrolling, and two runs diff', async () => {
  // A throwaway experiment and run with many files, uploaded through MLflow's artifact API.
  const { experiment_id: exp } = await mlflow('/api/2.0/mlflow/experiments/create', { name: `files-e2e-${Date.now()}` });
  const { run } = await mlflow('/api/2.0/mlflow/runs/create', { experiment_id: exp });
  const runId = run.info.run_id;
  const N = 400;
  const names = Array.from({ length: N }, (_, i) => `bulk/file ${String(i).padStart(4, '0')}.txt`);
  for (let i = 0; i < names.length; i += 20) {
    await Promise.all(names.slice(i, i + 20).map(async (name, k) => {
      const res = await fetch(`${MLFLOW_URL}/api/2.0/mlflow-artifacts/artifacts/${exp}/${runId}/artifacts/${name.split('/').map(enc).join('/')}`,
        { method: 'PUT', body: 'x'.repeat(i + k + 1) });
      assert.equal(res.status, 200);
    }));
  }
  const page = await openPage(browser);
  await page.goto(`${APP_URL}projects/${exp}/files?run=${runId}&path=bulk`);
  await page.locator('tr[data-path]').first().waitFor();
  assert.match(await page.locator('.files-totals').innerText(), /^400 files · /);
  assert.ok(await page.locator('tr').count() <= 60);
  await page.locator('.manifest-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.locator(`tr[data-path="${names[N - 1]}"]`).waitFor();
  assert.ok(await page.locator('tr').count() <= 60);
  assert.equal(await page.locator(`tr[data-path="${names[0]}"]`).count(), 0);

  // The diff of this run against the evaluation run: all of one side removed, all of the other added.
  const evalId = summary.runs['evaluate-champion'];
  const evalFiles = await walkRun(evalId);
  await page.goto(`${APP_URL}projects/${demo.id}/files?run=${evalId}&compare_run=${runId}`);
  const summaryLine = page.locator('.diff-summary');
  await summaryLine.waitFor();
  assert.equal(await summaryLine.innerText(), `${N} added · ${evalFiles.length} removed · 0 changed · 0 unchanged`);
  assert.deepEqual(page.problems, []);
});

test('the folder walk keeps at most 6 listings in flight and stops when the user leaves', async () => {
  const { experiment_id: exp } = await mlflow('/api/2.0/mlflow/experiments/create', { name: `files-walk-${Date.now()}` });
  const { run } = await mlflow('/api/2.0/mlflow/runs/create', { experiment_id: exp });
  const runId = run.info.run_id;
  const deep = `${Array.from({ length: 60 }, (_, i) => `d${i}`).join('/')}/leaf.txt`;
  const wide = Array.from({ length: 14 }, (_, i) => `wide${i}/a/b.txt`);
  for (const name of [deep, ...wide]) {
    const res = await fetch(`${MLFLOW_URL}/api/2.0/mlflow-artifacts/artifacts/${exp}/${runId}/artifacts/${name}`, { method: 'PUT', body: 'x' });
    assert.equal(res.status, 200);
  }
  const page = await openPage(browser);
  let inFlight = 0; let maxInFlight = 0; let started = 0;
  const isListing = (r) => r.url().includes('/artifacts/list') && r.url().includes(runId);
  page.on('request', (r) => { if (isListing(r)) { started += 1; inFlight += 1; maxInFlight = Math.max(maxInFlight, inFlight); } });
  const done = (r) => { if (isListing(r)) inFlight -= 1; };
  page.on('requestfinished', done);
  page.on('requestfailed', done);

  // A full walk: every folder listed, never more than 6 at a time.
  await page.goto(`${APP_URL}projects/${exp}/files?run=${runId}`);
  await page.locator('.files-totals').waitFor({ timeout: 60_000 });
  assert.match(await page.locator('.files-totals').innerText(), /^15 files · /);
  assert.ok(maxInFlight <= 6, `max in flight ${maxInFlight}`);
  assert.ok(maxInFlight >= 2, `listings run in parallel (${maxInFlight})`);
  const total = started;

  // Leave while the 60-deep chain is still being walked: no listing starts afterwards.
  started = 0;
  await page.goto(`${APP_URL}projects/${exp}/files?run=${runId}&path=x`);
  await page.waitForFunction(() => /Listing files… [1-9]/.test(document.querySelector('.walk-progress')?.textContent || ''));
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Projects' }).click();
  await page.waitForURL(APP_URL);
  const atLeave = started;
  // A walk still running would send its next listing when one in flight comes back: wait
  // until none is in flight, then for a round trip sent after that (the status check).
  const deadline = Date.now() + 20_000;
  while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(inFlight, 0, 'the listings in flight ended (aborted or answered)');
  await roundTrip(page);
  assert.ok(atLeave < total, `left before the walk ended (${atLeave} of ${total})`);
  assert.equal(started, atLeave, 'no listing request after leaving');
  assert.deepEqual(page.problems, []);
});
