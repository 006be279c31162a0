//! Generates a lineage-shaped graph as JSON for `layout_bench` and `dagre_bench.js`.
//!
//! `cargo run --release --example gen_lineage -- --nodes 2600 --seed 1 > g.json`
//!
//! A few source datasets, then runs one after another: each run uses 1–3 distinct
//! recent artifacts (mostly among the last 30, sometimes any) and logs 1–2 new
//! ones. Deterministic from the seed (xorshift64*).

use std::fmt::Write as _;

struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> Self {
        let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
        if s == 0 {
            s = 1;
        }
        let mut r = XorShift(s);
        for _ in 0..8 {
            r.next();
        }
        r
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn main() {
    let mut nodes_wanted = 2600usize;
    let mut seed = 1u64;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--nodes" => nodes_wanted = value.parse().expect("--nodes takes a number"),
            "--seed" => seed = value.parse().expect("--seed takes a number"),
            other => {
                eprintln!("usage: gen_lineage [--nodes N] [--seed S]   (unknown argument {other})");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    let mut rng = XorShift::new(seed);
    let mut nodes: Vec<(String, &str)> = Vec::new();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut artifacts: Vec<usize> = Vec::new();
    let sources = (nodes_wanted / 200).max(3).min(nodes_wanted);
    for _ in 0..sources {
        artifacts.push(nodes.len());
        nodes.push((format!("a{}", artifacts.len() - 1), "artifact"));
    }
    let mut runs = 0;
    while nodes.len() < nodes_wanted {
        let run = nodes.len();
        nodes.push((format!("r{runs}"), "run"));
        runs += 1;
        let uses = match rng.below(10) {
            0..=4 => 1,
            5..=7 => 2,
            _ => 3,
        };
        let mut used: Vec<usize> = Vec::new();
        for _ in 0..uses * 4 {
            if used.len() == uses.min(artifacts.len()) {
                break;
            }
            let a = if rng.below(20) == 0 {
                artifacts[rng.below(artifacts.len())]
            } else {
                let w = artifacts.len().min(30);
                let back = rng.below(w).min(rng.below(w));
                artifacts[artifacts.len() - 1 - back]
            };
            if !used.contains(&a) {
                used.push(a);
            }
        }
        for &a in &used {
            edges.push((a, run));
        }
        let logs = if rng.below(10) < 6 { 1 } else { 2 };
        for _ in 0..logs {
            if nodes.len() >= nodes_wanted {
                break;
            }
            let a = nodes.len();
            artifacts.push(a);
            nodes.push((format!("a{}", artifacts.len() - 1), "artifact"));
            edges.push((run, a));
        }
    }
    let mut out = String::from("{\"nodes\":[");
    for (i, (id, kind)) in nodes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{{\"id\":\"{id}\",\"kind\":\"{kind}\"}}");
    }
    out.push_str("],\"edges\":[");
    for (i, &(a, b)) in edges.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"from\":\"{}\",\"to\":\"{}\"}}",
            nodes[a].0, nodes[b].0
        );
    }
    out.push_str("]}");
    println!("{out}");
}
