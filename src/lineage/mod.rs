//! Lineage graph core: the graph model, the views on it, and the layout.
//!
//! Pure Rust (no DOM, `std` only), so it is tested natively and runs in the
//! browser unchanged.
//!
//! - [`graph`]: runs, artifacts and the edges between them; scoping around a focus node.
//! - [`view`]: clusters (the default), explode and types, with stable keys and
//!   accessible names.
//! - [`layout`]: a fast layered layout, left to right, with edge routes.

pub mod build;
pub mod export;
pub mod graph;
pub mod layout;
pub mod view;
