//! The key's first hour as state: each event belongs to one view (the reveal, a rotation) and
//! changes nothing when that view is not shown; a rotation in flight can be neither re-planned nor
//! put away half done; a lost create's search is handed to Project keys.

use keymint::core::access_list::parse_access_list_answer;
use keymint::core::answer::{call_unanswered, FetchFailure, Received};
use keymint::core::environment::Environment;
use keymint::core::error::{KeymintError, RequestSummary};
use keymint::core::key_list::{parse_key_page, ListedKey};
use keymint::core::rotation::{NextCall, RotationStep};
use keymint::state::{
    Action, AppState, FlowEvent, LifecycleEvent, LostAttempt, NewKeyAccessEvent, Phase, Progress,
    RotationEvent, SettingsEdit,
};

use crate::{apply, common, configured, created_key, fill, lost_answer, project, summary, PROJECT};

fn ev(e: impl Into<LifecycleEvent>) -> Action {
    Action::Lifecycle(e.into())
}

fn listed() -> Vec<ListedKey> {
    let r = common::recorded("list_200");
    parse_key_page(Received::new(r.status, &r.body), &summary())
        .expect("the recorded list")
        .keys
}

/// A key of `PROJECT` that only this project holds.
fn key_of_this_project() -> ListedKey {
    let body = format!(
        r#"{{"results":[{{"desc":"ci deploy","id":"6a793fbd2c88faeba59bd3b1","privateKey":"********-****-****-85daa09d408a","publicKey":"oldkeyab","roles":[{{"groupId":"{PROJECT}","roleName":"GROUP_READ_ONLY"}},{{"orgId":"a0123456789abcdef012345a","roleName":"ORG_MEMBER"}}]}}]}}"#
    );
    parse_key_page(Received::new(200, &body), &summary())
        .unwrap()
        .keys
        .remove(0)
}

