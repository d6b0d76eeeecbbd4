//! What the page reads off the state besides the phase: whether Atlas's challenge may be fetched
//! ahead of a press, which problems show next to their fields, the Settings line and whether
//! Settings must open, the environment select's values, and the form's smaller edits.

use keymint::core::calls::KeyTestOutcome;
use keymint::core::credentials::AuthKind;
use keymint::core::deeplink::parse_query;
use keymint::core::environment::{ApiFlavor, Environment};
use keymint::core::ids::ProjectId;
use keymint::core::probe;
use keymint::core::request::Field;
use keymint::state::{
    Action, EnvironmentChoice, FlowEvent, FormEdit, KeyTestEvent, LifecycleEvent, Phase,
    ProfilesEvent, Progress, SessionEvent, SettingsEdit,
};

use crate::{apply, configured, created_key, ready, PROJECT};

#[test]
fn the_challenge_is_fetched_ahead_only_once_the_form_could_be_signed_with_an_api_key() {
    let project = ProjectId::parse(PROJECT).unwrap();
    assert_eq!(ready().challenge_project(), Some(project));
    for missing in [
        Action::from(SettingsEdit::SetPublicKey("  ".into())),
        FormEdit::SetPrivateKey(String::new()).into(),
        SettingsEdit::SetProxy("ftp://nowhere".into()).into(),
        SettingsEdit::SetAuthKind(AuthKind::ServiceAccount).into(),
        SettingsEdit::SetProjectId("not-a-project".into()).into(),
    ] {
        assert_eq!(apply(ready(), [missing]).challenge_project(), None);
    }
}

#[test]
fn a_prefilled_project_id_shows_its_problem_before_it_is_touched() {
    let link = parse_query("projectId=ABC");
    let state = apply(configured("{}"), [SessionEvent::ApplyDeepLink(link).into()]);
    assert!(!state.touched.project_id);
    let fields: Vec<Field> = state.visible_errors().iter().map(|e| e.field).collect();
    assert_eq!(fields, [Field::ProjectId]);
}

#[test]
fn the_settings_line_says_where_requests_go() {
    let state = configured("{}");
    assert_eq!(state.connection_summary(), "Atlas via /atlas");
    let state = apply(
        state,
        [SettingsEdit::SetProxy("https://cors.example.com/".into()).into()],
    );
    assert_eq!(
        state.connection_summary(),
        "Atlas via https://cors.example.com/"
    );
}

#[test]
fn settings_open_when_the_connection_cannot_work_or_its_test_failed() {
    let state = configured("{}");
    assert!(
        !state.settings_need_attention(),
        "config.json chose a proxy"
    );
    let failed = apply(
        state.clone(),
        [SessionEvent::ConnectionChecked(probe::unreachable("/atlas", false)).into()],
    );
    assert!(failed.settings_need_attention());
    let direct = apply(state, [SettingsEdit::SetProxy(String::new()).into()]);
    assert!(
        direct.settings_need_attention(),
        "Atlas sends no CORS headers"
    );
    assert!(
        !apply(Default::default(), Vec::<Action>::new()).settings_need_attention(),
        "not while config.json is read"
    );
}

#[test]
fn the_environment_select_round_trips_its_values() {
    for choice in [
        EnvironmentChoice::Atlas,
        EnvironmentChoice::AtlasGov,
        EnvironmentChoice::Custom,
    ] {
        assert_eq!(EnvironmentChoice::from_value(choice.value()), Some(choice));
    }
    assert_eq!(EnvironmentChoice::Atlas.value(), "atlas");
    assert_eq!(EnvironmentChoice::AtlasGov.value(), "atlasGov");
    assert_eq!(EnvironmentChoice::from_value("elsewhere"), None);
}

#[test]
fn a_custom_environment_from_config_json_keeps_its_api_flavor() {
    let state = configured(
        r#"{"environment": "custom", "customBaseUrl": "https://ops.example.com", "customApi": "atlasV2"}"#,
    );
    assert_eq!(state.custom_flavor, ApiFlavor::AtlasV2);
}

