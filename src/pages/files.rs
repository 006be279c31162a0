//! `/projects/:experiment/files?run=<id>` (or `?model=<id>`, `?dataset=<name>&digest=<d>`):
//! the files of one run, logged model or dataset version, and with `&compare_run=<id>` the
//! file diff of two runs.

use crate::components::files_view::{FileDiff, FilesView};
use crate::components::{ErrorView, Skeleton};
use crate::context::{set_crumbs, Crumb};
use crate::domain::{Run, Version};
use crate::hooks::use_plan;
use crate::hooks::use_query_param;
use crate::mlflow::files::FileSource;
use crate::plan::collection::dataset_detail;
use crate::plan::One;
use crate::routes::{self, Query};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn FilesPage() -> impl IntoView {
    let params = use_params_map();
    let experiment = Memo::new(move |_| params.read().get("experiment").unwrap_or_default());
    let (run, _) = use_query_param(Query::Run);
    let (model, _) = use_query_param(Query::Model);
    let (dataset, _) = use_query_param(Query::Dataset);
    let (digest, _) = use_query_param(Query::Digest);
    let (compare_run, _) = use_query_param(Query::CompareRun);

    Effect::new(move |_| {
        let exp = experiment.get();
        let what = if !model.get().is_empty() {
            format!("Files of model {}", model.get())
        } else if !dataset.get().is_empty() {
            format!("Files of dataset {}", dataset.get())
        } else if !compare_run.get().is_empty() {
            "File diff".to_string()
        } else {
            format!("Files of run {}", run.get())
        };
        set_crumbs(vec![
            Crumb::link("Projects", routes::projects()),
            Crumb::link(format!("Project {exp}"), routes::project(&exp)),
            Crumb::here(what),
        ]);
    });

    // Re-created only when the thing shown changes, not on folder/filter/selection changes.
    let target = Memo::new(move |_| {
        (
            run.get(),
            model.get(),
            dataset.get(),
            digest.get(),
            compare_run.get(),
        )
    });
    view! {
        <section class="page files-page">
            {move || {
                let (run, model, dataset, digest, compare) = target.get();
                if !run.is_empty() && !compare.is_empty() {
                    view! { <RunDiff old=run new=compare/> }.into_any()
                } else if !model.is_empty() {
                    view! {
                        <h1>"Model files " <span class="mono">{model.clone()}</span></h1>
                        <FilesView source=FileSource::LoggedModel(model)/>
                    }.into_any()
                } else if !run.is_empty() {
                    view! {
                        <h1>"Run files " <span class="mono">{run.clone()}</span></h1>
                        <FilesView source=FileSource::Run(run)/>
                    }.into_any()
                } else if !dataset.is_empty() {
                    view! { <DatasetFiles experiment=experiment.get_untracked() name=dataset digest=digest/> }.into_any()
                } else {
                    view! { <p class="empty">"Choose a run, model or dataset: this page needs ?run=, ?model= or ?dataset=."</p> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn DatasetFiles(experiment: String, name: String, digest: String) -> impl IntoView {
    let (e, n, d) = (experiment.clone(), name.clone(), digest.clone());
    let detail = use_plan(
        move |_| Some(dataset_detail(&e, &n, &d)),
        |o: &One<Option<Run>>| {
            o.is_done()
                .then(|| o.get().cloned().flatten().ok_or_else(|| o.error().cloned()))
        },
    );
    view! {
        <h1>"Dataset " <span class="mono">{name.clone()}</span></h1>
        {move || match detail.view.get().flatten() {
            None => view! { <Skeleton rows=4/> }.into_any(),
            Some(Err(Some(e))) => view! { <ErrorView error=e on_retry=move |_| detail.retry()/> }.into_any(),
            Some(Err(None)) => view! { <p class="empty">"No such dataset version in this project."</p> }.into_any(),
            Some(Ok(run)) => match run.used_datasets.iter().find(|u| u.name == name && u.digest == digest) {
                Some(used) => {
                    let version = Version::of_dataset_use(used);
                    view! {
                        <p class="meta">"digest " <span class="mono">{version.id.clone()}</span></p>
                        <FilesView source=FileSource::Dataset { name: name.clone(), version: Box::new(version) }/>
                    }.into_any()
                }
                None => view! { <p class="empty">"No such dataset version in this project."</p> }.into_any(),
            },
        }}
    }
}

#[component]
fn RunDiff(old: String, new: String) -> impl IntoView {
    view! {
        <h1>"File diff"</h1>
        <p class="meta">"From " <span class="mono">{old.clone()}</span> " to " <span class="mono">{new.clone()}</span></p>
        <FileDiff
            old=FileSource::Run(old.clone())
            new=FileSource::Run(new.clone())
            old_label=format!("run {old}")
            new_label=format!("run {new}")
        />
    }
}
