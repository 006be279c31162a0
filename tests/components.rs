//! Component tests in headless Chromium (wasm-bindgen-test): the shared error view, the loading
//! wrapper, times, settings validation and the header's breadcrumbs.
#![cfg(target_arch = "wasm32")]

use artifact_explorer::app::Shell;
use artifact_explorer::components::{ClippedText, ErrorView, RelTime};
use artifact_explorer::config::STORAGE_KEY;
use artifact_explorer::context::{
    provide_app_contexts, server_origin, set_crumbs, Credentials, Crumb, Session,
};
use artifact_explorer::mlflow::ApiError;
use artifact_explorer::pages::SettingsPage;
use leptos::prelude::*;
use leptos::task::tick;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> HtmlElement {
    let doc = document();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn find(root: &HtmlElement, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
        .unchecked_into()
}

async fn settle() {
    for _ in 0..5 {
        tick().await;
    }
}

#[wasm_bindgen_test]
async fn error_view_shows_mlflow_error_code_and_retries() {
    let root = container();
    let retries = RwSignal::new(0);
    let error = ApiError::from_status(
        "/api/2.0/mlflow/runs/get",
        404,
        r#"{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Run 'r1' not found"}"#,
    );
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <ErrorView error=error.clone() on_retry=move |_| retries.update(|n| *n += 1)/> }
    });
    let alert = find(&root, "[role=alert]");
    let text = alert.text_content().unwrap();
    assert!(
        text.contains("MLflow answered 404 RESOURCE_DOES_NOT_EXIST"),
        "{text}"
    );
    assert!(text.contains("Run 'r1' not found"), "{text}");
    find(&root, "button").click();
    settle().await;
    assert_eq!(retries.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn error_text_from_the_server_is_never_markup() {
    let root = container();
    let error = ApiError::from_status(
        "/x",
        500,
        r#"{"error_code":"INTERNAL_ERROR","message":"<img src=x onerror=alert(1)>"}"#,
    );
    let _mounted = leptos::mount::mount_to(
        root.clone(),
        move || view! { <ErrorView error=error.clone()/> },
    );
    assert!(root.query_selector("img").unwrap().is_none());
    assert!(root
        .text_content()
        .unwrap()
        .contains("<img src=x onerror=alert(1)>"));
    assert!(
        root.query_selector("button").unwrap().is_none(),
        "no retry without a handler"
    );
}

async fn sleep_ms(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Polls until `selector` appears (a positive signal), at most ~10 s.
async fn wait_for(root: &HtmlElement, selector: &str) -> HtmlElement {
    for _ in 0..200 {
        if let Some(e) = root.query_selector(selector).unwrap() {
            return e.unchecked_into();
        }
        sleep_ms(50).await;
    }
    panic!("{selector} never appeared in {}", root.inner_html());
}

/// A page's plan as the pages run it (`use_plan`), against servers the test controls: a port
/// nothing listens on (the network error), then a `data:` URL whose body is the request's own
/// path (an answer). Skeleton → error with Retry → Retry runs the plan again → changing the
/// server (as Settings does) runs it again and shows what arrived.
#[wasm_bindgen_test]
async fn a_planned_page_shows_skeleton_then_error_then_content() {
    use artifact_explorer::components::Skeleton;
    use artifact_explorer::context::ServerConfig;
    use artifact_explorer::hooks::use_plan;
    use artifact_explorer::plan::One;
    let root = container();
    let made = RwSignal::new(0);
    let config = RwSignal::new(None::<ServerConfig>);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        let c = provide_app_contexts();
        c.url.set("http://127.0.0.1:9".into());
        config.set(Some(c));
        let planned = use_plan(
            move |_| {
                made.update(|n| *n += 1);
                Some(One::new(
                    artifact_explorer::mlflow::api::get_experiment("7"),
                    |_, text| Ok(text.to_string()),
                ))
            },
            |o: &One<String>| (o.get().cloned(), o.error().cloned()),
        );
        move || match planned.view.get() {
            Some((Some(text), _)) => view! { <p class="content">{text}</p> }.into_any(),
            Some((None, Some(e))) => {
                view! { <ErrorView error=e on_retry=move |_| planned.retry()/> }.into_any()
            }
            _ => view! { <Skeleton rows=2/> }.into_any(),
        }
    });
    assert!(
        root.query_selector(".skeleton").unwrap().is_some(),
        "skeleton while loading"
    );
    let alert = wait_for(&root, ".error-view[data-error-kind=network]").await;
    assert!(alert
        .text_content()
        .unwrap()
        .contains("Cannot reach the MLflow server"));
    assert_eq!(made.get_untracked(), 1);
    find(&root, ".error-view button").click();
    settle().await;
    assert_eq!(made.get_untracked(), 2, "Retry runs the plan again");
    wait_for(&root, ".error-view[data-error-kind=network]").await;
    config
        .get_untracked()
        .unwrap()
        .url
        .set("data:text/plain,".into());
    let content = wait_for(&root, "p.content").await;
    assert_eq!(made.get_untracked(), 3, "a new server runs the plan again");
    assert!(content
        .text_content()
        .unwrap()
        .contains("experiments/get?experiment_id=7"));
}