#[test]
fn a_custom_base_url_typed_while_custom_is_selected_applies_at_once() {
    let state = apply(
        configured("{}"),
        [
            SettingsEdit::SelectEnvironment(EnvironmentChoice::Custom).into(),
            SettingsEdit::SetCustomBaseUrl("https://ops.example.com".into()).into(),
        ],
    );
    assert_eq!(state.environment.base_url(), "https://ops.example.com");
    assert!(state.settings_changed_by_user);
    // Typed while Atlas is selected: kept for later, not in effect.
    let state = apply(
        state,
        [
            SettingsEdit::SelectEnvironment(EnvironmentChoice::Atlas).into(),
            SettingsEdit::SetCustomBaseUrl("https://other.example.com".into()).into(),
        ],
    );
    assert_eq!(state.environment, Environment::Atlas);
    assert_eq!(state.custom_base_url, "https://other.example.com");
}

#[test]
fn roles_toggle_and_custom_roles_are_added_once_and_removed_one_by_one() {
    let state = apply(
        ready(),
        [FormEdit::ToggleRole("GROUP_READ_ONLY".into()).into()],
    );
    assert!(state.draft.roles.is_empty(), "a second tick unticks");
    let add = |name: &str| -> [Action; 2] {
        [
            FormEdit::SetCustomRoleInput(name.into()).into(),
            FormEdit::AddCustomRole.into(),
        ]
    };
    let state = apply(
        state,
        add("GROUP_A")
            .into_iter()
            .chain(add("GROUP_A"))
            .chain(add("GROUP_B")),
    );
    assert_eq!(state.draft.custom_roles, ["GROUP_A", "GROUP_B"]);
    assert!(state.custom_role_input.is_empty());
    let state = apply(state, [FormEdit::RemoveCustomRole("GROUP_A".into()).into()]);
    assert_eq!(state.draft.custom_roles, ["GROUP_B"]);
}

#[test]
fn saving_a_profile_under_a_saved_name_replaces_only_that_one() {
    let state = apply(
        ready(),
        [
            ProfilesEvent::Save("prod".into()).into(),
            ProfilesEvent::Save("stage".into()).into(),
            SettingsEdit::SetProxy("https://cors.example.com/".into()).into(),
            ProfilesEvent::Save("prod".into()).into(),
        ],
    );
    let names: Vec<&str> = state.profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["stage", "prod"]);
    assert_eq!(state.profiles[1].proxy, "https://cors.example.com/");
    assert_eq!(state.profiles[0].proxy, "/atlas{path}");
}

#[test]
fn a_link_without_roles_keeps_the_roles_ticked() {
    let state = apply(
        ready(),
        [SessionEvent::ApplyDeepLink(parse_query("desc=from%20a%20link")).into()],
    );
    assert_eq!(state.draft.roles, ["GROUP_READ_ONLY"]);
    let state = apply(
        state,
        [SessionEvent::ApplyDeepLink(parse_query("role=GROUP_OWNER")).into()],
    );
    assert_eq!(state.draft.roles, ["GROUP_OWNER"]);
}

#[test]
fn the_new_keys_test_lives_in_the_reveal() {
    let key_test = |e: KeyTestEvent| Action::Lifecycle(LifecycleEvent::from(e));
    assert!(ready().reduce(key_test(KeyTestEvent::Started)).is_none());
    let shown = apply(
        ready(),
        [
            FlowEvent::Send.into(),
            FlowEvent::Created {
                key: created_key(),
                project_id: crate::project(),
                created_at: "2026-12-04T10:00:00Z".into(),
            }
            .into(),
            key_test(KeyTestEvent::Started),
        ],
    );
    let Phase::Revealed(reveal) = &shown.phase else {
        panic!("not revealed");
    };
    assert!(reveal.follow_up.key_test.is_running());
    let refused = KeyTestOutcome::AddressNotAllowed { address: None };
    let done = apply(shown, [key_test(KeyTestEvent::Done(refused.clone()))]);
    let Phase::Revealed(reveal) = &done.phase else {
        panic!("not revealed");
    };
    assert_eq!(reveal.follow_up.key_test, Progress::Done(refused));
    assert!(!reveal.follow_up.key_test.is_running());
}
