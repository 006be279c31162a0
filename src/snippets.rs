//! "Use this version": copyable code that loads exactly the version shown, like W&B's usage
//! snippets. Pure; every value from MLflow goes into a Python string literal escaped by
//! [`py_str`], so a hostile name cannot end the string.

/// One copyable snippet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub title: String,
    /// `python` or `text`.
    pub language: &'static str,
    pub code: String,
}

/// A Python string literal for `s` (double quotes; backslashes, quotes and every control or
/// invisible formatting character escaped, so the code reads as it will run).
pub fn py_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2066..=0x2069 | 0xFEFF) =>
            {
                let n = c as u32;
                if n <= 0xFF {
                    out.push_str(&format!("\\x{n:02x}"));
                } else {
                    out.push_str(&format!("\\u{n:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `mlflow.set_tracking_uri(…)` for the server the app reads from.
fn tracking(server: &str) -> String {
    format!(
        "import mlflow\n\nmlflow.set_tracking_uri({})\n",
        py_str(server)
    )
}

/// A registry reference of a logged model: `models:/name@alias` or `models:/name/3`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryRef {
    pub model: String,
    pub version: String,
    pub aliases: Vec<String>,
}

/// Snippets for a logged model: by each registry alias, by registry version, and by its id.
pub fn model(server: &str, model_id: &str, registry: &[RegistryRef]) -> Vec<Snippet> {
    let mut out = Vec::new();
    let load = |uri: String| {
        format!(
            "{}model = mlflow.pyfunc.load_model({})\n",
            tracking(server),
            py_str(&uri)
        )
    };
    for r in registry {
        for a in &r.aliases {
            out.push(Snippet {
                title: format!("Registry alias {}@{a}", r.model),
                language: "python",
                code: load(format!("models:/{}@{a}", r.model)),
            });
        }
        out.push(Snippet {
            title: format!("Registry version {} v{}", r.model, r.version),
            language: "python",
            code: load(format!("models:/{}/{}", r.model, r.version)),
        });
    }
    out.push(Snippet {
        title: "This exact logged model".into(),
        language: "python",
        code: load(format!("models:/{model_id}")),
    });
    out
}

/// Snippets for a dataset version: its source and digest as text, and the Python that finds
/// it on a run that used it (`used_by`) and loads it from its source.
pub fn dataset(
    server: &str,
    name: &str,
    digest: &str,
    source: Option<&str>,
    used_by: Option<&str>,
) -> Vec<Snippet> {
    let mut out = vec![Snippet {
        title: "Source and digest".into(),
        language: "text",
        code: format!(
            "name:   {name}\ndigest: {digest}\nsource: {}\n",
            source.unwrap_or("(not recorded)")
        ),
    }];
    if let Some(run_id) = used_by {
        out.push(Snippet {
            title: "Load it in Python".into(),
            language: "python",
            code: format!(
                "{}run = mlflow.get_run({})\ndataset = next(\n    d.dataset for d in run.inputs.dataset_inputs\n    if d.dataset.name == {} and d.dataset.digest == {}\n)\nsource = mlflow.data.get_source(dataset)\nlocal_path = source.load()\n",
                tracking(server),
                py_str(run_id),
                py_str(name),
                py_str(digest)
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_strings_cannot_be_broken_out_of() {
        assert_eq!(py_str("plain"), "\"plain\"");
        assert_eq!(
            py_str("a\"); import os; os.system(\"x"),
            r#""a\"); import os; os.system(\"x""#
        );
        assert_eq!(py_str("a\\b\nc"), r#""a\\b\nc""#);
        assert_eq!(py_str("\u{202e}txt"), r#""\u202etxt""#);
        assert_eq!(py_str("\u{0}"), r#""\x00""#);
        assert_eq!(py_str("données"), "\"données\"");
    }

    #[test]
    fn model_snippets_use_aliases_versions_and_the_id() {
        let s = model(
            "http://127.0.0.1:5000",
            "m-abc",
            &[RegistryRef {
                model: "iris-classifier".into(),
                version: "3".into(),
                aliases: vec!["champion".into()],
            }],
        );
        let titles: Vec<&str> = s.iter().map(|x| x.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "Registry alias iris-classifier@champion",
                "Registry version iris-classifier v3",
                "This exact logged model"
            ]
        );
        assert_eq!(
            s[0].code,
            "import mlflow\n\nmlflow.set_tracking_uri(\"http://127.0.0.1:5000\")\nmodel = mlflow.pyfunc.load_model(\"models:/iris-classifier@champion\")\n"
        );
        assert!(s[1].code.contains("\"models:/iris-classifier/3\""));
        assert!(s[2].code.contains("\"models:/m-abc\""));
    }

    #[test]
    fn dataset_snippets_name_the_source_and_digest() {
        let s = dataset(
            "https://m",
            "iris \"raw\"",
            "d1g",
            Some("s3://b/iris.csv"),
            Some("r1"),
        );
        assert!(s[0].code.contains("source: s3://b/iris.csv"));
        assert!(s[0].code.contains("digest: d1g"));
        assert!(s[1].code.contains("d.dataset.name == \"iris \\\"raw\\\"\""));
        assert!(s[1].code.contains("mlflow.get_run(\"r1\")"));
        assert_eq!(dataset("https://m", "n", "d", None, None).len(), 1);
    }
}
