//! The lineage controls as URL query values: `depth`, `direction` and `mode`
//! ([`crate::routes::Query`] names the keys). Anything a link carries parses to a valid
//! setting; a control writes nothing for the default, so the default view keeps a short link.

use super::graph::Direction;
use super::view::ViewMode;

/// Hops from the focus when the URL names none.
pub const DEFAULT_DEPTH: u32 = 2;
/// The most hops the depth control offers.
pub const MAX_DEPTH: u32 = 6;

/// `depth=…`: 1 to [`MAX_DEPTH`]; anything else is [`DEFAULT_DEPTH`].
pub fn parse_depth(s: &str) -> u32 {
    s.parse::<u32>()
        .ok()
        .filter(|d| (1..=MAX_DEPTH).contains(d))
        .unwrap_or(DEFAULT_DEPTH)
}

/// `direction=upstream|downstream`; anything else is both ways.
pub fn parse_direction(s: &str) -> Direction {
    match s {
        "upstream" => Direction::Upstream,
        "downstream" => Direction::Downstream,
        _ => Direction::Both,
    }
}

/// `mode=explode|types`; anything else is clusters.
pub fn parse_mode(s: &str) -> ViewMode {
    match s {
        "explode" => ViewMode::Explode,
        "types" => ViewMode::Types,
        _ => ViewMode::Clusters,
    }
}

/// The name of a direction, as its control and the URL spell it.
pub fn direction_name(d: Direction) -> &'static str {
    match d {
        Direction::Upstream => "upstream",
        Direction::Downstream => "downstream",
        Direction::Both => "both",
    }
}

/// The name of a view mode, as its control and the URL spell it.
pub fn mode_name(m: ViewMode) -> &'static str {
    match m {
        ViewMode::Clusters => "clusters",
        ViewMode::Explode => "explode",
        ViewMode::Types => "types",
    }
}

/// What the depth control writes to the URL: nothing for the default.
pub fn depth_param(d: u32) -> String {
    if d == DEFAULT_DEPTH {
        String::new()
    } else {
        d.to_string()
    }
}

/// What the direction control writes to the URL: nothing for both ways (the default).
pub fn direction_param(d: Direction) -> &'static str {
    match d {
        Direction::Both => "",
        _ => direction_name(d),
    }
}

/// What the mode buttons write to the URL: nothing for clusters (the default).
pub fn mode_param(m: ViewMode) -> &'static str {
    match m {
        ViewMode::Clusters => "",
        _ => mode_name(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIRECTIONS: [Direction; 3] =
        [Direction::Upstream, Direction::Downstream, Direction::Both];
    const MODES: [ViewMode; 3] = [ViewMode::Clusters, ViewMode::Explode, ViewMode::Types];

    #[test]
    fn depth_is_one_to_six_hops_and_two_otherwise() {
        assert_eq!(parse_depth("1"), 1);
        assert_eq!(parse_depth("6"), 6);
        for bad in ["", "0", "7", "-1", "2.5", " 3", "three", "99999999999"] {
            assert_eq!(parse_depth(bad), DEFAULT_DEPTH, "{bad:?}");
        }
    }

    #[test]
    fn unknown_direction_and_mode_fall_back_to_the_defaults() {
        assert_eq!(parse_direction("upstream"), Direction::Upstream);
        assert_eq!(parse_direction("downstream"), Direction::Downstream);
        assert_eq!(parse_mode("explode"), ViewMode::Explode);
        assert_eq!(parse_mode("types"), ViewMode::Types);
        for bad in ["", "both", "Upstream", "sideways", "<b>"] {
            assert_eq!(parse_direction(bad), Direction::Both, "{bad:?}");
        }
        for bad in ["", "clusters", "Explode", "graph"] {
            assert_eq!(parse_mode(bad), ViewMode::Clusters, "{bad:?}");
        }
    }

    #[test]
    fn every_setting_survives_the_url_and_defaults_write_nothing() {
        for d in 1..=MAX_DEPTH {
            assert_eq!(parse_depth(&depth_param(d)), d);
        }
        for d in DIRECTIONS {
            assert_eq!(parse_direction(direction_param(d)), d);
            assert_eq!(parse_direction(direction_name(d)), d);
        }
        for m in MODES {
            assert_eq!(parse_mode(mode_param(m)), m);
            assert_eq!(parse_mode(mode_name(m)), m);
        }
        assert_eq!(depth_param(DEFAULT_DEPTH), "");
        assert_eq!(direction_param(Direction::Both), "");
        assert_eq!(mode_param(ViewMode::Clusters), "");
        assert_eq!(depth_param(3), "3");
        assert_eq!(direction_param(Direction::Upstream), "upstream");
        assert_eq!(mode_param(ViewMode::Types), "types");
    }
}
