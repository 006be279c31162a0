//! The browser's HTTP client for MLflow: sends [`ApiRequest`]s with `fetch` and turns every
//! outcome into a value or an [`ApiError`]. Each request carries an `AbortController`: it is
//! aborted after [`TIMEOUT_SECONDS`] and when its future is dropped. Futures of a
//! `LocalResource` are not dropped when its component unmounts, so a client may also carry a
//! [`Scope`]: cancelling the scope (done by `app::use_client` on the component's cleanup)
//! aborts every request sent through it. Read-only requests that fail with a transient error
//! are sent again per [`super::retry`]. Credentials are never sent with `credentials:
//! include` semantics: `omit` keeps the browser from showing its own Basic-auth prompt on a
//! 401, so the app's sign-in form is the only one.

use super::api::{self, ApiRequest, Method};
use super::paging::{collect_pages, Paged};
use super::wire;
use super::ApiError;
use futures::future::{AbortHandle, Abortable};
use gloo_net::http::Request;
use serde::de::DeserializeOwned;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A request with no answer after this long is abandoned with [`ApiError::Timeout`].
pub const TIMEOUT_SECONDS: u32 = 30;

/// Talks to one MLflow server. Cheap to clone.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Client {
    /// `""` for same origin, else `http(s)://host:port[/prefix]` without trailing slash.
    pub base: String,
    /// `Basic …` credentials for MLflow's basic-auth app, kept for the browser session only.
    pub authorization: Option<String>,
    /// Cancelling this scope aborts every request sent through this client.
    pub scope: Option<Scope>,
}

/// A group of requests cancelled together (a component's requests, on unmount).
#[derive(Clone, Default)]
pub struct Scope(Arc<Mutex<ScopeState>>);

#[derive(Default)]
struct ScopeState {
    cancelled: bool,
    /// The requests in flight, by a number of their own: each leaves when it ends.
    handles: std::collections::HashMap<u64, AbortHandle>,
    next: u64,
}

impl Scope {
    pub fn new() -> Scope {
        Scope::default()
    }

    /// Aborts every request in flight and every later one.
    pub fn cancel(&self) {
        if let Ok(mut s) = self.0.lock() {
            s.cancelled = true;
            for (_, h) in s.handles.drain() {
                h.abort();
            }
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.lock().map(|s| s.cancelled).unwrap_or(true)
    }

    /// A request registered with this scope (its number and abort registration), or `None`
    /// when the scope is already cancelled. [`Scope::release`] it when it ends.
    fn register(&self) -> Option<(u64, futures::future::AbortRegistration)> {
        let mut s = self.0.lock().ok()?;
        if s.cancelled {
            return None;
        }
        let (handle, reg) = AbortHandle::new_pair();
        let id = s.next;
        s.next += 1;
        s.handles.insert(id, handle);
        Some((id, reg))
    }

    fn release(&self, id: u64) {
        if let Ok(mut s) = self.0.lock() {
            s.handles.remove(&id);
        }
    }
}

impl PartialEq for Scope {
    fn eq(&self, other: &Scope) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Scope {}

impl std::fmt::Debug for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Scope(cancelled: {})", self.is_cancelled())
    }
}

/// Resolves after `ms` milliseconds (the retry backoff).
pub(crate) async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A downloaded file (or its first part).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// 200 (whole file) or 206 (the requested range).
    pub status: u16,
    /// The file's full size, when the answer says (`Content-Range: bytes 0-9/5767168`).
    pub total: Option<u64>,
    pub bytes: Vec<u8>,
    /// The server sent the whole file although a range was asked for; `bytes` was cut.
    pub range_ignored: bool,
}

/// A file downloaded into a `Blob`, reachable at a `blob:` URL.
#[derive(Clone, Debug)]
pub struct BlobFile {
    /// The `blob:` URL; revoked when the last clone is dropped.
    pub url: Rc<BlobUrl>,
    /// Bytes in the blob.
    pub bytes: u64,
    /// The file's full size, when known.
    pub total: Option<u64>,
    /// The whole file is in the blob (false: it was cut at the cap).
    pub complete: bool,
}

impl PartialEq for BlobFile {
    fn eq(&self, other: &BlobFile) -> bool {
        self.url.0 == other.url.0
    }
}

/// A `blob:` URL made by the app, revoked when dropped (the browser frees the file then).
#[derive(Debug)]
pub struct BlobUrl(String);

impl BlobUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for BlobUrl {
    fn drop(&mut self) {
        let _ = web_sys::Url::revoke_object_url(&self.0);
    }
}

/// Up to `cap` bytes of a response body, as the `Uint8Array` chunks the stream gave.
struct Body {
    chunks: js_sys::Array,
    read: u64,
    /// The body had more than `cap` bytes; reading stopped and the stream was cancelled.
    more: bool,
}