/// "Rotate key" pressed on the key of this project, with the default new description.
fn pick_this_projects_key() -> Action {
    ev(RotationEvent::Pick {
        key: key_of_this_project(),
        default_desc: "ci deploy (rotated)".into(),
    })
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

#[test]
fn a_planned_rotation_is_not_replanned_or_repicked() {
    let state = apply(configured("{}"), fill());
    let state = apply(state, [pick_this_projects_key(), ev(RotationEvent::Plan)]);
    let plan = state.rotation.rotation.as_ref().expect("planned").plan();
    // The new key gets the deployment's default expiry, as a new form does.
    assert_eq!(
        plan.new_key.desc(),
        "ci deploy (rotated) [expires 2027-03-04]"
    );
    assert_eq!(plan.project_id, project());

    for e in [
        RotationEvent::Pick {
            key: listed().remove(0),
            default_desc: "other".into(),
        },
        RotationEvent::EditDescription("other".into()),
        RotationEvent::Plan,
    ] {
        assert!(state.reduce(ev(e)).is_none());
    }
}

#[test]
fn a_key_without_roles_on_the_project_cannot_be_planned_and_says_why() {
    let foreign = listed()
        .into_iter()
        .find(|k| k.project_roles(&project()).is_empty())
        .expect("a recorded key of another project");
    let state = apply(
        apply(configured("{}"), fill()),
        [
            ev(RotationEvent::Pick {
                key: foreign,
                default_desc: "x".into(),
            }),
            ev(RotationEvent::Plan),
        ],
    );
    assert!(state.rotation.rotation.is_none());
    assert!(state.rotation.plan_problem.is_some());
}

#[test]
fn a_rotation_is_planned_only_in_a_project_id_that_could_be_sent() {
    let state = apply(
        apply(configured("{}"), fill()),
        [
            SettingsEdit::SetProjectId(PROJECT.to_uppercase()).into(),
            pick_this_projects_key(),
            ev(RotationEvent::Plan),
        ],
    );
    assert!(state.rotation.rotation.is_none());
    assert_eq!(
        state.rotation.plan_problem.as_deref(),
        Some(
            format!(
                "Project ID has upper-case letters; the Atlas API only accepts lower-case hex. \
                 Use the lower-case form: {PROJECT}."
            )
            .as_str()
        ),
        "the form's own words, and nothing planned"
    );
}

#[test]
fn the_rotations_create_is_sent_once_and_the_rotation_cannot_be_closed_half_done() {
    let state = apply(
        apply(configured("{}"), fill()),
        [
            pick_this_projects_key(),
            ev(RotationEvent::Plan),
            ev(RotationEvent::StepStarted),
            ev(RotationEvent::OldEntries(
                parse_access_list_answer(
                    Received::new(200, r#"{"results":[],"totalCount":0}"#),
                    &summary(),
                )
                .unwrap(),
            )),
        ],
    );
    assert!(!state.rotation.busy);
    // The next step is the create, pressed once.
    assert!(matches!(
        state.rotation.next_step(&Environment::Atlas),
        Some(NextCall::Send(RotationStep::CreateNewKey, _))
    ));
    // A step of the rotation still in flight: no create now.
    let busy = apply(state.clone(), [ev(RotationEvent::StepStarted)]);
    assert_eq!(busy.rotation.next_step(&Environment::Atlas), None);
    assert!(busy.reduce(FlowEvent::SendRotation.into()).is_none());

    let sending = apply(state, [FlowEvent::SendRotation.into()]);
    assert_eq!(sending.phase, Phase::Sending);
    assert!(sending.rotation.busy);
    // Its answer may be lost like any create's: the search then looks for the new key's description.
    assert_eq!(
        sending.lost_attempt,
        Some(LostAttempt {
            project_id: project(),
            desc: "ci deploy (rotated) [expires 2027-03-04]".into(),
        })
    );
    assert!(sending.reduce(FlowEvent::SendRotation.into()).is_none());
    assert!(sending.reduce(FlowEvent::Send.into()).is_none());

    let made = apply(sending, [ev(RotationEvent::Created(created_key()))]);
    let rot = made.rotation.rotation.as_ref().unwrap();
    assert!(rot.steps_done().contains(&RotationStep::CreateNewKey));
    assert!(
        made.reduce(ev(RotationEvent::Close)).is_none(),
        "the old key is still there: closing would lose the way to remove it"
    );
}

#[test]
fn a_rotation_not_started_can_be_put_away() {
    let state = apply(
        apply(configured("{}"), fill()),
        [
            pick_this_projects_key(),
            ev(RotationEvent::Plan),
            ev(RotationEvent::Close),
        ],
    );
    assert!(state.rotation.rotation.is_none());
    assert!(state.rotation.picked.is_none());
}

#[test]
fn the_old_key_is_removed_only_after_the_new_one_exists_and_is_confirmed_between_steps() {
    let planned = apply(
        apply(configured("{}"), fill()),
        [
            pick_this_projects_key(),
            ev(RotationEvent::Plan),
            ev(RotationEvent::StepStarted),
            ev(RotationEvent::OldEntries(
                parse_access_list_answer(
                    Received::new(200, r#"{"results":[],"totalCount":0}"#),
                    &summary(),
                )
                .unwrap(),
            )),
        ],
    );
    // Before the new key exists, "I have replaced it everywhere" changes nothing.
    assert!(planned.reduce(ev(RotationEvent::Confirmed)).is_none());

    let made = apply(
        planned,
        [
            FlowEvent::SendRotation.into(),
            ev(RotationEvent::Created(created_key())),
        ],
    );
    assert!(!made.rotation.busy);
    // A step on its way: the confirmation waits for its answer.
    let busy = apply(made.clone(), [ev(RotationEvent::StepStarted)]);
    assert!(busy.reduce(ev(RotationEvent::Confirmed)).is_none());

    let confirmed = made
        .reduce(ev(RotationEvent::Confirmed))
        .expect("the new key exists and the old one had no access list to copy");
    assert!(matches!(
        confirmed.rotation.next_step(&Environment::Atlas),
        Some(NextCall::Send(RotationStep::RemoveOldKey, _))
    ));
    // Confirmed once; pressing again is not a new event.
    assert!(confirmed.reduce(ev(RotationEvent::Confirmed)).is_none());
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
