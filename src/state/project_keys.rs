//! "Project keys" as state: the project's keys (all pages), what each key's access list said of its
//! use, and the order chosen. A plain reducer, like the page's: the view module wraps it.

use super::lifecycle::Progress;
use crate::core::error::KeymintError;
use crate::core::expiry::Day;
use crate::core::ids::{ApiKeyId, ProjectId};
use crate::core::key_list::ListedKey;
use crate::core::key_report::{sort, KeyReport, SortBy, Usage};

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
}

impl ProjectKeys {
    pub fn new(project_id: ProjectId, today: Day) -> Self {
        ProjectKeys {
            project_id,
            today,
            listing: Progress::Idle,
            usage: Vec::new(),
            sort: SortBy::default(),
        }
    }

    /// The state after `event`, or `None` when it changes nothing.
    pub fn reduce(&self, event: ProjectKeysEvent) -> Option<ProjectKeys> {
        let mut next = self.clone();
        match event {
            ProjectKeysEvent::ListStarted => {
                if next.listing.is_running() {
                    return None;
                }
                next.listing = Progress::Running;
                next.usage.clear();
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
        }
        Some(next)
    }

    /// Every listed key as Project keys shows it, in the order chosen.
    pub fn reports(&self) -> Vec<KeyReport> {
        let Progress::Done(listed) = &self.listing else {
            return Vec::new();
        };
        let mut reports: Vec<KeyReport> = listed
            .keys
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
        sort(&mut reports, self.sort);
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
