//! Service accounts: OAuth 2.0 client credentials as Atlas does them. `POST {base}/api/oauth/token` with
//! `Authorization: Basic base64(id:secret)` and `grant_type=client_credentials` gives a Bearer token for an
//! hour; it is kept in memory only, reused until it is about to expire, dropped on a 401, and revoked
//! with `POST {base}/api/oauth/revoke`.

use super::environment::Environment;
use super::proxy::ProxyRoute;
use super::target::HttpRequest;
use super::text::clip;
use base64::Engine;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

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
    /// The token endpoint refused the request for another reason than the credentials
    /// (RFC 6749 section 5.2 `error`, e.g. `unsupported_grant_type` when a proxy mangled the form body).
    TokenRefused {
        status: u16,
        error: String,
        description: Option<String>,
    },
    /// An API call made with a valid token came from an address not on the service account's access list.
    IpNotOnAccessList { address: Option<String> },
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
            OAuthError::TokenRefused { .. } => "The token endpoint refused the request".into(),
            OAuthError::IpNotOnAccessList { .. } => {
                "Proxy address not on the service account's access list".into()
            }
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
            OAuthError::TokenRefused { status, error, description } => match description {
                Some(d) => format!("HTTP {status}, error \"{error}\": {d}"),
                None => format!("HTTP {status}, error \"{error}\"."),
            },
            OAuthError::IpNotOnAccessList { address } => format!(
                "The access token is valid, but Atlas refused the call because it came from {}, which is not on the service account's API access list. \
                 Tokens can be requested from anywhere; API calls must come from an allowed address.",
                address.as_deref().map_or_else(|| "an address".to_string(), |a| format!("the address {a}"))
            ),
        }
    }

    /// What to do next.
    pub fn next_step(&self) -> String {
        match self {
            OAuthError::BadClientId | OAuthError::BadClientSecret => "Copy both from Atlas: Organization > Access Manager > Service Accounts.".into(),
            OAuthError::InvalidClient { .. } => "Check the client ID and secret; a secret can be expired or revoked — create a new one in Atlas if so.".into(),
            OAuthError::Malformed { .. } | OAuthError::WrongTokenType(_) => "Check that the Proxy URL forwards /api/oauth/token to Atlas.".into(),
            OAuthError::TokenRejected => "Press Create API key again to get a fresh token. If it is refused again: tokens can be requested from anywhere, but API calls must come from an address on the service account's access list, and that address is the proxy's.".into(),
            OAuthError::TokenRefused { error, .. } if error == "unsupported_grant_type" || error == "invalid_request" => {
                "The form body did not reach Atlas intact: check that the Proxy URL forwards POST bodies and the Content-Type header to /api/oauth/token unchanged.".into()
            }
            OAuthError::TokenRefused { .. } => "Check the service account in Atlas (Organization > Access Manager > Service Accounts) and that the Proxy URL forwards /api/oauth/token unchanged.".into(),
            OAuthError::IpNotOnAccessList { .. } => "Atlas sees the proxy's address, not your browser's: add the proxy's public IP address to the service account's API access list (Organization > Access Manager > Service Accounts > your account > API Access List), or ask the team that runs this page which address to add.".into(),
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
    /// Seconds before `expires_at` at which the token is no longer used.
    margin: f64,
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AccessToken(<redacted>, expires_at {})", self.expires_at)
    }
}

impl AccessToken {
    /// True while more than the safety margin remains: [`EXPIRY_MARGIN_SECS`], or half the lifetime
    /// for a token issued for less than two margins (else a short-lived token would never be usable).
    pub fn is_usable(&self, now: f64) -> bool {
        now + self.margin < self.expires_at
    }

    /// The `Authorization` value for API calls.
    pub fn bearer_header(&self) -> String {
        format!("Bearer {}", self.value)
    }
}

/// The most characters of a server's own words (`error_description`, a non-JSON body) shown to the user.
const SNIPPET_CHARS: usize = 160;

/// RFC 6750 `b64token`: what may follow `Bearer `. Anything else (spaces, line breaks) would make the
/// browser reject the header, which would surface as a confusing network error much later.
fn is_b64token(value: &str) -> bool {
    let body = value.trim_end_matches('=');
    !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
}

