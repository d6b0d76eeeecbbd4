//! The key's first hour, as state: the new key's access list and its test (inside the reveal, so
//! they go with it), the search for a key a lost answer may have made, and a rotation. Each press
//! the user makes starts one call ([`LifecyclePress`]); the app runs it and reports back with a
//! [`LifecycleEvent`]. Nothing here sends anything, and nothing is sent again on its own.

use super::action::{KeyTestEvent, LifecycleEvent, NewKeyAccessEvent, RotationEvent};
use super::{AppState, Phase};
use crate::core::access_list::HeldEntry;
use crate::core::calls::KeyTestOutcome;
use crate::core::error::KeymintError;
use crate::core::ids::ProjectId;
use crate::core::key_list::ListedKey;
use crate::core::rotation::{
    plan_rotation_with, NextCall, Rotation, RotationFailure, RotationStep,
};

/// A call's progress.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Progress<T> {
    #[default]
    Idle,
    Running,
    Done(T),
    Failed(KeymintError),
}

impl<T> Progress<T> {
    pub fn is_running(&self) -> bool {
        matches!(self, Progress::Running)
    }
}

/// What follows a create in the reveal: the access list and the test of the new key.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FollowUp {
    /// The "Access list entries" field as typed (prefilled from config.json).
    pub entries_text: String,
    /// The last "Add to access list": the entries Atlas then held.
    pub access_list: Progress<Vec<HeldEntry>>,
    /// The last "Test the new key".
    pub key_test: Progress<KeyTestOutcome>,
}

/// A create whose answer may be lost: where it went and what it was called, as sent (trimmed).
/// "Look for the key in Atlas" opens Project keys on that project, showing the keys so described.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostAttempt {
    /// The project the create was sent to.
    pub project_id: ProjectId,
    pub desc: String,
}

/// "Rotate a key".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RotationUi {
    /// The project's keys, to pick the one to rotate.
    pub keys: Progress<Vec<ListedKey>>,
    /// The key picked and the new key's description (editable until the rotation starts).
    pub picked: Option<ListedKey>,
    pub new_desc: String,
    /// Why the picked key cannot be rotated, if it cannot.
    pub plan_problem: Option<String>,
    pub rotation: Option<Rotation>,
    /// A call of the rotation is in flight.
    pub busy: bool,
    /// The last failed step and what it left behind.
    pub failure: Option<RotationFailure>,
}

/// A press that starts one call (or the confirmation that starts the old key's removal).
#[derive(Clone, PartialEq)]
pub enum LifecyclePress {
    /// "Add to access list" (or the offer to add the address Atlas refused): these entries' text.
    AddToAccessList(String),
    TestNewKey,
    /// "Check Atlas" after the answer to "Add to access list" was lost: reads the key's list.
    CheckAccessList,
    ListKeysToRotate,
    /// The rotation's next step: start (read the old access list), create, copy, remove.
    RotationNext,
    /// "I have replaced it everywhere": confirms, then removes the old key.
    ConfirmReplaced,
}

pub(super) fn lifecycle(next: &mut AppState, event: LifecycleEvent) -> bool {
    match event {
        LifecycleEvent::NewKeyAccess(e) => new_key_access(next, e),
        LifecycleEvent::KeyTest(e) => key_test(next, e),
        LifecycleEvent::Rotation(e) => rotation(next, e),
    }
}

impl FollowUp {
    /// Whether "Add to access list" may be pressed: not while an add is on its way, and not after
    /// one whose answer was lost until Atlas has been read ("Check Atlas").
    pub fn may_add_entries(&self) -> bool {
        match &self.access_list {
            Progress::Running => false,
            Progress::Failed(e) => !e.change_unknown(),
            Progress::Idle | Progress::Done(_) => true,
        }
    }
}

fn follow_up(next: &mut AppState) -> Option<&mut FollowUp> {
    match &mut next.phase {
        Phase::Revealed(reveal) => Some(&mut reveal.follow_up),
        _ => None,
    }
}

fn new_key_access(next: &mut AppState, event: NewKeyAccessEvent) -> bool {
    let Some(f) = follow_up(next) else {
        return false;
    };
    match event {
        NewKeyAccessEvent::Edit(text) => f.entries_text = text,
        NewKeyAccessEvent::Started => f.access_list = Progress::Running,
        NewKeyAccessEvent::Held(entries) => f.access_list = Progress::Done(entries),
        NewKeyAccessEvent::Failed(e) => f.access_list = Progress::Failed(e),
    }
    true
}

