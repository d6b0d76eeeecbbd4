//! The calls made after a create (list the project's keys, read and add to a key's access list,
//! unassign or delete a key, read the project), built by [`super::target::api_request`] like the create: one
//! value feeds the fetch, the curl preview and the tests. Their answers are read by
//! [`super::answer::read_json`] and [`super::answer::read_no_content`].
//!
//! Only [`Environment::base_url`] and [`Environment::flavor`] are used from the environment. Every ID
//! in a path is typed ([`super::ids`]): only a checked ID is sent, and a project, an organization
//! and a key ID cannot take each other's place.

use super::answer::{read_json, Received};
use super::environment::Environment;
use super::error::{KeymintError, RequestSummary};
use super::ids::{ApiKeyId, OrgId, ProjectId};
use super::response::refused_address;
use super::target::{api_request, HttpRequest};

fn call(env: &Environment, method: &str, path: String, body: Option<String>) -> HttpRequest {
    api_request(env, method, &path, body)
}

/// Which page of a paginated list to ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// 1-based.
    pub page_num: u32,
    /// 1..=500.
    pub items_per_page: u32,
}

impl PageRequest {
    /// The first page, as large as Atlas serves (an access list holds at most a few hundred).
    pub const FIRST_500: PageRequest = PageRequest {
        page_num: 1,
        items_per_page: 500,
    };

    fn query(self) -> String {
        format!(
            "?includeCount=true&itemsPerPage={}&pageNum={}",
            self.items_per_page.clamp(1, 500),
            self.page_num.max(1)
        )
    }
}

/// `GET /groups/{groupId}/apiKeys?…`: one page of the project's keys.
pub fn list_project_keys(
    env: &Environment,
    project_id: &ProjectId,
    page: PageRequest,
) -> HttpRequest {
    call(
        env,
        "GET",
        format!("/groups/{project_id}/apiKeys{}", page.query()),
        None,
    )
}

/// `GET /orgs/{orgId}/apiKeys`: one page of the organization's keys (private keys masked).
pub fn list_org_keys(env: &Environment, org_id: &OrgId, page: PageRequest) -> HttpRequest {
    call(
        env,
        "GET",
        format!("/orgs/{org_id}/apiKeys{}", page.query()),
        None,
    )
}

/// `POST /groups/{groupId}/apiKeys/{id}` with `[{"roles": [...]}]`: assigns an organization key to
/// the project with these roles. Atlas answers 204.
pub fn assign_to_project(
    env: &Environment,
    project_id: &ProjectId,
    key_id: &ApiKeyId,
    roles: &[String],
) -> HttpRequest {
    let body = serde_json::json!([{ "roles": roles }]).to_string();
    call(
        env,
        "POST",
        format!("/groups/{project_id}/apiKeys/{key_id}"),
        Some(body),
    )
}

/// `DELETE /groups/{groupId}/apiKeys/{id}`: unassigns the key from the project (it stays in the
/// organization). Atlas answers 204.
pub fn unassign_from_project(
    env: &Environment,
    project_id: &ProjectId,
    key_id: &ApiKeyId,
) -> HttpRequest {
    call(
        env,
        "DELETE",
        format!("/groups/{project_id}/apiKeys/{key_id}"),
        None,
    )
}

/// `DELETE /orgs/{orgId}/apiKeys/{id}`: deletes the key from the organization and every project.
/// Atlas answers 204.
pub fn delete_from_org(env: &Environment, org_id: &OrgId, key_id: &ApiKeyId) -> HttpRequest {
    call(
        env,
        "DELETE",
        format!("/orgs/{org_id}/apiKeys/{key_id}"),
        None,
    )
}

/// `GET /orgs/{orgId}/apiKeys/{id}/accessList?…`: one page of a key's access list.
pub fn list_access_list(
    env: &Environment,
    org_id: &OrgId,
    key_id: &ApiKeyId,
    page: PageRequest,
) -> HttpRequest {
    call(
        env,
        "GET",
        format!("/orgs/{org_id}/apiKeys/{key_id}/accessList{}", page.query()),
        None,
    )
}

/// `POST /orgs/{orgId}/apiKeys/{id}/accessList` with a body from
/// [`super::access_list::request_body`]. Atlas answers 200 with the entries.
pub fn add_to_access_list(
    env: &Environment,
    org_id: &OrgId,
    key_id: &ApiKeyId,
    body: String,
) -> HttpRequest {
    call(
        env,
        "POST",
        format!("/orgs/{org_id}/apiKeys/{key_id}/accessList"),
        Some(body),
    )
}

/// `GET /groups/{groupId}`: a harmless read, to prove a key works from where it is used.
pub fn get_project(env: &Environment, project_id: &ProjectId) -> HttpRequest {
    call(env, "GET", format!("/groups/{project_id}"), None)
}

/// The project as `GET /groups/{groupId}` returns it (the fields Keymint shows). Its IDs stay as
/// Atlas wrote them: they are only shown, so an odd one does not make the key's test fail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    /// 24-hex project ID.
    pub id: String,
    /// The project's name.
    #[serde(default)]
    pub name: String,
    /// The organization it belongs to.
    #[serde(default)]
    pub org_id: String,
}

/// What "Test the new key" found.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyTestOutcome {
    /// The key signed a read of the project and Atlas answered it.
    Works(Project),
    /// Atlas refused the address it saw; `address` is that address when Atlas named it.
    AddressNotAllowed { address: Option<String> },
    /// Any other failure, as is.
    Failed(KeymintError),
}

impl KeyTestOutcome {
    /// A sentence for the page.
    pub fn message(&self) -> String {
        match self {
            KeyTestOutcome::Works(p) if !p.name.is_empty() => {
                format!("The new key works: Atlas answered a read of project {} with it.", p.name)
            }
            KeyTestOutcome::Works(p) => {
                format!("The new key works: Atlas answered a read of project {} with it.", p.id)
            }
            KeyTestOutcome::AddressNotAllowed { address: Some(a) } => format!(
                "Atlas refused the new key from {a}, which is not on its access list. Add {a} to the \
                 access list (it is the address Atlas sees: the proxy's, not your browser's), then test again."
            ),
            KeyTestOutcome::AddressNotAllowed { address: None } => "Atlas refused the new key from an \
                 address not on its access list, without saying which. Add the proxy's public address to \
                 the access list, then test again."
                .to_string(),
            KeyTestOutcome::Failed(e) => format!("{} {} {}", e.title(), e.message(), e.next_step()),
        }
    }
}

/// Reads the answer to [`get_project`] signed with the new key.
pub fn read_key_test(answer: Received<'_>, summary: &RequestSummary) -> KeyTestOutcome {
    match read_json::<Project>(answer, summary) {
        Ok(p) => KeyTestOutcome::Works(p),
        Err(KeymintError::Atlas { api_error, .. })
            if matches!(
                api_error.error_code.as_str(),
                "IP_ADDRESS_NOT_ON_ACCESS_LIST" | "IP_ADDRESS_NOT_ON_WHITELIST"
            ) =>
        {
            KeyTestOutcome::AddressNotAllowed {
                address: refused_address(&api_error.parameters, api_error.detail.as_deref()),
            }
        }
        Err(e) => KeyTestOutcome::Failed(e),
    }
}
