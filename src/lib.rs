//! Artifact Explorer: W&B-style artifact collections, versions, manifests and lineage for an
//! MLflow tracking server, as a static Leptos app.
//!
//! * [`mlflow`] — MLflow's wire types, request builders, paging, errors (and the browser client).
//! * [`domain`] — what the UI talks about, mapped from the wire types.
//! * [`format`] — numbers and times for people.
//! * [`lineage`] — the lineage graph: scope, clusters / Explode / Types, layered layout.
//! * [`manifest`] — file tables: build, sort, filter/glob, folders, windowing, diff, folder walks.
//! * [`order`] — total orders for sorting, and the property check every comparator gets.
//! * `app`, `components`, `pages` — the browser UI (wasm only).
//!
//! Everything but the UI compiles and tests natively with `cargo test`.

pub mod auth;
pub mod config;
pub mod domain;
pub mod format;
pub mod lineage;
pub mod manifest;
pub mod mlflow;
pub mod order;
pub mod preview;
pub mod routes;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod pages;
