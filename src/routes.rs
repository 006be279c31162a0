//! The app's own URLs: every path and query parameter in one place, so deep links have a single
//! source of truth. Values from MLflow are percent-encoded into paths and queries.

use crate::mlflow::api::{decode_component, encode_component};

/// Query parameters the app keeps its view state in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Query {
    /// Text filter on a list.
    Filter,
    /// The active tab of a page.
    Tab,
}

impl Query {
    pub const fn key(self) -> &'static str {
        match self {
            Query::Filter => "q",
            Query::Tab => "tab",
        }
    }
}

pub fn projects() -> String {
    "/".into()
}

pub fn project(experiment_id: &str) -> String {
    format!("/projects/{}", encode_component(experiment_id))
}

pub fn project_tab(experiment_id: &str, tab: &str) -> String {
    format!(
        "{}?{}={}",
        project(experiment_id),
        Query::Tab.key(),
        encode_component(tab)
    )
}

pub fn settings() -> String {
    "/settings".into()
}

/// Replaces or removes one query parameter in a query string (without the leading `?`).
pub fn with_query(query: &[(String, String)], key: Query, value: &str) -> String {
    let mut pairs: Vec<String> = query
        .iter()
        .filter(|(k, _)| k != key.key())
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect();
    if !value.is_empty() {
        pairs.push(format!("{}={}", key.key(), encode_component(value)));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// Parses a query string (`?a=1&b=x%20y`, with or without `?`) into decoded pairs.
pub fn parse_query(search: &str) -> Vec<(String, String)> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

/// The value of one query parameter, or `""`.
pub fn query_value(search: &str, key: Query) -> String {
    parse_query(search)
        .into_iter()
        .find(|(k, _)| k == key.key())
        .map(|(_, v)| v)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_encoded_into_paths() {
        assert_eq!(project("12"), "/projects/12");
        assert_eq!(project("../x?y"), "/projects/..%2Fx%3Fy");
        assert_eq!(project_tab("1", "sweeps"), "/projects/1?tab=sweeps");
    }

    #[test]
    fn query_is_replaced_not_duplicated() {
        let q = vec![
            ("q".to_string(), "old".to_string()),
            ("tab".into(), "runs".into()),
        ];
        assert_eq!(with_query(&q, Query::Filter, "a b"), "?tab=runs&q=a%20b");
        assert_eq!(with_query(&q, Query::Filter, ""), "?tab=runs");
        assert_eq!(with_query(&[], Query::Filter, ""), "");
    }

    #[test]
    fn query_round_trips() {
        let q = with_query(&[], Query::Filter, "a&b=c d");
        assert_eq!(query_value(&q, Query::Filter), "a&b=c d");
        assert_eq!(query_value("?tab=x", Query::Filter), "");
    }
}
