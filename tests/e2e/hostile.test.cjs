// Hostile data from MLflow (scripts/seed_hostile.py: script/HTML injections in names, tags,
// params, descriptions, file names, dataset sources and logged models; javascript: URLs; RTL
// text and bidi overrides; a 10,000-character run name) is rendered as text only: no dialog
// opens, no script or injected element runs, no link is built from data, layouts hold, and the
// app's Content-Security-Policy allows the app itself (no violations) but not inline scripts.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { APP_URL, launch, openPage } = require('./helpers.cjs');

const hostile = JSON.parse(fs.readFileSync(process.env.AE_HOSTILE_SUMMARY, 'utf8'));
const exp = hostile.experiment;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Everything that would show injected markup ran or a data-built link exists.
async function assertInert(page, where) {
  const found = await page.evaluate(() => ({
    injected: document.querySelectorAll('main img[src="x"], main svg[onload], main iframe, main script, [onerror], [onload]').length,
    jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => !/^(https?:|\/|#|\?)/i.test(a.getAttribute('href'))).map((a) => a.getAttribute('href')),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    pwned: window.__pwned === true,
  }));
  assert.equal(found.injected, 0, `${where}: injected elements`);
  assert.deepEqual(found.jsLinks, [], `${where}: links not built by the app`);
  assert.ok(found.overflow <= 1, `${where}: page is ${found.overflow}px wider than the window`);
  assert.equal(found.pwned, false, `${where}: injected script ran`);
}

test('the hostile project is listed with its name as text, and the list keeps its layout', async () => {
  const page = await openPage(browser);
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(APP_URL);
  const row = page.locator(`tr[data-project-id="${exp.id}"]`);
  await row.waitFor();
  assert.equal(await row.locator('th a').textContent(), exp.name);
  await page.waitForFunction((id) => /\d/.test(document.querySelector(`tr[data-project-id="${id}"] .run-count`)?.textContent || ''), exp.id);
  assert.equal(await row.locator('.run-count').innerText(), String(hostile.runs.length));
  await assertInert(page, 'projects');
  assert.deepEqual(page.problems, []);
});

test('every tab of the hostile project renders the data as text, and every link the page offers still works', async () => {
  const page = await openPage(browser);
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(`${APP_URL}projects/${exp.id}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), exp.name);
  // the heading of a 10,000-character name is clipped, not 10,000 characters of layout
  const h1 = await page.getByRole('heading', { level: 1 }).boundingBox();
  assert.ok(h1.height < 200, `h1 is ${h1.height}px high`);
  await assertInert(page, 'artifacts tab');

  await page.getByRole('tab', { name: 'Runs' }).click();
  await page.waitForURL(/tab=runs/);
  await page.locator('.runs-table tbody tr').first().waitFor();
  assert.equal(await page.locator('.runs-table tbody tr').count(), hostile.runs.length);
  const text = await page.locator('main').textContent();
  assert.ok(text.includes(hostile.payloads.img), 'the <img> payload is shown as text');
  assert.ok(text.includes(hostile.payloads.rtl), 'the RTL text is shown');
  assert.ok(text.includes('L'.repeat(200)), 'the long run name is in the page');
  await assertInert(page, 'runs tab');

  await page.getByRole('tab', { name: 'Sweeps' }).click();
  await page.waitForURL(/tab=sweeps/);
  await assertInert(page, 'sweeps tab');

  // follow every in-app link the project page offers (bounded): each page stays inert
  await page.goto(`${APP_URL}projects/${exp.id}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  const hrefs = [...new Set(await page.locator('main a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))))].slice(0, 25);
  for (const href of hrefs) {
    await page.goto(new URL(href, APP_URL).href);
    await page.locator('main').waitFor();
    await page.waitForLoadState('networkidle');
    await assertInert(page, href);
  }
  assert.deepEqual(page.problems, []);
});

test('right-to-left text and bidi overrides stay inside their own element', async () => {
  const page = await openPage(browser);
  await page.goto(`${APP_URL}projects/${exp.id}?tab=runs`);
  await page.locator('.runs-table tbody tr').first().waitFor();
  const leaks = await page.evaluate(() => [...document.querySelectorAll('main td, main th, main h1')]
    .filter((el) => /[\u0590-\u08ff\u202a-\u202e]/.test(el.textContent))
    .filter((el) => !['isolate', 'plaintext', 'isolate-override'].includes(getComputedStyle(el).unicodeBidi) && el.closest('[dir=auto]') === null)
    .map((el) => el.textContent.slice(0, 40)));
  assert.deepEqual(leaks, []);
  assert.deepEqual(page.problems, []);
});

test('the Content-Security-Policy blocks inline scripts that the app did not ship', async () => {
  const page = await openPage(browser);
  await page.goto(APP_URL);
  await page.locator('tr[data-project-id]').first().waitFor();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(csp, /unsafe-inline'[^;]*;?\s*(?=.*script-src)/);
  assert.ok(!/script-src[^;]*'unsafe-inline'/.test(csp), 'no unsafe-inline scripts');
  // an injected inline script does not run: once the browser has reported blocking it (the
  // positive signal), it has not set the flag
  const outcome = await page.evaluate(async () => {
    const blocked = new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
      setTimeout(() => resolve('no report within 10 s'), 10000); // a bound, not a wait
    });
    const s = document.createElement('script');
    s.textContent = 'window.__pwned = true';
    document.body.appendChild(s); // an inline script that is allowed runs right here
    const ranAtOnce = window.__pwned === true;
    return { directive: await blocked, pwned: ranAtOnce || window.__pwned === true };
  });
  assert.match(outcome.directive, /^script-src/);
  assert.equal(outcome.pwned, false);
  // that attempt is the only violation: drop it, nothing else may be reported
  const blocked = page.problems.filter((p) => /inline script|script-src-elem inline/i.test(p));
  assert.ok(blocked.length >= 1, 'the blocked script was reported');
  const others = page.problems.filter((p) => !blocked.includes(p));
  assert.deepEqual(others, []);
});