#[wasm_bindgen_test]
async fn clipped_text_keeps_the_full_value_on_hover_and_expands_it() {
    let root = container();
    let long = format!(
        "Pipeline(steps=[('scaler', StandardScaler()), ('clf', LogisticRegression(C={}))])",
        "9".repeat(40)
    );
    let text = long.clone();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <ClippedText text=text.clone() name="estimator"/> }
    });
    assert_eq!(
        find(&root, ".clipped").get_attribute("title").as_deref(),
        Some(long.as_str())
    );
    let shown = find(&root, ".clipped-text").text_content().unwrap();
    assert!(shown.ends_with('…'), "{shown}");
    assert_eq!(shown.chars().count(), 40);
    let button = find(&root, "button.clip-toggle");
    assert_eq!(
        button.get_attribute("aria-label").as_deref(),
        Some("Show all of estimator")
    );
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    button.click();
    settle().await;
    assert_eq!(find(&root, ".clipped-text").text_content().unwrap(), long);
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    button.click();
    settle().await;
    assert_eq!(find(&root, ".clipped-text").text_content().unwrap(), shown);

    // a short value is shown as it is, with nothing to expand
    let short_root = container();
    let _short = leptos::mount::mount_to(short_root.clone(), move || {
        view! { <ClippedText text="lbfgs".to_string() name="solver"/> }
    });
    assert_eq!(
        find(&short_root, ".clipped").text_content().unwrap(),
        "lbfgs"
    );
    assert!(short_root.query_selector("button").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn relative_time_has_the_exact_time_on_hover() {
    let root = container();
    let _mounted = leptos::mount::mount_to(
        root.clone(),
        || view! { <RelTime t=Some(0)/> <RelTime t=None/> },
    );
    let time = find(&root, "time");
    assert_eq!(
        time.get_attribute("title").unwrap(),
        "1970-01-01 00:00:00 UTC"
    );
    assert!(time.text_content().unwrap().ends_with("years ago"));
    assert!(root.text_content().unwrap().contains('—'));
}

#[wasm_bindgen_test]
async fn settings_rejects_unsafe_urls_and_saves_good_ones() {
    let root = container();
    let provided = std::rc::Rc::new(std::cell::Cell::new(None));
    let _mounted = leptos::mount::mount_to(root.clone(), {
        let provided = provided.clone();
        move || {
            provided.set(Some(provide_app_contexts()));
            view! { <SettingsPage/> }
        }
    });
    let config = provided.get().expect("contexts provided");
    let input: HtmlInputElement = find(&root, "#mlflow-url").unchecked_into();
    let submit = find(&root, "button[type=submit]");

    input.set_value("javascript:alert(1)");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    submit.click();
    settle().await;
    assert!(find(&root, "[role=alert]")
        .text_content()
        .unwrap()
        .contains("http://"));
    assert_eq!(config.url.get_untracked(), "");

    input.set_value("http://127.0.0.1:5000/");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    submit.click();
    settle().await;
    assert_eq!(config.url.get_untracked(), "http://127.0.0.1:5000");
    let storage = window().local_storage().unwrap().unwrap();
    assert_eq!(
        storage.get_item(STORAGE_KEY).unwrap().as_deref(),
        Some("http://127.0.0.1:5000")
    );
    storage.remove_item(STORAGE_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn breadcrumbs_link_every_step_but_the_current_one() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), || {
        provide_app_contexts();
        view! {
            <Router>
                <Shell>
                    {set_crumbs(vec![Crumb::link("Projects", "/"), Crumb::here("artifacts-demo")])}
                </Shell>
            </Router>
        }
    });
    settle().await;
    let crumbs = find(&root, "nav.crumbs");
    assert_eq!(
        crumbs.get_attribute("aria-label").as_deref(),
        Some("Breadcrumb")
    );
    assert_eq!(find(&crumbs, "a").text_content().unwrap(), "Projects");
    assert_eq!(
        find(&crumbs, "[aria-current=page]").text_content().unwrap(),
        "artifacts-demo"
    );
    assert!(
        root.query_selector("[role=status]").unwrap().is_some(),
        "backend status indicator"
    );
}

