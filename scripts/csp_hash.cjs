// Trunk post-build hook: puts the sha256 of every inline <script> Trunk generated (its wasm
// loader; `trunk serve`'s reload script) into index.html's Content-Security-Policy, in place of
// the __INLINE_SCRIPT_HASHES__ marker. Without this hook the marker stays, the loader is
// blocked and the app does not start: a CSP that cannot silently fall back to allowing inline
// scripts. Run by Trunk with TRUNK_STAGING_DIR set (see Trunk.toml), or: node csp_hash.cjs FILE
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const file = process.argv[2] || path.join(process.env.TRUNK_STAGING_DIR || '', 'index.html');
let html = fs.readFileSync(file, 'utf8');
const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${crypto.createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}
if (!html.includes('__INLINE_SCRIPT_HASHES__')) {
  console.error(`csp_hash: no __INLINE_SCRIPT_HASHES__ marker in ${file}`);
  process.exit(1);
}
html = html.replace('__INLINE_SCRIPT_HASHES__', hashes.join(' ') || "'none'");
fs.writeFileSync(file, html);
console.log(`csp_hash: ${hashes.length} inline script hash(es) in ${file}`);
