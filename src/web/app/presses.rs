//! The calls after a create, one per press: the core builds each request and reads each answer;
//! this only picks who signs, sends once through the proxy and dispatches what the core said.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::effects::{Caller, CreateJob};
use crate::core::access_list::{
    self, parse_access_list_answer, parse_entries, AccessListEntry, HeldEntry,
};
use crate::core::answer::{read_no_content, Received};
use crate::core::calls::{self, read_key_test, KeyTestOutcome, PageRequest};
use crate::core::credentials::AuthKind;
use crate::core::environment::Environment;
use crate::core::error::{KeymintError, RequestSummary};
use crate::core::ids::{ApiKeyId, OrgId, ProjectId};
use crate::core::key_list::{parse_key_page, KeyListing, ListedKey, ListingStep};
use crate::core::oauth::AccessToken;
use crate::core::request::ValidationErrors;
use crate::core::rotation::{rotatable, NextCall, Rotation, RotationStep};
use crate::core::settle;
use crate::core::target::HttpRequest;
use crate::state::{
    Action, AppState, FlowEvent, KeyTestEvent, LifecycleEvent, LifecyclePress, NewKeyAccessEvent,
    Phase, RotationEvent, SessionEvent,
};
use crate::web::browser::now_iso;
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

    /// Settles a DELETE of the key `key_id` whose answer was lost (`lost`) by listing the project's
    /// keys again: `Ok` when the key is gone; else what the list proves, or `lost` itself when the
    /// list cannot be read.
    async fn removal_after(
        &self,
        dispatcher: &Dispatcher,
        project_id: &ProjectId,
        key_id: &ApiKeyId,
        lost: KeymintError,
    ) -> Result<(), KeymintError> {
        let KeymintError::ChangeUnknown { summary, .. } = &lost else {
            return Err(lost);
        };
        let Ok((keys, complete)) = self.all_keys(dispatcher, project_id).await else {
            return Err(lost);
        };
        settle::key_removed(summary, key_id, &keys, complete)
    }

    /// Every page of the project's keys (bounded); `complete` is false when the list was cut.
    async fn all_keys(
        &self,
        dispatcher: &Dispatcher,
        project_id: &ProjectId,
    ) -> Result<(Vec<ListedKey>, bool), KeymintError> {
        let mut listing = KeyListing::new(project_id);
        while let ListingStep::Fetch(request) = listing.next(&self.environment) {
            let page = self.call(dispatcher, &request, parse_key_page).await?;
            listing.accept(page);
        }
        Ok((listing.keys().to_vec(), listing.is_complete()))
    }
}

fn lifecycle(event: impl Into<LifecycleEvent>) -> Action {
    Action::Lifecycle(event.into())
}

/// Runs one press. `in_flight` is the create's guard: a rotation's create shares it.
pub(super) fn run(
    press: LifecyclePress,
    state: &UseReducerHandle<AppState>,
    in_flight: Rc<RefCell<bool>>,
) {
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
        LifecyclePress::ListKeysToRotate => {
            if state.draft.project_id.trim().is_empty() || state.rotation.keys.is_running() {
                return;
            }
            // Only a project ID that passes the form's check goes into the path; a malformed one
            // fails the list at once, in the form's words, with nothing sent.
            let project_id = match ProjectId::parse(&state.draft.project_id) {
                Ok(project_id) => project_id,
                Err(e) => {
                    let invalid = KeymintError::Validation(ValidationErrors(vec![e]));
                    d.dispatch(lifecycle(RotationEvent::Listed(Err(invalid))));
                    return;
                }
            };
            d.dispatch(lifecycle(RotationEvent::ListStarted));
            spawn_local(async move {
                let result = caller.all_keys(&d, &project_id).await;
                d.dispatch(lifecycle(RotationEvent::Listed(
                    result.map(|(keys, _)| rotatable(&keys, &project_id)),
                )));
            });
        }
        LifecyclePress::RotationNext => match state.rotation.next_step(&caller.environment) {
            Some(NextCall::Send(step, request)) => {
                rotation_step(step, request, caller, state, d, in_flight)
            }
            Some(NextCall::Check(step)) => rotation_check(step, caller, state, d),
            _ => {}
        },
        LifecyclePress::ConfirmReplaced => {
            // The reducer decides whether the confirmation counts; the step it unlocks is read
            // from the state it makes, not predicted here.
            let confirmed = lifecycle(RotationEvent::Confirmed);
            let Some(next) = state.reduce(confirmed.clone()) else {
                return;
            };
            d.dispatch(confirmed);
            if let Some(NextCall::Send(step @ RotationStep::RemoveOldKey, request)) =
                next.rotation.next_step(&caller.environment)
            {
                rotation_step(step, request, caller, state, d, in_flight);
            }
        }
    }
}

