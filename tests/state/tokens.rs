//! A service account's token is used only where it came from (environment, route, client ID); when
//! any of them changes it is forgotten and its revocation is queued through the route it came from,
//! with the secret it was obtained with.

use keymint::core::credentials::AuthKind;
use keymint::core::oauth::{parse_token_response, AccessToken, ClientSecret};
use keymint::core::proxy::ProxyRoute;
use keymint::state::{AppState, FormEdit, SessionEvent, SettingsEdit};

use crate::{apply, configured, PROJECT};

const ID: &str = "mdb_sa_id_d0123456789abcdef012345d";
const OTHER_ID: &str = "mdb_sa_id_e0123456789abcdef012345e";
const SECRET: &str = "mdb_sa_sk_first";
const NOW: f64 = 1_800_000_000.0;

fn token(value: &str) -> AccessToken {
    parse_token_response(
        200,
        &format!(r#"{{"access_token":"{value}","token_type":"Bearer","expires_in":3600}}"#),
        NOW,
    )
    .expect("a token answer")
}

/// A service-account form holding a token obtained for its current binding.
fn holding_token() -> AppState {
    let state = apply(
        configured("{}"),
        [
            SettingsEdit::SetAuthKind(AuthKind::ServiceAccount).into(),
            SettingsEdit::SetClientId(ID.into()).into(),
            FormEdit::SetClientSecret(SECRET.into()).into(),
            SettingsEdit::SetProjectId(PROJECT.into()).into(),
        ],
    );
    let binding = state.token_binding().expect("a usable route");
    let state = apply(
        state,
        [SessionEvent::TokenObtained {
            token: token("tok-1"),
            binding,
        }
        .into()],
    );
    assert_eq!(state.usable_token(NOW), Some(&token("tok-1")));
    state
}

#[test]
fn changing_the_proxy_retires_the_token_through_the_route_it_came_from() {
    let state = apply(
        holding_token(),
        [SettingsEdit::SetProxy("https://proxy.example/{path}".into()).into()],
    );
    assert_eq!(state.usable_token(NOW), None);
    assert_eq!(state.revocations.len(), 1);
    let r = &state.revocations[0];
    assert_eq!(r.token, token("tok-1"));
    assert_eq!(r.route, ProxyRoute::parse("/atlas{path}").unwrap());
    assert_eq!(r.secret, ClientSecret::parse(SECRET).unwrap());
}

#[test]
fn changing_the_client_id_or_environment_retires_the_token() {
    for edit in [
        SettingsEdit::SetClientId(OTHER_ID.into()),
        SettingsEdit::SelectEnvironment(keymint::state::EnvironmentChoice::AtlasGov),
    ] {
        let state = apply(holding_token(), [edit.into()]);
        assert_eq!(state.usable_token(NOW), None);
        assert_eq!(state.revocations.len(), 1);
    }
}

#[test]
fn a_new_secret_revokes_the_token_with_the_secret_it_was_made_with() {
    let state = apply(
        holding_token(),
        [FormEdit::SetClientSecret("mdb_sa_sk_second".into()).into()],
    );
    assert_eq!(state.usable_token(NOW), None);
    assert_eq!(state.revocations.len(), 1);
    assert_eq!(
        state.revocations[0].secret,
        ClientSecret::parse(SECRET).unwrap()
    );
}

#[test]
fn edits_of_the_request_keep_the_token() {
    let state = apply(
        holding_token(),
        [
            FormEdit::SetDescription("still the same route".into()).into(),
            FormEdit::ToggleRole("GROUP_READ_ONLY".into()).into(),
        ],
    );
    assert_eq!(state.usable_token(NOW), Some(&token("tok-1")));
    assert!(state.revocations.is_empty());
}

#[test]
fn a_token_atlas_refused_is_forgotten_without_a_revocation() {
    let state = apply(holding_token(), [SessionEvent::ForgetToken.into()]);
    assert_eq!(state.usable_token(NOW), None);
    assert!(state.revocations.is_empty());
    assert!(state.token_to_revoke(NOW).is_none());
}

#[test]
fn sent_revocations_leave_the_queue_and_a_late_count_cannot_overrun_it() {
    let state = apply(
        holding_token(),
        [SettingsEdit::SetProxy("https://a.example/{path}".into()).into()],
    );
    let binding = state.token_binding().unwrap();
    let state = apply(
        state,
        [
            SessionEvent::TokenObtained {
                token: token("tok-2"),
                binding,
            }
            .into(),
            SettingsEdit::SetProxy("https://b.example/{path}".into()).into(),
        ],
    );
    assert_eq!(state.revocations.len(), 2);
    let one = apply(state.clone(), [SessionEvent::RevocationsSent(1).into()]);
    assert_eq!(one.revocations.len(), 1);
    assert_eq!(one.revocations[0].token, token("tok-2"));
    let all = apply(state, [SessionEvent::RevocationsSent(5).into()]);
    assert!(all.revocations.is_empty());
}

#[test]
fn signing_out_revokes_the_live_token_where_it_came_from() {
    let state = holding_token();
    let revoke = state.token_to_revoke(NOW).expect("a live token");
    assert_eq!(revoke.token, token("tok-1"));
    assert_eq!(revoke.route, ProxyRoute::parse("/atlas{path}").unwrap());
    // Debug never shows the token or the secret.
    let shown = format!("{revoke:?}");
    assert!(
        !shown.contains("tok-1") && !shown.contains(SECRET),
        "{shown}"
    );
    assert!(
        shown.starts_with("TokenRevocation") && shown.contains("Atlas"),
        "where it goes is shown: {shown}"
    );
    // An expired token is nothing to revoke.
    assert!(state.token_to_revoke(NOW + 7200.0).is_none());
}

#[test]
fn a_token_is_not_used_for_another_binding() {
    let state = holding_token();
    let mut other = state.token_binding().unwrap();
    other.client_id = OTHER_ID.into();
    assert!(state.tokens.get(NOW, &other).is_none());
}
