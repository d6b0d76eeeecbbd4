//! Everything that can happen to the page, nested by concern. Whether an action edits the form
//! (and so is ignored while a create is in flight or a key is shown) is its type: [`Action::Settings`]
//! and [`Action::Form`] are edits, nothing else is.
//!
//! No `Debug`: some actions carry the caller's private key or client secret.

use crate::core::access_list::HeldEntry;
use crate::core::calls::KeyTestOutcome;
use crate::core::config::{RuntimeConfig, Settings};
use crate::core::connection::ConnectionSource;
use crate::core::credentials::AuthKind;
use crate::core::deeplink::DeepLink;
use crate::core::environment::{ApiFlavor, Environment};
use crate::core::error::KeymintError;
use crate::core::expiry::{Day, ExpiryChoice};
use crate::core::ids::ProjectId;
use crate::core::oauth::{AccessToken, TokenBinding};
use crate::core::probe::ProbeReport;
use crate::core::profile::{ImportedSecrets, Profile};
use crate::core::request_link::{AgeRecipient, KeyRequest, RequestLinkError};
use crate::core::response::ApiKeyUserDetails;

#[derive(Clone)]
pub enum Action {
    /// An edit of a setting a profile holds: locked while sending, and the settings then no longer
    /// are the active profile's.
    Settings(SettingsEdit),
    /// Any other edit of the form (secrets, profile choice, the request): locked while sending.
    Form(FormEdit),
    /// The saved profiles: loaded, saved, imported.
    Profiles(ProfilesEvent),
    /// What arrives around the form: configuration, tokens, the connection test, a deep link.
    Session(SessionEvent),
    /// The create itself and what follows it.
    Flow(FlowEvent),
    /// The key's first hour: the new key's access list and test.
    Lifecycle(LifecycleEvent),
}

/// Edits of the settings a profile holds.
#[derive(Clone)]
pub enum SettingsEdit {
    SelectEnvironment(EnvironmentChoice),
    SetCustomBaseUrl(String),
    SetCustomFlavor(ApiFlavor),
    SetProxy(String),
    SetProjectId(String),
    SetPublicKey(String),
    SetClientId(String),
    SetAuthKind(AuthKind),
}

/// The other edits of the form.
#[derive(Clone)]
pub enum FormEdit {
    SetPrivateKey(String),
    SetClientSecret(String),
    /// Apply an imported profile's settings (never a secret).
    ApplyProfile(Profile),
    /// Switch to a saved profile.
    SelectProfile(String),
    /// Confirm the pending route change: requests go there from now on.
    UsePendingRoute,
    /// Discard the pending route change: requests keep their current route.
    KeepCurrentRoute,
    SetDescription(String),
    /// "Expires": a number of days, a date, or "Never".
    SetExpiry(ExpiryChoice),
    UseLowercaseProjectId,
    ToggleRole(String),
    SetCustomRoleInput(String),
    AddCustomRole,
    RemoveCustomRole(String),
}

/// The saved profiles.
#[derive(Clone)]
pub enum ProfilesEvent {
    /// The saved named profiles arrived from storage.
    Loaded(Vec<Profile>),
    /// Save the current non-secret settings under a name (replacing one of the same name).
    Save(String),
    /// Add profiles from an exported profiles file.
    Import(Vec<Profile>),
    /// The user confirmed using an imported file's secrets in this tab (memory only).
    UseImportedSecrets(ImportedSecrets),
}