mod files {
    use super::*;
    use artifact_explorer::components::{ManifestDiffView, ManifestTable};
    use artifact_explorer::manifest::{Manifest, ManifestEntry};
    use artifact_explorer::routes::Query as Q;
    use std::cell::Cell;
    use std::rc::Rc;
    use std::sync::Arc;

    fn big_manifest(n: usize) -> Arc<Manifest> {
        Arc::new(Manifest::new(
            (0..n)
                .map(|i| ManifestEntry::new(format!("file-{i:06}.bin"), Some(i as u64)))
                .collect(),
        ))
    }

    fn rendered_paths(root: &HtmlElement) -> Vec<String> {
        let rows = root.query_selector_all("tr[data-path]").unwrap();
        (0..rows.length())
            .map(|i| {
                rows.item(i)
                    .unwrap()
                    .unchecked_into::<web_sys::Element>()
                    .get_attribute("data-path")
                    .unwrap()
            })
            .collect()
    }

    fn tr_count(root: &HtmlElement) -> u32 {
        root.query_selector_all("tr").unwrap().length()
    }

    #[wasm_bindgen_test]
    async fn virtualised_table_keeps_the_dom_small_and_follows_the_scroll() {
        let root = container();
        let filter = RwSignal::new(String::new());
        let sort = RwSignal::new(String::new());
        let dir = RwSignal::new(String::new());
        let m = big_manifest(100_000);
        let _mounted = leptos::mount::mount_to(root.clone(), move || {
            view! {
                <ManifestTable
                    manifest=m.clone()
                    folder=Signal::derive(String::new)
                    filter=filter
                    sort=sort
                    dir=dir
                    selected=Signal::derive(|| "file-000002.bin".to_string())
                    href=Callback::new(|_: Vec<(Q, String)>| "#".to_string())
                    file_url=Callback::new(|p: String| Some(format!("/get-artifact?path={p}")))
                    on_filter=Callback::new(move |t: String| filter.set(t))
                    label="run r1"
                />
            }
        });
        settle().await;
        let n = tr_count(&root);
        assert!(n <= 60, "{n} rows in the DOM for 100,000 entries");
        let paths = rendered_paths(&root);
        assert_eq!(paths.first().map(String::as_str), Some("file-000000.bin"));
        assert!(paths.len() >= 15, "{paths:?}");
        assert!(find(&root, "tr.selected")
            .text_content()
            .unwrap()
            .contains("file-000002.bin"));
        let status = find(&root, ".row-count").text_content().unwrap();
        assert_eq!(status, "100,000 items");

        // Scroll to row 50,000: that row is rendered, the first ones are gone.
        let scroller = find(&root, ".manifest-scroll");
        scroller.set_scroll_top(50_000 * 32);
        assert_eq!(
            (scroller.scroll_top(), scroller.client_height()),
            (50_000 * 32, 480),
            "scroll height {}",
            scroller.scroll_height()
        );
        scroller
            .dispatch_event(&web_sys::Event::new("scroll").unwrap())
            .unwrap();
        settle().await;
        let paths = rendered_paths(&root);
        assert!(
            tr_count(&root) <= 60,
            "{} rows after scrolling",
            tr_count(&root)
        );
        assert!(paths.contains(&"file-050000.bin".to_string()), "{paths:?}");
        assert!(!paths.contains(&"file-000000.bin".to_string()));
        let first: usize = paths[0][5..11].parse().unwrap();
        let last: usize = paths[paths.len() - 1][5..11].parse().unwrap();
        assert_eq!(last - first + 1, paths.len(), "contiguous rows {paths:?}");

        // Sorting by size, descending, starts again at the top with the biggest file.
        sort.set("size".into());
        dir.set("desc".into());
        settle().await;
        let scroller = find(&root, ".manifest-scroll");
        scroller.set_scroll_top(0);
        scroller
            .dispatch_event(&web_sys::Event::new("scroll").unwrap())
            .unwrap();
        settle().await;
        assert_eq!(rendered_paths(&root)[0], "file-099999.bin");

        // A glob filter shows only matches, by full path; a size cell has exact bytes on hover.
        filter.set("*99.bin".into());
        settle().await;
        let paths = rendered_paths(&root);
        assert!(paths.iter().all(|p| p.ends_with("99.bin")), "{paths:?}");
        assert_eq!(
            find(&root, ".row-count").text_content().unwrap(),
            "1,000 matching files"
        );
        let size = find(&root, "tr[data-path='file-099999.bin'] td.num");
        assert_eq!(size.text_content().unwrap(), "100.0 KB");
        assert_eq!(size.get_attribute("title").as_deref(), Some("99,999 bytes"));
        assert!(tr_count(&root) <= 60);
    }

