//! One version (`…/sweep-model:m-…`, `:v3`, `:latest`, `:champion`, a digest): its
//! Overview (aliases, logged-by, used-by, registry, tags, "use this version"), Files, Lineage,
//! Usage and Metadata tabs.

use crate::components::artifact::collection_kind;
use crate::components::edit::{use_version, RegistryPanel, TagEditor, UseThisVersion};
use crate::components::files_view::FilesView;
use crate::components::{
    AliasChips, ErrorView, KeyValues, Notices, RelTime, RunLink, Skeleton, TabLinks,
};
use crate::domain::artifact::Numbering;
use crate::domain::{Alias, ArtifactKind, Collection, DatasetSource, Version};
use crate::edit::Target;
use crate::format;
use crate::hooks::use_query_param;
use crate::hooks::{use_limits, use_plan, RunCache};
use crate::mlflow::files::FileSource;
use crate::plan::collection::{dataset_detail, CollectionView as Data, DatasetUsers};
use crate::plan::consumers::ModelUsage;
use crate::plan::One;
use crate::routes::{self, Query};
use leptos::prelude::*;

use super::artifact::{kind_word, version_tab};

pub(super) const VERSION_TABS: [(&str, &str); 5] = [
    ("overview", "Overview"),
    ("files", "Files"),
    ("lineage", "Lineage"),
    ("usage", "Usage"),
    ("metadata", "Metadata"),
];

#[component]
pub(super) fn VersionView(data: Data, spec: String) -> impl IntoView {
    let Some(c) = data.collection.clone() else {
        return ().into_any();
    };
    let Some(v) = c.resolve(&spec).cloned() else {
        let hint = match &c.numbering {
            Numbering::Unknown(why) if spec.starts_with('v') || spec == "latest" => format!(
                "Version numbers of this collection are not known in full ({why}), so {spec} cannot be \
                 told apart; open the version by its MLflow id from the version list."
            ),
            _ => {
                let latest = c.latest().map(|v| v.label()).unwrap_or_default();
                format!("This collection has versions v0 to {latest}. Aliases: latest and the registry aliases shown in the version list; MLflow ids work too.")
            }
        };
        return view! {
            <section class="error-view" role="alert">
                <h2 class="error-title">{format!("{}:{spec} does not exist", c.name)}</h2>
                <p class="error-detail">{hint}</p>
                <a class="button" href=routes::collection(&c.experiment_id, collection_kind(c.kind), &c.name)>"See all versions"</a>
            </section>
        }.into_any();
    };
    let (tab, _) = use_query_param(Query::Tab);
    let active = Signal::derive(move || version_tab(&tab.get()).to_string());
    let kind = collection_kind(c.kind);
    let base = routes::version(&c.experiment_id, kind, &c.name, &spec);
    let hrefs = VERSION_TABS
        .iter()
        .map(|(k, _)| format!("{base}?tab={k}"))
        .collect();
    let tabs = VERSION_TABS
        .iter()
        .map(|(k, l)| (*k, l.to_string()))
        .collect();
    let title = format!("{}:{}", c.name, v.label());
    let numbering_note = match &c.numbering {
        Numbering::Complete => None,
        Numbering::Unknown(why) => Some(format!("The version number is not shown: {why}.")),
    };
    view! {
        <header class="page-head">
            <p class="eyebrow"><span class="type-chip" data-kind=kind_word(c.kind)>{c.type_name.clone()}</span> " version"</p>
            <h1>{title}</h1>
            <p class="meta"><span class="mono" title="MLflow id">{v.id.clone()}</span> " · " <AliasChips aliases=v.aliases.clone()/></p>
            <Notices notices=data.notices.clone()/>
            {numbering_note.map(|n| view! { <p class="notice" role="status" data-notice="numbering">{n}</p> })}
        </header>
        <TabLinks tabs=tabs hrefs=hrefs active=active/>
        // the other tabs are drawn by the page (see `target` in ArtifactPage)
        {move || (active.get() == "overview").then(|| view! {
            <div role="tabpanel"><Overview data=data.clone() collection=c.clone() version=v.clone()/></div>
        })}
    }
    .into_any()
}

