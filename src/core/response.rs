//! What Atlas answers: the created key (`ApiKeyUserDetails`, HTTP 200) or an `ApiError`, and what each
//! error code means for the person at the keyboard. Which answer means what for a create is
//! [`super::answer`]'s call.

use super::ids::{ApiKeyId, OrgId};
use super::request::Field;
use super::text::redact;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// A link in an API response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The URL.
    #[serde(default)]
    pub href: String,
    /// Its relation, e.g. `self`.
    #[serde(default)]
    pub rel: String,
}

/// One role the key holds, on a project (`groupId`) or the organization (`orgId`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignment {
    /// The project the role applies to, as Atlas wrote it: it is shown and compared with a
    /// [`super::ids::ProjectId`], never sent, so an odd one costs nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// The organization the role applies to, as Atlas wrote it; [`org_id_of`] makes it an [`OrgId`]
    /// where one is needed, passing over a malformed one rather than refusing the whole answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    /// The role's API name.
    #[serde(default)]
    pub role_name: String,
}

/// The created key as Atlas returns it (fields in Atlas's order). The private key is shown only now.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyUserDetails {
    /// What the key is for.
    #[serde(default)]
    pub desc: String,
    /// The key's ID as Atlas wrote it. Kept as text, so that a create's key pair is shown whatever
    /// its ID looks like (the pair is shown once); the calls that go to the key take
    /// [`ApiKeyUserDetails::key_id`].
    pub id: String,
    /// API links (self: the key in its organization).
    #[serde(default)]
    pub links: Vec<Link>,
    /// The private key, unredacted only in the create response.
    pub private_key: String,
    /// The 8-character public key.
    pub public_key: String,
    /// Every role the key holds, ORG_MEMBER included.
    #[serde(default)]
    pub roles: Vec<RoleAssignment>,
}

impl std::fmt::Debug for ApiKeyUserDetails {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKeyUserDetails")
            .field("desc", &self.desc)
            .field("id", &self.id)
            .field("links", &self.links)
            .field("private_key", &"<redacted>")
            .field("public_key", &self.public_key)
            .field("roles", &self.roles)
            .finish()
    }
}

impl ApiKeyUserDetails {
    /// The key's ID as the calls to the key (its access list, its removal) take it; `None` when
    /// Atlas's `id` is not an ID as Atlas writes them, and then nothing is sent to the key.
    pub fn key_id(&self) -> Option<ApiKeyId> {
        ApiKeyId::parse(&self.id).ok()
    }

    /// The organization the key belongs to (see [`org_id_of`]); needed for its access list, its
    /// deletion and the exports.
    pub fn org_id(&self) -> Option<OrgId> {
        org_id_of(&self.roles, &self.links)
    }

    /// The role names, in Atlas's order.
    pub fn role_names(&self) -> Vec<String> {
        self.roles.iter().map(|r| r.role_name.clone()).collect()
    }
}

/// One field problem inside a 400 answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldViolation {
    /// Which field.
    #[serde(default)]
    pub field: String,
    /// What is wrong with it.
    #[serde(default)]
    pub description: String,
}

/// `badRequestDetail` of an ApiError.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadRequestDetail {
    /// Every violation.
    #[serde(default)]
    pub fields: Vec<FieldViolation>,
}

/// Atlas's error body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    /// The HTTP status, repeated.
    pub error: u16,
    /// The application error code, e.g. `GROUP_NOT_FOUND`.
    pub error_code: String,
    /// The specifics.
    #[serde(default)]
    pub detail: Option<String>,
    /// The status's reason phrase.
    #[serde(default)]
    pub reason: Option<String>,
    /// Values the message refers to.
    #[serde(default)]
    pub parameters: Vec<serde_json::Value>,
    /// Field violations of a 400.
    #[serde(default)]
    pub bad_request_detail: Option<BadRequestDetail>,
}

/// An error code put in words: what happened, and what to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// A short heading.
    pub title: String,
    /// What happened.
    pub message: String,
    /// What to do.
    pub next_step: String,
    /// The form field it concerns, if any.
    pub field: Option<Field>,
    /// True when the code is one Keymint knows (false: the generic fallback).
    pub known: bool,
}

struct Known {
    title: &'static str,
    message: &'static str,
    next: &'static str,
    field: Option<Field>,
}

