//! The app's side effects that span several steps: reading config.json, fetching Atlas's Digest
//! challenge ahead of a press, and a create from the press to the answer (with a service account:
//! the token first, and one more try when Atlas refused a cached token). The decisions are the
//! core's; this only sequences calls and dispatches.

use std::cell::{Ref, RefCell, RefMut};
use std::rc::Rc;
use std::time::Duration;

use futures::channel::oneshot;
use futures::future::{select, Either};
use yew::platform::time::sleep;
use yew::prelude::*;

use crate::core::config::RuntimeConfig;
use crate::core::connection::ConnectionSource;
use crate::core::credentials::{AuthKind, Credentials};
use crate::core::digest::{DigestChallenge, DigestKeeper, DigestScope, DigestSession};
use crate::core::environment::Environment;
use crate::core::error::KeymintError;
use crate::core::oauth::{AccessToken, ClientId, ClientSecret, OAuthError, TokenBinding};
use crate::core::proxy::ProxyRoute;
use crate::core::request::{CreateApiKeyRequest, ProjectId};
use crate::core::response::ApiKeyUserDetails;
use crate::state::{Action, AppState, FlowEvent, SessionEvent};
use crate::web::browser::{now_iso, now_seconds};
use crate::web::transport;

/// Runtime defaults live beside index.html, so one build serves every deployment.
const CONFIG_FILE: &str = "config.json";

/// How long config.json may take before the page goes on with its built-in defaults (and says so).
const CONFIG_TIMEOUT_SECONDS: u32 = 10;

/// config.json, or the built-in defaults and why they are used; and which of the two it is.
pub(super) async fn load_config() -> (RuntimeConfig, Option<String>, ConnectionSource) {
    let defaults = |problem| (RuntimeConfig::default(), problem, ConnectionSource::BuiltIn);
    match transport::fetch_beside_page(CONFIG_FILE, CONFIG_TIMEOUT_SECONDS).await {
        Ok(Some(text)) => match RuntimeConfig::from_json(&text) {
            Ok(config) => (config, None, ConnectionSource::ConfigFile),
            Err(why) => defaults(Some(format!(
                "{CONFIG_FILE} is not valid ({why}); using built-in defaults."
            ))),
        },
        Ok(None) => defaults(None),
        Err(why) => defaults(Some(format!(
            "{CONFIG_FILE} could not be read ({why}); using built-in defaults."
        ))),
    }
}

/// The Digest session kept between presses, in this tab's memory: shared by the requests made ahead
/// of a press, Test connection and the creates.
pub(super) type Keeper = Rc<ChallengeKeeper>;

/// The core's [`DigestKeeper`], and the presses waiting for a challenge on its way: each is woken
/// when a fetch ends, instead of looking again every few milliseconds.
#[derive(Default)]
pub(super) struct ChallengeKeeper {
    digest: RefCell<DigestKeeper>,
    waiting: RefCell<Vec<oneshot::Sender<()>>>,
}

impl ChallengeKeeper {
    pub(super) fn digest(&self) -> Ref<'_, DigestKeeper> {
        self.digest.borrow()
    }

    pub(super) fn digest_mut(&self) -> RefMut<'_, DigestKeeper> {
        self.digest.borrow_mut()
    }

    /// A fetch of `scope`'s challenge ended (with it, or without): kept, and every waiting press
    /// looks again.
    pub(super) fn fetch_ended(&self, scope: DigestScope, challenge: Option<DigestChallenge>) {
        self.digest.borrow_mut().fetch_ended(scope, challenge);
        for waiter in self.waiting.take() {
            // A press that stopped waiting dropped its receiver: nothing to wake.
            let _ = waiter.send(());
        }
    }

    /// Waits until no challenge for `scope` is on its way, for at most `seconds`.
    async fn settled(&self, scope: &DigestScope, seconds: u32) {
        let give_up = now_seconds() + f64::from(seconds);
        while self.digest().is_fetching(scope) {
            let left = give_up - now_seconds();
            if left <= 0.0 {
                return;
            }
            let (woken, wait) = oneshot::channel();
            self.waiting.borrow_mut().push(woken);
            let timer = Box::pin(sleep(Duration::from_secs_f64(left)));
            if let Either::Right(_) = select(wait, timer).await {
                return;
            }
        }
    }
}

/// Fetches Atlas's challenge ahead of a press for `scope`, unless one is kept or on its way. The
/// request creates nothing ([`crate::core::target::challenge`]); a failure is silent, since the press
/// then asks for the challenge itself and reports what goes wrong.
pub(super) async fn fetch_challenge_ahead(
    keeper: &Keeper,
    environment: &Environment,
    route: &ProxyRoute,
    scope: DigestScope,
    project: &ProjectId,
    timeout: u32,
) {
    if !keeper.digest().wants_challenge(&scope) {
        return;
    }
    keeper.digest_mut().fetch_started(scope.clone());
    let challenge = transport::fetch_challenge(environment, route, project, timeout).await;
    keeper.fetch_ended(scope, challenge);
}

/// Where and how the caller's calls go, taken from the state at the press: the one caller of the
/// create and of every later call.
pub(super) struct Caller {
    pub(super) environment: Environment,
    pub(super) route: ProxyRoute,
    pub(super) credentials: Credentials,
    pub(super) cached_token: Option<AccessToken>,
    /// What a token obtained for this call is bound to.
    pub(super) binding: TokenBinding,
    pub(super) timeout: u32,
}

