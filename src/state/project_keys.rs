//! "Project keys" as state: the project's keys (all pages), what each key's access list said of its
//! use, and the order chosen. A plain reducer, like the page's: the view module wraps it.

use super::lifecycle::Progress;
use super::rotation::{RotationContext, RotationEvent, RotationUi};
use crate::core::assign::{plan_assignment, AssignProblem, Assignment};
use crate::core::environment::ApiFlavor;
use crate::core::error::KeymintError;
use crate::core::expiry::{Day, ExpiryRules};
use crate::core::ids::{ApiKeyId, ProjectId};
use crate::core::key_list::{matching_keys, ListedKey};
use crate::core::key_report::{sort, KeyReport, SortBy, Usage};
use crate::core::rotation::Removal;

/// The keys Atlas listed, and whether the list reached its end.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedKeys {
    pub keys: Vec<ListedKey>,
    pub complete: bool,
}

/// What Project keys shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectKeys {
    pub project_id: ProjectId,
    /// Today, from the browser: expiry and use are counted from it.
    pub today: Day,
    pub listing: Progress<ListedKeys>,
    /// What each key's access list said, by key.
    pub usage: Vec<(ApiKeyId, Usage)>,
    pub sort: SortBy,
    /// What became of the keys the user removed (or tried to), by key.
    pub fates: Vec<(ApiKeyId, KeyFate)>,
    /// "Assign an existing key".
    pub assign: AssignUi,
    /// "Rotate a key", for a key of this list.
    pub rotation: RotationUi,
    /// What a rotation is planned with: the API and the deployment's longest key lifetime.
    pub flavor: ApiFlavor,
    pub max_key_days: Option<u32>,
    /// Only the keys with this description are shown: Project keys was opened to find what a
    /// create whose answer was lost may have made. "Show all keys" clears it.
    pub lost_desc: Option<String>,
}

/// "Assign an existing key": the organization's keys, the one picked, the roles ticked, the outcome.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssignUi {
    pub org_keys: Progress<ListedKeys>,
    pub picked: Option<ApiKeyId>,
    pub roles: Vec<String>,
    /// The last "Assign to project": the assignment made, or why not (a lost answer is settled by
    /// listing the project's keys, never by sending again).
    pub outcome: Progress<Assignment>,
}

/// A key the user removed from the project or deleted, or tried to.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyFate {
    /// Its DELETE (or the read that settles a lost answer) is on its way.
    Removing,
    /// Done, as planned: deleted from the organization, or removed from this project.
    Removed(Removal),
    /// Not done, or not known: a lost answer ([`KeymintError::change_unknown`]) is settled by
    /// reading Atlas ("Check Atlas"), never by sending the DELETE again.
    Failed(KeymintError),
}

impl KeyFate {
    /// Whether its removal may be pressed: not while one is on its way or done, and not after one
    /// whose answer was lost until Atlas has been read.
    pub fn may_remove(&self) -> bool {
        matches!(self, KeyFate::Failed(e) if !e.change_unknown())
    }
}

/// What happens in Project keys.
#[derive(Debug, Clone)]
pub enum ProjectKeysEvent {
    /// The list was asked for (again): what was read before goes.
    ListStarted,
    Listed(Result<ListedKeys, KeymintError>),
    /// A key's access list was read (or could not be).
    Usage {
        id: ApiKeyId,
        usage: Usage,
    },
    Sort(SortBy),
    /// A removal (or the read that settles one) started.
    Removing(ApiKeyId),
    /// What it came to.
    Removed {
        id: ApiKeyId,
        removal: Removal,
    },
    RemoveFailed {
        id: ApiKeyId,
        error: KeymintError,
    },
    OrgKeysStarted,
    OrgKeysListed(Result<ListedKeys, KeymintError>),
    /// A key of the organization picked in "Key".
    Pick(Option<ApiKeyId>),
    /// A project role ticked or unticked.
    ToggleRole(String),
    /// "Assign to project" pressed: the assignment being sent.
    AssignStarted,
    Assigned(Result<Assignment, KeymintError>),
    /// "Show all keys": the search for a lost create's key ends, every key is shown.
    ShowAllKeys,
    /// Only the keys described so: a rotation's create lost its answer ("Look for the key in
    /// Atlas"); the list is read again.
    LookFor(String),
    Rotation(RotationEvent),
}

impl ProjectKeys {
    pub fn new(project_id: ProjectId, today: Day) -> Self {
        ProjectKeys {
            project_id,
            today,
            listing: Progress::Idle,
            usage: Vec::new(),
            sort: SortBy::default(),
            fates: Vec::new(),
            assign: AssignUi::default(),
            lost_desc: None,
            rotation: RotationUi::default(),
            flavor: ApiFlavor::AtlasV2,
            max_key_days: None,
        }
    }