#[component]
fn Overview(data: Data, collection: Collection, version: Version) -> impl IntoView {
    let c = collection;
    let editable = data.complete;
    let exp = c.experiment_id.clone();
    let usage_href = format!(
        "{}?tab=usage",
        routes::version(&exp, collection_kind(c.kind), &c.name, version.spec())
    );
    let users = (c.kind == ArtifactKind::Dataset).then(|| {
        let (e, n, d) = (exp.clone(), c.name.clone(), version.id.clone());
        use_plan(
            move |_| Some(DatasetUsers::new(&e, &n, &d, &use_limits())),
            DatasetUsers::view,
        )
    });
    let used_by = match users {
        Some(users) => {
            let href = usage_href.clone();
            view! {
                {move || match users.view.get() {
                    Some(u) if u.complete && u.fatal.is_none() => {
                        let n = crate::plan::limits::count(u.read, u.more);
                        view! { <a href=href.clone() class="used-by">{format!("{n} run{}", if u.read == 1 && !u.more { "" } else { "s" })}</a> }.into_any()
                    }
                    Some(u) if u.fatal.is_some() => view! { <a href=href.clone()>"see Usage"</a> }.into_any(),
                    _ => view! { <span class="muted" aria-label="counting runs">"…"</span> }.into_any(),
                }}
            }
            .into_any()
        }
        None => view! { <a href=usage_href>"see Usage"</a> }.into_any(),
    };
    let snippets = {
        let (c, v) = (c.clone(), version.clone());
        move || {
            // a dataset's loading code names a run that used it, once one is known
            let user = users.and_then(|u| {
                u.view
                    .with(|u| u.as_ref()?.users.first().map(|x| x.run.id.clone()))
            });
            view! { <UseThisVersion snippets=version_snippets(&c, &v, user.as_deref())/> }
        }
    };
    view! {
        <dl class="facts">
            <dt>"Aliases"</dt>
            <dd>{if version.aliases.is_empty() { view! { <span class="muted">"none"</span> }.into_any() } else { view! { <AliasChips aliases=version.aliases.clone()/> }.into_any() }}</dd>
            <dt>{if c.kind == ArtifactKind::Dataset { "First used" } else { "Created" }}</dt><dd><RelTime t=version.created/></dd>
            <dt>"Logged by"</dt>
            <dd>{match version.logged_by.clone() {
                Some(r) => view! {
                    <RunLink experiment_id=exp.clone() run_id=r.clone() name=data.run_name(&r)/>
                    {version.logged_by_inferred.then(|| view! { <span class="muted">" (inferred: the dataset's source is a file of this run)"</span> })}
                }.into_any(),
                None => view! { <span class="muted">"unknown"</span> }.into_any(),
            }}</dd>
            <dt>"Used by"</dt>
            <dd>{used_by}</dd>
            {(!version.registry_links.is_empty()).then(|| view! {
                <dt>"Registry"</dt>
                <dd>{version.registry_links.iter().map(|l| view! {
                    <a class="chip" href=routes::registered_model(&l.model)>{format!("{} v{}", l.model, l.version)}</a>
                }).collect_view()}</dd>
            })}
            {version.source.as_ref().and_then(|s| s.uri().map(str::to_string)).map(|u| view! {
                <dt>"Reference"</dt><dd class="mono" dir="auto">{u}</dd>
            })}
            {(!version.status.is_empty()).then(|| view! { <dt>"Status"</dt><dd>{version.status.clone()}</dd> })}
            <dt>"TTL"</dt>
            <dd class="muted">"MLflow has no time-to-live for artifacts: this version is kept until someone deletes it."</dd>
        </dl>
        // edits (issue 11): registry aliases / link to registry, tags, usage snippets. Closed
        // while the version is shown before its collection was read in full: an alias move
        // must see every version, and the page is drawn again (numbered) once it was.
        {(c.kind == ArtifactKind::Model).then(|| view! {
            <h2>"Registry"</h2>
            {if editable {
                view! { <RegistryPanel collection=c.clone() version=version.clone()/> }.into_any()
            } else {
                view! { <p class="muted" data-edits="closed">{format!("Registry edits open once every version of {} has been read.", c.name)}</p> }.into_any()
            }}
        })}
        <h2>"Tags"</h2>
        {match c.kind {
            ArtifactKind::Model if editable => view! {
                <TagEditor target=Target::LoggedModel { model_id: version.id.clone(), experiment_id: exp.clone() } tags=version.tags.clone()/>
            }.into_any(),
            _ => view! { <KeyValues caption="Tags" rows=version.tags.clone()/> }.into_any(),
        }}
        {snippets}
    }
}