const fn k(
    title: &'static str,
    message: &'static str,
    next: &'static str,
    field: Option<Field>,
) -> Known {
    Known {
        title,
        message,
        next,
        field,
    }
}

const ACCESS_LIST_NEXT: &str = "Atlas sees the address of the proxy, not of your browser: add the proxy's public \
    IP address to your API key's access list (Organization > Access Manager > API Keys > your key > Edit > \
    Access List), or ask the team that runs this page which address to add.";

/// Every Atlas error code Keymint puts in its own words: one row per meaning, with its codes.
#[rustfmt::skip]
const KNOWN: &[(&[&str], Known)] = {
    use Field::*;
    &[
        (&["API_KEY_CAN_ONLY_BELONG_TO_ONE_ORG"], k("Key belongs to another organization", "An API key can only belong to one organization.", "Create the key from a project in the organization your credentials belong to.", Some(ProjectId))),
        (&["API_KEY_NOT_FOUND"], k("API key not found", "Atlas has no API key with that ID.", "Check the key ID; it may have been deleted.", None)),
        (&["API_KEY_REQUIRES_DESCRIPTION"], k("Description required", "Atlas requires a non-empty description for every API key.", "Enter a description.", Some(Description))),
        (&["API_KEY_ROLE_ASSIGNMENT_MISSING_ID"], k("Role assignment incomplete", "Atlas could not tie a role to the project or organization.", "Check the project ID and the roles, then try again.", Some(Roles))),
        (&["CANNOT_ADD_GROUP_ROLE"], k("Project role in the wrong place", "A project (GROUP_*) role cannot be granted at organization level.", "Use project roles only on project keys.", Some(Roles))),
        (&["CANNOT_ADD_ORG_ROLE"], k("Organization role on a project key", "Atlas does not add organization (ORG_*) roles through the project endpoint.", "Untick the ORG_* roles: project keys take GROUP_* roles, and Atlas adds ORG_MEMBER by itself.", Some(Roles))),
        (&["INVALID_API_KEY_DESC"], k("Description not accepted", "Atlas requires a description of 1 to 250 characters.", "Shorten or fill in the description.", Some(Description))),
        (&["INVALID_ATTRIBUTE"], k("Unknown attribute", "Atlas rejected an attribute of the request.", "This is likely a Keymint bug; report it with the detail below.", None)),
        (&["INVALID_ENUM_VALUE"], k("Role not recognised", "Atlas does not recognise one of the values sent, most likely a role name.", "Check the roles, custom roles especially, against the Atlas roles documentation.", Some(Roles))),
        (&["INVALID_JSON", "INVALID_JSON_ATTRIBUTE", "MALFORMED_JSON"], k("Request not understood", "Atlas could not read the request body.", "This is likely a Keymint or proxy bug (a proxy that rewrites bodies); report it with the detail below.", None)),
        (&["INVALID_PATH_PARAMETER", "PATH_PARAM_PARSE_ERROR"], k("Malformed ID in the address", "Atlas could not read an ID in the request path.", "Check the project ID: 24 lower-case hexadecimal characters.", Some(ProjectId))),
        (&["INVALID_ROLE_FOR_GROUP"], k("Role not valid for a project", "One of the roles cannot be granted on a project.", "Keep only GROUP_* roles that exist; untick ORG_* roles.", Some(Roles))),
        (&["INVALID_ROLE_FOR_ORG"], k("Role not valid for the organization", "One of the roles cannot be granted on the organization.", "Keep only GROUP_* roles on a project key.", Some(Roles))),
        (&["MAX_API_KEYS_PER_ORG_EXCEEDED", "MAX_PUBLIC_API_KEY_REACHED"], k("Too many API keys", "The organization has reached its limit of API keys.", "Delete unused API keys in the organization (Access Manager > API Keys), then try again.", None)),
        (&["MISSING_API_KEY_ROLES"], k("No role", "Atlas requires at least one role.", "Tick at least one project role.", Some(Roles))),
        (&["MISSING_ATTRIBUTE"], k("Attribute missing", "Atlas says a required attribute is missing.", "Fill in the description and roles; if they are set, report it with the detail below.", None)),
        (&["ROLE_NEEDS_GROUP_ID"], k("Role needs a project", "A project role was sent without a project.", "Check the project ID.", Some(ProjectId))),
        (&["ROLE_NEEDS_ORG_ID"], k("Role needs an organization", "An organization role cannot be granted through a project.", "Untick the ORG_* roles.", Some(Roles))),
        (&["UNSUPPORTED_ROLE"], k("Role not supported", "Atlas does not support one of the roles here.", "Untick the role, or choose a catalog GROUP_* role.", Some(Roles))),
        (&["VALIDATION_ERROR"], k("Request not valid", "Atlas rejected a value in the request.", "Read the detail below, fix the field it names, and try again.", None)),
        (&["USER_UNAUTHORIZED", "NOT_GROUP_USER_ADMIN", "NOT_API_KEY_ADMIN"], k("Your key lacks the role to do this", "The credentials you signed with are valid but may not create API keys in this project.", "Sign with a key or service account that has Project Owner (or Project User Admin / Project Access Manager) on this project, or ask an owner to create the key.", None)),
        (&["NOT_ORG_USER_ADMIN"], k("Your key lacks the role to do this", "The credentials you signed with are not a user administrator of the organization.", "Sign with a key that has Organization Owner or Organization User Admin.", None)),
        (&["NOT_IN_GROUP", "USER_CANNOT_ACCESS_GROUP"], k("No access to this project", "Your credentials are not in this project, or the project does not exist.", "Check the project ID and that your API key is assigned to that project.", Some(ProjectId))),
        (&["API_KEY_WHITELIST_ACCESS_DENIED", "API_KEY_ACCESS_LIST_ACCESS_DENIED"], k("Access list not accessible", "API key access lists are only accessible by the key itself or a user administrator.", "Sign with a key that has user administrator rights.", None)),
        (&["ACCESS_FORBIDDEN"], k("Forbidden", "Atlas forbids this action for your credentials.", "Check your key's roles on this project.", None)),
        (&["IP_ADDRESS_NOT_ON_WHITELIST", "IP_ADDRESS_NOT_ON_ACCESS_LIST"], k("Proxy address not on your access list", "Your API key only accepts requests from listed IP addresses, and the request came from an address not on it.", ACCESS_LIST_NEXT, None)),
        (&["RESOURCE_REQUIRES_WHITELIST", "RESOURCE_REQUIRES_ACCESS_LIST", "ORG_REQUIRES_WHITELIST", "ORG_REQUIRES_ACCESS_LIST"], k("An access list is required", "This organization requires every API key to have an IP access list, and yours has none.", ACCESS_LIST_NEXT, None)),
        (&["RESOURCE_NOT_FOUND"], k("Not found", "Atlas could not find what the request names.", "Check the project ID and the environment (Atlas, Atlas for Government, custom).", Some(ProjectId))),
        (&["INVALID_GROUP_ID"], k("Invalid project ID", "Atlas says the project ID is not valid.", "Copy the project ID again from Atlas: 24 lower-case hexadecimal characters.", Some(ProjectId))),
        (&["GROUP_NOT_FOUND"], k("Project not found", "No project with this ID exists in this environment.", "Check the project ID, and that the environment matches (a project of Atlas for Government does not exist on Atlas, and vice versa).", Some(ProjectId))),
        (&["ORG_NOT_FOUND"], k("Organization not found", "No organization with this ID exists.", "Check the organization ID.", None)),
        (&["API_KEY_WHITELIST_NOT_FOUND", "API_KEY_ACCESS_LIST_NOT_FOUND"], k("Address not on the access list", "The address is not on the key's access list.", "Check the address.", None)),
        (&["ADDRESS_ALREADY_IN_WHITELIST", "ADDRESS_ALREADY_IN_ACCESS_LIST"], k("Address already listed", "The address is already on the access list.", "Nothing to do.", None)),
        (&["RATE_LIMITED"], k("Too many requests", "Atlas limits how often this can be called, and the limit was reached.", "Wait a minute (Atlas says how long in Retry-After), then press Create API key once.", None)),
        (&["UNEXPECTED_ERROR"], k("Atlas reported an unexpected error", "Atlas could not complete the request.", "Check in Atlas whether the key was created (Access Manager > API Keys) before trying again.", None)),
    ]
};

