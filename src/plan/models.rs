//! Reading logged models and the registry: the parts every page that shows a model version
//! shares.
//!
//! * [`ModelRead`]: the logged models of some experiments matching a filter (`name = 'x'` for
//!   one collection, nothing for a whole project), newest first, up to [`Limits::models`]. Its
//!   collections are numbered only when every model was read
//!   ([`crate::domain::artifact::model_collections`] is the one numbering).
//! * [`RegistryRead`]: registered models (their aliases) and model versions (which logged model
//!   each points at), to attach `iris-classifier@champion` to versions.

use super::limits::{count, Limits, Notice};
use super::pages::Pages;
use super::{json, Answer, Plan};
use crate::domain::artifact::{self, Collection};
use crate::mlflow::api::{self, ApiRequest};
use crate::mlflow::{wire, ApiError};

fn split_models(
    url: &str,
    text: &str,
) -> Result<(Vec<wire::LoggedModel>, Option<String>), ApiError> {
    let r: wire::SearchLoggedModelsResponse = json(url, text)?;
    Ok((r.models, r.next_page_token))
}

/// The logged models of some experiments matching a filter.
#[derive(Clone, Debug)]
pub struct ModelRead {
    pages: Pages<wire::LoggedModel>,
    /// What the models are, for notices: "logged models of this project".
    what: String,
}

impl ModelRead {
    /// Every logged model of one collection.
    pub fn collection(experiment_id: &str, name: &str, limits: &Limits) -> ModelRead {
        let filter = format!("name = {}", api::filter_string(name));
        ModelRead::new(
            &[experiment_id],
            &filter,
            limits,
            format!("versions of {name}"),
        )
    }

    /// Every logged model of a project.
    pub fn project(experiment_id: &str, limits: &Limits) -> ModelRead {
        ModelRead::new(&[experiment_id], "", limits, "logged models".into())
    }

    /// The logged models some runs logged (`source_run_id IN (…)`), at most 100 ids.
    pub fn logged_by(experiment_ids: &[&str], run_ids: &[String], limits: &Limits) -> ModelRead {
        let ids: Vec<String> = run_ids.iter().map(|r| api::filter_string(r)).collect();
        let filter = format!("source_run_id IN ({})", ids.join(", "));
        ModelRead::new(experiment_ids, &filter, limits, "logged models".into())
    }

    fn new(experiment_ids: &[&str], filter: &str, limits: &Limits, what: String) -> ModelRead {
        ModelRead {
            pages: Pages::sized(
                |n| api::search_logged_models(experiment_ids, filter, n),
                limits.models,
                limits.models_page,
                split_models,
            ),
            what,
        }
    }

    pub fn models(&self) -> &[wire::LoggedModel] {
        self.pages.items()
    }

    pub fn is_complete(&self) -> bool {
        self.pages.is_complete()
    }

    /// MLflow said there are more models after those read.
    pub fn has_more(&self) -> bool {
        self.pages.has_more()
    }

    pub fn error(&self) -> Option<&ApiError> {
        self.pages.error()
    }

    /// Collections of what was read. Numbered only once every model was read; until then (or
    /// when the limit stopped the reading) versions show their ids and there is no `latest`.
    pub fn collections(&self) -> Vec<Collection> {
        let mut cs = artifact::model_collections(self.pages.items());
        if !self.pages.is_complete() {
            let why = if self.pages.is_truncated() {
                format!(
                    "only the newest {} {} were read",
                    count(self.pages.items().len(), false),
                    self.what
                )
            } else if self.pages.is_done() {
                format!("not every one of the {} could be read", self.what)
            } else {
                format!("still reading the {}", self.what)
            };
            for c in &mut cs {
                c.numbering_unknown(why.clone());
            }
        }
        cs
    }

    /// What the page must say about this read.
    pub fn notices(&self) -> Vec<Notice> {
        match (self.pages.status(), self.pages.error()) {
            (_, Some(e)) => vec![Notice::failed(&capitalise(&self.what), e)],
            (super::pages::Status::Truncated, _) => vec![Notice::limit(format!(
                "Only the newest {} {} were read; older ones are not listed and version numbers \
                 are not shown.",
                count(self.pages.items().len(), false),
                self.what,
            ))],
            _ => Vec::new(),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

super::plan_by_field!(ModelRead, pages);

pub(super) fn split_registered(
    url: &str,
    text: &str,
) -> Result<(Vec<wire::RegisteredModel>, Option<String>), ApiError> {
    let r: wire::SearchRegisteredModelsResponse = json(url, text)?;
    Ok((r.registered_models, r.next_page_token))
}

pub(super) fn split_versions(
    url: &str,
    text: &str,
) -> Result<(Vec<wire::ModelVersion>, Option<String>), ApiError> {
    let r: wire::SearchModelVersionsResponse = json(url, text)?;
    Ok((r.model_versions, r.next_page_token))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegistryKey {
    Models,
    Versions,
}

/// Registered models (with aliases) and model versions (their logged models).
#[derive(Clone, Debug)]
pub struct RegistryRead {
    models: Pages<wire::RegisteredModel>,
    versions: Pages<wire::ModelVersion>,
}

impl RegistryRead {
    pub fn new(limits: &Limits) -> RegistryRead {
        let page = limits.registry_page;
        let pages = Limits::pages(limits.registry, page);
        RegistryRead {
            models: Pages::new(
                api::search_registered_models("", page),
                pages,
                split_registered,
            ),
            versions: Pages::new(api::search_model_versions("", page), pages, split_versions),
        }
    }

    /// Attaches what was read (so far) to `collections`.
    pub fn attach(&self, collections: &mut [Collection]) {
        artifact::attach_registry(collections, self.models.items(), self.versions.items());
    }

    pub fn registered_models(&self) -> &[wire::RegisteredModel] {
        self.models.items()
    }

    pub fn versions(&self) -> &[wire::ModelVersion] {
        self.versions.items()
    }

    pub fn notices(&self) -> Vec<Notice> {
        if let Some(e) = self.models.error().or(self.versions.error()) {
            return vec![Notice::failed(
                "The model registry (aliases such as @champion)",
                e,
            )];
        }
        if self.models.is_truncated() || self.versions.is_truncated() {
            return vec![Notice::limit(format!(
                "Only the first {} registered models and {} model versions were read: registry \
                 aliases of the others are not shown.",
                count(self.models.items().len(), false),
                count(self.versions.items().len(), false)
            ))];
        }
        Vec::new()
    }
}

impl Plan for RegistryRead {
    type Key = RegistryKey;

    fn poll(&mut self) -> Vec<(RegistryKey, ApiRequest)> {
        let mut out = Vec::new();
        if let Some(r) = self.models.want() {
            out.push((RegistryKey::Models, r));
        }
        if let Some(r) = self.versions.want() {
            out.push((RegistryKey::Versions, r));
        }
        out
    }

    fn feed(&mut self, key: RegistryKey, answer: Answer) {
        match key {
            RegistryKey::Models => self.models.feed(answer),
            RegistryKey::Versions => self.versions.feed(answer),
        };
    }

    fn is_done(&self) -> bool {
        self.models.is_done() && self.versions.is_done()
    }
}
