//! The folder-walk scheduler for MLflow's one-level `artifacts/list`.
//!
//! A pure state machine: the browser asks [`Walk::next_requests`] which folders to list,
//! fetches them (at most `max_in_flight` at a time), and feeds each answer back through
//! [`Walk::on_listing`] or [`Walk::on_error`]. Folders are listed breadth-first so the top
//! levels appear early. A failed folder is recorded and the walk goes on. The walk is bounded
//! ([`WalkLimits`]): after `max_files` files (or `max_folders` folders, which also stops a
//! server that lists a folder inside itself forever) it stops enqueueing and reports
//! itself truncated.
//!
//! Folder paths handed out are full artifact paths (`root/sub/dir`, what `artifacts/list`
//! takes as `path`); entry paths are relative to the root, like a W&B manifest.
//!
//! A listing may come in pages (`next_page_token`, e.g. from MLflow on cloud storage):
//! [`Walk::on_listing_page`] takes a page and its token, and the folder is handed out again, with
//! [`Walk::page_token`] saying where to go on, until its last page arrives.

use std::collections::{HashSet, VecDeque};
use std::fmt;

use super::format::thousands;
use super::{Manifest, ManifestEntry};

/// One item of a listing: `(name or full path, is_dir, size)`. MLflow returns the full path
/// from the run's artifact root; only the last segment is used, so bare names work too.
pub type ListingItem = (String, bool, Option<u64>);

/// Bounds on a walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalkLimits {
    /// Stop after this many files.
    pub max_files: usize,
    /// Stop enqueueing after this many folders (root included).
    pub max_folders: usize,
}

impl Default for WalkLimits {
    fn default() -> Self {
        WalkLimits {
            max_files: 1_000_000,
            max_folders: 100_000,
        }
    }
}

/// A folder whose listing failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkError {
    /// Full folder path, as handed out by [`Walk::next_requests`].
    pub folder: String,
    pub message: String,
}

/// Counts for the progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WalkProgress {
    pub files: u64,
    pub bytes: u64,
    pub folders_done: u64,
    /// Queued plus in flight.
    pub folders_left: u64,
    pub in_flight: u64,
    pub errors: u64,
    pub truncated: bool,
}

impl fmt::Display for WalkProgress {
    /// `1,240 files · 38 folders left`, then `1,240 files · 2 errors` or
    /// `1,000,000 files · truncated` when done.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: u64, one: &str, many: &str| {
            format!("{} {}", thousands(n), if n == 1 { one } else { many })
        };
        write!(f, "{}", plural(self.files, "file", "files"))?;
        if self.folders_left > 0 {
            write!(
                f,
                " · {} left",
                plural(self.folders_left, "folder", "folders")
            )?;
        }
        if self.errors > 0 {
            write!(f, " · {}", plural(self.errors, "error", "errors"))?;
        }
        if self.truncated {
            write!(f, " · truncated")?;
        }
        Ok(())
    }
}

/// The walk state. See the module docs.
#[derive(Debug, Clone)]
pub struct Walk {
    root: String,
    limits: WalkLimits,
    queue: VecDeque<String>,
    in_flight: HashSet<String>,
    seen: HashSet<String>,
    entries: Vec<ManifestEntry>,
    bytes: u64,
    folders_done: u64,
    errors: Vec<WalkError>,
    truncated: bool,
    /// Folders with more listing pages to read, and the token of the next one.
    tokens: std::collections::HashMap<String, String>,
}

impl Walk {
    /// A walk of everything below `root` (`""` for the run's artifact root) with default limits.
    pub fn new(root: impl Into<String>) -> Walk {
        Walk::with_limits(root, WalkLimits::default())
    }

    pub fn with_limits(root: impl Into<String>, limits: WalkLimits) -> Walk {
        let root = super::normalize_path(&root.into());
        let mut seen = HashSet::new();
        seen.insert(root.clone());
        Walk {
            queue: VecDeque::from([root.clone()]),
            root,
            limits,
            in_flight: HashSet::new(),
            seen,
            entries: Vec::new(),
            bytes: 0,
            folders_done: 0,
            errors: Vec::new(),
            truncated: false,
            tokens: std::collections::HashMap::new(),
        }
    }

