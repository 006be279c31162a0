//! The manifest (file table) model behind the *Files* tab: no DOM, tested natively.
//!
//! A [`Manifest`] is built once from the entries of an artifact version (W&B-style: `path`,
//! `size`, `digest`, reference URI, extra fields) and answers what the table needs as lists of
//! row indexes (`Vec<u32>` into [`Manifest::entries`]), so the view renders without copying:
//! sorting ([`SortKey`], natural path order), filtering ([`Query`]: case-insensitive substring,
//! or a glob when the text has `*`, `?` or `[`), folder drill-down with per-folder totals
//! ([`Manifest::folder_rows`], [`Manifest::breadcrumbs`]), windowing for a virtualised table
//! ([`window()`]), diffing two versions ([`diff()`]) and byte formatting ([`mod@format`]).
//! [`Walk`] is the scheduler that lists an MLflow artifact tree one folder at a time.
//!
//! Paths are untrusted server data. An entry keeps its original `path` untouched for display
//! and download; only the tree and path comparisons use the normalised form (`/`-separated,
//! empty segments dropped, `.` and `..` kept as literal names — never resolved upwards).
//!
//! Why this is hand-written rather than built on crates: the table must stay interactive at a
//! million entries in the browser (goals, measured natively by `examples/manifest_bench.rs`:
//! build, sort and filter each ≤ 50 ms at 100,000 entries and ≤ 500 ms at 1,000,000), and the
//! wasm bundle has a size budget.
//! - Globs: `globset` compiles to `regex`, a large addition to the bundle for one filter box;
//!   the matcher here is a small linear-time NFA with literal prefix/suffix fast paths.
//! - Natural order: `natord`-style comparators sort a million paths in seconds. Path order is
//!   instead precomputed once per build (a depth-first walk of the tree, each folder's names
//!   sorted by an order-preserving byte encoding of the natural comparison), so sorting any
//!   row subset by path or size is an integer sort.
//! - The tree interns folders by `(parent, segment)` and de-duplicates by sorting hashes
//!   (std's SipHash maps and per-entry strings made the build several times slower).
//! - Byte formatting is twenty lines with exactly the rounding wanted ([`mod@format`]).

mod diff;
pub mod format;
mod glob;
mod sort;
mod walk;
mod window;

#[cfg(test)]
mod tests;

pub use diff::{diff, Change, ManifestDiff};
pub use glob::{Glob, Query};
pub use sort::{natural_cmp, SortDir, SortKey};
pub use walk::{ListingItem, Walk, WalkError, WalkLimits, WalkProgress};
pub use window::{window, Window};

use std::hash::Hasher;

use crate::hash::{self, map_with_capacity, FxMap};

/// One file of an artifact version.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ManifestEntry {
    /// The path exactly as the server gave it; shown and used for downloads unchanged.
    pub path: String,
    /// Size in bytes, when known.
    pub size: Option<u64>,
    /// Content digest (MLflow dataset digest, ETag-derived hash …), when known.
    pub digest: Option<String>,
    /// Where a reference artifact really lives, e.g. `s3://bucket/key`.
    pub ref_uri: Option<String>,
    /// Further fields shown in the detail panel: schema, profile, ETag, versionID …
    pub extra: Vec<(String, String)>,
}

impl ManifestEntry {
    /// An entry with a path and an optional size and nothing else.
    pub fn new(path: impl Into<String>, size: Option<u64>) -> Self {
        ManifestEntry {
            path: path.into(),
            size,
            ..ManifestEntry::default()
        }
    }
}

/// Index of a folder in [`Manifest::folder`]; the root is [`ROOT`].
pub type FolderId = u32;

/// The root folder (the artifact's top level).
pub const ROOT: FolderId = 0;

/// A folder of the tree with its direct children and recursive totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    name: Box<str>,
    parent: FolderId,
    depth: u32,
    folders: Vec<FolderId>,
    files: Vec<u32>,
    total_files: u64,
    total_bytes: u64,
    unknown_sizes: u64,
}

impl Folder {
    fn new(name: &str, parent: FolderId, depth: u32) -> Self {
        Folder {
            name: name.into(),
            parent,
            depth,
            folders: Vec::new(),
            files: Vec::new(),
            total_files: 0,
            total_bytes: 0,
            unknown_sizes: 0,
        }
    }
    /// The folder's own name (one segment; empty for the root).
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Parent folder; the root is its own parent.
    pub fn parent(&self) -> FolderId {
        self.parent
    }
    /// 0 for the root, 1 for its children …
    pub fn depth(&self) -> u32 {
        self.depth
    }
    /// Direct subfolders, in natural name order.
    pub fn folders(&self) -> &[FolderId] {
        &self.folders
    }
    /// Direct files (entry indexes), in natural name order.
    pub fn files(&self) -> &[u32] {
        &self.files
    }
    /// Files in this folder and all folders below it.
    pub fn total_files(&self) -> u64 {
        self.total_files
    }
    /// Bytes of those files whose size is known.
    pub fn total_bytes(&self) -> u64 {
        self.total_bytes
    }
    /// How many of [`Folder::total_files`] have no known size.
    pub fn unknown_sizes(&self) -> u64 {
        self.unknown_sizes
    }
}

