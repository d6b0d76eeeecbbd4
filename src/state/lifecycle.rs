//! The key's first hour, as state: the new key's access list and its test (inside the reveal, so
//! they go with it), and the create a lost answer may have made (Project keys looks for it). Each press
//! the user makes starts one call ([`LifecyclePress`]); the app runs it and reports back with a
//! [`LifecycleEvent`]. Nothing here sends anything, and nothing is sent again on its own.

use super::action::{KeyTestEvent, LifecycleEvent, NewKeyAccessEvent};
use super::{AppState, Phase};
use crate::core::access_list::HeldEntry;
use crate::core::calls::KeyTestOutcome;
use crate::core::error::KeymintError;
use crate::core::ids::ProjectId;

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

/// A press that starts one call (or the confirmation that starts the old key's removal).
#[derive(Clone, PartialEq)]
pub enum LifecyclePress {
    /// "Add to access list" (or the offer to add the address Atlas refused): these entries' text.
    AddToAccessList(String),
    TestNewKey,
    /// "Check Atlas" after the answer to "Add to access list" was lost: reads the key's list.
    CheckAccessList,
}

pub(super) fn lifecycle(next: &mut AppState, event: LifecycleEvent) -> bool {
    match event {
        LifecycleEvent::NewKeyAccess(e) => new_key_access(next, e),
        LifecycleEvent::KeyTest(e) => key_test(next, e),
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
