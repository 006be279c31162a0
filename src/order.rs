//! Orders for sorting. A comparator given to `sort_by` must be a **total order**: since Rust
//! 1.81 `sort_by` may panic when it notices one that is not, and the release build aborts on
//! panic, so a bad comparator over server data can kill the tab.
//!
//! * [`mixed_cmp`]: values that are text but often numbers (MLflow params are strings):
//!   numbers first, by value, then everything else in natural order.
//! * [`check`] (native only): the property every comparator in `src/` is tested for
//!   (`tests/sort_orders.rs`): random mixed values in, a total order and a sorted result out.
//!   A new `sort_by` gets a named comparator and a line there; `tests/house_rules.rs` counts
//!   the call sites so none is forgotten.

use std::cmp::Ordering;

/// A number for [`mixed_cmp`]: what Rust parses as an `f64` (`1`, `-0.5`, `1e-3`, `inf`),
/// except NaN, which is not a value anyone ranks; `NaN`, `" 1"`, `""` and `1x` are text.
fn number(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|x| !x.is_nan())
}

/// Numbers before text; numbers by value (`9` < `10` < `1e3`), equal values by their text
/// (`1` < `1.0`); text in natural order (`run2` < `run10`). A total order on every pair of
/// strings, which a plain "compare as numbers when both parse" is not: `9 < 10` as numbers,
/// `10 < 1x` and `1x < 9` as text makes a cycle.
pub fn mixed_cmp(a: &str, b: &str) -> Ordering {
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => crate::manifest::natural_cmp(a, b),
    }
}

/// Property checks for comparators (native only, used by tests).
#[cfg(not(target_arch = "wasm32"))]
pub mod check {
    use crate::mlflow::fuzz::Rng;
    use std::cmp::Ordering;
    use std::fmt::Debug;

    /// Strings that break naive orders: numbers in every notation, NaN spellings, infinities,
    /// signed zeros, text that starts with digits, empty and blank values, case, Unicode.
    pub const TRICKY: &[&str] = &[
        "",
        " ",
        "0",
        "-0",
        "0.0",
        "+0",
        "00",
        "1",
        "1.0",
        "01",
        "9",
        "10",
        "1x",
        "x1",
        "9a",
        "1e-3",
        "1E3",
        "-1e400",
        "1e400",
        "inf",
        "-inf",
        "Infinity",
        "NaN",
        "nan",
        "-nan",
        "NAN",
        " 1",
        "1 ",
        "0x10",
        "1_000",
        "abc",
        "ABC",
        "Abc",
        "a",
        "b",
        "run2",
        "run10",
        "run02",
        "v1",
        "v1.2",
        "ü",
        "é",
        "模型",
        "\u{202e}x",
        "null",
        "true",
        "-",
        ".",
        "/",
        "..",
    ];

    /// A random string drawn from [`TRICKY`], random numbers and random short text.
    pub fn mixed_value(rng: &mut Rng) -> String {
        match rng.below(6) {
            0 | 1 => TRICKY[rng.below(TRICKY.len())].to_string(),
            2 => format!("{}", rng.below(2000) as i64 - 1000),
            3 => format!("{}", f64::from_bits(rng.next_u64())),
            4 => format!(
                "{}.{}e{}",
                rng.below(100),
                rng.below(1000),
                rng.below(40) as i64 - 20
            ),
            _ => (0..rng.below(6))
                .map(|_| {
                    let alphabet = b"ab0129 xZ./-";
                    alphabet[rng.below(alphabet.len())] as char
                })
                .collect(),
        }
    }

    /// A random `f64`, often NaN, infinite, zero or a repeat.
    pub fn mixed_f64(rng: &mut Rng) -> f64 {
        match rng.below(8) {
            0 => f64::NAN,
            1 => -f64::NAN,
            2 => f64::INFINITY,
            3 => f64::NEG_INFINITY,
            4 => [0.0, -0.0, 1.0, 0.5][rng.below(4)],
            5 => rng.below(10) as f64,
            _ => f64::from_bits(rng.next_u64()),
        }
    }

