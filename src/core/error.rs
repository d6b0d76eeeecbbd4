//! Every failure a user can hit, typed, keeping its facts (status, Atlas error code, detail, the
//! request that failed), each with a title, a message and a next step.

use super::digest::DigestError;
use super::oauth::OAuthError;
use super::proxy::ProxyError;
use super::request::{Field, ValidationErrors};
use super::response::{explain, ApiError};
use super::target::HttpRequest;

/// Which request failed: the service URL and the URL actually fetched. Never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSummary {
    /// `GET`, `POST`, …
    pub method: String,
    /// The URL at Atlas.
    pub url: String,
    /// The URL the browser fetched (the proxy's).
    pub via: String,
}

impl RequestSummary {
    /// The summary of `target` fetched at `via`.
    pub fn of(target: &HttpRequest, via: &str) -> Self {
        RequestSummary {
            method: target.method.clone(),
            url: target.url(),
            via: via.to_string(),
        }
    }

    fn line(&self) -> String {
        if self.via.is_empty() || self.via == self.url {
            format!("{} {}", self.method, self.url)
        } else {
            format!("{} {} (via {})", self.method, self.url, self.via)
        }
    }
}

/// A failure, with what the user needs to act on it.
#[derive(Debug, Clone, PartialEq)]
pub enum KeymintError {
    /// The form is not valid; nothing was sent.
    Validation(ValidationErrors),
    /// The proxy setting is unusable; nothing was sent.
    Proxy(ProxyError),
    /// The browser could not complete the fetch: nothing answers at the proxy, or its answer lacks
    /// CORS headers (the browser does not tell which).
    ProxyUnreachable {
        summary: RequestSummary,
        detail: String,
    },
    /// A 401 came back but its `WWW-Authenticate` was not readable: the proxy does not expose it.
    ChallengeHidden { summary: RequestSummary },
    /// The challenge could not be answered.
    Digest(DigestError),
    /// Atlas answered with its error body.
    Atlas {
        status: u16,
        api_error: Box<ApiError>,
        summary: RequestSummary,
    },
    /// An answer that is neither the key nor an Atlas error (a proxy's error page, a 201, …).
    UnexpectedResponse {
        status: u16,
        content_type: Option<String>,
        snippet: String,
        summary: RequestSummary,
    },
    /// Atlas (or something in front of it) answered the signed create with a 5xx in Atlas's error
    /// shape: it failed, but possibly after creating the key.
    ServerErrorAfterSending {
        status: u16,
        api_error: Box<ApiError>,
        summary: RequestSummary,
    },
    /// No answer in time to a request that creates nothing (a challenge, a token, a read). A signed
    /// create without an answer in time is [`KeymintError::OutcomeUnknown`].
    Timeout {
        seconds: u32,
        summary: RequestSummary,
    },
    /// The signed create was sent and the answer was lost: the key may exist.
    OutcomeUnknown {
        summary: RequestSummary,
        detail: String,
    },
    /// Atlas answered the signed create with 200 (so the key exists), but the body is not the key:
    /// its private key is lost.
    CreatedButUnreadable {
        summary: RequestSummary,
        snippet: String,
    },
    /// A call after the create that changes something at Atlas (an access-list POST, a DELETE, an
    /// assignment) was signed and sent, and its answer was lost or was a 5xx: the change may or may
    /// not have been made. The page reads Atlas to find out; it never sends the call again.
    ChangeUnknown {
        summary: RequestSummary,
        detail: String,
    },
    /// Such a change, read back after its answer was lost: Atlas shows it was not made.
    ChangeNotMade {
        summary: RequestSummary,
        /// What the read found, in a sentence (no secret).
        found: String,
    },
    /// A service-account login problem.
    OAuth(OAuthError),
}

