//! The flow `Editing -> Sending -> Revealed | Failed | OutcomeUnknown`, and the guards that make one
//! press send one create: nothing is sent twice, nothing edits the form while a create is in flight
//! or a key is shown, and a lost answer is never treated as a refusal.

use keymint::core::credentials::AuthKind;
use keymint::core::deeplink::parse_query;
use keymint::state::{
    Action, Copied, FlowEvent, FormEdit, LostAttempt, Phase, SessionEvent, SettingsEdit,
};

use crate::{apply, created_key, lost_answer, project, ready, refused, PROJECT};

fn created() -> Action {
    FlowEvent::Created {
        key: created_key(),
        project_id: project(),
        created_at: "2026-12-04T10:00:00Z".into(),
    }
    .into()
}

#[test]
fn create_is_refused_while_something_blocks_it() {
    let state = crate::configured("{}");
    assert!(!state.can_send());
    assert!(state.reduce(FlowEvent::Send.into()).is_none());
}

#[test]
fn one_press_sends_one_create() {
    let sending = apply(ready(), [FlowEvent::Send.into()]);
    assert_eq!(sending.phase, Phase::Sending);
    assert!(!sending.can_send());
    assert!(
        sending.reduce(FlowEvent::Send.into()).is_none(),
        "a second press while sending does nothing"
    );
    // The attempt is remembered as sent (trimmed, with its expiry stamp): the search a lost answer
    // needs matches Atlas's description.
    assert_eq!(
        sending.lost_attempt,
        Some(LostAttempt {
            project_id: project(),
            desc: "ci deploy [expires 2027-03-04]".to_string()
        })
    );
}

#[test]
fn the_form_is_locked_while_sending_and_while_a_key_is_shown() {
    let sending = apply(ready(), [FlowEvent::Send.into()]);
    let revealed = apply(sending.clone(), [created()]);
    let unknown = apply(
        sending.clone(),
        [FlowEvent::SendFailed(lost_answer()).into()],
    );
    for state in [sending, revealed, unknown] {
        assert!(state.form_locked());
        for edit in [
            Action::from(FormEdit::SetDescription("changed".into())),
            FormEdit::ToggleRole("GROUP_OWNER".into()).into(),
            SettingsEdit::SetProjectId("6f1a2b3c4d5e6f7a8b9c0d1e".into()).into(),
            SettingsEdit::SetProxy("https://elsewhere.example/{path}".into()).into(),
            FormEdit::SetPrivateKey("other".into()).into(),
            SessionEvent::ApplyDeepLink(parse_query("desc=from%20a%20link")).into(),
        ] {
            assert!(state.reduce(edit).is_none(), "phase {:?}", state.phase);
        }
    }
}

#[test]
fn the_key_is_revealed_only_for_a_create_in_flight() {
    assert!(ready().reduce(created()).is_none(), "no create was sent");
    let state = apply(ready(), [FlowEvent::Send.into(), created()]);
    let Phase::Revealed(reveal) = &state.phase else {
        panic!("not revealed: {:?}", state.phase);
    };
    assert_eq!(reveal.key, created_key());
    assert_eq!(reveal.project_id, project());
    assert!(!reveal.secured);
    assert_eq!(reveal.caller_public_key.as_deref(), Some("abcdefgh"));
    // A late duplicate answer does not replace the key shown.
    assert!(state.reduce(created()).is_none());
}

#[test]
fn a_service_account_create_names_no_caller_key() {
    let state = apply(
        ready(),
        [
            SettingsEdit::SetAuthKind(AuthKind::ServiceAccount).into(),
            SettingsEdit::SetClientId("mdb_sa_id_d0123456789abcdef012345d".into()).into(),
            FormEdit::SetClientSecret("mdb_sa_sk_x".into()).into(),
            FlowEvent::Send.into(),
            created(),
        ],
    );
    let Phase::Revealed(reveal) = &state.phase else {
        panic!("not revealed");
    };
    assert_eq!(reveal.caller_public_key, None);
}

