//! The on-demand module's entry point (see `core::ondemand`): built by Trunk beside the page as a
//! second wasm module (index.html, `data-bin="keymint-ondemand"`), fetched by the page only when a
//! feature needs one of its engines. It keeps no state between calls and touches no browser API.

#[cfg(target_arch = "wasm32")]
mod exports {
    use keymint::core::ondemand::{reply, Call};
    use wasm_bindgen::prelude::*;

    /// Answers one [`Call`] sent as a JS value. `null` when the message is not a call of this build's
    /// protocol (a page from another build): the page reports that. A fault in an engine traps this
    /// instance only.
    #[wasm_bindgen]
    pub fn call(message: JsValue) -> JsValue {
        let Ok(call) = serde_wasm_bindgen::from_value::<Call>(message) else {
            return JsValue::NULL;
        };
        // JSON-compatible (maps as objects, numbers as numbers): the page reads it through
        // JSON.stringify and serde_json.
        serde::Serialize::serialize(
            &reply(call),
            &serde_wasm_bindgen::Serializer::json_compatible(),
        )
        .unwrap_or(JsValue::NULL)
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    println!("keymint-ondemand is the page's second wasm module: trunk build --release builds it.");
}
