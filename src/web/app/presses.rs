//! The calls after a create, one per press: the core builds each request and reads each answer;
//! this only picks who signs, sends once through the proxy and dispatches what the core said.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::effects::{Caller, CreateJob};
use crate::core::access_list::{self, parse_access_list_answer, parse_entries};
use crate::core::answer::{read_no_content, Received};
use crate::core::calls::{self, read_key_test, KeyTestOutcome};
use crate::core::credentials::AuthKind;
use crate::core::error::{KeymintError, RequestSummary};
use crate::core::ids::ProjectId;
use crate::core::key_list::{matching_keys, parse_key_page, KeyListing, ListedKey, ListingStep};
use crate::core::request::ValidationErrors;
use crate::core::rotation::{rotatable, NextCall, RotationStep};
use crate::core::target::HttpRequest;
use crate::state::{
    Action, AppState, FlowEvent, FoundKeyFate, KeyTestEvent, LifecycleEvent, LifecyclePress,
    LostAttempt, NewKeyAccessEvent, Phase, RecoveryEvent, RotationEvent, SessionEvent,
};
use crate::web::browser::now_iso;
use crate::web::transport::{self, Signer};

type Dispatcher = UseReducerDispatcher<AppState>;

impl Caller {
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
                let token = super::effects::obtain_token(
                    &self.environment,
                    &self.route,
                    &self.credentials,
                    &self.binding,
                    self.timeout,
                    dispatcher,
                )
                .await?;
                Ok(Signer::Bearer(token))
            }
        }
    }

    /// One call signed by the caller, read by `read`.
    async fn call<T>(
        &self,
        dispatcher: &Dispatcher,
        target: &HttpRequest,
        read: impl FnOnce(Received<'_>, &RequestSummary) -> Result<T, KeymintError>,
    ) -> Result<T, KeymintError> {
        let signer = self.signer(dispatcher).await?;
        let result = transport::signed_call(target, &self.route, &signer, self.timeout, read).await;
        if matches!(signer, Signer::Bearer(_))
            && matches!(&result, Err(KeymintError::Atlas { status: 401, .. }))
        {
            // Atlas refused the token: the next press gets a new one.
            dispatcher.dispatch(Action::Session(SessionEvent::ForgetToken));
        }
        result
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
            if reveal.follow_up.access_list.is_running() {
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
        LifecyclePress::LookForLostKey => {
            let Some(LostAttempt { project_id, desc }) = state.recovery.attempt.clone() else {
                return;
            };
            if !matches!(state.phase, Phase::OutcomeUnknown(_))
                || state.recovery.search.is_running()
            {
                return;
            }
            d.dispatch(lifecycle(RecoveryEvent::Started));
            spawn_local(async move {
                let result = caller.all_keys(&d, &project_id).await;
                d.dispatch(lifecycle(match result {
                    Ok((keys, complete)) => RecoveryEvent::Found {
                        keys: matching_keys(&keys, &desc),
                        complete,
                    },
                    Err(e) => RecoveryEvent::Failed(e),
                }));
            });
        }
        LifecyclePress::DeleteLostKey(key) => {
            let Some(org_id) = key.org_id() else {
                return;
            };
            let request = calls::delete_from_org(&caller.environment, &org_id, &key.id);
            d.dispatch(lifecycle(RecoveryEvent::Fate {
                id: key.id.clone(),
                fate: FoundKeyFate::Deleting,
            }));
            spawn_local(async move {
                let result = caller.call(&d, &request, read_no_content).await;
                d.dispatch(lifecycle(RecoveryEvent::Fate {
                    id: key.id,
                    fate: match result {
                        Ok(()) => FoundKeyFate::Deleted,
                        Err(e) => FoundKeyFate::DeleteFailed(e),
                    },
                }));
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
        LifecyclePress::RotationNext => {
            let Some(NextCall::Send(step, request)) = state.rotation.next_step(&caller.environment)
            else {
                return;
            };
            rotation_step(step, request, caller, state, d, in_flight);
        }
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
    d.dispatch(lifecycle(RotationEvent::StepStarted));
    spawn_local(async move {
        let event = match step {
            RotationStep::ReadOldAccessList => caller
                .call(&d, &request, parse_access_list_answer)
                .await
                .map(RotationEvent::OldEntries),
            RotationStep::CopyAccessList => caller
                .call(&d, &request, parse_access_list_answer)
                .await
                .map(|_| RotationEvent::Copied),
            RotationStep::RemoveOldKey => caller
                .call(&d, &request, read_no_content)
                .await
                .map(|()| RotationEvent::Removed),
            RotationStep::CreateNewKey | RotationStep::ConfirmReplaced => return,
        };
        d.dispatch(lifecycle(
            event.unwrap_or_else(|e| RotationEvent::StepFailed(step, e)),
        ));
    });
}