    /// Checks that `cmp` is a total order on `items`: every item equals itself, every pair
    /// compares opposite ways round, and for every triple (all of them up to 60 items, a
    /// random 200,000 beyond) `a ≤ b ≤ c` implies `a ≤ c` with equality only when both are
    /// equal. Then sorts with `sort_by` (which may panic on a bad comparator) and checks every
    /// neighbour pair. Returns the first violation, with the values.
    pub fn total_order<T: Debug>(
        items: &[T],
        cmp: impl Fn(&T, &T) -> Ordering,
    ) -> Result<(), String> {
        let n = items.len();
        for a in items {
            if cmp(a, a) != Ordering::Equal {
                return Err(format!("not reflexive: {a:?}"));
            }
        }
        for (i, a) in items.iter().enumerate() {
            for b in &items[i + 1..] {
                if cmp(a, b) != cmp(b, a).reverse() {
                    return Err(format!(
                        "not antisymmetric: {a:?} vs {b:?} is {:?}, reversed {:?}",
                        cmp(a, b),
                        cmp(b, a)
                    ));
                }
            }
        }
        let triple = |i: usize, j: usize, k: usize| -> Result<(), String> {
            let (a, b, c) = (&items[i], &items[j], &items[k]);
            let (ab, bc, ac) = (cmp(a, b), cmp(b, c), cmp(a, c));
            let expected = match (ab, bc) {
                (Ordering::Equal, o) | (o, Ordering::Equal) => Some(o),
                (x, y) if x == y => Some(x),
                _ => None,
            };
            match expected {
                Some(e) if e != ac => Err(format!(
                    "not transitive: {a:?} {ab:?} {b:?}, {b:?} {bc:?} {c:?}, but {a:?} {ac:?} {c:?}"
                )),
                _ => Ok(()),
            }
        };
        if n <= 60 {
            for i in 0..n {
                for j in 0..n {
                    for k in 0..n {
                        triple(i, j, k)?;
                    }
                }
            }
        } else {
            let mut rng = Rng::new(n as u64);
            for _ in 0..200_000 {
                triple(rng.below(n), rng.below(n), rng.below(n))?;
            }
        }
        let mut sorted: Vec<&T> = items.iter().collect();
        sorted.sort_by(|a, b| cmp(a, b));
        match sorted
            .windows(2)
            .find(|w| cmp(w[0], w[1]) == Ordering::Greater)
        {
            Some(w) => Err(format!("sort_by left {:?} before {:?}", w[0], w[1])),
            None => Ok(()),
        }
    }

    /// `true` when `items` is in `cmp` order (each neighbour pair `≤`).
    pub fn is_sorted_by<T>(items: &[T], cmp: impl Fn(&T, &T) -> Ordering) -> bool {
        items
            .windows(2)
            .all(|w| cmp(&w[0], &w[1]) != Ordering::Greater)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::check::{self, TRICKY};
    use super::*;
    use crate::mlflow::fuzz::Rng;

    #[test]
    fn mixed_cmp_puts_numbers_first_by_value_then_text() {
        let mut v = vec![
            "1x", "10", "9", "", "abc", "1e-3", "NaN", "-inf", "run10", "run2",
        ];
        v.sort_by(|a, b| mixed_cmp(a, b));
        assert_eq!(
            v,
            vec!["-inf", "1e-3", "9", "10", "", "1x", "abc", "NaN", "run2", "run10"]
        );
        // the cycle of the old "numbers when both parse, else text" comparator
        assert_eq!(mixed_cmp("9", "10"), Ordering::Less);
        assert_eq!(mixed_cmp("10", "1x"), Ordering::Less);
        assert_eq!(mixed_cmp("9", "1x"), Ordering::Less);
        // equal values still order by text, so the order is total
        assert_eq!(mixed_cmp("1", "1.0"), Ordering::Less);
        assert_eq!(mixed_cmp("1.0", "1"), Ordering::Greater);
    }

    #[test]
    fn mixed_cmp_is_a_total_order_on_random_mixed_values() {
        check::total_order(TRICKY, |a, b| mixed_cmp(a, b)).unwrap();
        let mut rng = Rng::new(12);
        for round in 0..40 {
            let values: Vec<String> = (0..if round % 10 == 0 { 400 } else { 50 })
                .map(|_| check::mixed_value(&mut rng))
                .collect();
            check::total_order(&values, |a, b| mixed_cmp(a, b)).unwrap();
        }
    }

    #[test]
    fn the_checker_catches_the_old_param_order() {
        // what domain::table::param_cmp was: numeric when both parse, else text
        let old = |x: &&str, y: &&str| match (x.parse::<f64>(), y.parse::<f64>()) {
            (Ok(p), Ok(q)) => p.total_cmp(&q),
            _ => x.cmp(y),
        };
        let err = check::total_order(&["9", "10", "1x"], old).unwrap_err();
        assert!(err.starts_with("not transitive"), "{err}");
        // and a comparator that is not antisymmetric
        let err = check::total_order(&[1, 2], |a, b| {
            if a == b {
                Ordering::Equal
            } else {
                Ordering::Less
            }
        })
        .unwrap_err();
        assert!(err.starts_with("not antisymmetric"), "{err}");
    }
}
