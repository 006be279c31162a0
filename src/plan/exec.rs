//! Runs a plan in the browser: sends what it asks for, feeds the answers back, tells the page.

use super::Plan;
use crate::mlflow::client::Client;
use futures::stream::{FuturesUnordered, StreamExt};

/// The page is told at most this often while answers stream in (and always at the end).
const NOTIFY_EVERY_MS: f64 = 100.0;

/// Sends every request `plan` asks for as soon as it asks (plans bound their own concurrency),
/// feeds each answer back as it arrives, and calls `on_change` with the plan — at most every
/// [`NOTIFY_EVERY_MS`], and once more when nothing is left in flight. Stops early, dropping (and
/// so aborting) what is in flight, once `stopped()` says so.
pub async fn run<P: Plan>(
    client: &Client,
    plan: &mut P,
    stopped: impl Fn() -> bool,
    mut on_change: impl FnMut(&P),
) {
    let mut pending = FuturesUnordered::new();
    let mut last = 0.0;
    loop {
        for (key, req) in plan.poll() {
            let client = client.clone();
            pending.push(async move {
                let answer = client.send_text(&req).await;
                (key, answer)
            });
        }
        let Some((key, answer)) = pending.next().await else {
            break;
        };
        if stopped() {
            return;
        }
        plan.feed(key, answer);
        let now = js_sys::Date::now();
        if now - last >= NOTIFY_EVERY_MS {
            last = now;
            on_change(plan);
        }
    }
    if !stopped() {
        on_change(plan);
    }
}
