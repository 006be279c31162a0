//! Set, move and remove the aliases of one registered model version. The plan is made from a
//! fresh `registered-models/get` when the user saves, so an alias someone else moved since the
//! page loaded is shown where it is now; a move asks first (`production: v3 → v5`); after the
//! write a second read shows what MLflow holds.

use super::{save_failed, use_access, EditReason};
use crate::domain::{Alias, Collection, Version};
use crate::edit::alias::{moved_since_loaded, outcome, plan, target_of, Outcome, Plan};
use crate::edit::{rules, Resource, Write};
use crate::hooks::use_client;
use crate::mlflow::api::{self, writes};
use crate::mlflow::client::Client;
use crate::mlflow::wire::{GetRegisteredModelResponse, RegisteredModelAlias};
use crate::mlflow::ApiError;
use crate::routes;
use leptos::prelude::*;

/// Every alias of registered model `name`, read now.
pub async fn fresh_aliases(
    client: &Client,
    name: &str,
) -> Result<Vec<RegisteredModelAlias>, ApiError> {
    let r: GetRegisteredModelResponse = client.call(&api::get_registered_model(name)).await?;
    Ok(r.registered_model.aliases)
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Working,
    Confirm { plan: Plan, note: Option<String> },
}

#[component]
pub fn AliasEditor(
    /// The registered model.
    #[prop(into)]
    model: String,
    /// The registry version (`"3"`) whose aliases are edited.
    #[prop(into)]
    version: String,
    /// Every alias of the registered model as the page loaded them.
    known: Vec<RegisteredModelAlias>,
    #[prop(optional)] on_saved: Option<Callback<()>>,
) -> impl IntoView {
    let client = use_client();
    let resource = Resource::RegisteredModel(model.clone());
    let state = use_access(vec![resource.clone()]);
    let shown = RwSignal::new(known);
    let input = RwSignal::new(String::new());
    let phase = RwSignal::new(Phase::Idle);
    let problem = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    let set_cap = {
        let r = resource.clone();
        Signal::derive(move || state.can(Write::SetAlias, &r))
    };
    let delete_cap = {
        let r = resource.clone();
        Signal::derive(move || state.can(Write::DeleteAlias, &r))
    };

    // writes `alias` → this version (or removes it), then reads back and says what MLflow holds
    let commit = {
        let (model, version, resource) = (model.clone(), version.clone(), resource.clone());
        move |alias: String, remove: bool| {
            let (c, model, version, resource) = (
                client.get_untracked(),
                model.clone(),
                version.clone(),
                resource.clone(),
            );
            phase.set(Phase::Working);
            leptos::task::spawn_local(async move {
                let (req, write) = if remove {
                    (
                        writes::delete_registered_model_alias(&model, &alias),
                        Write::DeleteAlias,
                    )
                } else {
                    (
                        writes::set_registered_model_alias(&model, &alias, &version),
                        Write::SetAlias,
                    )
                };
                if let Err(e) = c.write(&req).await {
                    problem.try_set(Some(save_failed(state.access, write, &resource, &e, false)));
                    phase.try_set(Phase::Idle);
                    return;
                }
                match fresh_aliases(&c, &model).await {
                    Ok(after) => {
                        let wanted = (!remove).then_some(version.as_str());
                        status.try_set(Some(match outcome(&after, &alias, wanted) {
                            Outcome::Holds if remove => format!("Removed {alias}. MLflow holds it on no version now."),
                            Outcome::Holds => format!("Saved: {model}@{alias} → v{version}, as MLflow now holds it."),
                            Outcome::Changed { now: Some(v) } => format!("MLflow now has {alias} on v{v}: someone else changed it right after your save."),
                            Outcome::Changed { now: None } => format!("MLflow holds {alias} on no version now: someone else removed it right after your save."),
                        }));
                        shown.try_set(after);
                        if !remove {
                            input.try_set(String::new());
                        }
                        if let Some(cb) = on_saved {
                            cb.run(());
                        }
                    }
                    Err(e) => {
                        problem.try_set(Some(save_failed(
                            state.access,
                            write,
                            &resource,
                            &e,
                            true,
                        )));
                    }
                }
                phase.try_set(Phase::Idle);
            });
        }
    };

    // reads where the alias is now, then adds it, asks before moving it, or says nothing changes
    let check = {
        let (model, version) = (model.clone(), version.clone());
        let commit = commit.clone();
        move |alias: String, confirmed: Option<Plan>| {
            let (c, model, version, commit) = (
                client.get_untracked(),
                model.clone(),
                version.clone(),
                commit.clone(),
            );
            let before = shown.get_untracked();
            phase.set(Phase::Working);
            leptos::task::spawn_local(async move {
                let fresh = match fresh_aliases(&c, &model).await {
                    Ok(f) => f,
                    Err(e) => {
                        problem.try_set(Some(format!("Could not read the aliases of {model} before saving — {}: {}. Nothing was changed.", e.title(), e.detail())));
                        phase.try_set(Phase::Idle);
                        return;
                    }
                };
                let note = moved_since_loaded(target_of(&before, &alias), &fresh, &alias);
                shown.try_set(fresh.clone());
                let p = plan(&fresh, &alias, &version);
                match p {
                    Plan::Unchanged { .. } => {
                        status.try_set(Some(format!("{}; nothing to change.", p.describe())));
                        phase.try_set(Phase::Idle);
                    }
                    // confirmed against exactly this state: write
                    _ if confirmed.as_ref() == Some(&p) => commit(alias, false),
                    Plan::Move { .. } => {
                        phase.try_set(Phase::Confirm { plan: p, note });
                    }
                    Plan::Add { .. } => commit(alias, false),
                }
            });
        }
    };

    let submit = {
        let check = check.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if phase.get_untracked() != Phase::Idle {
                return;
            }
            let alias = input.get_untracked().trim().to_string();
            if let Err(e) = rules::alias_name(&alias) {
                problem.set(Some(e));
                return;
            }
            problem.set(None);
            status.set(None);
            check(alias, None);
        }
    };

    let chips = {
        let (model, version, commit) = (model.clone(), version.clone(), commit.clone());
        move || {
            let mine: Vec<String> = shown
                .get()
                .into_iter()
                .filter(|a| a.version == version)
                .map(|a| a.alias)
                .collect();
            if mine.is_empty() {
                return view! { <span class="muted">"no aliases"</span> }.into_any();
            }
            mine.into_iter()
                .map(|a| {
                    let (a1, commit) = (a.clone(), commit.clone());
                    view! {
                        <span class="chip alias-chip" data-alias=a.clone()>
                            {format!("{model}@{a}")}
                            <button type="button" class="chip-remove"
                                aria-label=format!("Remove alias {a}")
                                title=move || delete_cap.get().reason().unwrap_or("Remove this alias").to_string()
                                prop:disabled=move || !delete_cap.get().enabled() || phase.get() != Phase::Idle
                                on:click=move |_| { problem.set(None); status.set(None); commit(a1.clone(), true); }>"×"</button>
                        </span>
                    }
                })
                .collect_view()
                .into_any()
        }
    };

    let confirm_view = {
        let check = check.clone();
        move || match phase.get() {
            Phase::Confirm { plan, note } => {
                let check = check.clone();
                let alias = match &plan {
                    Plan::Move { alias, .. }
                    | Plan::Add { alias, .. }
                    | Plan::Unchanged { alias, .. } => alias.clone(),
                };
                let p2 = plan.clone();
                Some(view! {
                    <div class="confirm" role="alertdialog" aria-label="Confirm moving the alias">
                        {note.map(|n| view! { <p class="notice">{n}</p> })}
                        <p>"This moves the alias: " <strong class="mono">{plan.describe()}</strong></p>
                        <div class="form-actions">
                            <button type="button" class="button primary" on:click=move |_| check(alias.clone(), Some(p2.clone()))>"Move alias"</button>
                            <button type="button" class="button" on:click=move |_| phase.set(Phase::Idle)>"Cancel"</button>
                        </div>
                    </div>
                })
            }
            _ => None,
        }
    };

    let label = format!("Aliases of {model} v{version}");
    view! {
        <section class="alias-editor" aria-label=label.clone() data-registered-model=model.clone() data-version=version.clone()>
            <p class="alias-line">
                <a href=routes::registered_model(&model)>{format!("{model} v{version}")}</a>
                ": " {chips}
            </p>
            <form class="edit-form alias-form inline" on:submit=submit aria-label=format!("Set an alias on {model} v{version}")>
                <input type="text" aria-label="Alias" placeholder="alias, e.g. production" autocomplete="off" spellcheck="false"
                    prop:value=move || input.get()
                    prop:disabled=move || !set_cap.get().enabled()
                    on:input=move |ev| input.set(event_target_value(&ev))/>
                <button type="submit" class="button"
                    prop:disabled=move || !set_cap.get().enabled() || phase.get() != Phase::Idle>
                    {move || if phase.get() == Phase::Working { "Checking…" } else { "Set alias" }}
                </button>
            </form>
            <EditReason reason=Signal::derive(move || set_cap.get().denied_reason().map(str::to_string))/>
            {confirm_view}
            {move || problem.get().map(|p| view! { <p class="form-message error" role="alert">{p}</p> })}
            {move || status.get().map(|s| view! { <p class="form-message ok" role="status">{s}</p> })}
        </section>
    }
}

/// One [`AliasEditor`] per registry version that points at a logged model version, with the
/// aliases the collection already knows for each registered model.
#[component]
pub fn RegistryAliases(collection: Collection, version: Version) -> impl IntoView {
    version
        .registry_links
        .iter()
        .map(|link| {
            let known: Vec<RegisteredModelAlias> = collection
                .versions
                .iter()
                .flat_map(|v| v.aliases.iter())
                .filter_map(|a| match a {
                    Alias::Registry {
                        model,
                        alias,
                        version,
                    } if *model == link.model => Some(RegisteredModelAlias {
                        alias: alias.clone(),
                        version: version.clone(),
                    }),
                    _ => None,
                })
                .collect();
            view! { <AliasEditor model=link.model.clone() version=link.version.clone() known=known/> }
        })
        .collect_view()
}
