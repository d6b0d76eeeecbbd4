//! The create request, built only through validation: what the user typed becomes a
//! [`CreateApiKeyRequest`] or a list of every problem, each naming its field and its fix.

use super::environment::ApiFlavor;
use super::expiry::{self, Day, ExpiryChoice, ExpiryProblem, ExpiryRules};
use super::roles;
use super::text::clip;
use serde::Serialize;

/// The most characters (not bytes) Atlas accepts in a description.
pub const DESC_MAX_CHARS: usize = 250;

/// A form field a problem belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The description text.
    Description,
    /// The 24-hex project (group) ID.
    ProjectId,
    /// The role checkboxes.
    Roles,
    /// The custom-role entry.
    CustomRole,
    /// "Expires".
    Expiry,
}

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldErrorKind {
    /// Empty or only white space.
    DescriptionBlank,
    /// More than [`DESC_MAX_CHARS`] characters after trimming, the expiry stamp included (of
    /// `stamp_chars` characters, 0 without an expiry).
    DescriptionTooLong { chars: usize, stamp_chars: usize },
    /// No role chosen.
    NoRoles,
    /// A catalog role list held a name the catalog does not know.
    UnknownRole { role: String },
    /// A custom role that does not look like an Atlas role name.
    CustomRoleMalformed { role: String },
    /// No project ID given.
    ProjectIdMissing,
    /// Upper-case hex: the API's pattern is lower-case only.
    ProjectIdUppercase { lowercase: String },
    /// Not 24 characters long.
    ProjectIdLength { len: usize },
    /// A character that is not hex.
    ProjectIdNotHex { bad: char },
    /// "Expires" cannot be used.
    Expiry(ExpiryProblem),
}

/// One problem in the form, tied to its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field it concerns.
    pub field: Field,
    /// What is wrong.
    pub kind: FieldErrorKind,
}

impl FieldError {
    fn new(field: Field, kind: FieldErrorKind) -> Self {
        FieldError { field, kind }
    }

    /// What is wrong, in a sentence that names the field.
    pub fn message(&self) -> String {
        use FieldErrorKind::*;
        match &self.kind {
            DescriptionBlank => "Description is empty.".to_string(),
            DescriptionTooLong { chars, stamp_chars: 0 } => format!(
                "Description is {chars} characters long; Atlas accepts at most {DESC_MAX_CHARS}."
            ),
            DescriptionTooLong { chars, stamp_chars } => format!(
                "Description is {chars} characters long with its {stamp_chars}-character expiry stamp; Atlas accepts at most {DESC_MAX_CHARS}."
            ),
            NoRoles => "Roles: no role is selected; a key needs at least one.".to_string(),
            UnknownRole { role } => format!("Roles: {role} is not a role Keymint knows."),
            CustomRoleMalformed { role } => format!(
                "Custom role: \"{}\" does not look like an Atlas role name.",
                clip(role, 40)
            ),
            ProjectIdMissing => "Project ID is empty.".to_string(),
            ProjectIdUppercase { .. } => {
                "Project ID has upper-case letters; the Atlas API only accepts lower-case hex."
                    .to_string()
            }
            ProjectIdLength { len } => {
                format!("Project ID is {len} characters long; it must be exactly 24.")
            }
            ProjectIdNotHex { bad } => {
                format!("Project ID contains {bad:?}, which is not a hexadecimal digit (0-9, a-f).")
            }
            Expiry(problem) => problem.message(),
        }
    }

