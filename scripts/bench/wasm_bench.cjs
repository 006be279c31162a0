#!/usr/bin/env node
// Runs a benchmark example inside headless Chromium, on a wasm build of it made the way Trunk
// makes the app's (release profile, wasm-bindgen --target=web, wasm-opt at the app's level):
// scripts/bench/layout-vs-dagre (examples/layout_bench.rs) and scripts/bench/decode
// (examples/decode_bench.rs) build PKG_DIR and run this.
//
//   NODE_PATH=…/node_modules node wasm_bench.cjs PKG_DIR NAME INPUT [--runs N]
//
// PKG_DIR holds NAME.js and NAME_bg.wasm, whose export NAME(inputText, runs) returns the line to
// print (the line the native benchmark prints, timed with performance.now() in the page, on the
// page's main thread as in the app). INPUT is fetched as text; N defaults to 7.
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

function usage(msg) {
  process.stderr.write(`wasm_bench: ${msg}\nusage: wasm_bench.cjs PKG_DIR NAME INPUT [--runs N]\n`);
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
if (files.length !== 3) usage('needs PKG_DIR, NAME and INPUT');
const [pkg, name, inputFile] = files;
if (!/^[a-z_][a-z0-9_]*$/.test(name)) usage(`NAME must be an identifier, not ${name}`);
for (const f of [`${name}.js`, `${name}_bg.wasm`]) {
  if (!fs.existsSync(path.join(pkg, f))) usage(`${pkg} has no ${f}`);
}

const page = `<!DOCTYPE html><meta charset="utf-8"><title>${name}</title>
<script type="module">
import init, { ${name} } from './${name}.js';
window.bench = async (runs) => {
  await init();
  const text = await (await fetch('input')).text();
  return ${name}(text, runs);
};
window.ready = true;
</script>`;
const routes = {
  '/': ['text/html; charset=utf-8', () => page],
  [`/${name}.js`]: ['text/javascript', () => fs.readFileSync(path.join(pkg, `${name}.js`))],
  [`/${name}_bg.wasm`]: ['application/wasm', () => fs.readFileSync(path.join(pkg, `${name}_bg.wasm`))],
  '/input': ['application/json', () => fs.readFileSync(inputFile)],
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
  process.stderr.write(`wasm_bench: ${e.message}\n`);
  process.exit(1);
});