impl KeymintError {
    /// A short heading.
    pub fn title(&self) -> String {
        match self {
            KeymintError::Validation(e) => format!(
                "The form has {} problem{}",
                e.0.len(),
                if e.0.len() == 1 { "" } else { "s" }
            ),
            KeymintError::Proxy(_) => "Proxy URL not usable".to_string(),
            KeymintError::ProxyUnreachable { .. } => {
                "Could not reach Atlas through the proxy (blocked or unreachable)".to_string()
            }
            KeymintError::ChallengeHidden { .. } => {
                "The proxy hides Atlas's login challenge".to_string()
            }
            KeymintError::Digest(_) => "Cannot answer the authentication challenge".to_string(),
            KeymintError::Atlas { api_error, .. } => explain(api_error).title,
            KeymintError::UnexpectedResponse { status, .. } => {
                format!("Unexpected answer (HTTP {status})")
            }
            KeymintError::ServerErrorAfterSending { status, .. } => {
                format!("Atlas failed (HTTP {status}): the key may have been created")
            }
            KeymintError::Timeout { .. } => "No answer in time; nothing was created".to_string(),
            KeymintError::OutcomeUnknown { .. } => {
                "The answer was lost: the key may have been created".to_string()
            }
            KeymintError::CreatedButUnreadable { .. } => {
                "The key was created, but its private key could not be read".to_string()
            }
            KeymintError::ChangeUnknown { .. } => {
                "The answer was lost: Atlas may have made the change".to_string()
            }
            KeymintError::ChangeNotMade { .. } => "Atlas did not make the change".to_string(),
            KeymintError::OAuth(e) => e.title(),
        }
    }

    /// What happened, with the facts.
    pub fn message(&self) -> String {
        match self {
            KeymintError::Validation(e) => e.to_string(),
            KeymintError::Proxy(e) => e.message(),
            KeymintError::ProxyUnreachable { summary, detail } => format!(
                "The browser blocked or could not complete {}: {detail}. Either nothing answers at the proxy \
                 address, or the proxy answered without the CORS headers this page needs (the browser does not \
                 say which).",
                summary.line()
            ),
            KeymintError::ChallengeHidden { summary } => format!(
                "{} got HTTP 401, but the WWW-Authenticate header with the Digest challenge was not readable.",
                summary.line()
            ),
            KeymintError::Digest(e) => format!("{e}."),
            KeymintError::Atlas { status, api_error, summary } => {
                let ex = explain(api_error);
                format!("{} (HTTP {status}, {} on {})", ex.message, api_error.error_code, summary.line())
            }
            KeymintError::UnexpectedResponse { status, content_type, snippet, summary } => format!(
                "{} answered HTTP {status} ({}) with something that is neither a key nor an Atlas error: {snippet}",
                summary.line(),
                content_type.as_deref().unwrap_or("no content type")
            ),
            KeymintError::ServerErrorAfterSending { status, api_error, summary } => format!(
                "The signed create {} was answered HTTP {status} ({}: {}). Atlas may have created the key \
                 before failing; its private key cannot be shown again.",
                summary.line(),
                api_error.error_code,
                explain(api_error).message
            ),
            KeymintError::Timeout { seconds, summary } => {
                format!("{} got no answer within {seconds} seconds.", summary.line())
            }
            KeymintError::OutcomeUnknown { summary, detail } => format!(
                "The signed create {} was sent, but its answer was lost ({detail}). Atlas may have created \
                 the key; its private key cannot be shown again.",
                summary.line()
            ),
            KeymintError::CreatedButUnreadable { summary, snippet } => format!(
                "{} answered 200 OK, so Atlas created the key, but the answer is not the key's JSON: {snippet}",
                summary.line()
            ),
            KeymintError::ChangeUnknown { summary, detail } => format!(
                "{} was signed and sent, but its answer was lost ({detail}). Atlas may have made the \
                 change; Keymint does not send it again to find out.",
                summary.line()
            ),
            KeymintError::ChangeNotMade { summary, found } => format!(
                "The answer to {} was lost, and Atlas, read again, shows the change was not made: {found}",
                summary.line()
            ),
            KeymintError::OAuth(e) => e.message(),
        }
    }

