//! Collection and version pages: `/projects/1/models/sweep-model` lists the versions;
//! `/projects/1/models/sweep-model:m-…` (or `:v3`, `:latest`, `:champion`, a dataset digest)
//! shows one version. Links the app builds carry MLflow's ids, which never renumber.

use crate::components::LineageView;
use crate::components::{page_state, ErrorView, Reading, Skeleton};
use crate::context::{set_crumbs, Crumb};
use crate::domain::artifact::{short_id, Numbering};
use crate::domain::ArtifactKind;
use crate::hooks::use_query_param;
use crate::hooks::{use_limits, use_plan};
use crate::mlflow::api::decode_component;
use crate::plan::collection::{CollectionPlan, CollectionView as Data, VersionLookup};
use crate::routes::{self, CollectionKind, Query};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::collection::CollectionView;
use super::version::{Metadata, Usage, VersionFiles, VersionView, VERSION_TABS};

/// Dispatches on the last path segment: `name` → collection, `name:spec` → version.
#[component]
pub fn ArtifactPage() -> impl IntoView {
    let params = use_params_map();
    let route = Memo::new(move |_| {
        let p = params.read();
        let experiment = p.get("experiment").unwrap_or_default();
        let kind = CollectionKind::parse(&p.get("kind").unwrap_or_default());
        // the router hands segments over still encoded when they contain %2F etc.
        let (name, spec) =
            routes::split_artifact(&decode_component(&p.get("artifact").unwrap_or_default()));
        (experiment, kind, name, spec)
    });
    // the plan depends on the collection, not on which of its versions is shown
    let target = Memo::new(move |_| {
        let (experiment, kind, name, _) = route.get();
        (experiment, kind, name)
    });
    let planned = use_plan(
        move |_| {
            let (experiment, kind, name) = target.get();
            Some(CollectionPlan::new(&experiment, kind?, &name, use_limits()))
        },
        CollectionPlan::view,
    );
    Effect::new(move |_| {
        let (experiment, kind, name, spec) = route.get();
        let project = planned
            .view
            .with(|v| {
                v.as_ref()
                    .and_then(|v| v.project.as_ref().map(|p| p.name.clone()))
            })
            .unwrap_or_else(|| format!("Project {experiment}"));
        let mut trail = vec![
            Crumb::link("Projects", routes::projects()),
            Crumb::link(project, routes::project(&experiment)),
        ];
        match (spec, kind) {
            (Some(spec), Some(kind)) => {
                trail.push(Crumb::link(
                    name.clone(),
                    routes::collection(&experiment, kind, &name),
                ));
                trail.push(Crumb::here(short_id(&spec)));
            }
            _ => trail.push(Crumb::here(name)),
        }
        set_crumbs(trail);
    });
    // Drawn once complete (see `showable`), so the editors keep what is typed and the tabs'
    // own plans (usage, lineage, files) are not restarted by late answers. A long version list
    // is drawn twice: its newest versions first (without numbers or edits), then in full.
    let listing = Memo::new(move |_| route.with(|r| r.3.is_none()));
    // what is still being read, as the plan says now (not as the drawn data said)
    let reading = Signal::derive(move || {
        planned
            .view
            .with(|v| v.as_ref().map(|v| v.reading.clone()).unwrap_or_default())
    });
    // A version opened by its MLflow id is read on its own too, and drawn (without a number,
    // edits closed) before its collection is read in full: a long collection takes seconds.
    let lookup = use_plan(
        move |_| {
            let (experiment, kind, name, spec) = route.get();
            VersionLookup::new(&experiment, kind?, &name, &spec?)
        },
        VersionLookup::collection,
    );
    let early = Memo::new(move |_| {
        let spec = route.with(|r| r.3.clone())?;
        let c = lookup.view.get()??;
        c.resolve(&spec).is_some().then_some(c)
    });
    // What is drawn, and whether it is the version read on its own (`early`).
    let drawn = Memo::new(move |prev: Option<&Option<(Data, bool)>>| {
        let d = planned.view.get()?;
        let (experiment, _, name, spec) = route.get();
        if let Some(Some((p, was_early))) = prev {
            // what was drawn stays while the plan reads on (editors keep what is typed), as
            // long as it is of this collection and can show this route
            let same = p
                .collection
                .as_ref()
                .is_none_or(|c| c.name == name && c.experiment_id == experiment);
            let keep = showable(p)
                || p.partial
                    && !d.complete
                    && match &spec {
                        None => !was_early,
                        Some(_) => resolves(p, spec.clone()),
                    };
            if same && keep && d.fatal.is_none() {
                return Some((p.clone(), *was_early));
            }
        }
        if d.complete || d.fatal.is_some() || spec.is_none() {
            return Some((d, false));
        }
        match early.get() {
            Some(c) => Some((
                Data {
                    collection: Some(c),
                    partial: true,
                    ..d
                },
                true,
            )),
            None => Some((d, false)),
        }
    });
    let shown = Memo::new(move |_| drawn.get().map(|(d, _)| d));
    // edits (issue 11): the version list reads its collection again when an alias panel closes
    let reload = Callback::new(move |_: ()| planned.retry());
    // The version the Files, Lineage, Usage and Metadata tabs show, without what fills in later
    // (aliases, run names): those tabs run plans of their own and are redrawn only when the
    // version itself changes.
    let (tab, _) = use_query_param(Query::Tab);
    let target = Memo::new(move |_| {
        let spec = route.with(|r| r.3.clone())?;
        let d = shown.get()?;
        let c = d.collection.as_ref()?;
        let mut v = c.resolve(&spec)?.clone();
        // nor what differs between the version read on its own and in its numbered collection
        v.aliases.clear();
        v.registry_links.clear();
        v.number = None;
        v.updated = None;
        v.schema.clear();
        v.profile.clear();
        let mut c = c.clone();
        c.versions.clear();
        c.numbering = Numbering::Complete;
        Some((c, v))
    });
    view! {
        <section class="page" data-state=move || page_state(planned.is_done())>
            {move || {
                if route.with(|r| r.1.is_none()) {
                    let e = crate::mlflow::ApiError::Http {
                        url: String::new(),
                        status: 404,
                        error_code: None,
                        message: "Unknown artifact kind: use models or datasets".into(),
                    };
                    return view! { <ErrorView error=e/> }.into_any();
                }
                let Some(d) = shown.get() else {
                    return view! { <Skeleton rows=8/> }.into_any();
                };
                if let Some(e) = d.fatal.clone() {
                    return view! { <ErrorView error=e on_retry=move |_| planned.retry()/> }.into_any();
                }
                if !(showable(&d) || d.partial && (listing.get() || resolves(&d, route.with(|r| r.3.clone())))) {
                    return view! { <Reading items=reading.get()/> <Skeleton rows=8/> }.into_any();
                }
                match route.get().3 {
                    Some(spec) => view! { <VersionView data=d spec=spec/> }.into_any(),
                    None => view! { <CollectionView data=d reload=reload reading=reading/> }.into_any(),
                }
            }}
            {move || {
                let (c, v) = target.get()?;
                let panel = match version_tab(&tab.get()) {
                    "files" => view! { <VersionFiles collection=c version=v/> }.into_any(),
                    "lineage" => {
                        let focus = crate::lineage::build::version_node_id(&c, &v);
                        view! { <LineageView experiment=c.experiment_id.clone() focus=focus/> }.into_any()
                    }
                    "usage" => view! { <Usage collection=c version=v/> }.into_any(),
                    "metadata" => view! { <Metadata collection=c version=v/> }.into_any(),
                    _ => return None,
                };
                Some(view! { <div role="tabpanel">{panel}</div> })
            }}
        </section>
    }
}

/// The version tab named in the URL, `overview` when it names none.
pub(super) fn version_tab(t: &str) -> &'static str {
    VERSION_TABS
        .iter()
        .map(|(k, _)| *k)
        .find(|k| *k == t)
        .unwrap_or("overview")
}

/// The page is drawn once everything has been read: numbers, registry aliases (the edit
/// controls must not offer "link to the registry" for a version that is in it) and run names.
/// A version list longer than one page is also drawn once before that (`partial`): its newest
/// versions without numbers, with edits disabled.
fn showable(d: &Data) -> bool {
    d.complete
}

/// A partial collection (a version list still being read, or a version read on its own) can
/// show the version `spec` names.
fn resolves(d: &Data, spec: Option<String>) -> bool {
    let (Some(c), Some(spec)) = (&d.collection, spec) else {
        return false;
    };
    c.resolve(&spec).is_some()
}

pub(super) fn kind_word(kind: ArtifactKind) -> &'static str {
    match kind {
        ArtifactKind::Model => "model",
        ArtifactKind::Dataset => "dataset",
    }
}
