//! The Project keys view's module (`web::views`): built by Trunk beside the page (index.html,
//! `data-bin="keymint-keys"`), fetched only when the user opens Project keys. The page calls
//! `mount(element, settings, secret)` with its settings as a JS value and the one secret as a
//! string, in memory, and `unmount()` when the view closes or its caller changes.

#[cfg(target_arch = "wasm32")]
mod exports {
    use keymint::core::views::ViewSettings;
    use wasm_bindgen::prelude::*;

    /// Mounts Project keys into `root`; `false` when `settings` is not this build's.
    #[wasm_bindgen]
    pub fn mount(root: web_sys::Element, settings: JsValue, secret: String) -> bool {
        let Ok(settings) = serde_wasm_bindgen::from_value::<ViewSettings>(settings) else {
            return false;
        };
        keymint::web::views::mount_project_keys(root, settings, &secret)
    }

    /// Unmounts the view and drops what it holds.
    #[wasm_bindgen]
    pub fn unmount() {
        keymint::web::views::unmount();
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    println!(
        "keymint-keys is the Project keys view's wasm module: trunk build --release builds it."
    );
}
