//! The page's one reducer. The flow is `Editing -> Sending -> Revealed | Failed | OutcomeUnknown`;
//! every change of a form field re-runs the core's validation, so what the page shows is always the
//! core's verdict on the current input. No side effects here: `app.rs` runs the transport and storage.

use std::fmt;
use std::rc::Rc;

use yew::Reducible;

use crate::core::config::{RuntimeConfig, Settings};
use crate::core::deeplink::{DeepLink, DeepLinkNotice};
use crate::core::environment::{ApiFlavor, Environment};
use crate::core::error::KeymintError;
use crate::core::oauth::{AccessToken, ClientId, ClientSecret, TokenCache};
use crate::core::probe::ProbeReport;
use crate::core::profile::{AuthKind, ImportedSecrets, Profile};
use crate::core::proxy::{ProxyError, ProxyRoute};
use crate::core::readiness::{self, Blocker, Login};
use crate::core::request::{CreateApiKeyRequest, FieldErrorKind, RequestDraft, ValidationErrors};
use crate::core::response::ApiKeyUserDetails;
use crate::core::target::CurlAuth;

/// The caller's own API key. Memory only: never stored, never logged (Debug is redacted).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Credentials {
    pub method: AuthMethod,
    pub public_key: String,
    pub private_key: String,
    pub client_id: String,
    pub client_secret: String,
}

/// How the caller signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthMethod {
    #[default]
    ApiKey,
    ServiceAccount,
}

impl Credentials {
    /// The login the core checks and the transport uses.
    pub fn login(&self) -> Login<'_> {
        match self.method {
            AuthMethod::ApiKey => Login::ApiKey {
                public_key: &self.public_key,
                private_key: &self.private_key,
            },
            AuthMethod::ServiceAccount => Login::ServiceAccount {
                client_id: &self.client_id,
                client_secret: &self.client_secret,
            },
        }
    }

    /// How the curl preview signs (never a secret).
    pub fn curl_auth(&self) -> CurlAuth<'_> {
        match self.method {
            AuthMethod::ApiKey => CurlAuth::Digest {
                public_key: &self.public_key,
            },
            AuthMethod::ServiceAccount => CurlAuth::Bearer,
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("public_key", &self.public_key)
            .field("private_key", &"<redacted>")
            .field("method", &self.method)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

/// A created key on its way to the user: shown once, then dropped with this value.
#[derive(Debug, Clone, PartialEq)]
pub struct Reveal {
    pub key: ApiKeyUserDetails,
    pub project_id: String,
    /// ISO 8601, taken by the browser when the answer arrived.
    pub created_at: String,
    /// True once the private key was copied or downloaded: leaving no longer asks for confirmation.
    pub secured: bool,
    /// Where the key was created (for the exports).
    pub environment: Environment,
    /// The public key that signed the create (not secret; for the equivalent curl command);
    /// `None` when a service account's token did.
    pub caller_public_key: Option<String>,
    /// The output format to show first (`-o` value from the profile; empty = the CLI's default text).
    pub default_output: String,
}

/// Where the flow is.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Editing,
    Sending,
    Revealed(Box<Reveal>),
    Failed(KeymintError),
    /// The signed POST left the browser and its answer was lost: the key may exist.
    OutcomeUnknown(KeymintError),
}

/// The "Test connection" button's state.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnectionCheck {
    NotRun,
    Running,
    Done(ProbeReport),
}

/// Fields the user has typed into: their errors show next to them (the Create button lists all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Touched {
    pub description: bool,
    pub project_id: bool,
    pub roles: bool,
    pub custom_role: bool,
}

/// Which value the user copied from the reveal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    PublicKey,
    PrivateKey,
}

/// The whole page state.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// The default output format (`-o` value) of the profile in use.
    pub default_output: String,
    /// Named profiles of non-secret settings (persisted).
    pub profiles: Vec<Profile>,
    /// The profile last chosen or saved.
    pub active_profile: Option<String>,
    /// The service account's access token, memory only.
    pub tokens: TokenCache,
    /// What the deep link the page was opened with prefilled or refused (shown above the form).
    pub link_notices: Vec<DeepLinkNotice>,
    pub environment: Environment,
    /// What the user typed as custom base URL; kept when they switch to Atlas and back.
    pub custom_base_url: String,
    /// The API flavor chosen for a custom base URL; kept the same way.
    pub custom_flavor: ApiFlavor,
    pub proxy: String,
    pub org_id: String,
    pub timeout_seconds: u32,
    /// True once the user changed a persisted setting: only then is localStorage written.
    pub settings_changed_by_user: bool,
    pub credentials: Credentials,
    pub draft: RequestDraft,
    pub custom_role_input: String,
    pub touched: Touched,
    pub validated: Result<CreateApiKeyRequest, ValidationErrors>,
    pub phase: Phase,
    pub connection: ConnectionCheck,
    /// Why config.json could not be used, if it could not.
    pub config_problem: Option<String>,
}

