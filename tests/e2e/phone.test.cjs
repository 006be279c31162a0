// On a phone (390 × 844): the projects, project, collection, version and run pages and the
// lineage graph. The page itself never scrolls sideways; nothing is cut off at the right edge
// unless it sits in a box of its own that scrolls (a table) or clips on purpose (an ellipsis);
// no table header is narrower than its longest word (columns crushed to one letter per line
// were the bug); the lineage canvas fits the width.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { APP_URL, summary, launch, openPage } = require('./helpers.cjs');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const demo = summary.experiment;
const sweep = summary.sweep;
const versionLabel = `sweep-model:v${summary.logged_models['sweep-model'].indexOf(sweep.best_model_id)}`;

const PAGES = [
  ['projects', APP_URL, `tr[data-project-id="${demo.id}"]`],
  ['project', `${APP_URL}projects/${demo.id}`, '.collections-table tbody tr'],
  ['project runs', `${APP_URL}projects/${demo.id}?tab=runs`, '.runs-table tbody tr'],
  ['collection', `${APP_URL}projects/${demo.id}/models/sweep-model`, '.versions-table tbody tr'],
  ['version', `${APP_URL}projects/${demo.id}/models/${versionLabel}`, 'main h1'],
  ['run', `${APP_URL}projects/${demo.id}/runs/${summary.runs['evaluate-champion']}`, 'main table tbody tr'],
];

// Everything measured in the page: sideways scrolling, content cut off at the right edge
// outside a box of its own, and table headers narrower than their longest word.
async function layoutProblems(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const problems = [];
    if (document.documentElement.scrollWidth > width + 1) {
      problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px in ${width}px`);
    }
    const main = document.querySelector('main');
    const hidden = (el) => el.closest('.visually-hidden, [aria-hidden="true"] .visually-hidden');
    const boxed = (el) => {
      for (let a = el.parentElement; a && a !== main && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX !== 'visible' && a.getBoundingClientRect().right <= width + 1) return true;
      }
      return false;
    };
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || hidden(el) || el.closest('svg')) continue;
      if (r.right > width + 1 && !boxed(el)) {
        problems.push(`cut off at the right edge (${Math.round(r.right)}px): <${el.tagName.toLowerCase()} class="${el.className}"> ${el.textContent.trim().slice(0, 40)}`);
        if (problems.length > 5) break;
      }
    }
    const ctx = document.createElement('canvas').getContext('2d');
    for (const th of document.querySelectorAll('main thead th')) {
      if (th.getBoundingClientRect().width === 0) continue;
      const s = getComputedStyle(th);
      ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      const words = [];
      const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!hidden(n.parentElement)) words.push(...n.textContent.split(/\s+/).filter(Boolean));
      }
      const longest = words.reduce((best, w) => (ctx.measureText(w).width > ctx.measureText(best).width ? w : best), '');
      const content = th.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      if (longest && content + 0.5 < ctx.measureText(longest).width) {
        problems.push(`header "${th.textContent.trim()}" is ${content.toFixed(0)}px, its word "${longest}" needs ${ctx.measureText(longest).width.toFixed(0)}px`);
      }
    }
    return problems;
  });
}

async function openPhone() {
  const page = await openPage(browser);
  await page.setViewportSize({ width: 390, height: 844 });
  return page;
}

for (const [name, url, ready] of PAGES) {
  test(`at 390 × 844 the ${name} page fits: no sideways page, readable table headers`, async () => {
    const page = await openPhone();
    await page.goto(url);
    await page.locator(ready).first().waitFor();
    await page.locator('.status[data-state="ok"]').waitFor();
    // loaded cells (counts, names) change widths: measure once the page is quiet
    await page.waitForLoadState('networkidle');
    assert.ok(await page.locator('main table').count() > 0 || name === 'version', `${name} has a table`);
    assert.deepEqual(await layoutProblems(page), [], name);
    assert.deepEqual(page.problems, []);
  });
}

test('at 390 × 844 the lineage canvas fits the width, its panel below it', async () => {
  const page = await openPhone();
  await page.goto(`${APP_URL}projects/${demo.id}/lineage?focus=${encodeURIComponent(`model:${sweep.best_model_id}`)}`);
  const champion = page.locator(`g.lnode[data-node-id="model:${sweep.best_model_id}"]`);
  await champion.waitFor();
  await page.locator('.lineage-progress').waitFor({ state: 'detached' });
  const svg = await page.locator('svg.lineage-svg').boundingBox();
  assert.ok(svg.x >= 0 && svg.x + svg.width <= 390 + 1, `canvas from ${svg.x} to ${svg.x + svg.width}`);
  assert.ok(svg.width >= 300, `canvas is ${svg.width}px wide`);
  await champion.click();
  const panel = await page.locator('aside.lineage-panel').boundingBox();
  assert.ok(panel.y >= svg.y + svg.height - 1 && panel.x + panel.width <= 390 + 1, 'the panel sits below the canvas');
  assert.deepEqual(await layoutProblems(page), []);
  assert.deepEqual(page.problems, []);
});
