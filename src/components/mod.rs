//! The page's pieces. Each takes plain props and reports user intent through callbacks; none of them
//! builds a URL, a header or an error message: texts come from the core.

pub mod auth;
pub mod copy_link;
pub mod error_view;
pub mod profile_import;
pub mod profiles;
pub mod request_form;
pub mod reveal;
pub mod roles;
pub mod send;
pub mod settings;

use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// The current value of the input, select or textarea an event came from.
pub(crate) fn event_value(event: &Event) -> String {
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
pub(crate) fn read_picked_file(
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
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .map(|t| t.as_string().unwrap_or_default())
            .map_err(|_| crate::core::error::file_unreadable(&name));
        then(name, text);
    });
}

/// `aria-describedby` from the ids that apply (absent ones skipped).
pub(crate) fn described_by<'a>(ids: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let joined = ids.into_iter().flatten().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}
