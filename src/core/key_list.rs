//! The project's keys as `GET /groups/{groupId}/apiKeys` lists them: reading each page, fetching
//! every page (bounded), finding the keys a lost create may have made, and the new key's organization.

use super::answer::{read_json, Received};
use super::calls::{self, PageRequest};
use super::environment::Environment;
use super::error::{KeymintError, RequestSummary};
use super::ids::{ApiKeyId, OrgId, ProjectId};
use super::response::{org_id_of, ApiKeyUserDetails, Link, RoleAssignment};
use super::target::HttpRequest;
use serde::Deserialize;

/// Keys asked for per page (the API's maximum).
pub const ITEMS_PER_PAGE: u32 = 500;
/// Pages fetched at most: Atlas allows 500 keys per organization, so two pages hold them all; a
/// list still growing after this many pages is not followed further.
pub const MAX_PAGES: u32 = 4;

/// A key as the list shows it. The private key is masked by Atlas (`********-****-****-xxxxxxxxxxxx`);
/// should an answer ever carry more, only that masked form is kept, so `Debug` shows nothing secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedKey {
    /// The key's ID, which its access list and deletion go to. An entry whose ID is not one is not
    /// read as a key (see [`parse_key_page`]).
    pub id: ApiKeyId,
    /// Its description.
    pub desc: String,
    /// The 8-character public key.
    pub public_key: String,
    /// The masked private key.
    pub masked_private_key: String,
    /// Every role: this project's, other projects', the organization's.
    pub roles: Vec<RoleAssignment>,
}

/// Atlas's mask: all but the last 12 characters hidden.
pub fn mask_private_key(private_key: &str) -> String {
    let chars: Vec<char> = private_key.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(12)..].iter().collect();
    format!("********-****-****-{tail}")
}

impl ListedKey {
    /// The listed key, when its ID is one the calls can take.
    fn from_details(d: ApiKeyUserDetails) -> Option<ListedKey> {
        let id = d.key_id()?;
        let masked = if d.private_key.starts_with("********-****-****-") {
            d.private_key.clone()
        } else {
            mask_private_key(&d.private_key)
        };
        Some(ListedKey {
            id,
            desc: d.desc.clone(),
            public_key: d.public_key.clone(),
            masked_private_key: masked,
            roles: d.roles.clone(),
        })
    }

    /// When the key was made, in seconds since 1970: the list has no creation date, but a key ID is
    /// a MongoDB ObjectId whose first 4 bytes (8 hex characters) are its creation time.
    pub fn created_unix(&self) -> Option<u32> {
        let head = self.id.as_str().get(..8)?;
        u32::from_str_radix(head, 16).ok()
    }

    /// The role names on `project_id`, in Atlas's order.
    pub fn project_roles(&self, project_id: &ProjectId) -> Vec<String> {
        self.roles
            .iter()
            .filter(|r| r.group_id.as_deref() == Some(project_id.as_str()))
            .map(|r| r.role_name.clone())
            .collect()
    }

    /// The projects other than `project_id` the key is assigned to, as Atlas wrote them: they are
    /// only named to the user (why the old key is unassigned rather than deleted), never sent.
    pub fn other_projects(&self, project_id: &ProjectId) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for g in self.roles.iter().filter_map(|r| r.group_id.as_deref()) {
            if g != project_id.as_str() && !out.iter().any(|x| x == g) {
                out.push(g.to_string());
            }
        }
        out
    }

    /// Organization roles other than ORG_MEMBER (the key is used beyond its projects).
    pub fn org_roles_beyond_member(&self) -> Vec<String> {
        self.roles
            .iter()
            .filter(|r| r.org_id.is_some() && r.role_name != "ORG_MEMBER")
            .map(|r| r.role_name.clone())
            .collect()
    }

    /// The organization, from the key's organization role.
    pub fn org_id(&self) -> Option<OrgId> {
        org_id_of(&self.roles, &[])
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPage {
    #[serde(default)]
    links: Vec<Link>,
    results: Vec<serde_json::Value>,
    #[serde(default)]
    total_count: Option<u64>,
}

/// One page of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPage {
    /// The keys on this page that could be read.
    pub keys: Vec<ListedKey>,
    /// Entries of this page that were not keys (skipped, counted).
    pub unreadable: usize,
    /// All keys in the project, when Atlas counted them.
    pub total_count: Option<u64>,
    /// Whether Atlas linked a next page.
    pub has_next_link: bool,
    /// How many results this page had, readable or not.
    pub len: usize,
}

