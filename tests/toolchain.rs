//! Tool versions are pinned once, in scripts/versions.env; Trunk.toml and Cargo.lock must agree.

fn read(rel: &str) -> String {
    std::fs::read_to_string(format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn pinned(key: &str) -> String {
    read("scripts/versions.env")
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("{key} missing from versions.env"))
        .trim()
        .to_string()
}

#[test]
fn trunk_toml_uses_the_pinned_tool_versions() {
    let trunk = read("Trunk.toml");
    assert!(trunk.contains(&format!(
        "wasm_bindgen = \"{}\"",
        pinned("WASM_BINDGEN_VERSION")
    )));
    assert!(trunk.contains(&format!(
        "wasm_opt = \"version_{}\"",
        pinned("BINARYEN_VERSION")
    )));
}

#[test]
fn cargo_lock_has_the_pinned_wasm_bindgen() {
    let lock = read("Cargo.lock");
    let expected = format!(
        "name = \"wasm-bindgen\"\nversion = \"{}\"",
        pinned("WASM_BINDGEN_VERSION")
    );
    assert!(
        lock.contains(&expected),
        "Cargo.lock and versions.env disagree on wasm-bindgen"
    );
}

#[test]
fn cargo_lock_has_split_helpers_of_the_pinned_wasm_split_cli_series() {
    // wasm-split-cli rewrites the imports that wasm_split_helpers' macro emits: the two must come
    // from the same 0.x series
    let cli = pinned("WASM_SPLIT_CLI_VERSION");
    let series = cli.rsplit_once('.').map(|(s, _)| s).unwrap_or(&cli);
    let lock = read("Cargo.lock");
    let helpers = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"wasm_split_helpers\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_string())
        .expect("wasm_split_helpers in Cargo.lock");
    assert!(
        helpers.starts_with(&format!("{series}.")),
        "Cargo.lock has wasm_split_helpers {helpers}, versions.env pins wasm-split-cli {cli}"
    );
}
