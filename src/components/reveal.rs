//! The one-time reveal of the new key. The private key lives only in the `Reveal` value this renders;
//! leaving asks for confirmation until it was copied or downloaded, then the value is dropped.

use std::rc::Rc;

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    BeforeUnloadEvent, Blob, BlobPropertyBag, HtmlAnchorElement, HtmlElement, HtmlSelectElement,
    HtmlTextAreaElement, Url,
};
use yew::prelude::*;

use super::read_picked_file;
use crate::core::export::{self, ExportContext, ExportFile};
use crate::core::output::{self, parse_output_flag, OutputFormat};
use crate::core::target::CurlAuth;
use crate::state::{Copied, Reveal};

#[derive(Properties, PartialEq)]
pub struct RevealPanelProps {
    pub reveal: Rc<Reveal>,
    pub on_copied: Callback<Copied>,
    pub on_downloaded: Callback<()>,
    /// Leave the reveal; `true` = start a new key with a cleared form.
    pub on_leave: Callback<bool>,
}

/// What the last copy or download did, shown in a status line.
#[derive(Clone, PartialEq)]
enum Feedback {
    Copied(Copied),
    CopyUnavailable(Copied),
    Downloaded,
    DownloadFailed,
}

const LEAVE_WARNING: &str =
    "You have not copied or downloaded the private key. It is shown only once and \
     cannot be retrieved again. Leave anyway?";

