//! Moving a registered model alias, checked against what MLflow holds. MLflow moves an alias
//! silently when it already points elsewhere; the app says what moves (`production: v3 → v5`)
//! and asks first. The plan is always made from a fresh read taken when the user saves, so an
//! alias another client moved since the page loaded is shown as it is now; after the write a
//! second read says whether MLflow still holds the move.

use crate::mlflow::wire::RegisteredModelAlias;

/// What setting `alias` on `to` would do, given where it points now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    /// The alias is new.
    Add { alias: String, to: String },
    /// The alias points at another version and would move.
    Move {
        alias: String,
        from: String,
        to: String,
    },
    /// It already points there: nothing to write.
    Unchanged { alias: String, at: String },
}

impl Plan {
    /// `production: v3 → v5` (what the confirmation asks about).
    pub fn describe(&self) -> String {
        match self {
            Plan::Add { alias, to } => format!("{alias}: (new) → v{to}"),
            Plan::Move { alias, from, to } => format!("{alias}: v{from} → v{to}"),
            Plan::Unchanged { alias, at } => format!("{alias} already points at v{at}"),
        }
    }

    /// Whether the user must confirm before anything is written.
    pub fn needs_confirmation(&self) -> bool {
        matches!(self, Plan::Move { .. })
    }
}

/// Where `alias` points in `aliases` (a registered model's alias list), if anywhere.
pub fn target_of<'a>(aliases: &'a [RegisteredModelAlias], alias: &str) -> Option<&'a str> {
    aliases
        .iter()
        .find(|a| a.alias == alias)
        .map(|a| a.version.as_str())
}

pub fn plan(aliases: &[RegisteredModelAlias], alias: &str, to: &str) -> Plan {
    match target_of(aliases, alias) {
        None => Plan::Add {
            alias: alias.into(),
            to: to.into(),
        },
        Some(at) if at == to => Plan::Unchanged {
            alias: alias.into(),
            at: to.into(),
        },
        Some(from) => Plan::Move {
            alias: alias.into(),
            from: from.into(),
            to: to.into(),
        },
    }
}

/// When the page showed the alias elsewhere than MLflow holds it now, the sentence that says
/// so (`shown` is where the page thought it pointed, `None` for nowhere).
pub fn moved_since_loaded(
    shown: Option<&str>,
    fresh: &[RegisteredModelAlias],
    alias: &str,
) -> Option<String> {
    let now = target_of(fresh, alias);
    if now == shown {
        return None;
    }
    Some(match (shown, now) {
        (Some(s), Some(n)) => {
            format!("{alias} was moved from v{s} to v{n} by someone else since this page loaded.")
        }
        (None, Some(n)) => {
            format!("Someone else pointed {alias} at v{n} since this page loaded.")
        }
        (Some(s), None) => {
            format!("Someone else removed {alias} (it was on v{s}) since this page loaded.")
        }
        (None, None) => return None,
    })
}

/// What the read after a write shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// MLflow holds the alias where the user put it (or, after a removal, nowhere).
    Holds,
    /// Someone else changed it right after: it points at `now` (`None`: nowhere).
    Changed { now: Option<String> },
}

/// `wanted`: the version the alias should point at, or `None` after a removal.
pub fn outcome(after: &[RegisteredModelAlias], alias: &str, wanted: Option<&str>) -> Outcome {
    let now = target_of(after, alias);
    if now == wanted {
        Outcome::Holds
    } else {
        Outcome::Changed {
            now: now.map(str::to_string),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aliases(pairs: &[(&str, &str)]) -> Vec<RegisteredModelAlias> {
        pairs
            .iter()
            .map(|(a, v)| RegisteredModelAlias {
                alias: a.to_string(),
                version: v.to_string(),
            })
            .collect()
    }

    #[test]
    fn plans_say_what_moves() {
        let now = aliases(&[("production", "3"), ("staging", "5")]);
        let p = plan(&now, "production", "5");
        assert_eq!(p.describe(), "production: v3 → v5");
        assert!(p.needs_confirmation());
        let add = plan(&now, "champion", "5");
        assert_eq!(add.describe(), "champion: (new) → v5");
        assert!(!add.needs_confirmation());
        let same = plan(&now, "staging", "5");
        assert_eq!(same.describe(), "staging already points at v5");
        assert!(!same.needs_confirmation());
    }

    /// The page loaded with production on v1; another client moved it to v2; the user saves
    /// production on v3. The fresh plan shows v2 → v3 and the page says who moved it.
    #[test]
    fn a_move_by_someone_else_is_shown_as_it_is_now() {
        let fresh = aliases(&[("production", "2")]);
        assert_eq!(
            moved_since_loaded(Some("1"), &fresh, "production").unwrap(),
            "production was moved from v1 to v2 by someone else since this page loaded."
        );
        assert_eq!(
            plan(&fresh, "production", "3").describe(),
            "production: v2 → v3"
        );
        assert_eq!(moved_since_loaded(Some("2"), &fresh, "production"), None);
        assert!(moved_since_loaded(None, &fresh, "production")
            .unwrap()
            .contains("pointed production at v2"));
        assert!(moved_since_loaded(Some("2"), &[], "production")
            .unwrap()
            .contains("removed"));
    }

    #[test]
    fn outcomes_compare_the_reread_with_the_wish() {
        let after = aliases(&[("production", "4")]);
        assert_eq!(outcome(&after, "production", Some("4")), Outcome::Holds);
        assert_eq!(
            outcome(&after, "production", Some("3")),
            Outcome::Changed {
                now: Some("4".into())
            }
        );
        assert_eq!(outcome(&[], "production", None), Outcome::Holds);
        assert_eq!(
            outcome(&after, "production", None),
            Outcome::Changed {
                now: Some("4".into())
            }
        );
    }
}
