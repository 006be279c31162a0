//! Mounts the app in the browser. Natively there is nothing to run: use `cargo test`.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(artifact_explorer::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Artifact Explorer runs in the browser: see README.md (scripts/demo).");
}
