// Serves a built dist/ the way a static host would (SPA fallback to index.html) and forwards
// MLflow's paths to a real MLflow server, so the app and the API share an origin.
//   node serve.cjs DIST_DIR PORT MLFLOW_URL [PREFIX]
// With PREFIX (e.g. /artifacts/) the app is served only under that path, as behind a reverse
// proxy that mounts it there: PREFIX/… is a file of DIST_DIR or index.html, PREFIX without its
// slash redirects, anything else that is not MLflow's is 404. MLflow stays at the origin's root.
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const [dist, port, mlflow, prefixArg] = process.argv.slice(2);
const prefix = prefixArg ? `/${prefixArg.replace(/^\/+|\/+$/g, '')}/` : '/';
const backend = new URL(mlflow);
const PROXIED = ['/api/', '/ajax-api/', '/graphql', '/get-artifact', '/health'];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

function proxy(req, res) {
  const upstream = http.request({
    host: backend.hostname, port: backend.port, method: req.method, path: req.url,
    headers: { ...req.headers, host: backend.host },
  }, (up) => { res.writeHead(up.statusCode, up.headers); up.pipe(res); });
  upstream.on('error', (e) => { res.writeHead(502, { 'content-type': 'text/plain' }); res.end(`bad gateway: ${e.code}`); });
  req.pipe(upstream);
}

function serveFile(req, res) {
  const url = new URL(req.url, 'http://x');
  if (`${url.pathname}/` === prefix) { res.writeHead(301, { location: prefix + url.search }); res.end(); return; }
  if (!url.pathname.startsWith(prefix)) { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found'); return; }
  const inside = url.pathname.slice(prefix.length - 1);
  let file = path.normalize(path.join(dist, decodeURIComponent(inside)));
  if (!file.startsWith(path.resolve(dist)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    file = path.join(dist, 'index.html'); // SPA fallback: deep links load the app
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
}

http.createServer((req, res) => {
  if (PROXIED.some((p) => req.url.startsWith(p))) proxy(req, res); else serveFile(req, res);
}).listen(Number(port), '127.0.0.1', () => console.log(`serving ${dist} on http://127.0.0.1:${port}${prefix} (MLflow: ${mlflow})`));
