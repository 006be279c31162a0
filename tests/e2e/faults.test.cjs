// Faults between the app and MLflow, against a dedicated real MLflow this file starts and
// stops itself (AE_VENV/bin/mlflow, own port and data dir) behind an in-process static server
// whose proxy can misbehave on purpose: MLflow killed and restarted, 500 with MLflow's JSON
// error, an HTML answer, truncated JSON, a slow answer (> 10 s). Each shows a clear message in
// place, read-only requests are retried (bounded), and Retry recovers without a reload.
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
const seen = { api: 0, aborted: 0 };
function faultyProxy(req, res) {
  seen.api++;
  if (fault === 'json500') { res.writeHead(500, { 'content-type': 'application/json' }); res.end('{"error_code": "INTERNAL_ERROR", "message": "database is locked (injected)"}'); return; }
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
  res.on('close', () => { if (!res.writableFinished) seen.aborted++; });
  req.pipe(upstream);
}
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => {
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
  const failed = [];
  page.on('requestfailed', (r) => { if (r.url().includes('/experiments/search')) failed.push(r.url()); });
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('MLflow server URL').waitFor();
  await page.getByRole('link', { name: 'Artifact Explorer' }).click();
  const view = await expectFault(page, 'network', /Cannot reach the MLflow server/);
  assert.ok(failed.length >= 3, `read-only request tried 3 times (1 + 2 retries), saw ${failed.length}`);
  await page.locator('.status').click();
  await page.locator('.status[data-state="down"]').waitFor();

  await startMlflow();
  await view.getByRole('button', { name: 'Retry' }).click();
  await page.locator(`tr[data-project-id="${expId}"]`).waitFor({ timeout: 20000 });
  await page.locator('.status').click();
  await page.locator('.status[data-state="ok"]').waitFor();
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
    fault = mode; seen.api = 0;
    await page.goto(`${APP}projects/${expId}`);
    const view = await expectFault(page, kind, pattern);
    assert.equal(await page.locator('main script, main img').count(), 0, `${mode}: body not rendered`);
    if (mode === 'json500') assert.ok(seen.api >= 3, `500 is retried (saw ${seen.api} requests)`);
    fault = 'none';
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
  delayMs = 8000; seen.aborted = 0;
  try {
    await page.locator(`tr[data-project-id="${expId}"] th a`).click();
    await page.waitForURL(`**/projects/${expId}`);
    await sleep(1000); // the project page's requests are now waiting on the slow server
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('MLflow server URL').waitFor();
    await sleep(1000);
    assert.ok(aborted.length > 0 && aborted.every((a) => /ERR_ABORTED/.test(a)), `aborted: ${aborted.join(', ')}`);
    assert.ok(seen.aborted > 0, 'the server saw the requests go away');
  } finally { delayMs = 0; }
  assert.deepEqual(page.problems, []);
});
