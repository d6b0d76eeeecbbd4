//! The browser's glue, in one place: clipboard, downloads, confirmation dialogs, the address bar
//! (deep link and history), the clock, window listeners, picked files and the panic hook. Components and the app
//! call these; none of them decides anything (the core does).

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, Event, HtmlAnchorElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement, Url,
};

use std::sync::atomic::{AtomicBool, Ordering};

use crate::core::crash::{crash_notice, CrashNotice};
use crate::core::deeplink::{self, DeepLink};
use crate::core::request_link::{self, KeyRequest, RequestLinkError};

/// The browser's own words for a failure it reported (an `Error`'s message, or a thrown string), for
/// error messages: it names a URL or a reason, never a secret.
pub fn browser_reason(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the browser gave no reason".to_string())
}

/// Set once a new key has been shown in this tab: the panic message then says so. Not a secret.
static KEY_REVEALED: AtomicBool = AtomicBool::new(false);

/// Notes that a new key was shown (for the panic message).
pub fn note_key_revealed() {
    KEY_REVEALED.store(true, Ordering::Relaxed);
}

/// A panic replaces the page with a plain message instead of leaving a dead page. Only where it
/// happened goes to the console, never the panic's text (it could quote anything the page held).
/// Installed through Yew, which otherwise sets its own console-only hook when the app mounts.
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        if let Some(place) = info.location() {
            web_sys::console::error_1(&JsValue::from_str(&format!(
                "Keymint stopped: a panic at {}:{}",
                place.file(),
                place.line()
            )));
        }
        let notice = crash_notice(KEY_REVEALED.load(Ordering::Relaxed));
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            body.set_text_content(None);
            let _ = render_crash_notice(&body, &notice);
        }
    }));
}

/// Writes the panic message into `root` as plain elements (text only, no markup from anywhere).
pub fn render_crash_notice(root: &web_sys::Element, notice: &CrashNotice) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let main = document.create_element("main")?;
    main.set_attribute("role", "alert")?;
    main.set_attribute("class", "crash")?;
    let title = document.create_element("h1")?;
    title.set_text_content(Some(notice.title));
    main.append_child(&title)?;
    for paragraph in &notice.paragraphs {
        let p = document.create_element("p")?;
        p.set_text_content(Some(paragraph));
        main.append_child(&p)?;
    }
    root.append_child(&main)?;
    Ok(())
}

/// `navigator.clipboard.writeText`; false where the Clipboard API is absent (plain http) or refused.
pub async fn write_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let available = Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .map(|c| !c.is_undefined() && !c.is_null())
        .unwrap_or(false);
    if !available {
        return false;
    }
    JsFuture::from(navigator.clipboard().write_text(text))
        .await
        .is_ok()
}

/// Saves `content` as a file: a Blob, an object URL clicked through a temporary anchor, then revoked.
pub fn download(name: &str, mime: &str, content: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let document = window
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(
        &Array::of1(&JsValue::from_str(content)),
        &options,
    )?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let anchor: HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.set_hidden(true);
    body.append_child(&anchor)?;
    anchor.click();
    anchor.remove();
    // The download reads the Blob asynchronously; revoke once it has started, so the key does not
    // stay reachable through a blob: URL for the life of the page.
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1000)?;
    Ok(())
}

/// Resolves once the browser has had a chance to paint what was rendered so far: after the next
/// animation frame, in a task of its own (or after 100 ms, where frames are not drawn, as in a hidden
/// tab). Work awaited after it runs in a new task, so the page stays responsive between the steps.
pub async fn after_next_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&JsValue::NULL);
            return;
        };
        let fallback = resolve.clone();
        let next_task = Closure::once_into_js(move || {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    resolve.unchecked_ref(),
                    0,
                );
            }
        });
        if window
            .request_animation_frame(next_task.unchecked_ref())
            .is_err()
        {
            let _ = fallback.call0(&JsValue::NULL);
            return;
        }
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&fallback, 100);
    });
    let _ = JsFuture::from(promise).await;
}

/// The browser's OK/Cancel dialog; false when it cannot be shown.
pub fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}

/// The page's own address (for links that prefill the form).
pub fn page_href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// The deep link in the address bar, if any. A secret in it is removed from the address bar (and so
/// from this history entry) at once; the core decides what the rest may prefill.
pub fn read_deep_link() -> Option<DeepLink> {
    let window = web_sys::window()?;
    let search = window.location().search().ok()?;
    if search.len() <= 1 {
        return None;
    }
    if let Some(clean) = deeplink::strip_secrets(&search) {
        let path = window.location().pathname().unwrap_or_default();
        let url = if clean.is_empty() {
            path
        } else {
            format!("{path}?{clean}")
        };
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
    Some(deeplink::parse_query(&search))
}

/// The request link in the address bar's fragment (`#request=…`), if any. The fragment holds no
/// secret by construction and never reaches a server; the core reads it by the deep link's rules.
pub fn read_request_link() -> Option<Result<KeyRequest, RequestLinkError>> {
    let hash = web_sys::window()?.location().hash().ok()?;
    request_link::parse_fragment(&hash)
}

/// The element the app mounts into: `#app` in index.html, below the header painted before the wasm.
pub fn app_root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id("app")
}

/// Seconds since the epoch, by the browser's clock.
pub fn now_seconds() -> f64 {
    js_sys::Date::now() / 1000.0
}

/// Today's date (UTC) as year, month, day.
pub fn today() -> (i32, u32, u32) {
    let d = js_sys::Date::new_0();
    (
        d.get_utc_full_year() as i32,
        d.get_utc_month() + 1,
        d.get_utc_date(),
    )
}

/// The current time as ISO 8601.
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A listener on `window`, removed when dropped.
pub struct WindowListener {
    event: &'static str,
    listener: Closure<dyn FnMut(Event)>,
}

impl WindowListener {
    /// Listens for `event` on `window`; `None` when there is no window or it refuses.
    pub fn add(event: &'static str, handler: impl FnMut(Event) + 'static) -> Option<Self> {
        let window = web_sys::window()?;
        let listener = Closure::<dyn FnMut(Event)>::new(handler);
        window
            .add_event_listener_with_callback(event, listener.as_ref().unchecked_ref())
            .ok()?;
        Some(WindowListener { event, listener })
    }
}

impl Drop for WindowListener {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                self.event,
                self.listener.as_ref().unchecked_ref(),
            );
        }
    }
}

/// The current value of the input, select or textarea an event came from.
pub fn event_value(event: &Event) -> String {
    let Some(target) = event.target() else {
        return String::new();
    };
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        input.value()
    } else if let Some(select) = target.dyn_ref::<HtmlSelectElement>() {
        select.value()
    } else if let Some(area) = target.dyn_ref::<HtmlTextAreaElement>() {
        area.value()
    } else {
        String::new()
    }
}

/// Reads the file picked in an `<input type="file">` (its change event) in the browser, and hands
/// `then` the file's name and its text, or why it could not be read. Nothing happens if no file
/// was picked. The file never leaves the page.
pub fn read_picked_file(
    event: &Event,
    then: impl FnOnce(String, Result<String, String>) + 'static,
) {
    let Some(file) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
    else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        let text = JsFuture::from(file.text())
            .await
            .map(|t| t.as_string().unwrap_or_default())
            .map_err(|_| crate::core::error::file_unreadable(&name));
        then(name, text);
    });
}
