//! The page's one reducer. The flow is `Editing -> Sending -> Revealed | Failed | OutcomeUnknown`;
//! every change of a form field re-runs the core's validation, so what the page shows is always the
//! core's verdict on the current input. No side effects here: the web floor's app runs the transport and storage.
//!
//! [`action`] says what can happen, nested by concern; [`edit`] applies the form's edits and [`flow`]
//! the rest. The queries every caller uses ([`AppState::can_send`], [`AppState::visible_errors`],
//! [`AppState::blockers`]) live here.

mod action;
mod edit;
mod flow;
mod lifecycle;
pub mod project_keys;
pub mod rotation;
mod route;

pub use route::TokenRevocation;

pub use action::{
    Action, Copied, EnvironmentChoice, FlowEvent, FormEdit, KeyTestEvent, LifecycleEvent,
    NewKeyAccessEvent, ProfilesEvent, SessionEvent, SettingsEdit,
};
pub use lifecycle::{FollowUp, LifecyclePress, LostAttempt, Progress};

use crate::core::config::{RuntimeConfig, Settings};
use crate::core::connection::{self, ConnectionSource};
use crate::core::credentials::{AuthKind, Credentials};
use crate::core::deeplink::DeepLinkNotice;
use crate::core::deeplink::LinkedView;
use crate::core::digest::DigestScope;
use crate::core::environment::{ApiFlavor, Environment};
use crate::core::error::KeymintError;
use crate::core::expiry::ExpiryRules;
use crate::core::oauth::TokenCache;
use crate::core::probe::ProbeReport;
use crate::core::profile::Profile;
use crate::core::proxy::{ProxyError, ProxyRoute};
use crate::core::readiness::{self, Blocker};
use crate::core::request::{
    CreateApiKeyRequest, Field, FieldError, ProjectId, RequestDraft, ValidationErrors,
};
use crate::core::request_link::AgeRecipient;
use crate::core::response::ApiKeyUserDetails;
use crate::core::routing::{PendingRoute, RefusedRoute, RenamedImport, Route, RoutingPolicy};
use crate::core::views::ViewSettings;

/// A created key on its way to the user: shown once, then dropped with this value.
#[derive(Debug, Clone, PartialEq)]
pub struct Reveal {
    pub key: ApiKeyUserDetails,
    /// The project the key was created in: the new key's test reads it, the exports name it.
    pub project_id: ProjectId,
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
    /// The access list and the test of the new key.
    pub follow_up: FollowUp,
    /// Set when the key is sealed to a recipient: the private key is then never rendered.
    pub sealed: Option<Sealing>,
}

impl Reveal {
    /// A key on its way to the user, in plain form, nothing copied yet: the page's create starts
    /// from it, a rotation's new key and a key opened from a sealed file are just this.
    pub fn new(
        key: ApiKeyUserDetails,
        project_id: ProjectId,
        created_at: String,
        environment: Environment,
        caller_public_key: Option<String>,
    ) -> Reveal {
        Reveal {
            key,
            project_id,
            created_at,
            secured: false,
            environment,
            caller_public_key,
            default_output: String::new(),
            follow_up: FollowUp::default(),
            sealed: None,
        }
    }
}

/// A new key sealed to the person who asked for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sealing {
    pub recipient: AgeRecipient,
    /// The armored file (`keymint-<publicKey>.age`) once the engines module made it, or why it
    /// could not (its words); `None` while it is being made.
    pub armored: Option<Result<String, String>>,
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

/// Fields the user has typed into: their errors show next to them (the Create button lists all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Touched {
    pub description: bool,
    pub project_id: bool,
    pub roles: bool,
    pub custom_role: bool,
    pub expiry: bool,
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
    /// The request link's requester: every key created while it is set is sealed to them, and its
    /// private key is never shown, copied or downloaded in plain form.
    pub sealed_for: Option<AgeRecipient>,
    /// The access-list entries the request asked for (the reveal's field starts with them).
    pub requested_entries: Vec<String>,
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
    /// A view the page's link asked for, opened once the user has signed in.
    pub linked_view: Option<LinkedView>,
    /// Today and the organization's cap on key lifetimes, which "Expires" is resolved against.
    pub expiry_rules: ExpiryRules,
    pub custom_role_input: String,
    pub touched: Touched,
    pub validated: Result<CreateApiKeyRequest, ValidationErrors>,
    pub phase: Phase,
    /// The last "Test connection".
    pub connection: Progress<ProbeReport>,
    /// Why config.json could not be used, if it could not.
    pub config_problem: Option<String>,
    /// The administrator's lock on routing (config.json).
    pub routing: RoutingPolicy,
    /// config.json's own route: always allowed, the only one under `lockRouting`.
    pub configured_route: Route,
    /// A route change from a profile, link or file, waiting for the user's confirmation.
    pub pending_route: Option<PendingRoute>,
    /// The last route change the administrator's lock refused.
    pub refused_route: Option<RefusedRoute>,
    /// Profiles the last import saved under another name (nothing saved is ever replaced).
    pub renamed_imports: Vec<RenamedImport>,
    /// Tokens no longer bound to the current environment, route and client ID: to be revoked
    /// through the route each came from.
    pub revocations: Vec<TokenRevocation>,
    /// What defined the connection settings (config.json, stored settings, a profile).
    pub connection_source: ConnectionSource,
    /// Entries config.json gives to prefill a new key's access list.
    pub default_access_list: Vec<String>,
    /// The create last sent: when its answer is lost, "Look for the key in Atlas"
    /// opens Project keys on the keys it may have made.
    pub lost_attempt: Option<LostAttempt>,
}