/// "Use this version" code for a version (issue 11).
fn version_snippets(
    c: &Collection,
    v: &Version,
    used_by: Option<&str>,
) -> Vec<crate::snippets::Snippet> {
    let server = use_version::server_url();
    match c.kind {
        ArtifactKind::Model => {
            let refs: Vec<crate::snippets::RegistryRef> = v
                .registry_links
                .iter()
                .map(|l| crate::snippets::RegistryRef {
                    model: l.model.clone(),
                    version: l.version.clone(),
                    aliases: v
                        .aliases
                        .iter()
                        .filter_map(|a| match a {
                            Alias::Registry {
                                model,
                                alias,
                                version,
                            } if *model == l.model && *version == l.version => Some(alias.clone()),
                            _ => None,
                        })
                        .collect(),
                })
                .collect();
            crate::snippets::model(&server, &v.id, &refs)
        }
        ArtifactKind::Dataset => {
            let source = v.source.as_ref().and_then(|s| s.uri());
            crate::snippets::dataset(&server, &c.name, &v.id, source, used_by)
        }
    }
}

#[component]
pub(super) fn Usage(collection: Collection, version: Version) -> impl IntoView {
    let c = collection;
    let exp = c.experiment_id.clone();
    match c.kind {
        ArtifactKind::Dataset => {
            let (e, n, d) = (exp.clone(), c.name.clone(), version.id.clone());
            let users = use_plan(
                move |_| Some(DatasetUsers::new(&e, &n, &d, &use_limits())),
                DatasetUsers::view,
            );
            view! {
                {move || match users.view.get() {
                    Some(u) if u.fatal.is_some() => view! { <ErrorView error=u.fatal.clone().unwrap_or(crate::mlflow::ApiError::Cancelled) on_retry=move |_| users.retry()/> }.into_any(),
                    Some(u) if u.complete => {
                        let rows = u.users.into_iter().map(|x| UsageRow { id: x.run.id, name: x.run.name, experiment_id: x.run.experiment_id, context: x.context, start: x.run.start }).collect();
                        view! { <Notices notices=u.notices/> <UsageTable runs=rows note=None partial=u.more/> }.into_any()
                    }
                    _ => view! { <Skeleton rows=3/> }.into_any(),
                }}
            }
            .into_any()
        }
        ArtifactKind::Model => view! { <ModelUsageView version=version/> }.into_any(),
    }
}

/// The consumers of a logged model: a scan of runs started after it, in every project, one
/// budget at a time ("Scan more" raises the budget; runs already read are not read again).
#[component]
fn ModelUsageView(version: Version) -> impl IntoView {
    let cache = use_context::<RunCache>().unwrap_or_default();
    let budgets = RwSignal::new(1usize);
    let (id, created) = (version.id.clone(), version.created);
    let cache2 = cache.clone();
    let usage = use_plan(
        move |_| {
            let mut limits = use_limits();
            limits.consumer_scan_runs = limits.consumer_scan_runs.saturating_mul(budgets.get());
            let mut plan = ModelUsage::new(&id, created, limits);
            plan.know(cache2.finished());
            Some(plan)
        },
        ModelUsage::view,
    );
    move || {
        match usage.view.get() {
        Some(u) if u.fatal.is_some() => view! { <ErrorView error=u.fatal.clone().unwrap_or(crate::mlflow::ApiError::Cancelled) on_retry=move |_| usage.retry()/> }.into_any(),
        Some(u) if u.complete => {
            cache.remember(u.fresh.iter().cloned());
            let note = format!(
                "Scanned {} runs that started after this version was created, in {} project{} (MLflow records model inputs per run).",
                format::thousands(u.scanned as u64),
                u.projects,
                if u.projects == 1 { "" } else { "s" }
            );
            let rows = u.consumers.into_iter().map(|r| UsageRow { id: r.id, name: r.name, experiment_id: r.experiment_id, context: None, start: r.start }).collect();
            view! {
                <Notices notices=u.notices/>
                {u.more.then(|| view! {
                    <button type="button" class="button scan-more" on:click=move |_| budgets.update(|b| *b += 1)>
                        "Scan more runs"
                    </button>
                })}
                <UsageTable runs=rows note=Some(note) partial=u.more/>
            }.into_any()
        }
        Some(u) => view! {
            <p class="reading muted small" role="status">{format!("scanned {} / {} runs", format::thousands(u.scanned as u64), format::thousands(u.candidates.0 as u64))}</p>
            <Skeleton rows=3/>
        }.into_any(),
        None => view! { <Skeleton rows=3/> }.into_any(),
    }
    }
}

#[derive(Clone, Debug, PartialEq)]
struct UsageRow {
    id: String,
    name: String,
    experiment_id: String,
    context: Option<String>,
    start: Option<i64>,
}

