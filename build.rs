//! Links the app's wasm with `--emit-relocs` when the `split` feature is on: wasm-split-cli
//! (scripts/split_wasm.cjs, a Trunk hook) needs the linker's relocations to split it at
//! src/pages/deferred.rs. Only for that binary: the layout worker is not split, and the sections
//! would stay in its wasm (they tripled its size).

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-link-arg-bin=artifact-explorer=--emit-relocs");
    }
}