fn number(v: &serde_json::Value) -> Option<f64> {
    // Some gateways send `"expires_in": "3600"`.
    v.as_f64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

/// Reads the token endpoint's answer; `now` is seconds since the epoch (the browser's clock).
///
/// A JSON body is never echoed into an error: it may hold the token itself. Only the names of missing
/// fields, the RFC 6749 `error` code and its `error_description` are shown.
pub fn parse_token_response(status: u16, body: &str, now: f64) -> Result<AccessToken, OAuthError> {
    let json: Option<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(body).ok();
    let malformed = |what: String| OAuthError::Malformed {
        status,
        snippet: what,
    };
    let Some(obj) = json else {
        if status == 401 {
            return Err(OAuthError::InvalidClient { status });
        }
        let what = if body.trim().is_empty() {
            "an empty answer".to_string()
        } else {
            clip(body, SNIPPET_CHARS)
        };
        return Err(malformed(what));
    };
    if let Some(error) = obj.get("error").and_then(|e| e.as_str()) {
        if error == "invalid_client" || status == 401 {
            return Err(OAuthError::InvalidClient { status });
        }
        return Err(OAuthError::TokenRefused {
            status,
            error: clip(error, 64),
            description: obj
                .get("error_description")
                .and_then(|d| d.as_str())
                .map(|d| clip(d, SNIPPET_CHARS))
                .filter(|d| !d.is_empty()),
        });
    }
    if status == 400 || status == 401 {
        return Err(OAuthError::InvalidClient { status });
    }
    if status != 200 {
        return Err(malformed(format!(
            "a JSON answer with HTTP status {status}"
        )));
    }
    let field = |name: &str| obj.get(name).filter(|v| !v.is_null());
    let missing: Vec<&str> = ["access_token", "token_type", "expires_in"]
        .into_iter()
        .filter(|name| field(name).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(malformed(format!(
            "the answer lacks {}",
            missing.join(", ")
        )));
    }
    let token_type = field("token_type").and_then(|v| v.as_str()).unwrap_or("");
    if !token_type.eq_ignore_ascii_case("bearer") {
        return Err(OAuthError::WrongTokenType(clip(token_type, 40)));
    }
    let Some(value) = field("access_token")
        .and_then(|v| v.as_str())
        .filter(|v| is_b64token(v))
    else {
        return Err(malformed(
            "an access_token that is not a usable Bearer token".into(),
        ));
    };
    let lifetime = match field("expires_in").and_then(number) {
        Some(secs) if secs.is_finite() && secs > 0.0 => secs,
        _ => {
            return Err(malformed(
                "an already expired or unreadable expires_in".into(),
            ))
        }
    };
    Ok(AccessToken {
        value: value.to_string(),
        expires_at: now + lifetime,
        margin: EXPIRY_MARGIN_SECS.min(lifetime / 2.0),
    })
}

/// Where a token came from: the environment, the proxy route and the client ID it was issued for.
/// It is used only there; when any of them changes it is forgotten (and revoked where it came from).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenBinding {
    pub environment: Environment,
    pub route: ProxyRoute,
    pub client_id: String,
}

/// The one token of this tab, in memory, with what it is bound to.
///
/// The transport's cycle: `get(now, binding)`; if `None`, fetch a token and `store` it with its
/// binding; send the create once with it; on [`OAuthError::TokenRejected`] call `invalidate`, so the
/// user's next attempt fetches a new token.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenCache {
    token: Option<(AccessToken, TokenBinding)>,
}

impl TokenCache {
    /// The token, while usable and only for the binding it was issued for.
    pub fn get(&self, now: f64, binding: &TokenBinding) -> Option<&AccessToken> {
        self.token
            .as_ref()
            .filter(|(t, b)| t.is_usable(now) && b == binding)
            .map(|(t, _)| t)
    }

    /// The token held (usable or not) and where it came from: what a revocation needs.
    pub fn held(&self, now: f64) -> Option<(&AccessToken, &TokenBinding)> {
        self.token
            .as_ref()
            .filter(|(t, _)| t.is_usable(now))
            .map(|(t, b)| (t, b))
    }

    /// Keeps a new token, bound to where it came from.
    pub fn store(&mut self, token: AccessToken, binding: TokenBinding) {
        self.token = Some((token, binding));
    }

    /// Drops the token (after a 401, on sign-out); returns it for revocation.
    pub fn invalidate(&mut self) -> Option<(AccessToken, TokenBinding)> {
        self.token.take()
    }

    /// Drops the token if `current` (what a create would now use; `None` when it cannot be used)
    /// is not what it is bound to, and returns it with its binding, so it is revoked through the
    /// route it came from.
    pub fn release_unless_bound(
        &mut self,
        current: Option<&TokenBinding>,
    ) -> Option<(AccessToken, TokenBinding)> {
        match (&self.token, current) {
            (Some((_, bound)), Some(current)) if bound == current => None,
            (Some(_), _) => self.token.take(),
            (None, _) => None,
        }
    }
}
