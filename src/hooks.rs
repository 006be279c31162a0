//! Hooks: small reactive helpers every page uses, in the style of leptos-use.

use crate::context::{server_origin, Credentials, ServerConfig};
use crate::domain::Run;
use crate::mlflow::client::Client;
use crate::mlflow::client::Scope;
use crate::plan::{exec, Limits, Plan};
use crate::routes::{self, Query};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A client for the configured server and the signed-in user, tracked: resources that read it
/// refetch when either changes. Its requests are aborted when the calling component unmounts.
pub fn use_client() -> Signal<Client> {
    // outside the app's shell (a component on its own) the server is this origin
    let config = use_context::<ServerConfig>();
    let credentials = use_context::<Credentials>();
    let scope = Scope::new();
    on_cleanup({
        let scope = scope.clone();
        move || scope.cancel()
    });
    Signal::derive(move || {
        let base = config.map(|c| c.url.get()).unwrap_or_default();
        // credentials go only to the server they were made for
        let origin = server_origin(&base);
        let authorization = credentials
            .and_then(|Credentials(c)| c.get())
            .filter(|s| s.origin == origin)
            .map(|s| s.authorization);
        Client {
            base,
            authorization,
            scope: Some(scope.clone()),
        }
    })
}

/// The read limits in force ([`Limits`], from `config.json`).
#[derive(Clone, Copy)]
pub struct PlanLimits(pub RwSignal<Limits>);

/// From which size a lineage view is laid out in the Web Worker (`config.json`'s
/// `layout_worker_min_nodes`).
#[derive(Clone, Copy)]
pub struct LayoutWorkerMin(pub RwSignal<Option<usize>>);

pub fn use_layout_worker_min() -> usize {
    use_context::<LayoutWorkerMin>()
        .and_then(|LayoutWorkerMin(n)| n.get())
        .unwrap_or(crate::lineage::layout::job::WORKER_MIN_NODES)
}

/// The limits from `config.json`, or the defaults.
pub fn use_limits() -> Limits {
    use_context::<PlanLimits>()
        .map(|PlanLimits(l)| l.get())
        .unwrap_or_default()
}

/// A running plan's view, and ways to stop it or start it again. `Copy`, like a signal.
pub struct Planned<V: Send + Sync + 'static> {
    /// `None` until the plan was started (a fresh page shows its skeleton).
    pub view: RwSignal<Option<V>>,
    /// The running plan has nothing left to ask (and was not stopped).
    done: RwSignal<bool>,
    retry: RwSignal<u32>,
    run: StoredValue<PlanRun>,
}

/// The plan running now: its generation (an executor whose generation is old stops) and the
/// scope its requests are sent in (cancelling it aborts them).
#[derive(Clone, Default)]
struct PlanRun {
    generation: Arc<AtomicU64>,
    scope: Arc<std::sync::Mutex<Option<Scope>>>,
}

impl PlanRun {
    /// Stops the running plan and aborts what it has in flight; returns the next generation.
    fn stop(&self) -> u64 {
        if let Ok(mut s) = self.scope.lock() {
            if let Some(scope) = s.take() {
                scope.cancel();
            }
        }
        self.generation.fetch_add(1, Ordering::Relaxed) + 1
    }
}

impl<V: Send + Sync + 'static> Clone for Planned<V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<V: Send + Sync + 'static> Copy for Planned<V> {}

impl<V: Send + Sync + 'static> Planned<V> {
    /// Whether the plan has finished reading (tracked): pages mark themselves `complete`.
    pub fn is_done(&self) -> bool {
        self.done.get()
    }

    /// Runs the plan again from the start (the Retry button).
    pub fn retry(&self) {
        self.retry.update(|n| *n += 1);
    }

    /// Stops the running plan: its requests in flight are aborted, its view stays as it was.
    pub fn stop(&self) {
        self.run.with_value(|r| {
            r.stop();
        });
    }
}

