//! The model registry: registered models with their aliases, and one registered model's
//! versions, each linking to the logged model it points at and its source run.

use crate::app::{set_crumbs, use_client, Crumb};
use crate::components::edit::{
    DescriptionEditor, MarkdownSummary, RegistryVersionEditor, TagEditor,
};
use crate::components::{loaded, RelTime};
use crate::domain::artifact::logged_model_of;
use crate::edit::Target;
use crate::mlflow::api::decode_component;
use crate::mlflow::load::{self, RegisteredModelData};
use crate::mlflow::wire;
use crate::routes::{self, CollectionKind};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RegistryPage() -> impl IntoView {
    set_crumbs(vec![Crumb::here("Registry")]);
    let client = use_client();
    let data = LocalResource::new(move || {
        let c = client.get();
        async move { load::registered_models(&c).await }
    });
    view! {
        <section class="page">
            <h1>"Model registry"</h1>
            <p class="lede">"Registered models link versions to logged models (W&B: linked versions); aliases such as champion point at one version."</p>
            {loaded(data, 5, |models: Vec<wire::RegisteredModel>| {
                if models.is_empty() {
                    return view! { <p class="empty">"No registered models on this server."</p> }.into_any();
                }
                view! {
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
            })}
        </section>
    }
}

#[component]
pub fn RegisteredModelPage() -> impl IntoView {
    let params = use_params_map();
    let name = Memo::new(move |_| decode_component(&params.read().get("name").unwrap_or_default()));
    let client = use_client();
    let data = LocalResource::new(move || {
        let c = client.get();
        let n = name.get();
        async move { load::registered_model(&c, &n).await }
    });
    Effect::new(move |_| {
        set_crumbs(vec![
            Crumb::link("Registry", routes::registry()),
            Crumb::here(name.get()),
        ]);
    });
    view! {
        <section class="page">
            {loaded(data, 6, |d: RegisteredModelData| {
                let tags = crate::domain::user_tags(&d.model.tags);
                // edits (issue 11): the version whose editors are open
                let editing = RwSignal::new(None::<String>);
                let target = Target::RegisteredModel { name: d.model.name.clone() };
                let (versions, known) = (d.versions.clone(), d.model.aliases.clone());
                view! {
                    <header class="page-head">
                        <p class="eyebrow">"registered model"</p>
                        <h1>{d.model.name.clone()}</h1>
                    </header>
                    <DescriptionEditor target=target.clone() text=d.model.description.clone()/>
                    <table class="data-table registry-versions-table">
                        <thead><tr><th scope="col">"Version"</th><th scope="col">"Aliases"</th><th scope="col">"Logged model"</th><th scope="col">"Source run"</th><th scope="col">"Status"</th><th scope="col">"Created"</th><th scope="col">"Description"</th><th scope="col"><span class="visually-hidden">"Edit"</span></th></tr></thead>
                        <tbody>
                            {d.versions.iter().map(|(mv, lm)| {
                                let v_edit = mv.version.clone();
                                let aliases: Vec<String> = d.model.aliases.iter().filter(|a| a.version == mv.version).map(|a| a.alias.clone()).chain(mv.aliases.iter().cloned()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
                                let model_link = match (lm, logged_model_of(mv)) {
                                    (Some(lm), Some(id)) => view! {
                                        <a href=routes::version(&lm.info.experiment_id, CollectionKind::Models, &lm.info.name, &id)>{format!("{} ({})", lm.info.name, id)}</a>
                                    }.into_any(),
                                    (None, Some(id)) => view! { <span class="mono" title="logged model not found">{id}</span> }.into_any(),
                                    _ => view! { <span class="mono">{mv.source.clone()}</span> }.into_any(),
                                };
                                let run_link = lm.as_ref().filter(|_| !mv.run_id.is_empty()).map(|lm| view! {
                                    <a href=routes::run(&lm.info.experiment_id, &mv.run_id) class="mono">{mv.run_id.chars().take(8).collect::<String>()}</a>
                                });
                                view! {
                                    <tr data-registry-version=mv.version.clone()>
                                        <th scope="row">{format!("v{}", mv.version)}</th>
                                        <td>{aliases.into_iter().map(|a| view! { <span class="chip">{format!("{}@{a}", d.model.name)}</span> }).collect_view()}</td>
                                        <td>{model_link}</td>
                                        <td>{run_link}</td>
                                        <td>{mv.status.clone()}</td>
                                        <td><RelTime t=mv.creation_timestamp/></td>
                                        <td class="clip"><MarkdownSummary source=mv.description.clone()/></td>
                                        <td><button type="button" class="button small" aria-label=format!("Edit {} v{}", d.model.name, mv.version)
                                            on:click=move |_| editing.set(Some(v_edit.clone()))>"Edit"</button></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    {move || editing.get().and_then(|v| versions.iter().find(|(mv, _)| mv.version == v).map(|(mv, _)| mv.clone())).map(|mv| view! {
                        <RegistryVersionEditor version=mv known=known.clone()/>
                    })}
                    <h2>"Tags"</h2>
                    <TagEditor target=target tags=tags/>
                }
            })}
        </section>
    }
}
