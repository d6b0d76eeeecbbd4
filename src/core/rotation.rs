//! Rotating a key, as data: which calls in which order, one press each, and what a failure at each
//! step leaves behind.
//!
//! The order: (1) read the old key's access list (a harmless read first, so a failure there changes
//! nothing), (2) create the new key with the old key's roles on this project (sent once, like any
//! create), (3) add the old key's entries to the new key's access list (skipped when there are none),
//! (4) wait until the user says the new key is deployed, (5) remove the old key: delete it from the
//! organization when this project is its only assignment, otherwise unassign it from this project.

use super::access_list::{self, AccessListEntry, AccessListPage};
use super::calls::{self, PageRequest};
use super::environment::{ApiFlavor, Environment};
use super::error::KeymintError;
use super::key_list::{self, ListedKey};
use super::request::{CreateApiKeyRequest, RequestDraft, ValidationErrors};
use super::response::ApiKeyUserDetails;
use super::roles;
use super::target::{create_api_key, HttpRequest};

/// Atlas's limit on a description, in characters.
const DESC_MAX: usize = 250;

/// "<old> (rotated YYYY-MM-DD)", the old part shortened if the whole would pass 250 characters.
pub fn default_description(old_desc: &str, year: i32, month: u32, day: u32) -> String {
    let suffix = format!(" (rotated {year:04}-{month:02}-{day:02})");
    let room = DESC_MAX.saturating_sub(suffix.chars().count());
    let old: String = old_desc.trim().chars().take(room).collect();
    format!("{}{suffix}", old.trim_end())
}

/// How the old key goes away once the new one is deployed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removal {
    /// This project is its only assignment: `DELETE /orgs/{orgId}/apiKeys/{id}`.
    DeleteFromOrg,
    /// It is used elsewhere: `DELETE /groups/{groupId}/apiKeys/{id}` only.
    UnassignFromProject {
        /// Other projects it is assigned to.
        other_projects: Vec<String>,
        /// Organization roles beyond ORG_MEMBER it holds.
        org_roles: Vec<String>,
    },
}

impl Removal {
    /// Why, in a sentence.
    pub fn reason(&self) -> String {
        match self {
            Removal::DeleteFromOrg => {
                "This project is the old key's only assignment, so it is deleted from the organization."
                    .to_string()
            }
            Removal::UnassignFromProject {
                other_projects,
                org_roles,
            } => {
                let mut uses = Vec::new();
                if !other_projects.is_empty() {
                    uses.push(format!("assigned to other projects ({})", other_projects.join(", ")));
                }
                if !org_roles.is_empty() {
                    uses.push(format!("holds organization roles ({})", org_roles.join(", ")));
                }
                format!(
                    "The old key is also {}, so it is only unassigned from this project; it keeps working there.",
                    uses.join(" and ")
                )
            }
        }
    }
}

/// Why a rotation cannot be planned.
#[derive(Debug, Clone, PartialEq)]
pub enum RotationError {
    /// The key has no role on this project (the list shows what it holds).
    NoRolesOnProject { public_key: String },
    /// No organization ID in the key's roles: its access list and deletion need one.
    NoOrganization { public_key: String },
    /// The new key's request is not valid (description, or a role Keymint cannot send).
    InvalidRequest(ValidationErrors),
}

impl RotationError {
    /// What is wrong.
    pub fn message(&self) -> String {
        match self {
            RotationError::NoRolesOnProject { public_key } => {
                format!(
                    "Key {public_key} has no role on this project, so there is nothing to copy."
                )
            }
            RotationError::NoOrganization { public_key } => {
                format!("Atlas did not say which organization key {public_key} belongs to.")
            }
            RotationError::InvalidRequest(e) => format!("The new key cannot be requested: {e}"),
        }
    }

    /// What to do.
    pub fn next_step(&self) -> String {
        match self {
            RotationError::NoRolesOnProject { .. } => {
                "Pick a key listed with roles on this project.".to_string()
            }
            RotationError::NoOrganization { .. } => {
                "List the project's keys again; if it persists, rotate this key in the Atlas console."
                    .to_string()
            }
            RotationError::InvalidRequest(_) => {
                "Fix the description (1 to 250 characters) and try again.".to_string()
            }
        }
    }
}

/// Everything a rotation needs, decided before the first call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotationPlan {
    /// The project.
    pub project_id: String,
    /// The organization of both keys.
    pub org_id: String,
    /// The key being replaced.
    pub old: ListedKey,
    /// The create for the new key: same roles on this project, the edited description.
    pub new_key: CreateApiKeyRequest,
    /// How the old key goes away.
    pub removal: Removal,
}

