//! The sealed-keys views' module (`web::views::request_key`, `web::views::open_sealed`): built by
//! Trunk beside the page (index.html, `data-bin="keymint-sealed"`), fetched only when the user opens
//! "Request a key" or "Open a sealed key". The page calls `mount(element, settings)` with settings that
//! hold no secret; age itself is in the engines module, which the views call.

#[cfg(target_arch = "wasm32")]
mod exports {
    use keymint::core::views::SealedViewSettings;
    use wasm_bindgen::prelude::*;

    /// Mounts the view `settings` names into `root`; `false` when `settings` is not this build's.
    #[wasm_bindgen]
    pub fn mount(root: web_sys::Element, settings: JsValue) -> bool {
        let Ok(settings) = serde_wasm_bindgen::from_value::<SealedViewSettings>(settings) else {
            return false;
        };
        keymint::web::views::mount_sealed(root, settings)
    }

    /// Unmounts the view and drops what it holds.
    #[wasm_bindgen]
    pub fn unmount() {
        keymint::web::views::unmount_sealed();
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    println!(
        "keymint-sealed is the sealed-keys views' wasm module: trunk build --release builds it."
    );
}
