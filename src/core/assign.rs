//! "Assign an existing key": one of the organization's keys given roles on this project, without its
//! secret ever being shown again (`POST /groups/{groupId}/apiKeys/{apiUserId}`, answered 204). Checked
//! before anything is sent: a key already in the project is refused, and the roles must be project
//! roles this API knows.

use super::environment::{ApiFlavor, Environment};
use super::error::{KeymintError, RequestSummary};
use super::ids::ProjectId;
use super::key_list::ListedKey;
use super::roles;
use super::target::{shell_quote, HttpRequest};

/// An assignment that may be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub project_id: ProjectId,
    pub key: ListedKey,
    /// Deduplicated, in the order ticked.
    pub roles: Vec<String>,
}

/// Why an assignment is not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignProblem {
    /// The key already has roles on this project: change them in Atlas instead.
    AlreadyInProject { public_key: String },
    /// No role ticked.
    NoRoles,
    /// A role that is not a project role of this API.
    NotAProjectRole { role: String },
}

impl AssignProblem {
    pub fn message(&self) -> String {
        match self {
            AssignProblem::AlreadyInProject { public_key } => {
                format!("Key {public_key} is already assigned to this project.")
            }
            AssignProblem::NoRoles => "No project role is ticked.".to_string(),
            AssignProblem::NotAProjectRole { role } => {
                format!("{role} is not a project role Keymint knows for this API.")
            }
        }
    }

    pub fn fix(&self) -> String {
        match self {
            AssignProblem::AlreadyInProject { .. } => {
                "Pick another key, or change this key's roles in the Atlas console.".to_string()
            }
            AssignProblem::NoRoles => {
                "Tick at least one role; GROUP_READ_ONLY is the narrowest.".to_string()
            }
            AssignProblem::NotAProjectRole { .. } => "Untick it.".to_string(),
        }
    }
}

/// Checks assigning `key` to `project_id` with `roles` (project roles of `flavor`).
pub fn plan_assignment(
    key: &ListedKey,
    project_id: &ProjectId,
    roles: &[String],
    flavor: ApiFlavor,
) -> Result<Assignment, AssignProblem> {
    if !key.project_roles(project_id).is_empty() {
        return Err(AssignProblem::AlreadyInProject {
            public_key: key.public_key.clone(),
        });
    }
    let mut kept: Vec<String> = Vec::new();
    for role in roles {
        let role = role.trim();
        if !role.starts_with("GROUP_") || roles::lookup_in(flavor, role).is_none() {
            return Err(AssignProblem::NotAProjectRole {
                role: role.to_string(),
            });
        }
        if !kept.iter().any(|r| r == role) {
            kept.push(role.to_string());
        }
    }
    if kept.is_empty() {
        return Err(AssignProblem::NoRoles);
    }
    Ok(Assignment {
        project_id: project_id.clone(),
        key: key.clone(),
        roles: kept,
    })
}

impl Assignment {
    /// The one call.
    pub fn request(&self, env: &Environment) -> HttpRequest {
        super::calls::assign_to_project(env, &self.project_id, &self.key.id, &self.roles)
    }

    /// The Atlas CLI's equivalent.
    pub fn cli_command(&self) -> String {
        let mut parts = vec![
            "atlas projects apiKeys assign".to_string(),
            shell_quote(self.key.id.as_str()),
        ];
        for role in &self.roles {
            parts.push("--role".into());
            parts.push(shell_quote(role));
        }
        parts.push("--projectId".into());
        parts.push(shell_quote(self.project_id.as_str()));
        parts.join(" ")
    }

    /// The project's keys, read after the assignment's answer was lost (`summary` is its): made when
    /// the key is listed with roles on the project; a list cut before its end cannot tell.
    pub fn settled_by(
        &self,
        summary: &RequestSummary,
        keys: &[ListedKey],
        complete: bool,
    ) -> Result<(), KeymintError> {
        match keys.iter().find(|k| k.id == self.key.id) {
            Some(k) if !k.project_roles(&self.project_id).is_empty() => Ok(()),
            _ if !complete => Err(KeymintError::ChangeUnknown {
                summary: summary.clone(),
                detail:
                    "the project's keys, read again, were more than Keymint reads, and the key \
                         was not among those read"
                        .to_string(),
            }),
            _ => Err(KeymintError::ChangeNotMade {
                summary: summary.clone(),
                found: format!("the project does not list key {}.", self.key.public_key),
            }),
        }
    }
}
