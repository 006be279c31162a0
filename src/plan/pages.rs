//! One paged MLflow listing, read page by page up to a bound.
//!
//! MLflow pages every search with `page_token`; the token of page *n + 1* arrives with page
//! *n*, so pages of one listing are read one after another. [`Pages`] is that loop as a state
//! machine: [`Pages::want`] hands out the next page request, [`Pages::feed`] takes its answer.
//! It ends complete (no `next_page_token`), truncated (the bound was reached while the server
//! had more: say so on the page), stopped (its owner had enough, e.g. a scan that found what it
//! looked for) or failed.

use super::Answer;
use crate::mlflow::api::ApiRequest;
use crate::mlflow::ApiError;

/// Decodes one page's body into its items and the next page token.
pub type Split<T> = fn(&str, &str) -> Result<(Vec<T>, Option<String>), ApiError>;

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// A page is wanted or in flight.
    Reading,
    /// Every page was read.
    Complete,
    /// The bound stopped the reading while MLflow had more.
    Truncated,
    /// The owner stopped the reading early (it knows enough).
    Stopped,
    Failed(ApiError),
}

/// Items asked for in the first page of a listing whose later pages are larger (see
/// [`Pages::opening`]): a page shows its first rows after a small answer instead of a full one.
/// MLflow's page tokens carry an offset, so the next page (of full size) continues after it.
pub const OPENING_PAGE: u32 = 50;

#[derive(Clone, Debug)]
pub struct Pages<T> {
    first: ApiRequest,
    /// The first request, when it asks for fewer items than the later ones.
    opening: Option<ApiRequest>,
    /// The request for the page at this index (the last one the bound allows), when it asks
    /// for fewer items so that the bound is met exactly after a small opening page.
    closing: Option<(usize, ApiRequest)>,
    split: Split<T>,
    max_pages: usize,
    items: Vec<T>,
    token: Option<String>,
    pages: usize,
    in_flight: bool,
    status: Status,
}

impl<T> Pages<T> {
    /// Reads `first` and the pages after it, at most `max_pages` (at least 1) requests.
    pub fn new(first: ApiRequest, max_pages: usize, split: Split<T>) -> Pages<T> {
        Pages {
            first,
            opening: None,
            closing: None,
            split,
            max_pages: max_pages.max(1),
            items: Vec::new(),
            token: None,
            pages: 0,
            in_flight: false,
            status: Status::Reading,
        }
    }

    /// A listing of up to `items` items in pages of `page`, `make(n)` being its request for `n`
    /// items a page; it opens with a page of [`OPENING_PAGE`] when pages are larger.
    pub fn sized(
        make: impl Fn(u32) -> ApiRequest,
        items: usize,
        page: u32,
        split: Split<T>,
    ) -> Pages<T> {
        let plain = Pages::new(make(page), super::Limits::pages(items, page), split);
        if page <= OPENING_PAGE || items <= page as usize {
            return plain;
        }
        // the opening page, full pages, and a smaller closing page: `items` exactly
        let opening = OPENING_PAGE as usize;
        let (full, rest) = (
            (items - opening) / page as usize,
            (items - opening) % page as usize,
        );
        let closing = (rest > 0).then(|| (1 + full, make(rest as u32)));
        let max_pages = 1 + full + usize::from(closing.is_some());
        Pages {
            opening: Some(make(OPENING_PAGE)),
            closing,
            ..Pages::new(make(page), max_pages, split)
        }
    }

    /// Asks for the first page with `opening` (the same listing with a smaller `max_results`,
    /// at most [`OPENING_PAGE`]), so that the page can show its first rows sooner. It costs at
    /// most one more request: the bound on requests grows by one, so as many items as before
    /// can be read.
    pub fn opening(mut self, opening: ApiRequest) -> Pages<T> {
        self.opening = Some(opening);
        self.max_pages += 1;
        self
    }

    /// The next page's request, unless one is in flight or the reading has ended.
    pub fn want(&mut self) -> Option<ApiRequest> {
        if self.in_flight || self.status != Status::Reading {
            return None;
        }
        self.in_flight = true;
        let template = match (&self.opening, &self.closing) {
            (Some(opening), _) if self.pages == 0 => return Some(opening.clone()),
            (_, Some((at, closing))) if *at == self.pages => closing,
            _ => &self.first,
        };
        Some(template.clone().with_page_token(self.token.as_deref()))
    }