/// Everything that can happen to the page. No `Debug`: some actions carry the caller's private key.
#[derive(Clone)]
pub enum Action {
    /// config.json (or its absence) and the stored settings arrived.
    Configure {
        config: RuntimeConfig,
        stored: Option<Settings>,
        problem: Option<String>,
    },
    SelectEnvironment(EnvironmentChoice),
    SetCustomBaseUrl(String),
    SetCustomFlavor(ApiFlavor),
    SetProxy(String),
    SetPublicKey(String),
    SetPrivateKey(String),
    SetAuthMethod(AuthMethod),
    SetClientId(String),
    SetClientSecret(String),
    /// A service-account token arrived: kept in memory for later creates until it expires.
    TokenObtained(AccessToken),
    /// Atlas refused the token (or the user signed out): forget it.
    ForgetToken,
    /// Apply an imported profile's settings (never a secret).
    ApplyProfile(Profile),
    /// The saved named profiles arrived from storage.
    ProfilesLoaded(Vec<Profile>),
    /// Save the current non-secret settings under a name (replacing one of the same name).
    SaveProfile(String),
    /// Switch to a saved profile.
    SelectProfile(String),
    /// Add profiles from an exported profiles file.
    ImportProfiles(Vec<Profile>),
    /// The user confirmed using an imported file's secrets in this tab (memory only).
    UseImportedSecrets(ImportedSecrets),
    SetDescription(String),
    SetProjectId(String),
    UseLowercaseProjectId,
    ToggleRole(String),
    SetCustomRoleInput(String),
    AddCustomRole,
    RemoveCustomRole(String),
    ConnectionCheckStarted,
    ConnectionChecked(ProbeReport),
    /// The Create button was pressed: only honoured when the request is valid and nothing is in flight.
    Send,
    Created {
        key: ApiKeyUserDetails,
        project_id: String,
        created_at: String,
    },
    SendFailed(KeymintError),
    /// The page was opened with a deep link: prefill the form, keep the notices to show.
    ApplyDeepLink(DeepLink),
    Copied(Copied),
    Downloaded,
    /// Leave the reveal (Done / New key) or an error screen; `fresh_form` also clears description and roles.
    BackToForm {
        fresh_form: bool,
    },
}

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

impl Default for AppState {
    fn default() -> Self {
        Self::from_config(RuntimeConfig::default(), None, None)
    }
}

/// A service-account token and what its revocation request needs.
#[derive(Clone, PartialEq)]
pub struct TokenRevocation {
    pub environment: Environment,
    pub route: ProxyRoute,
    pub id: ClientId,
    pub secret: ClientSecret,
    pub token: AccessToken,
}

impl AppState {
    /// Defaults from config.json, overridden by what the user stored earlier.
    pub fn from_config(
        config: RuntimeConfig,
        stored: Option<Settings>,
        problem: Option<String>,
    ) -> Self {
        let (environment, custom_base_url, proxy, project_id, org_id) = match stored {
            Some(s) => (
                s.environment,
                s.custom_base_url,
                s.proxy,
                s.project_id,
                s.org_id,
            ),
            None => (
                config.environment,
                config.custom_base_url,
                config.proxy,
                String::new(),
                String::new(),
            ),
        };
        let custom_flavor = match &environment {
            Environment::Custom { flavor, .. } => *flavor,
            _ => ApiFlavor::OpsManagerV1,
        };
        let draft = RequestDraft {
            desc: String::new(),
            project_id,
            roles: Vec::new(),
            custom_roles: Vec::new(),
        };
        let validated = CreateApiKeyRequest::validate_for(&draft, environment.flavor());
        AppState {
            environment,
            custom_base_url,
            custom_flavor,
            proxy,
            org_id,
            timeout_seconds: config.request_timeout_seconds,
            settings_changed_by_user: false,
            link_notices: Vec::new(),
            tokens: TokenCache::default(),
            profiles: Vec::new(),
            active_profile: None,
            default_output: String::new(),
            credentials: Credentials::default(),
            draft,
            custom_role_input: String::new(),
            touched: Touched::default(),
            validated,
            phase: Phase::Editing,
            connection: ConnectionCheck::NotRun,
            config_problem: problem,
        }
    }

