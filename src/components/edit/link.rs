//! W&B's "Link to registry": register a logged model as a new version of an existing or new
//! registered model (`registered-models/create` when needed, `model-versions/create` with
//! `source = models:/m-…`), optionally with an alias, in one flow. The new version and its
//! aliases then show here, read back from MLflow, without a reload.

use super::alias::fresh_aliases;
use super::{save_failed, use_access, AliasEditor, EditReason};
use crate::edit::alias::{plan, Plan};
use crate::edit::{rules, Capability, Resource, Write};
use crate::hooks::use_client;
use crate::mlflow::api::writes;
use crate::mlflow::wire::{GetModelVersionResponse, RegisteredModelAlias};
use crate::mlflow::ApiError;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Working,
    /// The alias exists on another version of an existing model: ask before moving it.
    Confirm(String),
}

#[derive(Clone, Debug, PartialEq)]
struct Linked {
    model: String,
    version: String,
    aliases: Vec<RegisteredModelAlias>,
}

#[component]
pub fn LinkToRegistry(
    #[prop(into)] model_id: String,
    /// The run that logged the model (sent as the version's `run_id`), `""` when unknown.
    #[prop(into)]
    run_id: String,
    /// A starting name for the registered model (the collection's name).
    #[prop(into)]
    suggested: String,
    #[prop(optional)] on_saved: Option<Callback<()>>,
) -> impl IntoView {
    let client = use_client();
    // no effective-level lookup: for a name not registered yet MLflow answers its default
    // (often READ), yet anyone may create it; the level of an existing model is checked below
    let state = use_access(vec![]);
    let name = RwSignal::new(suggested);
    let alias = RwSignal::new(String::new());
    let phase = RwSignal::new(Phase::Idle);
    let problem = RwSignal::new(None::<String>);
    let linked = RwSignal::new(None::<Linked>);
    let cap = Signal::derive(move || {
        if !state.ready.get() {
            return Capability::Denied("Checking what you may change…".into());
        }
        let r = Resource::RegisteredModel(name.get());
        state
            .access
            .with(|a| match a.refused.get(&(r, Write::CreateModelVersion)) {
                Some(m) => Capability::Denied(format!("MLflow refused this: {m}")),
                None => Capability::Allowed,
            })
    });

    let run = {
        let (model_id, run_id) = (model_id.clone(), run_id.clone());
        move |confirmed: bool| {
            let (n, a) = (
                name.get_untracked().trim().to_string(),
                alias.get_untracked().trim().to_string(),
            );
            let checked = rules::model_name(&n).and_then(|_| {
                if a.is_empty() {
                    Ok(())
                } else {
                    rules::alias_name(&a)
                }
            });
            if let Err(e) = checked {
                problem.set(Some(e));
                return;
            }
            problem.set(None);
            phase.set(Phase::Working);
            let (c, model_id, run_id) = (client.get_untracked(), model_id.clone(), run_id.clone());
            leptos::task::spawn_local(async move {
                let resource = Resource::RegisteredModel(n.clone());
                let fail = |e: &ApiError, w: Write, written: bool| {
                    problem.try_set(Some(save_failed(state.access, w, &resource, e, written)));
                    phase.try_set(Phase::Idle);
                };
                // 1. does the registered model exist, and where are its aliases now?
                let existing = match fresh_aliases(&c, &n).await {
                    Ok(aliases) => Some(aliases),
                    Err(e) if e.is_not_found() => None,
                    Err(e) => return fail(&e, Write::CreateModelVersion, false),
                };
                if existing.is_some() {
                    if let Capability::Denied(why) = state
                        .access
                        .with_untracked(|x| x.can(Write::CreateModelVersion, &resource))
                    {
                        problem.try_set(Some(format!("{n} exists: {why}")));
                        phase.try_set(Phase::Idle);
                        return;
                    }
                }
                if let (Some(now), false, false) = (&existing, a.is_empty(), confirmed) {
                    if let Plan::Move { from, .. } = plan(now, &a, "") {
                        phase.try_set(Phase::Confirm(format!(
                            "{a}: v{from} → the new version of {n}"
                        )));
                        return;
                    }
                }
                // 2. create it when new
                if existing.is_none() {
                    if let Err(e) = c.write(&writes::create_registered_model(&n, "")).await {
                        return fail(&e, Write::CreateRegisteredModel, false);
                    }
                }
                // 3. the new version, pointing at the logged model
                let created = match c
                    .write(&writes::create_model_version(&n, &model_id, &run_id))
                    .await
                {
                    Ok(text) => crate::mlflow::decode::<GetModelVersionResponse>(
                        "model-versions/create",
                        &text,
                    )
                    .map(|r| r.model_version.version)
                    .ok()
                    .filter(|v| !v.is_empty()),
                    Err(e) => return fail(&e, Write::CreateModelVersion, false),
                };
                let Some(version) = created else {
                    problem.try_set(Some("MLflow registered the model but its answer did not say which version; reload the page to see it.".into()));
                    phase.try_set(Phase::Idle);
                    return;
                };
                // 4. the alias, on the version just made
                let mut alias_error = None;
                if !a.is_empty() {
                    if let Err(e) = c
                        .write(&writes::set_registered_model_alias(&n, &a, &version))
                        .await
                    {
                        alias_error = Some(save_failed(
                            state.access,
                            Write::SetAlias,
                            &resource,
                            &e,
                            false,
                        ));
                    }
                }
                // 5. read back what MLflow holds
                let aliases = fresh_aliases(&c, &n).await.unwrap_or_default();
                match alias_error {
                    Some(msg) => {
                        problem.try_set(Some(format!(
                            "Linked as {n} v{version}, but the alias was not set: {msg}"
                        )));
                    }
                    None => {
                        alias.try_set(String::new());
                    }
                }
                linked.try_set(Some(Linked {
                    model: n,
                    version,
                    aliases,
                }));
                phase.try_set(Phase::Idle);
                if let Some(cb) = on_saved {
                    cb.run(());
                }
            });
        }
    };

    let submit = {
        let run = run.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if phase.get_untracked() == Phase::Idle {
                run(false);
            }
        }
    };

    view! {
        <section class="link-registry" aria-label="Link to registry">
            {move || linked.get().map(|l| view! {
                <p class="form-message ok" role="status">{format!("Linked: {} v{} now points at this logged model.", l.model, l.version)}</p>
                <AliasEditor model=l.model.clone() version=l.version.clone() known=l.aliases.clone()/>
            })}
            <form class="edit-form link-form" on:submit=submit aria-label="Link this model to the registry">
                <label>
                    <span>"Registered model"</span>
                    <input type="text" aria-label="Registered model name" autocomplete="off" spellcheck="false"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>"Alias (optional)"</span>
                    <input type="text" aria-label="Alias for the new version" placeholder="e.g. staging" autocomplete="off" spellcheck="false"
                        prop:value=move || alias.get()
                        on:input=move |ev| alias.set(event_target_value(&ev))/>
                </label>
                <div class="form-actions">
                    <button type="submit" class="button primary"
                        prop:disabled=move || !cap.get().enabled() || phase.get() != Phase::Idle>
                        {move || if phase.get() == Phase::Working { "Linking…" } else { "Link to registry" }}
                    </button>
                    <span class="muted small">"A new name creates the registered model."</span>
                </div>
                <EditReason reason=Signal::derive(move || cap.get().denied_reason().map(str::to_string))/>
                {move || match phase.get() {
                    Phase::Confirm(what) => {
                        let run = run.clone();
                        Some(view! {
                            <div class="confirm" role="alertdialog" aria-label="Confirm moving the alias">
                                <p>"This moves the alias: " <strong class="mono">{what}</strong></p>
                                <div class="form-actions">
                                    <button type="button" class="button primary" on:click=move |_| run(true)>"Link and move alias"</button>
                                    <button type="button" class="button" on:click=move |_| phase.set(Phase::Idle)>"Cancel"</button>
                                </div>
                            </div>
                        })
                    }
                    _ => None,
                }}
                {move || problem.get().map(|p| view! { <p class="form-message error" role="alert">{p}</p> })}
            </form>
        </section>
    }
}
