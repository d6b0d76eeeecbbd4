//! "Import Atlas CLI config.toml": pick the CLI's profile file, choose a profile, and its non-secret
//! settings fill the form. Secrets in the file are used only after an explicit confirmation, only in
//! this tab's memory, and never written anywhere.

use super::field::{FieldIds, FormField};
use crate::web::browser::read_picked_file;
use yew::prelude::*;

use crate::core::profile::ImportedProfile;
use crate::state::{FormEdit, ProfilesEvent};
use crate::web::loader;

#[derive(Properties, PartialEq)]
pub struct ProfileImportProps {
    /// The user applied a profile of the file.
    pub on_form: Callback<FormEdit>,
    /// The user chose to use the file's secret in this tab.
    pub on_profiles: Callback<ProfilesEvent>,
    #[prop_or_default]
    pub locked: bool,
}

#[function_component]
pub fn ProfileImport(props: &ProfileImportProps) -> Html {
    let imported = use_state(|| None::<Result<Vec<ImportedProfile>, String>>);
    let applied = use_state(|| None::<ImportedProfile>);
    let secrets_used = use_state(|| false);

    let on_file = {
        let imported = imported.clone();
        let applied = applied.clone();
        Callback::from(move |e: Event| {
            let imported = imported.clone();
            let applied = applied.clone();
            // The TOML reader is in the on-demand module, fetched the first time a file is picked.
            read_picked_file(&e, move |_, text| {
                applied.set(None);
                let imported = imported.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let result = match text {
                        Err(why) => Err(why),
                        Ok(text) => match loader::import_cli_config(text).await {
                            Ok(read) => read.map_err(|e| e.message()),
                            Err(e) => Err(e.to_string()),
                        },
                    };
                    imported.set(Some(result));
                });
            });
        })
    };

    let choices = match &*imported {
        Some(Ok(profiles)) => html! {
            <ul class="plain profile-choices">
                { for profiles.iter().map(|p| {
                    let on_form = props.on_form.clone();
                    let applied = applied.clone();
                    let secrets_used = secrets_used.clone();
                    let chosen = p.clone();
                    let onclick = Callback::from(move |_: MouseEvent| {
                        on_form.emit(FormEdit::ApplyProfile(chosen.profile.clone()));
                        secrets_used.set(false);
                        applied.set(Some(chosen.clone()));
                    });
                    html! {
                        <li><button type="button" class="secondary" {onclick} disabled={props.locked}>
                            { format!("Use profile {}", p.profile.name) }
                        </button></li>
                    }
                }) }
            </ul>
        },
        Some(Err(message)) => html! { <p class="error" role="alert">{ message.clone() }</p> },
        None => html! {},
    };

    let applied_view = applied.as_ref().map(|p| {
        let has_secret = p.secrets.private_api_key.is_some() || p.secrets.client_secret.is_some();
        let use_secrets = {
            let on_profiles = props.on_profiles.clone();
            let secrets = p.secrets.clone();
            let secrets_used = secrets_used.clone();
            Callback::from(move |_: MouseEvent| {
                on_profiles.emit(ProfilesEvent::UseImportedSecrets(secrets.clone()));
                secrets_used.set(true);
            })
        };
        html! {
            <div role="status">
                <p>{ format!("Profile {} applied: environment, project and sign-in ID filled in.", p.profile.name) }</p>
                { for p.notes.iter().map(|n| html! { <p class="hint">{ n.clone() }</p> }) }
                if has_secret && !*secrets_used {
                    <p class="hint">{ "The file also holds a secret. Keymint uses it only if you say so, only in this tab's memory, and never saves it." }</p>
                    <button type="button" onclick={use_secrets}>{ "Use the secret from this file in this tab" }</button>
                }
                if *secrets_used {
                    <p>{ "The secret from the file is in use for this tab only." }</p>
                }
            </div>
        }
    });

    html! {
        <FormField ids={FieldIds::new("cli-config")} label="Import Atlas CLI config.toml" class="profile-import"
            after={html! { <>{ choices }{ applied_view.unwrap_or_default() }</> }}>
            <input id="cli-config" type="file" accept=".toml,text/plain" onchange={on_file} disabled={props.locked} />
        </FormField>
    }
}
