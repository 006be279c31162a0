//! Collection and version pages: `/projects/1/models/sweep-model` lists the versions;
//! `/projects/1/models/sweep-model:m-…` (or `:v3`, `:latest`, `:champion`, a dataset digest)
//! shows one version. Links the app builds carry MLflow's ids, which never renumber.

use super::query_param;
use crate::app::{set_crumbs, Crumb};
use crate::components::artifact::collection_kind;
use crate::components::edit::{use_version, RegistryPanel, TagEditor, UseThisVersion};
use crate::components::files_view::{FileDiff, FilesView};
use crate::components::LineageView;
use crate::components::{
    page_state, AliasChips, ErrorView, KeyValues, Notices, Pager, Reading, RelTime, RunLink,
    Skeleton, TabLinks,
};
use crate::domain::artifact::{short_id, Numbering};
use crate::domain::compare::{compare, parse_pair, Section};
use crate::domain::table::{self, Column};
use crate::domain::{Alias, ArtifactKind, Collection, DatasetSource, Version};
use crate::edit::Target;
use crate::format;
use crate::hooks::{use_limits, use_plan, RunCache};
use crate::mlflow::api::decode_component;
use crate::mlflow::files::FileSource;
use crate::plan::collection::{
    dataset_detail, CollectionPlan, CollectionView as Data, DatasetUsers,
};
use crate::plan::consumers::ModelUsage;
use crate::plan::One;
use crate::routes::{self, CollectionKind, Query};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