    /// How to fix it.
    pub fn fix(&self) -> String {
        use FieldErrorKind::*;
        match &self.kind {
            DescriptionBlank => "Say what the key is for, e.g. \"CI deploys for billing-service\".".to_string(),
            DescriptionTooLong { chars, .. } => {
                format!("Shorten it by {} characters.", chars.saturating_sub(DESC_MAX_CHARS))
            }
            NoRoles => "Tick at least one project role; GROUP_READ_ONLY is the narrowest.".to_string(),
            UnknownRole { role } => format!(
                "Untick {role}, or add it through \"Custom role\" if it is a role newer than Keymint's catalog."
            ),
            CustomRoleMalformed { .. } => {
                "Use the API name: upper-case letters, digits and underscores, e.g. GROUP_READ_ONLY.".to_string()
            }
            ProjectIdMissing => {
                "Paste the 24-character project ID from the Atlas project settings page or the project URL."
                    .to_string()
            }
            ProjectIdUppercase { lowercase } => format!("Use the lower-case form: {lowercase}."),
            ProjectIdLength { .. } | ProjectIdNotHex { .. } => {
                "Copy the project ID again from Atlas (Project Settings); it is 24 characters of 0-9 and a-f."
                    .to_string()
            }
            Expiry(problem) => problem.fix(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.message(), self.fix())
    }
}

/// Every problem in the form, in form order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// The problems of one field.
    pub fn for_field(&self, field: Field) -> impl Iterator<Item = &FieldError> {
        self.0.iter().filter(move |e| e.field == field)
    }
}

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join(" "))
    }
}

impl std::error::Error for ValidationErrors {}

/// A project (group) ID as the API wants it: exactly 24 lower-case hex characters. It is typed in the
/// form, so it is checked here, in the form's words; [`super::ids`] re-exports it beside the other IDs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProjectId(String);

impl ProjectId {
    /// Checks a project ID; surrounding white space (from copy and paste) is ignored.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        let err = |kind| Err(FieldError::new(Field::ProjectId, kind));
        if s.is_empty() {
            return err(FieldErrorKind::ProjectIdMissing);
        }
        if let Some(bad) = s.chars().find(|c| !c.is_ascii_hexdigit()) {
            return err(FieldErrorKind::ProjectIdNotHex { bad });
        }
        if s.len() != 24 {
            return err(FieldErrorKind::ProjectIdLength { len: s.len() });
        }
        if s.chars().any(|c| c.is_ascii_uppercase()) {
            return err(FieldErrorKind::ProjectIdUppercase {
                lowercase: s.to_ascii_lowercase(),
            });
        }
        Ok(ProjectId(s.to_string()))
    }

    /// The ID as sent in the path.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ProjectId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the form holds, unchecked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestDraft {
    /// The description as typed.
    pub desc: String,
    /// The project ID as typed.
    pub project_id: String,
    /// Catalog roles ticked, in order.
    pub roles: Vec<String>,
    /// Roles added through the explicit custom-role entry.
    pub custom_roles: Vec<String>,
    /// "Expires" ("Never" until the page sets its default from the policy).
    pub expiry: ExpiryChoice,
}

/// A create request that passed validation: the only way to get one is [`CreateApiKeyRequest::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateApiKeyRequest {
    /// As sent: the text and its expiry stamp.
    desc: String,
    roles: Vec<String>,
    project_id: ProjectId,
    expires: Option<Day>,
}

#[derive(Serialize)]
struct Body<'a> {
    desc: &'a str,
    roles: &'a [String],
}

/// Counts characters the way the limit is applied: Unicode scalar values of the trimmed text.
pub fn description_chars(desc: &str) -> usize {
    desc.trim().chars().count()
}

impl RequestDraft {
    /// The description as it would be sent under `rules`: trimmed, with the expiry's stamp when the
    /// expiry resolves to a date (for the live counter).
    pub fn sent_description(&self, rules: &ExpiryRules) -> String {
        expiry::stamped(self.desc.trim(), rules.resolve(&self.expiry).ok().flatten())
    }
}

impl CreateApiKeyRequest {
    /// Validates a draft, reporting every problem at once, in form order.
    ///
    /// The description is sent trimmed (Atlas would store the stray white space otherwise); roles are
    /// deduplicated keeping the first occurrence.
    pub fn validate(draft: &RequestDraft) -> Result<Self, ValidationErrors> {
        Self::validate_for(draft, ApiFlavor::AtlasV2)
    }

