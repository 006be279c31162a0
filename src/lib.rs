//! Artifact Explorer: W&B-style artifact collections, versions, manifests and lineage for an
//! MLflow tracking server, as a static Leptos app.
//!
//! * [`mlflow`] — MLflow's wire types, request builders, paging, errors (and the browser client).
//! * [`domain`] — what the UI talks about, mapped from the wire types.
//! * [`format`] — numbers and times for people.
//! * `hash` — a small Fx-style hasher shared by the manifest model and the layout.
//! * [`lineage`] — the lineage graph: scope, clusters / Explode / Types, layered layout.
//! * [`plan`] — fetching as pure plans: what each page asks MLflow next, and what it knows.
//! * [`manifest`] — file tables: build, sort, filter/glob, folders, windowing, diff, folder walks.
//! * [`edit`] — writes to MLflow: permissions, validation, targets, alias moves.
//! * [`markdown`] — descriptions as a safe tree (no raw HTML, only http(s) links).
//! * [`snippets`] — "use this version" code.
//! * [`order`] — total orders for sorting, and the property check every comparator gets.
//! * `app`, `components`, `pages` — the browser UI (wasm only).
//!
//! Everything but the UI compiles and tests natively with `cargo test`.

pub mod auth;
pub mod config;
pub mod domain;
pub mod edit;
pub mod format;
mod hash;
pub mod lineage;
pub mod manifest;
pub mod markdown;
pub mod mlflow;
pub mod order;
pub mod plan;
pub mod preview;
pub mod routes;
pub mod snippets;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod context;
#[cfg(target_arch = "wasm32")]
pub mod hooks;
#[cfg(target_arch = "wasm32")]
pub mod pages;
