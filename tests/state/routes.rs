//! Routing is trust: where requests go changes only when the user types it or config.json says so.
//! A profile, a link or stored settings propose; the user confirms; the administrator's lock has the
//! last word.

use keymint::core::config::{RuntimeConfig, Settings};
use keymint::core::connection::ConnectionSource;
use keymint::core::deeplink::parse_query;
use keymint::core::environment::Environment;
use keymint::core::profile::Profile;
use keymint::core::routing::RouteSource;
use keymint::state::{
    Action, AppState, EnvironmentChoice, FormEdit, ProfilesEvent, SessionEvent, SettingsEdit,
};

use crate::{apply, configured, PROJECT};

fn saved(name: &str, proxy: &str) -> Profile {
    Profile {
        name: name.into(),
        environment: Environment::Atlas,
        proxy: proxy.into(),
        org_id: String::new(),
        project_id: PROJECT.into(),
        output: "json".into(),
        auth: Default::default(),
        login_id: "abcdefgh".into(),
    }
}

fn with_profiles(state: AppState, profiles: Vec<Profile>) -> AppState {
    apply(state, [ProfilesEvent::Loaded(profiles).into()])
}

const LOCKED: &str = r#"{"proxy": "/keymint/atlas{path}", "lockRouting": true}"#;

#[test]
fn a_profile_with_another_proxy_fills_the_form_but_the_proxy_waits_for_confirmation() {
    let state = with_profiles(
        configured("{}"),
        vec![saved("prod", "https://evil.example/{path}")],
    );
    let state = apply(state, [FormEdit::SelectProfile("prod".into()).into()]);

    assert_eq!(state.proxy, "/atlas{path}", "the route must not change yet");
    assert_eq!(
        state.draft.project_id, PROJECT,
        "the rest of the profile applies"
    );
    assert_eq!(state.credentials.public_key, "abcdefgh");
    let pending = state
        .pending_route
        .as_ref()
        .expect("a route change to confirm");
    assert!(
        pending.message().contains("evil.example"),
        "{}",
        pending.message()
    );

    let kept = apply(state.clone(), [FormEdit::KeepCurrentRoute.into()]);
    assert_eq!(kept.proxy, "/atlas{path}");
    assert!(kept.pending_route.is_none());

    let used = apply(state, [FormEdit::UsePendingRoute.into()]);
    assert_eq!(used.proxy, "https://evil.example/{path}");
    assert!(used.pending_route.is_none());
}

#[test]
fn a_profile_with_the_same_route_needs_no_confirmation() {
    let state = with_profiles(configured("{}"), vec![saved("same", "/atlas{path}")]);
    let state = apply(state, [FormEdit::SelectProfile("same".into()).into()]);
    assert!(state.pending_route.is_none());
    assert_eq!(state.active_profile.as_deref(), Some("same"));
}

#[test]
fn confirming_with_nothing_pending_changes_nothing() {
    let state = configured("{}");
    assert!(state.reduce(FormEdit::UsePendingRoute.into()).is_none());
    assert!(state.reduce(FormEdit::KeepCurrentRoute.into()).is_none());
    assert!(state
        .reduce(FormEdit::SelectProfile("nobody".into()).into())
        .is_none());
}

#[test]
fn typing_a_route_discards_a_pending_proposal_and_forgets_the_profile() {
    let state = with_profiles(
        configured("{}"),
        vec![saved("prod", "https://evil.example/{path}")],
    );
    let state = apply(
        state,
        [
            FormEdit::SelectProfile("prod".into()).into(),
            SettingsEdit::SetProxy("https://mine.example/{path}".into()).into(),
        ],
    );
    assert!(state.pending_route.is_none());
    assert_eq!(state.proxy, "https://mine.example/{path}");
    assert_eq!(
        state.active_profile, None,
        "the settings are no longer the profile's"
    );
    assert!(state.settings_changed_by_user);
}