const PER_PAGE: usize = 50;

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
    let complete = move || {
        planned
            .view
            .with(|v| v.as_ref().is_some_and(|v| v.complete))
    };
    // Drawn once complete (see `showable`), so the editors keep what is typed and the tabs'
    // own plans (usage, lineage, files) are not restarted by late answers.
    let shown = Memo::new(move |prev: Option<&Option<Data>>| {
        let d = planned.view.get()?;
        match prev {
            Some(Some(p)) if showable(p) && d.fatal.is_none() => Some(p.clone()),
            _ => Some(d),
        }
    });
    // edits (issue 11): the version list reads its collection again when an alias panel closes
    let reload = Callback::new(move |_: ()| planned.retry());
    // The version the Files, Lineage, Usage and Metadata tabs show, without what fills in later
    // (aliases, run names): those tabs run plans of their own and are redrawn only when the
    // version itself changes.
    let (tab, _) = query_param(Query::Tab);
    let target = Memo::new(move |_| {
        let spec = route.with(|r| r.3.clone())?;
        let d = shown.get()?;
        let c = d.collection.as_ref()?;
        let mut v = c.resolve(&spec)?.clone();
        v.aliases.clear();
        v.registry_links.clear();
        let mut c = c.clone();
        c.versions.clear();
        Some((c, v))
    });
    view! {
        <section class="page" data-state=move || page_state(complete())>
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
                if !showable(&d) {
                    let reading = planned.view.with(|v| v.as_ref().map(|v| v.reading.clone()).unwrap_or_default());
                    return view! { <Reading items=reading/> <Skeleton rows=8/> }.into_any();
                }
                match route.get().3 {
                    Some(spec) => view! { <VersionView data=d spec=spec/> }.into_any(),
                    None => view! { <CollectionView data=d reload=reload/> }.into_any(),
                }
            }}
            {move || {
                let (c, v) = target.get()?;
                let panel = match version_tab(&tab.get()) {
                    "files" => view! { <VersionFiles collection=c version=v/> }.into_any(),
                    "lineage" => {
                        let focus = lineage_focus(&c, &v);
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
fn version_tab(t: &str) -> &'static str {
    VERSION_TABS
        .iter()
        .map(|(k, _)| *k)
        .find(|k| *k == t)
        .unwrap_or("overview")
}

/// The page is drawn once everything has been read: numbers, registry aliases (the edit
/// controls must not offer "link to the registry" for a version that is in it) and run names.
fn showable(d: &Data) -> bool {
    d.complete
}

fn kind_word(kind: ArtifactKind) -> &'static str {
    match kind {
        ArtifactKind::Model => "model",
        ArtifactKind::Dataset => "dataset",
    }
}

#[component]
fn CollectionView(
    data: Data,
    /// Reads the collection again (after aliases were edited here).
    #[prop(optional)]
    reload: Option<Callback<()>>,
) -> impl IntoView {
    let Some(c) = data.collection.clone() else {
        return ().into_any();
    };
    // edits (issue 11): the version whose registry panel is open, by MLflow id
    let editing = RwSignal::new(None::<String>);
    let c_edit = c.clone();
    let (metric_keys, param_keys) = table::key_columns(&c, 3);
    let (filter, set_filter) = query_param(Query::Filter);
    let (sort, set_sort) = query_param(Query::Sort);
    let (dir, set_dir) = query_param(Query::Dir);
    let (page, set_page) = query_param(Query::Page);
    let (compare_q, set_compare) = query_param(Query::Compare);
    // (id, label) of the versions ticked for comparison; the URL carries the ids
    let selected = RwSignal::new(Vec::<(String, String)>::new());
    let sort_col = Memo::new(move |_| Column::parse(&sort.get()).unwrap_or(Column::Version));
    let descending = Memo::new(move |_| dir.get() != "asc");

    let header = {
        let set_sort = set_sort.clone();
        let set_dir = set_dir.clone();
        move |col: Column, label: String| {
            let set_sort = set_sort.clone();
            let set_dir = set_dir.clone();
            let key = col.key();
            let col2 = col.clone();
            let aria = move || {
                if sort_col.get() == col2 {
                    if descending.get() {
                        "descending"
                    } else {
                        "ascending"
                    }
                } else {
                    "none"
                }
            };
            let col3 = col.clone();
            view! {
                <th scope="col" aria-sort=aria>
                    <button type="button" class="sort" on:click=move |_| {
                        let same = sort_col.get_untracked() == col3;
                        set_sort(key.clone());
                        set_dir(if same && descending.get_untracked() { "asc".into() } else { String::new() });
                    }>{label}</button>
                </th>
            }
        }
    };

    let c_rows = c.clone();
    let all_rows =
        Memo::new(move |_| table::rows(&c_rows, &filter.get(), &sort_col.get(), descending.get()));
    let page_no = Memo::new(move |_| page.get().parse::<usize>().unwrap_or(1).max(1) - 1);
    let c_cmp = c.clone();
    let run_names = data.run_names.clone();
    let names_for_rows = data.run_names.clone();
    let latest = c.latest().cloned();
    let exp = c.experiment_id.clone();
    let kind = collection_kind(c.kind);
    let name = c.name.clone();
    let numbering_note = match &c.numbering {
        Numbering::Complete => None,
        Numbering::Unknown(why) => Some(format!("Version numbers are not shown: {why}.")),
    };

    view! {
        <header class="page-head">
            <p class="eyebrow"><span class="type-chip" data-kind=kind_word(c.kind)>{c.type_name.clone()}</span> " collection"</p>
            <h1>{c.name.clone()}</h1>
            <p class="meta">
                <span class="version-total">{format!("{} version{}", format::thousands(c.versions.len() as u64), if c.versions.len() == 1 { "" } else { "s" })}</span>
                {latest.map(|v| view! {
                    " · latest " <a class="latest-link" href=routes::version(&exp, kind, &name, v.spec())>{v.label()}</a>
                })}
                " · last update " <RelTime t=c.last_update()/>
            </p>
            <Notices notices=data.notices.clone()/>
            {numbering_note.map(|n| view! { <p class="notice" role="status" data-notice="numbering">{n}</p> })}
        </header>
        {
            let set_compare = set_compare.clone();
            move || parse_pair(&compare_q.get()).map(|(a, b)| {
            let set_compare = set_compare.clone();
            view! { <CompareView collection=c_cmp.clone() left=a right=b run_names=run_names.clone() on_close=Callback::new(move |_| set_compare(String::new()))/> }
        })
        }
        <div class="toolbar">
            <input type="search" class="filter" placeholder="Filter by version, alias, tag (key=value) or run"
                aria-label="Filter versions"
                prop:value=move || filter.get()
                on:input={
                    let set_filter = set_filter.clone();
                    let set_page = set_page.clone();
                    move |ev| { set_filter(event_target_value(&ev)); set_page(String::new()); }
                }/>
            <CompareButton selected=selected set_compare=set_compare.clone()/>
        </div>
        {move || editing.get().and_then(|id| c_edit.resolve(&id).cloned()).map(|v| {
            let title = format!("Registry and aliases of {}:{}", c_edit.name, v.label());
            let label = title.clone();
            view! {
            <section class="row-editor" aria-label=label>
                <header class="compare-head">
                    <h2>{title}</h2>
                    <button type="button" class="button" on:click=move |_| {
                        editing.set(None);
                        if let Some(r) = reload { r.run(()); }
                    }>"Done"</button>
                </header>
                <RegistryPanel collection=c_edit.clone() version=v/>
            </section>
        }})}
        <table class="data-table versions-table">
            <caption class="visually-hidden">{format!("Versions of {}", c.name)}</caption>
            <thead>
                <tr>
                    <th scope="col"><span class="visually-hidden">"Select to compare"</span></th>
                    {header(Column::Version, "Version".into())}
                    <th scope="col">"Aliases"</th>
                    <th scope="col">"Tags"</th>
                    {header(Column::Created, if c.kind == ArtifactKind::Dataset { "First used".into() } else { "Created".into() })}
                    {header(Column::LoggedBy, "Logged by".into())}
                    {metric_keys.iter().map(|k| header(Column::Metric(k.clone()), k.clone())).collect_view()}
                    {param_keys.iter().map(|k| header(Column::Param(k.clone()), k.clone())).collect_view()}
                </tr>
            </thead>
            <tbody>
                {
                    let c = c.clone();
                    move || {
                        let (rows, _, _) = table::page(&all_rows.get(), page_no.get(), PER_PAGE);
                        rows.into_iter().map(|i| {
                            let v = c.versions[i].clone();
                            let logged_by_name = v.logged_by.as_ref().map(|r| names_for_rows.get(r).cloned().unwrap_or_else(|| short_id(r)));
                            view! { <VersionRow collection=c.clone() version=v metric_keys=metric_keys.clone() param_keys=param_keys.clone() logged_by_name=logged_by_name selected=selected editing=editing/> }
                        }).collect_view()
                    }
                }
            </tbody>
        </table>
        {
            let on_page = Callback::new(move |p: String| set_page(p));
            move || view! {
                <Pager total=all_rows.get().len() page=page_no.get() per_page=PER_PAGE noun="versions" on_page=on_page/>
            }
        }
    }
    .into_any()
}

#[component]
fn CompareButton(
    selected: RwSignal<Vec<(String, String)>>,
    set_compare: impl Fn(String) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <button type="button" class="button"
            disabled=move || selected.get().len() != 2
            on:click=move |_| {
                let s = selected.get_untracked();
                if s.len() == 2 { set_compare(format!("{},{}", s[0].0, s[1].0)); }
            }>
            {move || match selected.get().as_slice() {
                [(_, a), (_, b)] => format!("Compare {a} and {b}"),
                _ => "Select two versions to compare".to_string(),
            }}
        </button>
    }
}

#[component]
fn VersionRow(
    collection: Collection,
    version: Version,
    metric_keys: Vec<String>,
    param_keys: Vec<String>,
    /// The name of the run that logged this version (`None` when unknown).
    logged_by_name: Option<String>,
    selected: RwSignal<Vec<(String, String)>>,
    /// Opens this version's registry panel (model collections).
    editing: RwSignal<Option<String>>,
) -> impl IntoView {
    let label = version.label();
    let edit_button = (collection.kind == ArtifactKind::Model).then(|| {
        let id = version.id.clone();
        view! {
            <button type="button" class="button small" aria-label=format!("Edit aliases of {}:{}", collection.name, label)
                on:click=move |_| editing.set(Some(id.clone()))>"Edit"</button>
        }
    });
    let exp = collection.experiment_id.clone();
    let href = routes::version(
        &exp,
        collection_kind(collection.kind),
        &collection.name,
        version.spec(),
    );
    let id1 = version.id.clone();
    let pick = (version.id.clone(), label.clone());
    view! {
        <tr data-version=label.clone() data-version-id=version.id.clone()>
            <td>
                <input type="checkbox" aria-label=format!("select {}:{} to compare", collection.name, label)
                    prop:checked=move || selected.get().iter().any(|(id, _)| *id == id1)
                    on:change=move |_| selected.update(|s| {
                        if let Some(i) = s.iter().position(|x| x.0 == pick.0) { s.remove(i); } else { s.push(pick.clone()); if s.len() > 2 { s.remove(0); } }
                    })/>
            </td>
            <th scope="row"><a href=href>{label.clone()}</a> " " <span class="muted mono small" title=version.id.clone()>{short_id(&version.id)}</span></th>
            <td><AliasChips aliases=version.aliases.clone()/> {edit_button}</td>
            <td>{version.tags.iter().map(|(k, v)| view! { <span class="chip tag" dir="auto">{format!("{k}={v}")}</span> }).collect_view()}</td>
            <td><RelTime t=version.created/></td>
            <td>{version.logged_by.clone().zip(logged_by_name).map(|(r, name)| {
                view! { <RunLink experiment_id=exp.clone() run_id=r name=name/> {version.logged_by_inferred.then(|| view! { <span class="muted small" title="inferred from the dataset's source URI">" (inferred)"</span> })} }
            })}</td>
            {metric_keys.iter().map(|k| view! { <td class="num">{version.metrics.iter().find(|(m, _)| m == k).map(|(_, v)| format::metric(*v))}</td> }).collect_view()}
            {param_keys.iter().map(|k| view! { <td class="mono">{version.params.iter().find(|(p, _)| p == k).map(|(_, v)| v.clone())}</td> }).collect_view()}
        </tr>
    }
}

#[component]
fn CompareView(
    collection: Collection,
    left: String,
    right: String,
    run_names: std::collections::HashMap<String, String>,
    on_close: Callback<()>,
) -> impl IntoView {
    let (a, b) = (collection.resolve(&left), collection.resolve(&right));
    let (Some(a), Some(b)) = (a, b) else {
        return view! { <p class="notice" role="status">{format!("Cannot compare {left} and {right}: no such version.")}</p> }.into_any();
    };
    let name_of = |v: &Version| {
        v.logged_by
            .as_ref()
            .map(|r| run_names.get(r).cloned().unwrap_or(r.clone()))
    };
    let mut a2 = a.clone();
    let mut b2 = b.clone();
    a2.logged_by = name_of(a);
    b2.logged_by = name_of(b);
    let rows = compare(&a2, &b2);
    let changed = rows.iter().filter(|r| r.changed()).count();
    let sections = [
        Section::Info,
        Section::Aliases,
        Section::Params,
        Section::Metrics,
        Section::Tags,
    ];
    view! {
        <section class="compare" aria-label=format!("Compare {} and {}", a.label(), b.label())>
            <header class="compare-head">
                <h2>{format!("{}:{} vs {}:{}", collection.name, a.label(), collection.name, b.label())}</h2>
                <span class="muted">{format!("{changed} difference{}", if changed == 1 { "" } else { "s" })}</span>
                <button type="button" class="button" on:click=move |_| on_close.run(())>"Close"</button>
            </header>
            <table class="data-table compare-table">
                <thead><tr><th scope="col">"Field"</th><th scope="col">{a.label()}</th><th scope="col">{b.label()}</th></tr></thead>
                {sections.into_iter().map(|s| {
                    let rows: Vec<_> = rows.iter().filter(|r| r.section == s).cloned().collect();
                    (!rows.is_empty()).then(|| view! {
                        <tbody>
                            <tr class="section-row"><th scope="rowgroup" colspan="3">{s.title()}</th></tr>
                            {rows.into_iter().map(|r| view! {
                                <tr class:changed=r.changed() data-key=r.key.clone()>
                                    <th scope="row" class="mono">{r.key.clone()}</th>
                                    <td class="mono" dir="auto">{r.left.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td class="mono" dir="auto">{r.right.clone().unwrap_or_else(|| "—".into())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    })
                }).collect_view()}
            </table>
            <h3>"Files"</h3>
            <FileDiff
                old=file_source(&collection, a)
                new=file_source(&collection, b)
                old_label=a.label()
                new_label=b.label()
            />
        </section>
    }
    .into_any()
}

const VERSION_TABS: [(&str, &str); 5] = [
    ("overview", "Overview"),
    ("files", "Files"),
    ("lineage", "Lineage"),
    ("usage", "Usage"),
    ("metadata", "Metadata"),
];

#[component]
fn VersionView(data: Data, spec: String) -> impl IntoView {
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
    let (tab, _) = query_param(Query::Tab);
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
        // edits (issue 11): registry aliases / link to registry, tags, usage snippets
        {(c.kind == ArtifactKind::Model).then(|| view! {
            <h2>"Registry"</h2>
            <RegistryPanel collection=c.clone() version=version.clone()/>
        })}
        <h2>"Tags"</h2>
        {match c.kind {
            ArtifactKind::Model => view! {
                <TagEditor target=Target::LoggedModel { model_id: version.id.clone(), experiment_id: exp.clone() } tags=version.tags.clone()/>
            }.into_any(),
            ArtifactKind::Dataset => view! { <KeyValues caption="Tags" rows=version.tags.clone()/> }.into_any(),
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
fn Usage(collection: Collection, version: Version) -> impl IntoView {
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
fn VersionFiles(collection: Collection, version: Version) -> impl IntoView {
    match collection.kind {
        ArtifactKind::Model => {
            view! { <FilesView source=file_source(&collection, &version)/> }.into_any()
        }
        ArtifactKind::Dataset => {
            let detail = use_dataset_detail(&collection, &version);
            (move || match detail.get() {
                Some(v) => view! { <FilesView source=file_source(&collection, &v)/> }.into_any(),
                None => view! { <Skeleton rows=2/> }.into_any(),
            })
            .into_any()
        }
    }
}

#[component]
fn Metadata(collection: Collection, version: Version) -> impl IntoView {
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

/// The lineage node of a version.
fn lineage_focus(c: &Collection, v: &Version) -> String {
    match c.kind {
        ArtifactKind::Model => crate::lineage::build::model_id(&v.id),
        ArtifactKind::Dataset => crate::lineage::build::dataset_id(&c.name, &v.id),
    }
}

/// Where a version's files come from: the logged model's artifacts, or the dataset's reference.
fn file_source(c: &Collection, v: &Version) -> FileSource {
    match c.kind {
        ArtifactKind::Model => FileSource::LoggedModel(v.id.clone()),
        ArtifactKind::Dataset => FileSource::Dataset {
            name: c.name.clone(),
            version: Box::new(v.clone()),
        },
    }
}