    /// The normalised root folder path.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// Folders to request now, keeping at most `max_in_flight` (at least 1) outstanding.
    /// Each returned folder is in flight until its listing or error arrives.
    pub fn next_requests(&mut self, max_in_flight: usize) -> Vec<String> {
        let room = max_in_flight.max(1).saturating_sub(self.in_flight.len());
        let mut out = Vec::with_capacity(room.min(self.queue.len()));
        while out.len() < room {
            let Some(folder) = self.queue.pop_front() else {
                break;
            };
            self.in_flight.insert(folder.clone());
            out.push(folder);
        }
        out
    }

    /// The page token to list `folder` with, when its listing continues from an earlier page.
    pub fn page_token(&self, folder: &str) -> Option<&str> {
        self.tokens.get(folder).map(String::as_str)
    }

    /// Feeds one folder's (whole) listing. Returns false (and changes nothing) when `folder` is
    /// not in flight, e.g. a duplicate or stale answer.
    pub fn on_listing(&mut self, folder: &str, items: Vec<ListingItem>) -> bool {
        self.on_listing_page(folder, items, None)
    }

    /// Feeds one page of a folder's listing; with a `next_token` the folder is listed again
    /// from there (first in line, so a folder's pages stay together).
    pub fn on_listing_page(
        &mut self,
        folder: &str,
        items: Vec<ListingItem>,
        next_token: Option<String>,
    ) -> bool {
        if !self.in_flight.remove(folder) {
            return false;
        }
        match next_token.filter(|t| !t.is_empty()) {
            Some(t) if !self.truncated => {
                self.tokens.insert(folder.to_string(), t);
                self.queue.push_front(folder.to_string());
            }
            _ => {
                self.tokens.remove(folder);
                self.folders_done += 1;
            }
        }
        for (raw, is_dir, size) in items {
            let Some(name) = raw.split('/').rfind(|s| !s.is_empty()) else {
                continue;
            };
            let full = join(folder, name);
            if is_dir {
                if self.truncated {
                    continue;
                }
                if self.seen.len() >= self.limits.max_folders {
                    self.truncate();
                    continue;
                }
                if self.seen.insert(full.clone()) {
                    self.queue.push_back(full);
                }
            } else {
                if self.entries.len() >= self.limits.max_files {
                    self.truncate();
                    continue;
                }
                self.bytes = self.bytes.saturating_add(size.unwrap_or(0));
                let relative = self.relative(&full);
                self.entries.push(ManifestEntry::new(relative, size));
            }
        }
        true
    }

    /// Records a failed folder and carries on. Returns false when `folder` is not in flight.
    pub fn on_error(&mut self, folder: &str, message: impl Into<String>) -> bool {
        if !self.in_flight.remove(folder) {
            return false;
        }
        self.folders_done += 1;
        self.errors.push(WalkError {
            folder: folder.to_string(),
            message: message.into(),
        });
        true
    }

    pub fn progress(&self) -> WalkProgress {
        WalkProgress {
            files: self.entries.len() as u64,
            bytes: self.bytes,
            folders_done: self.folders_done,
            folders_left: (self.queue.len() + self.in_flight.len()) as u64,
            in_flight: self.in_flight.len() as u64,
            errors: self.errors.len() as u64,
            truncated: self.truncated,
        }
    }

    /// Nothing queued and nothing in flight.
    pub fn is_done(&self) -> bool {
        self.queue.is_empty() && self.in_flight.is_empty()
    }

    /// A limit was hit: the entries are incomplete.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    pub fn errors(&self) -> &[WalkError] {
        &self.errors
    }

    /// Files found so far, paths relative to the root, in discovery order.
    pub fn entries(&self) -> &[ManifestEntry] {
        &self.entries
    }

    /// The model of what was found (also usable mid-walk on a clone, for a live table).
    pub fn into_manifest(self) -> Manifest {
        Manifest::new(self.entries)
    }

    fn truncate(&mut self) {
        self.truncated = true;
        self.queue.clear();
    }

    fn relative(&self, full: &str) -> String {
        if self.root.is_empty() {
            full.to_string()
        } else {
            full.strip_prefix(&self.root)
                .and_then(|rest| rest.strip_prefix('/'))
                .unwrap_or(full)
                .to_string()
        }
    }
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}