    /// What to do next.
    pub fn next_step(&self) -> String {
        match self {
            KeymintError::Validation(_) => "Fix the fields marked above.".to_string(),
            KeymintError::Proxy(_) => "Correct the Proxy URL in Connection settings.".to_string(),
            KeymintError::ProxyUnreachable { .. } => "Press \"Test connection\": it tells an unreachable proxy from one \
                that drops CORS headers. Check the Proxy URL; a cross-origin proxy must allow this page's origin."
                .to_string(),
            KeymintError::ChallengeHidden { .. } => "Configure the proxy to expose the header: \
                Access-Control-Expose-Headers: WWW-Authenticate on every answer, 401 included (nginx: add_header … always). \
                cors-anywhere does this by itself."
                .to_string(),
            KeymintError::Digest(_) => "Check that the Proxy URL points at Atlas and not at a proxy that asks for its own login.".to_string(),
            KeymintError::Atlas { api_error, .. } => explain(api_error).next_step,
            KeymintError::UnexpectedResponse { .. } => "The proxy may be returning its own error page: check its logs \
                and that it forwards to the Atlas API. Before trying again, check in Atlas whether a key was created."
                .to_string(),
            KeymintError::Timeout { .. } => "Try again; if it persists, press \"Test connection\".".to_string(),
            KeymintError::OutcomeUnknown { .. }
            | KeymintError::ServerErrorAfterSending { .. } => {
                "Do not press Create again yet. List the project's API keys (Atlas: Project > Access Manager > API Keys, \
                 or `atlas projects apiKeys list --projectId <id>`). If a key with this description exists, delete it \
                 (its private key is lost) and create a new one."
                    .to_string()
            }
            KeymintError::CreatedButUnreadable { .. } => "Its private key cannot be retrieved. Delete the key with \
                this description (Atlas: Project > Access Manager > API Keys, or `atlas projects apiKeys list --projectId <id>` \
                and `atlas organizations apiKeys delete <id>`), check that the proxy passes Atlas's answers through \
                unchanged, then create a new one."
                .to_string(),
            KeymintError::ChangeUnknown { .. } => "Press \"Check Atlas\": it only reads, and tells whether the \
                change was made. Do not repeat the change before that."
                .to_string(),
            KeymintError::ChangeNotMade { .. } => {
                "Nothing changed, so the change can be made again: press its button once more.".to_string()
            }
            KeymintError::OAuth(e) => e.next_step(),
        }
    }

    /// The form field this concerns, if any.
    pub fn field(&self) -> Option<Field> {
        match self {
            KeymintError::Validation(e) => e.0.first().map(|f| f.field),
            KeymintError::Atlas { api_error, .. } => explain(api_error).field,
            _ => None,
        }
    }

    /// True when Atlas refused the call's signature (a 401 with its error body): the call did nothing.
    pub fn signature_refused(&self) -> bool {
        matches!(self, KeymintError::Atlas { status: 401, .. })
    }

    /// True when a change after the create may have been made, and Atlas must be read before anything
    /// else is sent for it.
    pub fn change_unknown(&self) -> bool {
        matches!(self, KeymintError::ChangeUnknown { .. })
    }

    /// True when a create may have happened (or did) and must not be repeated blindly.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            KeymintError::OutcomeUnknown { .. }
                | KeymintError::CreatedButUnreadable { .. }
                | KeymintError::ServerErrorAfterSending { .. }
        )
    }
}

/// What to say when the browser cannot read a file the user picked (a template, a CLI config, profiles).
pub fn file_unreadable(name: &str) -> String {
    format!("{name} could not be read; pick it again or check its permissions")
}

impl std::fmt::Display for KeymintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.title(), self.message())
    }
}

impl std::error::Error for KeymintError {}

impl From<ValidationErrors> for KeymintError {
    fn from(e: ValidationErrors) -> Self {
        KeymintError::Validation(e)
    }
}

impl From<ProxyError> for KeymintError {
    fn from(e: ProxyError) -> Self {
        KeymintError::Proxy(e)
    }
}

impl From<OAuthError> for KeymintError {
    fn from(e: OAuthError) -> Self {
        KeymintError::OAuth(e)
    }
}

impl From<DigestError> for KeymintError {
    fn from(e: DigestError) -> Self {
        KeymintError::Digest(e)
    }
}
