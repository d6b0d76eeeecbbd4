//! The App: owns the one reducer (`state.rs`), wires the pieces (`components/`) to it, and runs the
//! two side effects the page has: the network (`transport.rs`) and the stored settings (`storage.rs`).
//!
//! The flow: form input -> `Action` -> reducer -> `core::request` validation -> Create ->
//! `transport` (core::target + core::proxy + core::digest) -> `core::response` -> reveal or error.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::components::auth::AuthFields;
use crate::components::copy_link::CopyLinkButton;
use crate::components::error_view::ErrorView;
use crate::components::profile_import::ProfileImport;
use crate::components::profiles::ProfilesPicker;
use crate::components::request_form::RequestFields;
use crate::components::reveal::RevealPanel;
use crate::components::roles::RolesPicker;
use crate::components::send::CreateButton;
use crate::components::settings::ConnectionSettings;
use crate::core::config::RuntimeConfig;
use crate::core::credentials::{AuthKind, Credentials};
use crate::core::deeplink::{self, DeepLink};
use crate::core::error::KeymintError;
use crate::core::oauth::{AccessToken, ClientId, ClientSecret, OAuthError};
use crate::core::proxy::ProxyRoute;
use crate::core::readiness::Blocker;
use crate::core::request::CreateApiKeyRequest;
use crate::core::response::ApiKeyUserDetails;
use crate::core::target;
use crate::state::{Action, AppState, FlowEvent, FormEdit, Phase, ProfilesEvent, SessionEvent};
use crate::{storage, transport};

/// Mounts the page on `<body>`.
pub fn mount() {
    yew::Renderer::<App>::new().render();
}

/// Runtime defaults live beside index.html, so one build serves every deployment.
const CONFIG_FILE: &str = "config.json";

