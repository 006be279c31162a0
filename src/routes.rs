//! The app's own URLs: every path and query parameter in one place, so deep links have a single
//! source of truth. Values from MLflow are percent-encoded into paths and queries.

use crate::mlflow::api::{decode_component, encode_component};
use std::cell::RefCell;

thread_local! {
    static BASE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Sets the path the app is served under (`""` at the root, `"/artifacts"` behind a reverse
/// proxy, see [`crate::config::base_path`]); every URL built here starts with it. Set once at
/// start-up, before anything renders.
pub fn set_base(base: &str) {
    BASE.with(|b| *b.borrow_mut() = base.trim_end_matches('/').to_string());
}

/// The path the app is served under, as set by [`set_base`].
pub fn base() -> String {
    BASE.with(|b| b.borrow().clone())
}

/// An app path (`/projects/1`) under the base path.
fn at(path: &str) -> String {
    BASE.with(|b| format!("{}{path}", b.borrow()))
}

/// Whether `pathname` (the browser's, base path included) is the projects list, the one page
/// whose code is in the first wasm (src/pages/deferred.rs): any other path opened directly
/// fetches the other pages' code at once, while the configuration is read.
pub fn is_projects_list(pathname: &str, base: &str) -> bool {
    let base = base.trim_end_matches('/');
    match pathname.strip_prefix(base) {
        Some(rest) => matches!(rest, "" | "/" | "/index.html"),
        None => false,
    }
}

/// Query parameters the app keeps its view state in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Query {
    /// Text filter on a list.
    Filter,
    /// The active tab of a page.
    Tab,
    /// Sort column of a table.
    Sort,
    /// Sort direction: `asc` or `desc`.
    Dir,
    /// The metric a sweep ranks by, and its goal (`max`/`min`).
    Metric,
    Goal,
    /// Which params a sweep table shows: `all`, or (unset) only the swept ones.
    Params,
    /// Two versions to compare: `v1,v3`.
    Compare,
    /// Lineage controls: hops from the focus, direction (`upstream`/`downstream`/`both`),
    /// mode (`clusters`/`explode`/`types`) and focus node key.
    Depth,
    Direction,
    Mode,
    Focus,
    /// Manifest: the open folder and the selected file.
    Path,
    File,
    /// Page number of a paged list.
    Page,
    /// Files page: whose files (a run id, a logged model id, or a dataset name and digest),
    /// and a second run to diff against.
    Run,
    Model,
    Dataset,
    Digest,
    CompareRun,
}

impl Query {
    pub const fn key(self) -> &'static str {
        match self {
            Query::Filter => "q",
            Query::Tab => "tab",
            Query::Sort => "sort",
            Query::Dir => "dir",
            Query::Metric => "metric",
            Query::Goal => "goal",
            Query::Params => "params",
            Query::Compare => "compare",
            Query::Depth => "depth",
            Query::Direction => "direction",
            Query::Mode => "mode",
            Query::Focus => "focus",
            Query::Path => "path",
            Query::File => "file",
            Query::Page => "page",
            Query::Run => "run",
            Query::Model => "model",
            Query::Dataset => "dataset",
            Query::Digest => "digest",
            Query::CompareRun => "compare_run",
        }
    }
}

/// The two kinds of artifact collection, as they appear in URLs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CollectionKind {
    Models,
    Datasets,
}

impl CollectionKind {
    pub const fn segment(self) -> &'static str {
        match self {
            CollectionKind::Models => "models",
            CollectionKind::Datasets => "datasets",
        }
    }

    pub fn parse(segment: &str) -> Option<CollectionKind> {
        match segment {
            "models" => Some(CollectionKind::Models),
            "datasets" => Some(CollectionKind::Datasets),
            _ => None,
        }
    }
}

/// A collection page: `/projects/1/models/sweep-model`. A name that itself contains `:` gets a
/// trailing `:` so that [`split_artifact`] reads it back unambiguously.
pub fn collection(experiment_id: &str, kind: CollectionKind, name: &str) -> String {
    let tail = if name.contains(':') { ":" } else { "" };
    format!(
        "{}/{}/{}{tail}",
        project(experiment_id),
        kind.segment(),
        encode_component(name)
    )
}

/// A version page, W&B style: `/projects/1/models/sweep-model:v3` (also `:latest`, `:champion`,
/// or MLflow's id).
pub fn version(experiment_id: &str, kind: CollectionKind, name: &str, spec: &str) -> String {
    format!(
        "{}/{}/{}:{}",
        project(experiment_id),
        kind.segment(),
        encode_component(name),
        encode_component(spec)
    )
}

/// Splits a decoded `name` or `name:spec` path segment. Specs never contain `:`.
pub fn split_artifact(segment: &str) -> (String, Option<String>) {
    match segment.rsplit_once(':') {
        Some((name, "")) => (name.to_string(), None),
        Some((name, spec)) => (name.to_string(), Some(spec.to_string())),
        None => (segment.to_string(), None),
    }
}

pub fn run(experiment_id: &str, run_id: &str) -> String {
    format!(
        "{}/runs/{}",
        project(experiment_id),
        encode_component(run_id)
    )
}

/// The lineage page of a project around a focus node (`run:…`, `model:…`, `dataset:name@digest`).
pub fn lineage(experiment_id: &str, focus: &str) -> String {
    let base = format!("{}/lineage", project(experiment_id));
    if focus.is_empty() {
        base
    } else {
        format!("{base}?{}={}", Query::Focus.key(), encode_component(focus))
    }
}