impl Default for AppState {
    fn default() -> Self {
        Self::from_config(RuntimeConfig::default(), None, None)
    }
}

impl AppState {
    /// Defaults from config.json, overridden by what the user stored earlier.
    pub fn from_config(
        config: RuntimeConfig,
        stored: Option<Settings>,
        problem: Option<String>,
    ) -> Self {
        let configured_route = config.route();
        let routing = config.routing.clone();
        let mut refused_route = None;
        // Stored settings the administrator's lock does not allow give way to config.json's route.
        let stored = stored.map(|mut s| {
            let stored_route = Route {
                environment: s.environment.clone(),
                proxy: s.proxy.clone(),
            };
            refused_route =
                route::refusal_of_earlier_route(&routing, &stored_route, &configured_route);
            if refused_route.is_some() {
                s.environment = configured_route.environment.clone();
                s.proxy = configured_route.proxy.clone();
                s.custom_base_url = config.custom_base_url.clone();
            }
            s
        });
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
        let expiry_rules = ExpiryRules {
            today: None,
            max_days: config.max_key_lifetime_days,
        };
        let draft = RequestDraft {
            desc: String::new(),
            project_id,
            roles: Vec::new(),
            custom_roles: Vec::new(),
            expiry: expiry_rules.default_choice(),
        };
        let validated =
            CreateApiKeyRequest::validate_with(&draft, environment.flavor(), &expiry_rules);
        AppState {
            environment,
            custom_base_url,
            custom_flavor,
            proxy,
            org_id,
            timeout_seconds: config.request_timeout_seconds,
            settings_changed_by_user: false,
            link_notices: Vec::new(),
            sealed_for: None,
            requested_entries: Vec::new(),
            tokens: TokenCache::default(),
            profiles: Vec::new(),
            active_profile: None,
            default_output: String::new(),
            credentials: Credentials::default(),
            draft,
            linked_view: None,
            expiry_rules,
            custom_role_input: String::new(),
            touched: Touched::default(),
            validated,
            phase: Phase::Editing,
            connection: Progress::Idle,
            config_problem: problem,
            routing,
            configured_route,
            pending_route: None,
            refused_route,
            renamed_imports: Vec::new(),
            revocations: Vec::new(),
            connection_source: ConnectionSource::Pending,
            default_access_list: config.default_access_list,
            lost_attempt: None,
        }
    }

