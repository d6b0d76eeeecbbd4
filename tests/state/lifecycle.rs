//! The key's first hour as state: the reveal's events change nothing when no key is shown; a lost
//! change waits until Atlas is read; a lost create's search is handed to Project keys.

use keymint::core::access_list::parse_access_list_answer;
use keymint::core::answer::{call_unanswered, FetchFailure, Received};
use keymint::core::error::{KeymintError, RequestSummary};
use keymint::state::{
    Action, AppState, FlowEvent, LifecycleEvent, NewKeyAccessEvent, Phase, Progress,
};

use crate::{apply, common, configured, created_key, fill, lost_answer, project, summary, PROJECT};

fn ev(e: impl Into<LifecycleEvent>) -> Action {
    Action::Lifecycle(e.into())
}

fn revealed(config_json: &str) -> AppState {
    let state = apply(configured(config_json), fill());
    apply(
        state,
        [
            FlowEvent::Send.into(),
            FlowEvent::Created {
                key: created_key(),
                project_id: project(),
                created_at: "2026-12-04T10:00:00Z".into(),
            }
            .into(),
        ],
    )
}

fn unknown() -> AppState {
    apply(
        apply(configured("{}"), fill()),
        [
            FlowEvent::Send.into(),
            FlowEvent::SendFailed(lost_answer()).into(),
        ],
    )
}

#[test]
fn the_new_keys_access_list_is_prefilled_from_config_json_and_lives_in_the_reveal() {
    let state = revealed(r#"{"defaultAccessList": ["203.0.113.7", "198.51.100.0/24"]}"#);
    let Phase::Revealed(reveal) = &state.phase else {
        panic!("not revealed");
    };
    assert_eq!(
        reveal.follow_up.entries_text,
        "203.0.113.7\n198.51.100.0/24"
    );

    let held = parse_access_list_answer(
        Received::new(200, &common::recorded("accesslist_200").body),
        &summary(),
    )
    .expect("the recorded access list")
    .results;
    let state = apply(
        state,
        [
            ev(NewKeyAccessEvent::Started),
            ev(NewKeyAccessEvent::Held(held.clone())),
        ],
    );
    let Phase::Revealed(reveal) = &state.phase else {
        panic!("not revealed");
    };
    assert_eq!(reveal.follow_up.access_list, Progress::Done(held));

    // Back to the form: the follow-up went with the key; a late answer changes nothing.
    let back = apply(state, [FlowEvent::BackToForm { fresh_form: false }.into()]);
    assert!(back
        .reduce(ev(NewKeyAccessEvent::Held(Vec::new())))
        .is_none());
    assert!(back
        .reduce(ev(NewKeyAccessEvent::Edit("x".into())))
        .is_none());
}

#[test]
fn look_for_the_key_hands_project_keys_the_lost_creates_project_and_description() {
    // While the outcome is unknown, the view is opened on what the create sent.
    let lost = unknown();
    let settings = lost.view_settings();
    assert_eq!(
        settings.lost_desc.as_deref(),
        Some("ci deploy [expires 2027-03-04]")
    );
    assert_eq!(settings.project_id, PROJECT);
    // The project typed later does not move the search: it is where the create went.
    let mut moved = lost.clone();
    moved.draft.project_id = "b0123456789abcdef012345c".into();
    assert_eq!(moved.view_settings().project_id, PROJECT);
    // Anywhere else, Project keys shows every key of the project typed.
    let back = apply(lost, [FlowEvent::BackToForm { fresh_form: false }.into()]);
    assert_eq!(back.view_settings().lost_desc, None);
    assert_eq!(revealed("{}").view_settings().lost_desc, None);
    assert_eq!(
        apply(configured("{}"), fill()).view_settings().lost_desc,
        None
    );
}

/// A change after the create whose answer was lost (an access-list POST, a DELETE).
fn lost_change(method: &str) -> KeymintError {
    let summary = RequestSummary {
        method: method.into(),
        ..summary()
    };
    call_unanswered(FetchFailure::TimedOut { seconds: 30 }, &summary)
}

#[test]
fn after_a_lost_access_list_answer_add_waits_until_atlas_is_read() {
    let state = revealed("{}");
    let follow_up = |state: &AppState| match &state.phase {
        Phase::Revealed(reveal) => reveal.follow_up.clone(),
        other => panic!("not revealed: {other:?}"),
    };
    assert!(follow_up(&state).may_add_entries());
    let adding = apply(state, [ev(NewKeyAccessEvent::Started)]);
    assert!(!follow_up(&adding).may_add_entries(), "one add at a time");

    let lost = apply(
        adding.clone(),
        [ev(NewKeyAccessEvent::Failed(lost_change("POST")))],
    );
    assert!(
        !follow_up(&lost).may_add_entries(),
        "the entries may be there: Atlas is read first"
    );
    // The read ("Check Atlas") shows what Atlas holds, and adding is open again.
    let read = apply(
        lost,
        [
            ev(NewKeyAccessEvent::Started),
            ev(NewKeyAccessEvent::Held(Vec::new())),
        ],
    );
    assert!(follow_up(&read).may_add_entries());
    // A refusal proves nothing was added: add may be pressed again at once.
    let refused = apply(adding, [ev(NewKeyAccessEvent::Failed(crate::refused()))]);
    assert!(follow_up(&refused).may_add_entries());
}