#[test]
fn a_link_prefills_the_request_but_never_where_it_goes() {
    let link = parse_query(&format!(
        "projectId={PROJECT}&desc=from%20a%20link&role=GROUP_OWNER&proxy=https://evil.example/{{path}}&privateKey=x"
    ));
    let state = apply(configured("{}"), [SessionEvent::ApplyDeepLink(link).into()]);
    assert_eq!(state.draft.project_id, PROJECT);
    assert_eq!(state.draft.desc, "from a link");
    assert_eq!(state.draft.roles, ["GROUP_OWNER"]);
    assert_eq!(state.proxy, "/atlas{path}");
    assert!(state.credentials.private_key.is_empty());
    assert!(
        state.link_notices.iter().any(|n| n.is_warning()),
        "the refused parameters are named: {:?}",
        state.link_notices
    );
}

#[test]
fn a_link_naming_a_profile_proposes_its_route_for_confirmation() {
    let state = with_profiles(
        configured("{}"),
        vec![saved("prod", "https://evil.example/{path}")],
    );
    let state = apply(
        state,
        [SessionEvent::ApplyDeepLink(parse_query("profile=prod")).into()],
    );
    assert_eq!(state.proxy, "/atlas{path}");
    let pending = state.pending_route.expect("confirmation asked");
    assert_eq!(pending.source, RouteSource::LinkedProfile("prod".into()));
}

#[test]
fn under_lock_routing_the_route_controls_change_nothing() {
    let state = configured(LOCKED);
    assert!(state.routing_fixed());
    for edit in [
        SettingsEdit::SetProxy("https://mine.example/{path}".into()),
        SettingsEdit::SelectEnvironment(EnvironmentChoice::AtlasGov),
        SettingsEdit::SetCustomBaseUrl("https://ops.example".into()),
    ] {
        assert!(state.reduce(edit.into()).is_none());
    }
    // Edits that do not route still work.
    let state = apply(state, [SettingsEdit::SetProjectId(PROJECT.into()).into()]);
    assert_eq!(state.draft.project_id, PROJECT);
}

#[test]
fn under_lock_routing_a_profile_route_is_refused_not_offered() {
    let state = with_profiles(
        configured(LOCKED),
        vec![saved("prod", "https://evil.example/{path}")],
    );
    let state = apply(state, [FormEdit::SelectProfile("prod".into()).into()]);
    assert_eq!(state.proxy, "/keymint/atlas{path}");
    assert!(state.pending_route.is_none(), "nothing to confirm");
    let refused = state.refused_route.expect("the refusal is shown");
    assert_eq!(refused.source, RouteSource::Profile("prod".into()));
}

#[test]
fn the_lock_is_checked_again_when_a_pending_route_is_confirmed() {
    // The proposal came before config.json; the lock arrived in between.
    let state = with_profiles(
        AppState::default(),
        vec![saved("prod", "https://evil.example/{path}")],
    );
    let state = apply(state, [FormEdit::SelectProfile("prod".into()).into()]);
    assert!(state.pending_route.is_some());
    let state = apply(
        state,
        [
            SessionEvent::Configure {
                config: RuntimeConfig::from_json(LOCKED).unwrap(),
                stored: None,
                problem: None,
                source: ConnectionSource::ConfigFile,
            }
            .into(),
            FormEdit::UsePendingRoute.into(),
        ],
    );
    assert_eq!(state.proxy, "/keymint/atlas{path}");
    assert!(state.refused_route.is_some());
}

