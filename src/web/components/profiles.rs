//! Named profiles of non-secret settings: switch, save the current settings, export and import them
//! as JSON. Profiles persist in localStorage; by their type they cannot hold a secret.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::field::{FieldIds, FormField};
use crate::core::profile::{profiles_from_json, profiles_to_json, Profile};
use crate::state::{FormEdit, ProfilesEvent};
use crate::web::browser::{download, event_value, read_picked_file};

#[derive(Properties, PartialEq)]
pub struct ProfilesProps {
    pub profiles: Vec<Profile>,
    pub active: Option<AttrValue>,
    /// The user chose a profile.
    pub on_form: Callback<FormEdit>,
    /// The user saved or imported profiles.
    pub on_profiles: Callback<ProfilesEvent>,
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
    let on_select = props.on_form.reform(|e: Event| {
        let value = e
            .target_dyn_into::<HtmlSelectElement>()
            .map(|s| s.value())
            .unwrap_or_default();
        FormEdit::SelectProfile(value)
    });
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(event_value(&e)))
    };
    let on_save = {
        let name = name.clone();
        props
            .on_profiles
            .reform(move |_: MouseEvent| ProfilesEvent::Save((*name).clone()))
    };
    let on_export = {
        let json = profiles_to_json(&props.profiles);
        Callback::from(move |_: MouseEvent| {
            let _ = download("keymint-profiles.json", "application/json", &json);
        })
    };
    let on_import = {
        let on_profiles = props.on_profiles.clone();
        let problem = problem.clone();
        Callback::from(move |e: Event| {
            let on_profiles = on_profiles.clone();
            let problem = problem.clone();
            read_picked_file(&e, move |_, text| {
                match text.and_then(|text| profiles_from_json(&text).map_err(|e| e.message())) {
                    Ok(profiles) => {
                        problem.set(None);
                        on_profiles.emit(ProfilesEvent::Import(profiles));
                    }
                    Err(why) => problem.set(Some(why)),
                }
            });
        })
    };
    html! {
        <div class="profiles">
            <FormField ids={FieldIds::new("profile-select")} label="Profile">
                <select id="profile-select" onchange={on_select} disabled={props.locked || props.profiles.is_empty()}>
                    <option value="" selected={props.active.is_none()}>{ if props.profiles.is_empty() { "No saved profiles" } else { "Choose a profile" } }</option>
                    { for props.profiles.iter().map(|p| html! {
                        <option value={p.name.clone()} selected={props.active.as_deref() == Some(p.name.as_str())}>{ p.name.clone() }</option>
                    }) }
                </select>
            </FormField>
            <FormField ids={FieldIds::new("profile-name")} label="Profile name">
                <div class="with-button">
                    <input id="profile-name" type="text" autocomplete="off" value={(*name).clone()} oninput={on_name} disabled={props.locked} />
                    <button type="button" class="secondary" onclick={on_save} disabled={props.locked || name.trim().is_empty()}>{ "Save profile" }</button>
                </div>
                <p class="hint">{ "Saves environment, proxy, project, organization and sign-in ID in this browser. Never a key or secret." }</p>
            </FormField>
            <div class="actions">
                <button type="button" class="secondary" onclick={on_export} disabled={props.profiles.is_empty()}>{ "Export profiles" }</button>
            </div>
            <FormField ids={FieldIds::new("profiles-file")} label="Import profiles">
                <input id="profiles-file" type="file" accept=".json,application/json" onchange={on_import} disabled={props.locked} />
                if let Some(p) = &*problem {
                    <p class="error" role="alert">{ p.clone() }</p>
                }
            </FormField>
        </div>
    }
}
