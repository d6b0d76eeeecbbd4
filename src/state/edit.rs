//! The form's edits: the settings a profile holds, the secrets, the profile choice and the request.
//! Every edit of the request re-runs the core's validation.

use super::action::{EnvironmentChoice, FormEdit, SettingsEdit};
use super::AppState;
use crate::core::connection::ConnectionSource;
use crate::core::credentials::AuthKind;
use crate::core::environment::Environment;
use crate::core::profile::Profile;
use crate::core::request::FieldErrorKind;
use crate::core::routing::{route_of_profile, RefusedRoute, Route, RouteSource};

/// Applies a settings edit; the caller has already checked the form is not locked.
pub(super) fn settings(next: &mut AppState, edit: SettingsEdit) -> bool {
    let routing_edit = matches!(
        edit,
        SettingsEdit::SelectEnvironment(_)
            | SettingsEdit::SetCustomBaseUrl(_)
            | SettingsEdit::SetCustomFlavor(_)
            | SettingsEdit::SetProxy(_)
    );
    if routing_edit {
        // Under the administrator's lock these controls are disabled; an edit that still arrives
        // changes nothing.
        if next.routing_fixed() {
            return false;
        }
        // The user decides the route themselves: a pending proposal is moot.
        next.pending_route = None;
    }
    // The settings no longer are the profile's: the selector says so, and choosing the profile
    // again restores it.
    next.active_profile = None;
    match edit {
        SettingsEdit::SelectEnvironment(choice) => {
            let env = match choice {
                EnvironmentChoice::Atlas => Environment::Atlas,
                EnvironmentChoice::AtlasGov => Environment::AtlasGov,
                EnvironmentChoice::Custom => next.custom_environment(),
            };
            next.set_environment(env);
        }
        SettingsEdit::SetCustomBaseUrl(url) => {
            next.custom_base_url = url;
            next.custom_settings_changed();
        }
        SettingsEdit::SetCustomFlavor(flavor) => {
            next.custom_flavor = flavor;
            next.custom_settings_changed();
        }
        SettingsEdit::SetProxy(proxy) => {
            next.proxy = proxy;
            next.settings_changed_by_user = true;
            next.connection = super::Progress::Idle;
        }
        SettingsEdit::SetProjectId(id) => {
            next.draft.project_id = id;
            next.touched.project_id = true;
            next.settings_changed_by_user = true;
            next.revalidate();
        }
        SettingsEdit::SetPublicKey(key) => next.credentials.public_key = key,
        SettingsEdit::SetClientId(id) => next.credentials.client_id = id,
        SettingsEdit::SetAuthKind(kind) => next.credentials.kind = kind,
    }
    true
}

