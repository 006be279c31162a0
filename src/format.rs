//! Formatting for people: counts, times, durations. Pure; `now` is passed in so output is
//! deterministic in tests.

use crate::domain::Millis;

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `3 minutes ago`, `in 2 hours`, `just now`, relative to `now`.
pub fn relative_time(t: Millis, now: Millis) -> String {
    let delta = now.saturating_sub(t);
    let future = delta < 0;
    let secs = delta.unsigned_abs() / 1000;
    let (n, unit) = match secs {
        0..=44 => return "just now".into(),
        45..=3_599 => (secs.div_ceil(60).max(1), "minute"),
        3_600..=86_399 => (secs / 3_600, "hour"),
        86_400..=2_591_999 => (secs / 86_400, "day"),
        2_592_000..=31_535_999 => (secs / 2_592_000, "month"),
        _ => (secs / 31_536_000, "year"),
    };
    let plural = if n == 1 { "" } else { "s" };
    if future {
        format!("in {n} {unit}{plural}")
    } else {
        format!("{n} {unit}{plural} ago")
    }
}

/// `2026-11-26 22:35:01 UTC`: the exact time, for tooltips.
pub fn exact_time(t: Millis) -> String {
    let secs = t.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `850ms`, `4.2s`, `3m 07s`, `2h 05m`, `3d 4h`.
pub fn duration(ms: Millis) -> String {
    let ms = ms.max(0);
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let s = ms / 1000;
    match s {
        0..=59 => format!("{:.1}s", ms as f64 / 1000.0),
        60..=3_599 => format!("{}m {:02}s", s / 60, s % 60),
        3_600..=86_399 => format!("{}h {:02}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d {}h", s / 86_400, s % 86_400 / 3600),
    }
}

/// A metric value: integers as integers, others with up to 4 significant decimals.
pub fn metric(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "∞" } else { "-∞" }.into()
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else if v.abs() >= 1e-3 && v.abs() < 1e6 {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{v:.3e}")
    }
}

/// A long value cut for a table cell: whitespace runs (newlines included) become one space,
/// and more than `max_chars` characters are cut to `max_chars - 1` and `…`. `.1` says whether
/// anything was cut; show the full text on hover or expand when it was.
pub fn clip(value: &str, max_chars: usize) -> (String, bool) {
    let flat = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return (flat, false);
    }
    let mut out: String = flat.chars().take(max_chars.saturating_sub(1)).collect();
    out.push('…');
    (out, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn relative_times() {
        let now = 1_800_000_000_000;
        assert_eq!(relative_time(now - 10_000, now), "just now");
        assert_eq!(relative_time(now - 60_000, now), "1 minute ago");
        assert_eq!(relative_time(now - 3 * 3_600_000, now), "3 hours ago");
        assert_eq!(relative_time(now - 2 * 86_400_000, now), "2 days ago");
        assert_eq!(relative_time(now + 7_200_000, now), "in 2 hours");
    }

    #[test]
    fn exact_times_are_utc() {
        assert_eq!(exact_time(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(exact_time(1_795_730_528_580), "2026-11-26 22:02:08 UTC");
        assert_eq!(exact_time(951_782_400_000), "2000-02-29 00:00:00 UTC");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(850), "850ms");
        assert_eq!(duration(4_200), "4.2s");
        assert_eq!(duration(187_000), "3m 07s");
        assert_eq!(duration(7_500_000), "2h 05m");
    }

    #[test]
    fn metrics() {
        assert_eq!(metric(1.0), "1");
        assert_eq!(metric(0.97345678), "0.9735");
        assert_eq!(metric(0.5), "0.5");
        assert_eq!(metric(f64::NAN), "NaN");
        assert_eq!(metric(1.5e-7), "1.500e-7");
    }

    #[test]
    fn clipping_long_values() {
        // a 14-char value fits
        assert_eq!(clip("lbfgs", 40), ("lbfgs".to_string(), false));
        let repr = "Pipeline(steps=[('scaler', StandardScaler()),\n                ('clf', LogisticRegression(max_iter=1000))])";
        let (short, cut) = clip(repr, 40);
        assert!(cut);
        assert_eq!(short.chars().count(), 40);
        assert_eq!(short, "Pipeline(steps=[('scaler', StandardScal…");
        // characters, not bytes: never a broken code point
        let (short, cut) = clip(&"é".repeat(50), 10);
        assert_eq!((short.as_str(), cut), ("ééééééééé…", true));
        // whitespace is folded even when short; folding alone is not a cut
        assert_eq!(clip("a\n  b", 40), ("a b".to_string(), false));
        assert_eq!(clip("", 40), (String::new(), false));
    }
}
