//! Windowing for a virtualised table: which rows to put in the DOM for a scroll position.

use std::ops::Range;

/// The rows to render and the spacer heights that stand in for the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// Row positions (in the current row list) to render.
    pub rows: Range<usize>,
    /// Height of the empty spacer above the rendered rows, in px.
    pub top_px: f64,
    /// Height of the empty spacer below them, in px.
    pub bottom_px: f64,
    /// Height of all rows together (`top_px + rendered + bottom_px`).
    pub total_px: f64,
}

/// Computes the rendered window for fixed-height rows.
///
/// `scroll_top_px` is clamped to `0..=total - viewport` (a stale scroll position after the
/// list shrank shows the last page, not nothing). `overscan_rows` extra rows are rendered on
/// each side. A viewport height of 0 (not measured yet) renders the overscan rows only.
/// A row height that is not a positive finite number renders nothing. NaN scroll is 0.
pub fn window(
    total_rows: usize,
    row_height_px: f64,
    viewport_height_px: f64,
    scroll_top_px: f64,
    overscan_rows: usize,
) -> Window {
    let empty = Window {
        rows: 0..0,
        top_px: 0.0,
        bottom_px: 0.0,
        total_px: 0.0,
    };
    if total_rows == 0 || !(row_height_px.is_finite() && row_height_px > 0.0) {
        return empty;
    }
    let viewport = if viewport_height_px.is_finite() {
        viewport_height_px.max(0.0)
    } else {
        0.0
    };
    let total_px = total_rows as f64 * row_height_px;
    let max_scroll = (total_px - viewport).max(0.0);
    let scroll = if scroll_top_px.is_nan() {
        0.0
    } else {
        scroll_top_px.clamp(0.0, max_scroll)
    };
    let first = ((scroll / row_height_px).floor() as usize).min(total_rows - 1);
    let last = (((scroll + viewport) / row_height_px).ceil() as usize).clamp(first, total_rows);
    let start = first.saturating_sub(overscan_rows);
    let end = last.saturating_add(overscan_rows).min(total_rows);
    Window {
        rows: start..end,
        top_px: start as f64 * row_height_px,
        bottom_px: (total_rows - end) as f64 * row_height_px,
        total_px,
    }
}
