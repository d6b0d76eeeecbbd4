//! A rotation in progress: which call comes next, what each answer changes, what a failure leaves.

use super::plan::{Removal, RotationPlan};
use crate::core::access_list::{self, AccessListEntry, AccessListPage};
use crate::core::calls::{self, PageRequest};
use crate::core::environment::Environment;
use crate::core::error::KeymintError;
use crate::core::ids::ApiKeyId;
use crate::core::response::ApiKeyUserDetails;
use crate::core::target::{create_api_key, HttpRequest};

/// The steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RotationStep {
    /// `GET /orgs/{orgId}/apiKeys/{old}/accessList`.
    ReadOldAccessList,
    /// `POST /groups/{groupId}/apiKeys`.
    CreateNewKey,
    /// `POST /orgs/{orgId}/apiKeys/{new}/accessList`.
    CopyAccessList,
    /// The user confirms the new key is deployed everywhere.
    ConfirmReplaced,
    /// `DELETE` the old key (organization or project, per [`Removal`]).
    RemoveOldKey,
}

impl RotationStep {
    /// A short description, for "done" lists.
    pub fn label(self) -> &'static str {
        match self {
            RotationStep::ReadOldAccessList => "read the old key's access list",
            RotationStep::CreateNewKey => "created the new key",
            RotationStep::CopyAccessList => "copied the access list to the new key",
            RotationStep::ConfirmReplaced => "confirmed the new key is deployed",
            RotationStep::RemoveOldKey => "removed the old key",
        }
    }
}

/// The new key, without its private key (the page holds that, in memory only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKeyRef {
    /// Its ID, which the old key's access list is copied to.
    pub id: ApiKeyId,
    /// Public key.
    pub public_key: String,
}

/// What to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextCall {
    /// Send this request (once, on the user's press).
    Send(RotationStep, HttpRequest),
    /// Ask the user to confirm the new key is deployed ("I have replaced it everywhere").
    AwaitConfirmation,
    /// The create's answer was lost: nothing more is sent; look for the key instead.
    LookForLostKey,
    /// The answer to this step (a copy or a removal) was lost: the step may have been made, so the
    /// next press reads Atlas to find out ([`crate::core::settle`]) and sends nothing.
    Check(RotationStep),
    /// All done.
    Done,
}

/// A rotation in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    plan: RotationPlan,
    old_entries: Option<Vec<AccessListEntry>>,
    /// Entries Atlas listed that Keymint could not read back as entries (not copied).
    skipped_entries: Vec<String>,
    new_key: Option<NewKeyRef>,
    copied: bool,
    confirmed: bool,
    removed: bool,
    create_outcome_unknown: bool,
    /// A step whose answer was lost, until a read of Atlas settles it.
    unsettled: Option<RotationStep>,
}

/// A failed step: where, what was done before it, and the message saying so.
#[derive(Debug, Clone, PartialEq)]
pub struct RotationFailure {
    /// The step that failed.
    pub step: RotationStep,
    /// The steps done before it, in order.
    pub done: Vec<RotationStep>,
    /// Exactly what was done and what is left behind, then what to do. Whether the step may be
    /// pressed again is the rotation's own next call ([`Rotation::next`]), not a flag beside it.
    pub message: String,
    /// The failure itself, with its facts (a lost answer's request is read again to settle it).
    pub error: KeymintError,
}

impl Rotation {
    /// Starts a planned rotation; nothing is sent yet.
    pub fn new(plan: RotationPlan) -> Self {
        Rotation {
            plan,
            old_entries: None,
            skipped_entries: Vec::new(),
            new_key: None,
            copied: false,
            confirmed: false,
            removed: false,
            create_outcome_unknown: false,
            unsettled: None,
        }
    }

    /// The plan.
    pub fn plan(&self) -> &RotationPlan {
        &self.plan
    }

