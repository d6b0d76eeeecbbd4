//! Reading an answer's body: the key, Atlas's error (its free text redacted), or something that is
//! neither, for the create and for every later call. [`super`] decides what each means for the press.

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
    status: u16,
    content_type: Option<&str>,
    x_error_code: Option<&str>,
    body: &str,
    summary: &RequestSummary,
) -> Result<ApiKeyUserDetails, KeymintError> {
    let unexpected = || KeymintError::UnexpectedResponse {
        status,
        content_type: content_type.map(str::to_string),
        snippet: clip(body, QUOTE_CHARS),
        summary: summary.clone(),
    };
    if status == 200 {
        return match serde_json::from_str::<ApiKeyUserDetails>(body) {
            Ok(key) if !key.private_key.is_empty() && !key.public_key.is_empty() => Ok(key),
            _ => Err(unexpected()),
        };
    }
    atlas_error(status, x_error_code, body, summary).map_or_else(|| Err(unexpected()), Err)
}

/// An answer in Atlas's error shape (its body, or only its `X-Error-Code` header when a proxy lost
/// or mangled the body) as [`KeymintError::Atlas`]; `None` when it is not Atlas's.
fn atlas_error(
    status: u16,
    x_error_code: Option<&str>,
    body: &str,
    summary: &RequestSummary,
) -> Option<KeymintError> {
    let atlas = |api_error: ApiError| KeymintError::Atlas {
        status,
        api_error: Box::new(without_secrets(api_error)),
        summary: summary.clone(),
    };
    match serde_json::from_str::<ApiError>(body) {
        Ok(api_error) => Some(atlas(api_error)),
        Err(_) => match x_error_code {
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

/// Reads the answer to any call but the create (a list, a read, an access-list create, a delete):
/// success is `ok_status` with a JSON body of type `T` (`T = ()` for a 204, whose body is ignored).
/// An Atlas error becomes [`KeymintError::Atlas`], anything else
/// [`KeymintError::UnexpectedResponse`]. A success body is never quoted (it may carry a key).
pub fn read_answer<T: DeserializeOwned>(
    ok_status: u16,
    status: u16,
    content_type: Option<&str>,
    x_error_code: Option<&str>,
    body: &str,
    summary: &RequestSummary,
) -> Result<T, KeymintError> {
    let unexpected = |snippet: String| KeymintError::UnexpectedResponse {
        status,
        content_type: content_type.map(str::to_string),
        snippet,
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
    match atlas_error(status, x_error_code, body, summary) {
        Some(e) => Err(e),
        None => Err(unexpected(clip(body, QUOTE_CHARS))),
    }
}

/// The answer to a create that carried credentials (the signed Digest POST, or a Bearer POST), which
/// Atlas may have acted on. On top of [`parse_create_response`]: any 5xx, even in Atlas's error shape,
/// means the key may exist (Atlas may fail after creating it); a 200 whose body is not a key means
/// the key exists without its private key; any other answer that is neither a key nor an Atlas
/// error came from the proxy after it forwarded the create (a 502 or 504 from nginx, cors-anywhere's
/// 404 "proxy error"), so Atlas's answer was lost and the key may exist. (The proxy route itself
/// works: the challenge or the token came back through it.)
pub fn parse_signed_create_response(
    status: u16,
    content_type: Option<&str>,
    x_error_code: Option<&str>,
    body: &str,
    summary: &RequestSummary,
) -> Result<ApiKeyUserDetails, KeymintError> {
    match parse_create_response(status, content_type, x_error_code, body, summary) {
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