#[function_component]
pub fn RevealPanel(props: &RevealPanelProps) -> Html {
    let reveal = &props.reveal;
    let key = &reveal.key;
    let feedback = use_state(|| None::<Feedback>);
    let heading = use_node_ref();

    // Move focus to the result, so keyboard and screen reader users land on it.
    {
        let heading = heading.clone();
        use_effect_with((), move |_| {
            if let Some(h) = heading.cast::<HtmlElement>() {
                let _ = h.focus();
            }
        });
    }
    // Closing the tab or navigating away asks first, until the private key is safe.
    use_effect_with(reveal.secured, |secured| {
        let guard = (!*secured).then(LeaveGuard::install).flatten();
        move || drop(guard)
    });

    let copy = |what: Copied, text: String| {
        let feedback = feedback.clone();
        let on_copied = props.on_copied.clone();
        Callback::from(move |_: MouseEvent| {
            let feedback = feedback.clone();
            let on_copied = on_copied.clone();
            let text = text.clone();
            spawn_local(async move {
                if write_clipboard(&text).await {
                    feedback.set(Some(Feedback::Copied(what)));
                    on_copied.emit(what);
                } else {
                    feedback.set(Some(Feedback::CopyUnavailable(what)));
                }
            });
        })
    };
    let on_copy_public = copy(Copied::PublicKey, key.public_key.clone());
    let on_copy_private = copy(Copied::PrivateKey, key.private_key.clone());
    let ctx = ExportContext {
        key,
        project_id: &reveal.project_id,
        environment: &reveal.environment,
        created: &reveal.created_at,
    };
    // Every export holds the private key, so each one counts as "saved".
    let save = |file: ExportFile| {
        let feedback = feedback.clone();
        let on_downloaded = props.on_downloaded.clone();
        Callback::from(move |_: MouseEvent| {
            if download(&file.file_name, file.mime, &file.content).is_ok() {
                feedback.set(Some(Feedback::Downloaded));
                on_downloaded.emit(());
            } else {
                feedback.set(Some(Feedback::DownloadFailed));
            }
        })
    };
    let on_download = save(export::json_file(&ctx));
    let on_download_env = save(export::dotenv(&ctx));
    let on_download_profile = save(export::cli_profile(&ctx));
    let on_download_secret = save(export::k8s_secret(&ctx));
    let curl_command = export::curl_command(
        &ctx,
        match &reveal.caller_public_key {
            Some(public_key) => CurlAuth::Digest { public_key },
            None => CurlAuth::Bearer,
        },
    );

    // The output format, as `-o` would take it; the core renders it and explains a fallback.
    // The profile's default `-o` comes first; the user can switch.
    let (initial_name, initial_arg) =
        output::flag_parts(&parse_output_flag(&reveal.default_output).0);
    let format_name = use_state(|| initial_name.to_string());
    let format_arg = use_state(|| initial_arg);
    let template_file = use_state(|| None::<(String, Result<String, String>)>);
    let (format, notice) = match format_name.as_str() {
        "default" => (OutputFormat::Default, None),
        "go-template-file" => match &*template_file {
            Some((name, Ok(text))) => (
                OutputFormat::GoTemplateFile {
                    name: name.clone(),
                    text: text.clone(),
                },
                None,
            ),
            Some((_, Err(why))) => (OutputFormat::Default, Some(why.clone())),
            None => (
                OutputFormat::Default,
                Some("Pick a template file; until then the default text is shown.".to_string()),
            ),
        },
        "json" => parse_output_flag("json"),
        other => parse_output_flag(&format!("{other}={}", *format_arg)),
    };
    let rendered = output::render(&format, key);
    let cli_command = export::atlas_cli_command(key, &reveal.project_id, &format);
    let on_format = {
        let format_name = format_name.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                format_name.set(select.value());
            }
        })
    };
    let on_format_arg = {
        let format_arg = format_arg.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                format_arg.set(area.value());
            }
        })
    };
    let on_template_file = {
        let template_file = template_file.clone();
        Callback::from(move |e: Event| {
            let template_file = template_file.clone();
            read_picked_file(&e, move |name, text| template_file.set(Some((name, text))));
        })
    };
    let arg_label = match format_name.as_str() {
        "json-path" => Some("JSONPath expression"),
        "go-template" => Some("Go template"),
        _ => None,
    };

    let leave = |fresh_form: bool| {
        let on_leave = props.on_leave.clone();
        let secured = reveal.secured;
        Callback::from(move |_: MouseEvent| {
            if secured || confirm(LEAVE_WARNING) {
                on_leave.emit(fresh_form);
            }
        })
    };

    html! {
        <section class="panel reveal" role="region" aria-labelledby="reveal-title">
            <h2 id="reveal-title" tabindex="-1" ref={heading}>{ "New API key" }</h2>
            <p class="warning warning--strong" role="alert">
                <strong>{ "The private key is shown only once." }</strong>
                { " Atlas cannot show it again and it cannot be retrieved later: copy it or download it now." }
            </p>
            <dl class="key-details">
                <dt>{ "Key ID" }</dt>
                <dd><code id="reveal-key-id">{ key.id.clone() }</code></dd>
                <dt>{ "Description" }</dt>
                <dd id="reveal-description">{ key.desc.clone() }</dd>
                <dt>{ "Roles" }</dt>
                <dd>
                    <ul id="reveal-roles" class="plain">
                        { for key.roles.iter().map(|r| html! {
                            <li>
                                <code>{ r.role_name.clone() }</code>
                                if let Some(group) = &r.group_id { { " (project " }<code>{ group.clone() }</code>{ ")" } }
                                if let Some(org) = &r.org_id { { " (organization " }<code>{ org.clone() }</code>{ ")" } }
                            </li>
                        }) }
                    </ul>
                </dd>
                <dt>{ "Public key" }</dt>
                <dd><code id="reveal-public-key">{ key.public_key.clone() }</code></dd>
                <dt>{ "Private key" }</dt>
                <dd><code id="reveal-private-key" class="secret">{ key.private_key.clone() }</code></dd>
            </dl>
            <div class="actions">
                <button type="button" onclick={on_copy_public}>{ "Copy public key" }</button>
                <button type="button" onclick={on_copy_private}>{ "Copy private key" }</button>
                <button type="button" onclick={on_download}>{ "Download" }</button>
            </div>
            <p id="reveal-feedback" class="feedback" role="status">{ feedback_text(feedback.as_ref()) }</p>
            <div class="actions">
                <button type="button" class="secondary" onclick={on_download_env}>{ "Download .env" }</button>
                <button type="button" class="secondary" onclick={on_download_profile}>{ "Download Atlas CLI profile" }</button>
                <button type="button" class="secondary" onclick={on_download_secret}>{ "Download Kubernetes Secret" }</button>
            </div>
            <h3 id="cli-title">{ "As the Atlas CLI prints it" }</h3>
            <div class="field">
                <label for="output-format">{ "Output format" }</label>
                <select id="output-format" onchange={on_format}>
                    { for [("default", "Default text"), ("json", "json"), ("json-path", "json-path"), ("go-template", "go-template"), ("go-template-file", "go-template-file")]
                        .iter().map(|(v, l)| html! { <option value={*v} selected={format_name.as_str() == *v}>{ *l }</option> }) }
                </select>
            </div>
            if let Some(label) = arg_label {
                <div class="field">
                    <label for="output-arg">{ label }</label>
                    <textarea id="output-arg" rows="2" spellcheck="false" value={(*format_arg).clone()} oninput={on_format_arg} />
                </div>
            }
            if format_name.as_str() == "go-template-file" {
                <div class="field">
                    <label for="output-file">{ "Template file" }</label>
                    <input id="output-file" type="file" onchange={on_template_file} />
                </div>
            }
            if let Some(notice) = notice {
                <p class="hint" role="status">{ notice }</p>
            }
            { match &rendered {
                Ok(text) => html! { <pre id="reveal-cli-text" aria-labelledby="cli-title">{ text.clone() }</pre> },
                Err(e) => html! { <p id="output-error" class="error" role="alert">{ e.message() }</p> },
            } }
            <h3 id="commands-title">{ "The same request elsewhere (private key masked)" }</h3>
            <pre id="reveal-cli-command" aria-label="Atlas CLI command">{ cli_command }</pre>
            if let Some(curl) = curl_command {
                <pre id="reveal-curl-command" aria-label="curl command">{ curl }</pre>
            }
            <div class="actions">
                <button type="button" class="secondary" onclick={leave(false)}>{ "Done" }</button>
                <button type="button" class="secondary" onclick={leave(true)}>{ "New key" }</button>
            </div>
            if !reveal.secured {
                <p class="hint">{ "Done and New key ask for confirmation until the private key was copied or downloaded." }</p>
            }
        </section>
    }
}

