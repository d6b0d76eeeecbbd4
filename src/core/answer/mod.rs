//! What an HTTP answer means for a create. The transport moves bytes and hands every answer (or
//! why none came) here, with the request it answers; these functions decide: the key, a failure that
//! created nothing, or "outcome unknown" (the key may exist and Create must not be pressed blindly).
//!
//! The rule that keeps one press from making two keys: once a signed POST has left, only a 401 proves
//! nothing was created. A lost or late answer, a proxy's answer instead of Atlas's, or a 200 that is not
//! the key all mean the key may exist.

use super::digest::DigestChallenge;
use super::error::{KeymintError, RequestSummary};
use super::oauth::OAuthError;
use super::response::{refused_address, ApiKeyUserDetails};

mod body;

pub use body::{parse_create_response, parse_signed_create_response, read_json, read_no_content};

/// Why a fetch produced no (complete) answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchFailure {
    /// The browser could not complete the fetch: connection refused or dropped, DNS, or an answer it
    /// blocked (CORS). Its own words, never a secret.
    Network(String),
    /// The deadline fired first, after this many seconds.
    TimedOut { seconds: u32 },
}

/// What came back: the status and headers, and the body or why it was lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub x_error_code: Option<String>,
    pub www_authenticate: Option<String>,
    pub body: Result<String, FetchFailure>,
}

impl Answer {
    /// This answer as the readers see it, or why its body was lost (the status and headers alone
    /// are not an answer a reader can take).
    pub fn received(&self) -> Result<Received<'_>, FetchFailure> {
        match &self.body {
            Ok(body) => Ok(self.with_body(body)),
            Err(failure) => Err(failure.clone()),
        }
    }

    /// This answer's status and headers with `body` in place of its own.
    fn with_body<'a>(&'a self, body: &'a str) -> Received<'a> {
        Received {
            status: self.status,
            content_type: self.content_type.as_deref(),
            x_error_code: self.x_error_code.as_deref(),
            body,
        }
    }
}

/// One complete answer as the readers see it: its status, the two headers they read, its body.
/// One value, so a reader takes the answer and its request's summary and nothing else, and two
/// headers of the same type cannot be passed in each other's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received<'a> {
    pub status: u16,
    /// The `Content-Type` header, quoted when the answer is not one Keymint can read.
    pub content_type: Option<&'a str>,
    /// The `X-Error-Code` header: Atlas's error code even when a proxy lost or mangled the body.
    pub x_error_code: Option<&'a str>,
    pub body: &'a str,
}

impl<'a> Received<'a> {
    /// An answer with `status` and `body` and neither header (add them with
    /// [`Received::with_content_type`] and [`Received::with_error_code`]).
    pub fn new(status: u16, body: &'a str) -> Self {
        Received {
            status,
            content_type: None,
            x_error_code: None,
            body,
        }
    }

    /// The same answer with this `Content-Type` (a `&str`, or an `Option` as a header lookup gives it).
    pub fn with_content_type(self, content_type: impl Into<Option<&'a str>>) -> Self {
        Received {
            content_type: content_type.into(),
            ..self
        }
    }

    /// The same answer with this `X-Error-Code` (a `&str`, or an `Option` as a header lookup gives it).
    pub fn with_error_code(self, x_error_code: impl Into<Option<&'a str>>) -> Self {
        Received {
            x_error_code: x_error_code.into(),
            ..self
        }
    }
}

/// Whether the request that got an answer carried credentials, so Atlas may have acted on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// The challenge POST: Atlas answers 401 before it reads the body, so nothing was created.
    Unsigned,
    /// The signed Digest POST or the Bearer POST: a key may exist whatever came back.
    Signed,
}

/// A failure before any signed request left: nothing can have been created.
pub fn unsent_error(failure: FetchFailure, summary: &RequestSummary) -> KeymintError {
    match failure {
        FetchFailure::Network(detail) => KeymintError::ProxyUnreachable {
            summary: summary.clone(),
            detail,
        },
        FetchFailure::TimedOut { seconds } => KeymintError::Timeout {
            seconds,
            summary: summary.clone(),
        },
    }
}

/// A failure after the signed POST left: Atlas may have created the key.
pub fn sent_error(failure: FetchFailure, summary: &RequestSummary) -> KeymintError {
    let detail = match failure {
        FetchFailure::Network(detail) => detail,
        FetchFailure::TimedOut { seconds } => format!("no answer within {seconds} s"),
    };
    KeymintError::OutcomeUnknown {
        summary: summary.clone(),
        detail,
    }
}

