//! Lineage graph core: the graph model, the views on it, and the layout.
//!
//! Pure Rust (no DOM, `std` only), so it is tested natively and runs in the
//! browser unchanged.
//!
//! - [`graph`]: runs, artifacts and the edges between them; scoping around a focus node.
//! - [`view`]: clusters (the default), explode and types, with stable keys and
//!   accessible names.
//! - [`layout`]: a fast layered layout, left to right, with edge routes.
//! - [`export`]: node geometry shared by the canvas and the `.svg` export, and the export.
//! - [`hover`]: the paths a hovered node highlights.
//! - [`viewport`]: the canvas's pan/zoom transform.
//! - [`params`]: depth, direction and mode as URL query values.

pub mod build;
pub mod export;
pub mod graph;
pub mod hover;
pub mod layout;
pub mod params;
mod topo;
pub mod view;
pub mod viewport;
