//! The calls after a create, one per press: the core builds each request and reads each answer;
//! this only picks who signs, sends once through the proxy and dispatches what the core said.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::effects::Caller;
use crate::core::access_list::{
    self, parse_access_list_answer, parse_entries, AccessListEntry, HeldEntry,
};
use crate::core::answer::Received;
use crate::core::calls::{self, read_key_test, KeyTestOutcome, PageRequest};
use crate::core::credentials::AuthKind;
use crate::core::environment::Environment;
use crate::core::error::{KeymintError, RequestSummary};
use crate::core::ids::{ApiKeyId, OrgId};
use crate::core::oauth::AccessToken;
use crate::core::settle;
use crate::core::target::HttpRequest;
use crate::state::{
    Action, AppState, KeyTestEvent, LifecycleEvent, LifecyclePress, NewKeyAccessEvent, Phase,
    SessionEvent,
};
use crate::web::transport::{self, Signer};

type Dispatcher = UseReducerDispatcher<AppState>;

impl Caller {
    /// A new service-account token (the token endpoint changes nothing at Atlas), kept in the state.
    async fn new_token(&self, dispatcher: &Dispatcher) -> Result<AccessToken, KeymintError> {
        super::effects::obtain_token(
            &self.environment,
            &self.route,
            &self.credentials,
            &self.binding,
            self.timeout,
            dispatcher,
        )
        .await
    }

    /// The caller's signature: its API key (Digest), or its service account's token (the cached
    /// one, else a new one from the token endpoint, which changes nothing at Atlas).
    async fn signer(&self, dispatcher: &Dispatcher) -> Result<Signer, KeymintError> {
        match self.credentials.kind {
            AuthKind::ApiKey => Ok(Signer::Digest {
                public_key: self.credentials.public_key.clone(),
                private_key: self.credentials.private_key.clone(),
            }),
            AuthKind::ServiceAccount => {
                if let Some(token) = &self.cached_token {
                    return Ok(Signer::Bearer(token.clone()));
                }
                let token = self.new_token(dispatcher).await?;
                Ok(Signer::Bearer(token))
            }
        }
    }

