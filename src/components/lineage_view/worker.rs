//! The page's side of the layout worker (`src/bin/layout_worker.rs`): starts it on first use,
//! holds jobs until it says it is ready, and hands each answer to the canvas. If the worker
//! cannot start (a deployment without its files, a browser that refuses it) or answers
//! something else, it is marked broken and the canvas lays out on its own thread instead.

use crate::lineage::layout::job::{decode_reply, encode, LayoutJob, LayoutReply};
use crate::lineage::layout::Layout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The worker's loader (Trunk's `data-loader-shim`), relative to the page's `<base href>`, so
/// a deployment under a sub-path finds it too.
const LOADER: &str = "layout-worker_loader.js";

type OnDone = Rc<dyn Fn(u64, Layout)>;
type OnBroken = Rc<dyn Fn()>;

struct Inner {
    on_done: OnDone,
    on_broken: OnBroken,
    worker: Option<web_sys::Worker>,
    /// Starting failed, or the worker failed since: every job is refused.
    broken: bool,
    ready: bool,
    /// The newest job, kept until the worker is ready (older ones are dropped unsent).
    queued: Option<String>,
    _on_message: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
    _on_error: Option<Closure<dyn FnMut(web_sys::Event)>>,
}

/// One worker for one canvas. Cloning shares it.
#[derive(Clone)]
pub struct LayoutWorker {
    inner: Rc<RefCell<Inner>>,
}

impl LayoutWorker {
    /// `on_done(id, layout)` receives each answer; `on_broken()` is called if the worker fails
    /// after a job was accepted. Nothing starts until the first [`LayoutWorker::post`].
    pub fn new(on_done: impl Fn(u64, Layout) + 'static, on_broken: impl Fn() + 'static) -> Self {
        LayoutWorker {
            inner: Rc::new(RefCell::new(Inner {
                on_done: Rc::new(on_done),
                on_broken: Rc::new(on_broken),
                worker: None,
                broken: false,
                ready: false,
                queued: None,
                _on_message: None,
                _on_error: None,
            })),
        }
    }

    /// Sends a job (or keeps it until the worker is ready). Returns `false` when the worker
    /// cannot take it: the caller lays out itself.
    pub fn post(&self, job: &LayoutJob) -> bool {
        let needs_start = {
            let i = self.inner.borrow();
            !i.broken && i.worker.is_none()
        };
        if needs_start {
            self.start();
        }
        let mut inner = self.inner.borrow_mut();
        let Some(worker) = inner.worker.clone().filter(|_| !inner.broken) else {
            return false;
        };
        let text = encode(job);
        if inner.ready {
            worker.post_message(&JsValue::from_str(&text)).is_ok()
        } else {
            inner.queued = Some(text);
            true
        }
    }

    fn start(&self) {
        let opts = web_sys::WorkerOptions::new();
        opts.set_name("lineage layout");
        let Ok(worker) = web_sys::Worker::new_with_options(LOADER, &opts) else {
            self.inner.borrow_mut().broken = true;
            return;
        };
        let weak = Rc::downgrade(&self.inner);
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let Some(inner) = weak.upgrade() else { return };
                let reply = ev.data().as_string().as_deref().and_then(decode_reply);
                let done = match reply {
                    Some(LayoutReply::Ready) => {
                        let mut i = inner.borrow_mut();
                        i.ready = true;
                        let sent = match (i.worker.clone(), i.queued.take()) {
                            (Some(w), Some(text)) => {
                                w.post_message(&JsValue::from_str(&text)).is_ok()
                            }
                            _ => true,
                        };
                        if sent {
                            return;
                        }
                        // the job that was waiting could not be sent: the page lays out itself
                        drop(i);
                        None
                    }
                    Some(LayoutReply::Done { id, layout }) => Some((id, layout)),
                    Some(LayoutReply::Failed { .. }) | None => None,
                };
                // the callbacks may post again: no borrow is held while they run
                let (on_done, on_broken) = {
                    let i = inner.borrow();
                    (i.on_done.clone(), i.on_broken.clone())
                };
                match done {
                    Some((id, layout)) => on_done(id, layout),
                    None => {
                        inner.borrow_mut().broken = true;
                        on_broken();
                    }
                }
            });
        let weak = Rc::downgrade(&self.inner);
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_ev: web_sys::Event| {
            let Some(inner) = weak.upgrade() else { return };
            let on_broken = {
                let mut i = inner.borrow_mut();
                i.broken = true;
                i.on_broken.clone()
            };
            on_broken();
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut i = self.inner.borrow_mut();
        i.worker = Some(worker);
        i._on_message = Some(on_message);
        i._on_error = Some(on_error);
    }

    /// Stops the worker (the canvas went away).
    pub fn terminate(&self) {
        let mut i = self.inner.borrow_mut();
        if let Some(w) = i.worker.take() {
            w.set_onmessage(None);
            w.set_onerror(None);
            w.terminate();
        }
        i._on_message = None;
        i._on_error = None;
    }
}
