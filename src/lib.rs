//! Artifact Explorer: W&B-style artifact collections, versions, manifests and lineage for an
//! MLflow tracking server, as a static Leptos app.
//!
//! * [`mlflow`] — MLflow's wire types, request builders, paging, errors (and the browser client).
//! * [`domain`] — what the UI talks about, mapped from the wire types.
//! * [`format`] — numbers and times for people.
//! * `hash` — a small Fx-style hasher shared by the manifest model and the layout.
//! * [`lineage`] — the lineage graph: scope, clusters / Explode / Types, layered layout.
//! * [`manifest`] — file tables: build, sort, filter/glob, folders, windowing, diff, folder walks.
//! * `app`, `components`, `pages` — the browser UI (wasm only).
//!
//! Everything but the UI compiles and tests natively with `cargo test`.

pub mod auth;
pub mod config;
pub mod domain;
pub mod format;
mod hash;
pub mod lineage;
pub mod manifest;
pub mod mlflow;
pub mod preview;
pub mod routes;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod pages;
