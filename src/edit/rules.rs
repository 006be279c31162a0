//! The checks MLflow 3.17 applies to what the user types (`mlflow/utils/validation.py`), run
//! before sending: a form says what to fix next to the field instead of showing a 400, and a
//! run tag longer than MLflow keeps is refused here — MLflow would cut it to 8,000 characters
//! without an error. Lengths count characters (code points), as MLflow does.

/// Longest tag key MLflow accepts on runs, registered models and model versions.
pub const MAX_TAG_KEY: usize = 250;
/// MLflow silently keeps only this much of a run tag value (and so of a run description).
pub const MAX_RUN_TAG_VALUE: usize = 8000;
/// Longest registered model / model version tag value MLflow accepts.
pub const MAX_REGISTRY_TAG_VALUE: usize = 100_000;
/// Longest alias MLflow accepts.
pub const MAX_ALIAS: usize = 255;

/// How strictly a target's tag keys are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyRule {
    /// Runs, registered models, model versions: letters, digits, `_ - . : /` and spaces, not a
    /// path that normalises to another name, at most [`MAX_TAG_KEY`] characters.
    Strict,
    /// Logged models: MLflow accepts any non-empty key.
    Any,
}

/// The reserved prefix of MLflow's own bookkeeping tags (`mlflow.runName`, `mlflow.note.content`…).
pub const RESERVED_PREFIX: &str = "mlflow.";

pub fn tag_key(key: &str, rule: KeyRule) -> Result<(), String> {
    if key.is_empty() {
        return Err("Enter a key.".into());
    }
    if key.starts_with(RESERVED_PREFIX) {
        return Err(format!(
            "Keys starting with \"{RESERVED_PREFIX}\" are MLflow's own; choose another."
        ));
    }
    if rule == KeyRule::Any {
        return Ok(());
    }
    let n = key.chars().count();
    if n > MAX_TAG_KEY {
        return Err(format!(
            "Keys may have at most {MAX_TAG_KEY} characters (this one has {n})."
        ));
    }
    if let Some(bad) = key
        .chars()
        .find(|c| !(c.is_alphanumeric() || "_-.: /".contains(*c)))
    {
        return Err(format!(
            "MLflow allows only letters, digits, spaces and _ - . : / in keys, not {bad:?}."
        ));
    }
    if path_not_unique(key) {
        return Err(
            "MLflow refuses keys that read as another path (leading or doubled /, . or .. parts)."
                .into(),
        );
    }
    Ok(())
}

/// `max`: the longest value the target keeps, `None` when MLflow sets no limit we know of.
pub fn tag_value(value: &str, max: Option<usize>) -> Result<(), String> {
    let n = value.chars().count();
    match max {
        Some(max) if n > max => Err(format!(
            "MLflow keeps at most {} characters here (this has {}).",
            crate::format::thousands(max as u64),
            crate::format::thousands(n as u64)
        )),
        _ => Ok(()),
    }
}

/// A registered model alias: letters, digits, `_` and `-`; not `latest` and not `v3`-like
/// (both mean something else in `models:/name@…` URIs).
pub fn alias_name(alias: &str) -> Result<(), String> {
    if alias.is_empty() {
        return Err("Enter an alias.".into());
    }
    if let Some(bad) = alias
        .chars()
        .find(|c| !(c.is_alphanumeric() || *c == '_' || *c == '-'))
    {
        return Err(format!(
            "Aliases may contain only letters, digits, _ and -, not {bad:?}."
        ));
    }
    let n = alias.chars().count();
    if n > MAX_ALIAS {
        return Err(format!("Aliases may have at most {MAX_ALIAS} characters."));
    }
    if alias.eq_ignore_ascii_case("latest") {
        return Err(
            "\"latest\" is reserved by MLflow (it always means the newest version).".into(),
        );
    }
    let mut chars = alias.chars();
    if matches!(chars.next(), Some('v' | 'V'))
        && chars.clone().next().is_some()
        && chars.all(|c| c.is_ascii_digit())
    {
        return Err(format!(
            "\"{alias}\" reads as a version number; MLflow reserves it."
        ));
    }
    Ok(())
}

