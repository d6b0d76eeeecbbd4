//! "Rotate a key" as state, inside Project keys: a rotation is planned once, for a key of the
//! project, with the deployment's default expiry; each step is pressed once and waits for the one
//! on its way; the old key goes only after the new one exists and the user confirms; the new key is
//! shown once and dropped when the user is done with it; a rotation cannot be put away half done.

use keymint::core::access_list::parse_access_list_answer;
use keymint::core::answer::Received;
use keymint::core::environment::{ApiFlavor, Environment};
use keymint::core::ids::ProjectId;
use keymint::core::key_list::{parse_key_page, ListedKey};
use keymint::core::rotation::{NextCall, RotationStep};
use keymint::state::project_keys::{ProjectKeys, ProjectKeysEvent};
use keymint::state::rotation::RotationEvent;
use keymint::state::{Copied, Reveal};

use crate::{common, created_key, project, summary, today, PROJECT};

fn view(max_key_days: Option<u32>) -> ProjectKeys {
    ProjectKeys::new(ProjectId::parse(PROJECT).unwrap(), today())
        .with_policy(ApiFlavor::AtlasV2, max_key_days)
}

fn apply(mut view: ProjectKeys, events: impl IntoIterator<Item = RotationEvent>) -> ProjectKeys {
    for e in events {
        if let Some(next) = view.reduce(ProjectKeysEvent::Rotation(e)) {
            view = next;
        }
    }
    view
}

