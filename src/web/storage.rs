//! localStorage for the non-secret settings (`core::config::Settings`) and nothing else.
//! Storage can be missing or full (private windows, quotas): every failure just means "not stored".

use crate::core::config::Settings;
use crate::core::profile::{profiles_from_json, profiles_to_json, Profile};

const SETTINGS_KEY: &str = "keymint.settings";
const PROFILES_KEY: &str = "keymint.profiles";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The settings saved by an earlier visit, if any and if still readable.
pub fn load_settings() -> Option<Settings> {
    let text = local_storage()?.get_item(SETTINGS_KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Saves the settings; `Settings` has no secret fields by construction.
pub fn save_settings(settings: &Settings) {
    let (Some(storage), Ok(text)) = (local_storage(), serde_json::to_string(settings)) else {
        return;
    };
    // A full or disabled storage only costs the user their defaults next time.
    let _ = storage.set_item(SETTINGS_KEY, &text);
}

/// The named profiles saved earlier (settings only: `Profile` has no secret fields).
pub fn load_profiles() -> Vec<Profile> {
    local_storage()
        .and_then(|s| s.get_item(PROFILES_KEY).ok().flatten())
        .and_then(|text| profiles_from_json(&text).ok())
        .unwrap_or_default()
}

/// Saves the named profiles.
pub fn save_profiles(profiles: &[Profile]) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(PROFILES_KEY, &profiles_to_json(profiles));
    }
}
