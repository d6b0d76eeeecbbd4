//! The App's side effects, one named hook each: the App reads as the list of what the page does
//! besides drawing the state. Each hook runs when the values it names change, and calls off what it
//! started when they change again.

use crate::core::expiry::Day;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen_futures::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

use super::effects::{fetch_challenge_ahead, load_config, Keeper};
use super::form::Mounted;
use super::revoke_in_background;
use crate::core::export::{self, ExportContext};
use crate::core::sealing::SecretText;
use crate::state::{Action, AppState, FlowEvent, Phase, ProfilesEvent, SessionEvent};
use crate::web::browser::{self, now_seconds};
use crate::web::hooks::use_window_listener;
use crate::web::{loader, storage, transport};

/// How long the form waits for config.json before it is drawn without it.
const CONFIG_WAIT: Duration = Duration::from_secs(3);

/// How long the form must stay still before Atlas's challenge is fetched ahead of a press, so that
/// editing the proxy does not send a request per keystroke.
const PREFETCH_PAUSE: Duration = Duration::from_millis(150);

/// The part of the page mounted so far: a part per task, each after the browser painted the last.
/// Settings waits for config.json (for at most [`CONFIG_WAIT`]), so that it is drawn open or folded
/// as the configuration says, instead of opening and pushing the form down.
#[hook]
pub(super) fn use_staged_mount(configured: bool) -> Mounted {
    let mounted = use_state(|| Mounted::Frame);
    let setter = mounted.setter();
    use_effect_with((*mounted, configured), move |&(part, configured)| {
        // Called off when the part or the configuration changes: the effect then runs again.
        let called_off = Rc::new(Cell::new(false));
        if let Some(next) = part.next() {
            let called_off = called_off.clone();
            spawn_local(async move {
                if next == Mounted::Settings && !configured {
                    sleep(CONFIG_WAIT).await;
                } else {
                    browser::after_next_paint().await;
                }
                if !called_off.get() {
                    setter.set(next);
                }
            });
        }
        move || called_off.set(true)
    });
    *mounted
}

/// Once, at mount: today's date (which "Expires" counts from), config.json (or the built-in defaults
/// and why), the settings and profiles this browser stored, then the deep link the page was opened with (after the configuration, so the
/// link's values win over stored settings; a profile it names still needs its route confirmed).
#[hook]
pub(super) fn use_runtime_config(state: &UseReducerHandle<AppState>) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let (year, month, day) = browser::today();
        if let Some(today) = Day::from_ymd(year, month, day) {
            dispatcher.dispatch(Action::Session(SessionEvent::Today(today)));
        }
        spawn_local(async move {
            let (config, problem, source) = load_config().await;
            let stored = storage::load_settings();
            dispatcher.dispatch(Action::Session(SessionEvent::Configure {
                config,
                stored,
                problem,
                source,
            }));
            dispatcher.dispatch(Action::Profiles(ProfilesEvent::Loaded(
                storage::load_profiles(),
            )));
            if let Some(link) = browser::read_deep_link() {
                dispatcher.dispatch(Action::Session(SessionEvent::ApplyDeepLink(link)));
            }
            if let Some(request) = browser::read_request_link() {
                dispatcher.dispatch(Action::Session(SessionEvent::ApplyRequestLink(request)));
            }
        });
    });
}

/// Writes the non-secret settings to localStorage once the user changed one, and the profiles
/// whenever the list changes (after the first load). Neither holds a secret, by type.
#[hook]
pub(super) fn use_persistence(state: &AppState) {
    use_effect_with(
        (state.settings(), state.settings_changed_by_user),
        |(settings, changed)| {
            if *changed {
                storage::save_settings(settings);
            }
        },
    );
    use_effect_with(state.profiles.clone(), |profiles| {
        if !profiles.is_empty() {
            storage::save_profiles(profiles);
        }
    });
}

