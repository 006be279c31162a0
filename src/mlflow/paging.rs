//! Following MLflow's `page_token` paging with a bound.
//!
//! Generic over the fetch function so the loop is tested natively without a browser.

use std::future::Future;

/// Items gathered from one or more pages.
#[derive(Clone, Debug, PartialEq)]
pub struct Paged<T> {
    pub items: Vec<T>,
    /// True when the bound stopped us while the server still had more pages.
    pub truncated: bool,
    /// How many requests were made.
    pub pages: usize,
}

/// Fetches pages until the server sends no `next_page_token` or `max_pages` were read.
/// `fetch(token)` returns one page's items and the next token (`None` or empty at the end).
pub async fn collect_pages<T, E, F, Fut>(max_pages: usize, mut fetch: F) -> Result<Paged<T>, E>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), E>>,
{
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        if pages >= max_pages.max(1) {
            return Ok(Paged {
                items,
                truncated: true,
                pages,
            });
        }
        let (page, next) = fetch(token.take()).await?;
        pages += 1;
        items.extend(page);
        match next.filter(|t| !t.is_empty()) {
            Some(next) => token = Some(next),
            None => {
                return Ok(Paged {
                    items,
                    truncated: false,
                    pages,
                })
            }
        }
    }
}

#[cfg(test)]
pub(crate) fn block_on<F: Future>(fut: F) -> F::Output {
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};
    let mut fut = pin!(fut);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Page = Result<(Vec<u32>, Option<String>), String>;

    /// A fake server whose page tokens are page numbers.
    fn server(pages: Vec<Vec<u32>>) -> impl FnMut(Option<String>) -> std::future::Ready<Page> {
        move |token| {
            let i: usize = token.map(|t| t.parse().unwrap()).unwrap_or(0);
            let next = (i + 1 < pages.len()).then(|| (i + 1).to_string());
            std::future::ready(Ok((pages[i].clone(), next)))
        }
    }

    #[test]
    fn follows_tokens_to_the_end() {
        let got = block_on(collect_pages(
            10,
            server(vec![vec![1, 2], vec![3], vec![4, 5]]),
        ))
        .unwrap();
        assert_eq!(got.items, vec![1, 2, 3, 4, 5]);
        assert!(!got.truncated);
        assert_eq!(got.pages, 3);
    }

    #[test]
    fn stops_at_the_bound_and_says_so() {
        let got = block_on(collect_pages(2, server(vec![vec![1], vec![2], vec![3]]))).unwrap();
        assert_eq!(got.items, vec![1, 2]);
        assert!(got.truncated);
    }

    #[test]
    fn empty_token_ends_paging() {
        let got = block_on(collect_pages(5, |_t| {
            std::future::ready(Ok::<_, String>((vec![1], Some(String::new()))))
        }))
        .unwrap();
        assert_eq!(got.pages, 1);
    }

    #[test]
    fn errors_stop_paging() {
        let got: Result<Paged<u32>, String> = block_on(collect_pages(5, |_t| {
            std::future::ready(Err("boom".to_string()))
        }));
        assert_eq!(got.unwrap_err(), "boom");
    }
}
