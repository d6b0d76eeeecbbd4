//! "Project keys": every key of a project at a glance. From what Atlas lists (the key, its roles)
//! and each key's access list (Atlas's only trace of use: `lastUsed`, `lastUsedAddress`, `count` per
//! entry), with the creation day from the key's ObjectId and the expiry from Keymint's stamp, each
//! key gets the flags that say whether it should still exist.

use super::access_list::AccessListPage;
use super::expiry::{read_stamp, Day};
use super::ids::ProjectId;
use super::key_list::ListedKey;
use super::rotation::Removal;

/// Flagged when an expiry is this close (days, today included).
pub const EXPIRES_SOON_DAYS: i64 = 7;

/// Flagged when the last use is older than this (days).
pub const UNUSED_DAYS: i64 = 90;

/// What a key's access list says of its use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usage {
    /// Not read yet.
    Pending,
    /// Read: its entries, and of all of them the latest use (ISO 8601, as Atlas writes it), the
    /// address of that use, and the requests counted.
    Read {
        entries: usize,
        last_used: Option<String>,
        last_used_address: Option<String>,
        requests: u64,
    },
    /// Atlas would not say (the caller may not read this key's access list), in a sentence.
    Unreadable(String),
}

impl Usage {
    /// The use recorded in one page of a key's access list.
    pub fn of(page: &AccessListPage) -> Usage {
        let latest = page
            .results
            .iter()
            .filter(|e| e.last_used.as_deref().is_some_and(|t| !t.is_empty()))
            .max_by(|a, b| a.last_used.cmp(&b.last_used));
        Usage::Read {
            entries: page.results.len(),
            last_used: latest.and_then(|e| e.last_used.clone()),
            last_used_address: latest.and_then(|e| e.last_used_address.clone()),
            requests: page.results.iter().map(|e| e.count).sum(),
        }
    }

    /// The day of the last use, when Atlas recorded one in a form Keymint reads.
    pub fn last_used_day(&self) -> Option<Day> {
        match self {
            Usage::Read {
                last_used: Some(at),
                ..
            } => at.get(..10).and_then(Day::parse),
            _ => None,
        }
    }
}

/// Why a key may not need to exist any more (or is more powerful than it should be).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flag {
    /// Its expiry day has passed.
    Expired { on: Day },
    /// Its expiry is within [`EXPIRES_SOON_DAYS`].
    ExpiresSoon { on: Day },
    /// It has no access-list entry: any address may use it (unless the organization requires one).
    NoAccessList,
    /// It holds GROUP_OWNER on this project.
    ProjectOwner,
    /// It holds organization roles beyond ORG_MEMBER.
    OrgRoles(Vec<String>),
    /// Its last recorded use is older than [`UNUSED_DAYS`].
    NotUsedSince { day: Day },
    /// It has access-list entries and none recorded a use.
    NeverUsed,
}

impl Flag {
    /// The flag as the list shows it.
    pub fn label(&self) -> String {
        match self {
            Flag::Expired { on } => format!("expired on {on}"),
            Flag::ExpiresSoon { on } => format!("expires {on}"),
            Flag::NoAccessList => "no access list".to_string(),
            Flag::ProjectOwner => "holds Project Owner".to_string(),
            Flag::OrgRoles(roles) => format!("organization roles: {}", roles.join(", ")),
            Flag::NotUsedSince { day } => format!("not used since {day}"),
            Flag::NeverUsed => "never used".to_string(),
        }
    }
}

/// One key of the project, as Project keys shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyReport {
    pub key: ListedKey,
    /// Its roles on this project.
    pub project_roles: Vec<String>,
    /// The day its ObjectId was made (when Atlas created the key).
    pub created: Option<Day>,
    /// The expiry Keymint stamped into its description.
    pub expires: Option<Day>,
    pub usage: Usage,
    pub flags: Vec<Flag>,
}

