// Serves a built dist/ the way a static host would (SPA fallback to index.html) and forwards
// MLflow's paths to a real MLflow server, so the app and the API share an origin.
//   node serve.cjs DIST_DIR PORT MLFLOW_URL
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const [dist, port, mlflow] = process.argv.slice(2);
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
  let file = path.normalize(path.join(dist, decodeURIComponent(url.pathname)));
  if (!file.startsWith(path.resolve(dist)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    file = path.join(dist, 'index.html'); // SPA fallback: deep links load the app
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
}

http.createServer((req, res) => {
  if (PROXIED.some((p) => req.url.startsWith(p))) proxy(req, res); else serveFile(req, res);
}).listen(Number(port), '127.0.0.1', () => console.log(`serving ${dist} on http://127.0.0.1:${port}/ (MLflow: ${mlflow})`));
