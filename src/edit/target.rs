//! The four things a user can tag — runs, logged models, registered models and model versions —
//! with, for each, the write requests, the small re-read that shows what MLflow holds after a
//! save, and the rules MLflow applies to it.

use super::permissions::{Resource, Write};
use super::rules::{KeyRule, MAX_REGISTRY_TAG_VALUE, MAX_RUN_TAG_VALUE};
use crate::mlflow::api::{self, writes, ApiRequest};
use crate::mlflow::{wire, ApiError};

/// The tag MLflow keeps a run's description in.
pub const NOTE_TAG: &str = "mlflow.note.content";

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Run {
        run_id: String,
        experiment_id: String,
    },
    LoggedModel {
        model_id: String,
        experiment_id: String,
    },
    RegisteredModel {
        name: String,
    },
    ModelVersion {
        name: String,
        version: String,
    },
}

/// What MLflow holds for a target: its user tags (without `mlflow.*`), in MLflow's order, and
/// its description (`None` where the target has none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub tags: Vec<(String, String)>,
    pub description: Option<String>,
}

impl Target {
    /// `run`, `logged model`, `registered model`, `model version`.
    pub fn noun(&self) -> &'static str {
        match self {
            Target::Run { .. } => "run",
            Target::LoggedModel { .. } => "logged model",
            Target::RegisteredModel { .. } => "registered model",
            Target::ModelVersion { .. } => "model version",
        }
    }

    /// The resource whose permission decides (runs and logged models: their experiment).
    pub fn resource(&self) -> Resource {
        match self {
            Target::Run { experiment_id, .. } | Target::LoggedModel { experiment_id, .. } => {
                Resource::Experiment(experiment_id.clone())
            }
            Target::RegisteredModel { name } | Target::ModelVersion { name, .. } => {
                Resource::RegisteredModel(name.clone())
            }
        }
    }

    pub fn key_rule(&self) -> KeyRule {
        match self {
            Target::LoggedModel { .. } => KeyRule::Any,
            _ => KeyRule::Strict,
        }
    }

    /// The longest tag value (and description) MLflow keeps whole, when it has a limit.
    pub fn value_limit(&self) -> Option<usize> {
        match self {
            Target::Run { .. } => Some(MAX_RUN_TAG_VALUE),
            Target::RegisteredModel { .. } | Target::ModelVersion { .. } => {
                Some(MAX_REGISTRY_TAG_VALUE)
            }
            Target::LoggedModel { .. } => None,
        }
    }

    pub fn set_tag_write(&self) -> Write {
        match self {
            Target::Run { .. } => Write::SetRunTag,
            Target::LoggedModel { .. } => Write::SetLoggedModelTag,
            Target::RegisteredModel { .. } => Write::SetRegisteredModelTag,
            Target::ModelVersion { .. } => Write::SetModelVersionTag,
        }
    }

    pub fn delete_tag_write(&self) -> Write {
        match self {
            Target::Run { .. } => Write::DeleteRunTag,
            Target::LoggedModel { .. } => Write::DeleteLoggedModelTag,
            Target::RegisteredModel { .. } => Write::DeleteRegisteredModelTag,
            Target::ModelVersion { .. } => Write::DeleteModelVersionTag,
        }
    }

    /// `None`: MLflow keeps no description for logged models.
    pub fn description_write(&self) -> Option<Write> {
        match self {
            Target::Run { .. } => Some(Write::SetRunDescription),
            Target::LoggedModel { .. } => None,
            Target::RegisteredModel { .. } => Some(Write::SetRegisteredModelDescription),
            Target::ModelVersion { .. } => Some(Write::SetModelVersionDescription),
        }
    }

    pub fn set_tag(&self, key: &str, value: &str) -> ApiRequest {
        match self {
            Target::Run { run_id, .. } => writes::set_run_tag(run_id, key, value),
            Target::LoggedModel { model_id, .. } => {
                writes::set_logged_model_tags(model_id, &[(key.to_string(), value.to_string())])
            }
            Target::RegisteredModel { name } => writes::set_registered_model_tag(name, key, value),
            Target::ModelVersion { name, version } => {
                writes::set_model_version_tag(name, version, key, value)
            }
        }
    }

    /// Why a tag cannot be deleted whatever the permission, if so: MLflow's logged-model route
    /// cannot take a key with `/` (the server decodes `%2F` before routing and answers 404).
    pub fn cannot_delete(&self, key: &str) -> Option<&'static str> {
        match self {
            Target::LoggedModel { .. } if key.contains('/') => {
                Some("MLflow's REST API cannot remove a logged model tag whose key contains \"/\".")
            }
            _ => None,
        }
    }

    pub fn delete_tag(&self, key: &str) -> ApiRequest {
        match self {
            Target::Run { run_id, .. } => writes::delete_run_tag(run_id, key),
            Target::LoggedModel { model_id, .. } => writes::delete_logged_model_tag(model_id, key),
            Target::RegisteredModel { name } => writes::delete_registered_model_tag(name, key),
            Target::ModelVersion { name, version } => {
                writes::delete_model_version_tag(name, version, key)
            }
        }
    }

    pub fn set_description(&self, text: &str) -> Option<ApiRequest> {
        Some(match self {
            Target::Run { run_id, .. } => writes::set_run_tag(run_id, NOTE_TAG, text),
            Target::LoggedModel { .. } => return None,
            Target::RegisteredModel { name } => writes::update_registered_model(name, text),
            Target::ModelVersion { name, version } => {
                writes::update_model_version(name, version, text)
            }
        })
    }

    /// One small read of the target alone, sent after every save.
    pub fn reread(&self) -> ApiRequest {
        match self {
            Target::Run { run_id, .. } => api::get_run(run_id),
            Target::LoggedModel { model_id, .. } => api::get_logged_model(model_id),
            Target::RegisteredModel { name } => api::get_registered_model(name),
            Target::ModelVersion { name, version } => api::get_model_version(name, version),
        }
    }

    /// Reads the answer to [`Target::reread`].
    pub fn read(&self, url: &str, text: &str) -> Result<Snapshot, ApiError> {
        Ok(match self {
            Target::Run { .. } => {
                let r: wire::GetRunResponse = crate::mlflow::decode(url, text)?;
                Snapshot {
                    tags: crate::domain::user_tags(&r.run.data.tags),
                    description: Some(note(&r.run.data.tags)),
                }
            }
            Target::LoggedModel { .. } => {
                let r: wire::GetLoggedModelResponse = crate::mlflow::decode(url, text)?;
                Snapshot {
                    tags: crate::domain::user_tags(&r.model.info.tags),
                    description: None,
                }
            }
            Target::RegisteredModel { .. } => {
                let r: wire::GetRegisteredModelResponse = crate::mlflow::decode(url, text)?;
                Snapshot {
                    tags: crate::domain::user_tags(&r.registered_model.tags),
                    description: Some(r.registered_model.description),
                }
            }
            Target::ModelVersion { .. } => {
                let r: wire::GetModelVersionResponse = crate::mlflow::decode(url, text)?;
                Snapshot {
                    tags: crate::domain::user_tags(&r.model_version.tags),
                    description: Some(r.model_version.description),
                }
            }
        })
    }
}

