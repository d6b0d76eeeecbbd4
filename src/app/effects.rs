//! The app's side effects that span several steps: reading config.json, and a create from the
//! press to the answer (with a service account: the token first, and one more try when Atlas
//! refused a cached token). The decisions are the core's; this only sequences calls and dispatches.

use yew::prelude::*;

use crate::browser::{now_iso, now_seconds};
use crate::core::config::RuntimeConfig;
use crate::core::credentials::{AuthKind, Credentials};
use crate::core::environment::Environment;
use crate::core::error::KeymintError;
use crate::core::oauth::{AccessToken, ClientId, ClientSecret, OAuthError};
use crate::core::proxy::ProxyRoute;
use crate::core::readiness;
use crate::core::request::CreateApiKeyRequest;
use crate::core::response::ApiKeyUserDetails;
use crate::state::{Action, AppState, FlowEvent, Phase, SessionEvent};
use crate::transport;

/// Runtime defaults live beside index.html, so one build serves every deployment.
const CONFIG_FILE: &str = "config.json";

/// config.json, or the built-in defaults and why they are used.
pub(super) async fn load_config() -> (RuntimeConfig, Option<String>) {
    match transport::fetch_beside_page(CONFIG_FILE).await {
        Ok(Some(text)) => match RuntimeConfig::from_json(&text) {
            Ok(config) => (config, None),
            Err(why) => (
                RuntimeConfig::default(),
                Some(format!(
                    "{CONFIG_FILE} is not valid ({why}); using built-in defaults."
                )),
            ),
        },
        Ok(None) => (RuntimeConfig::default(), None),
        Err(why) => (
            RuntimeConfig::default(),
            Some(format!(
                "{CONFIG_FILE} could not be read ({why}); using built-in defaults."
            )),
        ),
    }
}

/// Everything one create needs, taken from the state when Create was pressed.
pub(super) struct CreateJob {
    pub environment: Environment,
    pub route: ProxyRoute,
    pub request: CreateApiKeyRequest,
    pub credentials: Credentials,
    pub cached_token: Option<AccessToken>,
    pub timeout: u32,
}

impl CreateJob {
    /// The job for the current state, when the state allows sending.
    pub fn from_state(state: &AppState) -> Option<Self> {
        if !state.can_send() {
            return None;
        }
        Some(CreateJob {
            environment: state.environment.clone(),
            route: state.proxy_route().ok()?,
            request: state.validated.clone().ok()?,
            credentials: state.credentials.clone(),
            cached_token: state.tokens.get(now_seconds()).cloned(),
            timeout: state.timeout_seconds,
        })
    }

    /// The job for another validated request (a rotation's new key), with the same checks on
    /// where it goes and who signs it as Create.
    pub fn for_request(state: &AppState, request: CreateApiKeyRequest) -> Option<Self> {
        let blocked =
            readiness::blockers(&state.environment, &state.proxy, &state.credentials, None);
        if !blocked.is_empty() || !matches!(state.phase, Phase::Editing | Phase::Failed(_)) {
            return None;
        }
        Some(CreateJob {
            environment: state.environment.clone(),
            route: state.proxy_route().ok()?,
            request,
            credentials: state.credentials.clone(),
            cached_token: state.tokens.get(now_seconds()).cloned(),
            timeout: state.timeout_seconds,
        })
    }

    /// Sends the create once and dispatches its outcome.
    pub async fn run(self, dispatcher: &UseReducerDispatcher<AppState>) {
        let result = self.send(dispatcher).await;
        dispatcher.dispatch(match result {
            Ok(key) => Action::Flow(FlowEvent::Created {
                key,
                project_id: self.request.project_id().as_str().to_string(),
                created_at: now_iso(),
            }),
            Err(error) => Action::Flow(FlowEvent::SendFailed(error)),
        });
    }

    /// Sends the create once; the key, or what went wrong.
    pub async fn send(
        &self,
        dispatcher: &UseReducerDispatcher<AppState>,
    ) -> Result<ApiKeyUserDetails, KeymintError> {
        match self.credentials.kind {
            AuthKind::ApiKey => {
                transport::create_api_key(
                    &self.environment,
                    &self.route,
                    &self.request,
                    &self.credentials,
                    self.timeout,
                )
                .await
            }
            AuthKind::ServiceAccount => self.with_service_account(dispatcher).await,
        }
    }

    /// A create with a service account: the cached token, or a new one from the token endpoint
    /// (which creates nothing), then one Bearer POST. When Atlas refuses a cached token with 401 (it
    /// expired or was revoked early), nothing was created, so the page gets a new token and sends the
    /// POST once more. A refused token is forgotten, so the next press starts with a new one.
    async fn with_service_account(
        &self,
        dispatcher: &UseReducerDispatcher<AppState>,
    ) -> Result<ApiKeyUserDetails, KeymintError> {
        let new_token = || async {
            let id = ClientId::parse(&self.credentials.client_id)?;
            let secret = ClientSecret::parse(&self.credentials.client_secret)?;
            let token = transport::fetch_token(
                &self.environment,
                &self.route,
                &id,
                &secret,
                now_seconds(),
                self.timeout,
            )
            .await?;
            dispatcher.dispatch(Action::Session(SessionEvent::TokenObtained(token.clone())));
            Ok::<_, KeymintError>(token)
        };
        let send = |token: AccessToken| async move {
            transport::create_api_key_with_token(
                &self.environment,
                &self.route,
                &self.request,
                &token,
                self.timeout,
            )
            .await
        };
        let was_cached = self.cached_token.is_some();
        let token = match self.cached_token.clone() {
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
