//! Runs a plan in the browser: sends what it asks for, feeds the answers back, tells the page.

use super::Plan;
use crate::mlflow::client::{sleep_ms, Client};
use futures::future::{select, Either};
use futures::stream::{FuturesUnordered, StreamExt};

/// The page is told at most this often while answers stream in (and always at the end).
const NOTIFY_EVERY_MS: f64 = 100.0;

/// Requests one plan keeps in flight at most; the rest wait here, in order. A browser talks to
/// one HTTP/1.1 host over six connections and queues the rest itself; queued here instead, a
/// request that is no longer wanted (the page was left, the plan stopped) is simply never sent.
/// (In the two failures of `faults.test.cjs` "leaving a page aborts…" before this, the one
/// request the server kept serving was the 7th of the page's burst, the one Chromium queued.)
const MAX_IN_FLIGHT: usize = 6;

/// Sends the requests `plan` asks for in the order asked, [`MAX_IN_FLIGHT`] at a time, feeds
/// each answer back as it arrives, and calls `on_change` with the plan — at most every
/// [`NOTIFY_EVERY_MS`], at the latest that long after an answer changed it (even while the next
/// answer is slow to come), and once more when nothing is left in flight. Stops early, dropping
/// (and so aborting) what is in flight, once `stopped()` says so.
pub async fn run<P: Plan>(
    client: &Client,
    plan: &mut P,
    stopped: impl Fn() -> bool,
    mut on_change: impl FnMut(&P),
) {
    let mut pending = FuturesUnordered::new();
    let mut waiting = std::collections::VecDeque::new();
    let mut last = 0.0;
    // an answer was fed since the page was last told
    let mut unseen = false;
    loop {
        waiting.extend(plan.poll());
        while pending.len() < MAX_IN_FLIGHT {
            let Some((key, req)) = waiting.pop_front() else {
                break;
            };
            let client = client.clone();
            pending.push(async move {
                let answer = client.send_text(&req).await;
                (key, answer)
            });
        }
        let next = if unseen {
            let wait = (NOTIFY_EVERY_MS - (js_sys::Date::now() - last)).max(0.0) as u32;
            match select(pending.next(), Box::pin(sleep_ms(wait))).await {
                Either::Left((next, _)) => next,
                Either::Right(_) => {
                    if stopped() {
                        return;
                    }
                    last = js_sys::Date::now();
                    unseen = false;
                    on_change(plan);
                    continue;
                }
            }
        } else {
            pending.next().await
        };
        let Some((key, answer)) = next else {
            break;
        };
        if stopped() {
            return;
        }
        plan.feed(key, answer);
        let now = js_sys::Date::now();
        if now - last >= NOTIFY_EVERY_MS {
            last = now;
            unseen = false;
            on_change(plan);
        } else {
            unseen = true;
        }
    }
    if !stopped() {
        on_change(plan);
    }
}
