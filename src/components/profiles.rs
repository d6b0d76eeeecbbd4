//! Named profiles of non-secret settings: switch, save the current settings, export and import them
//! as JSON. Profiles persist in localStorage; by their type they cannot hold a secret.

use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::event_value;
use crate::components::reveal::download;
use crate::core::profile::{profiles_from_json, profiles_to_json, Profile};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct ProfilesProps {
    pub profiles: Vec<Profile>,
    pub active: Option<AttrValue>,
    pub on_action: Callback<Action>,
    #[prop_or_default]
    pub locked: bool,
}

#[function_component]
pub fn ProfilesPicker(props: &ProfilesProps) -> Html {
    let name = use_state(|| {
        props
            .active
            .as_ref()
            .map(|a| a.to_string())
            .unwrap_or_default()
    });
    let problem = use_state(|| None::<String>);
    let on_select = props.on_action.reform(|e: Event| {
        let value = e
            .target_dyn_into::<HtmlSelectElement>()
            .map(|s| s.value())
            .unwrap_or_default();
        Action::SelectProfile(value)
    });
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(event_value(&e)))
    };
    let on_save = {
        let name = name.clone();
        props
            .on_action
            .reform(move |_: MouseEvent| Action::SaveProfile((*name).clone()))
    };
    let on_export = {
        let json = profiles_to_json(&props.profiles);
        Callback::from(move |_: MouseEvent| {
            let _ = download("keymint-profiles.json", "application/json", &json);
        })
    };
    let on_import = {
        let on_action = props.on_action.clone();
        let problem = problem.clone();
        Callback::from(move |e: Event| {
            let Some(file) = e
                .target_dyn_into::<HtmlInputElement>()
                .and_then(|i| i.files())
                .and_then(|f| f.get(0))
            else {
                return;
            };
            let on_action = on_action.clone();
            let problem = problem.clone();
            spawn_local(async move {
                let text = JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|t| t.as_string())
                    .unwrap_or_default();
                match profiles_from_json(&text) {
                    Ok(profiles) => {
                        problem.set(None);
                        on_action.emit(Action::ImportProfiles(profiles));
                    }
                    Err(e) => problem.set(Some(e.message())),
                }
            });
        })
    };
    html! {
        <div class="profiles">
            <div class="field">
                <label for="profile-select">{ "Profile" }</label>
                <select id="profile-select" onchange={on_select} disabled={props.locked || props.profiles.is_empty()}>
                    <option value="" selected={props.active.is_none()}>{ if props.profiles.is_empty() { "No saved profiles" } else { "Choose a profile" } }</option>
                    { for props.profiles.iter().map(|p| html! {
                        <option value={p.name.clone()} selected={props.active.as_deref() == Some(p.name.as_str())}>{ p.name.clone() }</option>
                    }) }
                </select>
            </div>
            <div class="field">
                <label for="profile-name">{ "Profile name" }</label>
                <div class="with-button">
                    <input id="profile-name" type="text" value={(*name).clone()} oninput={on_name} disabled={props.locked} />
                    <button type="button" class="secondary" onclick={on_save} disabled={props.locked || name.trim().is_empty()}>{ "Save profile" }</button>
                </div>
                <p class="hint">{ "Saves environment, proxy, project, organization and sign-in ID in this browser. Never a key or secret." }</p>
            </div>
            <div class="actions">
                <button type="button" class="secondary" onclick={on_export} disabled={props.profiles.is_empty()}>{ "Export profiles" }</button>
            </div>
            <div class="field">
                <label for="profiles-file">{ "Import profiles" }</label>
                <input id="profiles-file" type="file" accept=".json,application/json" onchange={on_import} disabled={props.locked} />
                if let Some(p) = &*problem {
                    <p class="error" role="alert">{ p.clone() }</p>
                }
            </div>
        </div>
    }
}