/// Whole-manifest totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub files: u64,
    /// Sum of known sizes.
    pub bytes: u64,
    /// Files without a known size.
    pub unknown_sizes: u64,
    /// Folders, not counting the root.
    pub folders: u64,
}

/// A row of the folder view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Row {
    Folder(FolderId),
    /// Index into [`Manifest::entries`].
    File(u32),
}

impl Row {
    pub fn is_folder(self) -> bool {
        matches!(self, Row::Folder(_))
    }
}

/// One step of the breadcrumb trail, root first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crumb {
    pub folder: FolderId,
    /// Segment name; empty for the root (the view shows the artifact name there).
    pub name: String,
    /// Normalised folder path, usable in a URL (`""` for the root).
    pub path: String,
}

#[derive(Debug, Clone, Copy)]
struct EntryMeta {
    folder: FolderId,
    name_start: usize,
    name_end: usize,
}

/// The file table model. Build once per artifact version with [`Manifest::new`].
#[derive(Debug, Clone)]
pub struct Manifest {
    entries: Vec<ManifestEntry>,
    meta: Vec<EntryMeta>,
    /// Normalised paths of the (rare) entries whose path is not already normal.
    normalized: FxMap<u32, Box<str>>,
    folders: Vec<Folder>,
    totals: Totals,
    /// Position of each entry in path order (see [`SortKey::Path`]), computed once so that
    /// sorting any subset by path is an integer sort.
    rank: Vec<u32>,
}

impl Default for Manifest {
    fn default() -> Self {
        Manifest::new(Vec::new())
    }
}

/// Splits a raw path into (directory part, file-name byte range, is already normal).
/// The directory part still contains any empty segments; the name is the last non-empty
/// segment, or empty when the path has none (`""`, `"/"`, `"//"`).
#[inline]
fn split_path(path: &str) -> (&str, usize, usize, bool) {
    let end = path.trim_end_matches('/').len();
    let name_start = path[..end].rfind('/').map_or(0, |i| i + 1);
    let normal = end != 0
        && end == path.len()
        && !path.starts_with('/')
        && !path.as_bytes().windows(2).any(|w| w == b"//");
    (&path[..name_start], name_start, end, normal)
}

/// Non-empty `/`-separated segments: the normalised form of a path.
pub fn segments(path: &str) -> impl DoubleEndedIterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// The normalised form of a path: segments joined by `/`, no leading or trailing slash.
pub fn normalize_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for seg in segments(path) {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(seg);
    }
    out
}

/// 32-bit hash of a file's identity (folder, name), for duplicate detection.
#[inline]
fn file_key_hash(folder: FolderId, name: &str) -> u64 {
    let mut h = hash::FxHasher::default();
    h.write_u32(folder);
    h.write(name.as_bytes());
    let x = h.finish();
    (x ^ (x >> 32)) & 0xffff_ffff
}

/// Finds entries with the same (folder, name) as a later entry. Sorting packed
/// `hash << 32 | index` keys is several times faster than inserting a million entries into a
/// hash map (random memory access); equal hashes are then confirmed by comparing names, and
/// each run of one real key keeps only its highest index. Empty result: no duplicates.
fn duplicates_mask(entries: &[ManifestEntry], meta: &[EntryMeta], mut keys: Vec<u64>) -> Vec<bool> {
    keys.sort_unstable();
    let name = |i: usize| &entries[i].path[meta[i].name_start..meta[i].name_end];
    let mut keep = Vec::new();
    let mut run = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i + 1;
        while j < keys.len() && keys[j] >> 32 == keys[i] >> 32 {
            j += 1;
        }
        if j - i > 1 {
            run.clear();
            run.extend(keys[i..j].iter().map(|&k| (k & 0xffff_ffff) as usize));
            // Same hash: order by the real key, then index, and drop all but the last of each key.
            run.sort_unstable_by(|&a, &b| {
                (meta[a].folder, name(a), a).cmp(&(meta[b].folder, name(b), b))
            });
            for w in run.windows(2) {
                if meta[w[0]].folder == meta[w[1]].folder && name(w[0]) == name(w[1]) {
                    if keep.is_empty() {
                        keep = vec![true; entries.len()];
                    }
                    keep[w[0]] = false;
                }
            }
        }
        i = j;
    }
    keep
}

