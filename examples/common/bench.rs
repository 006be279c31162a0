//! What the benchmark examples share (`#[path]`-included, as `record_plans.rs` includes
//! `tests/common`): timing a step as the median of several runs, and their command line.

/// Runs `f` `runs` times (at least once), timing each run with `now` (a clock in ms); returns the
/// median time in ms and the last run's result.
pub fn median_ms<T>(runs: usize, now: impl Fn() -> f64, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::with_capacity(runs.max(1));
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = now();
        last = Some(f());
        times.push(now() - start);
    }
    times.sort_by(f64::total_cmp);
    let result = last.expect("the loop runs at least once");
    (times[times.len() / 2], result)
}

/// `INPUT [--runs N] [--out PATH]`, for a benchmark that names itself and its usage line.
#[cfg(not(target_arch = "wasm32"))]
pub struct Cli {
    pub name: &'static str,
    pub usage: &'static str,
}

#[cfg(not(target_arch = "wasm32"))]
pub struct Args {
    pub file: String,
    /// 7 unless `--runs` says otherwise
    pub runs: usize,
    /// `--out`: where to write what the benchmark made, if it makes anything
    pub out: Option<String>,
}

#[cfg(not(target_arch = "wasm32"))]
impl Cli {
    /// Says what went wrong and how to call the benchmark, and exits with status 2.
    pub fn fail(&self, msg: &str) -> ! {
        eprintln!("{}: {msg}", self.name);
        eprintln!("usage: {}", self.usage);
        std::process::exit(2);
    }

    /// The process's arguments.
    pub fn parse(&self) -> Args {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let mut file = None;
        let mut out = None;
        let mut runs = 7usize;
        let mut i = 0;
        while i < args.len() {
            match args[i].as_str() {
                "--out" => {
                    out = Some(
                        args.get(i + 1)
                            .cloned()
                            .unwrap_or_else(|| self.fail("--out needs a path")),
                    );
                    i += 1;
                }
                "--runs" => {
                    runs = args
                        .get(i + 1)
                        .and_then(|s| s.parse().ok())
                        .filter(|&n| n > 0)
                        .unwrap_or_else(|| self.fail("--runs needs a positive number"));
                    i += 1;
                }
                f if file.is_none() && !f.starts_with("--") => file = Some(f.to_string()),
                other => self.fail(&format!("unexpected argument {other}")),
            }
            i += 1;
        }
        let file = file.unwrap_or_else(|| self.fail("no input file"));
        Args { file, runs, out }
    }
}
