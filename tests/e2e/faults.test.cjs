// Faults between the app and MLflow, against a dedicated real MLflow this file starts and
// stops itself (AE_VENV/bin/mlflow, own port and data dir) behind an in-process static server
// whose proxy can misbehave on purpose: MLflow killed and restarted, 500 with MLflow's JSON
// error, an HTML answer, truncated JSON, a slow answer (> 10 s), 403 for everything, and a
// file server that ignores Range. Each shows a clear message in place, read-only requests are
// retried (each exactly twice, after 300 ms and 1 s), and Retry recovers without a reload.
// Also: leaving a page aborts its requests still in flight.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { launch, openPage } = require('./helpers.cjs');

const VENV = process.env.AE_VENV;
const DIST = process.env.AE_DIST;
const WORK = process.env.AE_WORK;
if (!VENV || !DIST || !WORK) throw new Error('run through scripts/test (AE_VENV, AE_DIST, AE_WORK unset)');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Polls a condition of this process's own state (the proxy's records) until it holds.
async function waitUntil(what, cond, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(25);
  }
}
const freePort = () => new Promise((resolve) => {
  const s = http.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

// ---- a dedicated MLflow we may kill
const dataDir = path.join(WORK, 'faults-mlflow');
let mlflowPort; let mlflowProc;
async function startMlflow() {
  fs.mkdirSync(path.join(dataDir, 'artifacts'), { recursive: true });
  const log = fs.openSync(path.join(WORK, 'faults-mlflow.log'), 'a');
  mlflowProc = spawn(path.join(VENV, 'bin/mlflow'), ['server', '--host', '127.0.0.1', '--port', String(mlflowPort),
    '--backend-store-uri', `sqlite:///${dataDir}/mlflow.db`, '--artifacts-destination', `${dataDir}/artifacts`, '--workers', '1'],
  { detached: true, stdio: ['ignore', log, log], env: { ...process.env, MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT: 'true' } });
  for (let i = 0; i < 240; i++) {
    try { if ((await fetch(`http://127.0.0.1:${mlflowPort}/health`)).ok) return; } catch { /* not yet */ }
    await sleep(250);
  }
  throw new Error('the faults MLflow did not start');
}
async function stopMlflow() {
  if (!mlflowProc) return;
  const proc = mlflowProc; mlflowProc = undefined;
  const exited = new Promise((r) => proc.once('exit', r));
  try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ }
  await Promise.race([exited, sleep(5000)]);
  for (let i = 0; i < 40; i++) { // until the port refuses
    try { await fetch(`http://127.0.0.1:${mlflowPort}/health`); } catch { return; }
    await sleep(250);
  }
}

// ---- static app + proxy with a fault switch
let fault = 'none'; let delayMs = 0;
const seen = { api: 0, inFlight: 0, log: [] };
// every API request by method, URL and body, with the times it arrived: retries of one
// request are the same key seen again
let attempts = new Map();
function faultyProxy(req, res) {
  seen.api++;
  seen.inFlight++;
  const tag = `${req.method} ${req.url} #${seen.api}`;
  // how each request ended: answered in full, or closed by the browser before that
  const entry = { n: seen.api, tag, outcome: 'waiting' };
  seen.log.push(entry);
  res.on('close', () => {
    seen.inFlight--;
    entry.outcome = res.writableFinished ? 'answered' : 'aborted';
  });
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const key = `${req.method} ${req.url} ${Buffer.concat(chunks).toString()}`;
    attempts.set(key, [...(attempts.get(key) || []), Date.now()]);
  });
  if (fault === 'json500') { res.writeHead(500, { 'content-type': 'application/json' }); res.end('{"error_code": "INTERNAL_ERROR", "message": "database is locked (injected)"}'); return; }
  if (fault === 'forbidden') { res.writeHead(403, { 'content-type': 'application/json' }); res.end('{"error_code": "PERMISSION_DENIED", "message": "refused by the proxy (injected)"}'); return; }
  if (fault === 'html') { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><html><body><script>alert(1)</script>login page</body></html>'); return; }
  const upstream = http.request({ host: '127.0.0.1', port: mlflowPort, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${mlflowPort}` } }, async (up) => {
    const chunks = []; for await (const c of up) chunks.push(c);
    let body = Buffer.concat(chunks);
    if (fault === 'truncated') body = body.subarray(0, Math.floor(body.length / 2));
    if (delayMs) await sleep(delayMs);
    if (res.destroyed) return; // the browser went away meanwhile
    const headers = { ...up.headers }; delete headers['content-length']; delete headers['transfer-encoding'];
    res.writeHead(up.statusCode, headers); res.end(body);
  });
  upstream.on('error', (e) => { if (!res.headersSent) { res.writeHead(502, { 'content-type': 'text/plain' }); res.end(`bad gateway: ${e.code}`); } });
  req.pipe(upstream);
}
// Files stream through; in 'norange' mode the Range header is dropped, so MLflow answers 200
// with the whole file, as a server that ignores Range does. Records how each answer ended.
const fileAnswers = [];
function fileProxy(req, res) {
  const headers = { ...req.headers, host: `127.0.0.1:${mlflowPort}` };
  if (fault === 'norange') delete headers.range;
  const answer = { url: req.url, range: req.headers.range || '', status: 0, bytes: 0, ended: false, complete: false };
  fileAnswers.push(answer);
  const upstream = http.request({ host: '127.0.0.1', port: mlflowPort, method: req.method, path: req.url, headers }, (up) => {
    answer.status = up.statusCode;
    res.writeHead(up.statusCode, up.headers);
    up.on('data', (c) => { answer.bytes += c.length; });
    up.pipe(res);
  });
  upstream.on('error', () => { if (!res.headersSent) { res.writeHead(502); res.end(); } });
  res.on('close', () => { answer.ended = true; answer.complete = res.writableFinished; upstream.destroy(); });
  req.pipe(upstream);
}
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/get-artifact')) return fileProxy(req, res);
  if (['/api/', '/ajax-api/', '/graphql'].some((p) => req.url.startsWith(p))) return faultyProxy(req, res);
  let file = path.join(DIST, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (!file.startsWith(path.resolve(DIST)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(DIST, 'index.html');
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
let APP;

// never leave the dedicated MLflow behind, even when this file crashes
process.on('exit', () => { if (mlflowProc) { try { process.kill(-mlflowProc.pid, 'SIGKILL'); } catch { /* gone */ } } });

let browser; let expId;
before(async () => {
  mlflowPort = await freePort();
  fs.rmSync(dataDir, { recursive: true, force: true });
  await startMlflow();
  const made = await fetch(`http://127.0.0.1:${mlflowPort}/api/2.0/mlflow/experiments/create`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `faults-${Date.now()}` }),
  });
  expId = (await made.json()).experiment_id;
  const appPort = await freePort();
  await new Promise((r) => server.listen(appPort, '127.0.0.1', r));
  APP = `http://127.0.0.1:${appPort}/`;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server.close();
  await stopMlflow();
});