    /// Rotations planned for this API, under the deployment's longest key lifetime.
    pub fn with_policy(mut self, flavor: ApiFlavor, max_key_days: Option<u32>) -> Self {
        self.flavor = flavor;
        self.max_key_days = max_key_days;
        self
    }

    /// What a rotation in this view is planned with.
    pub fn rotation_context(&self) -> RotationContext {
        RotationContext {
            project_id: self.project_id.clone(),
            flavor: self.flavor,
            rules: ExpiryRules {
                today: Some(self.today),
                max_days: self.max_key_days,
            },
        }
    }

    /// Project keys opened for a create whose answer was lost: only the keys described `desc`.
    pub fn looking_for(mut self, desc: Option<String>) -> Self {
        self.lost_desc = desc;
        self
    }

    /// What the search for a lost create's key found, in words: `None` when not searching or
    /// before the list is read.
    pub fn lost_key_summary(&self) -> Option<String> {
        let desc = self.lost_desc.as_ref()?;
        let Progress::Done(listed) = &self.listing else {
            return None;
        };
        let found = matching_keys(&listed.keys, desc).len();
        Some(match found {
            0 if listed.complete => format!("No key described \"{desc}\" is in the project: nothing was created. You may create the key again."),
            0 => format!("No key described \"{desc}\" is among the keys Keymint read: check the rest in the Atlas console before creating it again."),
            1 => format!("Found 1 key described \"{desc}\": a create made it, and its private key cannot be shown again. Delete it and create the key again, or keep it."),
            n => format!("Found {n} keys described \"{desc}\": their private keys cannot be shown again. Delete the ones nobody holds."),
        })
    }

    /// The state after `event`, or `None` when it changes nothing.
    pub fn reduce(&self, event: ProjectKeysEvent) -> Option<ProjectKeys> {
        let mut next = self.clone();
        match event {
            ProjectKeysEvent::ListStarted => {
                if next.listing.is_running() {
                    return None;
                }
                if next.fates.iter().any(|(_, f)| *f == KeyFate::Removing) {
                    return None;
                }
                next.listing = Progress::Running;
                next.usage.clear();
                // The new list says what is left: a removal whose answer was lost is settled by it.
                next.fates.clear();
            }
            ProjectKeysEvent::Listed(result) => {
                if !next.listing.is_running() {
                    return None;
                }
                next.listing = match result {
                    Ok(listed) => Progress::Done(listed),
                    Err(e) => Progress::Failed(e),
                };
            }
            ProjectKeysEvent::Usage { id, usage } => {
                // Only for a key of the list shown: a late answer to an earlier list is dropped.
                let Progress::Done(listed) = &next.listing else {
                    return None;
                };
                if !listed.keys.iter().any(|k| k.id == id) {
                    return None;
                }
                next.usage.retain(|(known, _)| *known != id);
                next.usage.push((id, usage));
            }
            ProjectKeysEvent::Sort(by) => {
                if next.sort == by {
                    return None;
                }
                next.sort = by;
            }
            ProjectKeysEvent::OrgKeysStarted => {
                if next.assign.org_keys.is_running() || next.assign.outcome.is_running() {
                    return None;
                }
                next.assign.org_keys = Progress::Running;
            }
            ProjectKeysEvent::OrgKeysListed(result) => {
                if !next.assign.org_keys.is_running() {
                    return None;
                }
                next.assign.org_keys = match result {
                    Ok(listed) => Progress::Done(listed),
                    Err(e) => Progress::Failed(e),
                };
            }
            ProjectKeysEvent::Pick(id) => {
                if next.assign.outcome.is_running() || next.assign.picked == id {
                    return None;
                }
                next.assign.picked = id;
                next.assign.outcome = Progress::Idle;
            }
            ProjectKeysEvent::ToggleRole(role) => {
                if next.assign.outcome.is_running() {
                    return None;
                }
                match next.assign.roles.iter().position(|r| *r == role) {
                    Some(at) => {
                        next.assign.roles.remove(at);
                    }
                    None => next.assign.roles.push(role),
                }
                next.assign.outcome = Progress::Idle;
            }
            ProjectKeysEvent::AssignStarted => {
                if !matches!(next.assign.outcome, Progress::Idle | Progress::Failed(_)) {
                    return None;
                }
                next.assign.outcome = Progress::Running;
            }
            ProjectKeysEvent::Assigned(result) => {
                if !next.assign.outcome.is_running() {
                    return None;
                }
                next.assign.outcome = match result {
                    Ok(done) => Progress::Done(done),
                    Err(e) => Progress::Failed(e),
                };
            }
            ProjectKeysEvent::Rotation(event) => {
                next.rotation = next.rotation.reduce(event, &self.rotation_context())?;
            }
            ProjectKeysEvent::LookFor(desc) => {
                if next.lost_desc.as_ref() == Some(&desc) {
                    return None;
                }
                next.lost_desc = Some(desc);
            }
            ProjectKeysEvent::ShowAllKeys => {
                next.lost_desc.take()?;
            }
            ProjectKeysEvent::Removing(id) => {
                if !next.listed(&id) || next.listing.is_running() {
                    return None;
                }
                match next.fate_of(&id) {
                    None => {}
                    Some(KeyFate::Failed(_)) => {}
                    Some(_) => return None,
                }
                next.set_fate(id, KeyFate::Removing);
            }
            ProjectKeysEvent::Removed { id, removal } => {
                if next.fate_of(&id) != Some(&KeyFate::Removing) {
                    return None;
                }
                next.set_fate(id, KeyFate::Removed(removal));
            }
            ProjectKeysEvent::RemoveFailed { id, error } => {
                if next.fate_of(&id) != Some(&KeyFate::Removing) {
                    return None;
                }
                next.set_fate(id, KeyFate::Failed(error));
            }
        }
        Some(next)
    }

