//! Metrics on a finished drawing: crossings counted on the routes themselves, the way
//! `scripts/bench/dagre_bench.js` counts them on dagre.js's, so the two compare.

use super::Layout;

/// Number of pairs of route segments that properly intersect (cross at one point
/// interior to both); segments that share an endpoint, touch, or overlap
/// collinearly do not count. Segments are bucketed on a grid, so it stays fast on
/// 10,000-node drawings.
pub fn count_geometric_crossings(layout: &Layout) -> u64 {
    count_polyline_crossings(&layout.edges)
}

/// [`count_geometric_crossings`] on bare polylines.
pub fn count_polyline_crossings(polylines: &[Vec<(f64, f64)>]) -> u64 {
    let mut segs: Vec<[f64; 4]> = Vec::new();
    for pl in polylines {
        for w in pl.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a != b && a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite() {
                segs.push([a.0, a.1, b.0, b.1]);
            }
        }
    }
    if segs.len() < 2 {
        return 0;
    }
    let (mut minx, mut miny) = (f64::INFINITY, f64::INFINITY);
    let mut extents: Vec<f64> = Vec::with_capacity(segs.len());
    for s in &segs {
        minx = minx.min(s[0]).min(s[2]);
        miny = miny.min(s[1]).min(s[3]);
        extents.push((s[2] - s[0]).abs().max((s[3] - s[1]).abs()));
    }
    let mid = extents.len() / 2;
    extents.select_nth_unstable_by(mid, f64::total_cmp);
    let cell = extents[mid].max(1e-6);
    let eps = 1e-7 * cell;
    let mut entries: Vec<(u64, u32)> = Vec::new();
    for (i, s) in segs.iter().enumerate() {
        let (x1, y1, x2, y2) = if s[0] <= s[2] {
            (s[0], s[1], s[2], s[3])
        } else {
            (s[2], s[3], s[0], s[1])
        };
        let c0 = ((x1 - eps - minx) / cell).floor().max(0.0) as u64;
        let c1 = ((x2 + eps - minx) / cell).floor().max(0.0) as u64;
        for cx in c0..=c1 {
            let sx0 = minx + cx as f64 * cell;
            let (ya, yb) = if x2 > x1 {
                let xa = x1.max(sx0);
                let xb = x2.min(sx0 + cell);
                let t = |x: f64| y1 + (y2 - y1) * ((x - x1) / (x2 - x1)).clamp(0.0, 1.0);
                (t(xa), t(xb))
            } else {
                (y1, y2)
            };
            let (lo, hi) = if ya <= yb { (ya, yb) } else { (yb, ya) };
            let r0 = ((lo - eps - miny) / cell).floor().max(0.0) as u64;
            let r1 = ((hi + eps - miny) / cell).floor().max(0.0) as u64;
            for cy in r0..=r1 {
                entries.push(((cx << 32) | cy, i as u32));
            }
        }
    }
    entries.sort_unstable();
    let mut found: Vec<u64> = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let mut j = i;
        while j < entries.len() && entries[j].0 == entries[i].0 {
            j += 1;
        }
        for a in i..j {
            for b in a + 1..j {
                let (p, q) = (entries[a].1, entries[b].1);
                if p != q && proper_intersection(&segs[p as usize], &segs[q as usize]) {
                    found.push(((p.min(q) as u64) << 32) | p.max(q) as u64);
                }
            }
        }
        i = j;
    }
    found.sort_unstable();
    found.dedup();
    found.len() as u64
}

pub(super) fn proper_intersection(s: &[f64; 4], t: &[f64; 4]) -> bool {
    let orient = |ax: f64, ay: f64, bx: f64, by: f64, cx: f64, cy: f64| -> f64 {
        (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    };
    let o1 = orient(s[0], s[1], s[2], s[3], t[0], t[1]);
    let o2 = orient(s[0], s[1], s[2], s[3], t[2], t[3]);
    let o3 = orient(t[0], t[1], t[2], t[3], s[0], s[1]);
    let o4 = orient(t[0], t[1], t[2], t[3], s[2], s[3]);
    ((o1 > 0.0 && o2 < 0.0) || (o1 < 0.0 && o2 > 0.0))
        && ((o3 > 0.0 && o4 < 0.0) || (o3 < 0.0 && o4 > 0.0))
}