async function expectFault(page, kind, pattern) {
  const view = page.locator(`.error-view[data-error-kind="${kind}"]`).first();
  await view.waitFor({ timeout: 20000 });
  assert.match(await view.innerText(), pattern);
  return view;
}

test('MLflow killed while the app is open: "cannot reach", retried; restarted: Retry recovers without a reload', { timeout: 120000 }, async () => {
  const page = await openPage(browser);
  // talk to MLflow directly (cross-origin, CORS allows loopback) so a dead server is a network error
  await page.goto(`${APP}settings`);
  await page.getByLabel('MLflow server URL').fill(`http://127.0.0.1:${mlflowPort}`);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('link', { name: 'Artifact Explorer' }).click();
  await page.locator(`tr[data-project-id="${expId}"]`).waitFor();

  await stopMlflow();
  try {
  const failed = new Map();
  page.on('requestfailed', (r) => {
    if (!r.url().includes('/experiments/search')) return;
    const key = `${r.method()} ${r.url()} ${r.postData() || ''}`;
    failed.set(key, (failed.get(key) || 0) + 1);
  });
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('MLflow server URL').waitFor();
  await page.getByRole('link', { name: 'Artifact Explorer' }).click();
  const view = await expectFault(page, 'network', /Cannot reach the MLflow server/);
  // the error shows as soon as one request has given up; count once every one has
  await page.locator('section.page[data-state="complete"]').waitFor({ timeout: 20000 });
  // each request was sent 3 times (1 + 2 retries): several components may send the same one
  const counts = [...failed.values()];
  assert.ok(counts.length > 0 && counts.every((n) => n % 3 === 0), `tries per request: ${JSON.stringify([...failed])}`);
  await page.locator('.status').click();
  await page.locator('.status[data-state="down"]').waitFor();

  await startMlflow();
  await view.getByRole('button', { name: 'Retry' }).click();
  await page.locator(`tr[data-project-id="${expId}"]`).waitFor({ timeout: 20000 });
  await page.locator('.status').click();
  await page.locator('.status[data-state="ok"]').waitFor();
  } finally {
    // a failure above must not leave the other tests without their MLflow
    if (!mlflowProc) await startMlflow();
  }
  assert.deepEqual(page.problems, []);
});