fn note(tags: &[wire::Tag]) -> String {
    tags.iter()
        .find(|t| t.key == NOTE_TAG)
        .map(|t| t.value.clone())
        .unwrap_or_default()
}

/// After saving `key = value`, what the re-read shows: `None` when MLflow holds exactly that,
/// else a sentence saying what it holds instead.
pub fn check_tag_saved(after: &Snapshot, key: &str, value: &str) -> Option<String> {
    match after.tags.iter().find(|(k, _)| k == key) {
        Some((_, v)) if v == value => None,
        Some((_, v)) => Some(format!(
            "MLflow now holds a different value for {key} ({} characters, you sent {}): \
             someone else may have changed it, or MLflow cut it.",
            v.chars().count(),
            value.chars().count()
        )),
        None => Some(format!(
            "MLflow does not hold the tag {key} after the save: someone may have removed it."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlflow::api::Method;

    fn run() -> Target {
        Target::Run {
            run_id: "r1".into(),
            experiment_id: "3".into(),
        }
    }

    #[test]
    fn each_target_writes_to_its_own_endpoint() {
        let lm = Target::LoggedModel {
            model_id: "m-1".into(),
            experiment_id: "3".into(),
        };
        let rm = Target::RegisteredModel { name: "clf".into() };
        let mv = Target::ModelVersion {
            name: "clf".into(),
            version: "2".into(),
        };
        assert_eq!(run().set_tag("k", "v").path, "/api/2.0/mlflow/runs/set-tag");
        assert_eq!(lm.set_tag("k", "v").method, Method::Patch);
        assert_eq!(
            lm.delete_tag("a b").url(""),
            "/api/2.0/mlflow/logged-models/m-1/tags/a%20b"
        );
        assert_eq!(rm.delete_tag("k").method, Method::Delete);
        assert_eq!(
            mv.set_description("d").unwrap().body.unwrap()["version"],
            "2"
        );
        assert_eq!(
            run().set_description("# hi").unwrap().body.unwrap()["key"],
            NOTE_TAG
        );
        assert!(lm.set_description("x").is_none());
        assert_eq!(lm.resource(), Resource::Experiment("3".into()));
        assert_eq!(mv.resource(), Resource::RegisteredModel("clf".into()));
        assert!(lm.cannot_delete("a/b").is_some());
        assert!(run().cannot_delete("a/b").is_none());
    }

    #[test]
    fn rereads_give_user_tags_and_the_description() {
        let text = r#"{"run": {"info": {"run_id": "r1"}, "data": {"tags": [
            {"key": "mlflow.runName", "value": "train"},
            {"key": "mlflow.note.content", "value": "\u0023 Notes"},
            {"key": "stage", "value": "<b>prod</b>"}]}}}"#;
        let s = run().read("/x", text).unwrap();
        assert_eq!(
            s.tags,
            vec![("stage".to_string(), "<b>prod</b>".to_string())]
        );
        assert_eq!(s.description.as_deref(), Some("# Notes"));
        let mv = Target::ModelVersion {
            name: "clf".into(),
            version: "2".into(),
        };
        let s = mv
            .read(
                "/x",
                r#"{"model_version": {"name": "clf", "version": "2", "description": "hi", "tags": null}}"#,
            )
            .unwrap();
        assert_eq!(s.description.as_deref(), Some("hi"));
        assert!(mv.read("/x", "<html>").is_err());
    }

    #[test]
    fn a_save_is_checked_against_what_mlflow_holds() {
        let after = Snapshot {
            tags: vec![("k".into(), "x".repeat(8000))],
            description: None,
        };
        assert_eq!(check_tag_saved(&after, "k", &"x".repeat(8000)), None);
        let cut = check_tag_saved(&after, "k", &"x".repeat(9000)).unwrap();
        assert!(cut.contains("8000 characters, you sent 9000"), "{cut}");
        assert!(check_tag_saved(&after, "gone", "v")
            .unwrap()
            .contains("does not hold"));
    }
}