/// Reads a body as a stream until its end or `cap` bytes, whichever comes first, then
/// cancels the stream: a server that sends more than was asked for (a `Range` it ignored, a
/// file bigger than it said) costs at most `cap` bytes and one chunk, never the whole file.
async fn read_capped(
    response: &gloo_net::http::Response,
    cap: u64,
    on_progress: &dyn Fn(u64),
) -> Result<Body, String> {
    let mut body = Body {
        chunks: js_sys::Array::new(),
        read: 0,
        more: false,
    };
    let Some(stream) = response.body() else {
        return Ok(body);
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream
        .get_reader()
        .dyn_into()
        .map_err(|_| "the browser gave no stream reader".to_string())?;
    let js_err = |e: wasm_bindgen::JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
    loop {
        let step = wasm_bindgen_futures::JsFuture::from(reader.read())
            .await
            .map_err(js_err)?;
        let done = js_sys::Reflect::get(&step, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(body);
        }
        let Ok(chunk) = js_sys::Reflect::get(&step, &"value".into())
            .map_err(js_err)?
            .dyn_into::<js_sys::Uint8Array>()
        else {
            return Err("the body was not bytes".into());
        };
        let len = u64::from(chunk.length());
        if body.read + len > cap {
            let keep = (cap - body.read) as u32;
            if keep > 0 {
                body.chunks.push(&chunk.subarray(0, keep));
            }
            body.read = cap;
            body.more = true;
            // stop the download here; the request is aborted too (see `get_file`)
            let _ = reader.cancel();
            return Ok(body);
        }
        body.chunks.push(&chunk);
        body.read += len;
        on_progress(body.read);
    }
}

/// Aborts the request when dropped, and clears its timeout timer.
struct Abort {
    controller: Option<web_sys::AbortController>,
    timer: Option<i32>,
    _on_timeout: Option<Closure<dyn FnMut()>>,
    timed_out: Rc<Cell<bool>>,
    finished: bool,
}

impl Abort {
    fn new(seconds: u32) -> Abort {
        let controller = web_sys::AbortController::new().ok();
        let timed_out = Rc::new(Cell::new(false));
        let (timer, on_timeout) = match (&controller, web_sys::window()) {
            (Some(c), Some(w)) => {
                let c = c.clone();
                let flag = timed_out.clone();
                let cb = Closure::<dyn FnMut()>::new(move || {
                    flag.set(true);
                    c.abort();
                });
                let id = w
                    .set_timeout_with_callback_and_timeout_and_arguments_0(
                        cb.as_ref().unchecked_ref(),
                        (seconds * 1000) as i32,
                    )
                    .ok();
                (id, Some(cb))
            }
            _ => (None, None),
        };
        Abort {
            controller,
            timer,
            _on_timeout: on_timeout,
            timed_out,
            finished: false,
        }
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(|c| c.signal())
    }
}

impl Drop for Abort {
    fn drop(&mut self) {
        if let (Some(id), Some(w)) = (self.timer, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
        if !self.finished {
            if let Some(c) = &self.controller {
                c.abort();
            }
        }
    }
}

impl Client {
    pub fn new(base: impl Into<String>) -> Client {
        Client {
            base: base.into(),
            authorization: None,
            scope: None,
        }
    }

    /// Sends a request (again after transient failures, per [`super::retry`]) and returns the
    /// body text of a 2xx answer; [`ApiError::Cancelled`] once the client's scope is cancelled.
    pub async fn send_text(&self, req: &ApiRequest) -> Result<String, ApiError> {
        let mut failures = 0;
        loop {
            let outcome = match &self.scope {
                None => self.send_once(req).await,
                Some(scope) => match scope.register() {
                    None => Err(ApiError::Cancelled),
                    // dropping the aborted future aborts its fetch (see `Abort`)
                    Some((id, reg)) => {
                        let outcome = Abortable::new(self.send_once(req), reg)
                            .await
                            .unwrap_or(Err(ApiError::Cancelled));
                        scope.release(id);
                        outcome
                    }
                },
            };
            let error = match outcome {
                Ok(text) => return Ok(text),
                Err(e) => e,
            };
            failures += 1;
            match super::retry::retry_delay_ms(req, failures, &error) {
                Some(ms) => {
                    sleep_ms(ms).await;
                    if self.scope.as_ref().is_some_and(Scope::is_cancelled) {
                        return Err(ApiError::Cancelled);
                    }
                }
                None => return Err(error),
            }
        }
    }

    async fn send_once(&self, req: &ApiRequest) -> Result<String, ApiError> {
        let url = req.url(&self.base);
        let mut abort = Abort::new(TIMEOUT_SECONDS);
        let signal = abort.signal();
        let mut builder = match req.method {
            Method::Get => Request::get(&url),
            Method::Post => Request::post(&url),
            Method::Patch => Request::patch(&url),
            Method::Delete => Request::delete(&url),
        }
        .abort_signal(signal.as_ref())
        .credentials(web_sys::RequestCredentials::Omit)
        .header("Accept", "application/json");
        if let Some(auth) = &self.authorization {
            builder = builder.header("Authorization", auth);
        }
        let request = match &req.body {
            Some(body) => builder.json(body),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Network {
            url: url.clone(),
            detail: e.to_string(),
        })?;
        let outcome = request.send().await;
        let response = match outcome {
            Ok(r) => r,
            Err(e) => {
                abort.finished = true;
                return Err(if abort.timed_out.get() {
                    ApiError::Timeout {
                        url,
                        seconds: TIMEOUT_SECONDS,
                    }
                } else if signal.as_ref().is_some_and(|s| s.aborted()) {
                    ApiError::Cancelled
                } else {
                    ApiError::Network {
                        url,
                        detail: e.to_string(),
                    }
                });
            }
        };
        let status = response.status();
        let text = response.text().await;
        abort.finished = true;
        let text = text.map_err(|e| {
            if abort.timed_out.get() {
                ApiError::Timeout {
                    url: url.clone(),
                    seconds: TIMEOUT_SECONDS,
                }
            } else {
                ApiError::Network {
                    url: url.clone(),
                    detail: format!("the answer broke off: {e}"),
                }
            }
        })?;
        if (200..300).contains(&status) {
            Ok(text)
        } else {
            Err(ApiError::from_status(&url, status, &text))
        }
    }

    /// Downloads the start of a file URL the app built (see `files::FileSource::file_url`):
    /// asks for the first `limit` bytes with a `Range` header. MLflow answers 206 with just
    /// that part. A server that ignores the range answers 200 with the whole file: the body is
    /// read as a stream and cancelled once `limit` bytes are in, so a multi-GB file is never
    /// buffered, and [`Fetched::range_ignored`] says so. Aborted when dropped, like every request.
    pub async fn fetch_bytes(&self, url: &str, limit: Option<u64>) -> Result<Fetched, ApiError> {
        let cap = limit.unwrap_or(u64::MAX);
        let (status, total, body) = self.get_file(url, limit, cap, &|_, _| {}).await?;
        let mut bytes = Vec::with_capacity(body.read.min(cap) as usize);
        for chunk in body.chunks.iter() {
            if let Ok(chunk) = chunk.dyn_into::<js_sys::Uint8Array>() {
                let start = bytes.len();
                bytes.resize(start + chunk.length() as usize, 0);
                chunk.copy_to(&mut bytes[start..]);
            }
        }
        let range_ignored = limit.is_some() && status == 200 && body.more;
        Ok(Fetched {
            status,
            total: total.or((status == 200 && !body.more).then_some(body.read)),
            bytes,
            range_ignored,
        })
    }

    /// Downloads a whole file (at most `cap` bytes) into a `Blob` and hands out a `blob:` URL
    /// for it: how a preview `<img>` or a download link gets a file that needs the session's
    /// `Authorization` header, which `<img src>` and `<a href>` cannot send. The body is read
    /// as a stream (progress reported as bytes read and the size when known) and cancelled
    /// past `cap`; [`BlobFile::complete`] is then false and the blob holds only the first `cap`
    /// bytes — callers say the file is too big instead of using it.
    pub async fn fetch_blob(
        &self,
        url: &str,
        cap: u64,
        content_type: &str,
        on_progress: &dyn Fn(u64, Option<u64>),
    ) -> Result<BlobFile, ApiError> {
        let (_, size, body) = self.get_file(url, None, cap, on_progress).await?;
        let props = web_sys::BlobPropertyBag::new();
        props.set_type(content_type);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&body.chunks, &props)
            .map_err(|e| ApiError::Network {
                url: url.to_string(),
                detail: format!("the browser could not hold the file: {e:?}"),
            })?;
        let object_url =
            web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| ApiError::Network {
                url: url.to_string(),
                detail: format!("the browser could not hold the file: {e:?}"),
            })?;
        Ok(BlobFile {
            url: Rc::new(BlobUrl(object_url)),
            bytes: body.read,
            total: size.or((!body.more).then_some(body.read)),
            complete: !body.more,
        })
    }

    /// GETs a file URL (with the session's credentials and, when `range` is set, a `Range`
    /// header for its first bytes) and reads at most `cap` bytes of a 2xx body. Returns the
    /// status, the file's full size when the answer says (`Content-Range: bytes 0-9/5767168`,
    /// or `Content-Length` of a 200), and the body.
    async fn get_file(
        &self,
        url: &str,
        range: Option<u64>,
        cap: u64,
        on_progress: &dyn Fn(u64, Option<u64>),
    ) -> Result<(u16, Option<u64>, Body), ApiError> {
        let mut abort = Abort::new(TIMEOUT_SECONDS);
        let signal = abort.signal();
        let mut builder = Request::get(url)
            .abort_signal(signal.as_ref())
            .credentials(web_sys::RequestCredentials::Omit);
        if let Some(limit) = range {
            builder = builder.header("Range", &format!("bytes=0-{}", limit.saturating_sub(1)));
        }
        if let Some(auth) = &self.authorization {
            builder = builder.header("Authorization", auth);
        }
        let network = |abort: &Abort, detail: String| {
            if abort.timed_out.get() {
                ApiError::Timeout {
                    url: url.to_string(),
                    seconds: TIMEOUT_SECONDS,
                }
            } else if signal.as_ref().is_some_and(|s| s.aborted()) {
                ApiError::Cancelled
            } else {
                ApiError::Network {
                    url: url.to_string(),
                    detail,
                }
            }
        };
        let response = match builder.send().await {
            Ok(r) => r,
            Err(e) => {
                abort.finished = true;
                return Err(network(&abort, e.to_string()));
            }
        };
        let status = response.status();
        let header = |name: &str| response.headers().get(name);
        let total = match header("content-range") {
            Some(range) => range.rsplit('/').next().and_then(|t| t.trim().parse().ok()),
            None if status == 200 => header("content-length").and_then(|l| l.trim().parse().ok()),
            None => None,
        };
        let ok = (200..300).contains(&status);
        // an error page is read only as far as the message shown for it
        let progress = |read| on_progress(read, total);
        let body = read_capped(&response, if ok { cap } else { 2000 }, &progress).await;
        // a body left unread (cut at the cap) is aborted by `abort`'s drop; one read to the
        // end is finished
        abort.finished = body.as_ref().is_ok_and(|b| !b.more);
        let body = body.map_err(|e| network(&abort, format!("the answer broke off: {e}")))?;
        if !ok {
            let mut text = Vec::new();
            for chunk in body.chunks.iter() {
                if let Ok(chunk) = chunk.dyn_into::<js_sys::Uint8Array>() {
                    text.extend(chunk.to_vec());
                }
            }
            return Err(ApiError::from_status(
                url,
                status,
                &String::from_utf8_lossy(&text),
            ));
        }
        Ok((status, total, body))
    }

    /// Sends a write (tags, descriptions, aliases, registrations) exactly once: never retried,
    /// whatever the error, and not tied to the client's [`Scope`] — leaving the page must not
    /// abort a write halfway and leave its outcome unknown. Refuses read-only requests so the
    /// two paths cannot be mixed up. The caller re-reads what MLflow holds afterwards.
    pub async fn write(&self, req: &ApiRequest) -> Result<String, ApiError> {
        if super::retry::is_read_only(req) {
            return Err(ApiError::Decode {
                url: req.url(&self.base),
                detail: "a read-only request was sent down the write path".into(),
            });
        }
        self.send_once(req).await
    }

    /// Sends a request and decodes a 2xx JSON answer into `T`.
    pub async fn call<T: DeserializeOwned>(&self, req: &ApiRequest) -> Result<T, ApiError> {
        let text = self.send_text(req).await?;
        super::decode(&req.url(&self.base), &text)
    }

    /// Follows `page_token` for a paged request, at most `max_pages` requests.
    pub async fn pages<R, T>(
        &self,
        req: ApiRequest,
        max_pages: usize,
        split: impl Fn(R) -> (Vec<T>, Option<String>),
    ) -> Result<Paged<T>, ApiError>
    where
        R: DeserializeOwned,
    {
        collect_pages(max_pages, |token| {
            let req = req.clone().with_page_token(token.as_deref());
            let split = &split;
            async move { self.call::<R>(&req).await.map(split) }
        })
        .await
    }

    /// A cheap probe for the status indicator and sign-in: can we list one experiment?
    pub async fn probe(&self) -> Result<(), ApiError> {
        self.call::<wire::SearchExperimentsResponse>(&api::search_experiments(1))
            .await
            .map(|_| ())
    }

    /// Runs a GraphQL query; GraphQL errors become [`ApiError::Http`]-like decode errors.
    pub async fn graphql<T: DeserializeOwned>(&self, query: &str) -> Result<T, ApiError> {
        let req = api::graphql(query);
        let resp: wire::GraphqlResponse<T> = self.call(&req).await?;
        match (resp.data, resp.errors.first()) {
            (Some(data), None) => Ok(data),
            (_, Some(err)) => Err(ApiError::Decode {
                url: req.url(&self.base),
                detail: format!("GraphQL error: {}", super::error::clip(&err.message, 300)),
            }),
            (None, None) => Err(ApiError::Decode {
                url: req.url(&self.base),
                detail: "GraphQL answer without data".into(),
            }),
        }
    }
}