impl Manifest {
    /// Builds the model. Entries whose normalised paths are equal are duplicates: the last one
    /// wins and keeps its place among the survivors. Never panics on any path.
    pub fn new(entries: Vec<ManifestEntry>) -> Manifest {
        let n = entries.len();
        let mut folders = vec![Folder::new("", ROOT, 0)];
        let mut meta = Vec::with_capacity(n);
        let mut irregular: Vec<u32> = Vec::new();
        let mut keys: Vec<u64> = Vec::with_capacity(n);
        {
            let mut folder_index: FxMap<(FolderId, &str), FolderId> = map_with_capacity(64);
            // Whole directory text → folder, so most entries cost one lookup, not one per
            // segment; and listings arrive grouped by folder, so check the previous one first.
            let mut dir_index: FxMap<&str, FolderId> = map_with_capacity(64);
            let mut last_dir: Option<(&str, FolderId)> = None;
            for (i, entry) in entries.iter().enumerate() {
                let path = entry.path.as_str();
                let (dir, name_start, name_end, normal) = split_path(path);
                let folder = match last_dir {
                    Some((d, f)) if d == dir => f,
                    _ => {
                        let folder = match dir_index.get(dir) {
                            Some(&f) => f,
                            None => {
                                let mut current = ROOT;
                                for seg in segments(dir) {
                                    current = match folder_index.get(&(current, seg)) {
                                        Some(&f) => f,
                                        None => {
                                            let id = folders.len() as FolderId;
                                            let depth = folders[current as usize].depth + 1;
                                            folders.push(Folder::new(seg, current, depth));
                                            folders[current as usize].folders.push(id);
                                            folder_index.insert((current, seg), id);
                                            id
                                        }
                                    };
                                }
                                dir_index.insert(dir, current);
                                current
                            }
                        };
                        last_dir = Some((dir, folder));
                        folder
                    }
                };
                if !normal {
                    irregular.push(i as u32);
                }
                let name = &path[name_start..name_end];
                keys.push((file_key_hash(folder, name) << 32) | i as u64);
                meta.push(EntryMeta {
                    folder,
                    name_start,
                    name_end,
                });
            }
        }
        let keep = duplicates_mask(&entries, &meta, keys);

        let mut entries = entries;
        if !keep.is_empty() {
            // Compact entries, meta and the irregular list with the same mask.
            let mut new_index = vec![u32::MAX; n];
            let mut next = 0u32;
            for (i, &k) in keep.iter().enumerate() {
                if k {
                    new_index[i] = next;
                    next += 1;
                }
            }
            let mut mask = keep.iter();
            entries.retain(|_| *mask.next().unwrap_or(&true));
            let mut mask = keep.iter();
            meta.retain(|_| *mask.next().unwrap_or(&true));
            irregular = irregular
                .into_iter()
                .filter(|&i| keep[i as usize])
                .map(|i| new_index[i as usize])
                .collect();
        }

        let mut normalized = map_with_capacity(irregular.len());
        for i in irregular {
            normalized.insert(
                i,
                normalize_path(&entries[i as usize].path).into_boxed_str(),
            );
        }

        let mut totals = Totals::default();
        // (Each folder's `files` list is filled in path order by `path_ranks` below.)
        for (m, e) in meta.iter().zip(&entries) {
            let f = &mut folders[m.folder as usize];
            f.total_files += 1;
            match e.size {
                Some(s) => f.total_bytes = f.total_bytes.saturating_add(s),
                None => f.unknown_sizes += 1,
            }
        }
        // Children always have larger ids than their parents: one reverse pass sums up.
        for id in (1..folders.len()).rev() {
            let (files, bytes, unknown, parent) = {
                let f = &folders[id];
                (f.total_files, f.total_bytes, f.unknown_sizes, f.parent)
            };
            let p = &mut folders[parent as usize];
            p.total_files += files;
            p.total_bytes = p.total_bytes.saturating_add(bytes);
            p.unknown_sizes += unknown;
        }
        totals.files = folders[0].total_files;
        totals.bytes = folders[0].total_bytes;
        totals.unknown_sizes = folders[0].unknown_sizes;
        totals.folders = folders.len() as u64 - 1;

        let rank = sort::path_ranks(&entries, &meta, &mut folders);
        Manifest {
            entries,
            meta,
            normalized,
            folders,
            totals,
            rank,
        }
    }