test('500 with MLflow\'s JSON error, an HTML answer and truncated JSON: clear messages, then recovery', { timeout: 90000 }, async () => {
  const page = await openPage(browser);
  const cases = [
    ['json500', 'http', /MLflow answered 500 INTERNAL_ERROR[\s\S]*database is locked \(injected\)/],
    ['html', 'decode', /cannot read[\s\S]*HTML/],
    ['truncated', 'decode', /cannot read[\s\S]*not the expected JSON/],
  ];
  for (const [mode, kind, pattern] of cases) {
    fault = mode; attempts = new Map();
    let view;
    try {
      await page.goto(`${APP}projects/${expId}`);
      view = await expectFault(page, kind, pattern);
      assert.equal(await page.locator('main script, main img').count(), 0, `${mode}: body not rendered`);
      if (mode === 'json500') {
        // the error shows as soon as one request has given up; count once every one has
        await page.locator('section.page[data-state="complete"]').waitFor({ timeout: 20000 });
        // every request that met the 500 was sent exactly 3 times (1 + 2 retries; a request
        // several components send is a multiple of that), after 300 ms and 1 s
        const tries = [...attempts.values()];
        assert.ok(tries.length > 0 && tries.every((t) => t.length % 3 === 0), `500 is retried: ${JSON.stringify([...attempts].map(([k, t]) => [k, t.length]))}`);
        const one = tries.find((t) => t.length === 3);
        assert.ok(one, 'a request seen exactly 3 times');
        assert.ok(one[1] - one[0] >= 250 && one[2] - one[1] >= 900, `backoff between tries: ${one[1] - one[0]} ms, ${one[2] - one[1]} ms`);
      }
      if (mode === 'html') {
        // an answer that is not MLflow's JSON is not retried
        assert.ok([...attempts.values()].every((t) => t.length <= 2), 'not retried');
      }
    } finally { fault = 'none'; }
    await view.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('heading', { level: 1, name: /faults-/ }).waitFor({ timeout: 20000 });
  }
  assert.deepEqual(page.problems, []);
});

test('a slow MLflow (> 10 s) is announced while loading, and the answer still arrives', { timeout: 60000 }, async () => {
  const page = await openPage(browser);
  delayMs = 12000;
  try {
    await page.goto(`${APP}projects/${expId}`);
    const notice = page.locator('.slow-notice').first();
    await notice.waitFor({ timeout: 15000 });
    assert.match(await notice.innerText(), /slow to answer/);
    await page.getByRole('heading', { level: 1, name: /faults-/ }).waitFor({ timeout: 30000 });
  } finally { delayMs = 0; }
  assert.deepEqual(page.problems, []);
});