/// What arrives around the form.
#[derive(Clone)]
pub enum SessionEvent {
    /// config.json (or its absence) and the stored settings arrived.
    Configure {
        config: RuntimeConfig,
        stored: Option<Settings>,
        problem: Option<String>,
        /// `ConfigFile` when config.json was read and used, `BuiltIn` when the defaults stand in.
        source: ConnectionSource,
    },
    /// A service-account token arrived: kept in memory for later creates until it expires, and
    /// only while the environment, route and client ID stay the ones it came from.
    TokenObtained {
        token: AccessToken,
        binding: TokenBinding,
    },
    /// The revocations of the first `n` retired tokens were sent.
    RevocationsSent(usize),
    /// Atlas refused the token (or the user signed out): forget it.
    ForgetToken,
    ConnectionCheckStarted,
    ConnectionChecked(ProbeReport),
    /// The page was opened with a deep link: prefill the form, keep the notices to show.
    ApplyDeepLink(DeepLink),
    /// The page was opened with a request link (`#request=…`): prefill the form as a deep link does,
    /// and seal the new key to the requester; or say why the link cannot be used.
    ApplyRequestLink(Result<KeyRequest, RequestLinkError>),
    /// Today's date, from the browser: "Expires" counts days from it.
    Today(Day),
    /// The view the page's link asked for was opened (it is opened once).
    LinkedViewOpened,
}

/// The create and what follows it.
#[derive(Clone)]
pub enum FlowEvent {
    /// The Create button was pressed: only honoured when [`super::AppState::can_send`].
    Send,
    /// The create's answer was the key; `project_id` is the project it was sent to, as validated.
    Created {
        key: ApiKeyUserDetails,
        project_id: ProjectId,
        created_at: String,
    },
    SendFailed(KeymintError),
    Copied(Copied),
    Downloaded,
    /// "Seal for a recipient" on a reveal whose private key was not copied or downloaded yet.
    SealFor(AgeRecipient),
    /// The engines module sealed the new key (its JSON) to the recipient, or could not.
    Sealed(Result<String, String>),
    /// Leave the reveal (Done / New key) or an error screen; `fresh_form` also clears description and roles.
    BackToForm {
        fresh_form: bool,
    },
}

/// What follows a create, by concern.
#[derive(Clone)]
pub enum LifecycleEvent {
    NewKeyAccess(NewKeyAccessEvent),
    KeyTest(KeyTestEvent),
}

/// The new key's access list, in the reveal.
#[derive(Clone)]
pub enum NewKeyAccessEvent {
    Edit(String),
    Started,
    /// Atlas's answer: the entries it holds for the key.
    Held(Vec<HeldEntry>),
    Failed(KeymintError),
}

/// "Test the new key".
#[derive(Clone)]
pub enum KeyTestEvent {
    Started,
    Done(KeyTestOutcome),
}

/// Which value the user copied from the reveal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    PublicKey,
    PrivateKey,
    /// The armored sealed key ("Copy sealed key").
    SealedKey,
}

macro_rules! into_action {
    ($($inner:ident => $variant:ident),*) => {$(
        impl From<$inner> for Action {
            fn from(inner: $inner) -> Self {
                Action::$variant(inner)
            }
        }
    )*};
}
into_action!(SettingsEdit => Settings, FormEdit => Form, ProfilesEvent => Profiles, SessionEvent => Session, FlowEvent => Flow, LifecycleEvent => Lifecycle);

/// The three entries of the "Environment" select.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvironmentChoice {
    Atlas,
    AtlasGov,
    Custom,
}

impl EnvironmentChoice {
    /// The `<option value>` of this choice.
    pub fn value(self) -> &'static str {
        match self {
            EnvironmentChoice::Atlas => "atlas",
            EnvironmentChoice::AtlasGov => "atlasGov",
            EnvironmentChoice::Custom => "custom",
        }
    }

    /// The inverse of [`EnvironmentChoice::value`].
    pub fn from_value(value: &str) -> Option<Self> {
        [Self::Atlas, Self::AtlasGov, Self::Custom]
            .into_iter()
            .find(|c| c.value() == value)
    }

    /// The choice that shows `env`.
    pub fn of(env: &Environment) -> Self {
        match env {
            Environment::Atlas => Self::Atlas,
            Environment::AtlasGov => Self::AtlasGov,
            Environment::Custom { .. } => Self::Custom,
        }
    }
}

macro_rules! into_lifecycle {
    ($($inner:ident => $variant:ident),*) => {$(
        impl From<$inner> for LifecycleEvent {
            fn from(inner: $inner) -> Self {
                LifecycleEvent::$variant(inner)
            }
        }
    )*};
}
into_lifecycle!(NewKeyAccessEvent => NewKeyAccess, KeyTestEvent => KeyTest);
