//! The one-time reveal of the new key. The private key lives only in the `Reveal` value this renders;
//! leaving asks for confirmation until it was copied or downloaded, then the value is dropped.

use crate::core::expiry::read_stamp;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{BeforeUnloadEvent, HtmlElement};
use yew::prelude::*;

use super::output_view::OutputView;
use super::sealed::{seal_for, sealed_key};
use crate::core::export::{self, ExportContext, ExportFile};
use crate::core::request_link::AgeRecipient;
use crate::core::sealing::sealed_file_name;
use crate::core::target::CurlAuth;
use crate::state::{Copied, Reveal};
use crate::web::browser::{confirm, download, write_clipboard};
use crate::web::hooks::use_window_listener;
use web_sys::HtmlInputElement;

#[derive(Properties, PartialEq)]
pub struct RevealPanelProps {
    pub reveal: Rc<Reveal>,
    pub on_copied: Callback<Copied>,
    pub on_downloaded: Callback<()>,
    /// Leave the reveal; `true` = start a new key with a cleared form.
    pub on_leave: Callback<bool>,
    /// What follows a create (the access list, the key's test, a rotation's next steps), shown
    /// above Done and New key.
    #[prop_or_default]
    pub children: Html,
    /// "New key" (a cleared form) beside Done: not for a rotation's key, made inside Project keys.
    #[prop_or(true)]
    pub offer_new_key: bool,
    /// "Seal for a recipient" was pressed with a valid recipient (offered while nothing plain left);
    /// none: not offered.
    #[prop_or_default]
    pub on_seal: Option<Callback<AgeRecipient>>,
}