test('leaving a page aborts its requests still in flight', { timeout: 60000 }, async () => {
  const page = await openPage(browser);
  await page.goto(APP);
  await page.locator(`tr[data-project-id="${expId}"]`).waitFor();
  const aborted = [];
  page.on('requestfailed', (r) => { if (/\/api\/|\/graphql/.test(r.url())) aborted.push(`${r.url()} ${r.failure()?.errorText}`); });
  delayMs = 8000;
  try {
    const before = seen.api;
    await page.locator(`tr[data-project-id="${expId}"] th a`).click();
    await page.waitForURL(`**/projects/${expId}`);
    // the project page's requests have reached the slow server and wait there
    await waitUntil('the project page\'s requests at the server', () => seen.api > before && seen.inFlight > 0);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('MLflow server URL').waitFor();
    // every request the project page sent ends, well before the 8 s answer would have come,
    // and each ended because the browser gave it up, not because it was answered
    const ours = () => seen.log.filter((r) => r.n > before);
    await waitUntil(() => `every request of the project page to end (still waiting: ${ours().filter((r) => r.outcome === 'waiting').map((r) => r.tag).join(', ')})`,
      () => ours().every((r) => r.outcome !== 'waiting'), 6000);
    assert.ok(ours().length > 0);
    assert.deepEqual(ours().filter((r) => r.outcome !== 'aborted').map((r) => `${r.tag} ${r.outcome}`), [], 'each was aborted');
    assert.ok(aborted.length > 0 && aborted.every((a) => /ERR_ABORTED/.test(a)), `aborted: ${aborted.join(', ')}`);
  } finally { delayMs = 0; }
  assert.deepEqual(page.problems, []);
});

test('403 on the status check says the server answered and refused, not "Offline"', { timeout: 60000 }, async () => {
  const page = await openPage(browser);
  fault = 'forbidden';
  try {
    await page.goto(APP);
    await expectFault(page, 'forbidden', /You have no permission to see this/);
    const status = page.locator('.status[data-state="refused"]');
    await status.waitFor();
    assert.equal(await status.locator('.status-text').innerText(), 'Refused');
    assert.match(await status.getAttribute('aria-label'), /answered but refused access \(403\)/);
  } finally { fault = 'none'; }
  await page.locator('.status').click();
  await page.locator('.status[data-state="ok"]').waitFor();
  assert.deepEqual(page.problems, []);
});

test('a file server that ignores Range: the preview stops reading after 1 MB and says so', { timeout: 120000 }, async (t) => {
  // a 48 MB file in a run of the dedicated MLflow
  const api = `http://127.0.0.1:${mlflowPort}`;
  const made = await fetch(`${api}/api/2.0/mlflow/runs/create`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ experiment_id: expId }),
  });
  const runId = (await made.json()).run.info.run_id;
  const SIZE = 48 * 1024 * 1024;
  const put = await fetch(`${api}/api/2.0/mlflow-artifacts/artifacts/${expId}/${runId}/artifacts/big/huge.log`,
    { method: 'PUT', body: Buffer.alloc(SIZE, 'log line\n') });
  assert.equal(put.status, 200);

  const page = await openPage(browser);
  fault = 'norange'; fileAnswers.length = 0;
  try {
    await page.goto(`${APP}projects/${expId}/files?run=${runId}&path=big&file=${encodeURIComponent('big/huge.log')}`);
    await page.getByRole('button', { name: /^Load first 1 MB of/ }).click();
    const note = page.locator('.partial-note');
    await note.waitFor();
    assert.match(await note.innerText(), /ignored the range request and sent the whole file; showing its first 1\.0 MB/);
    await page.locator('[data-preview=text]').waitFor();
    // the answer ended (either way); it must have been cut short by the browser
    await waitUntil('the file answer to end', () => fileAnswers.length > 0 && fileAnswers.every((a) => a.ended));
    const [answer] = fileAnswers;
    assert.equal(fileAnswers.length, 1);
    assert.equal(answer.status, 200, 'the Range header was dropped');
    assert.equal(answer.complete, false, `the browser stopped reading (${answer.bytes} of ${SIZE} bytes passed the proxy)`);
    assert.ok(answer.bytes < SIZE / 2, `${answer.bytes} of ${SIZE} bytes passed the proxy`);
    t.diagnostic(`${answer.bytes} of ${SIZE} bytes passed the proxy before the browser cut the answer off`);
  } finally { fault = 'none'; }
  assert.deepEqual(page.problems, []);
});
