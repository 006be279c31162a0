#!/usr/bin/env node
// Peer benchmark for the lineage layout: lays out the same JSON graph with dagre.js.
//
// Needs @dagrejs/dagre 1.1.8, found by `require` through the NODE_PATH environment
// variable, which must name a node_modules folder holding it, e.g.
//   npm install --prefix "$DIR" @dagrejs/dagre@1.1.8
//   NODE_PATH="$DIR/node_modules" node dagre_bench.js g.json [--runs N] [--out OUT.json]
//
// Input: {"nodes":[{"id":"a0","kind":"artifact"},…],"edges":[{"from":"a0","to":"r0"},…]}.
// All nodes are 160×40, rankdir LR, other options dagre's defaults. Prints
// `nodes=N edges=E layout_ms=T crossings=C`: T is the median of N runs (default 1),
// C the pairs of edge polyline segments that properly intersect (segments sharing an
// endpoint, touching or collinear do not count), counted on dagre's edge points with
// the same definition and algorithm as `layout::count_polyline_crossings` in Rust.
'use strict';

const fs = require('fs');
const dagre = require('@dagrejs/dagre');

function usage(msg) {
  process.stderr.write(`dagre_bench: ${msg}\nusage: dagre_bench.js FILE.json [--runs N] [--out OUT.json]\n`);
  process.exit(2);
}

function properIntersection(s, t) {
  const orient = (ax, ay, bx, by, cx, cy) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const o1 = orient(s[0], s[1], s[2], s[3], t[0], t[1]);
  const o2 = orient(s[0], s[1], s[2], s[3], t[2], t[3]);
  const o3 = orient(t[0], t[1], t[2], t[3], s[0], s[1]);
  const o4 = orient(t[0], t[1], t[2], t[3], s[2], s[3]);
  return ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0));
}

// polylines: array of arrays of [x, y]. Mirrors count_polyline_crossings (Rust).
function countPolylineCrossings(polylines) {
  const segs = [];
  for (const pl of polylines) {
    for (let i = 0; i + 1 < pl.length; i++) {
      const a = pl[i];
      const b = pl[i + 1];
      if ((a[0] !== b[0] || a[1] !== b[1]) && [a[0], a[1], b[0], b[1]].every(Number.isFinite)) {
        segs.push([a[0], a[1], b[0], b[1]]);
      }
    }
  }
  if (segs.length < 2) return 0;
  let minx = Infinity;
  let miny = Infinity;
  const extents = [];
  for (const s of segs) {
    minx = Math.min(minx, s[0], s[2]);
    miny = Math.min(miny, s[1], s[3]);
    extents.push(Math.max(Math.abs(s[2] - s[0]), Math.abs(s[3] - s[1])));
  }
  extents.sort((a, b) => a - b);
  const cell = Math.max(extents[Math.floor(extents.length / 2)], 1e-6);
  const eps = 1e-7 * cell;
  const cells = new Map();
  segs.forEach((s, i) => {
    let [x1, y1, x2, y2] = s;
    if (x1 > x2) [x1, y1, x2, y2] = [x2, y2, x1, y1];
    const c0 = Math.max(0, Math.floor((x1 - eps - minx) / cell));
    const c1 = Math.max(0, Math.floor((x2 + eps - minx) / cell));
    for (let cx = c0; cx <= c1; cx++) {
      const sx0 = minx + cx * cell;
      let ya;
      let yb;
      if (x2 > x1) {
        const t = (x) => y1 + (y2 - y1) * Math.min(1, Math.max(0, (x - x1) / (x2 - x1)));
        ya = t(Math.max(x1, sx0));
        yb = t(Math.min(x2, sx0 + cell));
      } else {
        ya = y1;
        yb = y2;
      }
      const lo = Math.min(ya, yb);
      const hi = Math.max(ya, yb);
      const r0 = Math.max(0, Math.floor((lo - eps - miny) / cell));
      const r1 = Math.max(0, Math.floor((hi + eps - miny) / cell));
      for (let cy = r0; cy <= r1; cy++) {
        const key = `${cx},${cy}`;
        let list = cells.get(key);
        if (!list) cells.set(key, (list = []));
        list.push(i);
      }
    }
  });
  const found = new Set();
  for (const list of cells.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const p = list[a];
        const q = list[b];
        if (p !== q && properIntersection(segs[p], segs[q])) {
          found.add(Math.min(p, q) * 67108864 + Math.max(p, q));
        }
      }
    }
  }
  return found.size;
}

function main() {
  const args = process.argv.slice(2);
  let file = null;
  let out = null;
  let runs = 1;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--runs') {
      runs = parseInt(args[++i], 10);
      if (!(runs > 0)) usage('--runs needs a positive number');
    } else if (args[i] === '--out') {
      out = args[++i];
      if (!out) usage('--out needs a path');
    } else if (file === null && !args[i].startsWith('--')) {
      file = args[i];
    } else {
      usage(`unexpected argument ${args[i]}`);
    }
  }
  if (file === null) usage('no input file');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = doc.nodes || [];
  const edges = doc.edges || [];
  const times = [];
  let g = null;
  for (let r = 0; r < runs; r++) {
    g = new dagre.graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: 'LR' });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of nodes) g.setNode(n.id, { width: 160, height: 40 });
    edges.forEach((e, i) => g.setEdge(e.from, e.to, {}, `e${i}`));
    const t0 = process.hrtime.bigint();
    dagre.layout(g);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const polylines = edges.map((e, i) => g.edge({ v: e.from, w: e.to, name: `e${i}` }).points.map((p) => [p.x, p.y]));
  const crossings = countPolylineCrossings(polylines);
  console.log(`nodes=${nodes.length} edges=${edges.length} layout_ms=${median.toFixed(1)} crossings=${crossings}`);
  if (out) {
    const outNodes = nodes.map((n) => {
      const d = g.node(n.id);
      return { id: n.id, x: d.x - d.width / 2, y: d.y - d.height / 2, width: d.width, height: d.height };
    });
    const outEdges = edges.map((e, i) => ({ from: e.from, to: e.to, points: polylines[i] }));
    fs.writeFileSync(out, JSON.stringify({ nodes: outNodes, edges: outEdges }));
  }
}

main();
