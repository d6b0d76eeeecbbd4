//! "Request a key": the person who needs a key makes an age identity here (in the engines module,
//! from the browser's randomness), keeps it ("Download identity", "Copy identity"), and sends
//! "Copy request link": the page's address with the request and the recipient in the fragment. The
//! request is checked by the same core code as the create form.

use yew::prelude::*;

use crate::core::access_list::parse_entries;
use crate::core::expiry::{Day, ExpiryChoice, ExpiryRules};
use crate::core::request::{CreateApiKeyRequest, RequestDraft};
use crate::core::request_link::{build_link, AgeRecipient, RequestFields};
use crate::core::roles::{catalog, RoleScope};
use crate::core::sealing::SecretText;
use crate::core::views::SealedViewSettings;
use crate::web::browser::{download, event_value, now_iso, today, write_clipboard};
use crate::web::loader;

#[derive(Properties, PartialEq)]
pub struct RequestKeyProps {
    pub settings: SealedViewSettings,
}

/// The identity made for this request: its file (secret) and its recipient.
#[derive(Clone, PartialEq)]
struct Made {
    file: SecretText,
    recipient: AgeRecipient,
}

#[function_component]
pub fn RequestKeyView(props: &RequestKeyProps) -> Html {
    let flavor = props.settings.environment.flavor();
    let rules = {
        let (y, m, d) = today();
        ExpiryRules {
            today: Day::from_ymd(y, m, d),
            max_days: props.settings.max_key_days,
        }
    };
    let desc = use_state(String::new);
    let project_id = use_state(String::new);
    let roles = use_state(Vec::<String>::new);
    let entries = use_state(String::new);
    let expiry = use_state(|| rules.default_choice());
    let made = use_state(|| None::<Result<Made, String>>);
    let feedback = use_state(String::new);
    {
        let made = made.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let result = match loader::new_identity(now_iso()).await {
                    Ok((file, recipient)) => AgeRecipient::parse(&recipient)
                        .map(|recipient| Made { file, recipient })
                        .map_err(|p| p.message().to_string()),
                    Err(e) => Err(format!("{} {}", e.message(), e.next_step())),
                };
                made.set(Some(result));
            });
        });
    }
    let draft = RequestDraft {
        desc: (*desc).clone(),
        project_id: (*project_id).clone(),
        roles: (*roles).clone(),
        custom_roles: Vec::new(),
        expiry: (*expiry).clone(),
    };
    let mut problems: Vec<String> = match CreateApiKeyRequest::validate_with(&draft, flavor, &rules)
    {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .0
            .iter()
            .map(|e| format!("{} {}", e.message(), e.fix()))
            .collect(),
    };
    let entry_list = match parse_entries(&entries) {
        Ok(list) => list.entries.iter().map(|e| e.text()).collect(),
        Err(errors) => {
            problems.extend(errors.iter().map(|e| e.message()));
            Vec::new()
        }
    };
    let text = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(event_value(&e)))
    };
    let on_role = |role: &'static str| {
        let roles = roles.clone();
        Callback::from(move |_: Event| {
            let mut next = (*roles).clone();
            match next.iter().position(|r| r == role) {
                Some(i) => {
                    next.remove(i);
                }
                None => next.push(role.to_string()),
            }
            roles.set(next);
        })
    };
    let on_expiry = {
        let expiry = expiry.clone();
        Callback::from(move |e: Event| {
            if let Some(choice) = ExpiryChoice::from_select_value(&event_value(&e)) {
                expiry.set(choice);
            }
        })
    };
    let ready = matches!(*made, Some(Ok(_)));
    let link = match (&*made, problems.is_empty()) {
        (Some(Ok(m)), true) => Some(build_link(
            &props.settings.page_url,
            &m.recipient,
            &RequestFields {
                project_id: (*project_id).clone(),
                desc: (*desc).clone(),
                roles: (*roles).clone(),
                entries: entry_list,
                expiry: Some((*expiry).clone()),
            },
        )),
        _ => None,
    };
    let copy = |what: &'static str, text: Option<String>| {
        let feedback = feedback.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(text) = text.clone() else { return };
            let feedback = feedback.clone();
            wasm_bindgen_futures::spawn_local(async move {
                feedback.set(if write_clipboard(&text).await {
                    format!("Copied the {what} to the clipboard.")
                } else {
                    format!("This browser did not allow copying the {what}.")
                });
            });
        })
    };
    let identity_text = match &*made {
        Some(Ok(m)) => Some(m.file.0.clone()),
        _ => None,
    };
    let on_copy_identity = copy("identity", identity_text.clone());
    let on_copy_link = copy("request link", link.clone());
    let on_download_identity = {
        let feedback = feedback.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(file) = &identity_text else { return };
            feedback.set(
                if download("keymint-identity.txt", "text/plain", file).is_ok() {
                    "Download of keymint-identity.txt started: keep it private.".to_string()
                } else {
                    "The download could not start: use Copy identity.".to_string()
                },
            );
        })
    };
    html! {
        <section class="panel" role="region" aria-labelledby="request-key-title">
            <h2 id="request-key-title">{ "Request a key" }</h2>
            <p class="hint">{ "Ask your Atlas admins for a key without it passing through chat, tickets or mail in plain form: this page makes an age identity for you, and the link you send them holds only its public half (the recipient) and what you ask for. The key they create is sealed to you; open it with \"Open a sealed key\" or age -d." }</p>
            { match &*made {
                None => html! { <p role="status">{ "Making your identity…" }</p> },
                Some(Err(why)) => html! { <p class="error" role="alert">{ why.clone() }</p> },
                Some(Ok(m)) => html! {
                    <>
                        <p class="warning" role="status">
                            <strong>{ "Your identity is the only way to open the key you will be sent." }</strong>
                            { " Keymint stores it nowhere and cannot show it again: download or copy it now and keep it private. Send only the request link." }
                        </p>
                        <p>{ "Your recipient: " }<code id="request-recipient">{ m.recipient.to_string() }</code></p>
                    </>
                },
            } }
            <div class="actions">
                <button type="button" onclick={on_download_identity} disabled={!ready}>{ "Download identity" }</button>
                <button type="button" class="secondary" onclick={on_copy_identity} disabled={!ready}>{ "Copy identity" }</button>
            </div>
            <label for="request-desc">{ "Requested description" }</label>
            <input id="request-desc" type="text" value={(*desc).clone()} oninput={text(&desc)} />
            <label for="request-project">{ "Requested project ID" }</label>
            <input id="request-project" type="text" spellcheck="false" value={(*project_id).clone()} oninput={text(&project_id)} />
            <fieldset>
                <legend>{ "Requested project roles" }</legend>
                { for catalog(flavor).iter().filter(|r| r.scope == RoleScope::Project).map(|r| {
                    let id = format!("request-role-{}", r.name);
                    html! {
                        <div class="role">
                            <input type="checkbox" id={id.clone()} checked={roles.iter().any(|x| x == r.name)} onchange={on_role(r.name)} />
                            <label for={id}>{ format!("Ask for {}", r.name) }</label>
                        </div>
                    }
                }) }
            </fieldset>
            <label for="request-entries">{ "Requested access list" }</label>
            <textarea id="request-entries" rows="3" value={(*entries).clone()} oninput={text(&entries)} />
            <label for="request-expiry">{ "Requested expiry" }</label>
            <select id="request-expiry" onchange={on_expiry}>
                { for rules.day_choices().into_iter().map(|days| html! {
                    <option value={days.to_string()} selected={*expiry == ExpiryChoice::Days(days)}>{ format!("{days} days") }</option>
                }) }
                if rules.allows_never() {
                    <option value="never" selected={*expiry == ExpiryChoice::Never}>{ "Never" }</option>
                }
            </select>
            if !problems.is_empty() {
                <ul class="field-error" id="request-problems">
                    { for problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }
                </ul>
            }
            <div class="actions">
                <button type="button" onclick={on_copy_link} disabled={link.is_none()}>{ "Copy request link" }</button>
            </div>
            <p class="feedback" role="status" id="request-feedback">{ (*feedback).clone() }</p>
        </section>
    }
}