    /// The current non-secret settings as a named profile.
    pub fn current_profile(&self, name: &str) -> Profile {
        let (auth, login_id) = match self.credentials.method {
            AuthMethod::ApiKey => (AuthKind::ApiKey, self.credentials.public_key.clone()),
            AuthMethod::ServiceAccount => {
                (AuthKind::ServiceAccount, self.credentials.client_id.clone())
            }
        };
        Profile {
            name: name.to_string(),
            environment: self.environment.clone(),
            proxy: self.proxy.clone(),
            org_id: self.org_id.clone(),
            project_id: self.draft.project_id.clone(),
            output: self.default_output.clone(),
            auth,
            login_id,
        }
    }

    /// The non-secret settings that persist in localStorage.
    pub fn settings(&self) -> Settings {
        Settings {
            environment: self.environment.clone(),
            custom_base_url: self.custom_base_url.clone(),
            proxy: self.proxy.clone(),
            project_id: self.draft.project_id.clone(),
            org_id: self.org_id.clone(),
        }
    }

    /// The proxy route the user typed, as the core reads it.
    pub fn proxy_route(&self) -> Result<ProxyRoute, ProxyError> {
        ProxyRoute::parse(&self.proxy)
    }

    /// What revoking the service account's live token takes (sign-out, leaving the page), if there
    /// is one and the credentials and proxy to revoke it with are usable.
    pub fn token_to_revoke(&self, now: f64) -> Option<TokenRevocation> {
        Some(TokenRevocation {
            token: self.tokens.get(now)?.clone(),
            id: ClientId::parse(&self.credentials.client_id).ok()?,
            secret: ClientSecret::parse(&self.credentials.client_secret).ok()?,
            route: self.proxy_route().ok()?,
            environment: self.environment.clone(),
        })
    }

    /// Everything that keeps the Create button disabled, in form order (empty: ready to send).
    pub fn blockers(&self) -> Vec<Blocker> {
        readiness::blockers(
            &self.environment,
            &self.proxy,
            self.credentials.login(),
            self.validated.as_ref().err(),
        )
    }

    /// True while a request is in flight.
    pub fn is_sending(&self) -> bool {
        matches!(self.phase, Phase::Sending)
    }

    fn revalidate(&mut self) {
        self.validated = CreateApiKeyRequest::validate_for(&self.draft, self.environment.flavor());
    }