fn feedback_text(feedback: Option<&Feedback>) -> String {
    let name = |what: &Copied| match what {
        Copied::PublicKey => "public key",
        Copied::PrivateKey => "private key",
    };
    match feedback {
        None => String::new(),
        Some(Feedback::Copied(what)) => format!("Copied the {} to the clipboard.", name(what)),
        Some(Feedback::CopyUnavailable(what)) => format!(
            "This browser did not allow copying. Select the {} above and copy it by hand (Ctrl+C or ⌘C), or use Download.",
            name(what)
        ),
        Some(Feedback::Downloaded) => "Download started: keep the file somewhere safe.".to_string(),
        Some(Feedback::DownloadFailed) => {
            "The download could not start. Copy the keys instead.".to_string()
        }
    }
}

/// `navigator.clipboard.writeText`; false where the Clipboard API is absent (plain http) or refused.
pub(crate) async fn write_clipboard(text: &str) -> bool {
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
pub(crate) fn download(name: &str, mime: &str, content: &str) -> Result<(), JsValue> {
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

fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}

/// A `beforeunload` listener that makes the browser ask before the tab closes or navigates.
struct LeaveGuard {
    listener: Closure<dyn FnMut(BeforeUnloadEvent)>,
}

impl LeaveGuard {
    fn install() -> Option<Self> {
        let window = web_sys::window()?;
        let listener = Closure::<dyn FnMut(BeforeUnloadEvent)>::new(|event: BeforeUnloadEvent| {
            event.prevent_default();
            // Older Chromium only asks when returnValue is set.
            event.set_return_value("keep");
        });
        window
            .add_event_listener_with_callback("beforeunload", listener.as_ref().unchecked_ref())
            .ok()?;
        Some(LeaveGuard { listener })
    }
}

impl Drop for LeaveGuard {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "beforeunload",
                self.listener.as_ref().unchecked_ref(),
            );
        }
    }
}
