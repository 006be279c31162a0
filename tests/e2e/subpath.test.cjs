// The release build deployed under a sub-path, as behind a reverse proxy at /artifacts/: the
// same dist/ with the one edit README.md documents (`<base href="/artifacts/">`), served by
// serve.cjs with a prefix (nothing of the app at the origin's root; MLflow's API stays there).
// Deep links load, every link and navigation stays under the prefix (links, tabs and filters
// written to the URL, the lineage graph's node links), reload and back/forward work, and
// config.json is read from beside index.html.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { spawn } = require('node:child_process');
const { MLFLOW_URL, summary, launch, openPage } = require('./helpers.cjs');

const DIST = process.env.AE_DIST;
const WORK = process.env.AE_WORK;
if (!DIST || !WORK) throw new Error('run through scripts/test (AE_DIST, AE_WORK unset)');

const PREFIX = '/artifacts/';
const demo = summary.experiment;
const sweep = summary.sweep;
const freePort = () => new Promise((resolve) => {
  const s = http.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

let browser; let server; let APP; let ORIGIN;
before(async () => {
  // the deployment step of README.md, on a copy of the build
  const dist = path.join(WORK, 'dist-subpath');
  fs.rmSync(dist, { recursive: true, force: true });
  fs.cpSync(DIST, dist, { recursive: true });
  const index = path.join(dist, 'index.html');
  const html = fs.readFileSync(index, 'utf8');
  assert.equal(html.split('<base href="/"').length, 2, 'index.html has one <base href="/"> to edit');
  fs.writeFileSync(index, html.replace('<base href="/"', `<base href="${PREFIX}"`));

  const port = await freePort();
  server = spawn(process.execPath, [path.join(__dirname, 'serve.cjs'), dist, String(port), MLFLOW_URL, PREFIX],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    server.stdout.once('data', resolve);
    server.once('exit', (code) => reject(new Error(`serve.cjs exited ${code}`)));
  });
  ORIGIN = `http://127.0.0.1:${port}`;
  APP = `${ORIGIN}${PREFIX}`;
  // the app is not at the root: a build that assumed "/" would fail to load its files
  assert.equal((await fetch(`${ORIGIN}/`)).status, 404);
  browser = await launch();
});
after(async () => { await browser?.close(); server?.kill(); });

// Every in-app link on the page points under the prefix (MLflow's file URLs may not).
async function assertLinksUnderPrefix(page, where) {
  const bad = await page.locator('a[href^="/"]').evaluateAll((as, prefix) => as
    .map((a) => a.getAttribute('href'))
    .filter((h) => !h.startsWith(prefix) && !/^\/(get-artifact|ajax-api|api)\b/.test(h)), PREFIX);
  assert.deepEqual(bad, [], `${where}: links outside ${PREFIX}`);
}

test('the app loads under the prefix, with its assets and config.json from there', async () => {
  const page = await openPage(browser);
  const fetched = [];
  page.on('response', (r) => fetched.push(`${r.status()} ${new URL(r.url()).pathname}`));
  await page.goto(APP);
  await page.locator(`tr[data-project-id="${demo.id}"]`).waitFor();
  await page.locator('.status[data-state="ok"]').waitFor();
  assert.ok(fetched.includes(`200 ${PREFIX}config.json`), fetched.join('\n'));
  assert.ok(fetched.some((f) => f.startsWith(`200 ${PREFIX}`) && f.endsWith('.wasm')), 'wasm from the prefix');
  assert.deepEqual(fetched.filter((f) => /^4\d\d|^5\d\d/.test(f)), [], 'nothing missing');
  assert.equal(await page.locator('.config-error').count(), 0);
  await assertLinksUnderPrefix(page, 'projects');

  // a filter written to the URL stays under the prefix
  await page.getByRole('searchbox', { name: 'Filter projects by name' }).fill(demo.name.slice(0, 4));
  await page.waitForURL(`${APP}?q=${encodeURIComponent(demo.name.slice(0, 4))}`);
  assert.deepEqual(page.problems, []);
});

test('deep links, links, tabs, reload and back/forward stay under the prefix', async () => {
  const page = await openPage(browser);
  const version = `sweep-model:v${summary.logged_models['sweep-model'].indexOf(sweep.best_model_id)}`;
  await page.goto(`${APP}projects/${demo.id}/models/${version}`);
  await page.getByRole('heading', { level: 1, name: version }).waitFor();
  await assertLinksUnderPrefix(page, 'version page');

  // breadcrumb → project → Runs tab (a query parameter the app writes)
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: demo.name }).click();
  await page.waitForURL(`${APP}projects/${demo.id}`);
  await page.getByRole('heading', { level: 1, name: demo.name }).waitFor();
  await page.getByRole('tab', { name: 'Runs' }).click();
  await page.waitForURL(`${APP}projects/${demo.id}?tab=runs`);
  await page.locator('.runs-table tbody tr').first().waitFor();
  await assertLinksUnderPrefix(page, 'runs tab');

  await page.reload();
  await page.locator('.runs-table tbody tr').first().waitFor();
  await page.goBack();
  await page.waitForURL(`${APP}projects/${demo.id}`);
  await page.goBack();
  await page.waitForURL(`${APP}projects/${demo.id}/models/${version}`);
  await page.getByRole('heading', { level: 1, name: version }).waitFor();

  // the header's links
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.waitForURL(`${APP}settings`);
  await page.getByRole('link', { name: 'Artifact Explorer' }).click();
  await page.waitForURL(APP);
  await page.locator(`tr[data-project-id="${demo.id}"]`).waitFor();
  assert.deepEqual(page.problems, []);
});

test('a lineage node opens its page under the prefix', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP}projects/${demo.id}/lineage?focus=${encodeURIComponent(`model:${sweep.best_model_id}`)}`);
  const train = page.locator(`g.lnode[data-node-id="run:${sweep.best_child_run_id}"]`);
  await train.waitFor();
  await page.locator('.lineage-progress').waitFor({ state: 'detached' });
  await train.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(`${APP}projects/${demo.id}/runs/${sweep.best_child_run_id}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.deepEqual(page.problems, []);
});

test('an unknown path under the prefix is the app\'s not-found page', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP}no/such/page`);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  assert.deepEqual(page.problems, []);
});
