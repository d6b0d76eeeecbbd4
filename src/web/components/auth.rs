//! Authentication: the caller's API key (HTTP Digest) or service account. Secrets stay in memory and
//! are never spell-checked. The fields carry `username` / `current-password` autocomplete, so a password
//! manager can fill the caller's own key if the user keeps it there; the new key never sits in a field
//! (the reveal shows it as text), so no manager is offered to save it.

use yew::prelude::*;

use super::field::{FieldIds, FormField};
use crate::core::credentials::AuthKind;
use crate::state::{FormEdit, SettingsEdit};
use crate::web::browser::event_value;

#[derive(Properties, PartialEq)]
pub struct AuthFieldsProps {
    pub method: AuthKind,
    pub public_key: AttrValue,
    pub private_key: AttrValue,
    pub client_id: AttrValue,
    pub client_secret: AttrValue,
    #[prop_or_default]
    pub locked: bool,
    /// The user changed how they sign in or the (non-secret) login name.
    pub on_settings: Callback<SettingsEdit>,
    /// The user typed a secret.
    pub on_form: Callback<FormEdit>,
    /// Sign the service account out: forget (and revoke) its token and clear the secret.
    #[prop_or_default]
    pub on_sign_out: Callback<()>,
}

#[function_component]
pub fn AuthFields(props: &AuthFieldsProps) -> Html {
    let shown = use_state(|| false);
    let toggle = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(!*shown))
    };
    let on_public = props
        .on_settings
        .reform(|e: InputEvent| SettingsEdit::SetPublicKey(event_value(&e)));
    let on_private = props
        .on_form
        .reform(|e: InputEvent| FormEdit::SetPrivateKey(event_value(&e)));
    let on_client_id = props
        .on_settings
        .reform(|e: InputEvent| SettingsEdit::SetClientId(event_value(&e)));
    let on_client_secret = props
        .on_form
        .reform(|e: InputEvent| FormEdit::SetClientSecret(event_value(&e)));
    let choose = |m: AuthKind| {
        props
            .on_settings
            .reform(move |_: Event| SettingsEdit::SetAuthKind(m))
    };
    let api_key = props.method == AuthKind::ApiKey;

    html! {
        <section class="panel" aria-labelledby="auth-title">
            <h2 id="auth-title">{ "Your credentials" }</h2>
            <fieldset>
                <legend>{ "Authentication" }</legend>
                <div class="choice">
                    <input type="radio" id="auth-api-key" name="auth-method" value="apiKey" checked={api_key}
                        onchange={choose(AuthKind::ApiKey)} disabled={props.locked} />
                    <label for="auth-api-key">{ "API key" }</label>
                </div>
                <div class="choice">
                    <input type="radio" id="auth-service-account" name="auth-method" value="serviceAccount" checked={!api_key}
                        onchange={choose(AuthKind::ServiceAccount)} disabled={props.locked} />
                    <label for="auth-service-account">{ "Service account" }</label>
                </div>
                if api_key {
                <p class="hint">{ "An organization or project API key allowed to manage this project's API keys (Project Owner). It is used for this request only and never stored." }</p>
                <FormField ids={FieldIds::new("public-key")} label="Public key">
                    <input id="public-key" type="text" autocomplete="username" spellcheck="false" autocapitalize="off"
                        value={props.public_key.clone()} oninput={on_public} disabled={props.locked} />
                </FormField>
                <FormField ids={FieldIds::new("private-key")} label="Private key">
                    <div class="with-button">
                        <input id="private-key" type={if *shown { "text" } else { "password" }}
                            autocomplete="current-password" spellcheck="false" autocapitalize="off"
                            value={props.private_key.clone()} oninput={on_private} disabled={props.locked} />
                        <button type="button" class="secondary" onclick={toggle} aria-controls="private-key">
                            { if *shown { "Hide private key" } else { "Show private key" } }
                        </button>
                    </div>
                </FormField>
                } else {
                <p class="hint">{ "A service account with Project Owner on this project (OAuth client credentials). Its access token is kept in this tab's memory for an hour, never stored." }</p>
                <FormField ids={FieldIds::new("client-id")} label="Client ID">
                    <input id="client-id" type="text" autocomplete="username" spellcheck="false" autocapitalize="off"
                        value={props.client_id.clone()} oninput={on_client_id} disabled={props.locked} />
                </FormField>
                <FormField ids={FieldIds::new("client-secret")} label="Client secret">
                    <input id="client-secret" type="password" autocomplete="current-password" spellcheck="false" autocapitalize="off"
                        value={props.client_secret.clone()} oninput={on_client_secret} disabled={props.locked} />
                </FormField>
                <button type="button" class="secondary" onclick={props.on_sign_out.reform(|_: MouseEvent| ())}
                    disabled={props.locked}>{ "Sign out" }</button>
                }
            </fieldset>
        </section>
    }
}