async fn load_config() -> (RuntimeConfig, Option<String>) {
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

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    // Set while a create is in flight, so two fast clicks cannot start two exchanges.
    let in_flight: Rc<RefCell<bool>> = use_mut_ref(|| false);

    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            spawn_local(async move {
                let (config, problem) = load_config().await;
                let stored = storage::load_settings();
                dispatcher.dispatch(Action::Session(SessionEvent::Configure {
                    config,
                    stored,
                    problem,
                }));
                dispatcher.dispatch(Action::Profiles(ProfilesEvent::Loaded(
                    storage::load_profiles(),
                )));
                // After the configuration, so the link's values win over stored settings; a link may
                // name one of the user's own saved profiles.
                if let Some(link) = read_deep_link() {
                    if let Some(profile) = link.profile.clone() {
                        dispatcher.dispatch(Action::Form(FormEdit::SelectProfile(profile)));
                    }
                    dispatcher.dispatch(Action::Session(SessionEvent::ApplyDeepLink(link)));
                }
            });
        });
    }
    {
        let settings = state.settings();
        let changed = state.settings_changed_by_user;
        use_effect_with((settings, changed), |(settings, changed)| {
            if *changed {
                storage::save_settings(settings);
            }
        });
    }

    {
        // Profiles hold no secrets by type; saved whenever the list changes (after the first load).
        let profiles = state.profiles.clone();
        use_effect_with(profiles, |profiles| {
            if !profiles.is_empty() {
                storage::save_profiles(profiles);
            }
        });
    }

    {
        // Leaving the page revokes a service account's token, like Sign out does.
        let exit = state.token_to_revoke(js_sys::Date::now() / 1000.0);
        use_effect_with(exit, |exit| {
            let guard = exit.clone().and_then(|r| {
                let window = web_sys::window()?;
                let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                    transport::revoke_token_on_exit(
                        &r.environment,
                        &r.route,
                        &r.id,
                        &r.secret,
                        &r.token,
                    );
                });
                window
                    .add_event_listener_with_callback("pagehide", listener.as_ref().unchecked_ref())
                    .ok()?;
                Some((window, listener))
            });
            move || {
                if let Some((window, listener)) = guard {
                    let _ = window.remove_event_listener_with_callback(
                        "pagehide",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }

    let on_action = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action: Action| dispatcher.dispatch(action))
    };

    let on_test = {
        let state = state.clone();
        Callback::from(move |()| {
            let Ok(route) = state.proxy_route() else {
                return;
            };
            let environment = state.environment.clone();
            let timeout = state.timeout_seconds;
            let dispatcher = state.dispatcher();
            dispatcher.dispatch(Action::Session(SessionEvent::ConnectionCheckStarted));
            spawn_local(async move {
                let report = transport::probe_connection(&environment, &route, timeout).await;
                dispatcher.dispatch(Action::Session(SessionEvent::ConnectionChecked(report)));
            });
        })
    };

    let on_sign_out = {
        let state = state.clone();
        Callback::from(move |()| {
            let revocation = state.token_to_revoke(js_sys::Date::now() / 1000.0);
            let dispatcher = state.dispatcher();
            dispatcher.dispatch(Action::Session(SessionEvent::ForgetToken));
            dispatcher.dispatch(Action::Form(FormEdit::SetClientSecret(String::new())));
            if let Some(r) = revocation {
                let timeout = state.timeout_seconds;
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
        })
    };

    let on_create = {
        let state = state.clone();
        let in_flight = in_flight.clone();
        Callback::from(move |()| {
            if *in_flight.borrow() || !state.can_send() {
                return;
            }
            let (Ok(request), Ok(route)) = (state.validated.clone(), state.proxy_route()) else {
                return;
            };
            *in_flight.borrow_mut() = true;
            let environment = state.environment.clone();
            let credentials = state.credentials.clone();
            let timeout = state.timeout_seconds;
            let dispatcher = state.dispatcher();
            let in_flight = in_flight.clone();
            dispatcher.dispatch(Action::Flow(FlowEvent::Send));
            let cached_token = state.tokens.get(js_sys::Date::now() / 1000.0).cloned();
            spawn_local(async move {
                let result = match credentials.kind {
                    AuthKind::ApiKey => {
                        transport::create_api_key(
                            &environment,
                            &route,
                            &request,
                            &credentials,
                            timeout,
                        )
                        .await
                    }
                    AuthKind::ServiceAccount => {
                        create_with_service_account(
                            &environment,
                            &route,
                            &request,
                            &credentials,
                            cached_token,
                            &dispatcher,
                            timeout,
                        )
                        .await
                    }
                };
                *in_flight.borrow_mut() = false;
                dispatcher.dispatch(match result {
                    Ok(key) => Action::Flow(FlowEvent::Created {
                        key,
                        project_id: request.project_id().as_str().to_string(),
                        created_at: String::from(js_sys::Date::new_0().to_iso_string()),
                    }),
                    Err(error) => Action::Flow(FlowEvent::SendFailed(error)),
                });
            });
        })
    };

    let body = match &state.phase {
        Phase::Revealed(reveal) => {
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
            html! { <RevealPanel {reveal} {on_copied} {on_downloaded} {on_leave} /> }
        }
        Phase::OutcomeUnknown(error) => {
            let back = on_action
                .reform(|_: MouseEvent| Action::Flow(FlowEvent::BackToForm { fresh_form: false }));
            html! {
                <section class="panel" role="region" aria-labelledby="unknown-title">
                    <h2 id="unknown-title">{ "Check Atlas before trying again" }</h2>
                    <ErrorView error={error.clone()} />
                    <div class="actions">
                        <button type="button" class="secondary" onclick={back}>
                            { "I have checked: back to the form" }
                        </button>
                    </div>
                </section>
            }
        }
        _ => form(&state, on_action, on_test, on_create, on_sign_out),
    };

    html! {
        <>
            <header class="site-header">
                <h1>{ "Keymint" }</h1>
                <p>{ "Create a MongoDB Atlas project API key, like " }<code>{ "atlas projects apiKeys create" }</code>{ ", in your browser." }</p>
            </header>
            <main id="main">
                if let Some(problem) = &state.config_problem {
                    <p class="notice" role="status">{ problem.clone() }</p>
                }
                { for state.link_notices.iter().map(|n| if n.is_warning() {
                    html! { <p class="warning" role="alert">{ n.message() }</p> }
                } else {
                    html! { <p class="notice" role="status">{ n.message() }</p> }
                }) }
                { body }
            </main>
            <footer class="site-footer">
                <p>{ "Keys and secrets stay in this page's memory: nothing is stored, logged or sent anywhere but to Atlas through your proxy." }</p>
            </footer>
        </>
    }
}

/// A create with a service account: the cached token, or a new one from the token endpoint (which
/// creates nothing), then one Bearer POST. When Atlas refuses a cached token with 401 (it expired or
/// was revoked early), nothing was created, so the page gets a new token and sends the POST once
/// more. A refused token is forgotten, so the next press starts with a new one.
async fn create_with_service_account(
    environment: &crate::core::environment::Environment,
    route: &ProxyRoute,
    request: &CreateApiKeyRequest,
    credentials: &Credentials,
    cached: Option<AccessToken>,
    dispatcher: &UseReducerDispatcher<AppState>,
    timeout: u32,
) -> Result<ApiKeyUserDetails, KeymintError> {
    let new_token = || async {
        let id = ClientId::parse(&credentials.client_id)?;
        let secret = ClientSecret::parse(&credentials.client_secret)?;
        let now = js_sys::Date::now() / 1000.0;
        let token = transport::fetch_token(environment, route, &id, &secret, now, timeout).await?;
        dispatcher.dispatch(Action::Session(SessionEvent::TokenObtained(token.clone())));
        Ok::<_, KeymintError>(token)
    };
    let was_cached = cached.is_some();
    let token = match cached {
        Some(token) => token,
        None => new_token().await?,
    };
    let mut result =
        transport::create_api_key_with_token(environment, route, request, &token, timeout).await;
    if was_cached && matches!(result, Err(KeymintError::OAuth(OAuthError::TokenRejected))) {
        dispatcher.dispatch(Action::Session(SessionEvent::ForgetToken));
        let token = new_token().await?;
        result = transport::create_api_key_with_token(environment, route, request, &token, timeout)
            .await;
    }
    if matches!(result, Err(KeymintError::OAuth(_))) {
        dispatcher.dispatch(Action::Session(SessionEvent::ForgetToken));
    }
    result
}

/// The deep link in the address bar, if any. A secret in it is removed from the address bar (and so
/// from this history entry) at once; the core decides what the rest may prefill.
fn read_deep_link() -> Option<DeepLink> {
    let window = web_sys::window()?;
    let search = window.location().search().ok()?;
    if search.len() <= 1 {
        return None;
    }
    if let Some(clean) = deeplink::strip_secrets(&search) {
        let path = window.location().pathname().unwrap_or_default();
        let url = if clean.is_empty() {
            path
        } else {
            format!("{path}?{clean}")
        };
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
    Some(deeplink::parse_query(&search))
}

/// The form: settings, credentials, the request, and the Create button with any error next to it.
fn form(
    state: &UseReducerHandle<AppState>,
    on_action: Callback<Action>,
    on_test: Callback<()>,
    on_create: Callback<()>,
    on_sign_out: Callback<()>,
) -> Html {
    let blockers = state.blockers();
    let locked = state.is_sending();
    let proxy_problem = blockers.iter().find_map(|b| match b {
        Blocker::Proxy(_) => Some(AttrValue::from(b.message())),
        _ => None,
    });
    let base_url_problem = blockers.iter().find_map(|b| match b {
        Blocker::BaseUrl(_) => Some(AttrValue::from(b.message())),
        _ => None,
    });
    let visible_errors = state.visible_errors();
    let failure: Option<&KeymintError> = match &state.phase {
        Phase::Failed(error) => Some(error),
        _ => None,
    };
    // An error about a field is shown next to that field; any other next to the Create button.
    let general_failure = failure
        .filter(|e| e.field().is_none())
        .map(|e| html! { <ErrorView id="create-error" error={e.clone()} /> });
    let curl = match (&state.validated, state.proxy_route()) {
        (Ok(request), Ok(_)) => Some(AttrValue::from(target::curl_preview(
            &target::create_api_key(&state.environment, request),
            state.credentials.curl_auth(),
        ))),
        _ => None,
    };

    html! {
        <>
            <ConnectionSettings
                environment={state.environment.clone()}
                custom_base_url={AttrValue::from(state.custom_base_url.clone())}
                custom_flavor={state.custom_flavor}
                proxy={AttrValue::from(state.proxy.clone())}
                {base_url_problem}
                {proxy_problem}
                connection={state.connection.clone()}
                {locked}
                on_action={on_action.clone()}
                {on_test} />
            <section class="panel" aria-labelledby="profiles-title">
                <h2 id="profiles-title">{ "Profiles" }</h2>
                <ProfilesPicker profiles={state.profiles.clone()} active={state.active_profile.clone().map(AttrValue::from)}
                    on_action={on_action.clone()} {locked} />
                <ProfileImport on_action={on_action.clone()} {locked} />
            </section>
            <AuthFields
                method={state.credentials.kind}
                public_key={AttrValue::from(state.credentials.public_key.clone())}
                private_key={AttrValue::from(state.credentials.private_key.clone())}
                client_id={AttrValue::from(state.credentials.client_id.clone())}
                client_secret={AttrValue::from(state.credentials.client_secret.clone())}
                {on_sign_out}
                {locked}
                on_action={on_action.clone()} />
            <section class="panel" aria-labelledby="request-title">
                <h2 id="request-title">{ "The new key" }</h2>
                <RequestFields
                    description={AttrValue::from(state.draft.desc.clone())}
                    project_id={AttrValue::from(state.draft.project_id.clone())}
                    errors={visible_errors.clone()}
                    failure={failure.cloned()}
                    {locked}
                    on_action={on_action.clone()} />
                <RolesPicker
                    flavor={state.environment.flavor()}
                    selected={state.draft.roles.clone()}
                    custom_roles={state.draft.custom_roles.clone()}
                    custom_input={AttrValue::from(state.custom_role_input.clone())}
                    errors={visible_errors}
                    failure={failure.cloned()}
                    {locked}
                    {on_action} />
                { general_failure.unwrap_or_default() }
                <CreateButton
                    blockers={blockers.iter().map(Blocker::message).collect::<Vec<_>>()}
                    sending={locked}
                    {curl}
                    {on_create} />
                <CopyLinkButton draft={state.draft.clone()} />
            </section>
        </>
    }
}
