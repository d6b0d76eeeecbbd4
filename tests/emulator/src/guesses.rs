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