#[test]
fn stored_settings_the_lock_does_not_allow_give_way_to_config_json() {
    let stored = Settings {
        environment: Environment::Atlas,
        custom_base_url: String::new(),
        proxy: "https://old.example/{path}".into(),
        project_id: PROJECT.into(),
        org_id: String::new(),
    };
    let config = RuntimeConfig::from_json(LOCKED).unwrap();
    let state = apply(
        AppState::default(),
        [SessionEvent::Configure {
            config: config.clone(),
            stored: Some(stored.clone()),
            problem: None,
            source: ConnectionSource::ConfigFile,
        }
        .into()],
    );
    assert_eq!(state.proxy, "/keymint/atlas{path}");
    assert_eq!(
        state.draft.project_id, PROJECT,
        "the rest of the stored settings stays"
    );
    let refused = state.refused_route.expect("the user is told why");
    assert_eq!(refused.source, RouteSource::StoredSettings);

    // Without the lock, the stored route is the user's own and stands.
    let open = apply(
        AppState::default(),
        [SessionEvent::Configure {
            config: RuntimeConfig::from_json("{}").unwrap(),
            stored: Some(stored),
            problem: None,
            source: ConnectionSource::ConfigFile,
        }
        .into()],
    );
    assert_eq!(open.proxy, "https://old.example/{path}");
    assert_eq!(open.connection_source, ConnectionSource::Stored);
}

#[test]
fn what_the_user_typed_before_config_json_arrived_wins_unless_the_lock_refuses_it() {
    let typed: Action = SettingsEdit::SetProxy("https://mine.example/{path}".into()).into();
    let configure = |json: &str| -> Action {
        SessionEvent::Configure {
            config: RuntimeConfig::from_json(json).unwrap(),
            stored: None,
            problem: None,
            source: ConnectionSource::ConfigFile,
        }
        .into()
    };
    let open = apply(
        AppState::default(),
        [typed.clone(), configure(r#"{"proxy": "/x{path}"}"#)],
    );
    assert_eq!(open.proxy, "https://mine.example/{path}");

    let locked = apply(AppState::default(), [typed, configure(LOCKED)]);
    assert_eq!(locked.proxy, "/keymint/atlas{path}");
    assert!(locked.refused_route.is_some());
}

#[test]
fn an_allow_list_blocks_create_on_a_route_outside_it() {
    let state = apply(
        configured(r#"{"allowedProxies": ["/other{path}"]}"#),
        crate::fill(),
    );
    assert!(
        state.can_send(),
        "config.json's own route is always allowed"
    );
    let state = apply(
        state,
        [SettingsEdit::SetProxy("https://mine.example/{path}".into()).into()],
    );
    assert!(!state.can_send());
    assert!(state
        .blockers()
        .iter()
        .any(|b| matches!(b, keymint::core::readiness::Blocker::RouteNotAllowed(_))));
}

#[test]
fn an_imported_profile_never_replaces_a_saved_one() {
    let state = with_profiles(configured("{}"), vec![saved("prod", "/atlas{path}")]);
    let state = apply(
        state,
        [ProfilesEvent::Import(vec![saved("prod", "https://evil.example/{path}")]).into()],
    );
    let prod = state.profiles.iter().find(|p| p.name == "prod").unwrap();
    assert_eq!(prod.proxy, "/atlas{path}");
    assert_eq!(state.profiles.len(), 2);
    assert_eq!(state.renamed_imports.len(), 1);
}

#[test]
fn a_link_to_project_keys_is_remembered_until_the_view_is_opened_once() {
    use keymint::core::deeplink::LinkedView;
    let state = apply(
        configured("{}"),
        [SessionEvent::ApplyDeepLink(parse_query(&format!(
            "?view=project-keys&projectId={}",
            PROJECT
        )))
        .into()],
    );
    assert_eq!(state.linked_view, Some(LinkedView::ProjectKeys));
    assert_eq!(state.draft.project_id, PROJECT);
    assert!(
        !state.view_blockers().is_empty(),
        "not before the user signs in"
    );
    let opened = apply(state, [SessionEvent::LinkedViewOpened.into()]);
    assert_eq!(opened.linked_view, None);
    assert!(
        opened
            .reduce(SessionEvent::LinkedViewOpened.into())
            .is_none(),
        "once"
    );
}
