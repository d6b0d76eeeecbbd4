//! The calls made after a create (list the project's keys, read and add to a key's access list,
//! unassign or delete a key, read the project), built like [`super::target::create_api_key`]: one
//! value feeds the fetch, the curl preview and the tests. Plus the one reader every answer shares.
//!
//! Only [`Environment::base_url`] and [`Environment::flavor`] are used from the environment.

use super::environment::{ApiFlavor, Environment, ATLAS_V2_MEDIA_TYPE};
use super::error::{KeymintError, RequestSummary};
use super::response::ApiError;
use super::target::HttpRequest;
use serde::de::DeserializeOwned;

fn media(flavor: ApiFlavor) -> &'static str {
    match flavor {
        ApiFlavor::AtlasV2 => ATLAS_V2_MEDIA_TYPE,
        ApiFlavor::OpsManagerV1 => "application/json",
    }
}

fn prefix(flavor: ApiFlavor) -> &'static str {
    match flavor {
        ApiFlavor::AtlasV2 => "/api/atlas/v2",
        ApiFlavor::OpsManagerV1 => "/api/public/v1.0",
    }
}

/// A request on `env`: `Accept` always, `Content-Type` with a body.
fn call(env: &Environment, method: &str, path: String, body: Option<String>) -> HttpRequest {
    let flavor = env.flavor();
    let mut headers = vec![("Accept".to_string(), media(flavor).to_string())];
    if body.is_some() {
        headers.push(("Content-Type".to_string(), media(flavor).to_string()));
    }
    HttpRequest {
        method: method.to_string(),
        base_url: env.base_url().to_string(),
        path_and_query: format!("{}{path}", prefix(flavor)),
        headers,
        body,
    }
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
    fn query(self) -> String {
        format!(
            "?includeCount=true&itemsPerPage={}&pageNum={}",
            self.items_per_page.clamp(1, 500),
            self.page_num.max(1)
        )
    }
}

/// `GET /groups/{groupId}/apiKeys?…`: one page of the project's keys.
pub fn list_project_keys(env: &Environment, project_id: &str, page: PageRequest) -> HttpRequest {
    call(
        env,
        "GET",
        format!("/groups/{project_id}/apiKeys{}", page.query()),
        None,
    )
}

/// `DELETE /groups/{groupId}/apiKeys/{id}`: unassigns the key from the project (it stays in the
/// organization). Atlas answers 204.
pub fn unassign_from_project(env: &Environment, project_id: &str, key_id: &str) -> HttpRequest {
    call(
        env,
        "DELETE",
        format!("/groups/{project_id}/apiKeys/{key_id}"),
        None,
    )
}

/// `DELETE /orgs/{orgId}/apiKeys/{id}`: deletes the key from the organization and every project.
/// Atlas answers 204.
pub fn delete_from_org(env: &Environment, org_id: &str, key_id: &str) -> HttpRequest {
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
    org_id: &str,
    key_id: &str,
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
    org_id: &str,
    key_id: &str,
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
pub fn get_project(env: &Environment, project_id: &str) -> HttpRequest {
    call(env, "GET", format!("/groups/{project_id}"), None)
}

/// One line of an answer body, for messages (at most 200 characters).
fn snippet(body: &str) -> String {
    let line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = line.chars().take(200).collect();
    if line.chars().count() > 200 {
        out.push('…');
    }
    out
}

/// Reads an answer whose success is `ok_status` with a JSON body of type `T` (`T = ()` for a 204,
/// whose body is ignored). An Atlas error body (or its `X-Error-Code` header) becomes
/// [`KeymintError::Atlas`]; anything else [`KeymintError::UnexpectedResponse`]. Never panics; the
/// snippet of a success body is never quoted (it may carry a key).
pub fn read_answer<T: DeserializeOwned>(
    ok_status: u16,
    status: u16,
    content_type: Option<&str>,
    x_error_code: Option<&str>,
    body: &str,
    summary: &RequestSummary,
) -> Result<T, KeymintError> {
    let unexpected = |snip: String| KeymintError::UnexpectedResponse {
        status,
        content_type: content_type.map(str::to_string),
        snippet: snip,
        summary: summary.clone(),
    };
    if status == ok_status {
        let text = if ok_status == 204 && body.trim().is_empty() {
            "null"
        } else {
            body
        };
        return serde_json::from_str::<T>(text)
            .map_err(|_| unexpected("(a body Keymint could not read)".to_string()));
    }
    if let Ok(api_error) = serde_json::from_str::<ApiError>(body) {
        return Err(KeymintError::Atlas {
            status,
            api_error: Box::new(api_error),
            summary: summary.clone(),
        });
    }
    match x_error_code {
        Some(code) if !code.is_empty() && status >= 400 => Err(KeymintError::Atlas {
            status,
            api_error: Box::new(ApiError {
                error: status,
                error_code: code.to_string(),
                detail: None,
                reason: None,
                parameters: Vec::new(),
                bad_request_detail: None,
            }),
            summary: summary.clone(),
        }),
        _ => Err(unexpected(snippet(body))),
    }
}

/// The project as `GET /groups/{groupId}` returns it (the fields Keymint shows).
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

/// The address Atlas names in an `IP_ADDRESS_NOT_ON_ACCESS_LIST` error: its first parameter, else
/// the detail's "IP address X is not allowed …".
pub fn refused_address(err: &ApiError) -> Option<String> {
    let valid = |s: &str| s.parse::<std::net::IpAddr>().ok().map(|ip| ip.to_string());
    if let Some(a) = err
        .parameters
        .iter()
        .filter_map(|p| p.as_str())
        .find_map(valid)
    {
        return Some(a);
    }
    let detail = err.detail.as_deref()?;
    let rest = detail.split("IP address ").nth(1)?;
    let word = rest.split_whitespace().next()?;
    valid(word.trim_matches(|c: char| c == '`' || c == '\'' || c == '"' || c == '.' || c == ','))
}

/// Reads the answer to [`get_project`] signed with the new key.
pub fn read_key_test(
    status: u16,
    content_type: Option<&str>,
    x_error_code: Option<&str>,
    body: &str,
    summary: &RequestSummary,
) -> KeyTestOutcome {
    match read_answer::<Project>(200, status, content_type, x_error_code, body, summary) {
        Ok(p) => KeyTestOutcome::Works(p),
        Err(KeymintError::Atlas { api_error, .. })
            if matches!(
                api_error.error_code.as_str(),
                "IP_ADDRESS_NOT_ON_ACCESS_LIST" | "IP_ADDRESS_NOT_ON_WHITELIST"
            ) =>
        {
            KeyTestOutcome::AddressNotAllowed {
                address: refused_address(&api_error),
            }
        }
        Err(e) => KeyTestOutcome::Failed(e),
    }
}