    #[wasm_bindgen_test]
    async fn folders_drill_down_and_download_links_are_app_built() {
        let root = container();
        let m = Arc::new(Manifest::new(vec![
            ManifestEntry::new("report/plots/roc curve.png", Some(401)),
            ManifestEntry::new("report/metrics.json", Some(311)),
            ManifestEntry::new("top.txt", Some(3)),
        ]));
        let folder = RwSignal::new(String::new());
        let session: Rc<Cell<Option<RwSignal<Option<Session>>>>> = Rc::new(Cell::new(None));
        let session_out = session.clone();
        let _mounted = leptos::mount::mount_to(root.clone(), move || {
            provide_app_contexts();
            session_out.set(Some(expect_context::<Credentials>().0));
            view! {
                <ManifestTable
                    manifest=m.clone()
                    folder=folder
                    filter=Signal::derive(String::new)
                    sort=Signal::derive(String::new)
                    dir=Signal::derive(String::new)
                    selected=Signal::derive(String::new)
                    href=Callback::new(|q: Vec<(Q, String)>| format!("?{}={}", q[0].0.key(), q[0].1))
                    file_url=Callback::new(|p: String| Some(artifact_explorer::mlflow::api::run_file_url("", "r1", &p)))
                    on_filter=Callback::new(|_: String| {})
                />
            }
        });
        settle().await;
        let report = find(&root, "tr[data-folder='report']");
        assert!(report.text_content().unwrap().contains("2 files"));
        assert_eq!(
            find(&report, "a").get_attribute("href").as_deref(),
            Some("?path=report")
        );
        folder.set("report/plots".into());
        settle().await;
        assert_eq!(rendered_paths(&root), vec!["report/plots/roc curve.png"]);
        let dl = find(&root, "a.download-link");
        assert_eq!(
            dl.get_attribute("href").as_deref(),
            Some("/get-artifact?path=report%2Fplots%2Froc%20curve.png&run_uuid=r1")
        );
        assert_eq!(
            dl.get_attribute("aria-label").as_deref(),
            Some("Download roc curve.png")
        );
        // signed in to this server: a link cannot carry the credentials, a button fetches
        let session = session.get().unwrap();
        let signed_in = |origin: String| Session {
            username: "u".into(),
            authorization: "Basic dTpw".into(),
            origin,
        };
        session.set(Some(signed_in(server_origin(""))));
        settle().await;
        assert!(root.query_selector("a.download-link").unwrap().is_none());
        let button = find(&root, "button.download-link");
        assert_eq!(
            button.get_attribute("aria-label").as_deref(),
            Some("Download roc curve.png")
        );
        // a session made for another server does not count here
        session.set(Some(signed_in("http://elsewhere.example:5000".into())));
        settle().await;
        assert!(root
            .query_selector("button.download-link")
            .unwrap()
            .is_none());
        find(&root, "a.download-link");
        session.set(None);
        settle().await;
        let crumbs = find(&root, "nav.files-crumbs").text_content().unwrap();
        assert!(
            crumbs.contains("Top level") && crumbs.contains("plots"),
            "{crumbs}"
        );
        assert!(root
            .query_selector("button[aria-label='Copy path of roc curve.png']")
            .unwrap()
            .is_some());
    }

    #[wasm_bindgen_test]
    async fn manifest_diff_lists_added_removed_and_changed_files() {
        let root = container();
        let old = Arc::new(Manifest::new(vec![
            ManifestEntry::new("a.txt", Some(1)),
            ManifestEntry::new("gone.bin", Some(2)),
            ManifestEntry::new("same.txt", Some(3)),
        ]));
        let new = Arc::new(Manifest::new(vec![
            ManifestEntry::new("a.txt", Some(10)),
            ManifestEntry::new("new/<b>x</b>.png", Some(4)),
            ManifestEntry::new("same.txt", Some(3)),
        ]));
        let _mounted = leptos::mount::mount_to(root.clone(), move || {
            view! { <ManifestDiffView old=old.clone() new=new.clone() old_label="v1" new_label="v2"/> }
        });
        settle().await;
        assert_eq!(
            find(&root, ".diff-summary").text_content().unwrap(),
            "1 added · 1 removed · 1 changed · 1 unchanged"
        );
        let added = find(&root, "tr[data-change=added]");
        assert_eq!(
            added.get_attribute("data-path").as_deref(),
            Some("new/<b>x</b>.png")
        );
        assert!(
            root.query_selector("b").unwrap().is_none(),
            "paths are text"
        );
        assert_eq!(
            find(&root, "tr[data-change=removed]")
                .get_attribute("data-path")
                .as_deref(),
            Some("gone.bin")
        );
        let changed = find(&root, "tr[data-change=changed]");
        assert!(changed.text_content().unwrap().contains("size"));
        assert_eq!(root.query_selector_all("tbody tr").unwrap().length(), 3);
    }
}

