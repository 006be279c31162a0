// Editing against the basic-auth MLflow (issue 11): a user with EDIT moves an alias, adds and
// removes tags, edits a description and links a logged model to the registry — each checked
// through MLflow's own API afterwards. A READ user sees disabled controls with the reason, and
// a write forced through anyway gets MLflow's 403 with nothing changed. An alias another client
// moves between load and save is shown as it is now. Hostile tag keys and values round-trip as
// text. Everything is seeded here, in an experiment of its own, through the admin's REST calls.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, openPage } = require('./helpers.cjs');

const APP = process.env.AE_AUTH_APP_URL;
const MLFLOW = process.env.AE_AUTH_MLFLOW_URL;
const ADMIN_PASSWORD = process.env.AE_AUTH_ADMIN_PASSWORD;
if (!APP || !MLFLOW || !ADMIN_PASSWORD) throw new Error('run through scripts/test (AE_AUTH_* unset)');

const stamp = Date.now();
const EDITOR = { user: `editor-${stamp}`, password: 'editor-pw-5Kd8' };
const READER = { user: `reader-${stamp}`, password: 'reader-pw-3Zq1' };
const MODEL = 'edit-model';            // the logged models' collection
const REGISTERED = `edit-clf-${stamp}`; // a registered model with v1..v3 → m0..m2
let exp; let runId; let models = [];
let browser;

function basic(who) {
  return `Basic ${Buffer.from(`${who.user}:${who.password}`).toString('base64')}`;
}

