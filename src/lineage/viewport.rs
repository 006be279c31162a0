//! The canvas viewport: a pan/zoom transform from layout to screen coordinates, fitting, and
//! which layout rectangles show (the view skips drawing the rest).

use super::layout::Rect;

/// A pan/zoom transform: screen = layout × k + (x, y).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transform {
    pub x: f64,
    pub y: f64,
    pub k: f64,
}

impl Default for Transform {
    fn default() -> Self {
        Transform {
            x: 0.0,
            y: 0.0,
            k: 1.0,
        }
    }
}

pub const MIN_ZOOM: f64 = 0.05;
pub const MAX_ZOOM: f64 = 4.0;

impl Transform {
    /// Zooms by `factor` keeping the screen point (`cx`, `cy`) fixed.
    pub fn zoom_at(self, factor: f64, cx: f64, cy: f64) -> Transform {
        let k = (self.k * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let f = k / self.k;
        Transform {
            x: cx - (cx - self.x) * f,
            y: cy - (cy - self.y) * f,
            k,
        }
    }

    /// Fits a `width`×`height` layout into a `vw`×`vh` viewport with a margin, at most 1:1.
    pub fn fit(width: f64, height: f64, vw: f64, vh: f64) -> Transform {
        let m = 24.0;
        if width <= 0.0 || height <= 0.0 || vw <= 2.0 * m || vh <= 2.0 * m {
            return Transform { x: m, y: m, k: 1.0 };
        }
        let k = ((vw - 2.0 * m) / width)
            .min((vh - 2.0 * m) / height)
            .clamp(MIN_ZOOM, 1.0);
        Transform {
            x: (vw - width * k) / 2.0,
            y: (vh - height * k) / 2.0,
            k,
        }
    }

    /// Whether a layout rectangle shows in a `vw`×`vh` viewport.
    pub fn shows(&self, r: &Rect, vw: f64, vh: f64) -> bool {
        let (x0, y0) = (r.x * self.k + self.x, r.y * self.k + self.y);
        let (x1, y1) = (r.right() * self.k + self.x, r.bottom() * self.k + self.y);
        x1 >= 0.0 && y1 >= 0.0 && x0 <= vw && y0 <= vh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_keeps_the_cursor_point_and_fit_centres() {
        let t = Transform::default().zoom_at(2.0, 100.0, 50.0);
        assert_eq!(
            t,
            Transform {
                x: -100.0,
                y: -50.0,
                k: 2.0
            }
        );
        // the layout point under the cursor stays under it
        assert_eq!(((100.0 - t.x) / t.k, (50.0 - t.y) / t.k), (100.0, 50.0));
        assert_eq!(Transform::default().zoom_at(1e9, 0.0, 0.0).k, MAX_ZOOM);
        let f = Transform::fit(1000.0, 100.0, 548.0, 400.0);
        assert_eq!(f.k, 0.5);
        assert_eq!(f.x, 24.0);
        let r = Rect {
            x: 10.0,
            y: 10.0,
            width: 10.0,
            height: 10.0,
        };
        assert!(Transform::default().shows(&r, 100.0, 100.0));
        assert!(!Transform {
            x: -500.0,
            y: 0.0,
            k: 1.0
        }
        .shows(&r, 100.0, 100.0));
    }
}
