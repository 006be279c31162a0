// MLflow with the basic-auth app (a second server started by scripts/test): sign-in form on a
// 401, a clear error for a wrong password, data with the right one, credentials kept for the
// tab only (sessionStorage, never the URL or localStorage), sign-out, and a user whose access
// to an experiment is DENY: MLflow hides it from the list and answers 403 on a deep link.
// Files under sign-in: an image preview and a download carry the credentials (blob: URLs).
// Credentials stay with their server: another MLflow URL in Settings starts signed out.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const zlib = require('node:zlib');
const { launch, openPage } = require('./helpers.cjs');

const APP = process.env.AE_AUTH_APP_URL;
const MLFLOW = process.env.AE_AUTH_MLFLOW_URL;
const ADMIN = { user: 'admin', password: process.env.AE_AUTH_ADMIN_PASSWORD };
const VIEWER = { user: `viewer-${Date.now()}`, password: 'viewer-pw-7Hq2' };
if (!APP || !MLFLOW || !ADMIN.password) throw new Error('run through scripts/test (AE_AUTH_* unset)');

async function admin(path, body) {
  const res = await fetch(`${MLFLOW}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : {} };
}

async function experimentId(name) {
  const got = await admin(`/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`);
  if (got.status === 200) return got.json.experiment.experiment_id;
  const made = await admin('/api/2.0/mlflow/experiments/create', { name });
  assert.equal(made.status, 200, JSON.stringify(made.json));
  return made.json.experiment_id;
}

// A real PNG (w × h, one colour) that a browser decodes.
function png(w, h) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  const rows = Buffer.concat(Array.from({ length: h }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, 0x5a)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

let browser; let visibleId; let secretId; let filesRun;
const PLOT = png(7, 5);
const NOTES = Buffer.from('signed-in download\nline two\n'.repeat(2000));
before(async () => {
  browser = await launch();
  visibleId = await experimentId('auth-visible');
  secretId = await experimentId('auth-secret');
  // a run with an image and a text file, uploaded with the admin's credentials
  const run = await admin('/api/2.0/mlflow/runs/create', { experiment_id: visibleId });
  assert.equal(run.status, 200, JSON.stringify(run.json));
  filesRun = run.json.run.info.run_id;
  for (const [name, body] of [['plots/plot.png', PLOT], ['notes.txt', NOTES]]) {
    const res = await fetch(`${MLFLOW}/api/2.0/mlflow-artifacts/artifacts/${visibleId}/${filesRun}/artifacts/${name}`, {
      method: 'PUT', body,
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}` },
    });
    assert.equal(res.status, 200, `upload ${name}: ${res.status}`);
  }
  const user = await admin('/api/2.0/mlflow/users/create', { username: VIEWER.user, password: VIEWER.password });
  assert.equal(user.status, 200, JSON.stringify(user.json));
  // MLflow 3.17 grants per user at /api/3.0/…/users/permissions/grant; NO_PERMISSIONS is not a
  // grantable level any more, DENY is.
  const grant = await admin('/api/3.0/mlflow/users/permissions/grant', {
    username: VIEWER.user, resource_type: 'experiment', resource_id: secretId, permission: 'DENY',
  });
  assert.ok(grant.status === 200 || grant.json.error_code === 'RESOURCE_ALREADY_EXISTS', JSON.stringify(grant.json));
});
after(async () => { await browser?.close(); });