/// Plans rotating `old` in `project_id` to a key described `new_desc`.
pub fn plan_rotation(
    project_id: &str,
    old: &ListedKey,
    new_desc: &str,
    flavor: ApiFlavor,
) -> Result<RotationPlan, RotationError> {
    let project_roles = old.project_roles(project_id);
    if project_roles.is_empty() {
        return Err(RotationError::NoRolesOnProject {
            public_key: old.public_key.clone(),
        });
    }
    let org_id = old.org_id().ok_or_else(|| RotationError::NoOrganization {
        public_key: old.public_key.clone(),
    })?;
    let (catalog, custom): (Vec<String>, Vec<String>) = project_roles
        .into_iter()
        .partition(|r| roles::lookup_in(flavor, r).is_some());
    let draft = RequestDraft {
        desc: new_desc.to_string(),
        project_id: project_id.to_string(),
        roles: catalog,
        custom_roles: custom,
    };
    let new_key =
        CreateApiKeyRequest::validate_for(&draft, flavor).map_err(RotationError::InvalidRequest)?;
    let other_projects = old.other_projects(project_id);
    let org_roles = old.org_roles_beyond_member();
    let removal = if other_projects.is_empty() && org_roles.is_empty() {
        Removal::DeleteFromOrg
    } else {
        Removal::UnassignFromProject {
            other_projects,
            org_roles,
        }
    };
    Ok(RotationPlan {
        project_id: project_id.to_string(),
        org_id,
        old: old.clone(),
        new_key,
        removal,
    })
}

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
    /// 24-hex ID.
    pub id: String,
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
}

/// A failed step: where, what was done before it, and the message saying so.
#[derive(Debug, Clone, PartialEq)]
pub struct RotationFailure {
    /// The step that failed.
    pub step: RotationStep,
    /// The steps done before it, in order.
    pub done: Vec<RotationStep>,
    /// Exactly what was done and what is left behind, then what to do.
    pub message: String,
    /// Whether pressing the same step again is safe.
    pub may_retry: bool,
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
        }
    }

    /// The plan.
    pub fn plan(&self) -> &RotationPlan {
        &self.plan
    }

    /// The new key once created.
    pub fn new_key(&self) -> Option<&NewKeyRef> {
        self.new_key.as_ref()
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
        let Some(entries) = &self.old_entries else {
            return NextCall::Send(
                RotationStep::ReadOldAccessList,
                access_list::list_request(
                    env,
                    &p.org_id,
                    &p.old.id,
                    PageRequest {
                        page_num: 1,
                        items_per_page: 500,
                    },
                ),
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

    /// Step 2 answered with the new key (its private key is not kept here).
    pub fn record_created(&mut self, created: &ApiKeyUserDetails) {
        self.new_key = Some(NewKeyRef {
            id: created.id.clone(),
            public_key: created.public_key.clone(),
        });
    }

    /// Step 3 answered 200.
    pub fn record_copied(&mut self) {
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
        let (left, may_retry) = match step {
            RotationStep::ReadOldAccessList => (
                format!("Nothing was changed: no new key was created and the old key {old} is untouched. Press Rotate again, or check that your key may read the old key's access list (organization rights)."),
                true,
            ),
            RotationStep::CreateNewKey if err.outcome_unknown() => {
                self.create_outcome_unknown = true;
                (
                    format!("The answer to the create was lost: a new key described \"{}\" may exist, and nobody holds its private key. The old key {old} is untouched. Nothing more will be sent: look for the key in Atlas and delete it before rotating again.", self.plan.new_key.desc()),
                    false,
                )
            }
            RotationStep::CreateNewKey => (
                format!("Atlas refused the create, so no new key was created; the old key {old} is untouched. Fix the cause, then press Create again."),
                true,
            ),
            RotationStep::CopyAccessList => (
                format!("{}, but copying the access list failed: its access list may be missing some or all of the old key's entries ({}). The old key {old} is untouched. Press Copy again (entries already there are refused as duplicates), or add them yourself.",
                    capitalize(&self.new_key_words()),
                    self.old_entries.as_deref().unwrap_or(&[]).iter().map(AccessListEntry::text).collect::<Vec<_>>().join(", ")),
                true,
            ),
            RotationStep::ConfirmReplaced => (
                "Nothing is sent at this step.".to_string(),
                true,
            ),
            RotationStep::RemoveOldKey => {
                let gone = matches!(err, KeymintError::Atlas { api_error, .. } if api_error.error_code == "API_KEY_NOT_FOUND");
                if gone {
                    self.removed = true;
                    (
                        format!("{} and deployed; Atlas no longer has the old key {old} (it was already removed).", capitalize(&self.new_key_words())),
                        false,
                    )
                } else {
                    (
                        format!("{} and deployed, but removing the old key {old} failed: it still exists and still works. Press Remove again, or remove it in the Atlas console.", capitalize(&self.new_key_words())),
                        true,
                    )
                }
            }
        };
        RotationFailure {
            step,
            done,
            message: format!("{done_words}. {why} {left}"),
            may_retry,
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

/// The keys a rotation may start from: the project's keys with a role on it, as listed.
pub fn rotatable(keys: &[ListedKey], project_id: &str) -> Vec<ListedKey> {
    keys.iter()
        .filter(|k| !k.project_roles(project_id).is_empty())
        .cloned()
        .collect()
}

/// The new key's organization from the create answer (see [`key_list::new_key_org_id`]).
pub fn created_key_org(created: &ApiKeyUserDetails) -> Option<String> {
    key_list::new_key_org_id(created)
}
