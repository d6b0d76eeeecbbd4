//! The App: owns the one reducer (`state/`), wires the pieces (`components/`) to it, and runs the
//! page's side effects as named [`hooks`] (staged mount, runtime config, persistence, token
//! revocations, the challenge fetched ahead) and its presses: a create ([`effects`], from the press
//! to the answer) and the later calls ([`presses`]), both by one [`effects::Caller`]. [`form`]
//! renders the form and the outcome-unknown panel.
//!
//! The flow: components -> `Action` -> state (the core validates) -> Create -> transport (moves
//! bytes) -> core::answer (what the answer means) -> reveal or error.

mod effects;
mod events;
mod form;
mod hooks;
mod presses;
mod views;

use crate::web::components::views_menu::{ProjectKeysDoor, SealedKeysDoor};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen_futures::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

use crate::core::connection::ConnectionSource;
use crate::state::{Action, AppState, FlowEvent, FormEdit, LifecyclePress, Phase, SessionEvent};
use crate::web::browser::{self, now_seconds};
use crate::web::components::access_list::NewKeyFollowUp;
use crate::web::components::reveal::RevealPanel;
use crate::web::components::route_consent::RouteConsent;
use crate::web::components::sealed::sealed_for;
use crate::web::transport;
use effects::CreateJob;
use events::Events;
use form::Mounted;
use hooks::{
    use_challenge_prefetch, use_persistence, use_runtime_config, use_sealing, use_staged_mount,
    use_token_revocations,
};

/// yew's reducer is the state floor's [`AppState::reduce`]; an action that changes nothing keeps the
/// same `Rc`, so nothing re-renders.
impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match AppState::reduce(&self, action) {
            Some(next) => Rc::new(next),
            None => self,
        }
    }
}

