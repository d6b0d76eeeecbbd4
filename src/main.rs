//! Keymint's entry point: on wasm32 it mounts the Yew app; on the host it only explains itself.

#[cfg(target_arch = "wasm32")]
fn main() {
    // First: a panic anywhere after this shows a plain message instead of a dead page.
    keymint::web::browser::install_panic_hook();
    keymint::web::app::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("Keymint is a web page: build it with `trunk build --release` (see README.md).");
}
