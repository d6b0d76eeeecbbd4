//! "Rotate a key", in Project keys: the key picked from the project's list, the new key's
//! description, the rotation under way one press per step, and the new key's one-time reveal. A
//! plain reducer: the view runs each step's call and reports back with a [`RotationEvent`]; nothing
//! here sends anything, and nothing is sent again on its own.

use super::{Copied, Reveal};
use crate::core::access_list::AccessListPage;
use crate::core::environment::{ApiFlavor, Environment};
use crate::core::error::KeymintError;
use crate::core::expiry::ExpiryRules;
use crate::core::ids::ProjectId;
use crate::core::key_list::ListedKey;
use crate::core::rotation::{
    plan_rotation_with, NextCall, Rotation, RotationFailure, RotationStep,
};

/// "Rotate a key".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RotationUi {
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
    /// The new key, shown once, until the user is done with it: its private key lives only here.
    pub revealed: Option<Box<Reveal>>,
}

/// What a rotation is planned with: where the keys are, and the deployment's expiry policy (the
/// new key gets the default expiry, as a new form does).
#[derive(Debug, Clone, PartialEq)]
pub struct RotationContext {
    pub project_id: ProjectId,
    pub flavor: ApiFlavor,
    pub rules: ExpiryRules,
}

/// What happens in a rotation.
#[derive(Debug, Clone)]
pub enum RotationEvent {
    /// "Rotate key {publicKey}": this key, with the new key's default description.
    Pick {
        key: ListedKey,
        default_desc: String,
    },
    EditDescription(String),
    /// Plan the rotation of the picked key (no call).
    Plan,
    StepStarted,
    OldEntries(AccessListPage),
    /// The new key was made: `reveal` shows it once.
    Created(Box<Reveal>),
    Copied,
    Confirmed,
    Removed,
    StepFailed(RotationStep, KeymintError),
    /// In the new key's reveal: a value was copied, the key downloaded, or the user is done with it.
    RevealCopied(Copied),
    RevealDownloaded,
    RevealDone,
    /// Put the finished (or not started) rotation away.
    Close,
}

impl RotationUi {
    /// The state after `event`, or `None` when it changes nothing.
    pub fn reduce(&self, event: RotationEvent, ctx: &RotationContext) -> Option<RotationUi> {
        let mut r = self.clone();
        match event {
            RotationEvent::Pick { key, default_desc } => {
                if r.rotation.is_some() {
                    return None;
                }
                r.picked = Some(key);
                r.new_desc = default_desc;
                r.plan_problem = None;
            }
            RotationEvent::EditDescription(desc) => {
                if r.rotation.is_some() {
                    return None;
                }
                r.new_desc = desc;
            }
            RotationEvent::Plan => {
                if r.rotation.is_some() {
                    return None;
                }
                let old = r.picked.as_ref()?;
                match plan_rotation_with(&ctx.project_id, old, &r.new_desc, ctx.flavor, &ctx.rules)
                {
                    Ok(plan) => {
                        r.rotation = Some(Rotation::new(plan));
                        r.plan_problem = None;
                    }
                    Err(e) => r.plan_problem = Some(format!("{} {}", e.message(), e.next_step())),
                }
            }
            RotationEvent::StepStarted => {
                if r.busy || r.rotation.is_none() {
                    return None;
                }
                r.busy = true;
                r.failure = None;
            }
            RotationEvent::OldEntries(page) => {
                r.busy = false;
                let rot = r.rotation.as_mut()?;
                if let Err(why) = rot.record_old_entries(&page) {
                    r.plan_problem = Some(why);
                }
            }
            RotationEvent::Created(reveal) => {
                r.busy = false;
                r.rotation.as_mut()?.record_created(&reveal.key);
                r.revealed = Some(reveal);
            }
            RotationEvent::Copied => {
                r.busy = false;
                r.rotation.as_mut()?.record_copied();
            }
            RotationEvent::Confirmed => {
                // A confirmation while a step is on its way waits for that step's answer; one before
                // the new key exists and has its access list changes nothing.
                let confirmed =
                    |rot: &Rotation| rot.steps_done().contains(&RotationStep::ConfirmReplaced);
                let busy = r.busy;
                let rot = r.rotation.as_mut()?;
                if busy || confirmed(rot) {
                    return None;
                }
                rot.confirm();
                if !confirmed(rot) {
                    return None;
                }
            }
            RotationEvent::Removed => {
                r.busy = false;
                r.rotation.as_mut()?.record_removed();
            }
            RotationEvent::StepFailed(step, error) => {
                r.busy = false;
                let rot = r.rotation.as_mut()?;
                r.failure = Some(rot.record_failure(step, &error));
            }
            RotationEvent::RevealCopied(what) => {
                let reveal = r.revealed.as_mut()?;
                if what == Copied::PrivateKey {
                    reveal.secured = true;
                }
            }
            RotationEvent::RevealDownloaded => r.revealed.as_mut()?.secured = true,
            RotationEvent::RevealDone => {
                r.revealed.take()?;
            }
            RotationEvent::Close => {
                let finished = r.rotation.as_ref().is_none_or(|rot| {
                    rot.steps_done().is_empty()
                        || rot.steps_done().contains(&RotationStep::RemoveOldKey)
                });
                if r.busy || !finished {
                    return None;
                }
                r = RotationUi::default();
            }
        }
        Some(r)
    }

    /// The step the next press runs, if any (`None` while a call is in flight or when done).
    pub fn next_step(&self, env: &Environment) -> Option<NextCall> {
        if self.busy {
            return None;
        }
        self.rotation.as_ref().map(|r| r.next(env))
    }
}
