#!/usr/bin/env node
// Times the lineage layout inside headless Chromium, on a wasm build of examples/layout_bench.rs
// made the way Trunk makes the app's (release profile, wasm-bindgen --target=web, wasm-opt -Oz):
// scripts/bench/layout-vs-dagre builds PKG_DIR and runs this for each graph.
//
//   NODE_PATH=…/node_modules node layout_wasm.cjs PKG_DIR GRAPH.json [--runs N]
//
// PKG_DIR holds layout_bench.js and layout_bench_bg.wasm. Prints the line the native benchmark
// prints (`nodes=N edges=E layout_ms=T crossings=C`, T the median of N runs, default 7), timed
// with performance.now() in the page, on the page's main thread as in the app.
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

function usage(msg) {
  process.stderr.write(`layout_wasm: ${msg}\nusage: layout_wasm.cjs PKG_DIR GRAPH.json [--runs N]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let runs = 7;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') {
    runs = Number(args[++i]);
    if (!Number.isInteger(runs) || runs < 1) usage('--runs needs a positive number');
  } else files.push(args[i]);
}
if (files.length !== 2) usage('needs PKG_DIR and GRAPH.json');
const [pkg, graphFile] = files;
for (const f of ['layout_bench.js', 'layout_bench_bg.wasm']) {
  if (!fs.existsSync(path.join(pkg, f))) usage(`${pkg} has no ${f}`);
}

const page = `<!DOCTYPE html><meta charset="utf-8"><title>layout bench</title>
<script type="module">
import init, { layout_bench } from './layout_bench.js';
window.bench = async (runs) => {
  await init();
  const json = await (await fetch('graph.json')).text();
  return layout_bench(json, runs);
};
window.ready = true;
</script>`;
const routes = {
  '/': ['text/html; charset=utf-8', () => page],
  '/layout_bench.js': ['text/javascript', () => fs.readFileSync(path.join(pkg, 'layout_bench.js'))],
  '/layout_bench_bg.wasm': ['application/wasm', () => fs.readFileSync(path.join(pkg, 'layout_bench_bg.wasm'))],
  '/graph.json': ['application/json', () => fs.readFileSync(graphFile)],
};
const server = http.createServer((req, res) => {
  const f = routes[new URL(req.url, 'http://x').pathname];
  if (!f) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': f[0] });
  res.end(f[1]());
});

(async () => {
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const tab = await browser.newPage();
    const errors = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    await tab.waitForFunction(() => window.ready === true, null, { timeout: 60000 });
    const line = await tab.evaluate((n) => window.bench(n), runs);
    if (errors.length) throw new Error(errors.join('; '));
    console.log(line);
  } finally {
    await browser.close();
    server.close();
  }
})().catch((e) => {
  process.stderr.write(`layout_wasm: ${e.message}\n`);
  process.exit(1);
});
