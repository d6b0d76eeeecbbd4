//! The page's side of the on-demand module (`core::ondemand`): finds it in index.html, has the loader
//! fetch it on the first call (www/ondemand.js: its wasm checked against the integrity the build
//! wrote), and passes calls and answers as JS values. Decides nothing: a thrown call means the
//! instance stopped, and the next call starts a fresh one.

use std::cell::{Cell, RefCell};

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::ondemand::{Call, OnDemandError, Reply};
use crate::core::output::{OutputError, OutputFormat};
use crate::core::profile::{ImportedProfile, ProfileImportError};
use crate::core::response::ApiKeyUserDetails;
use crate::web::browser::browser_reason;

/// The loader's `keymintLoadOnDemand(js, wasm, integrity, instance)` (www/ondemand.js), which
/// resolves to the loaded module.
fn load_module(js: &str, wasm: &str, integrity: &str, instance: u32) -> Option<Promise> {
    let load: Function = Reflect::get(&js_sys::global(), &JsValue::from_str("keymintLoadOnDemand"))
        .ok()?
        .dyn_into()
        .ok()?;
    let args = Array::of4(
        &JsValue::from_str(js),
        &JsValue::from_str(wasm),
        &JsValue::from_str(integrity),
        &JsValue::from(instance),
    );
    load.apply(&JsValue::NULL, &args).ok()?.dyn_into().ok()
}

/// The module's exported `call(message)`; an exception (a trap) is `Err`.
fn call_module(module: &JsValue, message: JsValue) -> Result<JsValue, JsValue> {
    let call: Function = Reflect::get(module, &JsValue::from_str("call"))?.dyn_into()?;
    call.call1(&JsValue::NULL, &message)
}

thread_local! {
    /// The module being loaded or loaded, shared by concurrent calls.
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
    /// How many instances stopped so far (the next load asks for a fresh one).
    static STOPPED: Cell<u32> = const { Cell::new(0) };
}

/// Where the build put the module: `<meta name="keymint-ondemand" content="JS" data-wasm="WASM"
/// data-integrity="sha384-…">`, written by scripts/post-build.py.
fn location() -> Option<(String, String, String)> {
    let meta = web_sys::window()?
        .document()?
        .query_selector(r#"meta[name="keymint-ondemand"]"#)
        .ok()??;
    Some((
        meta.get_attribute("content")?,
        meta.get_attribute("data-wasm")?,
        meta.get_attribute("data-integrity")?,
    ))
}

async fn module() -> Result<JsValue, OnDemandError> {
    let promise = match LOADING.with(|l| l.borrow().clone()) {
        Some(p) => p,
        None => {
            let (js, wasm, integrity) = location().ok_or(OnDemandError::NotInThisBuild)?;
            let p = load_module(&js, &wasm, &integrity, STOPPED.with(Cell::get))
                .ok_or(OnDemandError::NotInThisBuild)?;
            LOADING.with(|l| *l.borrow_mut() = Some(p.clone()));
            p
        }
    };
    JsFuture::from(promise).await.map_err(|e| {
        // A failed load is not kept: the next call tries again.
        LOADING.with(|l| *l.borrow_mut() = None);
        OnDemandError::Unavailable {
            detail: browser_reason(&e),
        }
    })
}

/// Sends one call to the on-demand module, loading it first if needed.
pub async fn call(message: &Call) -> Result<Reply, OnDemandError> {
    let module = module().await?;
    let message = serde_wasm_bindgen::to_value(message).map_err(|_| OnDemandError::Mismatched)?;
    match call_module(&module, message) {
        Ok(answer) if answer.is_null() => Err(OnDemandError::Mismatched),
        Ok(answer) => serde_wasm_bindgen::from_value(answer).map_err(|_| OnDemandError::Mismatched),
        Err(_) => {
            // The instance trapped (a panic aborts): drop it; the next call loads a fresh one.
            LOADING.with(|l| *l.borrow_mut() = None);
            STOPPED.with(|s| s.set(s.get() + 1));
            Err(OnDemandError::Stopped)
        }
    }
}

/// Renders the key in a format that needs an engine (JSONPath, Go templates).
pub async fn render(
    format: &OutputFormat,
    key: &ApiKeyUserDetails,
) -> Result<Result<String, OutputError>, OnDemandError> {
    let message = Call::Render {
        format: format.clone(),
        key: key.clone(),
    };
    match call(&message).await? {
        Reply::Rendered(result) => Ok(result),
        Reply::Imported(_) => Err(OnDemandError::Mismatched),
    }
}

/// Reads an Atlas CLI `config.toml` into its profiles.
pub async fn import_cli_config(
    text: String,
) -> Result<Result<Vec<ImportedProfile>, ProfileImportError>, OnDemandError> {
    match call(&Call::ImportCliConfig { text }).await? {
        Reply::Imported(result) => Ok(result),
        Reply::Rendered(_) => Err(OnDemandError::Mismatched),
    }
}
