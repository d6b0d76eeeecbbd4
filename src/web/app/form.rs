//! What the App shows while no key is revealed: the form (the request, credentials, the Create
//! button with any error next to it, and the Settings folded above them), or the panel of a create
//! whose outcome is unknown.

use yew::prelude::*;

use super::events::Events;
use crate::core::connection::ConnectionSource;
use crate::core::error::KeymintError;
use crate::core::readiness::Blocker;
use crate::core::target;
use crate::state::{AppState, Phase};
use crate::web::components::auth::AuthFields;
use crate::web::components::copy_link::CopyLinkButton;
use crate::web::components::disclosure::Disclosure;
use crate::web::components::error_view::ErrorView;
use crate::web::components::expiry::ExpiryField;
use crate::web::components::profile_import::ProfileImport;
use crate::web::components::profiles::ProfilesPicker;
use crate::web::components::request_form::RequestFields;
use crate::web::components::roles::RolesPicker;
use crate::web::components::send::CreateButton;
use crate::web::components::settings::ConnectionSettings;
use crate::web::components::views_menu::ViewStatus;

/// The signed create may have made a key: the user checks Atlas before going back to the form.
/// "Look for the key in Atlas" opens Project keys (loaded when opened) on the keys so described.
pub(super) fn outcome_unknown(
    error: &KeymintError,
    keys_view: &ViewStatus,
    on_look: Callback<()>,
    back: Callback<MouseEvent>,
) -> Html {
    let busy = matches!(keys_view, ViewStatus::Opening | ViewStatus::Open);
    html! {
        <section class="panel" role="region" aria-labelledby="unknown-title">
            <h2 id="unknown-title">{ "Check Atlas before trying again" }</h2>
            <ErrorView error={error.clone()} />
            <div class="actions">
                <button type="button" onclick={on_look.reform(|_: MouseEvent| ())} disabled={busy}>
                    { "Look for the key in Atlas" }
                </button>
            </div>
            { match keys_view {
                ViewStatus::Opening => html! { <p role="status">{ "Loading Project keys…" }</p> },
                ViewStatus::Open => html! { <p class="hint">{ "Project keys, below, lists the keys this create may have made." }</p> },
                ViewStatus::Failed(e) => html! {
                    <p class="warning" role="alert">{ format!("Project keys could not be opened: {} {}", e.message(), e.next_step()) }</p>
                },
                ViewStatus::Closed => html! {},
            } }
            <div class="actions">
                <button type="button" class="secondary" onclick={back}>
                    { "I have checked: back to the form" }
                </button>
            </div>
        </section>
    }
}

/// How much of the page is mounted. The app mounts it a part per task after the first paint, top to
/// bottom: one task building the whole form kept a phone's main thread busy for about 300 ms, and a
/// click or keypress in that time waited. Each part is added below the ones shown, so nothing on
/// screen moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Mounted {
    /// The `<main>` element and the notices above the form: the first render after the wasm starts
    /// (the header is index.html's).
    Frame,
    /// Settings, folded or open as config.json says.
    Settings,
    /// The description and project ID.
    Request,
    Roles,
    Credentials,
    /// The Create button: from here on the form can be used.
    Create,
    /// The rotation panel and the footer.
    All,
}

impl Mounted {
    /// The next part to mount, or `None` when everything is.
    pub(super) fn next(self) -> Option<Mounted> {
        match self {
            Mounted::Frame => Some(Mounted::Settings),
            Mounted::Settings => Some(Mounted::Request),
            Mounted::Request => Some(Mounted::Roles),
            Mounted::Roles => Some(Mounted::Credentials),
            Mounted::Credentials => Some(Mounted::Create),
            Mounted::Create => Some(Mounted::All),
            Mounted::All => None,
        }
    }
}