/// A registered model name: not blank, no `/` or `:`, not a path that normalises elsewhere.
pub fn model_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("Enter a name for the registered model.".into());
    }
    if name.contains('/') || name.contains(':') {
        return Err("Registered model names cannot contain / or :.".into());
    }
    if path_not_unique(name) {
        return Err("MLflow refuses this name (it reads as another path).".into());
    }
    Ok(())
}

/// MLflow's `path_not_unique`: true when POSIX path normalisation changes `name`, or it is
/// `.`, starts with `..`, or is absolute.
pub fn path_not_unique(name: &str) -> bool {
    let norm = normpath(name);
    norm != name || norm == "." || norm.starts_with("..") || norm.starts_with('/')
}

/// Python's `posixpath.normpath`.
fn normpath(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let initial = if path.starts_with("//") && !path.starts_with("///") {
        "//"
    } else if path.starts_with('/') {
        "/"
    } else {
        ""
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                if (initial.is_empty() && parts.is_empty())
                    || parts.last().is_some_and(|l| *l == "..")
                {
                    parts.push("..");
                } else if !parts.is_empty() {
                    parts.pop();
                }
            }
            p => parts.push(p),
        }
    }
    let joined = format!("{initial}{}", parts.join("/"));
    if joined.is_empty() {
        ".".into()
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys MLflow 3.17.2 answered 400 to on `runs/set-tag` and 200 to on logged models.
    #[test]
    fn strict_keys_refuse_what_mlflow_refused() {
        for key in [
            "<b>x</b>",
            "javascript:alert(1)",
            "\u{202e}evil",
            "a?b=c",
            "a%2Fb",
            &"k".repeat(251),
        ] {
            assert!(tag_key(key, KeyRule::Strict).is_err(), "{key}");
            assert!(tag_key(key, KeyRule::Any).is_ok(), "{key}");
        }
        for key in ["a/b", "a b", "ünï", "a.b-c_d", "stage:1", &"k".repeat(250)] {
            assert!(tag_key(key, KeyRule::Strict).is_ok(), "{key}");
        }
        for key in ["/a", "a/", "a//b", "./a", "..", ".", "a/../b"] {
            assert!(tag_key(key, KeyRule::Strict).is_err(), "{key}");
        }
        assert!(tag_key("", KeyRule::Any).is_err());
        let reserved = tag_key("mlflow.note.content", KeyRule::Any).unwrap_err();
        assert!(reserved.contains("MLflow's own"), "{reserved}");
    }

    #[test]
    fn run_tag_values_stop_where_mlflow_would_cut_them() {
        assert!(tag_value(&"x".repeat(8000), Some(MAX_RUN_TAG_VALUE)).is_ok());
        let e = tag_value(&"é".repeat(8001), Some(MAX_RUN_TAG_VALUE)).unwrap_err();
        assert_eq!(
            e,
            "MLflow keeps at most 8,000 characters here (this has 8,001)."
        );
        assert!(tag_value(&"x".repeat(10_000), None).is_ok());
        assert!(tag_value(&"x".repeat(10_000), Some(MAX_REGISTRY_TAG_VALUE)).is_ok());
    }

    #[test]
    fn aliases_follow_mlflows_rules() {
        for ok in [
            "production",
            "champion_2",
            "a-b",
            "prod",
            "v",
            "v1a",
            "vX",
            "ünï",
        ] {
            assert!(alias_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "latest", "LATEST", "v3", "V10", "a b", "a/b", "<x>", "a.b",
        ] {
            assert!(alias_name(bad).is_err(), "{bad}");
        }
        assert!(alias_name(&"a".repeat(256)).is_err());
    }

    #[test]
    fn model_names_and_paths() {
        assert!(model_name("iris classifier").is_ok());
        for bad in ["", "  ", "a/b", "a:b", "..", "."] {
            assert!(model_name(bad).is_err(), "{bad:?}");
        }
        assert_eq!(normpath("a//b/./c/.."), "a/b");
        assert_eq!(normpath("../a"), "../a");
        assert_eq!(normpath("/.."), "/");
        assert_eq!(normpath("//a"), "//a");
        assert_eq!(normpath(""), ".");
    }
}