pub fn sweep(experiment_id: &str, parent_run_id: &str) -> String {
    format!(
        "{}/sweeps/{}",
        project(experiment_id),
        encode_component(parent_run_id)
    )
}

pub fn registry() -> String {
    at("/registry")
}

pub fn registered_model(name: &str) -> String {
    at(&format!("/registry/{}", encode_component(name)))
}

pub fn projects() -> String {
    at("/")
}

pub fn project(experiment_id: &str) -> String {
    at(&format!("/projects/{}", encode_component(experiment_id)))
}

pub fn project_tab(experiment_id: &str, tab: &str) -> String {
    format!(
        "{}?{}={}",
        project(experiment_id),
        Query::Tab.key(),
        encode_component(tab)
    )
}

/// The files page of a project: `/projects/1/files`.
pub fn files(experiment_id: &str) -> String {
    format!("{}/files", project(experiment_id))
}

fn files_with(experiment_id: &str, pairs: &[(Query, &str)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", k.key(), encode_component(v)))
        .collect();
    format!("{}?{}", files(experiment_id), query.join("&"))
}

/// A run's files: `/projects/1/files?run=<id>`.
pub fn files_run(experiment_id: &str, run_id: &str) -> String {
    files_with(experiment_id, &[(Query::Run, run_id)])
}

/// A logged model's files: `/projects/1/files?model=<id>`.
pub fn files_model(experiment_id: &str, model_id: &str) -> String {
    files_with(experiment_id, &[(Query::Model, model_id)])
}

/// A dataset version's manifest: `/projects/1/files?dataset=<name>&digest=<digest>`.
pub fn files_dataset(experiment_id: &str, name: &str, digest: &str) -> String {
    files_with(
        experiment_id,
        &[(Query::Dataset, name), (Query::Digest, digest)],
    )
}

/// The file diff of two runs: `/projects/1/files?run=<old>&compare_run=<new>`.
pub fn files_compare_runs(experiment_id: &str, old_run: &str, new_run: &str) -> String {
    files_with(
        experiment_id,
        &[(Query::Run, old_run), (Query::CompareRun, new_run)],
    )
}

pub fn settings() -> String {
    at("/settings")
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
    fn only_the_root_under_the_base_is_the_projects_list() {
        for (path, base) in [
            ("/", ""),
            ("", ""),
            ("/index.html", ""),
            ("/artifacts/", "/artifacts"),
            ("/artifacts", "/artifacts/"),
        ] {
            assert!(is_projects_list(path, base), "{path} under {base:?}");
        }
        for (path, base) in [
            ("/projects/1", ""),
            ("/registry", ""),
            ("/settings", ""),
            ("/artifacts/projects/1", "/artifacts"),
            ("/other/", "/artifacts"),
            ("/artifactsx/", "/artifacts"),
        ] {
            assert!(!is_projects_list(path, base), "{path} under {base:?}");
        }
    }

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
    fn artifact_segments_round_trip_even_with_colons() {
        for name in ["sweep-model", "a:b", "x y/z"] {
            let c = collection("1", CollectionKind::Models, name);
            let seg = decode_component(c.rsplit('/').next().unwrap());
            assert_eq!(split_artifact(&seg), (name.to_string(), None), "{c}");
            let v = version("1", CollectionKind::Datasets, name, "v3");
            let seg = decode_component(v.rsplit('/').next().unwrap());
            assert_eq!(
                split_artifact(&seg),
                (name.to_string(), Some("v3".into())),
                "{v}"
            );
        }
        assert_eq!(run("1", "abc"), "/projects/1/runs/abc");
        assert_eq!(
            lineage("1", "dataset:a b@x"),
            "/projects/1/lineage?focus=dataset%3Aa%20b%40x"
        );
        assert_eq!(lineage("1", ""), "/projects/1/lineage");
        assert_eq!(
            registered_model("iris classifier"),
            "/registry/iris%20classifier"
        );
    }

    #[test]
    fn files_routes_encode_ids() {
        assert_eq!(files_run("1", "abc"), "/projects/1/files?run=abc");
        assert_eq!(files_model("1", "m-1"), "/projects/1/files?model=m-1");
        assert_eq!(
            files_dataset("1", "raw images&x", "00c9"),
            "/projects/1/files?dataset=raw%20images%26x&digest=00c9"
        );
        let diff = files_compare_runs("1", "a", "b&c");
        assert_eq!(diff, "/projects/1/files?run=a&compare_run=b%26c");
        assert_eq!(
            query_value(diff.split_once('?').unwrap().1, Query::CompareRun),
            "b&c"
        );
    }

    #[test]
    fn every_route_is_under_the_base_path() {
        set_base("/artifacts/");
        let all = [
            projects(),
            project("1"),
            project_tab("1", "runs"),
            collection("1", CollectionKind::Models, "m"),
            version("1", CollectionKind::Datasets, "d", "v1"),
            run("1", "r"),
            lineage("1", "run:r"),
            sweep("1", "r"),
            files_run("1", "r"),
            registry(),
            registered_model("m"),
            settings(),
        ];
        set_base("");
        assert_eq!(all[0], "/artifacts/");
        assert_eq!(all[1], "/artifacts/projects/1");
        for r in &all {
            assert!(r.starts_with("/artifacts/"), "{r}");
            assert!(!r.contains("//"), "{r}");
        }
        assert_eq!(project("1"), "/projects/1");
    }

    #[test]
    fn query_round_trips() {
        let q = with_query(&[], Query::Filter, "a&b=c d");
        assert_eq!(query_value(&q, Query::Filter), "a&b=c d");
        assert_eq!(query_value("?tab=x", Query::Filter), "");
    }
}