/// Runs the plan that `make` builds and keeps `view(&plan)` in a signal while answers arrive.
/// `make` is tracked: when a signal it reads changes (the page's ids, the client after sign-in,
/// the limits), the running plan is dropped (its requests aborted) and a new one starts.
///
/// ```ignore
/// let planned = use_plan(move |_| Some(ProjectPlan::new(&experiment.get(), use_limits())), ProjectPlan::view);
/// move || planned.view.get().map(|v| view! { <h1>{v.project.map(|p| p.name)}</h1> })
/// ```
pub fn use_plan<P, V>(
    make: impl Fn(&Client) -> Option<P> + 'static,
    view: fn(&P) -> V,
) -> Planned<V>
where
    P: Plan + 'static,
    V: Clone + Send + Sync + 'static,
{
    let client = use_client();
    let state: RwSignal<Option<V>> = RwSignal::new(None);
    let done = RwSignal::new(false);
    let retry = RwSignal::new(0u32);
    let run = PlanRun::default();
    on_cleanup({
        let run = run.clone();
        move || {
            run.stop();
        }
    });
    let stored = StoredValue::new(run.clone());
    Effect::new(move |_| {
        retry.track();
        let mut c = client.get();
        let Some(mut plan) = make(&c) else {
            return;
        };
        // a new run: the previous one stops, and what it still waits for is aborted
        let gen = run.stop();
        let scope = Scope::new();
        if let Ok(mut s) = run.scope.lock() {
            *s = Some(scope.clone());
        }
        // this run's requests in a scope of their own: the next run, a stop and the component's
        // unmounting (see on_cleanup above) abort them
        c.scope = Some(scope);
        state.set(Some(view(&plan)));
        done.set(false);
        let generation = run.generation.clone();
        leptos::task::spawn_local(async move {
            let stopped = || generation.load(Ordering::Relaxed) != gen;
            exec::run(&c, &mut plan, stopped, |p| {
                state.try_set(Some(view(p)));
            })
            .await;
            if !stopped() {
                done.try_set(true);
            }
        });
    });
    Planned {
        view: state,
        done,
        retry,
        run: stored,
    }
}

/// Finished runs read in full this session, by id (a context): the consumer scans and the
/// lineage do not read them again. Runs still going are never kept.
#[derive(Clone, Default)]
pub struct RunCache(std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, Run>>>);

impl RunCache {
    /// Every run kept so far.
    pub fn finished(&self) -> Vec<Run> {
        self.0
            .lock()
            .map(|c| c.values().cloned().collect())
            .unwrap_or_default()
    }

    /// Keeps the runs that can change no more.
    pub fn remember(&self, runs: impl IntoIterator<Item = Run>) {
        if let Ok(mut c) = self.0.lock() {
            for r in runs.into_iter().filter(|r| r.status.is_terminal()) {
                c.insert(r.id.clone(), r);
            }
        }
    }
}

/// The `(experiment, run)` of a run route (`/projects/:experiment/runs/:run`, and the sweep
/// page's `/projects/:experiment/sweeps/:run`), `""` for a part the URL lacks.
///
/// ```ignore
/// let ids = use_run_route();
/// let planned = use_plan(move |_| { let (exp, run) = ids.get(); Some(RunPlan::new(&exp, &run, use_limits())) }, RunPlan::view);
/// ```
pub fn use_run_route() -> Memo<(String, String)> {
    let params = use_params_map();
    Memo::new(move |_| {
        let p = params.read();
        (
            p.get("experiment").unwrap_or_default(),
            p.get("run").unwrap_or_default(),
        )
    })
}

/// A query parameter as a signal, and a setter that replaces it in the URL (the history entry
/// is replaced, so typing in a filter does not flood back/forward). Every view's state lives in
/// the URL this way, so each view is a deep link.
///
/// ```ignore
/// let (filter, set_filter) = use_query_param(Query::Filter);
/// view! { <input prop:value=move || filter.get() on:input=move |ev| set_filter(event_target_value(&ev))/> }
/// ```
pub fn use_query_param(key: Query) -> (Memo<String>, impl Fn(String) + Clone) {
    let location = use_location();
    let value = Memo::new(move |_| routes::query_value(&location.search.get(), key));
    let navigate = use_navigate();
    let set = move |v: String| {
        let search = location.search.get_untracked();
        let path = location.pathname.get_untracked();
        let query = routes::with_query(&routes::parse_query(&search), key, &v);
        navigate(
            &format!("{path}{query}"),
            NavigateOptions {
                replace: true,
                scroll: false,
                // `path` is the full path, base path included: do not prefix it again
                resolve: false,
                ..Default::default()
            },
        );
    };
    (value, set)
}
