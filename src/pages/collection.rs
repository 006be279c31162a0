//! A collection's version list (`/projects/1/models/sweep-model`): versions `v0…vN` with
//! aliases, tags, logged-by run, key metrics and the params that differ; sort, filter, page,
//! and compare two versions (metadata and files).

use crate::components::artifact::collection_kind;
use crate::components::edit::RegistryPanel;
use crate::components::files_view::FileDiff;
use crate::components::{AliasChips, Notices, Pager, Reading, RelTime, RunLink};
use crate::domain::artifact::{short_id, Numbering};
use crate::domain::compare::{compare, parse_pair, Section};
use crate::domain::table::{self, Column};
use crate::domain::{ArtifactKind, Collection, Version};
use crate::format;
use crate::hooks::use_query_param;
use crate::mlflow::files::FileSource;
use crate::plan::collection::CollectionView as Data;
use crate::routes::{self, Query};
use leptos::prelude::*;

use super::artifact::kind_word;

/// Versions per page of the list.
const PER_PAGE: usize = 50;

#[component]
pub(super) fn CollectionView(
    data: Data,
    /// Reads the collection again (after aliases were edited here).
    #[prop(optional)]
    reload: Option<Callback<()>>,
    /// What is still being read, while `data` is a first, partial list.
    #[prop(optional)]
    reading: Option<Signal<Vec<String>>>,
) -> impl IntoView {
    let Some(c) = data.collection.clone() else {
        return ().into_any();
    };
    // edits (issue 11): the version whose registry panel is open, by MLflow id
    let editing = RwSignal::new(None::<String>);
    let c_edit = c.clone();
    let (metric_keys, param_keys) = table::key_columns(&c, 3);
    let (filter, set_filter) = use_query_param(Query::Filter);
    let (sort, set_sort) = use_query_param(Query::Sort);
    let (dir, set_dir) = use_query_param(Query::Dir);
    let (page, set_page) = use_query_param(Query::Page);
    let (compare_q, set_compare) = use_query_param(Query::Compare);
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
    // the newest versions, shown while the rest are read: no numbers, no edits yet
    let partial = data.partial;
    let numbering_note = match &c.numbering {
        Numbering::Complete => None,
        Numbering::Unknown(why) => Some(format!("Version numbers are not shown: {why}.")),
    };

    view! {
        <header class="page-head">
            <p class="eyebrow"><span class="type-chip" data-kind=kind_word(c.kind)>{c.type_name.clone()}</span> " collection"</p>
            <h1>{c.name.clone()}</h1>
            <p class="meta">
                <span class="version-total">{format!("{} version{}{}", format::thousands(c.versions.len() as u64), if c.versions.len() == 1 { "" } else { "s" }, if partial { " so far" } else { "" })}</span>
                {latest.map(|v| view! {
                    " · latest " <a class="latest-link" href=routes::version(&exp, kind, &name, v.spec())>{v.label()}</a>
                })}
                " · last update " <RelTime t=c.last_update()/>
            </p>
            <Notices notices=data.notices.clone()/>
            {reading.filter(|_| partial).map(|r| move || view! { <Reading items=r.get()/> })}
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
                            view! { <VersionRow collection=c.clone() version=v metric_keys=metric_keys.clone() param_keys=param_keys.clone() logged_by_name=logged_by_name selected=selected editing=editing editable=!partial/> }
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
    /// `false` while the list is partial: an alias move must see every version.
    editable: bool,
) -> impl IntoView {
    let label = version.label();
    let edit_button = (collection.kind == ArtifactKind::Model).then(|| {
        let id = version.id.clone();
        view! {
            <button type="button" class="button small" aria-label=format!("Edit aliases of {}:{}", collection.name, label)
                disabled=!editable
                title=(!editable).then_some("Available once every version has been read")
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
                old=FileSource::of_version(&collection, a)
                new=FileSource::of_version(&collection, b)
                old_label=a.label()
                new_label=b.label()
            />
        </section>
    }
    .into_any()
}
