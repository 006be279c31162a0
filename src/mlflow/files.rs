//! Manifests from MLflow: which listing endpoint a file source uses, how a listing becomes
//! [`ListingItem`]s for the folder walk, the download URL of each file (built here, never
//! taken from the server), a dataset version as a one-entry reference manifest, and (in the
//! browser) the bounded-concurrency folder walk itself.

use super::api::{self, ApiRequest};
use super::wire;
use crate::domain::{DatasetSource, Version};
use crate::manifest::{ListingItem, ManifestEntry};

/// At most this many listing requests are in flight during a walk.
pub const MAX_IN_FLIGHT: usize = 6;

/// Whose files a files view shows.
#[derive(Clone, Debug, PartialEq)]
pub enum FileSource {
    /// A run's artifacts, by run id.
    Run(String),
    /// A logged model's artifacts, by model id (`m-…`).
    LoggedModel(String),
    /// A dataset version: one reference entry (its source URI), with digest, schema, profile.
    Dataset { name: String, version: Box<Version> },
}

impl FileSource {
    /// Where a version's files come from: the logged model's artifacts, or the dataset's
    /// reference (one entry).
    pub fn of_version(c: &crate::domain::Collection, v: &Version) -> FileSource {
        match c.kind {
            crate::domain::ArtifactKind::Model => FileSource::LoggedModel(v.id.clone()),
            crate::domain::ArtifactKind::Dataset => FileSource::Dataset {
                name: c.name.clone(),
                version: Box::new(v.clone()),
            },
        }
    }

    /// The request listing one folder (`""` is the root); `None` for sources without a tree.
    pub fn list_request(&self, folder: &str) -> Option<ApiRequest> {
        match self {
            FileSource::Run(id) => Some(api::list_run_artifacts(id, folder)),
            FileSource::LoggedModel(id) => Some(api::list_logged_model_artifacts(id, folder)),
            FileSource::Dataset { .. } => None,
        }
    }

    /// The app-built download URL of a file (path relative to the artifact root), or `None`
    /// when MLflow cannot serve it (external references such as `s3://…`).
    pub fn file_url(&self, base: &str, path: &str) -> Option<String> {
        match self {
            FileSource::Run(id) => Some(api::run_file_url(base, id, path)),
            FileSource::LoggedModel(id) => Some(api::logged_model_file_url(base, id, path)),
            FileSource::Dataset { version, .. } => match &version.source {
                Some(DatasetSource::RunArtifact {
                    run_id, path: p, ..
                }) if p == path => Some(api::run_file_url(base, run_id, p)),
                _ => None,
            },
        }
    }

    /// A short label: `run 1a2b…`, `model m-…`, `dataset raw-images`.
    pub fn label(&self) -> String {
        match self {
            FileSource::Run(id) => format!("run {id}"),
            FileSource::LoggedModel(id) => format!("model {id}"),
            FileSource::Dataset { name, version } => format!("dataset {name} {}", version.label()),
        }
    }
}

/// One listing as walk items. MLflow gives paths relative to the artifact root
/// (`report/plots`); the walk keeps only the last segment, so relative, bare and hostile
/// names all end up under the folder that was listed. Negative or missing sizes are unknown;
/// folders have no size.
pub fn listing_items(resp: &wire::ListArtifactsResponse) -> Vec<ListingItem> {
    resp.files
        .iter()
        .map(|f| {
            let size = if f.is_dir {
                None
            } else {
                f.file_size.and_then(|s| u64::try_from(s).ok())
            };
            (f.path.clone(), f.is_dir, size)
        })
        .collect()
}

/// A dataset version as a manifest: one entry whose `ref` is the source URI, with the digest
/// and the schema and profile as extra fields. A dataset logged from a run file is named by
/// that file's path (and can be previewed); any other by the dataset name.
pub fn dataset_entries(name: &str, version: &Version) -> Vec<ManifestEntry> {
    let path = match &version.source {
        Some(DatasetSource::RunArtifact { path, .. }) if !path.trim_matches('/').is_empty() => {
            path.clone()
        }
        _ => name.to_string(),
    };
    let mut extra = Vec::new();
    for (key, value) in [("schema", &version.schema), ("profile", &version.profile)] {
        if !value.trim().is_empty() {
            extra.push((key.to_string(), value.clone()));
        }
    }
    vec![ManifestEntry {
        path,
        size: None,
        digest: (!version.id.is_empty()).then(|| version.id.clone()),
        ref_uri: version
            .source
            .as_ref()
            .and_then(|s| s.uri())
            .map(str::to_string),
        extra,
    }]
}