async function signIn(page, who) {
  const form = page.getByRole('form', { name: 'Sign in to MLflow' }).first();
  await form.waitFor();
  await form.getByLabel('Username').fill(who.user);
  await form.getByLabel('Password').fill(who.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

test('unauthenticated: a sign-in form, not the browser\'s own prompt; a wrong password says so', async () => {
  const page = await openPage(browser);
  await page.goto(APP);
  const view = page.locator('.error-view[data-error-kind="unauthorized"]').first();
  await view.waitFor();
  assert.match(await view.innerText(), /Sign-in required/);
  await page.locator('.status[data-state="auth"]').waitFor();

  await signIn(page, { user: ADMIN.user, password: 'not-the-password' });
  const err = page.getByRole('form', { name: 'Sign in to MLflow' }).first().getByRole('alert');
  await err.waitFor();
  assert.match(await err.innerText(), /Wrong username or password/);
  assert.equal(await page.locator('tr[data-project-id]').count(), 0);
  assert.deepEqual(page.problems, []);
});

test('the right password shows the data; credentials stay out of the URL and localStorage; sign-out asks again', async () => {
  const page = await openPage(browser);
  await page.goto(APP);
  await signIn(page, ADMIN);
  await page.locator(`tr[data-project-id="${visibleId}"]`).waitFor();
  await page.locator(`tr[data-project-id="${secretId}"]`).waitFor();
  await page.locator('.status[data-state="ok"]').waitFor();
  const sent = [];
  page.on('request', (r) => { if (r.url().includes('/api/')) sent.push(r.headers().authorization || ''); });

  const storage = await page.evaluate(() => ({
    local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage), url: location.href,
  }));
  assert.ok(!storage.local.includes('Basic') && !storage.local.includes(ADMIN.password));
  assert.ok(!storage.url.includes(ADMIN.password) && !storage.url.includes('Basic'));
  assert.ok(storage.session.includes('Basic '), 'kept for this tab in sessionStorage');

  // a reload (or a typed deep link) in the same tab stays signed in
  await page.goto(`${APP}projects/${visibleId}`);
  await page.getByRole('heading', { level: 1, name: 'auth-visible' }).waitFor();
  assert.ok(sent.length > 0 && sent.every((h) => h.startsWith('Basic ')), 'every API request carries the credentials');

  await page.getByRole('button', { name: /Sign out admin/ }).click();
  await page.locator('.error-view[data-error-kind="unauthorized"]').first().waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  // a new tab (new session) has to sign in again
  const other = await openPage(browser);
  await other.goto(APP);
  await other.locator('.error-view[data-error-kind="unauthorized"]').first().waitFor();
  assert.deepEqual(page.problems, []);
  assert.deepEqual(other.problems, []);
});

test('a user denied an experiment does not see it, gets the 403 message on a deep link, and the rest works', async () => {
  const page = await openPage(browser);
  await page.goto(APP);
  await signIn(page, VIEWER);
  await page.locator(`tr[data-project-id="${visibleId}"]`).waitFor();
  assert.equal(await page.locator(`tr[data-project-id="${secretId}"]`).count(), 0, 'DENY hides the experiment');

  await page.goto(`${APP}projects/${secretId}`);
  const denied = page.locator('.error-view[data-error-kind="forbidden"]').first();
  await denied.waitFor();
  assert.match(await denied.innerText(), /You have no permission to see this/);

  await page.getByRole('link', { name: 'Artifact Explorer' }).click();
  await page.locator(`tr[data-project-id="${visibleId}"]`).waitFor();
  await page.getByRole('link', { name: 'auth-visible', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'auth-visible' }).waitFor();
  assert.deepEqual(page.problems, []);
});

test('signed in, an image preview and a download carry the credentials', async () => {
  const page = await openPage(browser);
  await page.goto(APP);
  await signIn(page, VIEWER);
  await page.locator(`tr[data-project-id="${visibleId}"]`).waitFor();
  const fileRequests = [];
  page.on('request', (r) => { if (r.url().includes('/get-artifact')) fileRequests.push(r.headers().authorization || ''); });

  // the preview: fetched with the credentials, shown from a blob: URL, decoded by the browser
  await page.goto(`${APP}projects/${visibleId}/files?run=${filesRun}&path=plots&file=${encodeURIComponent('plots/plot.png')}`);
  const img = page.locator('img.preview-image');
  await img.waitFor();
  await page.waitForFunction(() => document.querySelector('img.preview-image')?.naturalWidth === 7);
  assert.match(await img.getAttribute('src'), /^blob:/);
  assert.equal(Number(await img.getAttribute('data-bytes')), PLOT.length);

  // the download: a button (a link could not send the header) that saves the exact file
  await page.goto(`${APP}projects/${visibleId}/files?run=${filesRun}`);
  const button = page.getByRole('button', { name: 'Download notes.txt' });
  await button.waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  assert.equal(download.suggestedFilename(), 'notes.txt');
  const saved = fs.readFileSync(await download.path());
  assert.ok(saved.equals(NOTES), `downloaded ${saved.length} bytes, expected ${NOTES.length}`);
  assert.ok(fileRequests.length >= 2 && fileRequests.every((h) => h.startsWith('Basic ')), `file requests: ${fileRequests.length}`);
  assert.deepEqual(page.problems, []);
});

test('credentials stay with their server: another MLflow URL starts signed out', async () => {
  const page = await openPage(browser);
  await page.goto(APP);
  await signIn(page, ADMIN);
  await page.locator(`tr[data-project-id="${visibleId}"]`).waitFor();
  // the same MLflow, reached directly: another origin than the app's (which proxies it)
  const other = new URL(MLFLOW).origin;
  assert.notEqual(other, new URL(APP).origin);
  const sent = [];
  page.on('request', (r) => { if (r.url().startsWith(other)) sent.push(r.headers().authorization || ''); });
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('MLflow server URL').fill(MLFLOW);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('link', { name: 'Artifact Explorer' }).click();
  // the new server asks for sign-in: the old credentials were not sent there
  await page.locator('.error-view[data-error-kind="unauthorized"]').first().waitFor();
  await page.locator('.status[data-state="auth"]').waitFor();
  assert.ok(sent.length > 0, 'requests went to the new server');
  assert.deepEqual(sent.filter((h) => h !== ''), [], 'no Authorization header to another origin');
  assert.equal(await page.getByRole('button', { name: /Sign out/ }).count(), 0, 'signed out');
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'the session is gone from storage');
  // signing in there works, and binds the new session to that server
  await signIn(page, ADMIN);
  await page.locator(`tr[data-project-id="${visibleId}"]`).waitFor();
  assert.ok(sent.some((h) => h.startsWith('Basic ')));
  assert.deepEqual(page.problems, []);
});
