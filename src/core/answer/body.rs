//! Reading an answer's body: the key, Atlas's error (its free text redacted), or something that is
//! neither, for the create and for every later call. [`super`] decides what each means for the press.

use super::Received;
use crate::core::error::{KeymintError, RequestSummary};
use crate::core::response::{ApiError, ApiKeyUserDetails};
use crate::core::text::{clip, redact};
use serde::de::DeserializeOwned;

/// The most characters of an answer quoted in an error.
const QUOTE_CHARS: usize = 200;

/// Reads the answer to the create call. Success is exactly HTTP 200 with the key; any error body in
/// Atlas's shape becomes [`KeymintError::Atlas`]; anything else (a proxy's HTML page, an empty body, a
/// 201) is [`KeymintError::UnexpectedResponse`].
pub fn parse_create_response(
    answer: Received<'_>,
    summary: &RequestSummary,
) -> Result<ApiKeyUserDetails, KeymintError> {
    let quoted = || unexpected(answer, clip(answer.body, QUOTE_CHARS), summary);
    if answer.status == 200 {
        return match serde_json::from_str::<ApiKeyUserDetails>(answer.body) {
            Ok(key) if !key.private_key.is_empty() && !key.public_key.is_empty() => Ok(key),
            _ => Err(quoted()),
        };
    }
    atlas_error(answer, summary).map_or_else(|| Err(quoted()), Err)
}

/// An answer that is neither what was asked for nor Atlas's error, quoting `snippet` of it.
fn unexpected(answer: Received<'_>, snippet: String, summary: &RequestSummary) -> KeymintError {
    KeymintError::UnexpectedResponse {
        status: answer.status,
        content_type: answer.content_type.map(str::to_string),
        snippet,
        summary: summary.clone(),
    }
}

/// An answer in Atlas's error shape (its body, or only its `X-Error-Code` header when a proxy lost
/// or mangled the body) as [`KeymintError::Atlas`]; `None` when it is not Atlas's.
fn atlas_error(answer: Received<'_>, summary: &RequestSummary) -> Option<KeymintError> {
    let status = answer.status;
    let atlas = |api_error: ApiError| KeymintError::Atlas {
        status,
        api_error: Box::new(without_secrets(api_error)),
        summary: summary.clone(),
    };
    match serde_json::from_str::<ApiError>(answer.body) {
        Ok(api_error) => Some(atlas(api_error)),
        Err(_) => match answer.x_error_code {
            Some(code) if !code.is_empty() && status >= 400 => Some(atlas(ApiError {
                error: status,
                error_code: code.to_string(),
                detail: None,
                reason: None,
                parameters: Vec::new(),
                bad_request_detail: None,
            })),
            _ => None,
        },
    }
}

/// Reads the answer to a call other than the create that answers with a body (a list, a read, an
/// access-list create): success is HTTP 200 with a JSON body of type `T`. An Atlas error becomes
/// [`KeymintError::Atlas`], anything else [`KeymintError::UnexpectedResponse`]. A success body is
/// never quoted (it may carry a key).
pub fn read_json<T: DeserializeOwned>(
    answer: Received<'_>,
    summary: &RequestSummary,
) -> Result<T, KeymintError> {
    if answer.status != 200 {
        return Err(refusal(answer, summary));
    }
    serde_json::from_str::<T>(answer.body).map_err(|_| unreadable_success(answer, summary))
}

/// Reads the answer to a call that answers with no content (a delete, an unassign): success is
/// HTTP 204, whose body may be absent or JSON `null` and is otherwise not the answer asked for. Any
/// other answer is read as [`read_json`] reads one that is not its success.
pub fn read_no_content(answer: Received<'_>, summary: &RequestSummary) -> Result<(), KeymintError> {
    if answer.status != 204 {
        return Err(refusal(answer, summary));
    }
    let text = if answer.body.trim().is_empty() {
        "null"
    } else {
        answer.body
    };
    serde_json::from_str::<()>(text).map_err(|_| unreadable_success(answer, summary))
}

/// An answer that is not the success asked for: Atlas's error, or else the answer quoted.
fn refusal(answer: Received<'_>, summary: &RequestSummary) -> KeymintError {
    atlas_error(answer, summary)
        .unwrap_or_else(|| unexpected(answer, clip(answer.body, QUOTE_CHARS), summary))
}

/// The success status with a body that is not what it should be: not quoted, since a success body
/// may carry a key.
fn unreadable_success(answer: Received<'_>, summary: &RequestSummary) -> KeymintError {
    unexpected(
        answer,
        "(a body Keymint could not read)".to_string(),
        summary,
    )
}

/// The answer to a create that carried credentials (the signed Digest POST, or a Bearer POST), which
/// Atlas may have acted on. On top of [`parse_create_response`]: any 5xx, even in Atlas's error shape,
/// means the key may exist (Atlas may fail after creating it); a 200 whose body is not a key means
/// the key exists without its private key; any other answer that is neither a key nor an Atlas
/// error came from the proxy after it forwarded the create (a 502 or 504 from nginx, cors-anywhere's
/// 404 "proxy error"), so Atlas's answer was lost and the key may exist. (The proxy route itself
/// works: the challenge or the token came back through it.)
pub fn parse_signed_create_response(
    answer: Received<'_>,
    summary: &RequestSummary,
) -> Result<ApiKeyUserDetails, KeymintError> {
    match parse_create_response(answer, summary) {
        Err(KeymintError::UnexpectedResponse {
            status: 200,
            snippet,
            summary,
            ..
        }) => Err(KeymintError::CreatedButUnreadable { summary, snippet }),
        Err(KeymintError::UnexpectedResponse {
            status,
            content_type,
            snippet,
            summary,
        }) => Err(KeymintError::OutcomeUnknown {
            summary,
            detail: format!(
                "HTTP {status} ({}) that is not Atlas's: {snippet}",
                content_type.as_deref().unwrap_or("no content type")
            ),
        }),
        // A server error after the create reached Atlas: it may have made the key before failing.
        Err(KeymintError::Atlas {
            status,
            api_error,
            summary,
        }) if status >= 500 => Err(KeymintError::ServerErrorAfterSending {
            status,
            api_error,
            summary,
        }),
        other => other,
    }
}

/// Atlas's error with its free text redacted: what the error keeps may be shown or logged.
fn without_secrets(mut api_error: ApiError) -> ApiError {
    api_error.detail = api_error.detail.as_deref().map(redact);
    api_error.reason = api_error.reason.as_deref().map(redact);
    for parameter in &mut api_error.parameters {
        if let Some(text) = parameter.as_str() {
            *parameter = serde_json::Value::String(redact(text));
        }
    }
    api_error
}