    /// Feeds the answer to the request [`Pages::want`] handed out. Returns how many items
    /// it added (0 for an error or an answer nobody asked for).
    pub fn feed(&mut self, answer: Answer) -> usize {
        if !self.in_flight {
            return 0;
        }
        self.in_flight = false;
        let url = self.first.url("");
        let page = answer.and_then(|text| (self.split)(&url, &text));
        let (items, next) = match page {
            Ok(p) => p,
            Err(e) => {
                self.status = Status::Failed(e);
                return 0;
            }
        };
        self.pages += 1;
        let n = items.len();
        self.items.extend(items);
        self.token = next.filter(|t| !t.is_empty());
        match (&self.token, &self.status) {
            // everything was read, even if the owner had stopped meanwhile
            (None, Status::Reading | Status::Stopped) => self.status = Status::Complete,
            (Some(_), Status::Reading) if self.pages >= self.max_pages => {
                self.status = Status::Truncated
            }
            _ => {}
        }
        n
    }

    /// Stops asking for pages (what arrived stays; a page in flight is still taken).
    pub fn stop(&mut self) {
        if self.status == Status::Reading {
            self.status = Status::Stopped;
        }
    }

    /// Reads on after [`Pages::stop`] (e.g. the user asked to scan more).
    pub fn resume(&mut self) {
        if self.status == Status::Stopped {
            self.status = Status::Reading;
        }
    }

    /// MLflow said there is a page after the last one read.
    pub fn has_more(&self) -> bool {
        self.token.is_some()
    }

    /// Allows `pages` more requests (after a truncation: "read more").
    pub fn extend(&mut self, pages: usize) {
        self.max_pages = self.pages + pages.max(1);
        if self.status == Status::Truncated {
            self.status = Status::Reading;
        }
    }

    pub fn items(&self) -> &[T] {
        &self.items
    }

    pub fn take_items(&mut self) -> Vec<T> {
        std::mem::take(&mut self.items)
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    /// Requests answered so far.
    pub fn pages(&self) -> usize {
        self.pages
    }

    pub fn is_done(&self) -> bool {
        self.status != Status::Reading && !self.in_flight
    }

    pub fn is_complete(&self) -> bool {
        self.status == Status::Complete
    }

    pub fn is_truncated(&self) -> bool {
        self.status == Status::Truncated
    }

    pub fn error(&self) -> Option<&ApiError> {
        match &self.status {
            Status::Failed(e) => Some(e),
            _ => None,
        }
    }
}

/// A listing on its own is a plan (one request at a time, no key needed).
impl<T> super::Plan for Pages<T> {
    type Key = ();

    fn poll(&mut self) -> Vec<((), ApiRequest)> {
        self.want().map(|r| ((), r)).into_iter().collect()
    }

    fn feed(&mut self, _: (), answer: Answer) {
        Pages::feed(self, answer);
    }

