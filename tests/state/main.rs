//! The reducer's native tests: the page's rules as plain Rust, one module per concern, in one test
//! binary. Each test drives `AppState::reduce` with the actions the page's controls send and checks
//! what the user would see change (or not change).
#![allow(clippy::result_large_err)]

#[path = "../common/mod.rs"]
mod common;

mod expiry;
mod lifecycle;
mod phases;
mod project_keys;
mod queries;
mod rotation;
mod routes;
mod sealing;
mod tokens;

use keymint::core::answer::{parse_create_response, parse_signed_create_response, Received};
use keymint::core::config::RuntimeConfig;
use keymint::core::connection::ConnectionSource;
use keymint::core::error::{KeymintError, RequestSummary};
use keymint::core::expiry::Day;
use keymint::core::ids::ProjectId;
use keymint::core::response::ApiKeyUserDetails;
use keymint::state::{Action, AppState, FormEdit, SessionEvent, SettingsEdit};

/// A project ID in the form Atlas gives them.
pub const PROJECT: &str = "5f1a2b3c4d5e6f7a8b9c0d1e";

/// [`PROJECT`] as a create is sent to it.
pub fn project() -> ProjectId {
    ProjectId::parse(PROJECT).expect("a project ID")
}

/// Applies `actions` in order; an action the reducer refuses leaves the state as it was.
pub fn apply(mut state: AppState, actions: impl IntoIterator<Item = Action>) -> AppState {
    for action in actions {
        if let Some(next) = state.reduce(action) {
            state = next;
        }
    }
    state
}

/// The page after config.json arrived (no stored settings).
/// The day the tests' browser says it is.
pub fn today() -> Day {
    Day::from_ymd(2026, 12, 4).unwrap()
}

/// The page after mount: today's date from the browser, then config.json.
pub fn configured(config_json: &str) -> AppState {
    let config = RuntimeConfig::from_json(config_json).expect("a valid config.json");
    apply(
        AppState::default(),
        [
            SessionEvent::Today(today()).into(),
            SessionEvent::Configure {
                config,
                stored: None,
                problem: None,
                source: ConnectionSource::ConfigFile,
            }
            .into(),
        ],
    )
}

/// A form ready to send, signed with an API key, through the shipped same-origin proxy.
pub fn ready() -> AppState {
    let state = apply(configured("{}"), fill());
    assert!(state.can_send(), "blockers: {:?}", state.blockers());
    state
}

/// The presses and keystrokes that fill the form.
pub fn fill() -> Vec<Action> {
    vec![
        FormEdit::SetDescription("ci deploy ".into()).into(),
        FormEdit::ToggleRole("GROUP_READ_ONLY".into()).into(),
        SettingsEdit::SetProjectId(PROJECT.into()).into(),
        SettingsEdit::SetPublicKey("abcdefgh".into()).into(),
        FormEdit::SetPrivateKey("00000000-1111-2222-3333-444444444444".into()).into(),
    ]
}

/// The request line an answer belongs to, as the transport records it.
pub fn summary() -> RequestSummary {
    RequestSummary {
        method: "POST".into(),
        url: format!("https://cloud.mongodb.com/api/atlas/v2/groups/{PROJECT}/apiKeys"),
        via: format!("/atlas/api/atlas/v2/groups/{PROJECT}/apiKeys"),
    }
}

/// The key Atlas sent in the recorded 200.
pub fn created_key() -> ApiKeyUserDetails {
    let r = common::recorded("create_200");
    parse_create_response(
        Received::new(r.status, &r.body).with_content_type(r.header("content-type")),
        &summary(),
    )
    .expect("the recorded create is a key")
}

/// A proxy's 502 after the signed POST left: the key may exist.
pub fn lost_answer() -> KeymintError {
    let e = parse_signed_create_response(
        Received::new(502, "<html><body>502 Bad Gateway</body></html>")
            .with_content_type("text/html"),
        &summary(),
    )
    .unwrap_err();
    assert!(e.outcome_unknown());
    e
}

/// Atlas's recorded 404 for a project that does not exist: nothing was created.
pub fn refused() -> KeymintError {
    let r = common::recorded("group_not_found_404");
    let e = parse_signed_create_response(
        Received::new(r.status, &r.body)
            .with_content_type(r.header("content-type"))
            .with_error_code(r.header("x-error-code")),
        &summary(),
    )
    .unwrap_err();
    assert!(!e.outcome_unknown());
    e
}
