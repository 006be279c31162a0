// Trunk post-build hook (issue 14): splits the app's wasm at its split point (every page but the
// projects list, src/pages/deferred.rs), the way `cargo leptos --split` does, then fills in the
// CSP (scripts/csp_hash.cjs).
//
// Trunk cannot split by itself: the split has to run on cargo's raw wasm (linked with
// `--emit-relocs`, see build.rs) before wasm-bindgen, which drops the relocations.
// So this hook redoes the end of Trunk's pipeline from cargo's wasm, and replaces what Trunk
// staged under the same (content-hashed: Trunk hashes cargo's wasm) names:
//   1. wasm-split-cli (crates.io `wasm_split_cli_support`, feature build-binary): the main module,
//      one `split_<name>.wasm` per split point, `chunk_<n>.wasm` for code two split points share,
//      and `__wasm_split.js`, which the main module imports the chunk loaders from;
//   2. wasm-bindgen on the main module, with --keep-lld-exports (the chunks import the function
//      table and globals from it);
//   3. wasm-opt at the level Trunk.toml gives this hook (--wasm-opt=z) on the main module and on
//      every chunk (index.html has data-wasm-opt="0": Trunk's own run would be thrown away);
//   4. chunk and loader names get Trunk's hash; index.html's integrity attributes are recomputed,
//      the loader gets a modulepreload with its integrity (it is imported by the main JS in any
//      case), and the loader fetches each chunk with the chunk's integrity.
// Chunks are fetched relative to the loader's URL (`new URL("./x.wasm", import.meta.url)`), so a
// deployment under a sub-path keeps working.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');

const staging = process.env.TRUNK_STAGING_DIR;
const release = process.env.TRUNK_PROFILE === 'release';
// the app's wasm-opt level, from Trunk.toml's hook arguments (`--wasm-opt=z`)
const optArg = process.argv.slice(2).find((a) => a.startsWith('--wasm-opt='));
if (!optArg) throw new Error('split_wasm: Trunk.toml gives the hook no --wasm-opt=LEVEL');
const optLevel = optArg.slice('--wasm-opt='.length);
if (!staging) throw new Error('split_wasm: run as a Trunk hook (TRUNK_STAGING_DIR unset)');

function run(cmd, args) {
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
}

