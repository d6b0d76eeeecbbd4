//! Service accounts: OAuth 2.0 client credentials as Atlas does them. `POST {base}/api/oauth/token` with
//! `Authorization: Basic base64(id:secret)` and `grant_type=client_credentials` gives a Bearer token for an
//! hour; it is kept in memory only, reused until it is about to expire, dropped on a 401, and revoked
//! with `POST {base}/api/oauth/revoke`.

use super::target::{Environment, HttpRequest};
use base64::Engine;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::Deserialize;

/// Seconds before expiry at which a token is no longer used (clock skew, slow proxies).
pub const EXPIRY_MARGIN_SECS: f64 = 60.0;

/// Why a service-account login did not work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OAuthError {
    /// The client ID is not `mdb_sa_id_` + 24 lower-case hex.
    BadClientId,
    /// The client secret does not start with `mdb_sa_sk_`.
    BadClientSecret,
    /// The token endpoint refused the ID and secret.
    InvalidClient { status: u16 },
    /// The token endpoint answered something that is not a token.
    Malformed { status: u16, snippet: String },
    /// A token type other than Bearer.
    WrongTokenType(String),
    /// Atlas refused the token on an API call (expired or revoked); a new one is fetched next time.
    TokenRejected,
}

impl OAuthError {
    /// A short heading.
    pub fn title(&self) -> String {
        match self {
            OAuthError::BadClientId | OAuthError::BadClientSecret => {
                "Service account details not valid".into()
            }
            OAuthError::InvalidClient { .. } => "Wrong client ID or secret".into(),
            OAuthError::Malformed { .. } | OAuthError::WrongTokenType(_) => {
                "Unexpected answer from the token endpoint".into()
            }
            OAuthError::TokenRejected => "The access token was refused".into(),
        }
    }

    /// What happened.
    pub fn message(&self) -> String {
        match self {
            OAuthError::BadClientId => "Client ID must be mdb_sa_id_ followed by 24 lower-case hexadecimal characters.".into(),
            OAuthError::BadClientSecret => "Client secret must start with mdb_sa_sk_.".into(),
            OAuthError::InvalidClient { status } => format!("The token endpoint refused this client ID and secret (HTTP {status})."),
            OAuthError::Malformed { status, snippet } => format!("HTTP {status}: {snippet}"),
            OAuthError::WrongTokenType(t) => format!("The token endpoint issued a \"{t}\" token; Atlas uses Bearer tokens."),
            OAuthError::TokenRejected => "Atlas did not accept the service account's access token (expired, revoked, or the call came from an address not on the service account's access list).".into(),
        }
    }

    /// What to do next.
    pub fn next_step(&self) -> String {
        match self {
            OAuthError::BadClientId | OAuthError::BadClientSecret => "Copy both from Atlas: Organization > Access Manager > Service Accounts.".into(),
            OAuthError::InvalidClient { .. } => "Check the client ID and secret; a secret can be expired or revoked — create a new one in Atlas if so.".into(),
            OAuthError::Malformed { .. } | OAuthError::WrongTokenType(_) => "Check that the Proxy URL forwards /api/oauth/token to Atlas.".into(),
            OAuthError::TokenRejected => "Press Create API key again to get a fresh token. If it is refused again: tokens can be requested from anywhere, but API calls must come from an address on the service account's access list, and that address is the proxy's.".into(),
        }
    }
}

impl std::fmt::Display for OAuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.title(), self.message())
    }
}

impl std::error::Error for OAuthError {}

/// A service account's client ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientId(String);

impl ClientId {
    /// Checks `mdb_sa_id_` + 24 lower-case hex.
    pub fn parse(s: &str) -> Result<Self, OAuthError> {
        let s = s.trim();
        let hex = s
            .strip_prefix("mdb_sa_id_")
            .ok_or(OAuthError::BadClientId)?;
        if hex.len() == 24
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            Ok(ClientId(s.to_string()))
        } else {
            Err(OAuthError::BadClientId)
        }
    }

    /// The ID as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A service account's client secret (Debug redacts it).
#[derive(Clone, PartialEq, Eq)]
pub struct ClientSecret(String);

impl std::fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientSecret(<redacted>)")
    }
}