/// Whether a call with this method may change something at Atlas (anything but a GET or a HEAD).
fn changes(method: &str) -> bool {
    !(method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD"))
}

/// A signed call after the create that got no (complete) answer. A read simply failed and may be
/// made again; a change (an access-list POST, a DELETE, an assignment) may have been made, so the
/// outcome is unknown until Atlas is read.
pub fn call_unanswered(failure: FetchFailure, summary: &RequestSummary) -> KeymintError {
    if !changes(&summary.method) {
        return unsent_error(failure, summary);
    }
    let detail = match failure {
        FetchFailure::Network(detail) => detail,
        FetchFailure::TimedOut { seconds } => format!("no answer within {seconds} s"),
    };
    KeymintError::ChangeUnknown {
        summary: summary.clone(),
        detail,
    }
}

/// The answer to a signed call after the create, as its reader takes it. For a change, a lost body
/// or a 5xx (Atlas's or a gateway's) proves nothing either way: the outcome is unknown. Only a 401
/// proves nothing happened, and every other answer is read as it is.
pub fn call_answer<'a>(
    answer: &'a Answer,
    summary: &RequestSummary,
) -> Result<Received<'a>, KeymintError> {
    let received = answer
        .received()
        .map_err(|failure| call_unanswered(failure, summary))?;
    if changes(&summary.method) && received.status >= 500 {
        let code = received
            .x_error_code
            .map(|code| format!(", {code}"))
            .unwrap_or_default();
        return Err(KeymintError::ChangeUnknown {
            summary: summary.clone(),
            detail: format!("HTTP {}{code}", received.status),
        });
    }
    Ok(received)
}

/// The answer to a create, judged: the key, or the typed error it means.
pub fn judge(
    answer: Answer,
    sent: Sent,
    summary: &RequestSummary,
) -> Result<ApiKeyUserDetails, KeymintError> {
    let received = match answer.received() {
        Ok(received) => received,
        // Status known but body lost: a success means a key exists whose private key we never saw.
        Err(failure) if (200..300).contains(&answer.status) => {
            return Err(sent_error(failure, summary))
        }
        // A failure status is still read, from its headers, as if its body were empty.
        Err(_) => answer.with_body(""),
    };
    let parse = match sent {
        Sent::Unsigned => parse_create_response,
        Sent::Signed => parse_signed_create_response,
    };
    parse(received, summary)
}

/// The answer to a create sent with a service account's Bearer token. A 401 means Atlas refused the
/// token (nothing was created: the caller may get a new token and send once more); a 403 saying the
/// address is not on the access list is about the service account, not the request. Anything else
/// is judged as any signed create.
pub fn judge_bearer(
    answer: Answer,
    summary: &RequestSummary,
) -> Result<ApiKeyUserDetails, KeymintError> {
    if answer.status == 401 {
        return Err(KeymintError::OAuth(OAuthError::TokenRejected));
    }
    if answer.status == 403 {
        let body = answer.body.as_deref().unwrap_or_default();
        if let Some(refusal) = access_list_refusal(answer.x_error_code.as_deref(), body) {
            return Err(KeymintError::OAuth(refusal));
        }
    }
    judge(answer, Sent::Signed, summary)
}

/// What the answer to the unsigned POST calls for.
#[derive(Debug)]
pub enum FirstAnswer {
    /// Atlas's Digest challenge: sign the POST with it.
    Sign(DigestChallenge),
    /// No challenge: this answer is final (an Atlas error, a proxy's page, or the key itself when
    /// something on the way already signed the request).
    Done(Result<ApiKeyUserDetails, KeymintError>),
}

/// Reads the answer to the unsigned POST. Anything but a 401 is judged as an unsigned answer (it
/// created nothing); a 401 must carry a readable challenge.
pub fn first_answer(answer: Answer, summary: &RequestSummary) -> FirstAnswer {
    if answer.status != 401 {
        return FirstAnswer::Done(judge(answer, Sent::Unsigned, summary));
    }
    let Some(header) = answer.www_authenticate.as_deref() else {
        return FirstAnswer::Done(Err(KeymintError::ChallengeHidden {
            summary: summary.clone(),
        }));
    };
    match DigestChallenge::parse(header) {
        Ok(challenge) => FirstAnswer::Sign(challenge),
        Err(e) => FirstAnswer::Done(Err(KeymintError::Digest(e))),
    }
}

/// The Digest challenge in the answer to an unsigned call other than the create: `Ok(None)` when
/// the answer is not a 401 (it is final: read it as it is), an error when a 401's challenge is not
/// readable.
pub fn challenge_of(
    answer: &Answer,
    summary: &RequestSummary,
) -> Result<Option<DigestChallenge>, KeymintError> {
    if answer.status != 401 {
        return Ok(None);
    }
    let Some(header) = answer.www_authenticate.as_deref() else {
        return Err(KeymintError::ChallengeHidden {
            summary: summary.clone(),
        });
    };
    DigestChallenge::parse(header)
        .map(Some)
        .map_err(KeymintError::Digest)
}

