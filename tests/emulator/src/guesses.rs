//! Every error code the emulator returns that no recording confirms. Real Atlas may answer these cases
//! with another code from the documented table (reference section 9); they are kept in one place so a
//! recording can correct them.

/// An unknown role string on the project endpoint (candidates: INVALID_ENUM_VALUE, UNSUPPORTED_ROLE).
pub const UNKNOWN_ROLE: (u16, &str) = (400, "INVALID_ENUM_VALUE");
/// An ORG_* role other than ORG_MEMBER on the project endpoint (candidates: CANNOT_ADD_ORG_ROLE, INVALID_ROLE_FOR_GROUP).
pub const ORG_ROLE_ON_PROJECT: (u16, &str) = (400, "CANNOT_ADD_ORG_ROLE");
/// A blank description.
pub const BLANK_DESC: (u16, &str) = (400, "API_KEY_REQUIRES_DESCRIPTION");
/// A description over 250 characters.
pub const LONG_DESC: (u16, &str) = (400, "INVALID_API_KEY_DESC");
/// Missing or empty roles.
pub const NO_ROLES: (u16, &str) = (400, "MISSING_API_KEY_ROLES");
/// A body that is not JSON.
pub const MALFORMED: (u16, &str) = (400, "MALFORMED_JSON");
/// A group ID that does not match ^([a-f0-9]{24})$ (seen for a bad key ID: PATH_PARAM_PARSE_ERROR).
pub const BAD_GROUP_ID: (u16, &str) = (400, "PATH_PARAM_PARSE_ERROR");
/// An Accept header naming an API version that does not exist.
pub const BAD_VERSION: (u16, &str) = (406, "INVALID_VERSION_DATE");
/// The organization's API key limit.
pub const KEY_LIMIT: (u16, &str) = (400, "MAX_API_KEYS_PER_ORG_EXCEEDED");
/// A caller without the role to create keys (confirmed in real messages for listing; assumed for create).
pub const NOT_ALLOWED: (u16, &str) = (401, "USER_UNAUTHORIZED");
/// OAuth token endpoint with bad client credentials (RFC 6749 section 5.2 shape).
pub const OAUTH_BAD_CLIENT: &str = "invalid_client";
/// A duplicate access-list entry.
pub const DUPLICATE_ENTRY: (u16, &str) = (409, "ADDRESS_ALREADY_IN_ACCESS_LIST");

// HTTP Digest beyond the recorded challenge. Recorded (reference section 8): an unsigned request gets
// 401 with `Digest realm="MMS Public API", domain="", nonce="…", algorithm=MD5, qop="auth", stale=false`.
// No recording shows a second request signed with the same nonce, nor the answer to an expired or
// replayed one, nor an unsigned GET; what the emulator does there is assumed:
// - a nonce is accepted again with a higher nc until it expires (RFC 7616; Python Requests relies on
//   it), after which the right signature gets 401 with `stale=true`;
// - an unsigned GET of a project is answered like the recorded unsigned POST (authentication first);
// - nonces live [`NONCE_TTL_SECS`] (Spring Security's default validity; `--nonce-ttl-secs` changes it).

/// How long a nonce is accepted, in seconds.
pub const NONCE_TTL_SECS: u64 = 300;
/// Whether the 401 to a right signature with a repeated or lower nc says `stale=true` (assumed not:
/// a replay is refused like a wrong signature, with a fresh challenge).
pub const STALE_ON_REPLAYED_NC: bool = false;
/// Whether the 401 to a reused nonce in the no-reuse mode says `stale=true` (assumed not: the harder
/// case for a client, which cannot tell it from a wrong key by the header alone).
pub const STALE_ON_REFUSED_REUSE: bool = false;