    /// The new key's ID, once it exists.
    pub fn new_key_id(&self) -> Option<&ApiKeyId> {
        self.new_key.as_ref().map(|k| &k.id)
    }

    /// The old key's entries, once read.
    pub fn old_entries(&self) -> Option<&[AccessListEntry]> {
        self.old_entries.as_deref()
    }

    /// The steps done so far, in order.
    pub fn steps_done(&self) -> Vec<RotationStep> {
        let mut done = Vec::new();
        if self.old_entries.is_some() {
            done.push(RotationStep::ReadOldAccessList);
        }
        if self.new_key.is_some() {
            done.push(RotationStep::CreateNewKey);
        }
        if self.copied {
            done.push(RotationStep::CopyAccessList);
        }
        if self.confirmed {
            done.push(RotationStep::ConfirmReplaced);
        }
        if self.removed {
            done.push(RotationStep::RemoveOldKey);
        }
        done
    }

    /// The next call (or wait), from what was recorded so far.
    pub fn next(&self, env: &Environment) -> NextCall {
        let p = &self.plan;
        if self.create_outcome_unknown {
            return NextCall::LookForLostKey;
        }
        if let Some(step) = self.unsettled {
            return NextCall::Check(step);
        }
        let Some(entries) = &self.old_entries else {
            return NextCall::Send(
                RotationStep::ReadOldAccessList,
                access_list::list_request(env, &p.org_id, &p.old.id, PageRequest::FIRST_500),
            );
        };
        let Some(new_key) = &self.new_key else {
            return NextCall::Send(RotationStep::CreateNewKey, create_api_key(env, &p.new_key));
        };
        if !self.copied && !entries.is_empty() {
            return NextCall::Send(
                RotationStep::CopyAccessList,
                access_list::create_request(env, &p.org_id, &new_key.id, entries),
            );
        }
        if !self.confirmed {
            return NextCall::AwaitConfirmation;
        }
        if self.removed {
            return NextCall::Done;
        }
        let req = match p.removal {
            Removal::DeleteFromOrg => calls::delete_from_org(env, &p.org_id, &p.old.id),
            Removal::UnassignFromProject { .. } => {
                calls::unassign_from_project(env, &p.project_id, &p.old.id)
            }
        };
        NextCall::Send(RotationStep::RemoveOldKey, req)
    }

    /// Step 1 answered: the old key's entries. Fails (and records nothing) when Atlas counted more
    /// entries than the page holds.
    pub fn record_old_entries(&mut self, page: &AccessListPage) -> Result<(), String> {
        if page
            .total_count
            .is_some_and(|t| t > page.results.len() as u64)
        {
            return Err(format!(
                "Atlas lists {} entries for the old key but returned {}; rotate this key in the Atlas console.",
                page.total_count.unwrap_or(0),
                page.results.len()
            ));
        }
        let mut entries = Vec::new();
        self.skipped_entries.clear();
        for e in &page.results {
            match e.to_entry() {
                Some(x) if !entries.contains(&x) => entries.push(x),
                Some(_) => {}
                None => self.skipped_entries.push(e.text()),
            }
        }
        self.old_entries = Some(entries);
        Ok(())
    }

    /// Entries of the old key that could not be copied (Atlas's text was not an address or block).
    pub fn skipped_entries(&self) -> &[String] {
        &self.skipped_entries
    }

    /// Step 2 answered with the new key (its private key is not kept here). A key whose ID is not
    /// one the calls can take (never seen from Atlas) cannot be given the old key's access list: the
    /// rotation then stops as after a lost answer, with nothing more sent; the reveal still shows it.
    pub fn record_created(&mut self, created: &ApiKeyUserDetails) {
        match created.key_id() {
            Some(id) => {
                self.new_key = Some(NewKeyRef {
                    id,
                    public_key: created.public_key.clone(),
                })
            }
            None => self.create_outcome_unknown = true,
        }
    }

