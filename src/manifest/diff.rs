//! Comparing two versions' manifests by normalised path.

use super::Manifest;
use crate::hash::{map_with_capacity, FxMap};

/// A path present in both manifests whose content differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// Row in the old manifest.
    pub old: u32,
    /// Row in the new manifest.
    pub new: u32,
    /// Both sizes are known and differ.
    pub size: bool,
    /// Both digests are known and differ.
    pub digest: bool,
}

/// What changed from `old` to `new`. Row lists are in path order ([`super::SortKey::Path`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ManifestDiff {
    /// Rows of `new` whose path is not in `old`.
    pub added: Vec<u32>,
    /// Rows of `old` whose path is not in `new`.
    pub removed: Vec<u32>,
    pub changed: Vec<Change>,
    /// Paths in both with no known difference.
    pub unchanged: usize,
}

/// Diffs by normalised path. A size or digest counts as changed only when it is known on both
/// sides: MLflow listings carry no digests, and "unknown" is not evidence of a change.
pub fn diff(old: &Manifest, new: &Manifest) -> ManifestDiff {
    let mut by_path: FxMap<&str, u32> = map_with_capacity(old.len());
    for row in 0..old.len() as u32 {
        by_path.insert(old.normalized_path(row), row);
    }
    let mut out = ManifestDiff::default();
    let mut seen = vec![false; old.len()];
    for row in 0..new.len() as u32 {
        match by_path.get(new.normalized_path(row)) {
            None => out.added.push(row),
            Some(&o) => {
                seen[o as usize] = true;
                let (a, b) = (&old.entries()[o as usize], &new.entries()[row as usize]);
                let size = matches!((a.size, b.size), (Some(x), Some(y)) if x != y);
                let digest = matches!((&a.digest, &b.digest), (Some(x), Some(y)) if x != y);
                if size || digest {
                    out.changed.push(Change {
                        old: o,
                        new: row,
                        size,
                        digest,
                    });
                } else {
                    out.unchanged += 1;
                }
            }
        }
    }
    out.removed = (0..old.len() as u32)
        .filter(|&r| !seen[r as usize])
        .collect();
    let rank = |m: &Manifest, row: u32| m.path_rank(row).unwrap_or(u32::MAX);
    out.added.sort_unstable_by_key(|&r| rank(new, r));
    out.removed.sort_unstable_by_key(|&r| rank(old, r));
    out.changed.sort_unstable_by_key(|c| rank(new, c.new));
    out
}
