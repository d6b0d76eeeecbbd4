//! What a request looks like: the environment ([`super::environment`]) decides host, path and media
//! type. One function builds the request, so
//! the real call, the curl preview and the tests use the same bytes.

use super::environment::{ApiFlavor, Environment, ATLAS_V2_MEDIA_TYPE};
use super::request::{CreateApiKeyRequest, ProjectId};

/// A request ready to send: the same value feeds the fetch, the curl preview and the tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// Scheme and host of the service, no trailing slash.
    pub base_url: String,
    /// Path and query on the service; this is also the Digest `uri`.
    pub path_and_query: String,
    /// Headers to send (never `Authorization`: auth is added per attempt).
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<String>,
}

impl HttpRequest {
    /// The full URL at the service (not the proxy URL).
    pub fn url(&self) -> String {
        format!("{}{}", self.base_url, self.path_and_query)
    }

    /// A header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn media_type(flavor: ApiFlavor) -> &'static str {
    match flavor {
        ApiFlavor::AtlasV2 => ATLAS_V2_MEDIA_TYPE,
        ApiFlavor::OpsManagerV1 => "application/json",
    }
}

fn api_prefix(flavor: ApiFlavor) -> &'static str {
    match flavor {
        ApiFlavor::AtlasV2 => "/api/atlas/v2",
        ApiFlavor::OpsManagerV1 => "/api/public/v1.0",
    }
}

/// A call on `env`'s API: `path` below the flavor's prefix, `Accept` always, `Content-Type` with a
/// body. Every request Keymint sends to Atlas is built here.
pub fn api_request(
    env: &Environment,
    method: &str,
    path: &str,
    body: Option<String>,
) -> HttpRequest {
    let flavor = env.flavor();
    let media = media_type(flavor);
    let mut headers = vec![("Accept".to_string(), media.to_string())];
    if body.is_some() {
        headers.push(("Content-Type".to_string(), media.to_string()));
    }
    HttpRequest {
        method: method.to_string(),
        base_url: env.base_url().to_string(),
        path_and_query: format!("{}{path}", api_prefix(flavor)),
        headers,
        body,
    }
}

/// The create call: `POST {prefix}/groups/{id}/apiKeys` with the body and media type of the flavor.
pub fn create_api_key(env: &Environment, req: &CreateApiKeyRequest) -> HttpRequest {
    api_request(
        env,
        "POST",
        &format!("/groups/{}/apiKeys", req.project_id().as_str()),
        Some(req.body_json()),
    )
}

/// The unauthenticated request "Test connection" sends: Atlas answers it with its 401 Digest challenge.
pub fn probe(env: &Environment) -> HttpRequest {
    api_request(env, "GET", "/groups", None)
}

/// The request that obtains Atlas's Digest challenge ahead of a create: an unsigned
/// `GET {prefix}/groups/{id}` (read the project). It creates nothing: a GET only reads, and without
/// an `Authorization` header Atlas answers 401 with its challenge before it looks at the project. The
/// nonce it carries signs the next create, so a press sends one signed POST and nothing before it.
/// (The shipped nginx allow-list forwards this GET.)
pub fn challenge(env: &Environment, project_id: &ProjectId) -> HttpRequest {
    let flavor = env.flavor();
    HttpRequest {
        method: "GET".to_string(),
        base_url: env.base_url().to_string(),
        path_and_query: format!("{}/groups/{}", api_prefix(flavor), project_id.as_str()),
        headers: vec![("Accept".to_string(), media_type(flavor).to_string())],
        body: None,
    }
}

/// POSIX shell single-quoting: safe for any text, metacharacters included.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', r#"'\''"#))
}

/// How the previewed request is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CurlAuth<'a> {
    /// HTTP Digest with this public key (the private key is masked).
    Digest { public_key: &'a str },
    /// A service account's Bearer token (masked).
    Bearer,
}

/// The same request as a `curl` command, with the secret masked.
pub fn curl_preview(req: &HttpRequest, auth: CurlAuth<'_>) -> String {
    let mut parts = vec!["curl".to_string()];
    match auth {
        CurlAuth::Digest { public_key } => {
            parts.push("--digest".to_string());
            parts.push("--user".to_string());
            parts.push(shell_quote(&format!("{public_key}:********")));
        }
        CurlAuth::Bearer => {
            parts.push("--header".to_string());
            parts.push(shell_quote("Authorization: Bearer ********"));
        }
    }
    for (name, value) in &req.headers {
        parts.push("--header".to_string());
        parts.push(shell_quote(&format!("{name}: {value}")));
    }
    parts.push("--request".to_string());
    parts.push(req.method.clone());
    parts.push(shell_quote(&req.url()));
    if let Some(body) = &req.body {
        parts.push("--data".to_string());
        parts.push(shell_quote(body));
    }
    parts.join(" ")
}
