//! The projects page: every experiment the user can see (its run count is a
//! [`super::runs::RunCount`] per row, filled in as it arrives).

use super::json;
use super::limits::{count, Limits, Notice};
use super::pages::Pages;
use crate::domain::Project;
use crate::mlflow::api;
use crate::mlflow::{wire, ApiError};

fn split_experiments(
    url: &str,
    text: &str,
) -> Result<(Vec<wire::Experiment>, Option<String>), ApiError> {
    let r: wire::SearchExperimentsResponse = json(url, text)?;
    Ok((r.experiments, r.next_page_token))
}

/// Every active experiment, most recently updated first, up to [`Limits::experiments`].
pub fn experiment_list(limits: &Limits) -> Pages<wire::Experiment> {
    Pages::new(
        api::search_experiments(limits.experiments_page),
        Limits::pages(limits.experiments, limits.experiments_page),
        split_experiments,
    )
}

/// What a page must say about an experiment list it read.
pub fn experiments_notice(list: &Pages<wire::Experiment>) -> Option<Notice> {
    list.is_truncated().then(|| {
        Notice::limit(format!(
            "Only the {} most recently updated projects were read; older projects are not \
             included.",
            count(list.items().len(), false)
        ))
    })
}

#[derive(Clone, Debug)]
pub struct ProjectsPlan {
    list: Pages<wire::Experiment>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProjectsView {
    pub projects: Vec<Project>,
    pub notices: Vec<Notice>,
    pub fatal: Option<ApiError>,
    pub reading: Vec<String>,
    pub complete: bool,
}

impl ProjectsPlan {
    pub fn new(limits: &Limits) -> ProjectsPlan {
        ProjectsPlan {
            list: experiment_list(limits),
        }
    }

    pub fn view(&self) -> ProjectsView {
        ProjectsView {
            projects: self.list.items().iter().map(Project::from).collect(),
            notices: experiments_notice(&self.list).into_iter().collect(),
            fatal: self.list.error().cloned(),
            reading: if self.list.is_done() {
                Vec::new()
            } else {
                vec![format!(
                    "reading projects: {} so far",
                    count(self.list.items().len(), false)
                )]
            },
            complete: self.list.is_done(),
        }
    }
}

super::plan_by_field!(ProjectsPlan, list);