    fn listed(&self, id: &ApiKeyId) -> bool {
        matches!(&self.listing, Progress::Done(listed) if listed.keys.iter().any(|k| &k.id == id))
    }

    fn set_fate(&mut self, id: ApiKeyId, fate: KeyFate) {
        self.fates.retain(|(known, _)| *known != id);
        self.fates.push((id, fate));
    }

    /// What became of this key's removal, if the user pressed one.
    pub fn fate_of(&self, id: &ApiKeyId) -> Option<&KeyFate> {
        self.fates.iter().find(|(k, _)| k == id).map(|(_, f)| f)
    }

    /// Whether "Remove from project" or "Delete key" may be pressed for this key now.
    pub fn may_remove(&self, id: &ApiKeyId) -> bool {
        self.listed(id)
            && !self.listing.is_running()
            && self.fate_of(id).is_none_or(KeyFate::may_remove)
    }

    /// The organization's keys that this project does not hold: the ones that may be assigned.
    pub fn assignable(&self) -> Vec<ListedKey> {
        match &self.assign.org_keys {
            Progress::Done(listed) => listed
                .keys
                .iter()
                .filter(|k| k.project_roles(&self.project_id).is_empty())
                .cloned()
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The assignment "Assign to project" would send, or why it would not; `None` before a key
    /// is picked.
    pub fn assignment(&self, flavor: ApiFlavor) -> Option<Result<Assignment, AssignProblem>> {
        let Progress::Done(listed) = &self.assign.org_keys else {
            return None;
        };
        let picked = self.assign.picked.as_ref()?;
        let key = listed.keys.iter().find(|k| &k.id == picked)?;
        Some(plan_assignment(
            key,
            &self.project_id,
            &self.assign.roles,
            flavor,
        ))
    }

    /// Whether "Assign to project" may be pressed: a valid assignment, nothing on its way, and not
    /// after one whose answer was lost (the project's keys are read first) or that was made.
    pub fn may_assign(&self, flavor: ApiFlavor) -> bool {
        let settled = match &self.assign.outcome {
            Progress::Idle => true,
            Progress::Failed(e) => !e.change_unknown(),
            Progress::Running | Progress::Done(_) => false,
        };
        settled && matches!(self.assignment(flavor), Some(Ok(_)))
    }

    /// Every listed key as Project keys shows it (only the lost create's while it is looked for),
    /// in the order chosen.
    pub fn reports(&self) -> Vec<KeyReport> {
        let Progress::Done(listed) = &self.listing else {
            return Vec::new();
        };
        // Looking for a lost create's key: only its description's keys, newest first.
        let keys = match &self.lost_desc {
            Some(desc) => matching_keys(&listed.keys, desc),
            None => listed.keys.clone(),
        };
        let mut reports: Vec<KeyReport> = keys
            .iter()
            .map(|key| {
                let usage = self
                    .usage
                    .iter()
                    .find(|(id, _)| *id == key.id)
                    .map_or(Usage::Pending, |(_, usage)| usage.clone());
                KeyReport::new(key, &self.project_id, usage, self.today)
            })
            .collect();
        if self.lost_desc.is_none() {
            sort(&mut reports, self.sort);
        }
        reports
    }

    /// Why use could not be read, said once for all the keys it concerns: the reason and how many.
    pub fn unreadable_use(&self) -> Option<(String, usize)> {
        let mut reasons = self.usage.iter().filter_map(|(_, usage)| match usage {
            Usage::Unreadable(why) => Some(why.clone()),
            _ => None,
        });
        let first = reasons.next()?;
        Some((first, 1 + reasons.count()))
    }
}
