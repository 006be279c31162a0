//! A description shown as Markdown, with an editor for those who may change it.

use super::{save_failed, use_access, write_and_reread, EditReason, Markdown};
use crate::edit::{rules, Snapshot, Target};
use crate::hooks::use_client;
use leptos::prelude::*;

#[component]
pub fn DescriptionEditor(
    target: Target,
    /// The description the page loaded; when absent (a run: pages do not keep its
    /// `mlflow.note.content`), it is read with the target's own small request.
    #[prop(optional, into)]
    text: Option<String>,
    #[prop(optional)] on_saved: Option<Callback<Snapshot>>,
) -> impl IntoView {
    let client = use_client();
    let resource = target.resource();
    let state = use_access(vec![resource.clone()]);
    let noun = target.noun();
    let Some(write) = target.description_write() else {
        return view! { <div class="description"><Markdown source=text.unwrap_or_default()/></div> }.into_any();
    };
    let problem = RwSignal::new(None::<String>);
    let problem_early = move |e: crate::mlflow::ApiError| {
        problem.try_set(Some(format!(
            "Could not read the description — {}: {}",
            e.title(),
            e.detail()
        )));
    };
    let loading = RwSignal::new(text.is_none());
    let shown = RwSignal::new(text.unwrap_or_default());
    if loading.get_untracked() {
        let (c, t) = (client.get_untracked(), target.clone());
        leptos::task::spawn_local(async move {
            match super::reread(&c, &t).await {
                Ok(snap) => {
                    shown.try_set(snap.description.unwrap_or_default());
                }
                Err(e) => {
                    problem_early(e);
                }
            }
            loading.try_set(false);
        });
    }
    let draft = RwSignal::new(String::new());
    let editing = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let status = RwSignal::new(None::<String>);
    let cap = {
        let r = resource.clone();
        Signal::derive(move || state.can(write, &r))
    };
    let save = {
        let target = target.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            let d = draft.get_untracked();
            if let Err(e) = rules::tag_value(&d, target.value_limit()) {
                problem.set(Some(e));
                return;
            }
            let Some(req) = target.set_description(&d) else {
                return;
            };
            problem.set(None);
            status.set(None);
            busy.set(true);
            let (c, target, resource) = (client.get_untracked(), target.clone(), resource.clone());
            leptos::task::spawn_local(async move {
                let outcome = write_and_reread(&c, &req, &target).await;
                busy.try_set(false);
                match outcome {
                    Ok(snap) => {
                        let now = snap.description.clone().unwrap_or_default();
                        status.try_set(Some(if now == d {
                            "Saved. This is the description MLflow now holds.".to_string()
                        } else {
                            format!(
                                "MLflow now holds a different description ({} characters, you sent {}): someone else may have changed it.",
                                now.chars().count(),
                                d.chars().count()
                            )
                        }));
                        shown.try_set(now);
                        editing.try_set(false);
                        if let Some(cb) = on_saved {
                            cb.run(snap);
                        }
                    }
                    Err((e, written)) => {
                        problem.try_set(Some(save_failed(
                            state.access,
                            write,
                            &resource,
                            &e,
                            written,
                        )));
                    }
                }
            });
        }
    };
    view! {
        <section class="description" aria-label=format!("Description of this {noun}")>
            {move || {
                let s = shown.get();
                if loading.get() {
                    view! { <p class="muted" aria-busy="true">"Reading the description…"</p> }.into_any()
                } else if s.trim().is_empty() {
                    view! { <p class="muted">"No description."</p> }.into_any()
                } else {
                    view! { <Markdown source=s/> }.into_any()
                }
            }}
            <Show when=move || editing.get() fallback=move || view! {
                <div class="form-actions">
                    <button type="button" class="button small"
                        prop:disabled=move || !cap.get().enabled() || loading.get()
                        on:click=move |_| { draft.set(shown.get_untracked()); problem.set(None); status.set(None); editing.set(true); }>
                        "Edit description"
                    </button>
                </div>
                <EditReason reason=Signal::derive(move || cap.get().denied_reason().map(str::to_string))/>
            }>
                <form class="edit-form description-form" on:submit=save.clone() aria-label=format!("Edit the description of this {noun}")>
                    <label>
                        <span>"Description (Markdown)"</span>
                        <textarea rows="6" aria-label="Description (Markdown)"
                            prop:value=move || draft.get()
                            on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="form-actions">
                        <button type="submit" class="button primary" prop:disabled=move || busy.get()>
                            {move || if busy.get() { "Saving…" } else { "Save description" }}
                        </button>
                        <button type="button" class="button" on:click=move |_| { editing.set(false); problem.set(None); }>"Cancel"</button>
                    </div>
                </form>
            </Show>
            {move || problem.get().map(|p| view! { <p class="form-message error" role="alert">{p}</p> })}
            {move || status.get().map(|s| view! { <p class="form-message ok" role="status">{s}</p> })}
        </section>
    }
    .into_any()
}