impl KeyReport {
    /// The report of `key` in `project_id` on `today`, with what its access list said.
    pub fn new(key: &ListedKey, project_id: &ProjectId, usage: Usage, today: Day) -> KeyReport {
        let expires = read_stamp(&key.desc);
        let project_roles = key.project_roles(project_id);
        let mut flags = Vec::new();
        if let Some(on) = expires {
            match today.days_until(on) {
                left if left < 0 => flags.push(Flag::Expired { on }),
                left if left < EXPIRES_SOON_DAYS => flags.push(Flag::ExpiresSoon { on }),
                _ => {}
            }
        }
        if let Usage::Read { entries: 0, .. } = usage {
            flags.push(Flag::NoAccessList);
        }
        if project_roles.iter().any(|r| r == "GROUP_OWNER") {
            flags.push(Flag::ProjectOwner);
        }
        let org_roles = key.org_roles_beyond_member();
        if !org_roles.is_empty() {
            flags.push(Flag::OrgRoles(org_roles));
        }
        match (&usage, usage.last_used_day()) {
            (_, Some(day)) if day.days_until(today) > UNUSED_DAYS => {
                flags.push(Flag::NotUsedSince { day })
            }
            (
                Usage::Read {
                    entries,
                    last_used: None,
                    ..
                },
                _,
            ) if *entries > 0 => flags.push(Flag::NeverUsed),
            _ => {}
        }
        KeyReport {
            key: key.clone(),
            project_roles,
            created: key
                .created_unix()
                .map(|seconds| Day::from_unix_seconds(i64::from(seconds))),
            expires,
            usage,
            flags,
        }
    }

    /// Whether its expiry day has passed.
    pub fn is_expired(&self) -> bool {
        self.flags.iter().any(|f| matches!(f, Flag::Expired { .. }))
    }
}

/// The orders Project keys offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Soonest expiry first; keys without one last.
    #[default]
    Expiry,
    /// Longest unused first: never used, then the oldest last use; keys whose use is unknown last.
    LastUse,
}

impl SortBy {
    /// The value of its option in the "Sort by" select, and back.
    pub fn value(self) -> &'static str {
        match self {
            SortBy::Expiry => "expiry",
            SortBy::LastUse => "last-use",
        }
    }

    pub fn from_value(value: &str) -> Option<SortBy> {
        match value {
            "expiry" => Some(SortBy::Expiry),
            "last-use" => Some(SortBy::LastUse),
            _ => None,
        }
    }
}

/// Sorts `reports` by `by`; ties keep Atlas's order.
pub fn sort(reports: &mut [KeyReport], by: SortBy) {
    match by {
        SortBy::Expiry => reports.sort_by_key(|r| (r.expires.is_none(), r.expires)),
        SortBy::LastUse => reports.sort_by_key(|r| match &r.usage {
            Usage::Read {
                entries,
                last_used: None,
                ..
            } if *entries > 0 => (0, None),
            Usage::Read {
                last_used: Some(at),
                ..
            } => (1, Some(at.clone())),
            _ => (2, None),
        }),
    }
}

/// One step of "Clean up expired keys", decided before anything is sent: the key and how it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanupStep {
    pub key: ListedKey,
    pub removal: Removal,
}

impl CleanupStep {
    /// What the step does, in a sentence (for the one confirmation and the report).
    pub fn describe(&self) -> String {
        let public = &self.key.public_key;
        match &self.removal {
            Removal::DeleteFromOrg => {
                format!(
                    "Delete key {public} (\"{}\") from the organization.",
                    self.key.desc
                )
            }
            Removal::UnassignFromProject {
                other_projects,
                org_roles,
            } => {
                let stays = match (other_projects.is_empty(), org_roles.is_empty()) {
                    (true, true) => "it stays in the organization, in no project".to_string(),
                    (false, _) => format!(
                        "it keeps working in project{} {}",
                        if other_projects.len() == 1 { "" } else { "s" },
                        other_projects.join(", ")
                    ),
                    (true, false) => {
                        format!("it keeps its organization roles ({})", org_roles.join(", "))
                    }
                };
                format!(
                    "Remove key {public} (\"{}\") from this project: {stays}.",
                    self.key.desc
                )
            }
        }
    }
}

/// "Clean up expired keys": one step per expired key, in the order shown.
pub fn cleanup_plan(reports: &[KeyReport], project_id: &ProjectId) -> Vec<CleanupStep> {
    reports
        .iter()
        .filter(|r| r.is_expired())
        .map(|r| CleanupStep {
            key: r.key.clone(),
            removal: Removal::of(&r.key, project_id),
        })
        .collect()
}

/// The one question "Clean up expired keys" asks before it sends anything.
pub fn cleanup_question(steps: &[CleanupStep]) -> String {
    let lines: Vec<String> = steps
        .iter()
        .map(|s| format!("- {}", s.describe()))
        .collect();
    format!(
        "Clean up {} expired key{}? Anything still using {} stops working.\n{}",
        steps.len(),
        if steps.len() == 1 { "" } else { "s" },
        if steps.len() == 1 { "it" } else { "them" },
        lines.join("\n")
    )
}
