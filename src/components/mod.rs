//! Reusable views. They arrange signals and markup around the pure modules; anything from the
//! network is rendered as text only.

pub mod artifact;
pub mod clipped;
pub mod edit;
pub mod error_view;
pub mod file_preview;
pub mod files_view;
pub mod lineage_view;
pub mod manifest_diff;
pub mod manifest_table;
pub mod notices;
pub mod pager;
pub mod sign_in;
pub mod skeleton;
pub mod status;
pub mod time;

pub use artifact::{AliasChips, KeyValues, RunLink, TabLinks, VersionLink};
pub use clipped::ClippedText;
pub use error_view::ErrorView;
pub use files_view::FilesView;
pub use lineage_view::{LineageCanvas, LineageView};
pub use manifest_diff::ManifestDiffView;
pub use manifest_table::ManifestTable;
pub use notices::{page_state, Notices, Reading};
pub use pager::Pager;
pub use skeleton::Skeleton;
pub use time::RelTime;
