//! The model registry: registered models with their aliases, and one registered model's
//! versions, each linking to the logged model it points at and its source run.

use crate::components::edit::{
    DescriptionEditor, MarkdownSummary, RegistryVersionEditor, TagEditor,
};
use crate::components::{page_state, ErrorView, Notices, RelTime, Skeleton, VersionLink};
use crate::context::{set_crumbs, Crumb};
use crate::edit::Target;
use crate::hooks::{use_limits, use_plan};
use crate::mlflow::api::decode_component;
use crate::plan::registry::{RegisteredModelPlan, RegisteredModelView, RegistryPlan};
use crate::routes;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RegistryPage() -> impl IntoView {
    set_crumbs(vec![Crumb::here("Registry")]);
    let planned = use_plan(
        move |_| Some(RegistryPlan::new(&use_limits())),
        RegistryPlan::view,
    );
    view! {
        <section class="page" data-state=move || page_state(planned.is_done())>
            <h1>"Model registry"</h1>
            <p class="lede">"Registered models link versions to logged models (W&B: linked versions); aliases such as champion point at one version."</p>
            {move || {
                let Some(v) = planned.view.get() else {
                    return view! { <Skeleton rows=5/> }.into_any();
                };
                if let Some(e) = v.fatal {
                    return view! { <ErrorView error=e on_retry=move |_| planned.retry()/> }.into_any();
                }
                if !v.complete {
                    return view! { <Skeleton rows=5/> }.into_any();
                }
                let models = v.models;
                if models.is_empty() {
                    return view! { <p class="empty">"No registered models on this server."</p> }.into_any();
                }
                view! {
                    <Notices notices=v.notices/>
                    <table class="data-table registry-table">
                        <thead><tr><th scope="col">"Registered model"</th><th scope="col">"Aliases"</th><th scope="col">"Latest version"</th><th scope="col">"Description"</th><th scope="col">"Updated"</th></tr></thead>
                        <tbody>
                            {models.into_iter().map(|m| {
                                let latest = m.latest_versions.iter().map(|v| v.version.parse::<u64>().unwrap_or(0)).max();
                                view! {
                                    <tr data-registered-model=m.name.clone()>
                                        <th scope="row"><a href=routes::registered_model(&m.name)>{m.name.clone()}</a></th>
                                        <td>{m.aliases.iter().map(|a| view! { <span class="chip">{format!("@{} → v{}", a.alias, a.version)}</span> }).collect_view()}</td>
                                        <td>{latest.map(|v| format!("v{v}"))}</td>
                                        <td class="clip"><MarkdownSummary source=m.description.clone()/></td>
                                        <td><RelTime t=m.last_updated_timestamp/></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn RegisteredModelPage() -> impl IntoView {
    let params = use_params_map();
    let name = Memo::new(move |_| decode_component(&params.read().get("name").unwrap_or_default()));
    let planned = use_plan(
        move |_| Some(RegisteredModelPlan::new(&name.get(), use_limits())),
        RegisteredModelPlan::view,
    );
    Effect::new(move |_| {
        set_crumbs(vec![
            Crumb::link("Registry", routes::registry()),
            Crumb::here(name.get()),
        ]);
    });
    view! {
        <section class="page" data-state=move || page_state(planned.is_done())>
            {move || {
                let Some(d): Option<RegisteredModelView> = planned.view.get() else {
                    return view! { <Skeleton rows=6/> }.into_any();
                };
                if let Some(e) = d.fatal {
                    return view! { <ErrorView error=e on_retry=move |_| planned.retry()/> }.into_any();
                }
                // drawn once complete: the editors keep what is typed
                let (Some(model), true) = (d.model, d.complete) else {
                    return view! { <Skeleton rows=6/> }.into_any();
                };
                let tags = crate::domain::user_tags(&model.tags);
                // edits (issue 11): the version whose editors are open
                let editing = RwSignal::new(None::<String>);
                let target = Target::RegisteredModel { name: model.name.clone() };
                let versions: Vec<crate::mlflow::wire::ModelVersion> = d.versions.iter().map(|r| r.version.clone()).collect();
                let known = model.aliases.clone();
                view! {
                    <header class="page-head">
                        <p class="eyebrow">"registered model"</p>
                        <h1>{model.name.clone()}</h1>
                        <Notices notices=d.notices.clone()/>
                    </header>
                    <DescriptionEditor target=target.clone() text=model.description.clone()/>
                    <table class="data-table registry-versions-table">
                        <thead><tr><th scope="col">"Version"</th><th scope="col">"Aliases"</th><th scope="col">"Logged model"</th><th scope="col">"Source run"</th><th scope="col">"Status"</th><th scope="col">"Created"</th><th scope="col">"Description"</th><th scope="col"><span class="visually-hidden">"Edit"</span></th></tr></thead>
                        <tbody>
                            {d.versions.iter().map(|row| {
                                let mv = &row.version;
                                let v_edit = mv.version.clone();
                                let aliases = crate::domain::artifact::registry_aliases(std::slice::from_ref(&model), mv);
                                let model_link = match (&row.located, &row.model_id) {
                                    (Some(l), _) => view! {
                                        <VersionLink collection=l.collection.clone() version=l.version.clone()/>
                                        {l.project.clone().map(|p| view! { " " <span class="chip project-chip">{p.name}</span> })}
                                    }.into_any(),
                                    (None, Some(id)) => view! {
                                        <span class="mono">{id.clone()}</span>
                                        {row.problem.clone().map(|p| view! { " " <span class="muted small warn">{format!("({p})")}</span> })}
                                    }.into_any(),
                                    _ => view! { <span class="mono">{mv.source.clone()}</span> }.into_any(),
                                };
                                let run_link = row.located.as_ref().filter(|_| !mv.run_id.is_empty()).map(|l| view! {
                                    <a href=routes::run(&l.collection.experiment_id, &mv.run_id) class="mono">{mv.run_id.chars().take(8).collect::<String>()}</a>
                                });
                                view! {
                                    <tr data-registry-version=mv.version.clone()>
                                        <th scope="row">{format!("v{}", mv.version)}</th>
                                        <td>{aliases.into_iter().map(|a| view! { <span class="chip">{format!("{}@{a}", model.name)}</span> }).collect_view()}</td>
                                        <td>{model_link}</td>
                                        <td>{run_link}</td>
                                        <td>{mv.status.clone()}</td>
                                        <td><RelTime t=mv.creation_timestamp/></td>
                                        <td class="clip"><MarkdownSummary source=mv.description.clone()/></td>
                                        <td><button type="button" class="button small" aria-label=format!("Edit {} v{}", model.name, mv.version)
                                            on:click=move |_| editing.set(Some(v_edit.clone()))>"Edit"</button></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    {move || editing.get().and_then(|v| versions.iter().find(|mv| mv.version == v).cloned()).map(|mv| view! {
                        <RegistryVersionEditor version=mv known=known.clone()/>
                    })}
                    <h2>"Tags"</h2>
                    <TagEditor target=target tags=tags/>
                }.into_any()
            }}
        </section>
    }
}
