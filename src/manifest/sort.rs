//! Row ordering: natural path order and size order, both stable.

use std::cmp::Ordering;

use super::{EntryMeta, Folder, FolderId, Manifest, ManifestEntry, ROOT};

/// The column a table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortKey {
    /// Normalised path in natural order (`file2` before `file10`), compared segment by
    /// segment so a folder's files stay together; a file sorts before a folder of the same
    /// name. Precomputed at build time.
    #[default]
    Path,
    /// Size in bytes; files of unknown size come last in both directions.
    Size,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

/// Natural order for paths: digit runs compare by value (`file2` < `file10`), letters compare
/// ASCII-case-insensitively, and `/` sorts before every other character so a folder's
/// contents stay together (`a/x` < `a-b`). Strings that are equal under these rules fall back
/// to plain byte order, so the order is total and deterministic.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        let (ca, cb) = (x[i], y[j]);
        if ca.is_ascii_digit() && cb.is_ascii_digit() {
            let si = i;
            while i < x.len() && x[i].is_ascii_digit() {
                i += 1;
            }
            let sj = j;
            while j < y.len() && y[j].is_ascii_digit() {
                j += 1;
            }
            let na = trim_zeros(&x[si..i]);
            let nb = trim_zeros(&y[sj..j]);
            let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
            if ord != Ordering::Equal {
                return ord;
            }
            continue;
        }
        let ord = sort_byte(ca).cmp(&sort_byte(cb));
        if ord != Ordering::Equal {
            return ord;
        }
        i += 1;
        j += 1;
    }
    (x.len() - i).cmp(&(y.len() - j)).then_with(|| x.cmp(y))
}

#[inline]
fn sort_byte(b: u8) -> u8 {
    if b == b'/' {
        0
    } else {
        b.to_ascii_lowercase()
    }
}

#[inline]
fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|&&d| d == b'0').count();
    &digits[zeros..]
}

/// Writes an encoding of `s` whose byte order is [`natural_cmp`]'s primary order (before its
/// byte-order tie-break): digit runs become `0x30, length, digits without leading zeros`
/// (length: one byte below 255, else 255 and four big-endian bytes), other bytes map as in the
/// comparison. Stops once `sink` returns false.
fn natural_encode(s: &str, mut sink: impl FnMut(u8) -> bool) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let digits = trim_zeros(&b[start..i]);
            let mut more = sink(b'0');
            if digits.len() < 255 {
                more &= sink(digits.len() as u8);
            } else {
                more &= sink(255);
                let len = u32::try_from(digits.len()).unwrap_or(u32::MAX);
                for byte in len.to_be_bytes() {
                    more &= sink(byte);
                }
            }
            for &d in digits {
                more &= sink(d);
            }
            if !more {
                return;
            }
        } else {
            if !sink(sort_byte(b[i])) {
                return;
            }
            i += 1;
        }
    }
}

/// The first 16 bytes of [`natural_encode`], zero-padded. If two keys differ they order the
/// strings as `natural_cmp` does (zero padding sorts a proper prefix first, as the
/// comparison does); equal keys need a closer look.
pub(crate) fn natural_key_prefix(s: &str) -> u128 {
    let mut out = [0u8; 16];
    let mut n = 0;
    natural_encode(s, |byte| {
        if n < out.len() {
            out[n] = byte;
            n += 1;
        }
        n < out.len()
    });
    u128::from_be_bytes(out)
}