// MLflow's own API, as `who` (the admin by default): the truth the UI must match.
async function api(method, path, body, who = { user: 'admin', password: ADMIN_PASSWORD }) {
  const res = await fetch(`${MLFLOW}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: basic(who) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = {};
  try { json = text ? JSON.parse(text) : {}; } catch { json = { raw: text.slice(0, 200) }; }
  return { status: res.status, json };
}

async function ok(method, path, body) {
  const r = await api(method, path, body);
  assert.equal(r.status, 200, `${method} ${path}: ${JSON.stringify(r.json).slice(0, 300)}`);
  return r.json;
}

const A = '/api/2.0/mlflow';
const loggedModelTags = async (id) => Object.fromEntries(((await ok('GET', `${A}/logged-models/${id}`)).model.info.tags || []).map((t) => [t.key, t.value]));
const runTags = async () => Object.fromEntries(((await ok('GET', `${A}/runs/get?run_id=${runId}`)).run.data.tags || []).map((t) => [t.key, t.value]));
const aliasOf = async (name, alias) => {
  const r = await api('GET', `${A}/registered-models/alias?name=${encodeURIComponent(name)}&alias=${encodeURIComponent(alias)}`);
  return r.status === 200 ? r.json.model_version.version : null;
};

before(async () => {
  browser = await launch();
  exp = (await ok('POST', `${A}/experiments/create`, { name: `edit-journeys-${stamp}` })).experiment_id;
  runId = (await ok('POST', `${A}/runs/create`, { experiment_id: exp, run_name: 'train-edit', start_time: stamp })).run.info.run_id;
  for (let i = 0; i < 4; i++) {
    const m = (await ok('POST', `${A}/logged-models`, { experiment_id: exp, name: MODEL, source_run_id: runId })).model.info.model_id;
    await ok('PATCH', `${A}/logged-models/${m}`, { model_id: m, status: 'LOGGED_MODEL_READY' });
    models.push(m);
  }
  await ok('POST', `${A}/registered-models/create`, { name: REGISTERED });
  for (const m of models.slice(0, 3)) {
    await ok('POST', `${A}/model-versions/create`, { name: REGISTERED, source: `models:/${m}`, model_id: m, run_id: runId });
  }
  await ok('POST', `${A}/registered-models/alias`, { name: REGISTERED, alias: 'production', version: '1' });
  for (const [who, level] of [[EDITOR, 'EDIT'], [READER, 'READ']]) {
    await ok('POST', `${A}/users/create`, { username: who.user, password: who.password });
    for (const [type, id] of [['experiment', exp], ['registered_model', REGISTERED]]) {
      await ok('POST', '/api/3.0/mlflow/users/permissions/grant', { username: who.user, resource_type: type, resource_id: id, permission: level });
    }
  }
});
after(async () => { await browser?.close(); });

async function signedIn(who, path) {
  const page = await openPage(browser);
  // every request to the basic-auth MLflow checks a bcrypt password on one worker: pages take
  // seconds there, and much longer on a loaded machine
  page.setDefaultTimeout(120000);
  await page.goto(APP);
  const form = page.getByRole('form', { name: 'Sign in to MLflow' }).first();
  await form.waitFor();
  await form.getByLabel('Username').fill(who.user);
  await form.getByLabel('Password').fill(who.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('tr[data-project-id]').first().waitFor();
  await page.goto(`${APP}${path}`);
  return page;
}

const versionPath = (v) => `projects/${exp}/models/${MODEL}:v${v}`;

test('EDIT: move an alias after confirming what moves; MLflow holds it afterwards', async () => {
  const page = await signedIn(EDITOR, versionPath(1)); // m1 = registry v2
  const editor = page.getByRole('region', { name: `Aliases of ${REGISTERED} v2` });
  await editor.waitFor();
  const form = editor.getByRole('form', { name: `Set an alias on ${REGISTERED} v2` });
  await form.getByLabel('Alias').fill('production');
  await form.getByRole('button', { name: 'Set alias' }).click();
  const confirm = editor.getByRole('alertdialog', { name: 'Confirm moving the alias' });
  await confirm.waitFor();
  assert.match(await confirm.innerText(), /production: v1 → v2/);
  assert.equal(await aliasOf(REGISTERED, 'production'), '1', 'nothing written before confirming');
  await confirm.getByRole('button', { name: 'Move alias' }).click();
  const status = editor.getByRole('status');
  await status.waitFor();
  assert.match(await status.innerText(), new RegExp(`Saved: ${REGISTERED}@production → v2`));
  assert.equal(await aliasOf(REGISTERED, 'production'), '2');
  assert.equal(await editor.locator('.alias-chip[data-alias="production"]').count(), 1);
  assert.deepEqual(page.problems, []);
});

test('EDIT: add a logged model tag; add and remove a run tag; removing a logged model tag needs MANAGE', async () => {
  const page = await signedIn(EDITOR, versionPath(0));
  const form = page.getByRole('form', { name: 'Add or change a tag of this logged model' });
  await form.waitFor();
  await form.getByLabel('Tag key').fill('stage');
  await form.getByLabel('Tag value').fill('candidate');
  await form.getByRole('button', { name: 'Save tag' }).click();
  await form.getByRole('status').waitFor();
  assert.equal((await loggedModelTags(models[0])).stage, 'candidate');
  const row = page.locator('tr[data-tag-key="stage"]');
  assert.equal(await row.locator('td').first().innerText(), 'candidate');
  const remove = row.getByRole('button', { name: 'Remove tag stage' });
  assert.ok(await remove.isDisabled());
  assert.match(await remove.getAttribute('title'), /needs MANAGE on experiment \d+; you have EDIT/);

  await page.goto(`${APP}projects/${exp}/runs/${runId}`);
  const runForm = page.getByRole('form', { name: 'Add or change a tag of this run' });
  await runForm.waitFor();
  await runForm.getByLabel('Tag key').fill('reviewed');
  await runForm.getByLabel('Tag value').fill('yes');
  await runForm.getByRole('button', { name: 'Save tag' }).click();
  await page.locator('tr[data-tag-key="reviewed"]').waitFor();
  assert.equal((await runTags()).reviewed, 'yes');
  await page.getByRole('button', { name: 'Remove tag reviewed' }).click();
  await runForm.getByRole('status').filter({ hasText: 'Removed reviewed' }).waitFor();
  assert.equal(await page.locator('tr[data-tag-key="reviewed"]').count(), 0);
  assert.equal((await runTags()).reviewed, undefined);
  // a run tag longer than MLflow keeps (it would cut it to 8,000 silently) is refused here
  await runForm.getByLabel('Tag key').fill('long');
  await runForm.getByLabel('Tag value').fill('x'.repeat(10000));
  await runForm.getByRole('button', { name: 'Save tag' }).click();
  assert.match(await runForm.getByRole('alert').innerText(), /MLflow keeps at most 8,000 characters here \(this has 10,000\)\./);
  assert.equal((await runTags()).long, undefined);
  assert.deepEqual(page.problems, []);
});

test('EDIT: edit a run description as Markdown; MLflow holds the text, the page renders it safely', async () => {
  const page = await signedIn(EDITOR, `projects/${exp}/runs/${runId}`);
  const section = page.getByRole('region', { name: 'Description of this run' });
  await section.getByRole('button', { name: 'Edit description' }).click();
  const text = '# Run notes\n\nTrained with **more data**. [link](javascript:alert(1)) <img src=x onerror=alert(1)>';
  await section.getByLabel('Description (Markdown)').fill(text);
  await section.getByRole('button', { name: 'Save description' }).click();
  await section.getByRole('status').waitFor();
  assert.equal((await runTags())['mlflow.note.content'], text);
  assert.equal(await section.locator('.markdown h3').innerText(), 'Run notes');
  assert.equal(await section.locator('.markdown strong').innerText(), 'more data');
  assert.equal(await section.locator('.markdown a').count(), 0, 'javascript: is not a link');
  assert.equal(await page.locator('img').count(), 0);
  assert.deepEqual(page.problems, []);
});

test('EDIT: link a logged model to a new registered model with an alias, without a reload', async () => {
  const linked = `edit-linked-${stamp}`;
  const page = await signedIn(EDITOR, versionPath(3)); // m3: not registered
  const form = page.getByRole('form', { name: 'Link this model to the registry' });
  await form.waitFor();
  await form.getByLabel('Registered model name').fill(linked);
  await form.getByLabel('Alias for the new version').fill('staging');
  await form.getByRole('button', { name: 'Link to registry' }).click();
  const region = page.getByRole('region', { name: 'Link to registry' });
  await region.getByRole('status').filter({ hasText: `Linked: ${linked} v1` }).waitFor();
  await page.getByRole('region', { name: `Aliases of ${linked} v1` }).locator('.alias-chip[data-alias="staging"]').waitFor();
  const mv = (await ok('GET', `${A}/model-versions/get?name=${linked}&version=1`)).model_version;
  assert.equal(mv.source, `models:/${models[3]}`);
  assert.equal(mv.run_id, runId);
  assert.equal(await aliasOf(linked, 'staging'), '1');
  assert.deepEqual(page.problems, []);
});

test('READ: controls are disabled with the reason; a write forced anyway gets 403 and changes nothing', async () => {
  const page = await signedIn(READER, versionPath(0));
  const form = page.getByRole('form', { name: 'Add or change a tag of this logged model' });
  await form.waitFor();
  // (while MLflow is being asked the reason says so; wait for its answer)
  const reason = form.locator('.edit-reason');
  await reason.filter({ hasText: 'you have READ' }).waitFor();
  assert.match(await reason.innerText(), /^Changing tags needs EDIT on experiment \d+; you have READ\.$/);
  assert.ok(await form.getByRole('button', { name: 'Save tag' }).isDisabled());
  const aliasForm = page.getByRole('form', { name: `Set an alias on ${REGISTERED} v1` });
  assert.ok(await aliasForm.getByRole('button', { name: 'Set alias' }).isDisabled());
  const aliasReason = page.getByRole('region', { name: `Aliases of ${REGISTERED} v1` }).locator('.edit-reason');
  await aliasReason.filter({ hasText: 'you have READ' }).waitFor();
  assert.equal(await aliasReason.innerText(),
    `Setting or moving an alias needs EDIT on registered model ${REGISTERED}; you have READ.`);

  // force it: enable the controls from the page and send
  await form.evaluate((f) => f.querySelectorAll('[disabled]').forEach((e) => { e.disabled = false; }));
  await form.getByLabel('Tag key').fill('forced');
  await form.getByLabel('Tag value').fill('by-reader');
  await form.getByRole('button', { name: 'Save tag' }).click();
  const alert = form.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /MLflow refused the change \(403\)/);
  assert.equal(await form.getByLabel('Tag key').inputValue(), 'forced', 'input kept');
  assert.equal(await form.getByLabel('Tag value').inputValue(), 'by-reader');
  assert.equal((await loggedModelTags(models[0])).forced, undefined, 'nothing changed on the server');
  assert.match(await reason.innerText(), /MLflow refused this/);
  assert.ok(await form.getByRole('button', { name: 'Save tag' }).isDisabled(), 'disabled again, with MLflow\'s reason');
  // the same forced write straight at MLflow as the reader: 403 too
  const direct = await api('PATCH', `${A}/logged-models/${models[0]}/tags`, { tags: [{ key: 'forced', value: 'x' }] }, READER);
  assert.equal(direct.status, 403);
  assert.deepEqual(page.problems, []);
});

test('an alias another client moved between load and save is shown as it is now', async () => {
  await ok('POST', `${A}/registered-models/alias`, { name: REGISTERED, alias: 'champion', version: '1' });
  const page = await signedIn(EDITOR, versionPath(1)); // registry v2
  const editor = page.getByRole('region', { name: `Aliases of ${REGISTERED} v2` });
  await editor.waitFor();
  // the page loaded with champion on v1; someone else moves it to v3
  await ok('POST', `${A}/registered-models/alias`, { name: REGISTERED, alias: 'champion', version: '3' });
  const form = editor.getByRole('form', { name: `Set an alias on ${REGISTERED} v2` });
  await form.getByLabel('Alias').fill('champion');
  await form.getByRole('button', { name: 'Set alias' }).click();
  const confirm = editor.getByRole('alertdialog', { name: 'Confirm moving the alias' });
  await confirm.waitFor();
  const said = await confirm.innerText();
  assert.match(said, /champion was moved from v1 to v3 by someone else since this page loaded/);
  assert.match(said, /champion: v3 → v2/);
  assert.equal(await aliasOf(REGISTERED, 'champion'), '3', 'nothing written yet');
  await confirm.getByRole('button', { name: 'Move alias' }).click();
  await editor.getByRole('status').waitFor();
  assert.equal(await aliasOf(REGISTERED, 'champion'), '2');
  assert.deepEqual(page.problems, []);
});

test('hostile tag keys and values round-trip as text', async () => {
  const hostile = [
    ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>'],
    ['javascript:alert(1)', 'javascript:alert(document.cookie)'],
    ['\u202Eevil.exe', '\u202Etxt.exe \u05e9\u05dc\u05d5\u05dd'],
    ['long', 'y'.repeat(9999) + 'z'],
  ];
  const page = await signedIn(EDITOR, versionPath(2));
  const form = page.getByRole('form', { name: 'Add or change a tag of this logged model' });
  await form.waitFor();
  assert.equal(await page.locator('.tag-table tbody tr').count(), 0, 'starts without user tags');
  for (const [i, [k, v]] of hostile.entries()) {
    await form.getByLabel('Tag key').fill(k);
    await form.getByLabel('Tag value').fill(v);
    await form.getByRole('button', { name: 'Save tag' }).click();
    // each save re-reads the model: one more row, and the form cleared for the next tag
    await page.waitForFunction((n) => document.querySelectorAll('.tag-table tbody tr').length === n, i + 1);
    assert.equal(await form.getByLabel('Tag key').inputValue(), '');
  }
  const stored = await loggedModelTags(models[2]);
  for (const [k, v] of hostile) assert.equal(stored[k], v, `MLflow holds ${JSON.stringify(k)} exactly`);
  assert.equal(stored.long.length, 10000);
  const shown = await page.locator('.tag-table tbody tr').evaluateAll((rows) => rows.map((r) => [r.querySelector('th').textContent, r.querySelector('td').textContent]));
  for (const [k, v] of hostile) assert.ok(shown.some(([sk, sv]) => sk === k && sv === v), `shown as text: ${JSON.stringify(k)}`);
  assert.equal(await page.locator('.tag-table img, .tag-table script, .tag-table a').count(), 0);
  assert.deepEqual(page.problems, []);
});

test('EDIT on the registry: a registered model description and tags, and a model version tag', async () => {
  const page = await signedIn(EDITOR, `registry/${REGISTERED}`);
  const description = page.getByRole('region', { name: 'Description of this registered model' });
  await description.getByRole('button', { name: 'Edit description' }).click();
  const text = '## Champion models\n\nLoad with `@production`.';
  await description.getByLabel('Description (Markdown)').fill(text);
  await description.getByRole('button', { name: 'Save description' }).click();
  await description.getByRole('status').waitFor();
  const rm = async () => (await ok('GET', `${A}/registered-models/get?name=${REGISTERED}`)).registered_model;
  assert.equal((await rm()).description, text);
  assert.equal(await description.locator('.markdown h4').innerText(), 'Champion models');
  assert.equal(await description.locator('.markdown code').innerText(), '@production');

  const rmTags = page.getByRole('form', { name: 'Add or change a tag of this registered model' });
  await rmTags.getByLabel('Tag key').fill('team');
  await rmTags.getByLabel('Tag value').fill('vision');
  await rmTags.getByRole('button', { name: 'Save tag' }).click();
  await page.locator('.edit-tags tr[data-tag-key="team"]').waitFor();
  assert.deepEqual((await rm()).tags, [{ key: 'team', value: 'vision' }]);
  await page.getByRole('button', { name: 'Remove tag team' }).click();
  await rmTags.getByRole('status').filter({ hasText: 'Removed team' }).waitFor();
  assert.equal(((await rm()).tags || []).length, 0);

  await page.getByRole('button', { name: `Edit ${REGISTERED} v3` }).click();
  const mvEditor = page.getByRole('region', { name: `Edit ${REGISTERED} v3` });
  const mvTags = mvEditor.getByRole('form', { name: 'Add or change a tag of this model version' });
  await mvTags.getByLabel('Tag key').fill('validated');
  await mvTags.getByLabel('Tag value').fill('true');
  await mvTags.getByRole('button', { name: 'Save tag' }).click();
  await mvEditor.locator('tr[data-tag-key="validated"]').waitFor();
  const mv = (await ok('GET', `${A}/model-versions/get?name=${REGISTERED}&version=3`)).model_version;
  assert.deepEqual(mv.tags, [{ key: 'validated', value: 'true' }]);
  const remove = mvEditor.getByRole('button', { name: 'Remove tag validated' });
  assert.ok(await remove.isDisabled(), 'removing a model version tag needs MANAGE');
  assert.match(await remove.getAttribute('title'), /needs MANAGE on registered model .*; you have EDIT/);
  assert.deepEqual(page.problems, []);
});