fn known(code: &str) -> Option<&'static Known> {
    KNOWN
        .iter()
        .find(|(codes, _)| codes.contains(&code))
        .map(|(_, known)| known)
}

/// Puts an Atlas error in words. A 401 `UNEXPECTED_ERROR` is how Atlas answers wrong Digest credentials.
pub fn explain(err: &ApiError) -> Explanation {
    if err.error == 401 && err.error_code == "UNEXPECTED_ERROR" {
        return Explanation {
            title: "Wrong public or private key".to_string(),
            message: "Atlas did not accept the public and private key you signed with (HTTP 401).".to_string(),
            next_step: "Check both keys (the private key is the UUID-like secret shown once when your key was \
                made), and that the key belongs to this environment. If they are right, the key may be disabled \
                or deleted."
                .to_string(),
            field: None,
            known: true,
        };
    }
    // Atlas's own words are quoted, secrets removed.
    let detail = err.detail.as_deref().map(redact).filter(|d| !d.is_empty());
    match known(&err.error_code) {
        Some(kn) => Explanation {
            title: kn.title.to_string(),
            message: match &detail {
                Some(d) if d != kn.message => format!("{} Atlas says: {d}", kn.message),
                _ => kn.message.to_string(),
            },
            next_step: kn.next.to_string(),
            field: kn.field,
            known: true,
        },
        None => Explanation {
            title: format!("Atlas error {} ({})", err.error_code, err.error),
            message: detail.unwrap_or_else(|| redact(err.reason.as_deref().unwrap_or_default())),
            next_step: "Look the code up in the Atlas API error reference; the detail above is what Atlas said."
                .to_string(),
            field: None,
            known: false,
        },
    }
}

