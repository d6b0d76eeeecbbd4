//! A rotation, decided before the first call: the new key's description and roles, and how the old
//! key goes away.

use crate::core::environment::ApiFlavor;
use crate::core::expiry::{unstamped, ExpiryRules};
use crate::core::ids::{OrgId, ProjectId};
use crate::core::key_list::ListedKey;
use crate::core::request::{CreateApiKeyRequest, RequestDraft, ValidationErrors};
use crate::core::roles;

/// Atlas's limit on a description, in characters.
const DESC_MAX: usize = 250;

/// "<old> (rotated YYYY-MM-DD)", the old part shortened if the whole would pass 250 characters, and
/// without the old key's expiry stamp (the new key gets its own).
pub fn default_description(old_desc: &str, year: i32, month: u32, day: u32) -> String {
    let suffix = format!(" (rotated {year:04}-{month:02}-{day:02})");
    let room = DESC_MAX.saturating_sub(suffix.chars().count());
    let old: String = unstamped(old_desc).chars().take(room).collect();
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
    /// How `key` leaves `project_id`: deleted from the organization when this project is its only
    /// use, else only unassigned from this project (it keeps working elsewhere).
    pub fn of(key: &ListedKey, project_id: &ProjectId) -> Removal {
        let other_projects = key.other_projects(project_id);
        let org_roles = key.org_roles_beyond_member();
        if other_projects.is_empty() && org_roles.is_empty() {
            Removal::DeleteFromOrg
        } else {
            Removal::UnassignFromProject {
                other_projects,
                org_roles,
            }
        }
    }

    /// The call that does it; `None` for a deletion when Atlas did not say which organization the key
    /// belongs to.
    pub fn request(
        &self,
        env: &crate::core::environment::Environment,
        key: &ListedKey,
        project_id: &ProjectId,
    ) -> Option<crate::core::target::HttpRequest> {
        match self {
            Removal::DeleteFromOrg => Some(crate::core::calls::delete_from_org(
                env,
                &key.org_id()?,
                &key.id,
            )),
            Removal::UnassignFromProject { .. } => Some(crate::core::calls::unassign_from_project(
                env, project_id, &key.id,
            )),
        }
    }

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
                    uses.push(format!("given organization roles ({})", org_roles.join(", ")));
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
    /// The project: where the new key is created, and where the old one is unassigned from.
    pub project_id: ProjectId,
    /// The organization of both keys: where the access lists are read and written, and where the
    /// old key is deleted from.
    pub org_id: OrgId,
    /// The key being replaced.
    pub old: ListedKey,
    /// The create for the new key: same roles on this project, the edited description.
    pub new_key: CreateApiKeyRequest,
    /// How the old key goes away.
    pub removal: Removal,
}

/// Plans rotating `old` in `project_id` to a key described `new_desc`, without an expiry.
pub fn plan_rotation(
    project_id: &ProjectId,
    old: &ListedKey,
    new_desc: &str,
    flavor: ApiFlavor,
) -> Result<RotationPlan, RotationError> {
    plan_rotation_with(project_id, old, new_desc, flavor, &ExpiryRules::default())
}

/// As [`plan_rotation`], the new key with the expiry a key made outside the form gets under
/// `rules` ([`ExpiryRules::new_key_choice`]): the deployment's default, stamped into its description.
pub fn plan_rotation_with(
    project_id: &ProjectId,
    old: &ListedKey,
    new_desc: &str,
    flavor: ApiFlavor,
    rules: &ExpiryRules,
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
        project_id: project_id.as_str().to_string(),
        roles: catalog,
        custom_roles: custom,
        expiry: rules.new_key_choice(),
    };
    let new_key = CreateApiKeyRequest::validate_with(&draft, flavor, rules)
        .map_err(RotationError::InvalidRequest)?;
    let removal = Removal::of(old, project_id);
    Ok(RotationPlan {
        project_id: project_id.clone(),
        org_id,
        old: old.clone(),
        new_key,
        removal,
    })
}