    /// As [`CreateApiKeyRequest::validate`], with the role catalog of the API the key is created through
    /// (Ops Manager's project roles differ from Atlas's).
    pub fn validate_for(draft: &RequestDraft, flavor: ApiFlavor) -> Result<Self, ValidationErrors> {
        Self::validate_with(draft, flavor, &ExpiryRules::default())
    }

    /// As [`CreateApiKeyRequest::validate_for`], with "Expires" resolved under `rules` (today and the
    /// organization's policy): the description sent carries the expiry's stamp, and the 250-character
    /// limit counts it.
    pub fn validate_with(
        draft: &RequestDraft,
        flavor: ApiFlavor,
        rules: &ExpiryRules,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = Vec::new();

        let expires = rules.resolve(&draft.expiry);
        let stamp_chars = match expires {
            Ok(Some(day)) => expiry::stamp(day).chars().count() + 1,
            _ => 0,
        };
        let desc = draft.desc.trim();
        let chars = desc.chars().count();
        if chars == 0 {
            errors.push(FieldError::new(
                Field::Description,
                FieldErrorKind::DescriptionBlank,
            ));
        } else if chars + stamp_chars > DESC_MAX_CHARS {
            errors.push(FieldError::new(
                Field::Description,
                FieldErrorKind::DescriptionTooLong {
                    chars: chars + stamp_chars,
                    stamp_chars,
                },
            ));
        }

        let project_id = ProjectId::parse(&draft.project_id)
            .map_err(|e| errors.push(e))
            .ok();

        let mut roles: Vec<String> = Vec::new();
        for role in &draft.roles {
            let role = role.trim();
            if roles::lookup_in(flavor, role).is_none() {
                errors.push(FieldError::new(
                    Field::Roles,
                    FieldErrorKind::UnknownRole {
                        role: role.to_string(),
                    },
                ));
            } else if !roles.iter().any(|r| r == role) {
                roles.push(role.to_string());
            }
        }
        for role in &draft.custom_roles {
            let role = role.trim();
            if !roles::is_valid_custom_role(role) {
                errors.push(FieldError::new(
                    Field::CustomRole,
                    FieldErrorKind::CustomRoleMalformed {
                        role: role.to_string(),
                    },
                ));
            } else if !roles.iter().any(|r| r == role) {
                roles.push(role.to_string());
            }
        }
        if roles.is_empty()
            && !errors
                .iter()
                .any(|e| matches!(e.field, Field::Roles | Field::CustomRole))
        {
            errors.push(FieldError::new(Field::Roles, FieldErrorKind::NoRoles));
        }

        let expires = expires
            .map_err(|problem| {
                errors.push(FieldError::new(
                    Field::Expiry,
                    FieldErrorKind::Expiry(problem),
                ))
            })
            .ok();

        match (project_id, expires) {
            (Some(project_id), Some(expires)) if errors.is_empty() => Ok(CreateApiKeyRequest {
                desc: expiry::stamped(desc, expires),
                roles,
                project_id,
                expires,
            }),
            _ => Err(ValidationErrors(errors)),
        }
    }

    /// The description that will be sent (trimmed, with the expiry's stamp).
    pub fn desc(&self) -> &str {
        &self.desc
    }

    /// The last day the key is meant to work, when it has an expiry.
    pub fn expires(&self) -> Option<Day> {
        self.expires
    }

    /// The roles that will be sent, deduplicated, in order.
    pub fn roles(&self) -> &[String] {
        &self.roles
    }

    /// The project the key is created in.
    pub fn project_id(&self) -> &ProjectId {
        &self.project_id
    }

    /// The JSON body: `{"desc":…,"roles":[…]}`.
    pub fn body_json(&self) -> String {
        // Serializing two strings and a list of strings cannot fail.
        serde_json::to_string(&Body {
            desc: &self.desc,
            roles: &self.roles,
        })
        .unwrap_or_default()
    }
}
