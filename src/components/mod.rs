//! Reusable views. They arrange signals and markup around the pure modules; anything from the
//! network is rendered as text only.

pub mod error_view;
pub mod lineage_view;
pub mod load;
pub mod status;
pub mod time;

pub use error_view::ErrorView;
pub use lineage_view::{LineageCanvas, LineageView};
pub use load::{loaded, Skeleton};
pub use time::RelTime;
