//! Browser tests of the edit components (issue 11): validation, disabled controls with their
//! reason, a failed save that keeps what the user typed, and safe Markdown.
#![cfg(target_arch = "wasm32")]

use artifact_explorer::components::edit::{
    AliasEditor, DescriptionEditor, LinkToRegistry, Markdown, MarkdownSummary, SharedAccess,
    TagEditor,
};
use artifact_explorer::context::provide_app_contexts;
use artifact_explorer::edit::{Access, Target};
use artifact_explorer::mlflow::wire::RegisteredModelAlias;
use artifact_explorer::mlflow::wire_auth::Grant;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};

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

fn text(root: &HtmlElement) -> String {
    root.text_content().unwrap_or_default()
}

async fn sleep_ms(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

async fn settle() {
    for _ in 0..5 {
        tick().await;
    }
}

/// Polls until `selector` appears (a positive signal), at most ~5 s.
async fn wait_for(root: &HtmlElement, selector: &str) -> HtmlElement {
    for _ in 0..100 {
        if let Some(e) = root.query_selector(selector).unwrap() {
            return e.unchecked_into();
        }
        sleep_ms(50).await;
    }
    panic!("{selector} never appeared in {}", root.inner_html());
}

fn type_into(el: &HtmlElement, value: &str) {
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.set_value(value);
    } else if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        t.set_value(value);
    }
    el.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn value_of(el: &HtmlElement) -> String {
    el.dyn_ref::<HtmlInputElement>()
        .map(|i| i.value())
        .or_else(|| el.dyn_ref::<HtmlTextAreaElement>().map(|t| t.value()))
        .unwrap_or_default()
}

fn run_target() -> Target {
    Target::Run {
        run_id: "r1".into(),
        experiment_id: "1".into(),
    }
}

fn reader() -> Access {
    Access {
        user: Some(("viewer".into(), false)),
        grants: vec![
            Grant {
                permission: "READ".into(),
                resource_type: "experiment".into(),
                resource_pattern: "1".into(),
            },
            Grant {
                permission: "READ".into(),
                resource_type: "registered_model".into(),
                resource_pattern: "clf".into(),
            },
        ],
        ..Access::default()
    }
}

/// Mounts with the app's contexts, MLflow pointed at a closed port (every request fails
/// fast, as a network error), and `access` when given.
fn mount<V: IntoView + 'static>(
    root: &HtmlElement,
    access: Option<Access>,
    view_fn: impl Fn() -> V + 'static,
) -> impl Sized {
    leptos::mount::mount_to(root.clone(), move || {
        let config = provide_app_contexts();
        config.url.set("http://127.0.0.1:9".into());
        config.ready.set(true);
        if let Some(a) = access.clone() {
            provide_context(SharedAccess::known(a));
        }
        view_fn()
    })
}

#[wasm_bindgen_test]
async fn tag_keys_mlflow_would_refuse_are_caught_before_sending() {
    let root = container();
    let _m = mount(&root, Some(Access::default()), || {
        view! { <TagEditor target=run_target() tags=vec![]/> }
    });
    settle().await;
    let key = find(&root, "input[aria-label='Tag key']");
    let value = find(&root, "textarea[aria-label='Tag value']");
    type_into(&key, "<b>x</b>");
    type_into(&value, "v");
    find(&root, "button[type=submit]").click();
    settle().await;
    let alert = find(&root, "[role=alert]");
    assert!(
        text(&alert).contains("only letters, digits"),
        "{}",
        text(&alert)
    );
    assert_eq!(value_of(&key), "<b>x</b>", "the input is kept");
    // a run tag longer than MLflow keeps is refused, not cut
    type_into(&key, "notes");
    type_into(&value, &"x".repeat(8001));
    find(&root, "button[type=submit]").click();
    settle().await;
    assert!(text(&find(&root, "[role=alert]")).contains("at most 8,000 characters"));
    assert_eq!(value_of(&value).chars().count(), 8001);
}

#[wasm_bindgen_test]
async fn a_reader_sees_disabled_tag_controls_with_the_reason() {
    let root = container();
    let _m = mount(&root, Some(reader()), || {
        view! { <TagEditor target=run_target() tags=vec![("stage".to_string(), "dev".to_string())]/> }
    });
    settle().await;
    let reason = find(&root, ".edit-reason");
    assert_eq!(
        text(&reason),
        "Changing tags needs EDIT on experiment 1; you have READ."
    );
    let submit = find(&root, "button[type=submit]");
    assert!(
        submit.has_attribute("disabled")
            || submit
                .unchecked_ref::<web_sys::HtmlButtonElement>()
                .disabled()
    );
    let remove = find(&root, "button[aria-label='Remove tag stage']");
    assert!(remove
        .unchecked_ref::<web_sys::HtmlButtonElement>()
        .disabled());
    assert!(remove
        .get_attribute("title")
        .unwrap()
        .contains("needs EDIT on experiment 1"));
    // the tag is still shown, as text
    assert_eq!(text(&find(&root, "tr[data-tag-key=stage] td")), "dev");
}

