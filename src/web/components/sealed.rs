//! A new key sealed to the person who asked for it (age): the parts of the reveal and the form that
//! say so. Plain functions, not components: the reveal owns their state and callbacks, so the first
//! load pays for no more of yew than it must.

use yew::prelude::*;

use crate::core::request_link::AgeRecipient;
use crate::state::Sealing;

/// The recipient, shortened, with the whole value on demand.
fn recipient_html(r: &AgeRecipient) -> Html {
    html! {
        <>
            <code title={r.to_string()}>{ r.short() }</code>
            <details class="hint">
                <summary>{ "The whole recipient" }</summary>
                <code>{ r.to_string() }</code>
            </details>
        </>
    }
}

/// Above the form opened with a request link: whom the new key will be sealed to.
pub fn sealed_for(r: &AgeRecipient) -> Html {
    html! {
        <div class="notice" role="status" id="sealed-for">
            <p>
                { "Sealed for " }{ r.short() }{ ": this form holds a request for a key. The new key will be sealed to the person who asked for it: its private key is never shown, copied or downloaded here, only the sealed file." }
            </p>
            { recipient_html(r) }
        </div>
    }
}

/// In the reveal, in place of the private key: "Download sealed key" and "Copy sealed key", usable
/// once the engines module made the file.
pub fn sealed_key(
    sealing: &Sealing,
    on_download: Callback<MouseEvent>,
    on_copy: Callback<MouseEvent>,
) -> Html {
    let ready = matches!(sealing.armored, Some(Ok(_)));
    html! {
        <div class="sealed-key">
            <p class="notice">
                { "Sealed for " }{ sealing.recipient.short() }
                { ": the private key is not shown here. Only the holder of that recipient's identity can open the file, with Keymint's \"Open a sealed key\" or " }
                <code>{ "age -d -i identity.txt" }</code>{ "." }
            </p>
            { recipient_html(&sealing.recipient) }
            { match &sealing.armored {
                None => html! { <p role="status">{ "Sealing the key…" }</p> },
                Some(Err(why)) => html! { <p class="error" role="alert">{ why.clone() }</p> },
                Some(Ok(_)) => html! {},
            } }
            <div class="actions">
                <button type="button" onclick={on_download} disabled={!ready}>{ "Download sealed key" }</button>
                <button type="button" onclick={on_copy} disabled={!ready}>{ "Copy sealed key" }</button>
            </div>
        </div>
    }
}

/// "Seal for a recipient" on a reveal whose private key has not left the page: an `age1…`
/// recipient, read from `input` and checked when pressed.
pub fn seal_for(
    input: NodeRef,
    problem: Option<&'static str>,
    on_seal: Callback<MouseEvent>,
) -> Html {
    html! {
        <div class="seal-for">
            <label for="seal-recipient">{ "Recipient (age1…)" }</label>
            <input id="seal-recipient" type="text" spellcheck="false" autocomplete="off" ref={input}
                aria-describedby={problem.is_some().then_some("seal-recipient-problem")} />
            if let Some(p) = problem {
                <p id="seal-recipient-problem" class="field-error" role="alert">{ p }</p>
            }
            <div class="actions">
                <button type="button" class="secondary" onclick={on_seal}>{ "Seal for a recipient" }</button>
            </div>
            <p class="hint">{ "Sealing hides the private key from this page and gives a file only the recipient can open. Only before the private key was copied or downloaded." }</p>
        </div>
    }
}