/// Applies any other form edit; the caller has already checked the form is not locked.
pub(super) fn form(next: &mut AppState, edit: FormEdit) -> bool {
    match edit {
        FormEdit::SetPrivateKey(key) => next.credentials.private_key = key,
        FormEdit::SetClientSecret(secret) => {
            // A token belongs to the secret it was made with: revoked with that one.
            next.retire_token();
            next.credentials.client_secret = secret;
        }
        FormEdit::ApplyProfile(profile) => {
            let source = RouteSource::CliProfile(profile.name.clone());
            apply_profile(next, profile, source);
        }
        FormEdit::SelectProfile(name) => {
            return select_profile(next, &name, RouteSource::Profile(name.clone()));
        }
        FormEdit::UsePendingRoute => {
            let Some(pending) = next.pending_route.take() else {
                return false;
            };
            // Checked again: the lock is the last word, whatever happened in between.
            if let Err(why) = next.routing.check(&pending.to, &next.configured_route) {
                next.refused_route = Some(RefusedRoute {
                    source: pending.source,
                    from: pending.from,
                    to: pending.to,
                    why,
                });
                return true;
            }
            next.set_route(pending.to);
        }
        FormEdit::KeepCurrentRoute => {
            if next.pending_route.take().is_none() {
                return false;
            }
        }
        FormEdit::SetDescription(desc) => {
            next.draft.desc = desc;
            next.touched.description = true;
            next.revalidate();
        }
        FormEdit::SetExpiry(choice) => {
            next.draft.expiry = choice;
            next.touched.expiry = true;
            next.revalidate();
        }
        FormEdit::UseLowercaseProjectId => {
            let suggestion = next.validated.as_ref().err().and_then(|errors| {
                errors.0.iter().find_map(|e| match &e.kind {
                    FieldErrorKind::ProjectIdUppercase { lowercase } => Some(lowercase.clone()),
                    _ => None,
                })
            });
            let Some(lowercase) = suggestion else {
                return false;
            };
            next.draft.project_id = lowercase;
            next.settings_changed_by_user = true;
            next.revalidate();
        }
        FormEdit::ToggleRole(role) => {
            if let Some(pos) = next.draft.roles.iter().position(|r| *r == role) {
                next.draft.roles.remove(pos);
            } else {
                next.draft.roles.push(role);
            }
            next.touched.roles = true;
            next.revalidate();
        }
        FormEdit::SetCustomRoleInput(text) => next.custom_role_input = text,
        FormEdit::AddCustomRole => {
            let role = next.custom_role_input.trim().to_string();
            if role.is_empty() {
                return false;
            }
            if !next.draft.custom_roles.contains(&role) {
                next.draft.custom_roles.push(role);
            }
            next.custom_role_input.clear();
            next.touched.custom_role = true;
            next.touched.roles = true;
            next.revalidate();
        }
        FormEdit::RemoveCustomRole(role) => {
            next.draft.custom_roles.retain(|r| *r != role);
            next.revalidate();
        }
    }
    true
}

/// Switches to a saved profile, if there is one of this name.
pub(super) fn select_profile(next: &mut AppState, name: &str, source: RouteSource) -> bool {
    let Some(profile) = next.profiles.iter().find(|p| p.name == name).cloned() else {
        return false;
    };
    next.active_profile = Some(name.to_string());
    apply_profile(next, profile, source);
    true
}

/// A profile's settings (never a secret) replace the current ones; its route (environment, base
/// URL, proxy) only after the user confirms it, and only if the administrator's lock allows it.
fn apply_profile(next: &mut AppState, profile: Profile, source: RouteSource) {
    let proposed = route_of_profile(&profile, &next.route());
    next.propose_route(proposed, source);
    next.connection_source = ConnectionSource::Profile;
    next.org_id = profile.org_id;
    next.default_output = profile.output;
    if !profile.project_id.is_empty() {
        next.draft.project_id = profile.project_id;
    }
    next.credentials.kind = profile.auth;
    match profile.auth {
        AuthKind::ApiKey => next.credentials.public_key = profile.login_id,
        AuthKind::ServiceAccount => next.credentials.client_id = profile.login_id,
    }
    next.revalidate();
}

impl AppState {
    pub(super) fn revalidate(&mut self) {
        self.validated = crate::core::request::CreateApiKeyRequest::validate_with(
            &self.draft,
            self.environment.flavor(),
            &self.expiry_rules,
        );
    }

    /// The route the user confirmed: environment (and custom base URL) and proxy.
    fn set_route(&mut self, route: Route) {
        if let Environment::Custom { base_url, flavor } = &route.environment {
            self.custom_base_url = base_url.clone();
            self.custom_flavor = *flavor;
        }
        self.proxy = route.proxy;
        self.set_environment(route.environment);
    }

    fn set_environment(&mut self, env: Environment) {
        self.environment = env;
        self.settings_changed_by_user = true;
        // A check of another environment says nothing about this one.
        self.connection = super::Progress::Idle;
        // Ops Manager and Atlas accept different project roles.
        self.revalidate();
    }

    fn custom_environment(&self) -> Environment {
        Environment::Custom {
            base_url: self.custom_base_url.clone(),
            flavor: self.custom_flavor,
        }
    }

    /// The custom base URL or API flavor changed: kept for later, and in effect at once when the
    /// custom environment is the selected one.
    fn custom_settings_changed(&mut self) {
        self.settings_changed_by_user = true;
        if matches!(self.environment, Environment::Custom { .. }) {
            let env = self.custom_environment();
            self.set_environment(env);
        }
    }
}