#[component]
fn UsageTable(
    runs: Vec<UsageRow>,
    note: Option<String>,
    /// Not every candidate run was read: an empty table proves nothing.
    #[prop(optional)]
    partial: bool,
) -> impl IntoView {
    view! {
        {note.map(|n| view! { <p class="muted small scan-note">{n}</p> })}
        {if runs.is_empty() {
            let text = if partial {
                "No run among those read used this version (see above: not every run was read)."
            } else {
                "No run used this version."
            };
            view! { <p class="empty">{text}</p> }.into_any()
        } else {
            view! {
                <table class="data-table usage-table">
                    <thead><tr><th scope="col">"Run"</th><th scope="col">"Context"</th><th scope="col">"Started"</th></tr></thead>
                    <tbody>
                        {runs.into_iter().map(|r| view! {
                            <tr data-run-id=r.id.clone()>
                                <th scope="row"><RunLink experiment_id=r.experiment_id.clone() run_id=r.id.clone() name=r.name/></th>
                                <td>{r.context.unwrap_or_default()}</td>
                                <td><RelTime t=r.start/></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

/// A dataset version completed with what a run recorded of it (schema and profile, which the
/// scans leave out): `None` while that run is being read.
fn use_dataset_detail(c: &Collection, v: &Version) -> Signal<Option<Version>> {
    let (e, n, d) = (c.experiment_id.clone(), c.name.clone(), v.id.clone());
    let detail = use_plan(
        move |_| Some(dataset_detail(&e, &n, &d)),
        |o: &One<Option<crate::domain::Run>>| o.is_done().then(|| o.get().cloned().flatten()),
    );
    let (name, base) = (c.name.clone(), v.clone());
    Signal::derive(move || {
        // outer None: not started; inner None: still reading; then the run, if one was found
        let run = detail.view.get()??;
        let mut v = base.clone();
        if let Some(d) = run
            .iter()
            .flat_map(|r| &r.used_datasets)
            .find(|d| d.name == name && d.digest == v.id)
        {
            v.schema = d.schema.clone();
            v.profile = d.profile.clone();
            v.source = Some(d.source.clone());
        }
        Some(v)
    })
}

#[component]
pub(super) fn VersionFiles(collection: Collection, version: Version) -> impl IntoView {
    match collection.kind {
        ArtifactKind::Model => {
            view! { <FilesView source=FileSource::of_version(&collection, &version)/> }.into_any()
        }
        ArtifactKind::Dataset => {
            let detail = use_dataset_detail(&collection, &version);
            (move || match detail.get() {
                Some(v) => {
                    view! { <FilesView source=FileSource::of_version(&collection, &v)/> }.into_any()
                }
                None => view! { <Skeleton rows=2/> }.into_any(),
            })
            .into_any()
        }
    }
}

#[component]
pub(super) fn Metadata(collection: Collection, version: Version) -> impl IntoView {
    match collection.kind {
        ArtifactKind::Model => view! { <MetadataView version=version/> }.into_any(),
        ArtifactKind::Dataset => {
            let detail = use_dataset_detail(&collection, &version);
            (move || match detail.get() {
                Some(v) => view! { <MetadataView version=v/> }.into_any(),
                None => view! { <Skeleton rows=3/> }.into_any(),
            })
            .into_any()
        }
    }
}

#[component]
fn MetadataView(version: Version) -> impl IntoView {
    let metrics: Vec<(String, String)> = version
        .metrics
        .iter()
        .map(|(k, v)| (k.clone(), format::metric(*v)))
        .collect();
    let source = version.source.clone();
    view! {
        <h2>"Parameters"</h2>
        <KeyValues caption="Parameters" rows=version.params.clone()/>
        <h2>"Metrics"</h2>
        <KeyValues caption="Metrics" rows=metrics/>
        {source.map(|s| view! {
            <h2>"Source"</h2>
            <p class="mono" dir="auto">{match &s { DatasetSource::Code => "logged from code".to_string(), DatasetSource::Unknown => "unknown".into(), other => other.uri().unwrap_or_default().to_string() }}</p>
        })}
        {(!version.schema.is_empty()).then(|| view! { <h2>"Schema"</h2><pre class="json">{crate::preview::pretty_json(&version.schema).unwrap_or_else(|| version.schema.clone())}</pre> })}
        {(!version.profile.is_empty()).then(|| view! { <h2>"Profile"</h2><pre class="json">{crate::preview::pretty_json(&version.profile).unwrap_or_else(|| version.profile.clone())}</pre> })}
    }
}