    /// The entries after de-duplication; row indexes point into this slice.
    pub fn entries(&self) -> &[ManifestEntry] {
        &self.entries
    }

    /// One entry by row index.
    pub fn entry(&self, row: u32) -> Option<&ManifestEntry> {
        self.entries.get(row as usize)
    }

    /// Number of entries (files).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Files, bytes and folders of the whole manifest.
    pub fn totals(&self) -> Totals {
        self.totals
    }

    /// `0..len` as rows: the unsorted, unfiltered table.
    pub fn all_rows(&self) -> Vec<u32> {
        (0..self.entries.len() as u32).collect()
    }

    /// The normalised path of a row (equal to the original path for ordinary paths).
    /// Empty for an out-of-range row.
    pub fn normalized_path(&self, row: u32) -> &str {
        match self.normalized.get(&row) {
            Some(p) => p,
            None => self.entries.get(row as usize).map_or("", |e| &e.path),
        }
    }

    /// The file name (last path segment) of a row, as a slice of the original path.
    pub fn file_name(&self, row: u32) -> &str {
        match (self.meta.get(row as usize), self.entries.get(row as usize)) {
            (Some(m), Some(e)) => &e.path[m.name_start..m.name_end],
            _ => "",
        }
    }

    /// The folder a row's file is in.
    pub fn folder_of(&self, row: u32) -> FolderId {
        self.meta.get(row as usize).map_or(ROOT, |m| m.folder)
    }

    /// A folder by id ([`ROOT`] always exists).
    pub fn folder(&self, id: FolderId) -> Option<&Folder> {
        self.folders.get(id as usize)
    }

    /// All folders, root first; a folder's id is its index.
    pub fn folders(&self) -> &[Folder] {
        &self.folders
    }

    /// Finds a folder by path; the path is normalised first (`"a//b/"` finds `a/b`, `""` and
    /// `"/"` find the root).
    pub fn folder_by_path(&self, path: &str) -> Option<FolderId> {
        let mut current = ROOT;
        for seg in segments(path) {
            current = *self.folders[current as usize]
                .folders
                .iter()
                .find(|&&c| &*self.folders[c as usize].name == seg)?;
        }
        Some(current)
    }

    /// The normalised path of a folder (`""` for the root and unknown ids).
    pub fn folder_path(&self, id: FolderId) -> String {
        let crumbs = self.breadcrumbs(id);
        crumbs.last().map(|c| c.path.clone()).unwrap_or_default()
    }

    /// Breadcrumbs from the root down to `id` (just the root for an unknown id).
    pub fn breadcrumbs(&self, id: FolderId) -> Vec<Crumb> {
        let mut chain = Vec::new();
        let mut current = if (id as usize) < self.folders.len() {
            id
        } else {
            ROOT
        };
        while current != ROOT {
            chain.push(current);
            current = self.folders[current as usize].parent;
        }
        let mut crumbs = Vec::with_capacity(chain.len() + 1);
        crumbs.push(Crumb {
            folder: ROOT,
            name: String::new(),
            path: String::new(),
        });
        let mut path = String::new();
        for &f in chain.iter().rev() {
            let name = &self.folders[f as usize].name;
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(name);
            crumbs.push(Crumb {
                folder: f,
                name: name.to_string(),
                path: path.clone(),
            });
        }
        crumbs
    }

    /// Rows of one folder: its subfolders first, then its files, each part sorted
    /// (folders by name or by total bytes, files by `key`). Empty for an unknown folder.
    pub fn folder_rows(&self, id: FolderId, key: SortKey, dir: SortDir) -> Vec<Row> {
        let Some(folder) = self.folders.get(id as usize) else {
            return Vec::new();
        };
        let mut folders = folder.folders.clone();
        let mut files = folder.files.clone();
        self.sort_folder_rows(&mut folders, &mut files, key, dir);
        folders
            .into_iter()
            .map(Row::Folder)
            .chain(files.into_iter().map(Row::File))
            .collect()
    }

    /// Rows matching a query, in entry order.
    pub fn filter(&self, query: &Query) -> Vec<u32> {
        self.filter_iter(0..self.entries.len() as u32, query)
    }

    /// The subset of `rows` matching a query, order kept (filter a sorted list without
    /// sorting again).
    pub fn filter_rows(&self, rows: &[u32], query: &Query) -> Vec<u32> {
        self.filter_iter(rows.iter().copied(), query)
    }

    fn filter_iter(&self, rows: impl Iterator<Item = u32>, query: &Query) -> Vec<u32> {
        let mut scratch = String::new();
        rows.filter(|&row| {
            (row as usize) < self.entries.len() && query.matches_row(self, row, &mut scratch)
        })
        .collect()
    }
}