    fn is_done(&self) -> bool {
        Pages::is_done(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlflow::api;

    fn split(_url: &str, text: &str) -> Result<(Vec<u32>, Option<String>), ApiError> {
        let (items, token) = text.split_once('|').unwrap_or((text, ""));
        let items = items
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap_or(0))
            .collect();
        Ok((items, Some(token.to_string())))
    }

    fn reader(max: usize) -> Pages<u32> {
        Pages::new(api::search_runs(&["1"], "", &[], 2), max, split)
    }

    #[test]
    fn follows_tokens_one_page_at_a_time() {
        let mut p = reader(10);
        let first = p.want().unwrap();
        assert!(first.body.as_ref().unwrap().get("page_token").is_none());
        assert!(p.want().is_none(), "one page in flight at a time");
        assert_eq!(p.feed(Ok("1,2|t1".into())), 2);
        let second = p.want().unwrap();
        assert_eq!(second.body.unwrap()["page_token"], "t1");
        p.feed(Ok("3|".into()));
        assert!(p.is_complete() && p.is_done());
        assert_eq!(p.items(), &[1, 2, 3]);
        assert!(p.want().is_none());
    }

    #[test]
    fn the_bound_truncates_and_says_so() {
        let mut p = reader(2);
        p.want();
        p.feed(Ok("1|a".into()));
        p.want();
        p.feed(Ok("2|b".into()));
        assert!(p.is_truncated() && p.is_done());
        assert!(p.want().is_none());
        assert_eq!(p.pages(), 2);
    }

    #[test]
    fn errors_end_the_reading_and_stale_answers_are_ignored() {
        let mut p = reader(5);
        assert_eq!(p.feed(Ok("9|".into())), 0, "nothing was asked");
        p.want();
        p.feed(Err(ApiError::Cancelled));
        assert_eq!(p.error(), Some(&ApiError::Cancelled));
        assert!(p.is_done() && p.want().is_none());
    }

    #[test]
    fn stopping_keeps_the_page_in_flight() {
        let mut p = reader(5);
        p.want();
        p.stop();
        assert!(!p.is_done(), "a page is still in flight");
        p.feed(Ok("7|next".into()));
        assert_eq!(p.items(), &[7]);
        assert_eq!(p.status(), &Status::Stopped);
        assert!(p.is_done() && p.want().is_none());
        p.resume();
        assert_eq!(p.want().unwrap().body.unwrap()["page_token"], "next");
        p.feed(Ok("8|".into()));
        assert!(p.is_complete() && !p.has_more());
        assert_eq!(p.items(), &[7, 8]);
    }

    #[test]
    fn a_small_opening_page_then_full_pages_within_one_more_request() {
        let full = api::search_runs(&["1"], "", &[], 1000);
        let small = api::search_runs(&["1"], "", &[], OPENING_PAGE);
        let mut p: Pages<u32> = Pages::new(full, 1, split).opening(small);
        let first = p.want().unwrap();
        assert_eq!(first.body.as_ref().unwrap()["max_results"], OPENING_PAGE);
        p.feed(Ok("1|t".into()));
        let second = p.want().unwrap();
        assert_eq!(second.body.as_ref().unwrap()["max_results"], 1000);
        assert_eq!(second.body.unwrap()["page_token"], "t");
        p.feed(Ok("2|u".into()));
        assert!(
            p.is_truncated(),
            "the bound of one full page, plus the opening one"
        );
        assert_eq!(p.items(), &[1, 2]);
    }

    #[test]
    fn sized_readings_open_small_and_stop_at_the_bound_exactly() {
        let mut p: Pages<u32> =
            Pages::sized(|n| api::search_runs(&["1"], "", &[], n), 2500, 1000, split);
        let mut asked = Vec::new();
        while let Some(r) = p.want() {
            let n = r.body.as_ref().unwrap()["max_results"].as_u64().unwrap();
            asked.push(n);
            let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            p.feed(Ok(format!("{}|more", items.join(","))));
        }
        assert_eq!(
            asked,
            [50, 1000, 1000, 450],
            "50 first, then full pages, then what is left"
        );
        assert_eq!(p.items().len(), 2500);
        assert!(p.is_truncated(), "MLflow had more");
        // a bound of whole pages after the opening one needs no closing page
        let mut q: Pages<u32> =
            Pages::sized(|n| api::search_runs(&["1"], "", &[], n), 1050, 1000, split);
        q.want();
        q.feed(Ok("1|t".into()));
        assert_eq!(q.want().unwrap().body.unwrap()["max_results"], 1000);
        q.feed(Ok("2|t".into()));
        assert!(q.is_truncated() && q.want().is_none());
        // small bounds or pages read as before
        let mut r: Pages<u32> = Pages::sized(|n| api::search_runs(&["1"], "", &[], n), 5, 5, split);
        assert_eq!(r.want().unwrap().body.unwrap()["max_results"], 5);
    }

    #[test]
    fn a_truncated_reading_can_read_more() {
        let mut p = reader(1);
        p.want();
        p.feed(Ok("1|t".into()));
        assert!(p.is_truncated() && p.has_more());
        p.extend(1);
        assert_eq!(p.want().unwrap().body.unwrap()["page_token"], "t");
    }
}