function split() {
  const html = path.join(staging, 'index.html');
  // the app's wasm carries Trunk's hash (a u64 in hex, without leading zeros: 1 to 16 digits);
  // the layout worker's (layout-worker_bg.wasm) has none, and no split point
  const bgs = fs.readdirSync(staging).filter((f) => /-[0-9a-f]{1,16}_bg\.wasm$/.test(f));
  if (bgs.length !== 1) throw new Error(`split_wasm: expected one hashed *_bg.wasm in ${staging}, found ${bgs.join(', ') || 'none'}`);
  const stem = bgs[0].slice(0, -'_bg.wasm'.length); // artifact-explorer-<hash>
  const hash = stem.slice(stem.lastIndexOf('-') + 1);
  const bin = stem.slice(0, stem.lastIndexOf('-'));

  const manifest = path.join(process.env.TRUNK_SOURCE_DIR || '.', 'Cargo.toml');
  const meta = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--manifest-path', manifest], { encoding: 'utf8' }));
  const raw = path.join(meta.target_directory, 'wasm32-unknown-unknown', release ? 'release' : 'debug', `${bin}.wasm`);
  const input = fs.readFileSync(raw);
  if (!input.includes('__wasm_split_placeholder__')) {
    throw new Error(`split_wasm: ${raw} has no split point: was it built without the \`split\` feature (index.html)?`);
  }

  // a folder of its own: two builds at once (the tests and the demo) must not share one
  const work = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'ae-split-'));
  try {
    place(work, { html, stem, hash, raw });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function place(work, { html, stem, hash, raw }) {
  fs.mkdirSync(path.join(work, 'bindgen'));
  // the tools Trunk.toml pins for its own steps, checked here: this hook runs them itself
  const pins = fs.readFileSync(path.join(__dirname, 'versions.env'), 'utf8');
  const pin = (name) => (pins.match(new RegExp(`^${name}=(\\S+)`, 'm')) || [])[1];
  const bindgen = execFileSync('wasm-bindgen', ['--version'], { encoding: 'utf8' }).trim();
  if (bindgen !== `wasm-bindgen ${pin('WASM_BINDGEN_VERSION')}`) throw new Error(`split_wasm: ${bindgen}, want ${pin('WASM_BINDGEN_VERSION')}`);
  run('wasm-split-cli', ['--out-name', stem, raw, work]);
  run('wasm-bindgen', ['--target=web', '--no-typescript', '--keep-lld-exports', '--no-demangle',
    `--out-dir=${path.join(work, 'bindgen')}`, `--out-name=${stem}`, path.join(work, `${stem}.wasm`)]);

  const chunks = fs.readdirSync(work).filter((f) => /^(split|chunk)_.*\.wasm$/.test(f));
  const mainWasm = path.join(work, 'bindgen', `${stem}_bg.wasm`);
  if (release) {
    const opt = execFileSync('wasm-opt', ['--version'], { encoding: 'utf8' }).trim();
    if (!opt.includes(`version ${pin('BINARYEN_VERSION')}`)) throw new Error(`split_wasm: ${opt}, want version ${pin('BINARYEN_VERSION')}`);
    const flags = [`-O${optLevel}`, '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
      '--enable-sign-ext', '--enable-mutable-globals'];
    // scripts/bench/bundle analyses the pieces: it gets them as wasm-opt found them, and its flags
    const keep = process.env.AE_SPLIT_KEEP;
    if (keep) {
      fs.mkdirSync(keep, { recursive: true });
      fs.copyFileSync(mainWasm, path.join(keep, 'main.wasm'));
      for (const c of chunks) fs.copyFileSync(path.join(work, c), path.join(keep, c));
      fs.writeFileSync(path.join(keep, 'wasm-opt-flags'), `${flags.join(' ')}\n`);
    }
    for (const f of [mainWasm, ...chunks.map((c) => path.join(work, c))]) run('wasm-opt', [...flags, f, '-o', f]);
  }

  const sri = (f) => `sha384-${crypto.createHash('sha384').update(fs.readFileSync(path.join(staging, f))).digest('base64')}`;
  // Trunk's hash on the loader and the chunks: a new build never reuses a cached old chunk.
  const loaderName = `__wasm_split-${hash}.js`;
  let loader = fs.readFileSync(path.join(work, '__wasm_split.js'), 'utf8');
  for (const c of chunks) {
    const hashed = c.replace(/\.wasm$/, `-${hash}.wasm`);
    fs.copyFileSync(path.join(work, c), path.join(staging, hashed));
    // the loader is preloaded with its integrity (below); it checks each chunk's in turn
    const fetchCall = `fetch(new URL("./${c}", import.meta.url))`;
    if (!loader.includes(fetchCall)) throw new Error(`split_wasm: the loader does not fetch ./${c} as expected`);
    loader = loader.split(fetchCall).join(`fetch(new URL("./${hashed}", import.meta.url), { integrity: "${sri(hashed)}" })`);
  }
  fs.writeFileSync(path.join(staging, loaderName), loader);
  let js = fs.readFileSync(path.join(work, 'bindgen', `${stem}.js`), 'utf8');
  // only the module specifier: the imports object keeps the wasm's own import module name
  const from = 'from "./__wasm_split.js"';
  if (!js.includes(from)) throw new Error('split_wasm: the main JS does not import ./__wasm_split.js');
  js = js.split(from).join(`from "./${loaderName}"`);
  fs.writeFileSync(path.join(staging, `${stem}.js`), js);
  fs.copyFileSync(mainWasm, path.join(staging, `${stem}_bg.wasm`));

  // index.html: Trunk's integrity attributes were of the files replaced above.
  let page = fs.readFileSync(html, 'utf8');
  for (const f of [`${stem}.js`, `${stem}_bg.wasm`]) {
    const re = new RegExp(`(href="\\./${f.replace(/[.]/g, '\\.')}"[^>]*integrity=")[^"]*"`);
    if (!re.test(page)) throw new Error(`split_wasm: no integrity for ${f} in index.html`);
    page = page.replace(re, `$1${sri(f)}"`);
  }
  page = page.replace('</head>', `<link rel="modulepreload" href="./${loaderName}" crossorigin="anonymous" integrity="${sri(loaderName)}"></head>`);
  fs.writeFileSync(html, page);
  const size = (f) => fs.statSync(path.join(staging, f)).size;
  console.log(`split_wasm: main ${size(`${stem}_bg.wasm`)} bytes; ${chunks.length} chunk(s): ${chunks.map((c) => `${c} ${fs.statSync(path.join(work, c)).size}`).join(', ')}`);
}

split();
// One hook, in order: both rewrite index.html, and Trunk runs hooks of a stage concurrently.
run('node', [path.join(__dirname, 'csp_hash.cjs')]);
