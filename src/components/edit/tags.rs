//! Add, change and remove the tags of a run, logged model, registered model or model version.

use super::{save_failed, use_access, write_and_reread, EditReason};
use crate::edit::rules;
use crate::edit::target::check_tag_saved;
use crate::edit::{Snapshot, Target};
use crate::hooks::use_client;
use leptos::prelude::*;

#[component]
pub fn TagEditor(
    target: Target,
    /// The user tags the page loaded (without `mlflow.*`).
    tags: Vec<(String, String)>,
    /// Called with what MLflow holds after each successful save.
    #[prop(optional)]
    on_saved: Option<Callback<Snapshot>>,
) -> impl IntoView {
    let client = use_client();
    let resource = target.resource();
    let state = use_access(vec![resource.clone()]);
    let tags = RwSignal::new(tags);
    let key = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let noun = target.noun();

    let set_cap = {
        let (t, r) = (target.clone(), resource.clone());
        Signal::derive(move || state.can(t.set_tag_write(), &r))
    };
    let delete_cap = {
        let (t, r) = (target.clone(), resource.clone());
        Signal::derive(move || state.can(t.delete_tag_write(), &r))
    };

    let save = {
        let (target, resource) = (target.clone(), resource.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            let (k, v) = (key.get_untracked(), value.get_untracked());
            let checked = rules::tag_key(&k, target.key_rule())
                .and_then(|_| rules::tag_value(&v, target.value_limit()));
            if let Err(e) = checked {
                problem.set(Some(e));
                return;
            }
            problem.set(None);
            status.set(None);
            busy.set(true);
            let (c, target, resource) = (client.get_untracked(), target.clone(), resource.clone());
            leptos::task::spawn_local(async move {
                let req = target.set_tag(&k, &v);
                let outcome = write_and_reread(&c, &req, &target).await;
                busy.try_set(false);
                match outcome {
                    Ok(snap) => {
                        let note = check_tag_saved(&snap, &k, &v);
                        status.try_set(Some(note.unwrap_or_else(|| {
                            format!(
                                "Saved. MLflow now holds {} tag{} on this {noun}.",
                                snap.tags.len(),
                                if snap.tags.len() == 1 { "" } else { "s" }
                            )
                        })));
                        tags.try_set(snap.tags.clone());
                        key.try_set(String::new());
                        value.try_set(String::new());
                        if let Some(cb) = on_saved {
                            cb.run(snap);
                        }
                    }
                    Err((e, written)) => {
                        let msg = save_failed(
                            state.access,
                            target.set_tag_write(),
                            &resource,
                            &e,
                            written,
                        );
                        problem.try_set(Some(msg));
                    }
                }
            });
        }
    };

    let remove = {
        let (target, resource) = (target.clone(), resource.clone());
        move |k: String| {
            if busy.get_untracked() {
                return;
            }
            problem.set(None);
            status.set(None);
            busy.set(true);
            let (c, target, resource) = (client.get_untracked(), target.clone(), resource.clone());
            leptos::task::spawn_local(async move {
                let req = target.delete_tag(&k);
                let outcome = write_and_reread(&c, &req, &target).await;
                busy.try_set(false);
                match outcome {
                    Ok(snap) => {
                        let still = snap.tags.iter().any(|(x, _)| *x == k);
                        status.try_set(Some(if still {
                            format!("MLflow still holds the tag {k} after removing it.")
                        } else {
                            format!(
                                "Removed {k}. MLflow now holds {} tag{} on this {noun}.",
                                snap.tags.len(),
                                if snap.tags.len() == 1 { "" } else { "s" }
                            )
                        }));
                        tags.try_set(snap.tags.clone());
                        if let Some(cb) = on_saved {
                            cb.run(snap);
                        }
                    }
                    Err((e, written)) => {
                        let msg = save_failed(
                            state.access,
                            target.delete_tag_write(),
                            &resource,
                            &e,
                            written,
                        );
                        problem.try_set(Some(msg));
                    }
                }
            });
        }
    };

    let rows = {
        let target = target.clone();
        move || {
            let list = tags.get();
            if list.is_empty() {
                return view! { <p class="empty">"No tags."</p> }.into_any();
            }
            let target = target.clone();
            let remove = remove.clone();
            view! {
                <table class="data-table kv-table tag-table">
                    <caption class="visually-hidden">{format!("Tags of this {noun}")}</caption>
                    <thead><tr><th scope="col">"Key"</th><th scope="col">"Value"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                    <tbody>
                        {list.into_iter().map(|(k, v)| {
                            let blocked = target.cannot_delete(&k);
                            let (k1, k2, v1) = (k.clone(), k.clone(), v.clone());
                            let remove = remove.clone();
                            let reason = Signal::derive(move || blocked.map(str::to_string).or_else(|| delete_cap.get().reason().map(str::to_string)));
                            view! {
                                <tr data-tag-key=k.clone()>
                                    <th scope="row" class="mono" dir="auto">{k.clone()}</th>
                                    <td class="mono tag-value" dir="auto">{v.clone()}</td>
                                    <td class="actions">
                                        <button type="button" class="button small"
                                            aria-label=format!("Change tag {k}")
                                            prop:disabled=move || !set_cap.get().enabled()
                                            title=move || set_cap.get().reason().unwrap_or("").to_string()
                                            on:click=move |_| { key.set(k1.clone()); value.set(v1.clone()); }>"Change"</button>
                                        <button type="button" class="button small danger"
                                            aria-label=format!("Remove tag {k}")
                                            prop:disabled=move || blocked.is_some() || !delete_cap.get().enabled() || busy.get()
                                            title=move || reason.get().unwrap_or_default()
                                            on:click=move |_| remove(k2.clone())>"Remove"</button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }
    };

    let limit_note = target.value_limit().map(|n| {
        format!(
            "MLflow keeps at most {} characters of a {noun} tag value.",
            crate::format::thousands(n as u64)
        )
    });
    view! {
        <section class="edit-tags" aria-label=format!("Tags of this {noun}")>
            {rows}
            <form class="edit-form tag-form" on:submit=save aria-label=format!("Add or change a tag of this {noun}")>
                <label>
                    <span>"Key"</span>
                    <input type="text" class="mono" aria-label="Tag key" autocomplete="off" spellcheck="false"
                        prop:value=move || key.get()
                        prop:disabled=move || !set_cap.get().enabled()
                        on:input=move |ev| key.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>"Value"</span>
                    <textarea class="mono" rows="2" aria-label="Tag value" spellcheck="false"
                        prop:value=move || value.get()
                        prop:disabled=move || !set_cap.get().enabled()
                        on:input=move |ev| value.set(event_target_value(&ev))></textarea>
                </label>
                <div class="form-actions">
                    <button type="submit" class="button primary"
                        prop:disabled=move || !set_cap.get().enabled() || busy.get()>
                        {move || if busy.get() { "Saving…" } else { "Save tag" }}
                    </button>
                    {limit_note.map(|n| view! { <span class="muted small">{n}</span> })}
                </div>
                <EditReason reason=Signal::derive(move || set_cap.get().denied_reason().map(str::to_string))/>
                {move || problem.get().map(|p| view! { <p class="form-message error" role="alert">{p}</p> })}
                {move || status.get().map(|s| view! { <p class="form-message ok" role="status">{s}</p> })}
            </form>
        </section>
    }
}
