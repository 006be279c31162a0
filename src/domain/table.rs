//! The collection page's version list as pure data: which columns exist, sorting, filtering
//! and paging. Works on thousands of versions without touching the DOM.

use super::artifact::{Alias, Collection, Version};
use super::sweep::varying_params;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A sortable column of the version list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Column {
    Version,
    Created,
    LoggedBy,
    Metric(String),
    Param(String),
}

impl Column {
    /// The URL form: `version`, `created`, `logged_by`, `metric:val_acc`, `param:lr`.
    pub fn key(&self) -> String {
        match self {
            Column::Version => "version".into(),
            Column::Created => "created".into(),
            Column::LoggedBy => "logged_by".into(),
            Column::Metric(k) => format!("metric:{k}"),
            Column::Param(k) => format!("param:{k}"),
        }
    }

    pub fn parse(s: &str) -> Option<Column> {
        match s {
            "version" => Some(Column::Version),
            "created" => Some(Column::Created),
            "logged_by" => Some(Column::LoggedBy),
            _ => match s.split_once(':') {
                Some(("metric", k)) if !k.is_empty() => Some(Column::Metric(k.into())),
                Some(("param", k)) if !k.is_empty() => Some(Column::Param(k.into())),
                _ => None,
            },
        }
    }
}

/// The metric and param keys worth a column, at most `max` of each, most common first: metrics
/// the versions report, and params whose values differ across the versions (the sweep page's
/// rule, [`varying_params`]: a param every version shares says nothing about one of them).
pub fn key_columns(collection: &Collection, max: usize) -> (Vec<String>, Vec<String>) {
    fn top(counts: BTreeMap<&str, usize>, max: usize) -> Vec<String> {
        let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.into_iter()
            .take(max)
            .map(|(k, _)| k.to_string())
            .collect()
    }
    let varying = varying_params(collection.versions.iter().map(|v| v.params.as_slice()));
    let mut metrics = BTreeMap::new();
    let mut params = BTreeMap::new();
    for v in &collection.versions {
        for (k, _) in &v.metrics {
            *metrics.entry(k.as_str()).or_insert(0) += 1;
        }
        for (k, _) in v
            .params
            .iter()
            .filter(|(k, _)| varying.binary_search(k).is_ok())
        {
            *params.entry(k.as_str()).or_insert(0) += 1;
        }
    }
    (top(metrics, max), top(params, max))
}

/// Does a version match the filter text? Matches its label (`v3`), id, aliases, tags
/// (`key` or `key=value`) and logged-by run id, case-insensitively.
pub fn matches(v: &Version, query: &str) -> bool {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return true;
    }
    let hay = |s: &str| s.to_lowercase().contains(&q);
    hay(&v.label())
        || hay(&v.id)
        || v.aliases.iter().any(|a: &Alias| hay(&a.label()))
        || v.tags
            .iter()
            .any(|(k, val)| hay(k) || hay(val) || hay(&format!("{k}={val}")))
        || v.logged_by.as_deref().is_some_and(hay)
}

/// Param values are text that is often a number: numbers first by value, then text (see
/// [`crate::order::mixed_cmp`]; a total order, as `sort_by` needs).
pub fn param_cmp(a: &str, b: &str) -> Ordering {
    crate::order::mixed_cmp(a, b)
}

/// The version list's order for a column: values missing (or NaN metrics) last in both
/// directions, ties newest first. A total order (`tests/sort_orders.rs` checks it on random
/// versions): it compares `(missing, value in the chosen direction, index)` lexicographically.
pub fn version_cmp(
    sort: &Column,
    descending: bool,
) -> impl Fn(&Version, &Version) -> Ordering + '_ {
    fn metric(v: &Version, k: &str) -> Option<f64> {
        v.metrics
            .iter()
            .find(|(m, _)| m == k)
            .map(|(_, x)| *x)
            .filter(|x| !x.is_nan())
    }
    fn param<'a>(v: &'a Version, k: &str) -> Option<&'a str> {
        v.params
            .iter()
            .find(|(p, _)| p == k)
            .map(|(_, x)| x.as_str())
    }
    fn present<T>(
        x: Option<T>,
        y: Option<T>,
        cmp: impl Fn(T, T) -> Ordering,
    ) -> (Ordering, Ordering) {
        let missing = x.is_none().cmp(&y.is_none());
        match (x, y) {
            (Some(x), Some(y)) => (missing, cmp(x, y)),
            _ => (missing, Ordering::Equal),
        }
    }
    // the numbering order (a collection is numbered in full or not at all; unnumbered versions
    // fall back to what numbers them: creation or first use, then the id)
    fn position(v: &Version) -> (Option<usize>, Option<i64>, &str) {
        (v.number, v.created, v.id.as_str())
    }
    move |va: &Version, vb: &Version| {
        let (missing, ord) = match sort {
            Column::Version => (Ordering::Equal, position(va).cmp(&position(vb))),
            Column::Created => (Ordering::Equal, va.created.cmp(&vb.created)),
            Column::LoggedBy => (Ordering::Equal, va.logged_by.cmp(&vb.logged_by)),
            Column::Metric(k) => present(metric(va, k), metric(vb, k), |x, y| x.total_cmp(&y)),
            Column::Param(k) => present(param(va, k), param(vb, k), param_cmp),
        };
        missing
            .then(if descending { ord.reverse() } else { ord })
            .then(position(vb).cmp(&position(va)))
    }
}