/// Every error code [`explain`] knows (for tests and docs).
pub fn known_codes() -> impl Iterator<Item = &'static str> {
    KNOWN.iter().flat_map(|(codes, _)| codes.iter().copied())
}

/// The address Atlas names when it refuses a caller that is not on an access list
/// (`IP_ADDRESS_NOT_ON_ACCESS_LIST`): the first parameter that is an address, else the word after
/// "IP address " in the detail, out of its quotes. Only an IP address or a CIDR block is returned,
/// so nothing else from the answer reaches the page.
pub fn refused_address(parameters: &[serde_json::Value], detail: Option<&str>) -> Option<String> {
    let in_detail = detail
        .and_then(|d| d.split("IP address ").nth(1))
        .and_then(|rest| rest.split_whitespace().next());
    parameters
        .iter()
        .filter_map(|p| p.as_str())
        .chain(in_detail)
        .find_map(as_address)
}

/// `word` as an IP address or CIDR block, written the standard way; quotes and a closing stop or
/// comma around it are not part of it.
fn as_address(word: &str) -> Option<String> {
    let word = word.trim_matches(|c| matches!(c, '`' | '\'' | '"' | '.' | ','));
    let (ip, prefix) = match word.split_once('/') {
        Some((ip, prefix)) => (ip, Some(prefix)),
        None => (word, None),
    };
    let ip: IpAddr = ip.parse().ok()?;
    let Some(prefix) = prefix else {
        return Some(ip.to_string());
    };
    let most = if ip.is_ipv4() { 32 } else { 128 };
    let n: u8 = prefix.parse().ok().filter(|n| *n <= most)?;
    prefix
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| format!("{ip}/{n}"))
}

/// The organization in a key's roles: the ORG_MEMBER role's `orgId`, else any organization role's,
/// else the organization in its self link (`…/orgs/{orgId}/apiKeys/{id}`). Only an [`OrgId`] counts:
/// a malformed one is passed over for the next place, as if Atlas had not named it there.
pub fn org_id_of(roles: &[RoleAssignment], links: &[Link]) -> Option<OrgId> {
    let member = roles
        .iter()
        .find(|r| r.role_name == "ORG_MEMBER")
        .and_then(|r| r.org_id.as_deref());
    let any = || roles.iter().find_map(|r| r.org_id.as_deref());
    let link = || {
        links.iter().find(|l| l.rel == "self").and_then(|l| {
            let after = l.href.split("/orgs/").nth(1)?;
            after.split('/').next()
        })
    };
    let parse = |s: &str| OrgId::parse(s).ok();
    member
        .and_then(parse)
        .or_else(|| any().and_then(parse))
        .or_else(|| link().and_then(parse))
}