#[test]
fn leaving_the_reveal_is_guarded_until_the_private_key_is_copied_or_downloaded() {
    let shown = apply(ready(), [FlowEvent::Send.into(), created()]);
    let secured = |s: &keymint::state::AppState| match &s.phase {
        Phase::Revealed(r) => r.secured,
        other => panic!("not revealed: {other:?}"),
    };
    assert!(!secured(&apply(
        shown.clone(),
        [FlowEvent::Copied(Copied::PublicKey).into()]
    )));
    assert!(secured(&apply(
        shown.clone(),
        [FlowEvent::Copied(Copied::PrivateKey).into()]
    )));
    assert!(secured(&apply(shown, [FlowEvent::Downloaded.into()])));
    assert!(ready().reduce(FlowEvent::Downloaded.into()).is_none());
}

#[test]
fn a_lost_answer_is_an_unknown_outcome_that_cannot_be_sent_again() {
    let state = apply(
        ready(),
        [
            FlowEvent::Send.into(),
            FlowEvent::SendFailed(lost_answer()).into(),
        ],
    );
    assert!(matches!(state.phase, Phase::OutcomeUnknown(_)));
    assert!(!state.can_send());
    assert!(state.reduce(FlowEvent::Send.into()).is_none());
}

#[test]
fn a_refusal_may_be_corrected_and_sent_again() {
    let state = apply(
        ready(),
        [
            FlowEvent::Send.into(),
            FlowEvent::SendFailed(refused()).into(),
        ],
    );
    assert!(matches!(state.phase, Phase::Failed(_)));
    assert!(!state.form_locked());
    assert!(state.can_send());
    let again = apply(state, [FlowEvent::Send.into()]);
    assert_eq!(again.phase, Phase::Sending);
}

#[test]
fn a_failure_arriving_after_the_reveal_changes_nothing() {
    let shown = apply(ready(), [FlowEvent::Send.into(), created()]);
    assert!(shown
        .reduce(FlowEvent::SendFailed(lost_answer()).into())
        .is_none());
}

#[test]
fn back_to_the_form_drops_the_key_and_a_fresh_form_clears_the_request() {
    let sending = apply(ready(), [FlowEvent::Send.into()]);
    assert!(sending
        .reduce(FlowEvent::BackToForm { fresh_form: true }.into())
        .is_none());

    let shown = apply(sending, [created()]);
    let same = apply(
        shown.clone(),
        [FlowEvent::BackToForm { fresh_form: false }.into()],
    );
    assert_eq!(same.phase, Phase::Editing);
    assert_eq!(same.draft.desc, "ci deploy ");
    assert_eq!(same.draft.roles, ["GROUP_READ_ONLY"]);

    let fresh = apply(shown, [FlowEvent::BackToForm { fresh_form: true }.into()]);
    assert_eq!(fresh.phase, Phase::Editing);
    assert!(fresh.draft.desc.is_empty() && fresh.draft.roles.is_empty());
    assert_eq!(fresh.draft.project_id, PROJECT, "the project stays");
    assert!(
        fresh.visible_errors().is_empty(),
        "a fresh form shows no errors yet"
    );
    assert!(!fresh.can_send());
}

#[test]
fn errors_show_only_for_fields_the_user_touched() {
    let state = crate::configured("{}");
    assert!(state.visible_errors().is_empty());
    let state = apply(state, [FormEdit::SetDescription(String::new()).into()]);
    let shown = state.visible_errors();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].field, keymint::core::request::Field::Description);
}

#[test]
fn an_uppercase_project_id_is_offered_in_lowercase() {
    let upper = PROJECT.to_uppercase();
    let state = apply(ready(), [SettingsEdit::SetProjectId(upper).into()]);
    assert!(!state.can_send());
    let state = apply(state, [FormEdit::UseLowercaseProjectId.into()]);
    assert_eq!(state.draft.project_id, PROJECT);
    assert!(state.can_send());
    assert!(state
        .reduce(FormEdit::UseLowercaseProjectId.into())
        .is_none());
}