/// The Digest challenge in an answer, when it is a 401 that carries a readable one.
pub fn challenge_in(answer: &Answer) -> Option<DigestChallenge> {
    if answer.status != 401 {
        return None;
    }
    answer
        .www_authenticate
        .as_deref()
        .and_then(|h| DigestChallenge::parse(h).ok())
}

/// Where the nonce of a signed POST came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonceOrigin {
    /// The challenge to this press's own unsigned POST: a 401 without `stale=true` means Atlas
    /// refused the credentials.
    ThisPress,
    /// Kept from an earlier request (a request made ahead of the press, Test connection, or an
    /// earlier create): Atlas may have expired it or may not take it again, and says so with a 401
    /// and a new challenge (`stale=true`, or not).
    Kept,
    /// The new challenge in Atlas's 401 to a signed request of this press: the request is being
    /// signed again, and whatever answers it is final.
    Renewed,
}

/// What a create leaves for the next press.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeepNext {
    /// The session that signed: Atlas read the signature (it answered as itself, not with a 401),
    /// so its nonce is good for the next request with the next nc.
    Session,
    /// The new challenge in Atlas's final 401.
    Challenge(DigestChallenge),
    /// Nothing: the answer was lost or did not come from Atlas, so the nonce's state is unknown.
    Nothing,
}

/// What the answer to a signed Digest POST calls for.
#[derive(Debug)]
pub enum SignedAnswer {
    /// Sign the POST once more with this challenge: a 401 proves nothing was created.
    SignAgain(DigestChallenge),
    /// The outcome of the press, and what to keep for the next one.
    Done {
        result: Result<ApiKeyUserDetails, KeymintError>,
        keep: KeepNext,
    },
}

/// Judges the answer to a signed Digest POST whose nonce came from `origin`. The one case that earns
/// another signed POST: a 401 with a new challenge (nothing was created) to the first signed POST of
/// the press, when its nonce was kept from earlier or Atlas says it expired (`stale=true`). Never a
/// third: a POST signed with a [`NonceOrigin::Renewed`] nonce gets its answer judged as final,
/// whatever it is. Every other answer is judged as any signed create.
pub fn signed_answer(
    answer: Answer,
    origin: NonceOrigin,
    summary: &RequestSummary,
) -> SignedAnswer {
    let challenge = challenge_in(&answer);
    if let Some(challenge) = &challenge {
        let may_sign_again = match origin {
            NonceOrigin::Kept => true,
            NonceOrigin::ThisPress => challenge.stale,
            NonceOrigin::Renewed => false,
        };
        if may_sign_again {
            return SignedAnswer::SignAgain(challenge.clone());
        }
    }
    let result = judge(answer, Sent::Signed, summary);
    let keep = match challenge {
        Some(challenge) => KeepNext::Challenge(challenge),
        None => match &result {
            Ok(_) => KeepNext::Session,
            Err(KeymintError::Atlas { status, .. }) if *status != 401 => KeepNext::Session,
            Err(_) => KeepNext::Nothing,
        },
    };
    SignedAnswer::Done { result, keep }
}

/// Whether the answer to a signed call other than the create earns one more signature, and the
/// challenge to sign it with: only a 401 with a readable challenge that says the nonce expired
/// (`stale=true`), and only when the call was not signed with a [`NonceOrigin::Renewed`] nonce
/// already. Unlike a create ([`signed_answer`]), such a call never signs with a kept nonce, so a 401
/// without `stale=true` means Atlas refused the credentials, and that answer is read as final.
pub fn sign_again_for_call(answer: &Answer, origin: NonceOrigin) -> Option<DigestChallenge> {
    if origin == NonceOrigin::Renewed {
        return None;
    }
    challenge_in(answer).filter(|challenge| challenge.stale)
}

/// A 403 that says the caller's address is not on the service account's access list (the address
/// Atlas sees is the proxy's), with the refused address when Atlas names it.
fn access_list_refusal(x_error_code: Option<&str>, body: &str) -> Option<OAuthError> {
    let json: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let code = x_error_code
        .map(str::to_string)
        .or_else(|| {
            json.as_ref()
                .and_then(|j| j.get("errorCode"))
                .and_then(|c| c.as_str())
                .map(str::to_string)
        })
        .unwrap_or_default();
    if !matches!(
        code.trim(),
        "IP_ADDRESS_NOT_ON_ACCESS_LIST" | "IP_ADDRESS_NOT_ON_WHITELIST"
    ) {
        return None;
    }
    let field = |name: &str| json.as_ref().and_then(|j| j.get(name));
    let parameters = field("parameters")
        .and_then(|p| p.as_array())
        .map(Vec::as_slice)
        .unwrap_or_default();
    let address = refused_address(parameters, field("detail").and_then(|d| d.as_str()));
    Some(OAuthError::IpNotOnAccessList { address })
}
