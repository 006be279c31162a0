//! Collection and version pages: `/projects/1/models/sweep-model` lists the versions;
//! `/projects/1/models/sweep-model:v3` (or `:latest`, `:champion`, `:m-…`) shows one version.

use super::query_param;
use crate::app::{set_crumbs, use_client, Crumb};
use crate::components::artifact::collection_kind;
use crate::components::edit::{use_version, RegistryPanel, TagEditor, UseThisVersion};
use crate::components::files_view::{FileDiff, FilesView};
use crate::components::LineageView;
use crate::components::{loaded, AliasChips, KeyValues, Pager, RelTime, RunLink, TabLinks};
use crate::domain::compare::{compare, parse_pair, Section};
use crate::domain::table::{self, Column};
use crate::domain::{Alias, ArtifactKind, Collection, DatasetSource, Version};
use crate::edit::Target;
use crate::format;
use crate::mlflow::api::decode_component;
use crate::mlflow::files::FileSource;
use crate::mlflow::load::{self, CollectionData};
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
    let client = use_client();
    let data = LocalResource::new(move || {
        let c = client.get();
        let (experiment, kind, name, _) = route.get();
        async move {
            match kind {
                Some(kind) => load::collection(&c, &experiment, kind, &name).await,
                None => Err(crate::mlflow::ApiError::Http {
                    url: String::new(),
                    status: 404,
                    error_code: None,
                    message: "Unknown artifact kind: use models or datasets".into(),
                }),
            }
        }
    });
    Effect::new(move |_| {
        let (experiment, kind, name, spec) = route.get();
        let project = match data.get() {
            Some(Ok(d)) => d.project.name,
            _ => format!("Project {experiment}"),
        };
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
                trail.push(Crumb::here(spec));
            }
            _ => trail.push(Crumb::here(name)),
        }
        set_crumbs(trail);
    });
    // edits (issue 11): the version list re-reads its collection when an alias panel closes
    let reload = Callback::new(move |_: ()| data.refetch());
    view! {
        <section class="page">
            {loaded(data, 8, move |d: CollectionData| {
                move || match route.get().3 {
                    Some(spec) => view! { <VersionView data=d.clone() spec=spec/> }.into_any(),
                    None => view! { <CollectionView data=d.clone() reload=reload/> }.into_any(),
                }
            })}
        </section>
    }
}

fn kind_word(kind: ArtifactKind) -> &'static str {
    match kind {
        ArtifactKind::Model => "model",
        ArtifactKind::Dataset => "dataset",
    }
}

