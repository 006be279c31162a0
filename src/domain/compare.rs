//! Compare two versions: their metadata side by side with the differences marked — a real diff,
//! where W&B only shows two lists (wandb/wandb#6893).

use super::artifact::Version;
use crate::format;
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Info,
    Aliases,
    Params,
    Metrics,
    Tags,
}

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Section::Info => "Version",
            Section::Aliases => "Aliases",
            Section::Params => "Parameters",
            Section::Metrics => "Metrics",
            Section::Tags => "Tags",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct DiffRow {
    pub section: Section,
    pub key: String,
    pub left: Option<String>,
    pub right: Option<String>,
}

impl DiffRow {
    pub fn changed(&self) -> bool {
        self.left != self.right
    }
}

fn keyed(section: Section, a: &[(String, String)], b: &[(String, String)]) -> Vec<DiffRow> {
    let keys: BTreeSet<&str> = a.iter().chain(b).map(|(k, _)| k.as_str()).collect();
    let get = |list: &[(String, String)], k: &str| {
        list.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone())
    };
    keys.into_iter()
        .map(|k| DiffRow {
            section,
            key: k.to_string(),
            left: get(a, k),
            right: get(b, k),
        })
        .collect()
}

/// Every field of both versions, one row per key, in section order.
pub fn compare(a: &Version, b: &Version) -> Vec<DiffRow> {
    let info = |v: &Version| {
        let mut out = vec![("id".to_string(), v.id.clone())];
        if let Some(t) = v.created {
            out.push(("created".into(), format::exact_time(t)));
        }
        if let Some(r) = &v.logged_by {
            out.push(("logged by".into(), r.clone()));
        }
        if !v.status.is_empty() {
            out.push(("status".into(), v.status.clone()));
        }
        out
    };
    let aliases = |v: &Version| {
        v.aliases
            .iter()
            .map(|a| (a.label(), "✓".to_string()))
            .collect::<Vec<_>>()
    };
    let metrics = |v: &Version| {
        v.metrics
            .iter()
            .map(|(k, x)| (k.clone(), format::metric(*x)))
            .collect::<Vec<_>>()
    };
    let mut rows = keyed(Section::Info, &info(a), &info(b));
    rows.extend(keyed(Section::Aliases, &aliases(a), &aliases(b)));
    rows.extend(keyed(Section::Params, &a.params, &b.params));
    rows.extend(keyed(Section::Metrics, &metrics(a), &metrics(b)));
    rows.extend(keyed(Section::Tags, &a.tags, &b.tags));
    rows
}

/// Parses `?compare=v1,v3` into two specs.
pub fn parse_pair(s: &str) -> Option<(String, String)> {
    let (a, b) = s.split_once(',')?;
    let (a, b) = (a.trim(), b.trim());
    (!a.is_empty() && !b.is_empty() && a != b).then(|| (a.to_string(), b.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::artifact::Alias;

    fn v(id: &str, params: &[(&str, &str)], metrics: &[(&str, f64)]) -> Version {
        Version {
            number: Some(0),
            id: id.into(),
            created: None,
            updated: None,
            logged_by: Some("run1".into()),
            logged_by_inferred: false,
            aliases: vec![],
            registry_links: vec![],
            tags: vec![],
            params: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            metrics: metrics.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            status: String::new(),
            source: None,
            schema: String::new(),
            profile: String::new(),
        }
    }

    #[test]
    fn differences_are_marked_and_missing_keys_shown() {
        let mut a = v(
            "m-1",
            &[("lr", "0.1"), ("opt", "adam")],
            &[("val_acc", 0.9)],
        );
        let b = v(
            "m-2",
            &[("lr", "0.01"), ("opt", "adam"), ("wd", "1e-4")],
            &[("val_acc", 0.9)],
        );
        a.aliases.push(Alias::Latest);
        let rows = compare(&a, &b);
        let row = |s: Section, k: &str| {
            rows.iter()
                .find(|r| r.section == s && r.key == k)
                .unwrap()
                .clone()
        };
        assert!(row(Section::Params, "lr").changed());
        assert!(!row(Section::Params, "opt").changed());
        assert_eq!(row(Section::Params, "wd").left, None);
        assert!(!row(Section::Metrics, "val_acc").changed());
        assert!(row(Section::Info, "id").changed());
        assert!(!row(Section::Info, "logged by").changed());
        assert_eq!(row(Section::Aliases, "latest").right, None);
    }

    #[test]
    fn compare_pairs_parse() {
        assert_eq!(parse_pair("v1,v3"), Some(("v1".into(), "v3".into())));
        assert_eq!(parse_pair("v1"), None);
        assert_eq!(parse_pair("v1,v1"), None);
        assert_eq!(parse_pair(",v1"), None);
    }
}