/// The form: the folded Settings, the request, credentials, and the Create button with any error
/// next to it; the parts `mounted` has reached.
pub(super) fn form(
    mounted: Mounted,
    state: &UseReducerHandle<AppState>,
    events: &Events,
    on_test: Callback<()>,
    on_create: Callback<()>,
    on_sign_out: Callback<()>,
) -> Html {
    // Before Settings is mounted there is nothing to show, so nothing to work out either.
    if mounted < Mounted::Settings {
        return Html::default();
    }
    let blockers = state.blockers();
    let locked = state.is_sending();
    let proxy_problem = blockers.iter().find_map(|b| match b {
        Blocker::Proxy(_) | Blocker::RouteNotAllowed(_) => Some(AttrValue::from(b.message())),
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

    let configured = state.connection_source != ConnectionSource::Pending;
    let summary = if configured {
        state.connection_summary()
    } else {
        "reading config.json…".to_string()
    };

    html! {
        <>
            // The request first; the settings a deployment fixes in config.json stay folded above it,
            // with one line saying where requests go.
            <Disclosure id="settings" class="panel settings" open_when={state.settings_need_attention()}
                summary={html! { <>
                    <span class="settings-title">{ "Settings" }</span>
                    <span class="settings-where">{ summary }</span>
                </> }}>
                if configured {
                    <ConnectionSettings
                        environment={state.environment.clone()}
                        custom_base_url={AttrValue::from(state.custom_base_url.clone())}
                        custom_flavor={state.custom_flavor}
                        proxy={AttrValue::from(state.proxy.clone())}
                        {base_url_problem}
                        {proxy_problem}
                        connection={state.connection.clone()}
                        {locked}
                        fixed_by_admin={state.routing_fixed()}
                        on_settings={events.settings.clone()}
                        {on_test} />
                    <section class="panel" aria-labelledby="profiles-title">
                        <h2 id="profiles-title">{ "Profiles" }</h2>
                        <ProfilesPicker profiles={state.profiles.clone()} active={state.active_profile.clone().map(AttrValue::from)}
                            on_form={events.form.clone()} on_profiles={events.profiles.clone()} {locked} />
                        <ProfileImport on_form={events.form.clone()} on_profiles={events.profiles.clone()} {locked} />
                    </section>
                }
            </Disclosure>
            if mounted >= Mounted::Request {
            <section class="panel" aria-labelledby="request-title">
                <h2 id="request-title">{ "The new key" }</h2>
                <RequestFields
                    description={AttrValue::from(state.draft.desc.clone())}
                    sent_description={AttrValue::from(state.draft.sent_description(&state.expiry_rules))}
                    project_id={AttrValue::from(state.draft.project_id.clone())}
                    errors={visible_errors.clone()}
                    failure={failure.cloned()}
                    {locked}
                    on_settings={events.settings.clone()}
                    on_form={events.form.clone()} />
                <ExpiryField
                    choice={state.draft.expiry.clone()}
                    rules={state.expiry_rules}
                    errors={visible_errors.clone()}
                    {locked}
                    on_form={events.form.clone()} />
                if mounted >= Mounted::Roles {
                <RolesPicker
                    flavor={state.environment.flavor()}
                    selected={state.draft.roles.clone()}
                    custom_roles={state.draft.custom_roles.clone()}
                    custom_input={AttrValue::from(state.custom_role_input.clone())}
                    errors={visible_errors}
                    failure={failure.cloned()}
                    {locked}
                    on_form={events.form.clone()} />
                }
            </section>
            }
            if mounted >= Mounted::Credentials {
            <AuthFields
                method={state.credentials.kind}
                public_key={AttrValue::from(state.credentials.public_key.clone())}
                private_key={AttrValue::from(state.credentials.private_key.clone())}
                client_id={AttrValue::from(state.credentials.client_id.clone())}
                client_secret={AttrValue::from(state.credentials.client_secret.clone())}
                {on_sign_out}
                {locked}
                on_settings={events.settings.clone()}
                on_form={events.form.clone()} />
            }
            if mounted >= Mounted::Create {
            <div class="panel create-panel">
                { general_failure.unwrap_or_default() }
                <CreateButton
                    blockers={blockers.iter().map(Blocker::message).collect::<Vec<_>>()}
                    can_send={state.can_send()}
                    sending={locked}
                    {curl}
                    {on_create} />
                <CopyLinkButton draft={state.draft.clone()} />
            </div>
            }
        </>
    }
}