#[component]
fn CollectionView(
    data: CollectionData,
    /// Re-reads the collection (after aliases were edited here).
    #[prop(optional)]
    reload: Option<Callback<()>>,
) -> impl IntoView {
    let c = data.collection.clone();
    // edits (issue 11): the version whose registry panel is open, by label
    let editing = RwSignal::new(None::<String>);
    let c_edit = c.clone();
    let (metric_keys, param_keys) = table::key_columns(&c, 3);
    let (filter, set_filter) = query_param(Query::Filter);
    let (sort, set_sort) = query_param(Query::Sort);
    let (dir, set_dir) = query_param(Query::Dir);
    let (page, set_page) = query_param(Query::Page);
    let (compare_q, set_compare) = query_param(Query::Compare);
    let selected = RwSignal::new(Vec::<String>::new());
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
    let latest_label = c.latest().map(|v| v.label()).unwrap_or_default();
    let exp = c.experiment_id.clone();
    let kind = collection_kind(c.kind);
    let name = c.name.clone();

    view! {
        <header class="page-head">
            <p class="eyebrow"><span class="type-chip" data-kind=kind_word(c.kind)>{c.type_name.clone()}</span> " collection"</p>
            <h1>{c.name.clone()}</h1>
            <p class="meta">
                {format!("{} version{}", c.versions.len(), if c.versions.len() == 1 { "" } else { "s" })}
                {(!latest_label.is_empty()).then(|| view! {
                    " · latest " <a href=routes::version(&exp, kind, &name, "latest")>{latest_label.clone()}</a>
                })}
                " · last update " <RelTime t=c.last_update()/>
                {data.truncated.then_some(" · only the first 10,000 versions are shown")}
            </p>
            {data.registry_error.clone().map(|e| view! { <p class="notice" role="status">"Registry aliases are not shown: " {e.title()}</p> })}
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
        {move || editing.get().and_then(|label| c_edit.resolve(&label).cloned()).map(|v| {
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
}

#[component]
fn CompareButton(
    selected: RwSignal<Vec<String>>,
    set_compare: impl Fn(String) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <button type="button" class="button"
            disabled=move || selected.get().len() != 2
            on:click=move |_| {
                let s = selected.get_untracked();
                if s.len() == 2 { set_compare(format!("{},{}", s[0], s[1])); }
            }>
            {move || match selected.get().as_slice() {
                [a, b] => format!("Compare {a} and {b}"),
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
    selected: RwSignal<Vec<String>>,
    /// Opens this version's registry panel (model collections).
    editing: RwSignal<Option<String>>,
) -> impl IntoView {
    let label = version.label();
    let edit_button = (collection.kind == ArtifactKind::Model).then(|| {
        let l = label.clone();
        view! {
            <button type="button" class="button small" aria-label=format!("Edit aliases of {}:{}", collection.name, label)
                on:click=move |_| editing.set(Some(l.clone()))>"Edit"</button>
        }
    });
    let exp = collection.experiment_id.clone();
    let href = routes::version(
        &exp,
        collection_kind(collection.kind),
        &collection.name,
        &label,
    );
    let l1 = label.clone();
    let l2 = label.clone();
    view! {
        <tr data-version=label.clone()>
            <td>
                <input type="checkbox" aria-label=format!("select {}:{} to compare", collection.name, label)
                    prop:checked=move || selected.get().contains(&l1)
                    on:change=move |_| selected.update(|s| {
                        if let Some(i) = s.iter().position(|x| *x == l2) { s.remove(i); } else { s.push(l2.clone()); if s.len() > 2 { s.remove(0); } }
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

fn short_id(id: &str) -> String {
    let n = id.chars().count();
    if n > 12 {
        format!("{}…", id.chars().take(10).collect::<String>())
    } else {
        id.to_string()
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
fn VersionView(data: CollectionData, spec: String) -> impl IntoView {
    let c = data.collection.clone();
    let Some(v) = c.resolve(&spec).cloned() else {
        let latest = c.latest().map(|v| v.label()).unwrap_or_default();
        return view! {
            <section class="error-view" role="alert">
                <h2 class="error-title">{format!("{}:{spec} does not exist", c.name)}</h2>
                <p class="error-detail">{format!("This collection has versions v0 to {latest}. Aliases: latest and the registry aliases shown in the version list.")}</p>
                <a class="button" href=routes::collection(&c.experiment_id, collection_kind(c.kind), &c.name)>"See all versions"</a>
            </section>
        }.into_any();
    };
    let (tab, _) = query_param(Query::Tab);
    let active = Signal::derive(move || {
        let t = tab.get();
        if VERSION_TABS.iter().any(|(k, _)| *k == t) {
            t
        } else {
            "overview".into()
        }
    });
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
    view! {
        <header class="page-head">
            <p class="eyebrow"><span class="type-chip" data-kind=kind_word(c.kind)>{c.type_name.clone()}</span> " version"</p>
            <h1>{title}</h1>
            <p class="meta"><span class="mono" title="MLflow id">{v.id.clone()}</span> " · " <AliasChips aliases=v.aliases.clone()/></p>
        </header>
        <TabLinks tabs=tabs hrefs=hrefs active=active/>
        <div role="tabpanel">
            {let c = c.clone(); move || match active.get().as_str() {
                "files" => view! { <FilesView source=file_source(&c, &v)/> }.into_any(),
                "lineage" => view! { <LineageView experiment=c.experiment_id.clone() focus=lineage_focus(&c, &v)/> }.into_any(),
                "usage" => view! { <Usage data=data.clone() version=v.clone()/> }.into_any(),
                "metadata" => view! { <Metadata version=v.clone()/> }.into_any(),
                _ => view! { <Overview data=data.clone() version=v.clone()/> }.into_any(),
            }}
        </div>
    }
    .into_any()
}

#[component]
fn Overview(data: CollectionData, version: Version) -> impl IntoView {
    let c = &data.collection;
    let exp = c.experiment_id.clone();
    let used_by = match c.kind {
        ArtifactKind::Dataset => Some(
            data.dataset_users
                .iter()
                .filter(|r| {
                    r.used_datasets
                        .iter()
                        .any(|d| d.name == c.name && d.digest == version.id)
                })
                .count(),
        ),
        ArtifactKind::Model => None,
    };
    let usage_href = format!(
        "{}?tab=usage",
        routes::version(&exp, collection_kind(c.kind), &c.name, &version.label())
    );
    view! {
        <dl class="facts">
            <dt>"Aliases"</dt>
            <dd>{if version.aliases.is_empty() { view! { <span class="muted">"none"</span> }.into_any() } else { view! { <AliasChips aliases=version.aliases.clone()/> }.into_any() }}</dd>
            <dt>"Created"</dt><dd><RelTime t=version.created/></dd>
            <dt>"Logged by"</dt>
            <dd>{match version.logged_by.clone() {
                Some(r) => view! {
                    <RunLink experiment_id=exp.clone() run_id=r.clone() name=data.run_name(&r)/>
                    {version.logged_by_inferred.then(|| view! { <span class="muted">" (inferred: the dataset's source is a file of this run)"</span> })}
                }.into_any(),
                None => view! { <span class="muted">"unknown"</span> }.into_any(),
            }}</dd>
            <dt>"Used by"</dt>
            <dd>{match used_by {
                Some(n) => view! { <a href=usage_href>{format!("{n} run{}", if n == 1 { "" } else { "s" })}</a> }.into_any(),
                None => view! { <a href=usage_href>"see Usage"</a> }.into_any(),
            }}</dd>
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
        <UseThisVersion snippets=version_snippets(&data, &version)/>
    }
}

/// "Use this version" code for a version (issue 11).
fn version_snippets(data: &CollectionData, v: &Version) -> Vec<crate::snippets::Snippet> {
    let server = use_version::server_url();
    let c = &data.collection;
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
            let user = data
                .dataset_users
                .iter()
                .find(|r| {
                    r.used_datasets
                        .iter()
                        .any(|d| d.name == c.name && d.digest == v.id)
                })
                .map(|r| r.id.as_str());
            let source = v.source.as_ref().and_then(|s| s.uri());
            crate::snippets::dataset(&server, &c.name, &v.id, source, user)
        }
    }
}

#[component]
fn Usage(data: CollectionData, version: Version) -> impl IntoView {
    let c = data.collection.clone();
    let exp = c.experiment_id.clone();
    match c.kind {
        ArtifactKind::Dataset => {
            let users: Vec<(String, String, Option<String>, Option<i64>)> = data
                .dataset_users
                .iter()
                .filter_map(|r| {
                    r.used_datasets
                        .iter()
                        .find(|d| d.name == c.name && d.digest == version.id)
                        .map(|d| (r.id.clone(), r.name.clone(), d.context.clone(), r.start))
                })
                .collect();
            view! { <UsageTable experiment_id=exp runs=users scanned=None/> }.into_any()
        }
        ArtifactKind::Model => {
            let client = use_client();
            let model_id = version.id.clone();
            let created = version.created;
            let exp2 = exp.clone();
            let consumers = LocalResource::new(move || {
                let c = client.get();
                let (exp, id) = (exp2.clone(), model_id.clone());
                async move { load::model_consumers(&c, &exp, &id, created).await }
            });
            loaded(consumers, 3, move |(runs, scanned): (Vec<load::RunRef>, usize)| {
                let rows = runs.into_iter().map(|r| (r.id, r.name, None, r.start)).collect();
                view! { <UsageTable experiment_id=exp.clone() runs=rows scanned=Some(scanned)/> }
            })
            .into_any()
        }
    }
}

#[component]
fn UsageTable(
    experiment_id: String,
    runs: Vec<(String, String, Option<String>, Option<i64>)>,
    scanned: Option<usize>,
) -> impl IntoView {
    let note = scanned.map(|n| format!("Scanned {} runs that started after this version was created (MLflow records model inputs per run).", format::thousands(n as u64)));
    view! {
        {note.map(|n| view! { <p class="muted small">{n}</p> })}
        {if runs.is_empty() {
            view! { <p class="empty">"No run used this version."</p> }.into_any()
        } else {
            view! {
                <table class="data-table usage-table">
                    <thead><tr><th scope="col">"Run"</th><th scope="col">"Context"</th><th scope="col">"Started"</th></tr></thead>
                    <tbody>
                        {runs.into_iter().map(|(id, name, context, start)| view! {
                            <tr data-run-id=id.clone()>
                                <th scope="row"><RunLink experiment_id=experiment_id.clone() run_id=id.clone() name=name/></th>
                                <td>{context.unwrap_or_default()}</td>
                                <td><RelTime t=start/></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

#[component]
fn Metadata(version: Version) -> impl IntoView {
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
        {(!version.schema.is_empty()).then(|| view! { <h2>"Schema"</h2><pre class="json">{pretty_json(&version.schema)}</pre> })}
        {(!version.profile.is_empty()).then(|| view! { <h2>"Profile"</h2><pre class="json">{pretty_json(&version.profile)}</pre> })}
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

fn pretty_json(s: &str) -> String {
    serde_json::from_str::<serde_json::Value>(s)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| s.to_string())
}