/// What the last copy or download did, shown in a status line.
#[derive(Clone, PartialEq)]
enum Feedback {
    Copied(Copied),
    CopyUnavailable(Copied),
    Downloaded,
    DownloadFailed,
    ReminderDownloaded,
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
    use_window_listener("beforeunload", reveal.secured, |secured| {
        (!*secured).then_some(|event: Event| {
            event.prevent_default();
            // Older Chromium only asks when returnValue is set.
            if let Some(event) = event.dyn_ref::<BeforeUnloadEvent>() {
                event.set_return_value("keep");
            }
        })
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
    // Sealed: the armored file is what is copied and downloaded, never the private key.
    let armored = reveal
        .sealed
        .as_ref()
        .and_then(|s| s.armored.clone())
        .and_then(Result::ok);
    let on_copy_sealed = copy(Copied::SealedKey, armored.clone().unwrap_or_default());
    let on_download_sealed = {
        let (feedback, on_downloaded) = (feedback.clone(), props.on_downloaded.clone());
        let name = sealed_file_name(&key.public_key);
        Callback::from(move |_: MouseEvent| {
            let Some(armored) = &armored else { return };
            if download(&name, "application/octet-stream", armored).is_ok() {
                feedback.set(Some(Feedback::Downloaded));
                on_downloaded.emit(());
            } else {
                feedback.set(Some(Feedback::DownloadFailed));
            }
        })
    };
    let seal_input = use_node_ref();
    let seal_problem = use_state(|| None::<&'static str>);
    let on_seal_press = {
        let (input, problem, on_seal) = (
            seal_input.clone(),
            seal_problem.clone(),
            props.on_seal.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let text = input
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            match AgeRecipient::parse(&text) {
                Ok(recipient) => {
                    problem.set(None);
                    if let Some(on_seal) = &on_seal {
                        on_seal.emit(recipient);
                    }
                }
                Err(p) => problem.set(Some(p.message())),
            }
        })
    };
    // Every export holds the private key, so each one counts as "saved". A file is built when its
    // button is pressed, not on every render: the private key is copied into a file only when asked.
    let save = |build: fn(&ExportContext) -> ExportFile| {
        let feedback = feedback.clone();
        let on_downloaded = props.on_downloaded.clone();
        let reveal = reveal.clone();
        Callback::from(move |_: MouseEvent| {
            let file = build(&export_context(&reveal));
            if download(&file.file_name, file.mime, &file.content).is_ok() {
                feedback.set(Some(Feedback::Downloaded));
                on_downloaded.emit(());
            } else {
                feedback.set(Some(Feedback::DownloadFailed));
            }
        })
    };
    let on_download = save(export::json_file);
    let on_download_env = save(export::dotenv);
    let on_download_profile = save(export::cli_profile);
    let on_download_secret = save(export::k8s_secret);
    // The reminder holds no secret: downloading it does not count as saving the private key.
    let expires = read_stamp(&key.desc);
    let on_reminder = {
        let feedback = feedback.clone();
        let reveal = reveal.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(file) = export::calendar_reminder(&export_context(&reveal)) else {
                return;
            };
            let done = download(&file.file_name, file.mime, &file.content).is_ok();
            feedback.set(Some(if done {
                Feedback::ReminderDownloaded
            } else {
                Feedback::DownloadFailed
            }));
        })
    };
    let ctx = export_context(reveal);
    let curl_command = export::curl_command(
        &ctx,
        match &reveal.caller_public_key {
            Some(public_key) => CurlAuth::Digest { public_key },
            None => CurlAuth::Bearer,
        },
    );

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
                <dd><code id="reveal-key-id">{ key.id.to_string() }</code></dd>
                <dt>{ "Description" }</dt>
                <dd id="reveal-description">{ key.desc.clone() }</dd>
                if let Some(day) = expires {
                    <dt>{ "Expires" }</dt>
                    <dd id="reveal-expires">{ format!("{day}: the end of the description says so; Atlas itself does not expire keys, so delete or rotate it by then.") }</dd>
                }
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
                if reveal.sealed.is_none() {
                    <dt>{ "Private key" }</dt>
                    <dd><code id="reveal-private-key" class="secret">{ key.private_key.clone() }</code></dd>
                }
            </dl>
            if let Some(sealing) = &reveal.sealed {
                // Sealed: the private key is never rendered, copied or downloaded in plain form.
                <div class="actions">
                    <button type="button" onclick={on_copy_public}>{ "Copy public key" }</button>
                </div>
                <p id="reveal-feedback" class="feedback" role="status">{ feedback_text(feedback.as_ref()) }</p>
                { sealed_key(sealing, on_download_sealed, on_copy_sealed) }
                if expires.is_some() {
                    <div class="actions">
                        <button type="button" class="secondary" onclick={on_reminder}>{ "Add a reminder to my calendar" }</button>
                    </div>
                }
            } else {
                <div class="actions">
                    <button type="button" onclick={on_copy_public}>{ "Copy public key" }</button>
                    <button type="button" onclick={on_copy_private}>{ "Copy private key" }</button>
                    <button type="button" onclick={on_download}>{ "Download" }</button>
                </div>
                <p id="reveal-feedback" class="feedback" role="status">{ feedback_text(feedback.as_ref()) }</p>
                if props.on_seal.is_some() && !reveal.secured {
                    { seal_for(seal_input, *seal_problem, on_seal_press) }
                }
                <div class="actions">
                    <button type="button" class="secondary" onclick={on_download_env}>{ "Download .env" }</button>
                    <button type="button" class="secondary" onclick={on_download_profile}>{ "Download Atlas CLI profile" }</button>
                    <button type="button" class="secondary" onclick={on_download_secret}>{ "Download Kubernetes Secret" }</button>
                    if expires.is_some() {
                        <button type="button" class="secondary" onclick={on_reminder}>{ "Add a reminder to my calendar" }</button>
                    }
                </div>
                <OutputView api_key={key.clone()} project_id={reveal.project_id.clone()} default_output={reveal.default_output.clone()} />
                if let Some(curl) = curl_command {
                    <pre id="reveal-curl-command" aria-label="curl command">{ curl }</pre>
                }
            }
            { props.children.clone() }
            <div class="actions">
                <button type="button" class="secondary" onclick={leave(false)}>{ "Done" }</button>
                if props.offer_new_key {
                    <button type="button" class="secondary" onclick={leave(true)}>{ "New key" }</button>
                }
            </div>
            if !reveal.secured {
                <p class="hint">{ if reveal.sealed.is_some() {
                    "Done and New key ask for confirmation until the sealed key was copied or downloaded."
                } else {
                    "Done and New key ask for confirmation until the private key was copied or downloaded."
                } }</p>
            }
        </section>
    }
}

/// What the exports need to know about the key shown.
fn export_context(reveal: &Reveal) -> ExportContext<'_> {
    ExportContext {
        key: &reveal.key,
        project_id: &reveal.project_id,
        environment: &reveal.environment,
        created: &reveal.created_at,
    }
}

fn feedback_text(feedback: Option<&Feedback>) -> String {
    let name = |what: &Copied| match what {
        Copied::PublicKey => "public key",
        Copied::PrivateKey => "private key",
        Copied::SealedKey => "sealed key",
    };
    match feedback {
        None => String::new(),
        Some(Feedback::Copied(what)) => format!("Copied the {} to the clipboard.", name(what)),
        Some(Feedback::CopyUnavailable(what)) => format!(
            "This browser did not allow copying. Select the {} above and copy it by hand (Ctrl+C or ⌘C), or use Download.",
            name(what)
        ),
        Some(Feedback::Downloaded) => "Download started: keep the file somewhere safe.".to_string(),
        Some(Feedback::ReminderDownloaded) => {
            "Reminder downloaded: open it to add it to your calendar (it holds no secret).".to_string()
        }
        Some(Feedback::DownloadFailed) => {
            "The download could not start. Copy the keys instead.".to_string()
        }
    }
}