    fn set_environment(&mut self, env: Environment) {
        self.environment = env;
        self.settings_changed_by_user = true;
        // A check of another environment says nothing about this one.
        self.connection = ConnectionCheck::NotRun;
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

    /// Form edits are ignored while sending or revealing: the request in flight and the key shown
    /// must not change under the user.
    fn form_locked(&self) -> bool {
        matches!(
            self.phase,
            Phase::Sending | Phase::Revealed(_) | Phase::OutcomeUnknown(_)
        )
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        if next.form_locked() && action.is_form_edit() {
            return self;
        }
        if action.changes_profile_settings() {
            // The settings no longer are the profile's: the selector says so, and choosing the
            // profile again restores it.
            next.active_profile = None;
        }
        match action {
            Action::Configure {
                config,
                stored,
                problem,
            } => {
                // Whatever the user changed before config.json arrived wins over the defaults.
                if next.settings_changed_by_user {
                    return self;
                }
                let configured = AppState::from_config(config, stored, problem);
                next.environment = configured.environment;
                next.custom_base_url = configured.custom_base_url;
                next.custom_flavor = configured.custom_flavor;
                next.proxy = configured.proxy;
                next.org_id = configured.org_id;
                next.timeout_seconds = configured.timeout_seconds;
                next.config_problem = configured.config_problem;
                if !next.touched.project_id {
                    next.draft.project_id = configured.draft.project_id;
                    next.revalidate();
                }
            }
            Action::SelectEnvironment(choice) => {
                let env = match choice {
                    EnvironmentChoice::Atlas => Environment::Atlas,
                    EnvironmentChoice::AtlasGov => Environment::AtlasGov,
                    EnvironmentChoice::Custom => next.custom_environment(),
                };
                next.set_environment(env);
            }
            Action::SetCustomBaseUrl(url) => {
                next.custom_base_url = url;
                next.custom_settings_changed();
            }
            Action::SetCustomFlavor(flavor) => {
                next.custom_flavor = flavor;
                next.custom_settings_changed();
            }
            Action::SetProxy(proxy) => {
                next.proxy = proxy;
                next.settings_changed_by_user = true;
                next.connection = ConnectionCheck::NotRun;
            }
            Action::SetPublicKey(key) => next.credentials.public_key = key,
            Action::SetAuthMethod(method) => next.credentials.method = method,
            Action::SetClientId(id) => next.credentials.client_id = id,
            Action::SetClientSecret(secret) => {
                next.credentials.client_secret = secret;
                // A token belongs to the secret it was made with.
                next.tokens.invalidate();
            }
            Action::TokenObtained(token) => next.tokens.store(token),
            Action::ForgetToken => {
                next.tokens.invalidate();
            }
            Action::ApplyProfile(profile) => {
                if let Environment::Custom { base_url, flavor } = &profile.environment {
                    next.custom_base_url = base_url.clone();
                    next.custom_flavor = *flavor;
                }
                next.set_environment(profile.environment);
                if !profile.proxy.is_empty() {
                    next.proxy = profile.proxy;
                }
                next.org_id = profile.org_id;
                next.default_output = profile.output;
                if !profile.project_id.is_empty() {
                    next.draft.project_id = profile.project_id;
                }
                match profile.auth {
                    AuthKind::ApiKey => {
                        next.credentials.method = AuthMethod::ApiKey;
                        next.credentials.public_key = profile.login_id;
                    }
                    AuthKind::ServiceAccount => {
                        next.credentials.method = AuthMethod::ServiceAccount;
                        next.credentials.client_id = profile.login_id;
                    }
                }
                next.revalidate();
            }
            Action::ProfilesLoaded(profiles) => next.profiles = profiles,
            Action::SaveProfile(name) => {
                let name = name.trim().to_string();
                if name.is_empty() {
                    return self;
                }
                let profile = next.current_profile(&name);
                next.profiles.retain(|p| p.name != name);
                next.profiles.push(profile);
                next.active_profile = Some(name);
            }
            Action::SelectProfile(name) => {
                let Some(profile) = next.profiles.iter().find(|p| p.name == name).cloned() else {
                    return self;
                };
                next.active_profile = Some(name);
                return Rc::new(next).reduce(Action::ApplyProfile(profile));
            }
            Action::ImportProfiles(profiles) => {
                for p in profiles {
                    next.profiles.retain(|q| q.name != p.name);
                    next.profiles.push(p);
                }
            }
            Action::UseImportedSecrets(secrets) => {
                if let Some(private) = secrets.private_api_key {
                    next.credentials.private_key = private;
                }
                if let Some(secret) = secrets.client_secret {
                    next.credentials.client_secret = secret;
                    next.tokens.invalidate();
                }
            }
            Action::SetPrivateKey(key) => next.credentials.private_key = key,
            Action::SetDescription(desc) => {
                next.draft.desc = desc;
                next.touched.description = true;
                next.revalidate();
            }
            Action::SetProjectId(id) => {
                next.draft.project_id = id;
                next.touched.project_id = true;
                next.settings_changed_by_user = true;
                next.revalidate();
            }
            Action::UseLowercaseProjectId => {
                let suggestion = next.validated.as_ref().err().and_then(|errors| {
                    errors.0.iter().find_map(|e| match &e.kind {
                        FieldErrorKind::ProjectIdUppercase { lowercase } => Some(lowercase.clone()),
                        _ => None,
                    })
                });
                let Some(lowercase) = suggestion else {
                    return self;
                };
                next.draft.project_id = lowercase;
                next.settings_changed_by_user = true;
                next.revalidate();
            }
            Action::ToggleRole(role) => {
                if let Some(pos) = next.draft.roles.iter().position(|r| *r == role) {
                    next.draft.roles.remove(pos);
                } else {
                    next.draft.roles.push(role);
                }
                next.touched.roles = true;
                next.revalidate();
            }
            Action::SetCustomRoleInput(text) => next.custom_role_input = text,
            Action::AddCustomRole => {
                let role = next.custom_role_input.trim().to_string();
                if role.is_empty() {
                    return self;
                }
                if !next.draft.custom_roles.contains(&role) {
                    next.draft.custom_roles.push(role);
                }
                next.custom_role_input.clear();
                next.touched.custom_role = true;
                next.touched.roles = true;
                next.revalidate();
            }
            Action::RemoveCustomRole(role) => {
                next.draft.custom_roles.retain(|r| *r != role);
                next.revalidate();
            }
            Action::ConnectionCheckStarted => next.connection = ConnectionCheck::Running,
            Action::ConnectionChecked(report) => next.connection = ConnectionCheck::Done(report),
            Action::Send => {
                let idle = matches!(next.phase, Phase::Editing | Phase::Failed(_));
                if !idle || !next.blockers().is_empty() {
                    return self;
                }
                next.phase = Phase::Sending;
            }
            Action::Created {
                key,
                project_id,
                created_at,
            } => {
                if !next.is_sending() {
                    return self;
                }
                next.phase = Phase::Revealed(Box::new(Reveal {
                    key,
                    project_id,
                    created_at,
                    secured: false,
                    environment: next.environment.clone(),
                    caller_public_key: match next.credentials.method {
                        AuthMethod::ApiKey => Some(next.credentials.public_key.clone()),
                        AuthMethod::ServiceAccount => None,
                    },
                    default_output: next.default_output.clone(),
                }));
            }
            Action::ApplyDeepLink(link) => {
                if next.form_locked() {
                    return self;
                }
                // A link prefills only the request: never credentials, never where requests go.
                if let Some(project_id) = link.project_id {
                    next.draft.project_id = project_id;
                }
                if let Some(desc) = link.desc {
                    next.draft.desc = desc;
                }
                if !link.roles.is_empty() || !link.custom_roles.is_empty() {
                    next.draft.roles = link.roles;
                    next.draft.custom_roles = link.custom_roles;
                }
                next.link_notices = link.notices;
                next.revalidate();
            }
            Action::SendFailed(error) => {
                if !next.is_sending() {
                    return self;
                }
                next.phase = match error {
                    e if e.outcome_unknown() => Phase::OutcomeUnknown(e),
                    e => Phase::Failed(e),
                };
            }
            Action::Copied(what) => {
                if let Phase::Revealed(reveal) = &mut next.phase {
                    if what == Copied::PrivateKey {
                        reveal.secured = true;
                    }
                } else {
                    return self;
                }
            }
            Action::Downloaded => {
                if let Phase::Revealed(reveal) = &mut next.phase {
                    reveal.secured = true;
                } else {
                    return self;
                }
            }
            Action::BackToForm { fresh_form } => {
                if next.is_sending() {
                    return self;
                }
                // Replacing the phase drops the Reveal, and with it the only copy of the new private key.
                next.phase = Phase::Editing;
                if fresh_form {
                    next.draft.desc.clear();
                    next.draft.roles.clear();
                    next.draft.custom_roles.clear();
                    next.touched = Touched::default();
                    next.revalidate();
                }
            }
        }
        Rc::new(next)
    }
}

impl Action {
    /// Edits of a setting a profile holds.
    fn changes_profile_settings(&self) -> bool {
        matches!(
            self,
            Action::SelectEnvironment(_)
                | Action::SetCustomBaseUrl(_)
                | Action::SetCustomFlavor(_)
                | Action::SetProxy(_)
                | Action::SetProjectId(_)
                | Action::SetPublicKey(_)
                | Action::SetClientId(_)
                | Action::SetAuthMethod(_)
        )
    }

    /// Every edit of the form: the profile's settings, plus secrets, profile choices and the request.
    fn is_form_edit(&self) -> bool {
        self.changes_profile_settings()
            || matches!(
                self,
                Action::SetPrivateKey(_)
                    | Action::ApplyProfile(_)
                    | Action::SelectProfile(_)
                    | Action::SetClientSecret(_)
                    | Action::SetDescription(_)
                    | Action::UseLowercaseProjectId
                    | Action::ToggleRole(_)
                    | Action::SetCustomRoleInput(_)
                    | Action::AddCustomRole
                    | Action::RemoveCustomRole(_)
            )
    }
}