#[wasm_bindgen_test]
async fn a_401_shows_a_labelled_sign_in_form_instead_of_retry() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts();
        view! {
            <ErrorView
                error=ApiError::from_status("/api/2.0/mlflow/experiments/search", 401, "")
                on_retry=move |_| {}
            />
        }
    });
    settle().await;
    let form = find(&root, "form[aria-label='Sign in to MLflow']");
    let user: HtmlInputElement = find(&form, "label input[name=username]").unchecked_into();
    let password: HtmlInputElement = find(&form, "label input[name=password]").unchecked_into();
    assert_eq!(password.type_(), "password");
    assert_eq!(user.autocomplete(), "username");
    assert_eq!(
        find(&form, "button[type=submit]").text_content().unwrap(),
        "Sign in"
    );
    let text = root.text_content().unwrap();
    assert!(
        text.contains("Sign-in required") && !text.contains("Retry"),
        "{text}"
    );
}

mod lineage {
    use super::*;
    use artifact_explorer::components::lineage_view::CanvasData;
    use artifact_explorer::components::LineageCanvas;
    use artifact_explorer::domain::ArtifactKind;
    use artifact_explorer::lineage::build::NodeInfo;
    use artifact_explorer::lineage::graph::{LineageGraph, Node};
    use artifact_explorer::lineage::view::ViewMode;
    use std::collections::HashMap;

    fn graph() -> (LineageGraph, HashMap<String, NodeInfo>) {
        let mut g = LineageGraph::new();
        g.add_node(Node::artifact("dataset:iris@d1", "iris:v0", "dataset"));
        g.add_node(Node::run("run:r1", "sweep-lr-3", "train"));
        g.add_node(
            Node::artifact("model:m-1", "sweep-model:v4", "model")
                .with_aliases(["iris-classifier@champion"]),
        );
        g.add_edge_by_id("dataset:iris@d1", "run:r1", Some("training".into()), false)
            .unwrap();
        g.add_edge_by_id("run:r1", "model:m-1", None, false)
            .unwrap();
        let mut info = HashMap::new();
        info.insert(
            "model:m-1".to_string(),
            NodeInfo {
                experiment_id: "7".into(),
                name: "sweep-model".into(),
                version: "v4".into(),
                kind: Some(ArtifactKind::Model),
                created: None,
                status: String::new(),
                aliases: vec!["iris-classifier@champion".into()],
                project: None,
            },
        );
        info.insert(
            "run:r1".to_string(),
            NodeInfo {
                experiment_id: "7".into(),
                name: "sweep-lr-3".into(),
                version: String::new(),
                kind: None,
                created: None,
                status: "finished".into(),
                aliases: Vec::new(),
                project: None,
            },
        );
        (g, info)
    }

    fn press(el: &web_sys::Element, key: &str) {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        let ev =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        el.dispatch_event(&ev).unwrap();
    }

    #[wasm_bindgen_test]
    async fn nodes_are_named_and_enter_opens_their_page() {
        let root = container();
        let opened = RwSignal::new(Vec::<String>::new());
        let (g, info) = graph();
        let _mounted = leptos::mount::mount_to(root.clone(), move || {
            view! {
                <LineageCanvas
                    data=Signal::stored(CanvasData { graph: g.clone(), focus: Some(2), info: info.clone() })
                    mode=Signal::stored(ViewMode::Clusters)
                    on_open=Callback::new(move |h: String| opened.update(|o| o.push(h)))
                />
            }
        });
        settle().await;
        let nodes = root.query_selector_all("g.lnode").unwrap();
        assert_eq!(nodes.length(), 3);
        let mut labels = Vec::new();
        for i in 0..nodes.length() {
            let el: web_sys::Element = nodes.item(i).unwrap().unchecked_into();
            assert_eq!(el.get_attribute("role").as_deref(), Some("button"));
            assert_eq!(el.get_attribute("tabindex").as_deref(), Some("0"));
            labels.push(el.get_attribute("aria-label").unwrap());
        }
        labels.sort();
        assert_eq!(
            labels,
            vec!["dataset iris:v0", "model sweep-model:v4", "run sweep-lr-3"]
        );
        // labels are text, the alias chip too
        let model = root
            .query_selector("g.lnode[data-node-id='model:m-1']")
            .unwrap()
            .unwrap();
        assert!(model
            .text_content()
            .unwrap()
            .contains("iris-classifier@champion"));
        press(&model, "Enter");
        settle().await;
        assert_eq!(
            opened.get_untracked(),
            vec!["/projects/7/models/sweep-model:m-1".to_string()] // by MLflow id
        );
        // a node with no known page selects instead; Escape deselects
        let data = root
            .query_selector("g.lnode[data-node-id='dataset:iris@d1']")
            .unwrap()
            .unwrap();
        press(&data, "Enter");
        settle().await;
        assert_eq!(opened.get_untracked().len(), 1);
        assert!(root
            .query_selector("aside.lineage-panel")
            .unwrap()
            .is_some());
        press(&data, "Escape");
        settle().await;
        assert!(root
            .query_selector("aside.lineage-panel")
            .unwrap()
            .is_none());
        // the edge carries its context label and an arrowhead
        let edge_labels = root.query_selector_all("text.ledge-label").unwrap();
        assert_eq!(edge_labels.length(), 1);
        assert_eq!(
            root.query_selector_all("path.ledge[marker-end]")
                .unwrap()
                .length(),
            2
        );
    }

