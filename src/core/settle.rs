//! A change after the create (an access-list POST, a DELETE) whose answer was lost or was a 5xx
//! ([`KeymintError::ChangeUnknown`]) may or may not have been made. The page never sends it again to
//! find out: it reads Atlas once more, and these say what that read proves.

use super::access_list::{AccessListEntry, HeldEntry};
use super::error::{KeymintError, RequestSummary};
use super::ids::ApiKeyId;
use super::key_list::ListedKey;

/// The change was made, or [`KeymintError::ChangeNotMade`] with what the read found, or still
/// [`KeymintError::ChangeUnknown`] when the read cannot tell.
pub type Settled = Result<(), KeymintError>;

/// The key's access list, read after a POST of `wanted` whose answer was lost (`summary` is that
/// POST's): made when Atlas holds every entry asked for.
pub fn entries_added(
    summary: &RequestSummary,
    wanted: &[AccessListEntry],
    held: &[HeldEntry],
) -> Settled {
    let held: Vec<String> = held
        .iter()
        .filter_map(HeldEntry::to_entry)
        .map(|entry| entry.cidr_block())
        .collect();
    let missing: Vec<String> = wanted
        .iter()
        .filter(|entry| !held.contains(&entry.cidr_block()))
        .map(AccessListEntry::text)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(KeymintError::ChangeNotMade {
        summary: summary.clone(),
        found: format!(
            "the key's access list does not hold {}.",
            missing.join(", ")
        ),
    })
}

/// The project's keys, read after a DELETE of the key `key_id` (its deletion, or its removal from
/// the project) whose answer was lost: made when the key is no longer listed. A list cut before its
/// end cannot tell, and the outcome stays unknown.
pub fn key_removed(
    summary: &RequestSummary,
    key_id: &ApiKeyId,
    keys: &[ListedKey],
    complete: bool,
) -> Settled {
    if let Some(key) = keys.iter().find(|key| &key.id == key_id) {
        return Err(KeymintError::ChangeNotMade {
            summary: summary.clone(),
            found: format!("the project still lists key {}.", key.public_key),
        });
    }
    if complete {
        return Ok(());
    }
    Err(KeymintError::ChangeUnknown {
        summary: summary.clone(),
        detail:
            "the project's keys, read again, were more than Keymint reads, and the key was not \
                 among those read"
                .to_string(),
    })
}