fn key_test(next: &mut AppState, event: KeyTestEvent) -> bool {
    let Some(f) = follow_up(next) else {
        return false;
    };
    f.key_test = match event {
        KeyTestEvent::Started => Progress::Running,
        KeyTestEvent::Done(outcome) => Progress::Done(outcome),
    };
    true
}

fn rotation(next: &mut AppState, event: RotationEvent) -> bool {
    let flavor = next.environment.flavor();
    // The new key of a rotation gets the deployment's default expiry, as a new form does.
    let rules = next.expiry_rules;
    // The project typed now, checked as the form checks it: a rotation is planned only in a
    // project whose ID could be sent, and a malformed one is refused in the form's words.
    let project_id = ProjectId::parse(&next.draft.project_id);
    let r = &mut next.rotation;
    match event {
        RotationEvent::ListStarted => r.keys = Progress::Running,
        RotationEvent::Listed(Ok(keys)) => r.keys = Progress::Done(keys),
        RotationEvent::Listed(Err(e)) => r.keys = Progress::Failed(e),
        RotationEvent::Pick { key, default_desc } => {
            if r.rotation.is_some() {
                return false;
            }
            r.picked = Some(key);
            r.new_desc = default_desc;
            r.plan_problem = None;
        }
        RotationEvent::EditDescription(desc) => {
            if r.rotation.is_some() {
                return false;
            }
            r.new_desc = desc;
        }
        RotationEvent::Plan => {
            if r.rotation.is_some() {
                return false;
            }
            let Some(old) = &r.picked else {
                return false;
            };
            let planned = project_id.map_err(|e| format!("{} {}", e.message(), e.fix()));
            match planned.and_then(|project_id| {
                plan_rotation_with(&project_id, old, &r.new_desc, flavor, &rules)
                    .map_err(|e| format!("{} {}", e.message(), e.next_step()))
            }) {
                Ok(plan) => {
                    r.rotation = Some(Rotation::new(plan));
                    r.plan_problem = None;
                }
                Err(problem) => r.plan_problem = Some(problem),
            }
        }
        RotationEvent::StepStarted => {
            r.busy = true;
            r.failure = None;
        }
        RotationEvent::OldEntries(page) => {
            r.busy = false;
            let Some(rot) = &mut r.rotation else {
                return false;
            };
            if let Err(why) = rot.record_old_entries(&page) {
                r.plan_problem = Some(why);
            }
        }
        RotationEvent::Created(key) => {
            r.busy = false;
            if let Some(rot) = &mut r.rotation {
                rot.record_created(&key);
            }
        }
        RotationEvent::Copied => {
            r.busy = false;
            if let Some(rot) = &mut r.rotation {
                rot.record_copied();
            }
        }
        RotationEvent::Confirmed => {
            // A confirmation while a step is on its way waits for that step's answer; one before
            // the new key exists and has its access list changes nothing.
            let Some(rot) = r.rotation.as_mut() else {
                return false;
            };
            let confirmed =
                |rot: &Rotation| rot.steps_done().contains(&RotationStep::ConfirmReplaced);
            if r.busy || confirmed(rot) {
                return false;
            }
            rot.confirm();
            return confirmed(rot);
        }
        RotationEvent::Removed => {
            r.busy = false;
            if let Some(rot) = &mut r.rotation {
                rot.record_removed();
            }
        }
        RotationEvent::StepFailed(step, error) => {
            r.busy = false;
            if let Some(rot) = &mut r.rotation {
                r.failure = Some(rot.record_failure(step, &error));
            }
        }
        RotationEvent::Close => {
            let finished = r.rotation.as_ref().is_none_or(|rot| {
                rot.steps_done().is_empty()
                    || rot.steps_done().contains(&RotationStep::RemoveOldKey)
            });
            if r.busy || !finished {
                return false;
            }
            *r = RotationUi::default();
        }
    }
    true
}

impl RotationUi {
    /// The step the next press runs, if any (`None` while a call is in flight or when done).
    pub fn next_step(&self, env: &crate::core::environment::Environment) -> Option<NextCall> {
        if self.busy {
            return None;
        }
        self.rotation.as_ref().map(|r| r.next(env))
    }
}