/// Reads one page of `GET /groups/{groupId}/apiKeys`. An entry that is not a key is skipped (and
/// counted), not fatal; the page itself must be Atlas's paginated shape. An entry whose `id` is not a
/// key ID ([`ApiKeyId`]) is such an entry: nothing could be sent to it.
pub fn parse_key_page(
    answer: Received<'_>,
    summary: &RequestSummary,
) -> Result<KeyPage, KeymintError> {
    let raw: RawPage = read_json(answer, summary)?;
    let len = raw.results.len();
    let keys: Vec<ListedKey> = raw
        .results
        .into_iter()
        .filter_map(|v| serde_json::from_value::<ApiKeyUserDetails>(v).ok())
        .filter_map(ListedKey::from_details)
        .collect();
    Ok(KeyPage {
        unreadable: len - keys.len(),
        keys,
        total_count: raw.total_count,
        has_next_link: raw.links.iter().any(|l| l.rel == "next"),
        len,
    })
}

/// Whose keys a listing reads.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ListScope {
    Project(ProjectId),
    Organization(OrgId),
}

/// Fetching every page of the project's (or the organization's) keys, one request at a time,
/// bounded by [`MAX_PAGES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyListing {
    scope: ListScope,
    next_page: u32,
    keys: Vec<ListedKey>,
    done: bool,
    truncated: bool,
}

/// After a page: fetch another, or stop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListingStep {
    /// Send this request next.
    Fetch(HttpRequest),
    /// Every key was read.
    Done,
    /// Stopped after [`MAX_PAGES`] pages with more announced: the keys read so far are incomplete.
    Truncated,
}

impl KeyListing {
    /// A listing of `project_id`, starting at page 1.
    pub fn new(project_id: &ProjectId) -> Self {
        Self::of(ListScope::Project(project_id.clone()))
    }

    /// A listing of the organization's keys (every project's, and those in none), from page 1.
    pub fn of_org(org_id: &OrgId) -> Self {
        Self::of(ListScope::Organization(org_id.clone()))
    }

    fn of(scope: ListScope) -> Self {
        KeyListing {
            scope,
            next_page: 1,
            keys: Vec::new(),
            done: false,
            truncated: false,
        }
    }

    /// The request for the next page, or why there is none.
    pub fn next(&self, env: &Environment) -> ListingStep {
        if self.truncated {
            ListingStep::Truncated
        } else if self.done {
            ListingStep::Done
        } else {
            let page = PageRequest {
                page_num: self.next_page,
                items_per_page: ITEMS_PER_PAGE,
            };
            ListingStep::Fetch(match &self.scope {
                ListScope::Project(project_id) => calls::list_project_keys(env, project_id, page),
                ListScope::Organization(org_id) => calls::list_org_keys(env, org_id, page),
            })
        }
    }

    /// Takes a page in. The list is done when the page is short (an empty one too), or the keys read reach
    /// `totalCount` with no next link.
    pub fn accept(&mut self, page: KeyPage) {
        let short = page.len < ITEMS_PER_PAGE as usize;
        let seen = (self.keys.len() + page.keys.len() + page.unreadable) as u64;
        for k in page.keys {
            if !self.keys.iter().any(|x| x.id == k.id) {
                self.keys.push(k);
            }
        }
        let counted_all = page.total_count.is_some_and(|t| seen >= t) && !page.has_next_link;
        if short || counted_all {
            self.done = true;
        } else if self.next_page >= MAX_PAGES {
            self.truncated = true;
        } else {
            self.next_page += 1;
        }
    }

    /// The keys read so far.
    pub fn keys(&self) -> &[ListedKey] {
        &self.keys
    }

    /// True once every page was read.
    pub fn is_complete(&self) -> bool {
        self.done
    }
}

/// The keys a create with description `desc` may have made: exactly that description (as sent:
/// trimmed), newest first by the creation time in their ID, the ID breaking ties.
pub fn matching_keys(keys: &[ListedKey], desc: &str) -> Vec<ListedKey> {
    let want = desc.trim();
    let mut found: Vec<ListedKey> = keys.iter().filter(|k| k.desc == want).cloned().collect();
    found.sort_by(|a, b| {
        b.created_unix()
            .cmp(&a.created_unix())
            .then_with(|| b.id.as_str().cmp(a.id.as_str()))
    });
    found
}

/// What to say about a key found after a lost answer.
pub fn unrecoverable_note(key: &ListedKey) -> String {
    format!(
        "Key {} ({}) exists in Atlas, but its private key was only in the lost answer and cannot be \
         recovered: nobody holds it. Delete it, or keep it if you know it is not this attempt's.",
        key.public_key, key.masked_private_key
    )
}
