//! The layout as messages, for the Web Worker that lays out large graphs off the page's thread
//! (`src/bin/layout_worker.rs`): the page sends a [`LayoutJob`] as JSON and the worker answers
//! with a [`LayoutReply`]. Both sides call these functions, so what the worker computes is
//! exactly [`layout_with_previous`](super::layout_with_previous), tested natively here.

use super::{layout_with_previous, Layout, LayoutNode, LayoutOptions};
use serde::{Deserialize, Serialize};

/// Graphs with at least this many view nodes are laid out in the worker (when the page could
/// start it); smaller ones take a few milliseconds on the page's thread, without the round trip.
/// `config.json` can change it (`"layout_worker_min_nodes"`).
pub const WORKER_MIN_NODES: usize = 400;

/// One layout to compute. `id` pairs the answer with the request: only the answer to the
/// newest job is drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayoutJob {
    pub id: u64,
    pub nodes: Vec<LayoutNode>,
    pub edges: Vec<(usize, usize)>,
    pub options: LayoutOptions,
    /// The previous centres of the nodes, indexed like `nodes` (see `layout_with_previous`).
    pub previous: Vec<Option<(f64, f64)>>,
}

/// What the worker says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LayoutReply {
    /// The worker has started and takes jobs (messages sent before would be lost).
    Ready,
    Done {
        id: u64,
        layout: Layout,
    },
    /// The message was not a job (never expected: the page falls back to laying out itself).
    Failed {
        error: String,
    },
}

impl LayoutJob {
    pub fn run(&self) -> Layout {
        layout_with_previous(&self.nodes, &self.edges, &self.options, &self.previous)
    }
}

/// The worker's whole job: a message in, the reply out.
pub fn answer(message: &str) -> String {
    let reply = match serde_json::from_str::<LayoutJob>(message) {
        Ok(job) => LayoutReply::Done {
            id: job.id,
            layout: job.run(),
        },
        Err(e) => LayoutReply::Failed {
            error: format!("not a layout job: {e}"),
        },
    };
    encode(&reply)
}

pub fn encode<T: Serialize>(value: &T) -> String {
    // plain data with finite numbers (the layout never yields NaN), which always serialises
    serde_json::to_string(value).unwrap_or_default()
}

/// Reads the worker's reply; `None` for anything else.
pub fn decode_reply(message: &str) -> Option<LayoutReply> {
    serde_json::from_str(message).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> LayoutJob {
        LayoutJob {
            id: 7,
            nodes: vec![
                LayoutNode {
                    width: 120.0,
                    height: 40.0,
                };
                4
            ],
            edges: vec![(0, 1), (1, 2), (0, 3), (3, 2)],
            options: LayoutOptions::default(),
            previous: vec![None, Some((10.0, 300.0)), None, Some((10.0, 5.0))],
        }
    }

    #[test]
    fn the_worker_answers_with_the_same_layout_as_the_page_would_draw() {
        let j = job();
        let reply = decode_reply(&answer(&encode(&j))).expect("a reply");
        assert_eq!(
            reply,
            LayoutReply::Done {
                id: 7,
                layout: layout_with_previous(&j.nodes, &j.edges, &j.options, &j.previous)
            },
            "JSON keeps every coordinate exactly"
        );
    }

    #[test]
    fn anything_else_is_a_failure_not_a_panic() {
        for bad in [
            "",
            "null",
            "{\"id\": 1}",
            "[1,2,3]",
            "{\"id\":1,\"nodes\":[{\"width\":\"x\"}]}",
        ] {
            assert!(
                matches!(decode_reply(&answer(bad)), Some(LayoutReply::Failed { .. })),
                "{bad}"
            );
        }
        assert_eq!(
            decode_reply(&encode(&LayoutReply::Ready)),
            Some(LayoutReply::Ready)
        );
        assert_eq!(decode_reply("not json"), None);
    }

    #[test]
    fn a_job_naming_missing_nodes_still_gets_an_answer() {
        let mut j = job();
        j.edges.push((0, 99));
        j.previous.truncate(1);
        match decode_reply(&answer(&encode(&j))) {
            Some(LayoutReply::Done { layout, .. }) => {
                assert_eq!(layout.nodes.len(), 4);
                assert!(
                    layout.edges[4].is_empty(),
                    "an edge to a missing node has no points"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