fn refused(view: &ProjectKeys, e: RotationEvent) -> bool {
    view.reduce(ProjectKeysEvent::Rotation(e)).is_none()
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
fn pick() -> RotationEvent {
    RotationEvent::Pick {
        key: key_of_this_project(),
        default_desc: "ci deploy (rotated)".into(),
    }
}

fn no_entries() -> RotationEvent {
    RotationEvent::OldEntries(
        parse_access_list_answer(
            Received::new(200, r#"{"results":[],"totalCount":0}"#),
            &summary(),
        )
        .unwrap(),
    )
}

fn new_key() -> RotationEvent {
    RotationEvent::Created(Box::new(Reveal::new(
        created_key(),
        project(),
        "2026-12-04T10:00:00Z".into(),
        Environment::Atlas,
        Some("abcdefgh".into()),
    )))
}

/// Planned, the old key's (empty) access list read: the create is next.
fn ready_to_create() -> ProjectKeys {
    apply(
        view(None),
        [
            pick(),
            RotationEvent::Plan,
            RotationEvent::StepStarted,
            no_entries(),
        ],
    )
}

#[test]
fn a_planned_rotation_gets_the_default_expiry_and_is_not_replanned_or_repicked() {
    let state = apply(view(None), [pick(), RotationEvent::Plan]);
    let plan = state.rotation.rotation.as_ref().expect("planned").plan();
    // The new key gets the deployment's default expiry, as a new form does.
    assert_eq!(
        plan.new_key.desc(),
        "ci deploy (rotated) [expires 2027-03-04]"
    );
    assert_eq!(plan.project_id, project());
    // Under a shorter policy, the cap.
    let capped = apply(view(Some(30)), [pick(), RotationEvent::Plan]);
    let capped = capped.rotation.rotation.as_ref().unwrap().plan();
    assert_eq!(
        capped.new_key.desc(),
        "ci deploy (rotated) [expires 2027-01-03]"
    );

    let other = common::recorded("list_200");
    let other = parse_key_page(Received::new(other.status, &other.body), &summary())
        .unwrap()
        .keys
        .remove(0);
    for e in [
        RotationEvent::Pick {
            key: other,
            default_desc: "other".into(),
        },
        RotationEvent::EditDescription("other".into()),
        RotationEvent::Plan,
    ] {
        assert!(refused(&state, e));
    }
}

#[test]
fn a_key_without_roles_on_the_project_cannot_be_planned_and_says_why() {
    let r = common::recorded("list_200");
    let foreign = parse_key_page(Received::new(r.status, &r.body), &summary())
        .unwrap()
        .keys
        .into_iter()
        .find(|k| k.project_roles(&project()).is_empty())
        .expect("a recorded key of another project");
    let state = apply(
        view(None),
        [
            RotationEvent::Pick {
                key: foreign,
                default_desc: "x".into(),
            },
            RotationEvent::Plan,
        ],
    );
    assert!(state.rotation.rotation.is_none());
    assert!(state.rotation.plan_problem.is_some());
}

#[test]
fn the_rotations_create_is_pressed_once_and_the_rotation_cannot_be_closed_half_done() {
    let state = ready_to_create();
    assert!(!state.rotation.busy);
    assert!(matches!(
        state.rotation.next_step(&Environment::Atlas),
        Some(NextCall::Send(RotationStep::CreateNewKey, _))
    ));
    // The create on its way: nothing else is sent, and a second press is refused.
    let sending = apply(state, [RotationEvent::StepStarted]);
    assert!(sending.rotation.busy);
    assert_eq!(sending.rotation.next_step(&Environment::Atlas), None);
    assert!(refused(&sending, RotationEvent::StepStarted));

    let made = apply(sending, [new_key()]);
    let rot = made.rotation.rotation.as_ref().unwrap();
    assert!(rot.steps_done().contains(&RotationStep::CreateNewKey));
    assert!(
        refused(&made, RotationEvent::Close),
        "the old key is still there: closing would lose the way to remove it"
    );
}

#[test]
fn the_new_key_is_shown_once_and_dropped_when_the_user_is_done() {
    let made = apply(ready_to_create(), [RotationEvent::StepStarted, new_key()]);
    let reveal = made.rotation.revealed.as_ref().expect("shown");
    assert_eq!(reveal.key, created_key());
    assert!(!reveal.secured);
    // Copying the public key does not secure the private one; copying it or downloading does.
    let public = apply(
        made.clone(),
        [RotationEvent::RevealCopied(Copied::PublicKey)],
    );
    assert!(!public.rotation.revealed.as_ref().unwrap().secured);
    let private = apply(
        made.clone(),
        [RotationEvent::RevealCopied(Copied::PrivateKey)],
    );
    assert!(private.rotation.revealed.as_ref().unwrap().secured);
    let downloaded = apply(made.clone(), [RotationEvent::RevealDownloaded]);
    assert!(downloaded.rotation.revealed.as_ref().unwrap().secured);

    let done = apply(made, [RotationEvent::RevealDone]);
    assert!(
        done.rotation.revealed.is_none(),
        "the private key went with it"
    );
    assert!(
        done.rotation.rotation.is_some(),
        "the rotation goes on without it"
    );
    assert!(refused(&done, RotationEvent::RevealDone));
    assert!(refused(&done, RotationEvent::RevealDownloaded));
}

#[test]
fn a_rotation_not_started_can_be_put_away() {
    let state = apply(
        view(None),
        [pick(), RotationEvent::Plan, RotationEvent::Close],
    );
    assert!(state.rotation.rotation.is_none());
    assert!(state.rotation.picked.is_none());
}

#[test]
fn the_old_key_is_removed_only_after_the_new_one_exists_and_is_confirmed_between_steps() {
    let planned = ready_to_create();
    // Before the new key exists, "I have replaced it everywhere" changes nothing.
    assert!(refused(&planned, RotationEvent::Confirmed));

    let made = apply(planned, [RotationEvent::StepStarted, new_key()]);
    assert!(!made.rotation.busy);
    // A step on its way: the confirmation waits for its answer.
    let busy = apply(made.clone(), [RotationEvent::StepStarted]);
    assert!(refused(&busy, RotationEvent::Confirmed));

    let confirmed = made
        .reduce(ProjectKeysEvent::Rotation(RotationEvent::Confirmed))
        .expect("the new key exists and the old one had no access list to copy");
    assert!(matches!(
        confirmed.rotation.next_step(&Environment::Atlas),
        Some(NextCall::Send(RotationStep::RemoveOldKey, _))
    ));
    // Confirmed once; pressing again is not a new event.
    assert!(refused(&confirmed, RotationEvent::Confirmed));
}

#[test]
fn a_rotations_lost_create_is_looked_for_by_its_description() {
    let state = ready_to_create();
    let lost = apply(
        state,
        [
            RotationEvent::StepStarted,
            RotationEvent::StepFailed(RotationStep::CreateNewKey, crate::lost_answer()),
        ],
    );
    assert_eq!(
        lost.rotation.next_step(&Environment::Atlas),
        Some(NextCall::LookForLostKey),
        "nothing more is sent"
    );
    let desc = lost
        .rotation
        .rotation
        .as_ref()
        .unwrap()
        .plan()
        .new_key
        .desc()
        .to_string();
    let looking = lost
        .reduce(ProjectKeysEvent::LookFor(desc.clone()))
        .unwrap();
    assert_eq!(looking.lost_desc.as_deref(), Some(desc.as_str()));
    assert!(looking.reduce(ProjectKeysEvent::LookFor(desc)).is_none());
}