/// Sorts and filters the collection's versions: indices into `collection.versions`.
/// Missing values sort last in both directions; ties keep newest first.
pub fn rows(collection: &Collection, query: &str, sort: &Column, descending: bool) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..collection.versions.len())
        .filter(|&i| matches(&collection.versions[i], query))
        .collect();
    let vs = &collection.versions;
    let cmp = version_cmp(sort, descending);
    idx.sort_by(|&a, &b| cmp(&vs[a], &vs[b]));
    idx
}

/// One page of rows: `(rows on this page, page count)`, page clamped into range.
pub fn page<T: Clone>(rows: &[T], page: usize, per_page: usize) -> (Vec<T>, usize, usize) {
    let per_page = per_page.max(1);
    let pages = rows.len().div_ceil(per_page).max(1);
    let page = page.min(pages - 1);
    let start = page * per_page;
    (
        rows[start.min(rows.len())..(start + per_page).min(rows.len())].to_vec(),
        page,
        pages,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::artifact::ArtifactKind;

    fn version(i: usize, acc: Option<f64>, lr: &str) -> Version {
        Version {
            number: Some(i),
            id: format!("m-{i}"),
            created: Some(1000 + i as i64),
            updated: None,
            logged_by: Some(format!("run{}", i % 3)),
            logged_by_inferred: false,
            aliases: if i == 2 {
                vec![Alias::Registry {
                    model: "reg".into(),
                    alias: "champion".into(),
                    version: "1".into(),
                }]
            } else {
                vec![]
            },
            registry_links: vec![],
            tags: vec![(
                "stage".into(),
                if i.is_multiple_of(2) { "dev" } else { "prod" }.into(),
            )],
            params: vec![("lr".into(), lr.into())],
            metrics: acc.map(|a| vec![("val_acc".into(), a)]).unwrap_or_default(),
            status: String::new(),
            source: None,
            schema: String::new(),
            profile: String::new(),
        }
    }

    fn collection() -> Collection {
        Collection {
            kind: ArtifactKind::Model,
            type_name: "model".into(),
            name: "c".into(),
            experiment_id: "1".into(),
            versions: vec![
                version(0, Some(0.5), "0.1"),
                version(1, None, "0.01"),
                version(2, Some(0.9), "1e-3"),
                version(3, Some(f64::NAN), "0.3"),
            ],
            numbering: crate::domain::artifact::Numbering::Complete,
        }
    }

    #[test]
    fn default_order_is_newest_first() {
        assert_eq!(
            rows(&collection(), "", &Column::Version, true),
            vec![3, 2, 1, 0]
        );
    }

    #[test]
    fn metric_sort_puts_missing_last_both_ways() {
        let c = collection();
        let m = Column::Metric("val_acc".into());
        assert_eq!(rows(&c, "", &m, true), vec![2, 0, 3, 1]);
        assert_eq!(rows(&c, "", &m, false), vec![0, 2, 3, 1]);
    }

    #[test]
    fn params_sort_numerically() {
        let c = collection();
        assert_eq!(
            rows(&c, "", &Column::Param("lr".into()), false),
            vec![2, 1, 0, 3]
        );
    }

    #[test]
    fn filter_by_alias_tag_label_and_run() {
        let c = collection();
        assert_eq!(rows(&c, "champion", &Column::Version, true), vec![2]);
        assert_eq!(rows(&c, "reg@champion", &Column::Version, true), vec![2]);
        assert_eq!(rows(&c, "stage=prod", &Column::Version, true), vec![3, 1]);
        assert_eq!(rows(&c, "V1", &Column::Version, true), vec![1]);
        assert_eq!(rows(&c, "run2", &Column::Version, true), vec![2]);
        assert!(rows(&c, "zzz", &Column::Version, true).is_empty());
    }

    #[test]
    fn columns_round_trip_through_urls() {
        for c in [
            Column::Version,
            Column::Created,
            Column::LoggedBy,
            Column::Metric("a:b".into()),
            Column::Param("lr".into()),
        ] {
            assert_eq!(Column::parse(&c.key()), Some(c));
        }
        assert_eq!(Column::parse("metric:"), None);
        assert_eq!(Column::parse("bogus"), None);
    }

    #[test]
    fn paging_clamps() {
        let r: Vec<usize> = (0..120).collect();
        assert_eq!(page(&r, 0, 50).0.len(), 50);
        assert_eq!(page(&r, 2, 50), ((100..120).collect(), 2, 3));
        assert_eq!(page(&r, 99, 50).1, 2);
        assert_eq!(page::<usize>(&[], 3, 50), (vec![], 0, 1));
    }

    #[test]
    fn key_columns_pick_common_keys() {
        let (m, p) = key_columns(&collection(), 3);
        assert_eq!(m, vec!["val_acc"]);
        assert_eq!(p, vec!["lr"]);
    }

    #[test]
    fn key_columns_show_only_params_that_differ() {
        let mut c = collection();
        for v in &mut c.versions {
            v.params.push(("framework".into(), "numpy".into()));
            v.params
                .push(("step".into(), format!("{}", v.number.unwrap_or(0) % 2)));
        }
        c.versions[0]
            .params
            .push(("note".into(), "only v0 has it".into()));
        let (_, p) = key_columns(&c, 3);
        // `framework` is the same everywhere; `lr` and `step` differ; `note` is missing on most
        assert_eq!(p, vec!["lr", "step", "note"]);
        let (_, p) = key_columns(&c, 2);
        assert_eq!(p, vec!["lr", "step"]);
        // a single version varies in nothing
        c.versions.truncate(1);
        assert!(key_columns(&c, 3).1.is_empty());
    }
}
