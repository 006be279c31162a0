//! The registry pages: every registered model (with aliases), and one registered model's
//! versions, each placed as the logged model it points at (`name:vN` in its project).

use super::limits::{count, Limits, Notice};
use super::locate::{LocateKey, Located, Locator};
use super::models::{split_registered, split_versions};
use super::pages::Pages;
use super::{json, poll_part, Answer, One, Plan};
use crate::domain::artifact::logged_model_of;
use crate::mlflow::api::{self, ApiRequest};
use crate::mlflow::{wire, ApiError};
use std::collections::BTreeMap;

/// Every registered model.
#[derive(Clone, Debug)]
pub struct RegistryPlan {
    list: Pages<wire::RegisteredModel>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegistryView {
    pub models: Vec<wire::RegisteredModel>,
    pub notices: Vec<Notice>,
    pub fatal: Option<ApiError>,
    pub complete: bool,
}

impl RegistryPlan {
    pub fn new(limits: &Limits) -> RegistryPlan {
        RegistryPlan {
            list: Pages::new(
                api::search_registered_models("", limits.registry_page),
                Limits::pages(limits.registry, limits.registry_page),
                split_registered,
            ),
        }
    }

    pub fn view(&self) -> RegistryView {
        RegistryView {
            models: self.list.items().to_vec(),
            notices: self
                .list
                .is_truncated()
                .then(|| {
                    Notice::limit(format!(
                        "Only the first {} registered models were read.",
                        count(self.list.items().len(), false)
                    ))
                })
                .into_iter()
                .collect(),
            fatal: self.list.error().cloned(),
            complete: self.list.is_done(),
        }
    }
}

super::plan_by_field!(RegistryPlan, list);

#[derive(Clone, Debug)]
pub enum RegisteredKey {
    Model,
    Versions,
    Locate(LocateKey),
}

/// One registered model: its versions (newest first), each with the logged model it points at.
#[derive(Clone, Debug)]
pub struct RegisteredModelPlan {
    model: One<wire::RegisteredModel>,
    versions: Pages<wire::ModelVersion>,
    locator: Locator,
}

/// A registry version and where its logged model is.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionRow {
    pub version: wire::ModelVersion,
    /// The logged model id it points at (`source = models:/m-…`), if any.
    pub model_id: Option<String>,
    pub located: Option<Located>,
    /// Why the logged model could not be read (deleted, no permission…).
    pub problem: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegisteredModelView {
    pub model: Option<wire::RegisteredModel>,
    pub versions: Vec<VersionRow>,
    pub notices: Vec<Notice>,
    pub fatal: Option<ApiError>,
    pub complete: bool,
}

impl RegisteredModelPlan {
    pub fn new(name: &str, limits: Limits) -> RegisteredModelPlan {
        let filter = format!("name = {}", api::filter_string(name));
        RegisteredModelPlan {
            model: One::new(api::get_registered_model(name), |url, text| {
                let r: wire::GetRegisteredModelResponse = json(url, text)?;
                Ok(r.registered_model)
            }),
            versions: Pages::new(
                api::search_model_versions(&filter, limits.registry_page),
                Limits::pages(limits.registry, limits.registry_page),
                split_versions,
            ),
            // no home experiment: every project is named
            locator: Locator::new("", limits),
        }
    }

    pub fn view(&self) -> RegisteredModelView {
        let mut versions: Vec<VersionRow> = self
            .versions
            .items()
            .iter()
            .map(|mv| {
                let model_id = logged_model_of(mv);
                let located = model_id.as_deref().and_then(|id| self.locator.model(id));
                let problem = model_id
                    .as_deref()
                    .and_then(|id| self.locator.model_error(id))
                    .map(|e| {
                        if e.is_not_found() {
                            "the logged model no longer exists".to_string()
                        } else {
                            format!("{} — {}", e.title(), e.detail())
                        }
                    });
                VersionRow {
                    version: mv.clone(),
                    model_id,
                    located,
                    problem,
                }
            })
            .collect();
        // newest first; numbers that do not parse sort last, by their text
        let key = |v: &VersionRow| {
            let n = v.version.version.parse::<u64>().ok();
            (n.is_none(), std::cmp::Reverse(n), v.version.version.clone())
        };
        versions.sort_by_key(key);
        let mut notices: Vec<Notice> = self
            .locator
            .notices()
            .into_iter()
            .filter(|n| !n.text.starts_with("Logged model "))
            .collect();
        if self.versions.is_truncated() {
            notices.push(Notice::limit(format!(
                "Only the first {} versions were read.",
                count(self.versions.items().len(), false)
            )));
        }
        RegisteredModelView {
            model: self.model.get().cloned(),
            versions,
            notices,
            fatal: self.model.error().or(self.versions.error()).cloned(),
            complete: self.is_done(),
        }
    }
}

impl Plan for RegisteredModelPlan {
    type Key = RegisteredKey;

    fn poll(&mut self) -> Vec<(RegisteredKey, ApiRequest)> {
        let mut out = Vec::new();
        if let Some(r) = self.model.want() {
            out.push((RegisteredKey::Model, r));
        }
        if let Some(r) = self.versions.want() {
            out.push((RegisteredKey::Versions, r));
        }
        poll_part(&mut self.locator, &mut out, RegisteredKey::Locate);
        out
    }

    fn feed(&mut self, key: RegisteredKey, answer: Answer) {
        match key {
            RegisteredKey::Model => self.model.feed(answer),
            RegisteredKey::Versions => {
                self.versions.feed(answer);
                let ids: BTreeMap<String, ()> = self
                    .versions
                    .items()
                    .iter()
                    .filter_map(logged_model_of)
                    .map(|id| (id, ()))
                    .collect();
                for id in ids.keys() {
                    self.locator.want_model(id);
                }
            }
            RegisteredKey::Locate(k) => self.locator.feed(k, answer),
        }
    }

    fn is_done(&self) -> bool {
        self.model.is_done() && self.versions.is_done() && self.locator.is_done()
    }
}