impl ClientSecret {
    /// Checks the `mdb_sa_sk_` prefix and a non-empty rest.
    pub fn parse(s: &str) -> Result<Self, OAuthError> {
        let s = s.trim();
        match s.strip_prefix("mdb_sa_sk_") {
            Some(rest) if !rest.is_empty() && !rest.chars().any(char::is_whitespace) => {
                Ok(ClientSecret(s.to_string()))
            }
            _ => Err(OAuthError::BadClientSecret),
        }
    }
}

fn basic(id: &ClientId, secret: &ClientSecret) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", id.0, secret.0))
    )
}

fn form_post(env: &Environment, path: &str, auth: String, body: String) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        base_url: env.base_url().to_string(),
        path_and_query: path.into(),
        headers: vec![
            ("Authorization".into(), auth),
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ),
            ("Accept".into(), "application/json".into()),
        ],
        body: Some(body),
    }
}

/// The token request. Its `Authorization` header carries the secret: it is built per call, never stored.
pub fn token_request(env: &Environment, id: &ClientId, secret: &ClientSecret) -> HttpRequest {
    form_post(
        env,
        "/api/oauth/token",
        basic(id, secret),
        "grant_type=client_credentials".into(),
    )
}

/// The revoke request for a token.
pub fn revoke_request(
    env: &Environment,
    id: &ClientId,
    secret: &ClientSecret,
    token: &AccessToken,
) -> HttpRequest {
    let body = format!(
        "token={}&token_type_hint=access_token",
        utf8_percent_encode(&token.value, NON_ALPHANUMERIC)
    );
    form_post(env, "/api/oauth/revoke", basic(id, secret), body)
}

/// A Bearer token and when it stops being usable (Debug redacts the token).
#[derive(Clone, PartialEq)]
pub struct AccessToken {
    value: String,
    /// Seconds since the epoch.
    pub expires_at: f64,
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AccessToken(<redacted>, expires_at {})", self.expires_at)
    }
}

impl AccessToken {
    /// True while more than [`EXPIRY_MARGIN_SECS`] remain.
    pub fn is_usable(&self, now: f64) -> bool {
        now + EXPIRY_MARGIN_SECS < self.expires_at
    }

    /// The `Authorization` value for API calls.
    pub fn bearer_header(&self) -> String {
        format!("Bearer {}", self.value)
    }
}

#[derive(Deserialize)]
struct TokenBody {
    access_token: String,
    token_type: String,
    expires_in: f64,
}

/// Reads the token endpoint's answer.
pub fn parse_token_response(status: u16, body: &str, now: f64) -> Result<AccessToken, OAuthError> {
    if status == 400 || status == 401 {
        return Err(OAuthError::InvalidClient { status });
    }
    let snippet = || body.chars().take(160).collect::<String>();
    if status != 200 {
        return Err(OAuthError::Malformed {
            status,
            snippet: snippet(),
        });
    }
    let t: TokenBody = serde_json::from_str(body).map_err(|_| OAuthError::Malformed {
        status,
        snippet: snippet(),
    })?;
    if !t.token_type.eq_ignore_ascii_case("bearer") {
        return Err(OAuthError::WrongTokenType(
            t.token_type.chars().take(40).collect(),
        ));
    }
    if t.access_token.is_empty() || !t.expires_in.is_finite() || t.expires_in <= 0.0 {
        return Err(OAuthError::Malformed {
            status,
            snippet: "an empty or already expired token".into(),
        });
    }
    Ok(AccessToken {
        value: t.access_token,
        expires_at: now + t.expires_in,
    })
}

/// The one token of this tab, in memory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenCache {
    token: Option<AccessToken>,
}

impl TokenCache {
    /// The token, while usable.
    pub fn get(&self, now: f64) -> Option<&AccessToken> {
        self.token.as_ref().filter(|t| t.is_usable(now))
    }

    /// Keeps a new token.
    pub fn store(&mut self, token: AccessToken) {
        self.token = Some(token);
    }

    /// Drops the token (after a 401, on sign-out); returns it for revocation.
    pub fn invalidate(&mut self) -> Option<AccessToken> {
        self.token.take()
    }
}