#[wasm_bindgen_test]
async fn a_failed_save_shows_the_error_and_keeps_the_input() {
    let root = container();
    let _m = mount(&root, Some(Access::default()), || {
        view! { <TagEditor target=run_target() tags=vec![]/> }
    });
    settle().await;
    let key = find(&root, "input[aria-label='Tag key']");
    let value = find(&root, "textarea[aria-label='Tag value']");
    type_into(&key, "stage");
    type_into(&value, "<img src=x onerror=alert(1)>");
    find(&root, "button[type=submit]").click();
    let alert = wait_for(&root, "[role=alert]").await;
    let msg = text(&alert);
    assert!(msg.contains("Cannot reach the MLflow server"), "{msg}");
    assert!(
        msg.contains("Your input is kept; nothing was retried."),
        "{msg}"
    );
    assert_eq!(value_of(&key), "stage");
    assert_eq!(value_of(&value), "<img src=x onerror=alert(1)>");
    assert!(root.query_selector("img").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn alias_names_follow_mlflows_rules_and_readers_cannot_set_them() {
    let root = container();
    let known = vec![RegisteredModelAlias {
        alias: "production".into(),
        version: "3".into(),
    }];
    let _m = mount(&root, Some(Access::default()), move || {
        view! { <AliasEditor model="clf" version="3" known=known.clone()/> }
    });
    settle().await;
    assert!(text(&find(&root, ".alias-chip")).contains("clf@production"));
    let input = find(&root, "input[aria-label=Alias]");
    for (bad, says) in [
        ("latest", "reserved"),
        ("v7", "version number"),
        ("a b", "only letters"),
    ] {
        type_into(&input, bad);
        find(&root, "button[type=submit]").click();
        settle().await;
        let alert = text(&find(&root, "[role=alert]"));
        assert!(alert.contains(says), "{bad}: {alert}");
        assert_eq!(value_of(&input), bad);
    }

    let root2 = container();
    let _m2 = mount(&root2, Some(reader()), || {
        view! { <AliasEditor model="clf" version="3" known=vec![RegisteredModelAlias { alias: "production".into(), version: "3".into() }]/> }
    });
    settle().await;
    assert_eq!(
        text(&find(&root2, ".edit-reason")),
        "Setting or moving an alias needs EDIT on registered model clf; you have READ."
    );
    let remove = find(&root2, "button[aria-label='Remove alias production']");
    assert!(remove
        .unchecked_ref::<web_sys::HtmlButtonElement>()
        .disabled());
    assert!(remove
        .get_attribute("title")
        .unwrap()
        .contains("needs MANAGE"));
}

#[wasm_bindgen_test]
async fn descriptions_render_markdown_safely_and_edits_keep_input_on_failure() {
    let root = container();
    let source = "# Notes\n\nSee [docs](https://mlflow.org) and [bad](javascript:alert(1)).\n\n<script>alert(1)</script>";
    let _m = mount(&root, Some(Access::default()), move || {
        view! { <DescriptionEditor target=run_target() text=source.to_string()/> }
    });
    settle().await;
    assert_eq!(text(&find(&root, ".markdown h3")), "Notes");
    let links = root.query_selector_all(".markdown a").unwrap();
    assert_eq!(links.length(), 1, "{}", root.inner_html());
    let a: web_sys::Element = links.item(0).unwrap().unchecked_into();
    assert_eq!(a.get_attribute("href").unwrap(), "https://mlflow.org");
    assert!(root.query_selector("script").unwrap().is_none());
    assert!(text(&root).contains("<script>alert(1)</script>"));
    assert!(text(&root).contains("bad"));

    find(&root, ".description button").click();
    settle().await;
    let area = find(&root, "textarea[aria-label='Description (Markdown)']");
    assert_eq!(
        value_of(&area),
        source,
        "the editor starts from the description"
    );
    type_into(&area, "**new** text");
    find(&root, ".description-form button[type=submit]").click();
    let alert = wait_for(&root, "[role=alert]").await;
    assert!(
        text(&alert).contains("Your input is kept"),
        "{}",
        text(&alert)
    );
    assert_eq!(
        value_of(&find(
            &root,
            "textarea[aria-label='Description (Markdown)']"
        )),
        "**new** text"
    );
}

#[wasm_bindgen_test]
async fn a_reader_cannot_open_the_description_editor_and_sees_why() {
    let root = container();
    let _m = mount(&root, Some(reader()), || {
        view! { <DescriptionEditor target=Target::RegisteredModel { name: "clf".into() } text="hello"/> }
    });
    settle().await;
    let button = find(&root, ".description button");
    assert!(button
        .unchecked_ref::<web_sys::HtmlButtonElement>()
        .disabled());
    assert_eq!(
        text(&find(&root, ".edit-reason")),
        "Editing the description needs EDIT on registered model clf; you have READ."
    );
}

#[wasm_bindgen_test]
async fn markdown_summaries_show_a_heading_as_text() {
    let root = container();
    let _m = leptos::mount::mount_to(root.clone(), || {
        view! {
            <MarkdownSummary source="# Demo project\n\nMore text"/>
            <Markdown source="[x](data:text/html,hi) <b>y</b>"/>
        }
    });
    assert_eq!(text(&find(&root, ".markdown-summary")), "Demo project");
    assert!(!text(&root).contains('#'));
    assert!(root.query_selector("a").unwrap().is_none());
    assert!(root.query_selector("b").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn link_to_registry_checks_the_names_first() {
    let root = container();
    let _m = mount(&root, Some(Access::default()), || {
        view! { <LinkToRegistry model_id="m-1" run_id="r1" suggested="clf"/> }
    });
    settle().await;
    let name = find(&root, "input[aria-label='Registered model name']");
    assert_eq!(value_of(&name), "clf", "suggested from the collection");
    type_into(&name, "a/b");
    find(&root, "button[type=submit]").click();
    settle().await;
    assert!(text(&find(&root, "[role=alert]")).contains("cannot contain / or :"));
    type_into(&name, "clf");
    type_into(
        &find(&root, "input[aria-label='Alias for the new version']"),
        "latest",
    );
    find(&root, "button[type=submit]").click();
    settle().await;
    assert!(text(&find(&root, "[role=alert]")).contains("reserved"));
    assert_eq!(value_of(&name), "clf");
}