    /// One call signed by the caller, read by `read`. A service account's token that Atlas refuses
    /// (a 401, which proves the call did nothing) is forgotten; when it was a token kept from
    /// earlier (it may have expired or been revoked since), the call is signed once more with a new
    /// one, never a third time.
    async fn call<T>(
        &self,
        dispatcher: &Dispatcher,
        target: &HttpRequest,
        read: impl Fn(Received<'_>, &RequestSummary) -> Result<T, KeymintError>,
    ) -> Result<T, KeymintError> {
        let signer = self.signer(dispatcher).await?;
        let result =
            transport::signed_call(target, &self.route, &signer, self.timeout, &read).await;
        if !(matches!(signer, Signer::Bearer(_))
            && result.as_ref().is_err_and(KeymintError::signature_refused))
        {
            return result;
        }
        dispatcher.dispatch(Action::Session(SessionEvent::ForgetToken));
        if self.cached_token.is_none() {
            return result;
        }
        let token = self.new_token(dispatcher).await?;
        let result = transport::signed_call(
            target,
            &self.route,
            &Signer::Bearer(token),
            self.timeout,
            &read,
        )
        .await;
        if result.as_ref().is_err_and(KeymintError::signature_refused) {
            dispatcher.dispatch(Action::Session(SessionEvent::ForgetToken));
        }
        result
    }

    /// Settles an access-list POST of `wanted` whose answer was lost (`lost`) by reading the key's
    /// list: the entries Atlas holds when it made the change; else what the read proves, or `lost`
    /// itself when the read fails too (the outcome is still unknown).
    async fn entries_after(
        &self,
        dispatcher: &Dispatcher,
        (env, org_id, key_id): (&Environment, &OrgId, &ApiKeyId),
        wanted: &[AccessListEntry],
        lost: KeymintError,
    ) -> Result<Vec<HeldEntry>, KeymintError> {
        let KeymintError::ChangeUnknown { summary, .. } = &lost else {
            return Err(lost);
        };
        let request = access_list::list_request(env, org_id, key_id, PageRequest::FIRST_500);
        let Ok(page) = self
            .call(dispatcher, &request, parse_access_list_answer)
            .await
        else {
            return Err(lost);
        };
        settle::entries_added(summary, wanted, &page.results)?;
        Ok(page.results)
    }
}

fn lifecycle(event: impl Into<LifecycleEvent>) -> Action {
    Action::Lifecycle(event.into())
}

/// Runs one press.
pub(super) fn run(press: LifecyclePress, state: &UseReducerHandle<AppState>) {
    let Some(caller) = Caller::from_state(state) else {
        return;
    };
    let d = state.dispatcher();
    match press {
        LifecyclePress::AddToAccessList(text) => {
            let Phase::Revealed(reveal) = &state.phase else {
                return;
            };
            if !reveal.follow_up.may_add_entries() {
                return;
            }
            let (Some(org_id), Some(key_id), Ok(entries)) = (
                reveal.key.org_id(),
                reveal.key.key_id(),
                parse_entries(&text),
            ) else {
                return;
            };
            if entries.entries.is_empty() {
                return;
            }
            let request = access_list::create_request(
                &reveal.environment,
                &org_id,
                &key_id,
                &entries.entries,
            );
            let env = reveal.environment.clone();
            d.dispatch(lifecycle(NewKeyAccessEvent::Started));
            spawn_local(async move {
                let result = match caller.call(&d, &request, parse_access_list_answer).await {
                    Ok(page) => Ok(page.results),
                    Err(lost) if lost.change_unknown() => {
                        let key = (&env, &org_id, &key_id);
                        caller.entries_after(&d, key, &entries.entries, lost).await
                    }
                    Err(e) => Err(e),
                };
                d.dispatch(lifecycle(match result {
                    Ok(held) => NewKeyAccessEvent::Held(held),
                    Err(e) => NewKeyAccessEvent::Failed(e),
                }));
            });
        }
        LifecyclePress::CheckAccessList => {
            let Phase::Revealed(reveal) = &state.phase else {
                return;
            };
            let (Some(org_id), Some(key_id)) = (reveal.key.org_id(), reveal.key.key_id()) else {
                return;
            };
            if reveal.follow_up.access_list.is_running() {
                return;
            }
            let request = access_list::list_request(
                &reveal.environment,
                &org_id,
                &key_id,
                PageRequest::FIRST_500,
            );
            d.dispatch(lifecycle(NewKeyAccessEvent::Started));
            spawn_local(async move {
                let result = caller.call(&d, &request, parse_access_list_answer).await;
                d.dispatch(lifecycle(match result {
                    Ok(page) => NewKeyAccessEvent::Held(page.results),
                    Err(e) => NewKeyAccessEvent::Failed(e),
                }));
            });
        }
        LifecyclePress::TestNewKey => {
            let Phase::Revealed(reveal) = &state.phase else {
                return;
            };
            if reveal.follow_up.key_test.is_running() {
                return;
            }
            // The new key signs, in memory only, as the caller's does.
            let signer = Signer::Digest {
                public_key: reveal.key.public_key.clone(),
                private_key: reveal.key.private_key.clone(),
            };
            let request = calls::get_project(&reveal.environment, &reveal.project_id);
            d.dispatch(lifecycle(KeyTestEvent::Started));
            spawn_local(async move {
                let outcome = transport::signed_call(
                    &request,
                    &caller.route,
                    &signer,
                    caller.timeout,
                    |answer, summary| Ok(read_key_test(answer, summary)),
                )
                .await
                .unwrap_or_else(KeyTestOutcome::Failed);
                d.dispatch(lifecycle(KeyTestEvent::Done(outcome)));
            });
        }
    }
}
