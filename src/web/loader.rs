//! The page's side of the modules that load on demand: the engines module (`core::ondemand`: Go
//! templates, JSONPath, the CLI config reader, age) and the
//! views that load when opened (`web::views`). Finds each in index.html, has the loader fetch it the
//! first time it is needed (www/ondemand.js: its wasm checked against the integrity the build wrote),
//! and passes calls and answers as JS values. Decides nothing: a thrown call means the instance
//! stopped, and the next call starts a fresh one.

use std::cell::{Cell, RefCell};

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::ondemand::{Call, OnDemandError, Reply};
use crate::core::output::{OutputError, OutputFormat};
use crate::core::profile::{ImportedProfile, ProfileImportError};
use crate::core::response::ApiKeyUserDetails;
use crate::core::sealing::{OpenError, SealError, SecretText};
use crate::core::views::{SealedViewSettings, ViewSettings};
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

/// One module that loads on demand: its name in index.html, the load on its way or done (shared by
/// concurrent calls), and how many of its instances stopped (the next load asks for a fresh one).
struct Slot {
    name: &'static str,
    loading: RefCell<Option<Promise>>,
    stopped: Cell<u32>,
}

impl Slot {
    const fn new(name: &'static str) -> Self {
        Slot {
            name,
            loading: RefCell::new(None),
            stopped: Cell::new(0),
        }
    }
}

thread_local! {
    /// The engines module: Go templates, JSONPath, the CLI config.toml reader.
    static ENGINES: Slot = const { Slot::new("keymint-ondemand") };
    /// The Project keys view.
    static PROJECT_KEYS: Slot = const { Slot::new("keymint-keys") };
    /// The sealed-keys views: Request a key, Open a sealed key.
    static SEALED: Slot = const { Slot::new("keymint-sealed") };
}