/// Path order: normalised paths compared segment by segment with [`natural_cmp`], a file
/// before a folder of the same name — i.e. a depth-first walk of the tree with each folder's
/// children in name order. Sorts each folder's child lists in place and returns each entry's
/// position in that order.
pub(super) fn path_ranks(
    entries: &[ManifestEntry],
    meta: &[EntryMeta],
    folders: &mut [Folder],
) -> Vec<u32> {
    let name = |row: u32| {
        let m = &meta[row as usize];
        &entries[row as usize].path[m.name_start..m.name_end]
    };
    for id in 0..folders.len() {
        let mut kids = std::mem::take(&mut folders[id].folders);
        kids.sort_by(|&a, &b| natural_cmp(&folders[a as usize].name, &folders[b as usize].name));
        folders[id].folders = kids;
    }
    // One global sort by (folder, name) instead of one sort per folder: the keys are made in
    // a single sequential pass, which matters at a million entries (a per-folder gather
    // jumps around the entry array and was 20× slower).
    let mut keyed: Vec<(FolderId, u128, u32)> = meta
        .iter()
        .enumerate()
        .map(|(row, m)| (m.folder, natural_key_prefix(name(row as u32)), row as u32))
        .collect();
    keyed.sort_unstable_by_key(|&(folder, key, _)| (folder, key));
    // Names sharing their first 16 key bytes (`events.out.tfevents.1700012345`…): encode
    // each once into a local buffer and sort the run by those bytes, then by raw bytes
    // (names are unique within a folder, so that order is strict). Comparing names directly
    // would reach into the scattered entries on every comparison.
    let mut start = 0;
    let mut arena: Vec<u8> = Vec::new();
    let mut spans: Vec<(usize, usize, u32)> = Vec::new();
    while start < keyed.len() {
        let (folder, key, _) = keyed[start];
        let mut end = start + 1;
        while end < keyed.len() && keyed[end].0 == folder && keyed[end].1 == key {
            end += 1;
        }
        if end - start > 1 {
            arena.clear();
            spans.clear();
            for &(_, _, row) in &keyed[start..end] {
                let from = arena.len();
                natural_encode(name(row), |byte| {
                    arena.push(byte);
                    true
                });
                spans.push((from, arena.len(), row));
            }
            spans.sort_unstable_by(|x, y| {
                arena[x.0..x.1]
                    .cmp(&arena[y.0..y.1])
                    .then_with(|| name(x.2).cmp(name(y.2)))
            });
            for (slot, &(_, _, row)) in keyed[start..end].iter_mut().zip(&spans) {
                slot.2 = row;
            }
        }
        start = end;
    }
    for folder in folders.iter_mut() {
        folder.files.clear();
    }
    for &(folder, _, row) in &keyed {
        folders[folder as usize].files.push(row);
    }
    drop(keyed);

    let mut rank = vec![0u32; entries.len()];
    let mut next = 0u32;
    // (folder, next file, next subfolder): iterative, so 10,000-deep paths are fine.
    let mut stack: Vec<(FolderId, usize, usize)> = vec![(ROOT, 0, 0)];
    while let Some(&(id, fi, si)) = stack.last() {
        let folder = &folders[id as usize];
        let file = folder.files.get(fi).copied();
        let sub = folder.folders.get(si).copied();
        let take_file = match (file, sub) {
            (None, None) => {
                stack.pop();
                continue;
            }
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(r), Some(s)) => {
                natural_cmp(name(r), &folders[s as usize].name) != Ordering::Greater
            }
        };
        let top = stack.len() - 1;
        if take_file {
            if let Some(r) = file {
                rank[r as usize] = next;
                next += 1;
            }
            stack[top].1 += 1;
        } else {
            stack[top].2 += 1;
            if let Some(s) = sub {
                stack.push((s, 0, 0));
            }
        }
    }
    rank
}

impl Manifest {
    /// All entries sorted; shorthand for [`Manifest::all_rows`] + [`Manifest::sort_rows`].
    pub fn sorted(&self, key: SortKey, dir: SortDir) -> Vec<u32> {
        let mut rows = self.all_rows();
        self.sort_rows(&mut rows, key, dir);
        rows
    }

    /// Sorts row indexes in place. Stable: rows with equal keys keep their relative order
    /// (in both directions), so sorting by path and then by size gives size-then-path order.
    /// Path order is precomputed at build time, so both keys are integer sorts.
    pub fn sort_rows(&self, rows: &mut [u32], key: SortKey, dir: SortDir) {
        let desc = dir == SortDir::Desc;
        let keys: Vec<u128> = rows
            .iter()
            .enumerate()
            .map(|(pos, &row)| {
                let (unknown, value) = match key {
                    SortKey::Path => (
                        0,
                        self.rank
                            .get(row as usize)
                            .map_or(u64::MAX, |&r| u64::from(r)),
                    ),
                    SortKey::Size => match self.entries.get(row as usize).and_then(|e| e.size) {
                        Some(s) => (0u128, s),
                        None => (1u128, 0),
                    },
                };
                let value = if desc { u64::MAX - value } else { value };
                (unknown << 96) | (u128::from(value) << 32) | pos as u128
            })
            .collect();
        sort_packed(rows, keys);
    }

    /// Position of a row in path order (what [`SortKey::Path`] sorts by).
    pub fn path_rank(&self, row: u32) -> Option<u32> {
        self.rank.get(row as usize).copied()
    }

    /// Orders folder-view rows (`folders` in stored name order): subfolders by name (or by total bytes for
    /// [`SortKey::Size`]), files by `key`. Both parts are stable.
    pub(crate) fn sort_folder_rows(
        &self,
        folders: &mut [u32],
        files: &mut [u32],
        key: SortKey,
        dir: SortDir,
    ) {
        // `folders` comes in stored (name) order; sorts below are stable, so size ties stay
        // in name order like files do.
        match (key, dir) {
            (SortKey::Path, SortDir::Asc) => {}
            (SortKey::Path, SortDir::Desc) => folders.reverse(),
            (SortKey::Size, SortDir::Asc) => {
                folders.sort_by_key(|&f| self.folders[f as usize].total_bytes)
            }
            (SortKey::Size, SortDir::Desc) => {
                folders.sort_by_key(|&f| std::cmp::Reverse(self.folders[f as usize].total_bytes))
            }
        }
        self.sort_rows(files, key, dir);
    }
}

/// Applies sorted packed keys (low 32 bits = position in `rows`) to `rows`.
fn sort_packed(rows: &mut [u32], mut keys: Vec<u128>) {
    keys.sort_unstable();
    let original = rows.to_vec();
    for (slot, key) in rows.iter_mut().zip(&keys) {
        *slot = original[(*key as u32) as usize];
    }
}
