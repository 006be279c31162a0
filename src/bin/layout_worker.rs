//! The lineage layout's Web Worker: Trunk builds it beside the app (`index.html`,
//! `data-type="worker"`) and the lineage canvas starts it for large graphs, so that laying out
//! ten thousand nodes never blocks scrolling or typing. It says `ready`, then answers each job
//! (see `lineage::layout::job`).

#[cfg(target_arch = "wasm32")]
fn main() {
    use artifact_explorer::lineage::layout::job::{answer, encode, LayoutReply};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let text = ev.data().as_string().unwrap_or_default();
            let _ = reply_to.post_message(&JsValue::from_str(&answer(&text)));
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(&encode(&LayoutReply::Ready)));
}

/// Natively there is nothing to run (the layout is tested in `lineage::layout::job`).
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