    /// Step 3 answered 200.
    pub fn record_copied(&mut self) {
        self.unsettled = None;
        self.copied = true;
    }

    /// Step 4: the user confirmed. Ignored before the new key exists and its list is copied.
    pub fn confirm(&mut self) {
        let copy_done = self.copied || self.old_entries.as_ref().is_some_and(|e| e.is_empty());
        if self.new_key.is_some() && copy_done {
            self.confirmed = true;
        }
    }

    /// Step 5 answered 204.
    pub fn record_removed(&mut self) {
        self.unsettled = None;
        self.removed = true;
    }

    fn new_key_words(&self) -> String {
        match &self.new_key {
            Some(k) => format!(
                "the new key {} (roles {}) was created",
                k.public_key,
                self.plan.new_key.roles().join(", ")
            ),
            None => "no new key was created".to_string(),
        }
    }

    /// A step failed with `err`: records what it implies and says exactly what was done.
    pub fn record_failure(&mut self, step: RotationStep, err: &KeymintError) -> RotationFailure {
        let old = &self.plan.old.public_key;
        let done = self.steps_done();
        let done_words = if done.is_empty() {
            "Nothing was done yet".to_string()
        } else {
            let labels: Vec<&str> = done.iter().map(|s| s.label()).collect();
            format!("Done: {}", labels.join("; "))
        };
        let why = format!("{} {}", err.title(), err.message());
        // A lost answer leaves the step unsettled until Atlas is read; a read that settles it either
        // way (or any other failure) ends that.
        self.unsettled = err.change_unknown().then_some(step);
        let left = match step {
            RotationStep::CopyAccessList | RotationStep::RemoveOldKey if err.change_unknown() => format!(
                "{}. Whether Atlas made this step is not known yet, so nothing more is sent for it: press \"Check Atlas\" (it only reads) to find out. The old key {old} {}.",
                capitalize(&self.new_key_words()),
                if step == RotationStep::RemoveOldKey { "may or may not still exist" } else { "is untouched" },
            ),
            RotationStep::ReadOldAccessList => format!("Nothing was changed: no new key was created and the old key {old} is untouched. Press Rotate again, or check that your key may read the old key's access list (organization rights)."),
            RotationStep::CreateNewKey if err.outcome_unknown() => {
                self.create_outcome_unknown = true;
                format!("The answer to the create was lost: a new key described \"{}\" may exist, and nobody holds its private key. The old key {old} is untouched. Nothing more will be sent: look for the key in Atlas and delete it before rotating again.", self.plan.new_key.desc())
            }
            RotationStep::CreateNewKey => format!("Atlas refused the create, so no new key was created; the old key {old} is untouched. Fix the cause, then press Create again."),
            RotationStep::CopyAccessList => format!("{}, but copying the access list failed: its access list may be missing some or all of the old key's entries ({}). The old key {old} is untouched. Press Copy again (entries already there are refused as duplicates), or add them yourself.",
                    capitalize(&self.new_key_words()),
                    self.old_entries.as_deref().unwrap_or(&[]).iter().map(AccessListEntry::text).collect::<Vec<_>>().join(", ")),
            RotationStep::ConfirmReplaced => "Nothing is sent at this step.".to_string(),
            RotationStep::RemoveOldKey => {
                let gone = matches!(err, KeymintError::Atlas { api_error, .. } if api_error.error_code == "API_KEY_NOT_FOUND");
                if gone {
                    self.removed = true;
                    format!("{} and deployed; Atlas no longer has the old key {old} (it was already removed).", capitalize(&self.new_key_words()))
                } else {
                    format!("{} and deployed, but removing the old key {old} failed: it still exists and still works. Press Remove again, or remove it in the Atlas console.", capitalize(&self.new_key_words()))
                }
            }
        };
        RotationFailure {
            step,
            done,
            message: format!("{done_words}. {why} {left}"),
            error: err.clone(),
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
