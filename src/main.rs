//! Keymint's entry point: on wasm32 it mounts the Yew app; on the host it only explains itself.

#[cfg(target_arch = "wasm32")]
fn main() {
    keymint::app::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("Keymint is a web page: build it with `trunk build --release` (see README.md).");
}