impl Caller {
    /// The caller now, when the route is usable.
    pub(super) fn from_state(state: &AppState) -> Option<Caller> {
        Some(Caller {
            environment: state.environment.clone(),
            route: state.proxy_route().ok()?,
            credentials: state.credentials.clone(),
            cached_token: state.usable_token(now_seconds()).cloned(),
            binding: state.token_binding()?,
            timeout: state.timeout_seconds,
        })
    }
}

/// Everything one create needs, taken from the state when Create was pressed.
pub(super) struct CreateJob {
    caller: Caller,
    request: CreateApiKeyRequest,
    /// Where a kept Digest session may sign this create.
    scope: DigestScope,
}

impl CreateJob {
    /// The job for the current state, when the state allows sending.
    pub fn from_state(state: &AppState) -> Option<Self> {
        if !state.can_send() {
            return None;
        }
        Some(CreateJob {
            caller: Caller::from_state(state)?,
            request: state.validated.clone().ok()?,
            scope: state.digest_scope(),
        })
    }

    /// Sends the create once and dispatches its outcome.
    pub async fn run(self, dispatcher: &UseReducerDispatcher<AppState>, keeper: &Keeper) {
        let result = self.send(dispatcher, keeper).await;
        dispatcher.dispatch(match result {
            Ok(key) => Action::Flow(FlowEvent::Created {
                key,
                project_id: self.request.project_id().clone(),
                created_at: now_iso(),
            }),
            Err(error) => Action::Flow(FlowEvent::SendFailed(error)),
        });
        // Right after the create, for the next one: a challenge, if the create left no session.
        if self.caller.credentials.kind == AuthKind::ApiKey {
            fetch_challenge_ahead(
                keeper,
                &self.caller.environment,
                &self.caller.route,
                self.scope.clone(),
                self.request.project_id(),
                self.caller.timeout,
            )
            .await;
        }
    }

    /// Sends the create once; the key, or what went wrong.
    pub async fn send(
        &self,
        dispatcher: &UseReducerDispatcher<AppState>,
        keeper: &Keeper,
    ) -> Result<ApiKeyUserDetails, KeymintError> {
        match self.caller.credentials.kind {
            AuthKind::ApiKey => self.with_api_key(keeper).await,
            AuthKind::ServiceAccount => self.with_service_account(dispatcher).await,
        }
    }

    /// A create signed with an API key: with the kept session when there is one (one signed POST),
    /// and the session it ends with kept for the next press.
    async fn with_api_key(&self, keeper: &Keeper) -> Result<ApiKeyUserDetails, KeymintError> {
        let kept = self.kept_session(keeper).await;
        let (result, next) = transport::create_api_key(
            &self.caller.environment,
            &self.caller.route,
            &self.request,
            &self.caller.credentials,
            kept,
            self.caller.timeout,
        )
        .await;
        match next {
            Some(session) => keeper.digest_mut().keep(self.scope.clone(), session),
            None => keeper.digest_mut().forget(),
        }
        result
    }

    /// The kept session for this create. A challenge still on its way is waited for (within the
    /// request timeout): it arrives sooner than the press could get one itself.
    async fn kept_session(&self, keeper: &Keeper) -> Option<DigestSession> {
        keeper.settled(&self.scope, self.caller.timeout).await;
        keeper.digest().session_for(&self.scope)
    }

    /// A create with a service account: the cached token, or a new one from the token endpoint
    /// (which creates nothing), then one Bearer POST. When Atlas refuses a cached token with 401 (it
    /// expired or was revoked early), nothing was created, so the page gets a new token and sends the
    /// POST once more. A refused token is forgotten, so the next press starts with a new one.
    async fn with_service_account(
        &self,
        dispatcher: &UseReducerDispatcher<AppState>,
    ) -> Result<ApiKeyUserDetails, KeymintError> {
        let new_token = || {
            obtain_token(
                &self.caller.environment,
                &self.caller.route,
                &self.caller.credentials,
                &self.caller.binding,
                self.caller.timeout,
                dispatcher,
            )
        };
        let send = |token: AccessToken| async move {
            transport::create_api_key_with_token(
                &self.caller.environment,
                &self.caller.route,
                &self.request,
                &token,
                self.caller.timeout,
            )
            .await
        };
        let was_cached = self.caller.cached_token.is_some();
        let token = match self.caller.cached_token.clone() {
            Some(token) => token,
            None => new_token().await?,
        };
        let mut result = send(token).await;
        if was_cached && matches!(result, Err(KeymintError::OAuth(OAuthError::TokenRejected))) {
            dispatcher.dispatch(Action::Session(SessionEvent::ForgetToken));
            result = send(new_token().await?).await;
        }
        if matches!(result, Err(KeymintError::OAuth(_))) {
            dispatcher.dispatch(Action::Session(SessionEvent::ForgetToken));
        }
        result
    }
}

/// A new service-account token from the token endpoint (which creates nothing at Atlas), kept in
/// the state bound to the environment, route and client ID it came from.
pub(super) async fn obtain_token(
    environment: &Environment,
    route: &ProxyRoute,
    credentials: &Credentials,
    binding: &TokenBinding,
    timeout: u32,
    dispatcher: &UseReducerDispatcher<AppState>,
) -> Result<AccessToken, KeymintError> {
    let id = ClientId::parse(&credentials.client_id)?;
    let secret = ClientSecret::parse(&credentials.client_secret)?;
    let token =
        transport::fetch_token(environment, route, &id, &secret, now_seconds(), timeout).await?;
    dispatcher.dispatch(Action::Session(SessionEvent::TokenObtained {
        token: token.clone(),
        binding: binding.clone(),
    }));
    Ok(token)
}