#[cfg(target_arch = "wasm32")]
pub use browser::{walk, WalkOutcome};

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;
    use crate::manifest::{Manifest, Walk, WalkError, WalkProgress};
    use crate::mlflow::client::Client;
    use crate::mlflow::ApiError;
    use futures::stream::{FuturesUnordered, StreamExt};

    /// A finished walk.
    #[derive(Clone, Debug)]
    pub struct WalkOutcome {
        pub manifest: Manifest,
        pub errors: Vec<WalkError>,
        pub truncated: bool,
    }

    /// Lists every folder of `source`, at most [`MAX_IN_FLIGHT`] requests at a time, calling
    /// `progress` after each answer. Dropping the future stops the loop and aborts the
    /// requests in flight (their abort guards go with it); `cancelled` is checked between
    /// answers too. A failing root listing is an error; a failing subfolder is recorded.
    pub async fn walk(
        client: &Client,
        source: &FileSource,
        cancelled: impl Fn() -> bool,
        progress: impl Fn(WalkProgress),
    ) -> Result<WalkOutcome, ApiError> {
        if let FileSource::Dataset { name, version } = source {
            return Ok(WalkOutcome {
                manifest: Manifest::new(dataset_entries(name, version)),
                errors: Vec::new(),
                truncated: false,
            });
        }
        let mut walk = Walk::new("");
        let mut pending = FuturesUnordered::new();
        loop {
            for folder in walk.next_requests(MAX_IN_FLIGHT) {
                let Some(req) = source.list_request(&folder) else {
                    walk.on_error(&folder, "no listing for this source");
                    continue;
                };
                let req = req.with_page_token(walk.page_token(&folder));
                let client = client.clone();
                pending.push(async move {
                    let answer = client.call::<wire::ListArtifactsResponse>(&req).await;
                    (folder, answer)
                });
            }
            let Some((folder, answer)) = pending.next().await else {
                break;
            };
            if cancelled() {
                return Err(ApiError::Cancelled);
            }
            match answer {
                Ok(resp) => {
                    walk.on_listing_page(&folder, listing_items(&resp), resp.next_page_token);
                }
                Err(e) if folder.is_empty() => return Err(e),
                Err(e) => {
                    walk.on_error(&folder, format!("{} — {}", e.title(), e.detail()));
                }
            }
            progress(walk.progress());
        }
        let errors = walk.errors().to_vec();
        let truncated = walk.is_truncated();
        Ok(WalkOutcome {
            manifest: walk.into_manifest(),
            errors,
            truncated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Walk;

    fn info(path: &str, is_dir: bool, size: Option<i64>) -> wire::FileInfo {
        wire::FileInfo {
            path: path.into(),
            is_dir,
            file_size: size,
        }
    }

    fn listing(files: Vec<wire::FileInfo>) -> wire::ListArtifactsResponse {
        wire::ListArtifactsResponse {
            files,
            ..Default::default()
        }
    }

    #[test]
    fn relative_listing_paths_become_root_relative_entries() {
        // What MLflow answers for the root and for `report` (paths from the artifact root).
        let root: wire::ListArtifactsResponse = serde_json::from_str(
            r#"{"root_uri":"mlflow-artifacts:/1/r/artifacts","files":[
                {"path":"report","is_dir":true},{"path":"top.txt","is_dir":false,"file_size":3}]}"#,
        )
        .unwrap();
        let report = listing(vec![
            info("report/eval notes.md", false, Some(80)),
            info("report/plots", true, None),
            info("report/raw/", true, Some(4096)),
        ]);
        let plots = listing(vec![info("report/plots/roc curve.png", false, Some(401))]);
        let raw = listing(vec![info("report/raw/p.bin", false, Some(-1))]);
        let mut walk = Walk::new("");
        assert_eq!(walk.next_requests(MAX_IN_FLIGHT), vec![""]);
        assert!(walk.on_listing("", listing_items(&root)));
        assert_eq!(walk.next_requests(MAX_IN_FLIGHT), vec!["report"]);
        assert!(walk.on_listing("report", listing_items(&report)));
        let next = walk.next_requests(MAX_IN_FLIGHT);
        assert_eq!(next, vec!["report/plots", "report/raw"]);
        assert!(walk.on_listing("report/plots", listing_items(&plots)));
        assert!(walk.on_listing("report/raw", listing_items(&raw)));
        assert!(walk.is_done());
        let got: Vec<(String, Option<u64>)> = walk
            .entries()
            .iter()
            .map(|e| (e.path.clone(), e.size))
            .collect();
        assert_eq!(
            got,
            vec![
                ("top.txt".to_string(), Some(3)),
                ("report/eval notes.md".into(), Some(80)),
                ("report/plots/roc curve.png".into(), Some(401)),
                ("report/raw/p.bin".into(), None),
            ]
        );
        assert_eq!(walk.progress().bytes, 484);
    }

    #[test]
    fn hostile_names_stay_inside_the_listed_folder() {
        let items = listing_items(&listing(vec![
            info("../../etc/passwd", false, Some(1)),
            info("a/<img src=x>", false, Some(2)),
            info("", false, Some(3)),
            info("/", true, None),
            info("..", true, None),
            info("d/%2F?#&", false, Some(i64::MAX)),
        ]));
        assert_eq!(items[5].2, Some(i64::MAX as u64));
        let mut walk = Walk::new("");
        walk.next_requests(1);
        walk.on_listing("", items);
        let paths: Vec<&str> = walk.entries().iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, vec!["passwd", "<img src=x>", "%2F?#&"]);
        // `..` is a literal folder name, listed as such (never resolved upwards).
        assert_eq!(walk.next_requests(6), vec![".."]);
        // The download URL keeps every character, encoded.
        assert_eq!(
            FileSource::Run("r".into()).file_url("", "%2F?#&"),
            Some("/get-artifact?path=%252F%3F%23%26&run_uuid=r".into())
        );
    }

    #[test]
    fn folders_carry_no_size_and_sources_pick_their_endpoint() {
        let items = listing_items(&listing(vec![info("d", true, Some(10))]));
        assert_eq!(items, vec![("d".to_string(), true, None)]);
        let run = FileSource::Run("r1".into());
        assert_eq!(
            run.list_request("").unwrap().url(""),
            "/api/2.0/mlflow/artifacts/list?run_id=r1"
        );
        let model = FileSource::LoggedModel("m-1".into());
        assert_eq!(
            model.list_request("x/y").unwrap().url(""),
            "/ajax-api/2.0/mlflow/logged-models/m-1/artifacts/directories?artifact_directory_path=x%2Fy"
        );
        assert_eq!(
            model.file_url("http://h", "MLmodel").unwrap(),
            "http://h/ajax-api/2.0/mlflow/logged-models/m-1/artifacts/files?artifact_file_path=MLmodel"
        );
    }

    fn version(source: Option<DatasetSource>) -> Version {
        Version {
            number: Some(0),
            id: "00c92502".into(),
            created: None,
            updated: None,
            logged_by: None,
            logged_by_inferred: false,
            aliases: Vec::new(),
            registry_links: Vec::new(),
            tags: Vec::new(),
            params: Vec::new(),
            metrics: Vec::new(),
            status: String::new(),
            source,
            schema: r#"{"mlflow_colspec":[]}"#.into(),
            profile: String::new(),
        }
    }

    #[test]
    fn a_dataset_version_is_one_reference_entry() {
        let v = version(Some(DatasetSource::parse(
            "s3",
            r#"{"uri":"s3://demo-bucket/raw/images/"}"#,
        )));
        let entries = dataset_entries("raw-images", &v);
        assert_eq!(entries.len(), 1);
        let e = &entries[0];
        assert_eq!(e.path, "raw-images");
        assert_eq!(e.ref_uri.as_deref(), Some("s3://demo-bucket/raw/images/"));
        assert_eq!(e.digest.as_deref(), Some("00c92502"));
        assert_eq!(
            e.extra,
            vec![("schema".to_string(), r#"{"mlflow_colspec":[]}"#.to_string())]
        );
        let source = FileSource::Dataset {
            name: "raw-images".into(),
            version: Box::new(v),
        };
        assert!(source.list_request("").is_none());
        assert_eq!(source.file_url("", "raw-images"), None);

        // A dataset logged from a run file is that file, downloadable through the run.
        let v = version(Some(DatasetSource::parse(
            "http",
            r#"{"url":"http://h/get-artifact?path=data/test.csv&run_uuid=0123456789abcdef0123456789abcdef"}"#,
        )));
        let entries = dataset_entries("iris-test", &v);
        assert_eq!(entries[0].path, "data/test.csv");
        let source = FileSource::Dataset {
            name: "iris-test".into(),
            version: Box::new(v),
        };
        assert_eq!(
            source.file_url("", "data/test.csv").unwrap(),
            "/get-artifact?path=data%2Ftest.csv&run_uuid=0123456789abcdef0123456789abcdef"
        );
        assert_eq!(dataset_entries("x", &version(None))[0].ref_uri, None);
    }
}