/// Mounts the page into `#app`, below the header that index.html carries (painted before the wasm
/// arrives, and never drawn again by the app). Without the container (an older index.html), on
/// `<body>`.
///
/// The first render waits for a task of its own: the one that instantiated the wasm is long enough.
pub fn mount() {
    spawn_local(async {
        sleep(Duration::ZERO).await;
        match browser::app_root() {
            Some(root) => yew::Renderer::<App>::with_root(root).render(),
            None => yew::Renderer::<App>::new().render(),
        };
    });
}

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let mounted = use_staged_mount(state.connection_source != ConnectionSource::Pending);
    use_runtime_config(&state);
    use_persistence(&state);
    use_token_revocations(&state);
    use_sealing(&state);
    let keeper = use_challenge_prefetch(&state);
    // Set while a create is in flight, so two fast clicks cannot start two exchanges.
    let in_flight: Rc<RefCell<bool>> = use_mut_ref(|| false);

    let on_action = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action: Action| dispatcher.dispatch(action))
    };
    let events = Events::new(&on_action);

    let on_test = {
        let state = state.clone();
        let keeper = keeper.clone();
        Callback::from(move |()| {
            let Ok(route) = state.proxy_route() else {
                return;
            };
            let environment = state.environment.clone();
            let timeout = state.timeout_seconds;
            let dispatcher = state.dispatcher();
            let (keeper, scope) = (keeper.clone(), state.digest_scope());
            dispatcher.dispatch(Action::Session(SessionEvent::ConnectionCheckStarted));
            spawn_local(async move {
                let (report, challenge) =
                    transport::probe_connection(&environment, &route, timeout).await;
                // Atlas's challenge signs the next create: no unsigned request at the press.
                if let Some(challenge) = challenge {
                    keeper.digest_mut().keep_challenge(scope, challenge);
                }
                dispatcher.dispatch(Action::Session(SessionEvent::ConnectionChecked(report)));
            });
        })
    };

    let on_sign_out = {
        let state = state.clone();
        Callback::from(move |()| {
            let revocation = state.token_to_revoke(now_seconds());
            let dispatcher = state.dispatcher();
            dispatcher.dispatch(Action::Session(SessionEvent::ForgetToken));
            dispatcher.dispatch(Action::Form(FormEdit::SetClientSecret(String::new())));
            if let Some(r) = revocation {
                revoke_in_background(r, state.timeout_seconds);
            }
        })
    };

    // One press, one call: the app runs it, the core builds and reads it.
    let on_press = {
        let state = state.clone();
        Callback::from(move |press: LifecyclePress| presses::run(press, &state))
    };

    let (keys_view, on_open_keys, on_close_keys) = views::use_project_keys(&state);
    let keys_door = (mounted == Mounted::All).then(|| {
        let (keys_view, on_open_keys) = (keys_view.clone(), on_open_keys.clone());
        let blockers = state
            .view_blockers()
            .iter()
            .map(|b| AttrValue::from(b.message()))
            .collect::<Vec<_>>();
        html! {
            <ProjectKeysDoor status={keys_view} {blockers} on_open={on_open_keys} on_close={on_close_keys} />
        }
    });

    let (sealed_open, sealed_status, on_open_sealed, on_close_sealed) =
        views::use_sealed_views(&state);
    let sealed_door = (mounted == Mounted::All).then(|| {
        html! {
            <SealedKeysDoor open={sealed_open} status={sealed_status} on_open={on_open_sealed} on_close={on_close_sealed} />
        }
    });

    let on_create = {
        let state = state.clone();
        let keeper = keeper.clone();
        Callback::from(move |()| {
            if *in_flight.borrow() {
                return;
            }
            let Some(job) = CreateJob::from_state(&state) else {
                return;
            };
            *in_flight.borrow_mut() = true;
            let dispatcher = state.dispatcher();
            let in_flight = in_flight.clone();
            dispatcher.dispatch(Action::Flow(FlowEvent::Send));
            let keeper = keeper.clone();
            spawn_local(async move {
                job.run(&dispatcher, &keeper).await;
                *in_flight.borrow_mut() = false;
            });
        })
    };

    let body = match &state.phase {
        Phase::Revealed(reveal) => {
            // From now on a panic message says a key was shown (a flag, never the key).
            browser::note_key_revealed();
            let reveal = Rc::new((**reveal).clone());
            let d = state.dispatcher();
            let on_copied =
                Callback::from(move |what| d.dispatch(Action::Flow(FlowEvent::Copied(what))));
            let d = state.dispatcher();
            let on_downloaded =
                Callback::from(move |()| d.dispatch(Action::Flow(FlowEvent::Downloaded)));
            let d = state.dispatcher();
            let on_leave = Callback::from(move |fresh_form| {
                d.dispatch(Action::Flow(FlowEvent::BackToForm { fresh_form }))
            });
            let d = state.dispatcher();
            let on_seal = Some(Callback::from(move |recipient| {
                d.dispatch(Action::Flow(FlowEvent::SealFor(recipient)))
            }));
            html! {
                <RevealPanel reveal={reveal.clone()} {on_copied} {on_downloaded} {on_leave} {on_seal}>
                    <NewKeyFollowUp {reveal} on_event={events.new_key_access.clone()} on_press={on_press.clone()} />
                </RevealPanel>
            }
        }
        Phase::OutcomeUnknown(error) => {
            let back = on_action
                .reform(|_: MouseEvent| Action::Flow(FlowEvent::BackToForm { fresh_form: false }));
            form::outcome_unknown(error, &keys_view, on_open_keys.clone(), back)
        }
        _ => html! {
            <>
                { form::form(mounted, &state, &events, on_test, on_create, on_sign_out) }
                { keys_door.unwrap_or_default() }
                { sealed_door.unwrap_or_default() }
            </>
        },
    };

    let revealed = matches!(state.phase, Phase::Revealed(_));

    html! {
        <>
            <main id="main">
                if let Some(problem) = &state.config_problem {
                    <p class="notice" role="status">{ problem.clone() }</p>
                }
                <RouteConsent
                    pending={state.pending_route.clone()}
                    refused={state.refused_route.clone()}
                    renamed={state.renamed_imports.clone()}
                    locked={state.form_locked()}
                    on_route={events.form.clone()} />
                if let (Some(recipient), false) = (&state.sealed_for, revealed) {
                    { sealed_for(recipient) }
                }
                { for state.link_notices.iter().map(|n| if n.is_warning() {
                    html! { <p class="warning" role="alert">{ n.message() }</p> }
                } else {
                    html! { <p class="notice" role="status">{ n.message() }</p> }
                }) }
                // Present from the start, so screen readers announce the reveal when it appears.
                <p id="reveal-announcement" class="visually-hidden" role="status">
                    { if revealed { "New API key created. The private key is shown only once, below: copy or download it now." } else { "" } }
                </p>
                if revealed {
                    <p class="print-notice">{ "The new API key is not printed: a private key on paper is a leaked key. Copy it or download it from the page instead." }</p>
                }
                { body }
            </main>
            if mounted == Mounted::All {
                <footer class="site-footer">
                    <p>{ "Keys and secrets stay in this page's memory: nothing is stored, logged or sent anywhere but to Atlas through your proxy." }</p>
                </footer>
            }
        </>
    }
}

/// Revokes a service account's token through the route it came from, without waiting for the answer.
fn revoke_in_background(r: crate::state::TokenRevocation, timeout: u32) {
    spawn_local(async move {
        transport::revoke_token(
            &r.environment,
            &r.route,
            &r.id,
            &r.secret,
            &r.token,
            timeout,
        )
        .await;
    });
}