/// Where the build put the module `name`: `<meta name="NAME" content="JS" data-wasm="WASM"
/// data-integrity="sha384-…">`, written by scripts/post-build.py.
fn location(name: &str) -> Option<(String, String, String)> {
    let meta = web_sys::window()?
        .document()?
        .query_selector(&format!(r#"meta[name="{name}"]"#))
        .ok()??;
    Some((
        meta.get_attribute("content")?,
        meta.get_attribute("data-wasm")?,
        meta.get_attribute("data-integrity")?,
    ))
}

async fn module(slot: &'static std::thread::LocalKey<Slot>) -> Result<JsValue, OnDemandError> {
    let promise = match slot.with(|s| s.loading.borrow().clone()) {
        Some(p) => p,
        None => {
            let (js, wasm, integrity) =
                location(slot.with(|s| s.name)).ok_or(OnDemandError::NotInThisBuild)?;
            let p = load_module(&js, &wasm, &integrity, slot.with(|s| s.stopped.get()))
                .ok_or(OnDemandError::NotInThisBuild)?;
            slot.with(|s| *s.loading.borrow_mut() = Some(p.clone()));
            p
        }
    };
    JsFuture::from(promise).await.map_err(|e| {
        // A failed load is not kept: the next call tries again.
        slot.with(|s| *s.loading.borrow_mut() = None);
        OnDemandError::Unavailable {
            detail: browser_reason(&e),
        }
    })
}

/// The module's instance trapped (a panic aborts): drop it; the next use loads a fresh one.
fn stopped(slot: &'static std::thread::LocalKey<Slot>) -> OnDemandError {
    slot.with(|s| {
        *s.loading.borrow_mut() = None;
        s.stopped.set(s.stopped.get() + 1);
    });
    OnDemandError::Stopped
}

/// A message for a module, as a JS value: written by serde_json (already in the page) and read by the
/// browser's `JSON.parse`; the modules read it with serde-wasm-bindgen. The page itself carries no
/// serde-wasm-bindgen.
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, OnDemandError> {
    let text = serde_json::to_string(value).map_err(|_| OnDemandError::Mismatched)?;
    js_sys::JSON::parse(&text).map_err(|_| OnDemandError::Mismatched)
}

/// A module's answer (JSON-compatible, see `keymint-ondemand`), read back through `JSON.stringify`.
fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue) -> Result<T, OnDemandError> {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or(OnDemandError::Mismatched)?;
    serde_json::from_str(&text).map_err(|_| OnDemandError::Mismatched)
}

/// Sends one call to the on-demand module, loading it first if needed.
pub async fn call(message: &Call) -> Result<Reply, OnDemandError> {
    let module = module(&ENGINES).await?;
    let message = to_js(message)?;
    match call_module(&module, message) {
        Ok(answer) if answer.is_null() => Err(OnDemandError::Mismatched),
        Ok(answer) => from_js(&answer),
        Err(_) => Err(stopped(&ENGINES)),
    }
}

/// Loads the view module in `slot` (the first time) and calls its `mount(root, settings, ...extra)`:
/// `true` from it is a mounted view.
async fn mount_view(
    slot: &'static std::thread::LocalKey<Slot>,
    root: &web_sys::Element,
    settings: JsValue,
    extra: Option<&str>,
) -> Result<(), OnDemandError> {
    let module = module(slot).await?;
    let mount: Function = Reflect::get(&module, &JsValue::from_str("mount"))
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or(OnDemandError::Mismatched)?;
    let mounted = match extra {
        Some(extra) => mount.call3(&JsValue::NULL, root, &settings, &JsValue::from_str(extra)),
        None => mount.call2(&JsValue::NULL, root, &settings),
    };
    match mounted {
        Ok(mounted) if mounted.as_bool() == Some(true) => Ok(()),
        Ok(_) => Err(OnDemandError::Mismatched),
        Err(_) => Err(stopped(slot)),
    }
}

/// Opens Project keys in `root`: loads its module the first time, then mounts the view for the
/// caller `settings` describes, handing it `secret` in memory.
pub async fn open_project_keys(
    root: &web_sys::Element,
    settings: &ViewSettings,
    secret: &str,
) -> Result<(), OnDemandError> {
    mount_view(&PROJECT_KEYS, root, to_js(settings)?, Some(secret)).await
}

/// Opens a sealed-keys view in `root` (the one open before goes): loads the module the first time.
/// Its settings hold no secret.
pub async fn open_sealed_view(
    root: &web_sys::Element,
    settings: &SealedViewSettings,
) -> Result<(), OnDemandError> {
    mount_view(&SEALED, root, to_js(settings)?, None).await
}

/// Closes the sealed-keys view when one is open: an identity or opened key it held goes with it.
pub fn close_sealed_view() {
    unmount_when_loaded(&SEALED);
}

/// Closes Project keys when it is open: the view and what it holds go.
pub fn close_project_keys() {
    unmount_when_loaded(&PROJECT_KEYS);
}

/// Calls the module's `unmount()` once it is loaded (at once when it is); nothing when it never was.
fn unmount_when_loaded(slot: &'static std::thread::LocalKey<Slot>) {
    let Some(promise) = slot.with(|s| s.loading.borrow().clone()) else {
        return;
    };
    // Loaded or on its way: unmount once it is there (at once when it is).
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(module) = JsFuture::from(promise).await else {
            return;
        };
        if let Some(unmount) = Reflect::get(&module, &JsValue::from_str("unmount"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
        {
            let _ = unmount.call0(&JsValue::NULL);
        }
    });
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
        _ => Err(OnDemandError::Mismatched),
    }
}

/// Reads an Atlas CLI `config.toml` into its profiles.
pub async fn import_cli_config(
    text: String,
) -> Result<Result<Vec<ImportedProfile>, ProfileImportError>, OnDemandError> {
    match call(&Call::ImportCliConfig { text }).await? {
        Reply::Imported(result) => Ok(result),
        _ => Err(OnDemandError::Mismatched),
    }
}

/// A new age identity ("Request a key"): the identity file and its recipient.
pub async fn new_identity(created: String) -> Result<(SecretText, String), OnDemandError> {
    match call(&Call::NewIdentity { created }).await? {
        Reply::NewIdentity { file, recipient } => Ok((file, recipient)),
        _ => Err(OnDemandError::Mismatched),
    }
}

/// Seals `plaintext` (a key's JSON) to the age `recipient`: the armored file.
pub async fn seal(
    recipient: String,
    plaintext: SecretText,
) -> Result<Result<String, SealError>, OnDemandError> {
    match call(&Call::Seal {
        recipient,
        plaintext,
    })
    .await?
    {
        Reply::Sealed(result) => Ok(result),
        _ => Err(OnDemandError::Mismatched),
    }
}

/// Opens a sealed key with an identity file: the plaintext.
pub async fn open_sealed(
    identity: SecretText,
    sealed: Vec<u8>,
) -> Result<Result<SecretText, OpenError>, OnDemandError> {
    match call(&Call::Open { identity, sealed }).await? {
        Reply::Opened(result) => Ok(result),
        _ => Err(OnDemandError::Mismatched),
    }
}