    /// Every mutation under a root from when it is made: what a change touched in the DOM.
    struct Mutations {
        observer: web_sys::MutationObserver,
        seen: std::rc::Rc<std::cell::RefCell<Vec<web_sys::MutationRecord>>>,
        _callback: wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
    }

    impl Mutations {
        fn observe(root: &web_sys::Element) -> Mutations {
            let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
            let sink = seen.clone();
            let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
                move |records: js_sys::Array| {
                    sink.borrow_mut()
                        .extend(records.iter().map(|r| r.unchecked_into()));
                },
            );
            let observer =
                web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()).unwrap();
            let init = web_sys::MutationObserverInit::new();
            init.set_subtree(true);
            init.set_attributes(true);
            init.set_child_list(true);
            init.set_character_data(true);
            observer.observe_with_options(root, &init).unwrap();
            Mutations {
                observer,
                seen,
                _callback: callback,
            }
        }

        /// The records so far, and forget them.
        fn take(&self) -> Vec<web_sys::MutationRecord> {
            let mut all: Vec<web_sys::MutationRecord> = self.seen.borrow_mut().drain(..).collect();
            all.extend(
                self.observer
                    .take_records()
                    .iter()
                    .map(|r| r.unchecked_into()),
            );
            all
        }
    }

    /// A drawn element as the assertions name it.
    fn describe(n: &web_sys::Node) -> String {
        let Some(el) = n.dyn_ref::<web_sys::Element>() else {
            return format!("#{}", n.node_name());
        };
        let attr = |a: &str| el.get_attribute(a).unwrap_or_default();
        if el.has_attribute("data-node-id") {
            format!("node {}", attr("data-node-id"))
        } else if el.has_attribute("data-from") {
            format!("edge {} -> {}", attr("data-from"), attr("data-to"))
        } else {
            format!("{} .{}", el.tag_name(), attr("class"))
        }
    }

    /// The elements whose attributes changed, named and sorted; panics on any other change.
    fn touched(records: &[web_sys::MutationRecord]) -> Vec<String> {
        let mut names = Vec::new();
        for r in records {
            let target = r.target().unwrap();
            assert_eq!(
                r.type_(),
                "attributes",
                "only attributes change on hover, not {} on {}",
                r.type_(),
                describe(&target)
            );
            names.push(format!(
                "{} [{}]",
                describe(&target),
                r.attribute_name().unwrap_or_default()
            ));
        }
        names.sort();
        names.dedup();
        names
    }

    fn hover(el: &web_sys::Element, event: &str) {
        el.dispatch_event(&web_sys::MouseEvent::new(event).unwrap())
            .unwrap();
    }

    /// Regression: each hover redrew every edge and rewrote the class of every node and edge
    /// (off the path: `dim`), where only the path changes.
    #[wasm_bindgen_test]
    async fn a_hover_touches_only_the_hovered_path() {
        let root = container();
        // d1 -> r1 -> m1, and d1 -> r2: hovering m1 lights d1, r1, m1 and not r2
        let (mut g, info) = graph();
        g.add_node(Node::run("run:r2", "evaluate-champion", "evaluate"));
        g.add_edge_by_id(
            "dataset:iris@d1",
            "run:r2",
            Some("evaluation".into()),
            false,
        )
        .unwrap();
        let _mounted = leptos::mount::mount_to(root.clone(), move || {
            view! {
                <LineageCanvas
                    data=Signal::stored(CanvasData { graph: g.clone(), focus: Some(2), info: info.clone() })
                    mode=Signal::stored(ViewMode::Explode)
                    on_open=Callback::new(|_: String| {})
                />
            }
        });
        settle().await;
        let edge = |from: &str, to: &str| {
            root.query_selector(&format!(
                "path.ledge[data-from='node:{from}'][data-to='node:{to}']"
            ))
            .unwrap()
            .unwrap_or_else(|| panic!("no edge {from} -> {to} in {}", root.inner_html()))
        };
        let node = |id: &str| {
            root.query_selector(&format!("g.lnode[data-node-id='{id}']"))
                .unwrap()
                .unwrap_or_else(|| panic!("no node {id}"))
        };
        let off_path = edge("dataset:iris@d1", "run:r2");
        let on_path = [
            edge("dataset:iris@d1", "run:r1"),
            edge("run:r1", "model:m-1"),
        ];
        assert_eq!(root.query_selector_all("path.ledge").unwrap().length(), 3);
        let attributes = |el: &web_sys::Element| {
            let names = el.get_attribute_names();
            names
                .iter()
                .map(|n| {
                    let n = n.as_string().unwrap();
                    let v = el.get_attribute(&n).unwrap_or_default();
                    (n, v)
                })
                .collect::<Vec<_>>()
        };
        let before = attributes(&off_path);
        let graph_g = root.query_selector("g.lgraph").unwrap().unwrap();

        let mutations = Mutations::observe(&root);
        hover(&node("model:m-1"), "mouseenter");
        settle().await;
        // the path lights up (asked afresh, so this holds whether or not edges are redrawn) ...
        for (from, to) in [("dataset:iris@d1", "run:r1"), ("run:r1", "model:m-1")] {
            assert_eq!(
                edge(from, to).get_attribute("class").as_deref(),
                Some("ledge lit")
            );
        }
        // ... and the edge off the path is the same element, with the same attributes
        assert!(off_path.is_connected(), "the edge off the path was redrawn");
        assert!(off_path.is_same_node(Some(&edge("dataset:iris@d1", "run:r2"))));
        assert_eq!(attributes(&off_path), before);
        assert_eq!(off_path.get_attribute("class").as_deref(), Some("ledge"));
        // exactly the path changed: its three nodes, its two edges (in place), and the class on
        // the graph that dims the rest
        assert_eq!(
            touched(&mutations.take()),
            vec![
                "edge node:dataset:iris@d1 -> node:run:r1 [class]",
                "edge node:run:r1 -> node:model:m-1 [class]",
                "g .lgraph hovering [class]",
                "node dataset:iris@d1 [class]",
                "node model:m-1 [class]",
                "node run:r1 [class]",
            ]
        );
        for e in &on_path {
            assert_eq!(e.get_attribute("class").as_deref(), Some("ledge lit"));
        }
        assert_eq!(
            node("run:r2").get_attribute("class").as_deref(),
            Some("lnode run node")
        );

        // from m1 to r2: what leaves the path and what joins it change; d1, on both, does not
        hover(&node("model:m-1"), "mouseleave");
        hover(&node("run:r2"), "mouseenter");
        settle().await;
        assert_eq!(
            off_path.get_attribute("class").as_deref(),
            Some("ledge lit")
        );
        assert_eq!(
            touched(&mutations.take()),
            vec![
                "edge node:dataset:iris@d1 -> node:run:r1 [class]",
                "edge node:dataset:iris@d1 -> node:run:r2 [class]",
                "edge node:run:r1 -> node:model:m-1 [class]",
                "node model:m-1 [class]",
                "node run:r1 [class]",
                "node run:r2 [class]",
            ]
        );
        for e in &on_path {
            assert!(e.is_connected());
            assert_eq!(e.get_attribute("class").as_deref(), Some("ledge"));
        }

        // leaving restores every class
        assert_eq!(
            graph_g.get_attribute("class").as_deref(),
            Some("lgraph hovering")
        );
        hover(&node("run:r2"), "mouseleave");
        settle().await;
        assert_eq!(graph_g.get_attribute("class").as_deref(), Some("lgraph"));
        assert_eq!(root.query_selector_all(".lit").unwrap().length(), 0);
        assert_eq!(
            touched(&mutations.take()),
            vec![
                "edge node:dataset:iris@d1 -> node:run:r2 [class]",
                "g .lgraph [class]",
                "node dataset:iris@d1 [class]",
                "node run:r2 [class]",
            ]
        );
    }

    /// A lineage scope shaped like sweeps, deterministic: a data-prep run logs datasets; each is
    /// used by sweeps of 6–20 training runs that each log a model; an evaluation run per sweep
    /// uses one of the models.
    fn sweeps(target: usize) -> LineageGraph {
        let mut g = LineageGraph::new();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut rand = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        g.add_node(Node::run("run:prep", "prepare-data", "data-prep"));
        let (mut d, mut r) = (0, 0);
        let mut models: Vec<String> = Vec::new();
        while g.len() < target {
            let dataset = format!("dataset:train@{d}");
            g.add_node(Node::artifact(
                dataset.clone(),
                format!("train:v{d}"),
                "dataset",
            ));
            g.add_edge_by_id("run:prep", &dataset, None, true).unwrap();
            d += 1;
            for _ in 0..1 + rand(3) {
                for _ in 0..6 + rand(15) {
                    if g.len() + 2 > target {
                        break;
                    }
                    let (run, model) = (format!("run:{r}"), format!("model:{r}"));
                    g.add_node(Node::run(run.clone(), format!("sweep-{r}"), "train"));
                    g.add_node(Node::artifact(
                        model.clone(),
                        format!("model:v{r}"),
                        "model",
                    ));
                    g.add_edge_by_id(&dataset, &run, Some("training".into()), false)
                        .unwrap();
                    g.add_edge_by_id(&run, &model, None, false).unwrap();
                    models.push(model);
                    r += 1;
                }
                if g.len() < target && !models.is_empty() {
                    let eval = format!("run:eval{r}");
                    g.add_node(Node::run(eval.clone(), format!("eval-{r}"), "eval"));
                    let m = models[rand(models.len())].clone();
                    g.add_edge_by_id(&m, &eval, None, false).unwrap();
                    r += 1;
                }
            }
        }
        g
    }

    async fn next_frame() {
        let frame = js_sys::Promise::new(&mut |resolve, _| {
            window().request_animation_frame(&resolve).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(frame).await.unwrap();
    }

    fn median(mut v: Vec<f64>) -> f64 {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    }

    /// Benchmark (not a test; `scripts/test` skips it): what one hover costs on a 500-node
    /// Explode view. `scripts/bench/lineage-hover` runs it and prints the line.
    #[wasm_bindgen_test]
    #[ignore = "benchmark: scripts/bench/lineage-hover"]
    async fn bench_hover() {
        const NODES: usize = 500;
        const HOVERS: u32 = 25;
        let g = sweeps(NODES);
        let edges = g.edges().len();
        let root = container();
        // the canvas as the app's stylesheet sizes it, on a wide screen
        let style = document().create_element("style").unwrap();
        style.set_text_content(Some(
            ".lineage-svg { display: block; width: 1200px; height: 560px; }",
        ));
        root.append_child(&style).unwrap();
        let _mounted = leptos::mount::mount_to(root.clone(), move || {
            view! {
                <LineageCanvas
                    data=Signal::stored(CanvasData { graph: g.clone(), focus: None, info: HashMap::new() })
                    mode=Signal::stored(ViewMode::Explode)
                    on_open=Callback::new(|_: String| {})
                />
            }
        });
        settle().await;
        next_frame().await; // the canvas fits the graph on the next frame
        settle().await;
        // drawn: the nodes on screen (at the smallest zoom, not all of them) and every edge
        let drawn = root.query_selector_all("g.lnode").unwrap();
        let drawn_edges = root.query_selector_all("path.ledge").unwrap().length();
        assert!(drawn.length() >= HOVERS && drawn_edges as usize == edges);
        let ids: Vec<String> = (0..HOVERS)
            .map(|k| {
                let el: web_sys::Element = drawn
                    .item(k * drawn.length() / HOVERS)
                    .unwrap()
                    .unchecked_into();
                el.get_attribute("data-node-id").unwrap()
            })
            .collect();
        let mutations = Mutations::observe(&root);
        let performance = window().performance().unwrap();
        let (mut touched_enter, mut touched_leave, mut times) =
            (Vec::new(), Vec::new(), Vec::new());
        for id in &ids {
            let node = root
                .query_selector(&format!("g.lnode[data-node-id='{id}']"))
                .unwrap()
                .unwrap();
            let t0 = performance.now();
            hover(&node, "mouseenter");
            settle().await;
            let t1 = performance.now();
            let entered = distinct_targets(&mutations.take());
            hover(&node, "mouseleave");
            settle().await;
            let t2 = performance.now();
            let left = distinct_targets(&mutations.take());
            assert!(entered > 0 && left > 0, "hovering {id} changed nothing");
            touched_enter.push(entered as f64);
            touched_leave.push(left as f64);
            times.push((t1 - t0, t2 - t1));
        }
        console_log!(
            "lineage hover, Explode view of {NODES} nodes ({} on screen) and {edges} edges, \
             {HOVERS} hovers (medians): enter {:.2} ms, {} elements changed; leave {:.2} ms, \
             {} elements changed",
            drawn.length(),
            median(times.iter().map(|t| t.0).collect()),
            median(touched_enter),
            median(times.iter().map(|t| t.1).collect()),
            median(touched_leave),
        );
    }

    /// How many elements the records changed (attributes, or children added or removed).
    fn distinct_targets(records: &[web_sys::MutationRecord]) -> usize {
        let mut seen: Vec<web_sys::Node> = Vec::new();
        for r in records {
            let t = r.target().unwrap();
            if !seen.iter().any(|s| s.is_same_node(Some(&t))) {
                seen.push(t);
            }
        }
        seen.len()
    }
}
