//! Authentication: the caller's API key (HTTP Digest). Secrets stay in memory; the browser is asked not
//! to remember or spell-check them.

use yew::prelude::*;

use super::event_value;
use crate::state::{Action, AuthMethod};

#[derive(Properties, PartialEq)]
pub struct AuthFieldsProps {
    pub method: AuthMethod,
    pub public_key: AttrValue,
    pub private_key: AttrValue,
    pub client_id: AttrValue,
    pub client_secret: AttrValue,
    #[prop_or_default]
    pub public_key_problem: Option<AttrValue>,
    #[prop_or_default]
    pub private_key_problem: Option<AttrValue>,
    #[prop_or_default]
    pub locked: bool,
    pub on_action: Callback<Action>,
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
        .on_action
        .reform(|e: InputEvent| Action::SetPublicKey(event_value(&e)));
    let on_private = props
        .on_action
        .reform(|e: InputEvent| Action::SetPrivateKey(event_value(&e)));
    let on_client_id = props
        .on_action
        .reform(|e: InputEvent| Action::SetClientId(event_value(&e)));
    let on_client_secret = props
        .on_action
        .reform(|e: InputEvent| Action::SetClientSecret(event_value(&e)));
    let choose = |m: AuthMethod| {
        props
            .on_action
            .reform(move |_: Event| Action::SetAuthMethod(m))
    };
    let api_key = props.method == AuthMethod::ApiKey;

    html! {
        <section class="panel" aria-labelledby="auth-title">
            <h2 id="auth-title">{ "Your credentials" }</h2>
            <fieldset>
                <legend>{ "Authentication" }</legend>
                <div class="choice">
                    <input type="radio" id="auth-api-key" name="auth-method" value="apiKey" checked={api_key}
                        onchange={choose(AuthMethod::ApiKey)} disabled={props.locked} />
                    <label for="auth-api-key">{ "API key" }</label>
                </div>
                <div class="choice">
                    <input type="radio" id="auth-service-account" name="auth-method" value="serviceAccount" checked={!api_key}
                        onchange={choose(AuthMethod::ServiceAccount)} disabled={props.locked} />
                    <label for="auth-service-account">{ "Service account" }</label>
                </div>
                if api_key {
                <p class="hint">{ "An organization or project API key allowed to manage this project's API keys (Project Owner). It is used for this request only and never stored." }</p>
                <div class="field">
                    <label for="public-key">{ "Public key" }</label>
                    <input id="public-key" type="text" autocomplete="off" spellcheck="false" autocapitalize="off"
                        value={props.public_key.clone()} oninput={on_public} disabled={props.locked}
                        aria-describedby={props.public_key_problem.as_ref().map(|_| "public-key-error")} />
                    if let Some(problem) = &props.public_key_problem {
                        <p id="public-key-error" class="field-error">{ problem.clone() }</p>
                    }
                </div>
                <div class="field">
                    <label for="private-key">{ "Private key" }</label>
                    <div class="with-button">
                        <input id="private-key" type={if *shown { "text" } else { "password" }}
                            autocomplete="off" spellcheck="false" autocapitalize="off"
                            value={props.private_key.clone()} oninput={on_private} disabled={props.locked}
                            aria-describedby={props.private_key_problem.as_ref().map(|_| "private-key-error")} />
                        <button type="button" class="secondary" onclick={toggle} aria-controls="private-key">
                            { if *shown { "Hide private key" } else { "Show private key" } }
                        </button>
                    </div>
                    if let Some(problem) = &props.private_key_problem {
                        <p id="private-key-error" class="field-error">{ problem.clone() }</p>
                    }
                </div>
                } else {
                <p class="hint">{ "A service account with Project Owner on this project (OAuth client credentials). Its access token is kept in this tab's memory for an hour, never stored." }</p>
                <div class="field">
                    <label for="client-id">{ "Client ID" }</label>
                    <input id="client-id" type="text" autocomplete="off" spellcheck="false" autocapitalize="off"
                        value={props.client_id.clone()} oninput={on_client_id} disabled={props.locked} />
                </div>
                <div class="field">
                    <label for="client-secret">{ "Client secret" }</label>
                    <input id="client-secret" type="password" autocomplete="off" spellcheck="false" autocapitalize="off"
                        value={props.client_secret.clone()} oninput={on_client_secret} disabled={props.locked} />
                </div>
                <button type="button" class="secondary" onclick={props.on_sign_out.reform(|_: MouseEvent| ())}
                    disabled={props.locked}>{ "Sign out" }</button>
                }
            </fieldset>
        </section>
    }
}