/// Revokes every service-account token no longer bound to the current environment, route and
/// client ID, through the route it came from; and, when the page is left, the live one (as Sign out
/// does).
#[hook]
pub(super) fn use_token_revocations(state: &UseReducerHandle<AppState>) {
    let dispatcher = state.dispatcher();
    let timeout = state.timeout_seconds;
    use_effect_with(state.revocations.clone(), move |revocations| {
        if !revocations.is_empty() {
            dispatcher.dispatch(Action::Session(SessionEvent::RevocationsSent(
                revocations.len(),
            )));
            for r in revocations.iter().cloned() {
                revoke_in_background(r, timeout);
            }
        }
    });
    use_window_listener("pagehide", state.token_to_revoke(now_seconds()), |exit| {
        exit.clone().map(|r| {
            move |_| {
                transport::revoke_token_on_exit(
                    &r.environment,
                    &r.route,
                    &r.id,
                    &r.secret,
                    &r.token,
                )
            }
        })
    });
}

/// The Digest session kept between presses (memory only), so that a press sends one signed POST.
/// Once the form could be signed with an API key, Atlas's challenge is fetched ahead of the press,
/// after [`PREFETCH_PAUSE`]. It is marked as on its way at once: a press in the pause waits for it
/// instead of asking itself.
#[hook]
pub(super) fn use_challenge_prefetch(state: &AppState) -> Keeper {
    let keeper: Keeper = (*use_state(Keeper::default)).clone();
    let scope = state.digest_scope();
    let project = state.challenge_project();
    let route = state.proxy_route().ok();
    let environment = state.environment.clone();
    let timeout = state.timeout_seconds;
    let ahead = keeper.clone();
    use_effect_with(
        (scope, project, environment),
        move |(scope, project, environment)| {
            let keeper = ahead;
            // True while the request waits out the pause; cleared when it leaves or is called off.
            let pausing = Rc::new(Cell::new(false));
            if let (Some(project), Some(route)) = (project.clone(), route) {
                if keeper.digest().wants_challenge(scope) {
                    keeper.digest_mut().fetch_started(scope.clone());
                    pausing.set(true);
                    let (keeper, scope, environment) =
                        (keeper.clone(), scope.clone(), environment.clone());
                    let pausing = pausing.clone();
                    spawn_local(async move {
                        sleep(PREFETCH_PAUSE).await;
                        if !pausing.replace(false) {
                            return;
                        }
                        keeper.fetch_ended(scope.clone(), None);
                        fetch_challenge_ahead(
                            &keeper,
                            &environment,
                            &route,
                            scope,
                            &project,
                            timeout,
                        )
                        .await;
                    });
                }
            }
            let scope = scope.clone();
            move || {
                // Called off during the pause: nothing is on its way for this scope any more.
                if pausing.replace(false) {
                    keeper.fetch_ended(scope, None);
                }
            }
        },
    );
    keeper
}

/// Seals a revealed key that is to be sealed: its JSON (what the plain download writes) goes to the
/// engines module with the recipient, once per key, and the armored file comes back into the
/// reveal. The private key crosses to that module in memory only.
#[hook]
pub(super) fn use_sealing(state: &UseReducerHandle<AppState>) {
    let pending = match &state.phase {
        Phase::Revealed(reveal) => reveal
            .sealed
            .as_ref()
            .filter(|s| s.armored.is_none())
            .map(|s| (reveal.key.public_key.clone(), s.recipient.to_string())),
        _ => None,
    };
    let state = state.clone();
    use_effect_with(pending, move |pending| {
        let Some((_, recipient)) = pending.clone() else {
            return;
        };
        let Phase::Revealed(reveal) = &state.phase else {
            return;
        };
        let plain = export::json_file(&ExportContext {
            key: &reveal.key,
            project_id: &reveal.project_id,
            environment: &reveal.environment,
            created: &reveal.created_at,
        });
        let dispatcher = state.dispatcher();
        spawn_local(async move {
            let result = match loader::seal(recipient, SecretText(plain.content)).await {
                Ok(Ok(armored)) => Ok(armored),
                Ok(Err(e)) => Err(e.message().to_string()),
                Err(e) => Err(format!(
                    "The key could not be sealed: {} {}",
                    e.message(),
                    e.next_step()
                )),
            };
            dispatcher.dispatch(Action::Flow(FlowEvent::Sealed(result)));
        });
    });
}