/// One step of a rotation: the create goes through the same path as any create (sent once, its
/// answer judged as any create's); the other steps are the caller's calls.
fn rotation_step(
    step: RotationStep,
    request: HttpRequest,
    caller: Caller,
    state: &UseReducerHandle<AppState>,
    d: Dispatcher,
    in_flight: Rc<RefCell<bool>>,
) {
    if step == RotationStep::CreateNewKey {
        let Some(plan) = state.rotation.rotation.as_ref().map(|r| r.plan().clone()) else {
            return;
        };
        if *in_flight.borrow() {
            return;
        }
        let Some(job) = CreateJob::for_request(state, plan.new_key.clone()) else {
            return;
        };
        *in_flight.borrow_mut() = true;
        d.dispatch(Action::Flow(FlowEvent::SendRotation));
        spawn_local(async move {
            // A rotation's create signs without a kept session: it asks for its own challenge.
            let keeper: super::effects::Keeper = Default::default();
            let result = job.send(&d, &keeper).await;
            match result {
                Ok(key) => {
                    d.dispatch(lifecycle(RotationEvent::Created(key.clone())));
                    d.dispatch(Action::Flow(FlowEvent::Created {
                        key,
                        project_id: plan.project_id.clone(),
                        created_at: now_iso(),
                    }));
                }
                Err(error) => {
                    d.dispatch(lifecycle(RotationEvent::StepFailed(step, error.clone())));
                    d.dispatch(Action::Flow(FlowEvent::SendFailed(error)));
                }
            }
            *in_flight.borrow_mut() = false;
        });
        return;
    }
    let Some(rotation) = state.rotation.rotation.clone() else {
        return;
    };
    d.dispatch(lifecycle(RotationEvent::StepStarted));
    spawn_local(async move {
        let event = match step {
            RotationStep::ReadOldAccessList => caller
                .call(&d, &request, parse_access_list_answer)
                .await
                .map(RotationEvent::OldEntries),
            RotationStep::CopyAccessList => {
                match caller.call(&d, &request, parse_access_list_answer).await {
                    Err(lost) if lost.change_unknown() => {
                        copy_after(&caller, &d, &rotation, lost).await
                    }
                    result => result.map(|_| ()),
                }
                .map(|()| RotationEvent::Copied)
            }
            RotationStep::RemoveOldKey => match caller.call(&d, &request, read_no_content).await {
                Err(lost) if lost.change_unknown() => {
                    let plan = rotation.plan();
                    caller
                        .removal_after(&d, &plan.project_id, &plan.old.id, lost)
                        .await
                }
                result => result,
            }
            .map(|()| RotationEvent::Removed),
            RotationStep::CreateNewKey | RotationStep::ConfirmReplaced => return,
        };
        d.dispatch(lifecycle(
            event.unwrap_or_else(|e| RotationEvent::StepFailed(step, e)),
        ));
    });
}

/// Settles the copy of the old key's entries to the new key, whose answer was lost (`lost`), by
/// reading the new key's access list.
async fn copy_after(
    caller: &Caller,
    d: &Dispatcher,
    rotation: &Rotation,
    lost: KeymintError,
) -> Result<(), KeymintError> {
    let (Some(new_key), Some(wanted)) = (rotation.new_key_id(), rotation.old_entries()) else {
        return Err(lost);
    };
    let key = (&caller.environment, &rotation.plan().org_id, new_key);
    caller.entries_after(d, key, wanted, lost).await.map(|_| ())
}

/// "Check Atlas" on a rotation step whose answer was lost: reads Atlas to settle it, and sends
/// nothing else.
fn rotation_check(
    step: RotationStep,
    caller: Caller,
    state: &UseReducerHandle<AppState>,
    d: Dispatcher,
) {
    let (Some(rotation), Some(failure)) = (
        state.rotation.rotation.clone(),
        state.rotation.failure.clone(),
    ) else {
        return;
    };
    if failure.step != step || !failure.error.change_unknown() {
        return;
    }
    d.dispatch(lifecycle(RotationEvent::StepStarted));
    spawn_local(async move {
        let lost = failure.error;
        let event = match step {
            RotationStep::CopyAccessList => copy_after(&caller, &d, &rotation, lost)
                .await
                .map(|()| RotationEvent::Copied),
            RotationStep::RemoveOldKey => {
                let plan = rotation.plan();
                caller
                    .removal_after(&d, &plan.project_id, &plan.old.id, lost)
                    .await
                    .map(|()| RotationEvent::Removed)
            }
            _ => return,
        };
        d.dispatch(lifecycle(
            event.unwrap_or_else(|e| RotationEvent::StepFailed(step, e)),
        ));
    });
}
