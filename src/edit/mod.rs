//! Editing MLflow from the app (W&B's artifact actions): what can be written, by whom, and how
//! a save is checked. Pure — request building, validation, permissions and alias moves are
//! tested natively; the components in `components/edit/` only send what is built here and show
//! what MLflow holds afterwards.
//!
//! * [`permissions`] — what the signed-in user may change, from MLflow's basic-auth answers,
//!   and the permission every write endpoint needs.
//! * [`rules`] — the checks MLflow applies to tag keys, values, aliases and model names, run
//!   before sending so the user fixes input instead of reading a 400 (or losing text to
//!   MLflow's silent cut of long run tags).
//! * [`target`] — the four things with tags (run, logged model, registered model, model
//!   version): their write requests, their re-read, and the rules that apply to each.
//! * [`alias`] — moving an alias: what moves (`production: v3 → v5`), whether the page's view
//!   was stale, and whether MLflow holds the move afterwards.

pub mod alias;
pub mod permissions;
pub mod rules;
pub mod target;

pub use permissions::{Access, Capability, Level, Resource, Write};
pub use target::{Snapshot, Target};