    /// The current non-secret settings as a named profile.
    pub fn current_profile(&self, name: &str) -> Profile {
        Profile {
            name: name.to_string(),
            environment: self.environment.clone(),
            proxy: self.proxy.clone(),
            org_id: self.org_id.clone(),
            project_id: self.draft.project_id.clone(),
            output: self.default_output.clone(),
            auth: self.credentials.kind,
            login_id: self.credentials.login_id().to_string(),
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

    /// Where a Digest session obtained now could be used (the service through the current proxy).
    pub fn digest_scope(&self) -> DigestScope {
        DigestScope::new(self.environment.base_url(), &self.proxy)
    }

    /// The project whose unsigned GET fetches Atlas's challenge ahead of a press, once the form could
    /// be signed with an API key (the project ID, the proxy and both halves of the key are there).
    pub fn challenge_project(&self) -> Option<ProjectId> {
        let login = &self.credentials;
        if login.kind != AuthKind::ApiKey
            || login.public_key.trim().is_empty()
            || login.private_key.trim().is_empty()
            || self.proxy_route().is_err()
        {
            return None;
        }
        ProjectId::parse(&self.draft.project_id).ok()
    }

    /// Everything that keeps the Create button disabled, in form order (empty: ready to send).
    pub fn blockers(&self) -> Vec<Blocker> {
        let mut found = readiness::blockers(
            &self.environment,
            &self.proxy,
            &self.credentials,
            self.validated.as_ref().err(),
        );
        if let Err(why) = self.routing.check(&self.route(), &self.configured_route) {
            let after_route = found
                .iter()
                .take_while(|b| matches!(b, Blocker::BaseUrl(_) | Blocker::Proxy(_)))
                .count();
            found.insert(after_route, Blocker::RouteNotAllowed(why));
        }
        found
    }

    /// What keeps a view that loads when opened (Project keys) from signing for the project: the
    /// route and the caller as for Create, and the project ID, but not the rest of the request.
    pub fn view_blockers(&self) -> Vec<Blocker> {
        let mut found: Vec<Blocker> = self
            .blockers()
            .into_iter()
            .filter(|b| !matches!(b, Blocker::Request(_)))
            .collect();
        if let Err(e) = ProjectId::parse(&self.draft.project_id) {
            found.push(Blocker::Request(e));
        }
        found
    }

    /// What the page hands a view: its settings (no secret) for the project typed; while a
    /// create's outcome is unknown, for the keys that create may have made.
    pub fn view_settings(&self) -> ViewSettings {
        let settings = ViewSettings::of(
            &self.environment,
            &self.proxy,
            self.timeout_seconds,
            &self.credentials,
            &self.draft.project_id,
            &self.org_id,
        )
        .with_max_key_days(self.expiry_rules.max_days);
        match (&self.phase, &self.lost_attempt) {
            (Phase::OutcomeUnknown(_), Some(lost)) => {
                settings.for_lost_create(lost.project_id.as_str(), &lost.desc)
            }
            _ => settings,
        }
    }

    /// True when Create may be pressed: nothing in flight or shown, and nothing blocks the request.
    pub fn can_send(&self) -> bool {
        matches!(self.phase, Phase::Editing | Phase::Failed(_)) && self.blockers().is_empty()
    }

    /// The request's problems shown next to their fields: only for fields the user has typed into
    /// (a prefilled project ID counts); the Create button lists them all.
    pub fn visible_errors(&self) -> Vec<FieldError> {
        let Err(errors) = &self.validated else {
            return Vec::new();
        };
        errors
            .0
            .iter()
            .filter(|e| match e.field {
                Field::Description => self.touched.description,
                Field::ProjectId => self.touched.project_id || !self.draft.project_id.is_empty(),
                Field::Roles => self.touched.roles,
                Field::CustomRole => self.touched.custom_role,
                // A choice with a default: its problems show as soon as the page knows the date.
                Field::Expiry => self.touched.expiry || self.expiry_rules.today.is_some(),
            })
            .cloned()
            .collect()
    }

    /// Where requests go, in one line (the folded Settings area shows it).
    pub fn connection_summary(&self) -> String {
        connection::summary(&self.environment, &self.proxy)
    }

    /// True when the Settings area must open: the core's verdict on the connection in use.
    pub fn settings_need_attention(&self) -> bool {
        let last_test = match &self.connection {
            Progress::Done(report) => Some(report),
            _ => None,
        };
        connection::needs_attention(
            self.connection_source,
            &self.environment,
            &self.proxy,
            last_test,
        )
    }

    /// True while a request is in flight.
    pub fn is_sending(&self) -> bool {
        matches!(self.phase, Phase::Sending)
    }

    /// Form edits are ignored while sending or revealing: the request in flight and the key shown
    /// must not change under the user.
    pub fn form_locked(&self) -> bool {
        matches!(
            self.phase,
            Phase::Sending | Phase::Revealed(_) | Phase::OutcomeUnknown(_)
        )
    }
}

impl AppState {
    /// The one reducer: the state after `action`, or `None` when the action changes nothing (an
    /// edit while the form is locked, a late event for a step no longer shown). Plain Rust, so
    /// every rule is tested on the host; the web floor wraps it in yew's `Reducible`.
    pub fn reduce(&self, action: Action) -> Option<AppState> {
        let mut next = self.clone();
        let changed = match action {
            Action::Settings(_) | Action::Form(_) if next.form_locked() => false,
            Action::Settings(edit) => edit::settings(&mut next, edit),
            Action::Form(edit) => edit::form(&mut next, edit),
            Action::Profiles(event) => flow::profiles(&mut next, event),
            Action::Session(event) => flow::session(&mut next, event),
            Action::Flow(event) => flow::flow(&mut next, event),
            Action::Lifecycle(event) => lifecycle::lifecycle(&mut next, event),
        };
        if changed {
            next.retire_unbound_token();
            Some(next)
        } else {
            None
        }
    }
}
