//! Manifest model benchmark: `cargo run --release --example manifest_bench`.
//!
//! Builds synthetic manifests of 100,000 and 1,000,000 entries with realistic nested paths
//! (depth 1–6, log-normal-ish sizes, deterministic PRNG) and prints one line per size:
//! `entries=N build_ms=… sort_ms=… filter_ms=… dom_rows=…` — medians of a few runs of
//! building the model (tree included), sorting by size, filtering by `*.safetensors`, and the
//! rows a 800 px viewport renders (28 px rows, overscan 8). Goals: each time ≤ 50 ms at
//! 100,000 and ≤ 500 ms at 1,000,000 entries.

use std::hint::black_box;
use std::time::Instant;

use artifact_explorer::manifest::{window, Manifest, ManifestEntry, Query, SortDir, SortKey};

/// splitmix64: tiny, deterministic, good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Approximately normal (Irwin–Hall of 4 uniforms, rescaled).
    fn normal(&mut self) -> f64 {
        let s: f64 = (0..4).map(|_| self.unit()).sum();
        (s - 2.0) * (3.0f64).sqrt()
    }
    /// Log-normal-ish size around `median` bytes.
    fn size(&mut self, median: f64, sigma: f64) -> u64 {
        (median * (sigma * self.normal()).exp()) as u64
    }
}

fn synthetic(n: usize, seed: u64) -> Vec<ManifestEntry> {
    let mut rng = Rng(seed);
    let mut out = Vec::with_capacity(n);
    for i in 0..n as u64 {
        let (path, size) = match rng.below(100) {
            0..=19 => (
                format!(
                    "checkpoints/epoch_{:03}/shard-{:05}-of-00128.safetensors",
                    i / 128,
                    i % 128
                ),
                rng.size(2.0e9, 0.5),
            ),
            20..=44 => (
                format!(
                    "data/{}/part-{:06}.parquet",
                    ["train", "validation", "test"][rng.below(3) as usize],
                    i
                ),
                rng.size(1.2e8, 1.0),
            ),
            45..=74 => (
                format!("images/class_{:02}/img_{:06}.png", rng.below(100), i),
                rng.size(1.5e5, 0.8),
            ),
            75..=94 => (
                format!(
                    "logs/2024-05-{:02}/worker_{}/rank_{}/tb/events.out.tfevents.{}",
                    1 + rng.below(28),
                    rng.below(8),
                    rng.below(4),
                    1_700_000_000 + i
                ),
                rng.size(4.0e4, 1.5),
            ),
            _ => (
                format!(
                    "{}_{i}.json",
                    ["config", "metrics", "tokenizer", "README"][rng.below(4) as usize]
                ),
                rng.size(2.0e3, 1.0),
            ),
        };
        let size = (rng.below(100) != 0).then_some(size);
        out.push(ManifestEntry::new(path, size));
    }
    out
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    for (n, runs) in [(100_000usize, 7usize), (1_000_000, 5)] {
        let entries = synthetic(n, 0x5eed ^ n as u64);
        let (mut build, mut sort, mut filter) = (Vec::new(), Vec::new(), Vec::new());
        let mut dom_rows = 0;
        for _ in 0..runs {
            let input = entries.clone();
            let t = Instant::now();
            let manifest = Manifest::new(input);
            build.push(ms(t));

            let t = Instant::now();
            let sorted = manifest.sorted(SortKey::Size, SortDir::Asc);
            sort.push(ms(t));
            black_box(&sorted);

            let t = Instant::now();
            let query = Query::parse("*.safetensors");
            let matches = manifest.filter(&query);
            filter.push(ms(t));
            black_box(&matches);

            let total = sorted.len();
            let scroll = (total as f64 * 28.0) / 2.0 + 13.0;
            dom_rows = window(total, 28.0, 800.0, scroll, 8).rows.len();
        }
        println!(
            "entries={n} build_ms={:.1} sort_ms={:.1} filter_ms={:.1} dom_rows={dom_rows}",
            median(build),
            median(sort),
            median(filter)
        );
    }
}
