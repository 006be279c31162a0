//! Fetching as pure plans: what each page (and the lineage) asks MLflow next, and what it
//! knows so far.
//!
//! A plan is a state machine in the style of [`crate::manifest::Walk`]: the executor asks it
//! for requests ([`Plan::poll`]), sends them, and feeds each answer's body text back
//! ([`Plan::feed`]); the plan decodes it, decides what to ask next and keeps a view of the page
//! that is readable at any time — including whether it is complete and which limits were
//! reached ([`Notice`]). Nothing here touches the network or the DOM, so every plan is tested
//! natively on recorded MLflow responses (`tests/plans.rs`); the browser side (`exec`, wasm
//! only) just runs them.
//!
//! * [`pages`]: one paged listing with a bound (`page_token` followed, truncation reported).
//! * [`limits`]: every bound on what is read, in one place, and the notices they give.
//! * [`datasets`]: the dataset numbering scan shared by every page that shows `name:vN`.
//! * [`projects`], [`project`], [`collection`], [`run`], [`sweep`], [`registry`]: page plans.
//! * [`consumers`]: which runs used a logged model (a bounded scan, shared by Usage and lineage).
//! * [`lineage`]: the hop-by-hop lineage traversal.

use crate::mlflow::api::ApiRequest;
use crate::mlflow::ApiError;

pub use limits::{Limits, Notice};
pub use pages::Pages;

/// The body text of a 2xx answer, or what went wrong.
pub type Answer = Result<String, ApiError>;

/// A plan: requests out, answers in, state readable at any time.
pub trait Plan {
    /// Tags a request so its answer finds its way back.
    type Key: Clone + std::fmt::Debug + 'static;

    /// Requests to send now. Each is handed out once; the plan counts it in flight until
    /// its answer is fed back. Called again after every answer.
    fn poll(&mut self) -> Vec<(Self::Key, ApiRequest)>;

    /// Feeds the answer to a request handed out by [`Plan::poll`].
    fn feed(&mut self, key: Self::Key, answer: Answer);

    /// Nothing in flight and nothing left to ask.
    fn is_done(&self) -> bool;
}

/// Implements [`Plan`] for a type whose one listing (a field that is a `Plan` with `()` keys,
/// such as a [`Pages`]) is all it asks for.
macro_rules! plan_by_field {
    ($ty:ty, $field:ident) => {
        impl $crate::plan::Plan for $ty {
            type Key = ();

            fn poll(&mut self) -> Vec<((), $crate::mlflow::api::ApiRequest)> {
                $crate::plan::Plan::poll(&mut self.$field)
            }

            fn feed(&mut self, key: (), answer: $crate::plan::Answer) {
                $crate::plan::Plan::feed(&mut self.$field, key, answer)
            }

            fn is_done(&self) -> bool {
                $crate::plan::Plan::is_done(&self.$field)
            }
        }
    };
}
pub(crate) use plan_by_field;

pub mod collection;
pub mod consumers;
pub mod datasets;
#[cfg(target_arch = "wasm32")]
pub mod exec;
pub mod limits;
pub mod locate;
pub mod models;
pub mod pages;
pub mod project;
pub mod projects;
pub mod registry;
pub mod run;
pub mod runs;
pub mod sweep;
pub mod traverse;

/// Polls a part of a plan, tagging its requests with `wrap`.
pub fn poll_part<P: Plan, K>(
    part: &mut P,
    out: &mut Vec<(K, ApiRequest)>,
    wrap: impl Fn(P::Key) -> K,
) {
    out.extend(part.poll().into_iter().map(|(k, r)| (wrap(k), r)));
}

/// A single request whose answer decodes into `T` (e.g. `experiments/get`).
#[derive(Clone, Debug)]
pub struct One<T> {
    request: ApiRequest,
    state: OneState<T>,
    decode: fn(&str, &str) -> Result<T, ApiError>,
}

#[derive(Clone, Debug)]
enum OneState<T> {
    Waiting,
    InFlight,
    Got(T),
    Failed(ApiError),
}

impl<T> One<T> {
    pub fn new(request: ApiRequest, decode: fn(&str, &str) -> Result<T, ApiError>) -> One<T> {
        One {
            request,
            state: OneState::Waiting,
            decode,
        }
    }

    /// The request, the first time it is asked for.
    pub fn want(&mut self) -> Option<ApiRequest> {
        match self.state {
            OneState::Waiting => {
                self.state = OneState::InFlight;
                Some(self.request.clone())
            }
            _ => None,
        }
    }

    pub fn feed(&mut self, answer: Answer) {
        if !matches!(self.state, OneState::InFlight) {
            return;
        }
        let url = self.request.url("");
        self.state = match answer.and_then(|text| (self.decode)(&url, &text)) {
            Ok(v) => OneState::Got(v),
            Err(e) => OneState::Failed(e),
        };
    }

    pub fn get(&self) -> Option<&T> {
        match &self.state {
            OneState::Got(v) => Some(v),
            _ => None,
        }
    }

    pub fn error(&self) -> Option<&ApiError> {
        match &self.state {
            OneState::Failed(e) => Some(e),
            _ => None,
        }
    }

    pub fn is_done(&self) -> bool {
        matches!(self.state, OneState::Got(_) | OneState::Failed(_))
    }

    pub fn is_in_flight(&self) -> bool {
        matches!(self.state, OneState::InFlight)
    }
}

impl<T> Plan for One<T> {
    type Key = ();

    fn poll(&mut self) -> Vec<((), ApiRequest)> {
        self.want().map(|r| ((), r)).into_iter().collect()
    }

    fn feed(&mut self, _: (), answer: Answer) {
        One::feed(self, answer);
    }

    fn is_done(&self) -> bool {
        One::is_done(self)
    }
}

/// Decodes a JSON body (the `fn` form [`One`] and [`Pages`] take).
pub fn json<T: serde::de::DeserializeOwned>(url: &str, text: &str) -> Result<T, ApiError> {
    crate::mlflow::decode(url, text)
}

/// Runs a plan to the end against `answer`, a function standing in for the server — for
/// native tests and tools. Requests are answered one at a time, in the order asked.
pub fn drive<P: Plan>(plan: &mut P, mut answer: impl FnMut(&ApiRequest) -> Answer) -> usize {
    let mut sent = 0;
    let mut queue: std::collections::VecDeque<(P::Key, ApiRequest)> = Default::default();
    loop {
        queue.extend(plan.poll());
        let Some((key, req)) = queue.pop_front() else {
            return sent;
        };
        sent += 1;
        let a = answer(&req);
        plan.feed(key, a);
    }
}
